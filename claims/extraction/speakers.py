"""Who spoke: names split from titles, short names and pronouns resolved to earlier mentions."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who"}
DETERMINERS = {"a", "an", "the", "another", "one", "two", "three", "some", "several", "many",
               "other", "his", "her", "their", "its", "our", "my", "this", "that", "these",
               "those", "both", "all", "most", "few", "more"}  # fmt: skip
# Words that make a role, not a name: "Defense Secretary Lloyd Austin".
TITLES = set(
    [
        "president",
        "chancellor",
        "premier",
        "chief",
        "economist",
        "strategist",
        "pollster",
        "editor",
        "columnist",
        "professor",
        "historian",
        "researcher",
        "scientist",
        "lawmaker",
        "congressman",
        "congresswoman",
        "delegate",
        "sheriff",
        "superintendent",
        "vice",
        "secretary",
        "minister",
        "prime",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "representative",
        "gov",
        "gov.",
        "governor",
        "mayor",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "alderman",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "chief",
        "general",
        "gen",
        "gen.",
        "judge",
        "justice",
        "ambassador",
        "adviser",
        "advisor",
        "attorney",
        "commissioner",
        "officer",
        "leader",
        "whip",
        "speaker",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "sir",
        "lord",
        "lady",
        "dame",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev.",
        "reverend",
        "father",
        "sister",
        "brother",
        "captain",
        "capt.",
        "col.",
        "colonel",
        "lt.",
        "lieutenant",
        "sgt.",
        "sergeant",
        "admiral",
        "adm.",
        "coordinator",
        "deputy",
        "assistant",
        "house",
        "white",
        "national",
        "security",
        "defense",
        "defence",
        "state",
        "foreign",
        "interior",
        "justice",
        "homeland",
        "senior",
        "former",
        "acting",
        "interim",
        "democratic",
        "republican",
        "democrat",
        "gop",
        "candidate",
        "nominee",
        "presidential",
        "contender",
        "rival",
        "opponent",
        "correspondent",
        "analyst",
        "reporter",
        "anchor",
        "host",
        "founder",
        "executive",
        "manager",
        "officials",
        "official",
        "commander",
        "head",
        "member",
        "coach",
    ]
)
ROLE_NOUNS = set(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "source",
        "sources",
        "aide",
        "aides",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "officer",
        "officers",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "people",
        "person",
        "diplomat",
        "diplomats",
        "statement",
        "report",
        "reports",
        "police",
        "authorities",
        "authority",
        "campaign",
        "administration",
        "government",
        "ministry",
        "department",
        "agency",
        "committee",
        "commission",
        "council",
        "court",
        "military",
        "army",
        "navy",
        "office",
        "spokespeople",
        "representative",
        "representatives",
        "lawyer",
        "lawyers",
        "attorney",
        "attorneys",
        "witness",
        "witnesses",
        "residents",
        "resident",
        "critics",
        "critic",
        "supporters",
        "supporter",
        "leader",
        "leaders",
        "member",
        "members",
        "staff",
        "staffer",
        "staffers",
        "study",
        "survey",
        "poll",
        "polls",
        "data",
        "researchers",
        "scientists",
        "doctors",
        "doctor",
        "voters",
        "investigators",
        "prosecutors",
        "prosecutor",
        "organizers",
        "organisers",
        "group",
        "groups",
        "company",
        "firm",
        "website",
        "paper",
        "newspaper",
        "network",
        "economists",
        "observers",
        "activists",
        "protesters",
        "executives",
        "executive",
        "insiders",
        "insider",
        "friend",
        "friends",
        "family",
        "relatives",
        "ally",
        "allies",
        "statement",
        "letter",
        "memo",
        "release",
        "communique",
        "communiqué",
        "filing",
        "complaint",
        "lawsuit",
        "ruling",
        "candidate",
        "candidates",
        "rival",
        "rivals",
        "nominee",
        "nominees",
        "chairman",
        "chairwoman",
        "chair",
        "host",
        "board",
        "union",
        "unions",
        "fund",
        "panel",
        "caucus",
        "coalition",
        "foundation",
        "institute",
        "bank",
        "party",
        "delegation",
        "lawmakers",
        "lawmaker",
        "senators",
        "senator",
        "governors",
        "regulators",
        "regulator",
    ]
)
DOCUMENT_NOUNS = {"statement", "report", "release", "communique", "communiqué", "letter", "memo",
                  "filing", "tweet", "post", "website", "study", "survey", "poll", "ruling"}  # fmt: skip
PLURAL_PRONOUNS = {"they", "we"}
HISTORY_WINDOW = 40  # speakers a back-reference may reach; coreference in news is local

_TOKEN_RE = re.compile(r"[\w’'.&-]+")


@dataclass(slots=True)
class Mention:
    """A speaker mention as written, split into a name and a role."""

    text: str
    start: int
    end: int
    name: str | None  # "John Kirby"
    role: str | None  # "White House national security spokesman"

    @property
    def kind(self) -> str:
        low = self.text.lower()
        if low in PRONOUNS:
            return "pronoun"
        if self.name:
            return "name"
        return "role"


def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or tok[0].isdigit())


def _strip_possessive(tok: str) -> str:
    return re.sub(r"[’']s$", "", tok)


# "most of them", "many of whom": a part of a group named before, as a speaker
PART_OF_GROUP_RE = re.compile(
    r"\b(?:many|most|some|all|none|several|one|both|each|few|two|three) of (?:whom|them|us)", re.I
)


_ORG_HEADS = set(
    [
        "bank",
        "department",
        "university",
        "ministry",
        "office",
        "bureau",
        "institute",
        "board",
        "house",
        "party",
        "association",
        "council",
        "committee",
        "agency",
        "court",
        "school",
        "college",
        "church",
        "center",
        "centre",
        "foundation",
        "league",
        "union",
        "society",
        "federation",
        "chamber",
        "commission",
        "fund",
        "company",
    ]
)
_BODY_OF_RE = re.compile(
    r"[A-Z][\w’'.&-]*(?: [A-Z][\w’'.&-]*)* of (?:the )?[A-Z][\w’'.&-]*(?: [A-Z][\w’'.&-]*)*"
)
_NAME_OF_PLACE_RE = re.compile(r"(.*\S) of [A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)?")


# When the source's words were said or given out, after them: "the state labour office figures
# released on Tuesday" named 'Tuesday' as the speaker. A weekday or month is no one's name.
_WHEN_AFTER_RE = re.compile(
    r"(?:\s+(?:released|published|issued|given|out))?\s+(?:on|in|last|this|early|late|since)\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\s*$")


def parse_mention(text: str, start: int) -> Mention:
    """Split "White House national security spokesman John Kirby" into name and role."""
    if (when := _WHEN_AFTER_RE.search(text)) and when.start() > 0:
        inner = parse_mention(text[:when.start()], start)
        return Mention(text, start, start + len(text), inner.name, inner.role)
    if PART_OF_GROUP_RE.fullmatch(text.strip()):
        return Mention(text, start, start + len(text), None, text.strip())  # "most of them"
    of = _NAME_OF_PLACE_RE.fullmatch(re.sub(r"^[Tt]he ", "", text.strip()))
    if (
        of
        and len(of[1].split()) >= 2
        and of[1].split()[-1].lower() not in _ORG_HEADS
        and all(_is_cap(w) and w.lower().rstrip(".") not in TITLES for w in of[1].split()[-2:])
    ):
        # "Gov. John Kasich of Ohio": the name is before "of" (not "Secretary of State …")
        inner = parse_mention(of[1], start)
        return Mention(text, start, start + len(text), inner.name, inner.role)
    body = re.sub(r"^[Tt]he ", "", text.strip())
    if _BODY_OF_RE.fullmatch(body) and body.split()[0].lower().rstrip(".") not in TITLES:
        return Mention(text, start, start + len(text), body, None)  # "Bank of America"
    raw = re.sub(r"\([^)]*\)", lambda m: " " * len(m.group(0)), text)  # "(D-Md.)", "(R)"
    toks = [(m.group(0), m.start()) for m in _TOKEN_RE.finditer(raw)]
    # leading determiners are not part of a role ("a senior official")
    while toks and toks[0][0].lower() in DETERMINERS and len(toks) > 1:
        toks = toks[1:]
    if not toks:
        return Mention(text, start, start + len(text), None, None)
    words = [t for t, _ in toks]
    low = [w.lower() for w in words]
    if "and" in low and all(
        w[:1].isupper() for w, lw in zip(words, low, strict=True) if lw != "and"
    ):
        return Mention(text, start, start + len(text), " ".join(words), None)  # "Clinton and Trump"
    if len(words) == 1 and low[0] in PRONOUNS:
        return Mention(text, start, start + len(text), None, None)
    # the name: trailing capitalised words that are not titles, possibly with a "Mr" before
    i = len(words)
    while (
        i > 0
        and _is_cap(words[i - 1])
        and low[i - 1] not in TITLES
        and not words[i - 1].endswith(("’s", "'s"))
    ):
        i -= 1
    name_words = words[i:]
    role_words = words[:i]
    if name_words and all(w.isupper() and len(w) <= 5 for w in name_words) and role_words:
        # "G7 member states" reads left to right; an acronym after a title is a name ("UN")
        pass
    if (
        name_words
        and role_words
        and not _is_cap(role_words[-1])
        and role_words[-1].lower() not in TITLES
    ):
        # lowercase word right before: "officials familiar" -> not a title + name pattern
        pass
    name = " ".join(name_words) or None
    role = " ".join(role_words) or None
    if name and role is None and len(name_words) >= 1:
        return Mention(text, start, start + len(text), name, None)
    if not name:
        return Mention(text, start, start + len(text), None, _role_speaker(role_words))
    # "Mr Kirby" -> name Kirby, no role
    if role and all(w.lower().rstrip(".") in {"mr", "mrs", "ms", "dr", "miss"} for w in role_words):
        role = None
    return Mention(text, start, start + len(text), name, role)


def _role_speaker(words: list[str]) -> str | None:
    """'the G7 statement' -> 'G7'; 'senior administration official' stays."""
    if not words:
        return None
    if len(words) >= 2 and words[-1].lower() in DOCUMENT_NOUNS:
        head = [
            _strip_possessive(w)
            for w in words[:-1]
            if w.lower() not in ("joint", "new", "latest", "written")
        ]
        if head and _is_cap(head[0]):
            return " ".join(head)
    return " ".join(words)


# At most NAME_WORDS words between a name's first and last: unbounded, a run of initials with
# no last name ("A. B. A. B. ..." 8,000 times, 48 KB) was scanned to its end from each of its
# words and given back word by word: 14 s, quadratic. No name (with its titles) is that long.
NAME_WORDS = 12
_NAME_RE = re.compile(
    r"(?<![\w’'])((?:[A-Z][a-z]+|[A-Z]\.|[A-Z]{2,})(?:[ -](?:[A-Z][a-z’'A-Z-]+|[A-Z]\.|de|van|von|bin|al|el|da|di|la|le))"
    r"{0," + str(NAME_WORDS) + r"}[ -][A-Z][a-zA-Z’'-]+)"
)
_NOT_FIRST = {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "When", "While",
              "After", "Before", "Since", "As", "For", "From", "With", "By", "To", "Of", "It",
              "He", "She", "They", "We", "I", "This", "That", "These", "Those", "There",
              "Said", "Says", "Added", "Adds", "Wrote", "Asked", "Recalled", "Explained",
              "According"}  # fmt: skip


def collect_names(text: str) -> list[tuple[int, str]]:
    """Every multi-word capitalised name in the text, as (offset, name without titles)."""
    out: list[tuple[int, str]] = []
    for m in _NAME_RE.finditer(text):
        words = m.group(1).split()
        k = len(words)
        while k > 0 and words[k - 1] not in _NOT_FIRST and words[k - 1].lower() not in TITLES:
            k -= 1
            if words[k].endswith(("’s", "'s")) and k < len(words) - 1:
                k += 1
                break
        words = [_strip_possessive(w) for w in words[k:]]
        if len(words) >= 2:
            out.append((m.start(), " ".join(words)))
    return out


class SpeakerResolver:
    """Resolves mentions in reading order against names and speakers seen so far."""

    def __init__(self, text: str):
        # (last word, a word of the name, k) -> offsets and names, in text order, of the names
        # of more than k words holding both: the names a k-word short name can stand for, found
        # by bisection (scanning every name with that last word was quadratic in an article
        # naming the same few people thousands of times).
        self._names: dict[tuple[str, str, int], tuple[list[int], list[str]]] = {}
        for pos, name in collect_names(text):
            parts = name.split()
            for word in set(parts):
                for k in range(1, min(len(parts), 3)):
                    offsets, names = self._names.setdefault((parts[-1], word, k), ([], []))
                    offsets.append(pos)
                    names.append(name)
        self.history: list[tuple[str, str | None, str]] = []  # (speaker, role, kind)

    def recent(self) -> list[tuple[str, str | None, str]]:
        """The speakers a pronoun or "the official" can reach back to, newest first."""
        return self.history[-1 : -HISTORY_WINDOW - 1 : -1]

    def full_name(self, short: str, at: int) -> str:
        """The fullest earlier name ending like ``short`` ("Kirby" -> "John Kirby"): the
        latest name of more words than ``short`` holding its first and last words, at or
        before ``at``; else the first such name after it, when the text names the person in
        full only after a first short mention."""
        words = short.split()
        if not words or len(words) > 2:
            return short  # a name of three words or more is full already
        offsets, names = self._names.get((words[-1], words[0], len(words)), ((), ()))
        if not names:
            return short
        i = bisect_right(offsets, at)
        return names[i - 1] if i else names[0]

    def resolve(self, m: Mention) -> tuple[str | None, str | None]:
        """(speaker, role) for a mention, and remember it for later pronouns."""
        low = m.text.lower().strip()
        kind = m.kind
        if kind == "pronoun":
            want_plural = low in PLURAL_PRONOUNS
            for speaker, role, k in self.recent():
                plural = k == "plural"
                if low == "it" and k not in ("org", "role"):
                    continue
                if low in ("he", "she", "i") and k not in ("name", "role"):
                    continue
                if want_plural == plural or low == "who":
                    return speaker, role
            return None, None
        if kind == "name":
            name = m.name or m.text
            words = name.split()
            if words and words[0].lower().rstrip(".") in {"mr", "mrs", "ms", "dr", "miss"}:
                name = " ".join(words[1:]) or name
            name = _strip_possessive(name)
            full = self.full_name(name, m.start) if len(name.split()) <= 2 else name
            role = m.role
            if role is None:
                for speaker, r, _k in self.recent():
                    if speaker == full and r:
                        role = r
                        break
            self.history.append((full, role, "name"))
            return full, role
        role = m.role or m.text
        words = role.split()
        head = words[-1].lower() if words else ""
        definite = m.text.lower().startswith(("the ", "that ", "this "))
        if definite and len(words) <= 2:
            # "the mayor" after "Mayor Ines Caldera": the named speaker with that title
            for speaker, r, k in self.recent():
                if k == "name" and r and r.split()[-1].lower() == head:
                    self.history.append((speaker, r, "name"))
                    return speaker, r
            # "the official" refers back to an earlier speaker with that head noun: the most
            # salient one (mentioned most, recency breaking ties), as coreference usually is
            scores: dict[str, float] = {}
            for age, (speaker, r, _k) in enumerate(self.recent()):
                if r and r.split()[-1].lower() == head and speaker == r:
                    scores[r] = scores.get(r, 0.0) + 1.0 + 0.5 / (age + 1)
            if scores:
                r = max(scores, key=scores.__getitem__)
                self.history.append((r, r, _kind_of(r)))
                return r, r
        self.history.append((role, role, _kind_of(role)))
        return role, role


def _kind_of(role: str) -> str:
    head = role.split()[-1].lower() if role.split() else ""
    if head.endswith("s") and not head.endswith("ss") and head not in ("news", "states"):
        return "plural"
    if head in DOCUMENT_NOUNS or (role[:1].isupper() and head not in ROLE_NOUNS):
        return "org"
    return "role"

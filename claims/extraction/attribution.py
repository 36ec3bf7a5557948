"""Finding attributions: a statement (content), the cue that reports it and its source.

Two passes over a text: quotations with a cue next to them ("“…,” Kirby told CNN"),
then reported speech in each sentence ("X said (that) …", "…, X said", "according to X").
All results are offsets; nothing here resolves names or dates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from claims.extraction.cues import (
    ACCORDING_RE,
    ALL_FORMS,
    AUXILIARIES,
    CUE_RE,
    PASSIVE_RE,
    cue_kind,
    words,
)
from claims.extraction.fragments import NOUN_PHRASE_START_RE, is_fragment
from claims.extraction.segments import (
    QUOTE_CHARS,
    Paragraph,
    Quote,
    sentence_at,
    sentence_start_before,
    word_count,
)
from claims.extraction.speakers import PART_OF_GROUP_RE, PRONOUNS, ROLE_NOUNS, TITLES

MAX_SOURCE_WORDS = 12


@dataclass(slots=True)
class Attribution:
    content_start: int
    content_end: int
    cue_start: int
    cue_end: int
    source_start: int | None
    source_end: int | None
    sentence: tuple[int, int]
    kind: str  # "quote", "reported", "according", "passive", "continuation", "loose", ...
    content_before: bool = False  # content comes before the cue ("…, he said")
    same_source_as: int | None = None  # index of an attribution whose speaker this shares
    gap: tuple[int, int] | None = None  # the frame inside the statement: "A, he said, B"


_BOUNDARY_WORDS = set(
    [
        "that",
        "which",
        "whom",
        "when",
        "while",
        "because",
        "and",
        "but",
        "or",
        "if",
        "after",
        "before",
        "since",
        "though",
        "although",
        "so",
        "where",
        "whether",
        "than",
        "even",
        "as",
        "until",
        "unless",
        "once",
        "whereas",
        "nor",
        "yet",
        "says",
        "said",
    ]
)
# words that follow the head noun of a speaker: "experts on …", "veterans interviewed at …"
_AFTER_HEAD = {"of", "on", "for", "at", "with", "from", "in", "to", "interviewed", "surveyed",
               "polled", "questioned", "contacted", "quoted"}  # fmt: skip
# "a source familiar with", "people close to": the noun before them is the head
_POSTNOMINAL_ADJECTIVES = {"familiar", "close", "loyal", "allied", "sympathetic", "opposed", "near"}
_QUANTIFIER_SOURCES = {"many", "most", "some", "several", "others", "few", "both", "all"}
_SUBJECT_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "those",
                        "these", "another", "one", "each"}  # fmt: skip
_WORD_RE = re.compile(r"[^\s,;:()\[\]—–]+")
_LEAD_IN_RE = re.compile(
    r"\s*(?:(?:in|on|at|during|via|through|to|with|from|over|after|before) "
    r"(?:an? |the |his |her |their |its )?(?:[\w’'.-]+ ){0,4}?"
    r"(?:statement|interview|tweet|post|email|e-mail|letter|speech|briefing|conference|call|"
    r"release|remarks|appearance|hearing|op-ed|memo|message|video|rally|meeting|reporters|"
    r"twitter|facebook|instagram|cnn|fox news|msnbc|abc|nbc|cbs|television|radio|podcast|"
    r"press|media|journalists|show|program|programme|event|debate|sunday|monday|tuesday|"
    r"wednesday|thursday|friday|saturday)\b(?:[’']s)?(?:\s+[“\"][^“”\"]{1,40}[”\"])?"
    r"(?: with [\w’'.-]+(?: [A-Z][\w’'.-]+){0,3})?,?\s*"
    # an adverb before "that" or a frame: "said repeatedly that", "said again in a statement"
    r"|\s*(?:[a-z]{2,}ly|again|also|too|then|later|earlier|often|once|twice|before)"
    r"(?=,?\s+(?:that|in|on|at|during|to|with)\b),?\s*)+",
    re.IGNORECASE,
)
_SENT_END_RE = re.compile(r"[\s.!?,;:]*$")


class TimeSpans(list):
    """The time phrases' spans, with lookups by where one starts and where one ends: the
    cue handlers ask for them at every cue, so a scan of all of them would make a long text
    quadratic."""

    def __init__(self, spans=()) -> None:
        super().__init__(spans)
        self.by_start = {s: e for s, e in self}
        self.by_end = {e: s for s, e in self}


def _spans(time_spans) -> TimeSpans:
    return time_spans if isinstance(time_spans, TimeSpans) else TimeSpans(time_spans)


def _after_time_lead(text: str, start: int, end: int, time_spans) -> int:
    """Where a speaker's words start once a time phrase that opens them is left out: "On Monday
    the mayor said", "But last week the governor said", "On April 14, 2024 the treasurer said"
    (no comma after the phrase, so the run of words before the cue took it in, or its end)."""
    by_end = _spans(time_spans).by_end
    for phrase_end in range(end - 1, start, -1):  # (a few dozen characters: no scan of all)
        phrase_start = by_end.get(phrase_end)
        if phrase_start is None:
            continue
        if phrase_start > start and not _TIME_LEAD_RE.fullmatch(text, start, phrase_start):
            return start  # a time phrase inside the words: "the 2021 budget office"
        after = _skip_space(text, phrase_end, end)
        return after if after < end and after > phrase_end else start
    return start


_TIME_LEAD_RE = re.compile(r"(?:(?:And|But|So|Yet|Or)\s+)?(?:(?:[Oo]n|[Ii]n|[Aa]t|[Bb]y|[Ss]ince)\s+)?")


def _after_event_lead(text: str, start: int, end: int, time_spans) -> int:
    """Where a speaker's words start once an opening phrase naming where or how they spoke is
    left out: "In a statement the ministry said", "At a news conference on Monday the mayor
    said" (no comma after the phrase). Only a phrase ending in one of the occasions below:
    an opening phrase of any other kind may be the speaker itself ("In Touch Weekly's editor")."""
    lead = _EVENT_LEAD_RE.match(text, start, end)
    if lead is None:
        return _after_place_lead(text, start, end)
    after = _after_time_lead(text, lead.end(), end, time_spans)  # "... on Monday the mayor"
    if after < end and _SPEAKER_AFTER_LEAD_RE.match(text, after, end) and _looks_like_source(
        text, after, end, subject=True
    ):
        return after
    # "In an interview with the BBC the minister", "In a letter to staff the chief executive": the
    # speaker is the first noun phrase, past the occasion's object, that opens with a determiner
    partner = _PARTNER_RE.match(text, lead.end(), end)
    if partner is not None:
        for word in _words_back(text, partner.end(), end)[1:5]:
            if _DETERMINER_RE.match(text, word[0], end) and _looks_like_source(text, word[0], end, subject=True):
                return word[0]
    return start


def _after_place_lead(text: str, start: int, end: int) -> int:
    """Where a titled name starts after a place that opens the sentence with no comma: "In
    Washington Senator Ann Smith said" is Senator Ann Smith (the role was 'In Washington
    Senator'); "In New York Gov. Kathy Hochul", "At Harvard Professor Jane Doe"."""
    lead = _PLACE_LEAD_RE.match(text, start, end)
    if lead is None:
        return start
    words = _words_back(text, lead.end(), end)
    for i, (ws, we) in enumerate(words[1:4], start=1):
        if not text[ws].isupper():
            return start
        if text[ws:we].lower().rstrip(".") in TITLES and i + 1 < len(words) and text[words[i + 1][0]].isupper():
            return ws
    return start


_PLACE_LEAD_RE = re.compile(r"(?:(?:And|But|So|Yet)\s+)?(?:[Ii]n|[Aa]t|[Ff]rom)\s+(?=[A-Z])")

_OCCASIONS = (
    r"statement|interview|(?:news|press)\s+conference|speech|rally|letter|e-?mail|tweet|debate|"
    r"hearing|briefing|remarks|testimony|op-ed|video|podcast|post"
)
_EVENT_LEAD_RE = re.compile(
    r"(?:(?:And|But|So|Yet)\s+)?(?:[Ii]n|[Aa]t|[Dd]uring|[Ss]peaking\s+(?:at|in|during))\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:" + _OCCASIONS + r")s?\s+"
)
# what may follow the phrase: "the mayor", "a spokesman", "Mayor Ann Lee", not "that ..." or "he"
_DETERMINER_RE = re.compile(r"(?:the|a|an|its|his|her|their)\s")
_SPEAKER_AFTER_LEAD_RE = re.compile(_DETERMINER_RE.pattern + "|[A-Z]")
_PARTNER_RE = re.compile(r"(?:with|to|for)\s+")


def _words_back(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD_RE.finditer(text, lo, hi)]


def _skip_space(text: str, i: int, hi: int) -> int:
    while i < hi and text[i].isspace():
        i += 1
    return i


def _back_space(text: str, i: int, lo: int) -> int:
    while i > lo and text[i - 1].isspace():
        i -= 1
    return i


def _looks_like_source(
    text: str, s: int, e: int, permissive: bool = False, subject: bool = False
) -> bool:
    """Whether text[s:e] can be who spoke; ``permissive`` right after a quotation, where
    "“…,” the general said" leaves little doubt; ``subject`` when it stands right before
    the cue, where "the fund warned" is a speaker."""
    words = text[s:e].split()
    if not words or len(words) > MAX_SOURCE_WORDS:
        return False
    if (
        permissive
        and len(words) <= 6
        and words[-1].isalpha()
        and not words[-1].endswith(("ly", "ing"))
    ):
        return True
    last = words[-1].lower().rstrip(".,")
    if last in PRONOUNS:
        return len(words) == 1
    if len(words) == 1 and last in _QUANTIFIER_SOURCES:
        return True  # "many said Monday that …", "most say they …"
    if any(c in text[s:e] for c in QUOTE_CHARS):
        return False
    if words[-1][0].isupper() or words[-1][0].isdigit():
        return True
    if subject and _finding_kind(text[s:e]) is not None:
        return True  # "Recent polling shows", "surveys of caucus-goers showed"
    base = re.sub(r"[’']s$", "", last)
    if base in ROLE_NOUNS or base.rstrip("s") in ROLE_NOUNS:
        return True
    # "Experts on North Korea", "attorneys for the family": the head comes before the preposition
    for k, w in enumerate(words[1:], 1):
        if w.lower() in _AFTER_HEAD and k <= 6:
            head = k - 1 if words[k - 1].lower() in _POSTNOMINAL_ADJECTIVES else k
            if head and _looks_like_source(text, s, s + len(" ".join(words[:head])), permissive):
                return True
            break
    # "G7 member states": a capitalised modifier before a plain noun
    if (
        len(words) <= 6
        and any(w[:1].isupper() for w in words[:-1])
        and re.fullmatch(r"[a-z]+", base)
        and not re.search(r"(ly|ed|ing)$", base)
        and base not in _BOUNDARY_WORDS
    ):
        return True
    # "the fund", "the state", "a new report": a determiner's noun phrase in subject place
    if (
        subject
        and len(words) <= 4
        and words[0].lower() in _SUBJECT_DETERMINERS
        and all(re.fullmatch(r"[a-z][a-z’'-]*", w) for w in words[1:])
        and not re.search(r"(ly|ing)$", base)
        and not any(w in _BOUNDARY_WORDS for w in words[1:])
    ):
        return True
    # plain nouns of people and bodies: "critics", "the ministry", "Democrats"
    return (
        bool(re.search(r"(ists?|ers?|ors?|ians?|men|women|ees?|ants?|ents?|ies|ics?|ry|cy)$", base))
        and len(words) <= 6
    )


def _name_before_paren(
    text: str, lo: int, paren_end: int, reach: int, permissive: bool
) -> tuple[int, int] | None:
    """The speaker before a parenthesis ending at ``paren_end``: "Gov. Pat McCrory (R)"."""
    opening = text.rfind("(", max(lo, paren_end - reach), paren_end - 1)
    if opening <= lo:
        return None
    inner_end = _back_space(text, opening, lo)
    start = _np_start(text, lo, inner_end)
    if start is not None and _looks_like_source(text, start, inner_end, permissive):
        return start, paren_end
    return None


def source_before(
    text: str,
    lo: int,
    cue_start: int,
    time_spans: list[tuple[int, int]],
    permissive: bool = False,
    relative: bool = False,
) -> tuple[int, int] | None:
    """The noun phrase ending just before a cue: "White House spokesman John Kirby said";
    ``relative`` accepts "who" and "many of whom" right before it."""
    i = _back_space(text, cue_start, lo)
    # skip auxiliaries, adverbs and time phrases between the speaker and the cue
    while i > lo:
        moved = False
        ts = _spans(time_spans).by_end.get(i)
        if ts is not None and ts >= lo:
            i = _back_space(text, ts, lo)
            moved = True
        m = re.search(r"([\w’']+)$", text[max(lo, i - 20) : i])
        if (
            m
            and (
                m.group(1).lower() in AUXILIARIES
                # "a report released last year found": the participle after the report's noun
                or (m.group(1) in _RELEASED and text[max(lo, i - 40) : i].count(" ") >= 1)
            )
        ):
            i = _back_space(text, i - len(m.group(1)), lo)
            moved = True
        elif (
            m
            and m.group(1).endswith("ly")
            and m.group(1).islower()  # "Kelly said" is a name, not an adverb
            and len(m.group(1)) > 4
            and i - len(m.group(1)) > lo
        ):
            i = _back_space(text, i - len(m.group(1)), lo)  # "Kirby flatly denied"
            moved = True
        if not moved:
            break
    end = i
    if end <= lo:
        return None
    if text[end - 1] == ")":
        return _name_before_paren(text, lo, end, 60, permissive)  # "Gov. Pat McCrory (R) said"
    if relative:
        whom = PART_OF_GROUP_RE.search(text, max(lo, end - 20), end)
        if whom and whom.end() == end:
            return whom.start(), end  # "many of whom say …"
    if text[end - 1] in '”"':
        k = _back_space(text, end - 1, lo)
        if k > lo and text[k - 1] == ",":
            end = k  # "Humphrey, who calls Trump a “sociopath,” said": the comma inside the quote
    delim = "--" if text[max(lo, end - 2) : end] == "--" else text[end - 1]
    paren_end = _back_space(text, end - 1, lo)
    if delim == "," and paren_end > lo and text[paren_end - 1] == ")":
        # "Sen. Jack Reed (D-R.I.), said": the party tag and a stray comma
        found = _name_before_paren(text, lo, paren_end, 40, permissive)
        if found is not None:
            return found
    if delim in (",", "—", "–", "--"):
        # "Hossein Salami, commander of the Guard, said" / "The senator — a critic — said":
        # the speaker stands before the appositive
        comma2 = text.rfind(delim, max(lo, end - 240), end - len(delim))
        if comma2 <= lo:
            return None
        inner_end = _back_space(text, comma2, lo)
        if text[inner_end - 1] == ")":
            # "Rep. Gregory W. Meeks (D-N.Y.), chairman of …, said"
            return _name_before_paren(text, lo, inner_end, 40, permissive)
        start = _np_start(text, lo, inner_end)
        if start is None:
            return None
        start = _after_event_lead(text, _after_time_lead(text, start, inner_end, time_spans), inner_end, time_spans)
        if text[start:inner_end].lower() in ("who",):
            return None
        if not _looks_like_source(text, start, inner_end, permissive, subject=True):
            return None
        name_end = _back_space(text, end - len(delim), lo)
        name_start = _skip_space(text, comma2 + 1, name_end)
        if text[inner_end - 1].islower() and _APPOSITIVE_NAME_RE.fullmatch(
            text, name_start, name_end
        ):
            return start, name_end  # "A state hydrologist, Priya Natarajan, said"
        return start, inner_end
    start = _np_start(text, lo, end)
    if start is None:
        return None
    start = _after_event_lead(text, _after_time_lead(text, start, end, time_spans), end, time_spans)
    rel = _RELATIVE_BEFORE_RE.search(text, max(lo, start - 6), start)
    rel_at = rel.start() if rel else (start if _RELATIVE_AT_RE.match(text, start, end) else None)
    if rel_at is not None and not _looks_like_source(text, start, end):
        # "organizations that have endorsed him say", "people who have battled threats say"
        rel_end = _back_space(text, rel_at, lo)
        s2 = _np_start(text, lo, rel_end)
        if s2 is not None and s2 < rel_end and _looks_like_source(text, s2, rel_end, subject=True):
            return s2, rel_end
    if text[start:end].lower() == "who":
        # "Kirby, who ..., said": the speaker is before ", who"
        prev = _back_space(text, start, lo)
        if prev > lo and text[prev - 1] == ",":
            s2 = _np_start(text, lo, prev - 1)
            if s2 is not None and _looks_like_source(text, s2, prev - 1):
                return s2, prev - 1
        if relative:
            return start, end  # "listeners who said they …": the relative pronoun
        return None
    if _CONTRACTION_RE.fullmatch(text, start, end + 1) and text[end - 2] in "’'":
        end -= 2  # "He’s claiming": the pronoun
    if re.match(r"(?:I|we|he|she|they)\s+[a-z]", text[start:end]):
        # "the experts I interviewed said": the noun before the pronoun's clause spoke
        head_end = _back_space(text, start, lo)
        s2 = _np_start(text, lo, head_end)
        if s2 is not None and s2 < head_end and _looks_like_source(text, s2, head_end):
            return s2, head_end
        return None
    if _PREPOSITION_BEFORE_RE.search(text, max(lo, start - 8), start) or re.match(
        r"who\s+[a-z]+\s+(?:to|with|for)\b", text[start:end]
    ):
        return _relative_subject(text, lo, end)  # "who spoke to the Courier described"
    return (start, end) if _looks_like_source(text, start, end, permissive, subject=True) else None


_RELEASED = set(words("released published issued conducted commissioned completed"))
_APPOSITIVE_NAME_RE = re.compile(r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}")
_PREPOSITION_BEFORE_RE = re.compile(r"\b(?:to|with|by|for|from|at|on|in|of|about|into)\s+$")
_WHO_CLAUSE_RE = re.compile(r"\s+who\s+[^,;:“”\"]{1,80}$")


def _relative_subject(text: str, lo: int, start: int) -> tuple[int, int] | None:
    """ "Residents who spoke to the Courier described …": the subject before "who", not the
    object of the preposition that ends the relative clause."""
    who = _WHO_CLAUSE_RE.search(text, max(lo, start - 120), start)
    if who is None:
        return None
    s = _np_start(text, lo, who.start())
    if s is None or not _looks_like_source(text, s, who.start()):
        return None
    return s, who.start()


def antecedent(text: str, lo: int, start: int) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun refers to: "listeners [who]", "families, [many of whom]"."""
    end = _back_space(text, start, lo)
    if end > lo and text[end - 1] == ",":
        end = _back_space(text, end - 1, lo)
    s = _np_start(text, lo, end)
    if s is None:
        return None
    for w in reversed(_words_back(text, s, end)):
        if text[w[0] : w[1]].lower() in _NP_STOP:
            s = _skip_space(text, w[1], end)  # "took calls from listeners who" -> "listeners"
            break
    if s >= end or not _looks_like_source(text, s, end):
        return None
    return s, end


_NP_STOP = set(
    words(
        "from to with by for at on in into of about among than took take takes taking called "
        "calls heard hear asked met meets including like"
    )
)


_RELATIVE_BEFORE_RE = re.compile(r"\b(?:that|who)\s+$")
_RELATIVE_AT_RE = re.compile(r"(?:that|who)\s+\S+\s+\S")
_SUBJECT_STOP = re.compile(r"[a-z]")


def clause_subject(text: str, s0: int, cue_start: int) -> tuple[int, int] | None:
    """The subject at the head of the clause holding a cue: "In a call, Biden sought … and
    suggested that …" -> "Biden"."""
    lo = s0
    head = text[s0:cue_start]
    intro = re.match(
        r"(?:(?:In|On|At|During|After|Before|Since|Earlier|Later|Speaking|From)\b[^,]{0,120},\s*)",
        head,
    )
    if intro:
        lo = s0 + intro.end()
    words = _words_back(text, lo, cue_start)
    start = end = None
    after_determiner = False
    for ws, we in words:
        w = text[ws:we]
        if start is None:
            start = ws
        if after_determiner and w.islower() and w not in _BOUNDARY_WORDS:
            end, after_determiner = we, False  # "the mayor talked up …, promising …"
            continue
        after_determiner = w.lower() in ("a", "an", "the", "another")
        if (
            w[0].isupper()
            or w.lower() in ("a", "an", "the", "another")
            or (end is None and w.lower() in PRONOUNS)
        ):
            end = we
            if w.lower() in PRONOUNS:
                break
            continue
        if w.lower() in ROLE_NOUNS or re.sub(r"[’']s$", "", w.lower()) in ROLE_NOUNS:
            end = we
        break
    if start is None or end is None or end <= start:
        return None
    return (start, end) if _looks_like_source(text, start, end) else None


def _joins_names(text: str, word: tuple[int, int]) -> bool:
    w = text[word[0] : word[1]]
    base = re.sub(r"[’']s$", "", w.lower())
    return w[:1].isupper() or base in ROLE_NOUNS or base.rstrip("s") in ROLE_NOUNS


def _np_start(text: str, lo: int, end: int) -> int | None:
    words = _words_back(text, max(lo, end - 200), end)
    if not words:
        return None
    # the run of words right before `end` not crossing punctuation
    start = None
    rev = list(reversed(words))
    for k, (ws, we) in enumerate(rev):
        gap = text[we:end] if start is None else text[we:start]
        if gap.strip():
            break
        w = text[ws:we].lower().strip("“”\"’'")
        if w == "and" and start is not None and k + 1 < len(rev) and _joins_names(text, rev[k + 1]):
            start = ws  # "Clinton and Trump", "Experts on North Korea and nuclear policy"
            continue
        if w in _BOUNDARY_WORDS and start is not None:
            break
        if w in _BOUNDARY_WORDS:
            return None
        if any(c in text[ws:we] for c in QUOTE_CHARS):
            break
        start = ws
        if len(_words_back(text, ws, end)) >= MAX_SOURCE_WORDS:
            break
        if w in PRONOUNS:
            break
    if start is None:
        return None
    # a lowercase word that starts the sentence is not a determiner we should keep: fine
    return start


_ASIDE_THAT_RE = re.compile(
    r"\s*(?:,[^,;:“”\"]{3,110},|(?:—|–|--)[^—–;:“”\"]{3,110}(?:—|–|--))\s*that\s+"
)
_PP_THAT_RE = re.compile(
    r"\s*(?:in|on|at|during|to|after|before|from|with|over|via|through|for)\s(?:[^\s,;:]+\s){1,8}?that\s+",
    re.IGNORECASE,
)
_THAT_RE = re.compile(r"\s*(?:that(?:\s*,(?!\s*(?:and|but|or)\b))?|:|,)\s*", re.IGNORECASE)


def _skip_lead_in(text: str, i: int, hi: int, time_spans: list[tuple[int, int]]) -> int:
    while True:
        j = _skip_space(text, i, hi)
        moved = False
        te = _spans(time_spans).by_start.get(j)
        if te is not None and te <= hi:
            j, moved = te, True
            if j < hi and text[j] == ",":
                j += 1
        m = _LEAD_IN_RE.match(text, j, hi)
        if m and m.end() > j:
            j, moved = m.end(), True
        if not moved:
            return i
        i = j


# the listener before an aside: "told reporters, after the meeting, that …"
_PLAIN_LISTENER_RE = re.compile(r"\s*(?:[\w’'.&-]+\s+){0,4}?[\w’'.&-]+(?=,)")
# what resumes a statement after "…, X told them,": its verb ("was simple", "would not …")
_RESUME_VERB_RE = re.compile(
    r"\s*(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|did|"
    r"does|do|remains?|remained|seems?|seemed)\b"
)
_QUOTED_TITLE_RE = re.compile(r"[“\"][^“”\",]{1,40}[”\"]")


def _plain_listener(listener: str) -> bool:
    """The words between "told" and "that": a listener, perhaps with a quoted show title
    ("MSNBC's “Morning Joe” on Friday"), but no clause of its own."""
    if "," in listener:
        return False
    if any(c in listener for c in QUOTE_CHARS):
        if len(listener.split()) > 10:
            return False
        listener = _QUOTED_TITLE_RE.sub("", listener)
        return not any(c in listener for c in QUOTE_CHARS)
    return True


def content_after(
    text: str,
    cue_end: int,
    sent_end: int,
    kind: str,
    time_spans: list[tuple[int, int]] = (),
    parenthetical: bool = False,
) -> tuple[int, int, bool] | None:
    """The statement after a cue, and whether it was introduced by 'that' or a colon;
    ``parenthetical`` when the speaker stands after a comma, so that "…, the partner told
    them, was simple" may resume the statement after the listener's comma."""
    i = cue_end
    # "said on Sunday that", "said in a statement:", "told CNN’s Jake Tapper that"
    i = _skip_lead_in(text, i, sent_end, time_spans)
    introduced = False
    # "tweeted in the early morning hours that …": a prepositional phrase before "that"
    aside = _ASIDE_THAT_RE.match(text, i, min(sent_end, i + 130))
    if aside:
        i = aside.end()  # "continues to insist, most recently in an interview, that …"
        introduced = True
    pp = _PP_THAT_RE.match(text, i, min(sent_end, i + 90))
    if pp and not any(c in pp.group(0) for c in QUOTE_CHARS + ","):
        i = pp.end()
        introduced = True
    elif kind == "tell":
        window = text[i : min(sent_end, i + 120)]
        that = re.search(r"(?:^|\s)(?:that|:)(?=\s|$)|,\s*(?=[“\"])|[:]\s*", window)
        plain = _PLAIN_LISTENER_RE.match(text, i, sent_end)
        after_listener = plain.end() if plain else sent_end
        aside = plain and _ASIDE_THAT_RE.match(text, plain.end(), min(sent_end, plain.end() + 130))
        if that and _plain_listener(window[: that.start()]):
            i += that.end()
            introduced = True
        elif aside:
            i = aside.end()  # "told reporters, after the meeting, that …"
            introduced = True
        elif (
            parenthetical
            and after_listener < sent_end
            and text[after_listener] == ","
            and _RESUME_VERB_RE.match(text, after_listener + 1, sent_end)
        ):
            i = after_listener  # "The solution, the partner told them, was simple"
        else:
            obj = re.match(
                r"\s*(?:[\w’'.-]+\s+){1,3}?(?=(?:the|a|an|he|she|they|it|we|i|there|his|their|its|our|my|"
                r"this|these|those|some|many|most|no|all|both|[A-Z][\w’'-]*)\b|\d)",
                text[i:sent_end],
            )
            if obj is None:
                return None
            i += obj.end()
    m = _THAT_RE.match(text, i, sent_end)
    if m and m.end() > i:
        introduced = introduced or bool(re.match(r"\s*(?:that|:)", text[i:sent_end], re.I))
        i = m.end()
    i = _skip_space(text, i, sent_end)
    end = content_end(text, i, sent_end)
    if end - i < 2:
        return None
    return i, end, introduced


def content_end(text: str, start: int, sent_end: int) -> int:
    """End of a statement running to the end of its sentence: drop the final period."""
    end = sent_end
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and text[end - 1] in ".;:,":
        end -= 1  # a period inside the quote (.”) stays: the mark ends the text then
    return end


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    """Whether ``i`` falls strictly inside one of ``spans`` (sorted, not overlapping)."""
    k = bisect.bisect_left(spans, (i, i)) - 1
    return k >= 0 and spans[k][0] < i < spans[k][1]


# -- pass 1: quotations ----------------------------------------------------------------------

_AFTER_SPEAKER_CUE = re.compile(
    r"^[\s,]*(?P<src>(?:[\w’'.&-]+ ){0,9}?[\w’'.&-]+) (?:(?:also|later|then|had|has|once|again|simply|flatly|reportedly) )*(?P<cue>[a-z]+(?: out| clear| it clear)?)\b"
)
_AFTER_CUE_SPEAKER = re.compile(
    r"^[\s,]*(?P<cue>said|says|added|asked|wrote|continued|explained|told|insisted|noted|tweeted|warned|stated|declared|recalled|replied|responded|argued|remarked|concluded) (?P<src>(?:[\w’'.&/-]+ ){0,9}?[\w’'.&-]+?)"
    r"(?:\s*\([^()]{1,30}\))?(?:\s+(?:in|on|at|during|to|via)\s[^,.;“”\"]{1,60})?"
    r"(?:\s+who\s[^.;“”\"]{1,160})?[,.;]"
)


def quote_attributions(
    text: str, quotes: list[Quote], paras: list[Paragraph], time_spans: list[tuple[int, int]]
) -> tuple[list[Attribution], set[int]]:
    """Quotes with a cue right after or right before them; returns used cue offsets too."""
    out: list[Attribution] = []
    used_cues: set[int] = set()
    last_by_para: dict[int, int] = {}
    for q in quotes:
        para = paras[q.para]
        sent = sentence_at(para, q.end - 1)
        inner = text[q.start + 1 : q.end - 1]
        if word_count(inner) < 3 and not re.search(r"[.!?,]\s*$", inner):
            continue  # scare quotes and partial quotes are handled with their sentence
        if _TITLE_RE.fullmatch(inner) and not _SENTENCE_INSIDE_RE.search(inner):
            continue  # “Fox News Sunday,”: a title, not a statement
        found = _cue_after_quote(text, q, para, sent)
        if found is None:
            found = _cue_before_quote(text, q, paras[q.first_para], time_spans)
        if found is not None:
            cue_s, cue_e, src_s, src_e, before = found
            used_cues.add(cue_s)
            c_s = q.start
            if before:
                # "Trump's misinformation may be “strategic,” said X": a quoted word or two
                # ends a statement that starts with its sentence
                lead_s = sentence_at(para, q.start)[0]
                lead = text[lead_s : q.start] if q.start - lead_s <= _PARTIAL_QUOTE_LEAD else ""
                if (
                    lead
                    and len(inner.split()) <= _PARTIAL_QUOTE_WORDS
                    and len(lead.split()) >= 2
                    and not lead.rstrip().endswith(_PARTIAL_QUOTE_ENDS)
                    and not _has_cue(text, lead_s, q.start)
                    and not any(c in lead for c in QUOTE_CHARS)
                ):
                    c_s = lead_s
            out.append(
                Attribution(
                    c_s, q.end, cue_s, cue_e, src_s, src_e, sent, "quote", content_before=before
                )
            )
            last_by_para[q.para] = len(out) - 1
            continue
        # "“A,” he said. “B.”": B continues the last attributed quote of its paragraph
        # or of the paragraph before when the whole paragraph is the quotation
        prev = last_by_para.get(q.first_para)
        if prev is None and q.first_para > 0 and q.start == paras[q.first_para].start:
            prev = last_by_para.get(q.first_para - 1)
            if prev is not None and out[prev].content_end < paras[q.first_para - 1].end - 80:
                prev = None
        opening = sentence_at(paras[q.first_para], q.start)  # the quote may hold sentences
        if (
            prev is not None
            and not _has_cue(text, opening[0], q.start)
            and (q.start == opening[0] or _CONTINUES_RE.search(text, max(0, q.start - 3), q.start))
            and q.start - max(out[prev].cue_end, out[prev].source_end or 0) < 200
        ):
            a = out[prev]
            out.append(
                Attribution(
                    q.start,
                    q.end,
                    a.cue_start,
                    a.cue_end,
                    None,
                    None,
                    sent,
                    "continuation",
                    same_source_as=prev,
                )
            )
            last_by_para[q.para] = len(out) - 1
    return out, used_cues


_PARTIAL_QUOTE_WORDS = 15  # a quote this short ending a sentence is part of its statement
_PARTIAL_QUOTE_ENDS = (":", ",")
_PARTIAL_QUOTE_LEAD = 600  # characters: a sentence runs no longer (a run-on line holds many)
_SENTENCE_INSIDE_RE = re.compile(r"[a-z]{3}[.!?]\s")  # "Like Oakland. Or Ferguson,": not a title
_TITLE_RE = re.compile(
    r"\s*(?:[A-Z0-9][\w’'&.:-]*|of|the|and|a|an|in|on|for|to|with|at|by|from)"
    r"(?:\s+(?:[A-Z0-9][\w’'&.:-]*|of|the|and|a|an|in|on|for|to|with|at|by|from)){1,7}[,.]?\s*"
)
_CONTINUES_RE = re.compile(r"[,:]\s*$")  # "“A,” he said, “B.”"


def _has_cue(text: str, lo: int, hi: int) -> bool:
    return bool(CUE_RE.search(text, lo, hi))


# a period that ends a sentence, not one of "Rep.", "(D-Md.)", "U.S.", "E."
_SENTENCE_STOP_RE = re.compile(
    r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\b[A-Z][a-z][a-z][a-z])\.(?=\s+[A-Z])"
)


def _cue_after_quote(text: str, q: Quote, para: Paragraph, sent: tuple[int, int]):
    tail_end = min(para.end, q.end + 260)
    tail = text[q.end : tail_end]
    if not tail.strip() or tail.lstrip()[:1] in ".!?":
        return None
    inner_last = text[q.start : q.end].rstrip('”"» ')
    closed = inner_last.endswith((".", "!", "?"))
    # "“…,” Kirby told CNN" / "“….” said a senior official"
    m = _AFTER_CUE_SPEAKER.match(tail)
    if m:
        src_s = q.end + m.start("src")
        src_e = q.end + m.end("src")
        if (
            _looks_like_source(text, src_s, src_e, permissive=True)
            and not _VERB_IN_SOURCE_RE.search(text, src_s, src_e)
            and not (m.group("src").split()[0].lower() in PRONOUNS and " " in m.group("src"))
        ) and not _has_own_content(text, q.end + m.end("cue"), para.end, closed):
            return q.end + m.start("cue"), q.end + m.end("cue"), src_s, src_e, True
    for cm in CUE_RE.finditer(text, q.end, tail_end):
        pre = text[q.end : cm.start()]
        if any(c in pre for c in "!?;" + QUOTE_CHARS) or _SENTENCE_STOP_RE.search(pre):
            return None
        src = source_before(text, q.end, cm.start(), [], permissive=True)
        if src is not None and text[q.end : src[0]].replace(",", " ").strip() != "":
            # "“…,” Scott Pruitt, the attorney general of Oklahoma, said": the first phrase
            first = re.match(r"[\s,]*([^,]{2,80}?)\s*,", pre)
            if first and _looks_like_source(
                text, q.end + first.start(1), q.end + first.end(1), permissive=True
            ):
                src = (q.end + first.start(1), q.end + first.end(1))
            else:
                src = None
        if src is None:
            if inner_last.endswith((",", "?", "!", "—")) or pre.strip(" ,") == "":
                continue
            return None
        if not cm.group(0).islower():
            return None
        after = cm.end()
        title = _QUOTED_TITLE_RE.match(text, _skip_space(text, after, para.end))
        if (
            title
            and cue_kind(cm.group(0)) == "tell"
            and _TITLE_RE.fullmatch(text, title.start() + 1, title.end() - 1)
        ):
            after = title.end()  # '… told "Fox and Friends" after …': a show, not a quotation
        if _has_own_content(text, after, para.end, closed):
            return None  # "“….” He said that …" starts a new attribution
        if _STATEMENT_AFTER_RE.match(text, after, sent[1]) and not _frame_to_end(
            text, cm.end(), sent[1], cue_kind(cm.group(0)), []
        ):
            return None  # "…chants of “Marco!,” the senator said his campaign was …"
        return cm.start(), cm.end(), src[0], src[1], True
    return None


# a clause of its own after a cue: subject and verb, not a frame ("in an interview")
_STATEMENT_AFTER_RE = re.compile(
    r"\s+(?:that\s+)?(?:he|she|they|it|we|I|his|her|their|its|the|this|there)(?:\s+[a-z’']+){0,4}?"
    r"\s+(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|does|do)\s"
)


def _has_own_content(text: str, i: int, hi: int, closed: bool = True) -> bool:
    """True when a cue is followed by a statement of its own rather than ending its clause.
    After a quote that ended its sentence (``closed``) a long clause means a new sentence;
    after "…,”" the cue belongs to the quote whatever follows."""
    tail = text[i : min(hi, i + 200)]
    if closed and re.match(r"\s*[,:]?\s*[“\"]", tail):
        return True  # "“A.” She adds, “B.”": the cue introduces the next quotation
    stop = re.search(r"[.!?;](?=\s|$)|[,—–]\s", tail)
    clause = tail[: stop.start()] if stop else tail
    if re.match(r"\s*(?:that\b|:|[“\"])", clause):
        return True
    if re.match(r"\s*(?:about|of|on|in|at|to|after|before|while|when|as|during|with)\b", clause):
        return False  # '“…?” Lichtman said about McCain's effort to …': the frame goes on
    return closed and len(clause.split()) > 7


# "Said Ellis: “…”", "Added the senator, “…”": the cue first, then who spoke
_INVERTED_LEAD_RE = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=\bBut,\s)|(?<=\bAnd,\s)|(?<=\bStill,\s))(?P<cue>[Ss]aid|[Ss]ays|[Aa]dded|[Aa]dds|[Ww]rote|[Ww]rites|[Aa]sked|[Rr]ecalled|"
    r"[Ee]xplained)\s+"
    r"(?P<src>(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'.-]*|the\s+[a-z]+(?:\s+[a-z]+)?)"
    r"\s*[:,]\s*$"
)


# "told the Reuters news agency simply, “…”": the listener between the cue and the quote
_TOLD_LISTENER_RE = re.compile(
    r"(?P<cue>told|tells)\s+(?:the\s+|a\s+)?(?:[A-Z][\w’'.&-]*\s+){1,4}(?:[a-z]+\s+){0,2}"
    r"(?:\w+ly\s*)?,\s*$"
)


def _cue_before_quote(text: str, q: Quote, para: Paragraph, time_spans):
    head_start = max(para.start, q.start - 200)
    head = text[head_start : q.start]
    told = _TOLD_LISTENER_RE.search(head)
    if told:
        cue_s, cue_e = head_start + told.start("cue"), head_start + told.end("cue")
        sent_lo = sentence_start_before(para, cue_s)
        src = source_before(text, sent_lo, cue_s, time_spans)
        if src is not None:
            return cue_s, cue_e, src[0], src[1], False
    inv = _INVERTED_LEAD_RE.search(head)
    if inv:
        return (
            head_start + inv.start("cue"), head_start + inv.end("cue"),
            head_start + inv.start("src"), head_start + inv.end("src"), False,
        )  # fmt: skip
    # the quote must follow the cue directly: "Kirby said: “", "He added, “", "said that “"
    m = re.search(
        r"(?P<cue>[A-Za-z]+(?: out| clear| it clear)?)(?P<lead>(?: (?:in|on|at|to|during) [^,:“\"]{1,60}?)?)\s*(?:[:,]\s*|\s+that\s+|\s+)$",
        head,
    )
    if not m:
        return None
    cue_s = head_start + m.start("cue")
    cue_e = head_start + m.end("cue")
    cm = CUE_RE.fullmatch(text, cue_s, cue_e)
    if not cm or not cm.group(0).islower():
        return None
    sent_lo = sentence_start_before(para, cue_s)
    src = source_before(text, sent_lo, cue_s, time_spans)
    if src is None:
        return None
    return cue_s, cue_e, src[0], src[1], False


_COLON_LEAD_MAX = 1500  # characters of an unquoted paragraph introduced by "He added:"
_COLON_LEAD_RE = re.compile(
    r"(?P<cue>[a-z]+(?: out| clear| it clear)?)(?: (?:in|on|at|to|during|via) [^,:“”\"]{1,60}?)?\s*:\s*$"
)


def colon_lead_attributions(
    text: str,
    paras: list[Paragraph],
    quotes: list[Quote],
    taken: set[int],
    time_spans: list[tuple[int, int]],
) -> list[Attribution]:
    """A paragraph that ends "He said:" introduces the next one, quoted or not:
    "Limbaugh added:" / "And from a supposed front-runner, …"."""
    out: list[Attribution] = []
    quote_at = {q.start: q for q in quotes}
    for pi in range(1, len(paras)):
        lead, para = paras[pi - 1], paras[pi]
        if text[_back_space(text, lead.end, lead.start) - 1 : lead.end].strip() != ":":
            continue
        m = _COLON_LEAD_RE.search(text, max(lead.start, lead.end - 120), lead.end)
        if not m or not CUE_RE.fullmatch(text, m.start("cue"), m.end("cue")):
            continue
        sent_lo = sentence_start_before(lead, m.start("cue"))
        src = source_before(text, sent_lo, m.start("cue"), time_spans)
        if src is None:
            continue
        q = quote_at.get(para.start)
        if q is not None:
            if q.start in taken:
                continue
            c_s, c_e = q.start, q.end
        else:
            if text[para.start] in QUOTE_CHARS or para.end - para.start > _COLON_LEAD_MAX:
                continue  # a quotation left open, or a whole section: not one statement
            c_s, c_e = para.start, content_end(text, para.start, para.end)
        sent = sentence_at(para, c_s)
        out.append(
            Attribution(
                c_s, c_e, m.start("cue"), m.end("cue"), src[0], src[1], sent,
                "quote" if q is not None else "reported",
            )
        )  # fmt: skip
    return out


# -- pass 2: reported speech --------------------------------------------------------------------

_SUBJECT_AFTER_RE = re.compile(
    r"\s*((?:the\s+|The\s+)?(?:[A-Z][\w’'.-]*\s){0,3}[A-Z][\w’'.-]*|he|she|they|we|I|it)\s+[a-z]"
)


def _first_comma(text: str, s: int, e: int) -> int:
    """The first comma in text[s:e] outside quotation marks, or -1."""
    depth = 0
    for i in range(s, e):
        ch = text[i]
        if ch in "“":
            depth += 1
        elif ch in "”" and depth:
            depth -= 1
        elif ch == '"':
            depth = 0 if depth else 1
        elif ch == "," and not depth:
            return i
    return -1


_PREP_ING_RE = re.compile(r"\b(?:by|after|before|while|when|from|without|upon|in)\s+$", re.I)
_COORDINATED_RE = re.compile(
    r"(?:,[”\"]?\s*(?:then\s+)?|\s(?:and|but)\s+(?:(?:has|have|had)\s+)?(?:also\s+|then\s+|later\s+|since\s+|"
    r"repeatedly\s+|previously\s+)?)$"
)
_CUT_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:also\s+)?(?=(?:added|warned|said|stressed|emphasized|emphasised|insisted|noted|argued|claimed|asserted|explained|suggested|acknowledged|announced|predicted|reiterated|maintained|pledged|vowed|promised|cautioned)\b)"
    r"|,\s+(?=(?:adding|saying|noting|warning|arguing|insisting|claiming|stressing|explaining|suggesting)\b)"
    r"|,\s+(?=according to\b)"
    # "…were ''overblown,'' adding that …": the comma inside the closing mark
    r"|(?<=,[”\"])\s+(?=(?:adding|saying|noting|warning|arguing|insisting|claiming|stressing|"
    r"explaining|suggesting|referring|according to)\b)"
    r"|,\s+(?=(?:although|though|even though|even as|whereas|compared with|compared to|however|"
    r"after|putting|a swipe|a reference|a nod|a jab|a dig|as (?:has|have|had|did|does|do))\b)"
    r"|\s+(?=but\s+(?:did not|didn’t|didn't|does not|doesn’t|declined|refused|would not|"
    r"wouldn’t)\b)"
    r"|,\s+(?=(?:referring|referencing|prompting|sparking|leading|drawing|sending|forcing|"
    r"making|giving|leaving|signaling|citing|calling)\b)"
    r"|,\s+(?=(?:a|an)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:that|which|who|of|from|in|on|for|with|to)\b)"
    r"|\s+and\s+(?=(?:chiding|criticizing|praising|attacking|calling|blaming|vowing|promising|"
    r"urging|adding|saying|noting)\b)"
    r"|,?\s+(?=while\s+(?:adding|saying|noting|insisting|acknowledging)\b)"
    r"|\s+[-—–]+\s+(?=(?:noting|adding|saying|arguing|insisting)\b)"
    # ", and the downgrade is …": a new subject and its verb start a clause of the writer's
    r"|,\s+and\s+(?=(?:the|a|an|his|her|their|its|these|those)\s+[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:is|are|was|were|has|have|had|will|would|could|can|did|does)\b)"
    r"|;\s"
)


def sentence_attributions(
    text: str,
    sent: tuple[int, int],
    quotes: list[tuple[int, int]],
    used_cues: set[int],
    time_spans: list[tuple[int, int]],
) -> list[Attribution]:
    s0, s1 = sent
    out: list[Attribution] = []
    for m in ACCORDING_RE.finditer(text, s0, s1):
        if _inside(quotes, m.start()):
            continue
        a = _according(text, sent, m.start(), m.end())
        if a:
            out.append(a)
    for m in PASSIVE_RE.finditer(text, s0, s1):
        if _inside(quotes, m.start()):
            continue
        c = content_after(text, m.end(), s1, "say", time_spans)
        if c:
            out.append(Attribution(c[0], c[1], m.start(), m.end(), None, None, sent, "passive"))
    if _HEADLINE_CUE_RE.search(text, s0, s1):
        a = _headline(text, sent)
        if a:
            out.append(a)
    as_by = _AS_REPORTED_BY_RE.match(text, s0, s1)
    if as_by and content_end(text, as_by.end(), s1) - as_by.end() > 8:
        out.append(
            Attribution(
                as_by.end(), content_end(text, as_by.end(), s1), as_by.start("cue"),
                as_by.end("cue"), as_by.start("src"), as_by.end("src"), sent, "according",
            )
        )  # fmt: skip
    lead = _LEADING_PARTICIPLE_RE.match(text, s0, s1)
    if lead:
        a = _leading_participle(text, sent, lead)
        if a:
            out.append(a)
    for m in CUE_RE.finditer(text, s0, s1):
        if m.start() in used_cues or _inside(quotes, m.start()):
            continue
        if not usable_cue(text, s0, m):
            if _named_noun_like(text, s0, m):
                # "Breitbart reports the friends had a falling out": a name, then a cue that
                # reads as a noun, then no "that"
                a = _bare_evidence(text, sent, m, time_spans)
                if a:
                    out.append(a)
            continue
        a = _reported(text, sent, m, time_spans)
        if a is None and ALL_FORMS.get(m.group(0)) in _EVIDENCE_LEMMAS:
            a = _bare_evidence(text, sent, m, time_spans)
        if a:
            if m.group(0) == "showing" and a.kind == "reported":
                a.kind = "participle"  # "a poll showing …": no clause of the speaker's own
            out.append(a)
    for m in _ASKED_RE.finditer(text, s0, s1) if "sked " in text[s0:s1] else ():
        if _inside(quotes, m.start()):
            continue
        before = text[s0 : m.start()].strip()
        if before and not before.endswith(",") and not _ASKED_AFTER_RE.search(before):
            continue  # "Asked about X, she said …", "… he said when asked whether …"
        c_s = m.end()
        comma = _first_comma(text, c_s, s1)
        c_e = comma if comma != -1 else content_end(text, c_s, s1)
        if len(text[c_s:c_e].split()) >= 2:
            out.append(
                Attribution(c_s, c_e, m.start("cue"), m.end("cue"), None, None, sent, "asked")
            )
    nouns = _CLAIM_NOUN_HINT_RE.search(text, s0, s1)
    for m in _CLAIM_NOUN_RE.finditer(text, s0, s1) if nouns else ():
        if _inside(quotes, m.start()):
            continue
        c = content_after(text, m.end("cue"), s1, "say", time_spans)
        if c and c[2]:
            c_e = c[1]
            if _LEADING_PP_RE.match(text, s0, m.start()):
                comma = _first_comma(text, c[0], c_e)  # "Contrary to his claim that X, …"
                if comma > 0:
                    c_e = comma
            stop = _OBJECT_STOP_RE.search(text, c[0], c_e)
            if stop:
                c_e = _back_space(text, stop.start(), c[0])
            out.append(
                Attribution(
                    c[0], c_e, m.start("cue"), m.end("cue"), m.start("src"), m.end("src"), sent,
                    "reported",
                )
            )  # fmt: skip
    for m in _INTENT_RE.finditer(text, s0, s1):
        if not _inside(quotes, m.start()):
            a = _intent(text, sent, m, time_spans)
            if a:
                out.append(a)
    _extend_to_quote_end(out, quotes)
    out = [a for a in out if a.kind != "bare" or not _inside_other(a, out)]
    return _trim_nested(text, out, quotes)


def _inside_other(a: Attribution, atts: list[Attribution]) -> bool:
    """Whether ``a``'s cue stands inside what another attribution reports ("As reported by
    the Journal, investigators found …": the finding is the Journal's statement)."""
    return any(
        b is not a and b.content_start <= a.cue_start and a.cue_end <= b.content_end
        for b in atts
    )


_AS_REPORTED_BY_RE = re.compile(
    r"(?:(?:And|But)\s+)?As\s+(?:was\s+)?(?:first\s+|previously\s+|earlier\s+|recently\s+)?"
    r"(?P<cue>reported|noted|stated|announced|revealed|detailed|documented|explained|described)"
    r"\s+(?:by|in)\s+(?P<src>[^,;:“”\"]{2,80}?),\s*"
)
_LEADING_PARTICIPLE_RE = re.compile(
    r"(?:(?:And|But)\s+)?(?P<cue>Saying|Claiming|Arguing|Noting|Insisting|Warning|Stressing|"
    r"Acknowledging|Admitting|Asserting|Explaining|Suggesting|Predicting|Contending|Charging)"
    r"\s+(?:that\s+)?"
)


def _leading_participle(text: str, sent: tuple[int, int], m: re.Match) -> Attribution | None:
    """ "Claiming the criticism is designed to pressure moderators, Trump told Fox …": the
    clause up to the comma is the statement, the subject after the comma its speaker."""
    s0, s1 = sent
    comma = _first_comma(text, m.end(), s1)
    if comma < 0 or len(text[m.end() : comma].split()) < 3:
        return None
    subj = _SUBJECT_AFTER_RE.match(text, comma + 1, s1)
    if subj is None:
        return None
    return Attribution(
        m.end(), comma, m.start("cue"), m.end("cue"), subj.start(1), subj.end(1), sent,
        "reported",
    )  # fmt: skip


_ASKED_RE = re.compile(
    r"(?<![\w’'-])(?P<cue>[Aa]sked)"
    r"(?:\s+by\s+(?:[A-Z][\w.’'-]*\s+){0,3}?[A-Z][\w.’'-]*)?"  # "Asked by Matt Lauer"
    r"(?:\s+(?:in|at|during)\s+(?:[A-Z][\w’'-]*|(?:an?|the)\s+[a-z]+))?"  # "in Iowa"
    r"(?:\s+[a-z]+ly)?"  # "recently", "specifically"
    r"\s+(?:(?:about|on)\s+|(?=(?:whether|if|why|how|what|which|who|to)\s))"
)
_ASKED_AFTER_RE = re.compile(r"(?:^|\s)(?:[Ww]hen|[Aa]fter|[Oo]nce|[Ii]f)$")
_LEADING_PP_RE = re.compile(
    r"(?:Contrary|Despite|Unlike|Given|Following|After|Before|In|Amid|Beyond|Without|Against|"
    r"Because|Since|With|For|Like|Besides|Regardless)\b[^,]*$"
)
_CLAIM_NOUN_HINT_RE = re.compile(
    r"(?:claims?|assertions?|statements?|promises?|pledges?|warnings?|arguments?|contention|"
    r"insistence|allegations?|suggestion|accusations?|predictions?|vows?|boasts?|denials?)"
    r"\s+that\b"
)
_CLAIM_NOUN_RE = re.compile(
    r"(?P<src>(?:[A-Z][\w.-]*\s){0,3}[A-Z][\w.-]*|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)(?:[’']s?)?\s+"
    r"(?:\w+\s)?(?P<cue>claims?|assertions?|statements?|promises?|pledges?|warnings?|"
    r"arguments?|contention|insistence|allegations?|suggestion|accusations?|predictions?|"
    r"vows?|boasts?|denials?)(?=\s+that\b)"
)
_INTENT_VERBS = (
    "wanted|plan|plans|planned|hopes|hoped|refuse|refused|decline|declines|"
    "declined|intend|intends|intended|threaten|threatens|threatened|aim|aims|aimed|"
    "would like|is planning|are planning|was planning|were planning|is threatening|"
    "is promising|are promising|was promising|were promising|"
    # a promise or a claim about oneself is checkable: "promised to cut taxes", "claims to be"
    "promise|promises|promised|vow|vows|vowed|pledge|pledges|pledged|claim|claims|claimed|"
    "promising|vowing|pledging"
)
_INTENT_FORMS = set(_INTENT_VERBS.split("|"))
_INTENT_RE = re.compile(
    r"(?<![\w’'-])(?P<cue>" + _INTENT_VERBS + r")"
    # "promised Monday to …", "vowed again to …"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
    r"yesterday|again|repeatedly|publicly))?"
    r"\s+(?P<to>to)\s+(?=[a-z])"
)
# a promise made in the same breath as the clause before: "… and promised to build a wall",
# "…, promising to campaign across the country", "… by promising to impose tariffs"
_PROMISE_FORMS = set(
    words(
        "promise promises promised promising vow vows vowed vowing pledge pledges pledged pledging"
    )
)


def _intent(text: str, sent: tuple[int, int], m: re.Match, time_spans) -> Attribution | None:
    """ "Clinton wants to raise taxes", "Trump refused to release his returns": the
    infinitive clause is what the subject stands for."""
    s0, s1 = sent
    cue_s = m.start("cue")
    if _NOUN_BEFORE_RE.search(text, max(s0, cue_s - 12), cue_s) or _PASSIVE_BEFORE_RE.search(
        text, max(s0, cue_s - 16), cue_s
    ):
        return None  # "the plan to", "is expected to"
    src = source_before(text, s0, cue_s, time_spans)
    if src is not None and text[src[0] : src[1]].split()[-1].lower() in _NP_STOP:
        src = None  # "Mr. Trump has rallied thousands by promising …": not a noun phrase
    same = None
    if src is None and m.group("cue") in _PROMISE_FORMS:
        coord = _COORDINATED_RE.search(text, max(s0, cue_s - 12), cue_s) or (
            m.group("cue").endswith("ing") and _PREP_ING_RE.search(text, max(s0, cue_s - 12), cue_s)
        )
        if coord and coord.start() > s0:
            src, same = (None, None), -1  # the speaker of the clause before
    if src is None or (src[0] is not None and text[src[0] : src[1]].lower() in ("i", "we", "you")):
        return None  # "I want to thank …": a speech quoted without marks
    c_s = m.start("to")
    c_e = content_end(text, c_s, s1)
    stop = _OBJECT_STOP_RE.search(text, c_s, c_e)
    if stop:
        c_e = _back_space(text, stop.start(), c_s)
    if len(text[c_s:c_e].split()) < 3:
        return None
    if same is not None:
        return Attribution(
            c_s, c_e, cue_s, m.end("cue"), None, None, sent, "coordinated", same_source_as=same
        )
    return Attribution(c_s, c_e, cue_s, m.end("cue"), src[0], src[1], sent, "reported")


_HEADLINE_CUE_RE = re.compile(
    r" (?:Says|Tells|Warns|Claims|Insists|Predicts|Vows|Shows|Finds|Promises|Reports|Admits|"
    r"Denies|Accuses|Reveals|Confirms)(?=[\s.!?]|$)"
)
_SMALL_WORDS = set(words("a an the of to in on for and or but at by with from as is are be vs"))


def _headline(text: str, sent: tuple[int, int]) -> Attribution | None:
    """A title-case headline: "Obama Says Museum Will Tell of 'Suffering'", "Trump Will
    Win, Graham Says"."""
    s0, s1 = sent
    ws = text[s0:s1].split()
    if len(ws) < 4 or len(ws) > 25:
        return None
    capital = sum(1 for w in ws if w[:1].isupper() or not w[:1].isalpha())
    if capital < 0.75 * sum(1 for w in ws if w.lower() not in _SMALL_WORDS) or capital < 4:
        return None
    m = _HEADLINE_CUE_RE.search(text, s0, s1)
    cue_s, cue_e = m.start() + 1, m.end()
    src_s, src_e = s0, _back_space(text, cue_s, s0)
    after = _skip_space(text, cue_e, s1)
    end = content_end(text, after, s1)
    if end - after <= 2:
        # "Trump Could Address Clean Energy, Lindsey Graham Says."
        lead = text.rfind(",", s0, src_e)
        if lead == -1 or len(text[lead:src_e].split()) > 6:
            return None
        c_e = _back_space(text, lead, s0)
        src_s = _skip_space(text, lead + 1, s1)
        if c_e - s0 < 8:
            return None
        return Attribution(
            s0, c_e, cue_s, cue_e, src_s, src_e, sent, "reported", content_before=True
        )
    if m.group(0).strip() == "Tells":
        nxt = re.match(r"[\w’'.-]+\s+", text[after:s1])  # "Maher Tells Guest …"
        if nxt is None:
            return None
        after += nxt.end()
    if len(text[src_s:src_e].split()) > 6 or re.search(r"\d:\d\d", text[src_s:src_e]):
        # a live blog's debris glued to the headline: "…9:12PMTrump Says His Plan Will …"
        name = _GLUED_NAME_RE.search(text, src_s, src_e)
        if name is None:
            return None
        src_s = name.start(1)
    if end - after < 8 or src_e <= src_s:
        return None
    return Attribution(after, end, cue_s, cue_e, src_s, src_e, sent, "reported")


_GLUED_NAME_RE = re.compile(r"([A-Z][a-z’'.-]+(?:\s[A-Z][a-z’'.-]+){0,2})\s*$")


_BASE_OK = set(
    [
        "say",
        "tell",
        "claim",
        "warn",
        "argue",
        "insist",
        "believe",
        "think",
        "know",
        "note",
        "add",
        "report",
        "write",
        "tweet",
        "suggest",
        "estimate",
        "contend",
        "maintain",
        "predict",
        "fear",
        "agree",
        "acknowledge",
        "admit",
        "deny",
        "find",
        "show",
        "expect",
        "hope",
        "feel",
        "point",
        "out",
    ]
)
_NOUN_LIKE = set(
    [
        "states",
        "reports",
        "claims",
        "charges",
        "comments",
        "answers",
        "remarks",
        "notes",
        "points",
        "estimates",
        "fears",
        "hopes",
        "finds",
        "shows",
        "posts",
        "signals",
        "tweets",
        "counters",
        "reveals",
        "promises",
        "pledges",
        "vows",
        "warns",
    ]
)
_NOUN_LIKE |= set(
    words(
        "report attacks calls questions demands requests challenges disputes praises charge"
        " charged post posted"
    )
)
_NOUN_BEFORE_RE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|your|this|these|those|of|whose|greatest|"
    r"biggest|worst|main|only|own|real|deepest|latest)|[’']s)\s+$",
    re.IGNORECASE,
)
_SHOWING_NOUN_RE = re.compile(
    r"\b(?:poor|strong|weak|dismal|good|bad|best|worst|solid|impressive|surprising|"
    r"disappointing|decent|respectable|lackluster|lacklustre|better|[a-z]+est|first|second|"
    r"third|fourth|fifth|last|primary|early|election|[a-z]+-place)\s+$"
)
# "continues to insist", "went on to explain", "has yet to say": the subject speaks
_CHAIN_RE = re.compile(
    r"\b(?:continues|continued|continue|went on|goes on|go on|began|begins|begin|has yet|"
    r"have yet|had yet|refused|refuses|declined|declines|decided|wanted|tried)\s+to\s+$"
)
_CONTRACTION_RE = re.compile(r"\b(?:he|she|it|that|there|who|what)[’']s\s+$", re.I)
_MODAL_BEFORE_RE = re.compile(
    r"\b(?:to|would|will|could|can|may|might|should|must|not|n[’']t|let|please)\s+$"
    # "did", "does", "do" only in a question or after "to": "he did tell CNN that …" stands
    r"|(?:\b(?:what|why|how|when|where|who|whom|which|if|whether|to|I|you)\s+|^|[?,]\s*)"
    r"(?:did|does|do)\s+(?:[\w’'.-]+\s+){0,3}$",
    re.I,
)


_NAMING_BEFORE_RE = re.compile(
    r"\b(?:an?|one|another|new)\s+(?:[\w’'-]+\s+){0,3}(?:group|program|programme|website|site|"
    r"organi[sz]ation|book|film|movie|documentary|company|firm|app|initiative|project|"
    r"committee|movement|show|page|event|network|coalition|fund|series|song|ad|video|"
    r"account|blog|newsletter|podcast|effort|caucus|PAC|super PAC|nonprofit|charity|"
    r"place|town|village|game|tool|platform|law|bill|plan|program)\s+$"
)
_ADJECTIVE_CUE_RE = re.compile(r"pledged\s+(?:and\s+\w+\s+)?delegates?\b")
# "15 states have held primaries", "swing states": "states" is the noun after these
_STATES_NOUN_RE = re.compile(
    r"(?:\d|\b(?:member|swing|battleground|other|several|many|those|these|both|all|Belt|"
    r"western|eastern|southern|northern|red|blue|early|key|remaining|primary|[a-z]+ing))\s+$"
)
_VERB_AT_END = set(words("reports claims notes warns writes tweets estimates reveals counters"))
_AT_SENTENCE_END_RE = re.compile(r"\s*[.!?][”\"’']?(?:\s|$)|\s*$")
_NAMED_SOURCE_BEFORE_RE = re.compile(r",\s+(?:[\w’'.&-]+\s+){0,6}?[A-Z][\w’'.&-]*\s+$")


def usable_cue(text: str, lo: int, m: re.Match) -> bool:
    """A cue form in lower case, not an infinitive or a modal's verb ("would respond")."""
    form = m.group(0)
    if not form.islower():
        return False
    if form == "called" and _NAMING_BEFORE_RE.search(text, max(lo, m.start() - 60), m.start()):
        return False  # "a group called Citizens for Trump": a name, not what someone said
    if _ADJECTIVE_CUE_RE.match(text, m.start()) or (
        form == "states" and _STATES_NOUN_RE.search(text, max(lo, m.start() - 16), m.start())
    ):
        return False  # "270 pledged delegates", "15 states have held primaries": not cues
    if form == "showing" and _SHOWING_NOUN_RE.search(text, max(lo, m.start() - 16), m.start()):
        return False  # "her poor showing", "a strong showing": the noun
    noun = _NOUN_BEFORE_RE.search(text, max(lo, m.start() - 12), m.start())
    if noun and not _CONTRACTION_RE.search(text, max(lo, m.start() - 12), m.start()):
        return False  # "Editor’s note", "secretary of state", "the tweet": nouns
    if (
        form in _NOUN_LIKE
        and not re.match(
            r"\s*(?:that\b|:|,?\s*[“\"]|(?:he|she|they|we|I|it|there)(?:[’'][a-z]+)?\s+[a-z$]+)",
            text[m.end() : m.end() + 24],
        )
        and not (
            form in _EVIDENCE_SMALL
            and (
                _small_clause(text[m.end() : m.end() + 120].lstrip(), form, text[lo : m.start()])
                # "poll shows", "video shows": the noun right before is a finding's source
                or _finding_kind(_phrase_before(text, lo, m.start())) is not None
            )
        )
        and not (
            # "…, the Chicago Tribune reports.": a name before a cue that ends the sentence
            form in _VERB_AT_END
            and _AT_SENTENCE_END_RE.match(text, m.end())
            and _NAMED_SOURCE_BEFORE_RE.search(text, max(lo, m.start() - 80), m.start())
        )
    ):
        return False  # "member states", "reports said": nouns unless a clause follows
    lemma = ALL_FORMS.get(form)
    if lemma is not None and form == lemma.replace("_", " "):
        if lemma not in _BASE_OK and form not in _BASE_OK:
            return False
        if _MODAL_BEFORE_RE.search(text[max(lo, m.start() - 12) : m.start()]):
            return bool(_CHAIN_RE.search(text, max(lo, m.start() - 24), m.start())) or (
                _infinitive_speech(text, m) is not None
            )
    return True


_TO_BEFORE_RE = re.compile(r"(?<![’'])\b[a-z]+\s+to\s+$")


def _infinitive_speech(text: str, m: re.Match) -> re.Match | None:
    """ "was quick to add that …", "went out of his way to say that …": a speech verb in the
    infinitive after a word that is no modal; the keep model judges it (kind "loose")."""
    if cue_kind(m.group(0)) not in ("say", "tell"):
        return None
    return _TO_BEFORE_RE.search(text, max(0, m.start() - 24), m.start())


def _according(text: str, sent: tuple[int, int], cs: int, ce: int) -> Attribution | None:
    s0, s1 = sent
    # "According to X, CONTENT."
    comma = text.find(",", ce, min(s1, ce + 120))
    before = text[s0:cs].strip()
    if _LEADING_CONJ_RE.fullmatch(before + " "):
        before = ""  # "But according to reports, …"
    if comma != -1 and before == "":
        src_s = _skip_space(text, ce, s1)
        c_s = _skip_space(text, comma + 1, s1)
        c_e = content_end(text, c_s, s1)
        if c_e - c_s > 3:
            return Attribution(c_s, c_e, cs, ce, src_s, comma, sent, "according")
    # "CONTENT, according to X." / "CONTENT, according to X, CONTENT."
    if before:
        src_s = _skip_space(text, ce, s1)
        src_e = text.find(",", src_s, s1)
        resume = _skip_space(text, src_e + 1, s1) if src_e != -1 else -1
        if (
            before.endswith(",")
            and len(before.split()) <= 6  # a subject or an intro, not a clause of its own
            and resume != -1
            and not _APPOSITIVE_START_RE.match(text, resume, s1)
            and len(text[resume:s1].split()) >= 2
        ):
            # "Fundraising, according to the campaign, has surged": one statement around it
            c_end = _back_space(text, _back_space(text, cs, s0) - 1, s0)
            return Attribution(
                s0, content_end(text, resume, s1), cs, ce, src_s, src_e, sent, "according",
                content_before=True, gap=(c_end, resume),
            )  # fmt: skip
        if src_e == -1:
            src_e = content_end(text, src_s, s1)
        c_e = _back_space(text, cs, s0)
        if c_e > s0 and text[c_e - 1] in ",(—–":
            c_e -= 1
        c_e = _back_space(text, c_e, s0)
        if c_e - s0 > 3 and src_e > src_s:
            return Attribution(
                s0, c_e, cs, ce, src_s, src_e, sent, "according", content_before=True
            )
    # "According to X." as a sentence of its own: the statement is the sentence before
    if before == "" and comma == -1:
        src_s = _skip_space(text, ce, s1)
        src_e = content_end(text, src_s, s1)
        if src_e > src_s:
            return Attribution(-1, -1, cs, ce, src_s, src_e, sent, "according", content_before=True)
    return None


_LEADING_CONJ_RE = re.compile(r"(?:And|But|So|Yet|Or)\s+")
_APPOSITIVE_START_RE = re.compile(r"(?:who|whom|whose|which|where|a|an|the|one|said|says)\b")
_INTRO_RE = re.compile(
    r"(?:In|On|At|During|After|Before|Since|While|When|If|Although|Though|As|For|Over|Under|"
    r"Until|Throughout|Earlier|Later|Speaking|Asked|Since|Despite|With|Without|From)\b"
    r"|(?:Last|This)\s+(?:week|month|year|morning|afternoon|evening|weekend|spring|summer|fall|"
    r"autumn|winter|time|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|are|was|were|be|been|being|it|to)\s+$", re.I)
_OBJECT_STOP_RE = re.compile(
    r"[;:]|\s[—–]\s|\s--\s|,\s(?=(?:which|who|while|but|and|as|after|because|although|though|saying|adding|according|citing|calling|arguing|noting|insisting)\b)"
)


# A finite clause without "that": "believes she can win", "found the agency was unsure".
_BARE_CLAUSE_RE = re.compile(
    # "it"/"this" start a clause only right before its verb: "believe it would be easy"
    r"(?:it|this)\s+(?:will|would|can|could|may|might|must|is|was|has|had|does|did|"
    r"won[’']t|isn[’']t|wasn[’']t|hasn[’']t|doesn[’']t|didn[’']t|wouldn[’']t|[a-z]{3,}s)\s+[a-z$\d]|"
    r"(?!(?:in|on|at|to|for|with|about|of|from|by|as|it|this|that|so|not|otherwise|and|or|"
    r"but|\w+sel(?:f|ves))\b)"
    r"(?:[\w’'.$%-]+\s+){1,5}?(?<!\bof )(?<!\bthe )(?<!\bpolitical )"
    r"(?:will|would|can|could|should|may|might|must|is|are|was|were|has|have|had|does|did|"
    r"won[’']t|can[’']t|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|hasn[’']t|doesn[’']t|"
    r"didn[’']t|wouldn[’']t|couldn[’']t)\s+[a-z$\d]"
)
# "polls show Clinton with a lead", "the survey found Trump leading by 5 points"
_SMALL_CLAUSE_RE = re.compile(
    r"(?!(?:in|on|at|to|for|with|about|of|from|by|as|it|this|that|so|no|signs?|up|"
    r"\w+sel(?:f|ves))\b)"
    r"(?:[\w’'.$%-]+\s+){1,6}?(?:with|ahead|behind|up|down|at|leading|trailing|winning|"
    r"losing|gaining|beating|edging|holding|tied|even|narrowly|statistically)\b"
)
# ... and what makes it a standing in figures, not a scene ("photos show work space with …")
_POLL_RE = re.compile(
    r"\b(?:polls?|polling|surveys?|data|figures|results|numbers|stud(?:y|ies))\b", re.I
)
_STANDING_RE = re.compile(r"\d|\b(?:lead|edge|ahead|behind|margin|tied|percent|points?)\b")
_BELIEVING = set(words("believing concluding estimating"))
_EVIDENCE_SMALL = {"show", "shows", "showed", "shown", "showing", "find", "finds", "found"}
# belief verbs of evidence and assertion, whose bare clause is a checkable statement
_EVIDENCE_BARE = set(
    words(
        "believe believes believed find finds found show shows showed shown showing "
        "estimate estimates estimated conclude concludes concluded "
        "acknowledge acknowledges acknowledged"
    )
)


# What a finding is read from: "records show he backed …", "a CNN survey found 90 percent
# support for …". After such a source "show"/"find" take any complement, a noun phrase too.
_FINDING_NOUNS = set(
    words(
        "poll polls polling survey surveys study studies analysis analyses report reports data "
        "record records filing filings document documents email emails e-mails results figures "
        "numbers review research audit audits investigation inquiry probe estimates statistics "
        "tally count census model models projections markets paper returns memo memos "
        "transcripts logs forecast forecasts ratings evidence tests averages average"
    )
)
# Images: what they show is a finding when someone is doing something ("video shows an
# officer striking …"), not a scene ("photos show a work space with bare walls").
_IMAGE_NOUNS = set(
    words(
        "video videos photo photos photograph photographs footage image images picture pictures "
        "clip clips screenshot screenshots recording recordings tape tapes film"
    )
)
# the noun before these is the head: "surveys of caucus-goers", "a review by The Times"
_HEAD_BEFORE = set(words("of by from for in on conducted released published taken commissioned"))
_DOING_RE = re.compile(r"(?!(?:no|signs?|up|off|out)\b)(?:[\w’'.$%()/-]+\s+){1,6}?[a-z]{3,}ing\b")
_NOT_FINDING_RE = re.compile(
    r"(?:up|off|out|no signs?|signs?|little|no interest|interest|itself|themselves|himself|"
    r"herself|how|where|what|why|whether|if)\b",
    re.I,
)


_OTHER_FIGURE_RE = re.compile(
    r",\s+(?:with|while)\s+(?:[\w’'.-]+\s+){1,5}?(?:showing|putting|giving|finding|having)\b"
)


def _participle_head(text: str, src: tuple[int, int]) -> tuple[int, int]:
    """The noun phrase a participle modifies, out of what stands before it: "Despite a new
    poll showing …" is the poll's, "The mayor cited a survey showing …" the survey's."""
    ws = list(_WORD_RE.finditer(text, src[0], src[1]))
    for w in reversed(ws[:-1]):
        if w.group(0).lower() in _SUBJECT_DETERMINERS:
            return w.start(), src[1]
    return (ws[-1].start(), src[1]) if ws else src


def _phrase_before(text: str, lo: int, i: int) -> str:
    """Up to six words before ``i``, back to the nearest punctuation, without the
    auxiliaries and adverbs next to the cue ("the poll also shows", "the report does show",
    "the audit has found"): the subject is what is left."""
    chunk = re.split(r"[,;:—–()“”\"]", text[max(lo, i - 80) : i])[-1].split()
    while chunk and chunk[-1].lower() in AUXILIARIES:
        chunk.pop()
    return " ".join(chunk[-6:])


def _finding_kind(source: str) -> str | None:
    """ "finding" when the source's head noun is a poll, a study or records, "image" for a
    video or a photo, else None."""
    ws = [re.sub(r"[’']s?$", "", w.lower().strip(".,;:()")) for w in source.split()[-12:]]
    heads = [ws[-1]] if ws else []
    heads += [w for w, nxt in zip(ws, ws[1:], strict=False) if nxt in _HEAD_BEFORE][:1]
    for h in heads:
        if h in _FINDING_NOUNS:
            return "finding"
        if h in _IMAGE_NOUNS:
            return "image"
    return None


def _small_clause(head: str, form: str, source: str) -> bool:
    """A standing shown in figures: "polls show Clinton with a lead", "finds Trump ahead"."""
    return (
        form.lower() in _EVIDENCE_SMALL
        and _SMALL_CLAUSE_RE.match(head) is not None
        and (_STANDING_RE.search(head, 0, 100) is not None or _POLL_RE.search(source) is not None)
    )


def _bare_clause(text: str, c_s: int, c_e: int, form: str, source: str) -> int | None:
    """Where a belief verb's complement without "that" ends, if it is still a statement."""
    if form == "showing":
        # "a new poll showing Trump’s standing down to 14 percent, told Fox News …": a
        # participle after its noun reports up to the first comma
        comma = _first_comma(text, c_s, c_e)
        c_e = _back_space(text, comma, c_s) if comma > 0 else c_e
    head = text[c_s:c_e]
    if form.lower() in _EVIDENCE_BARE and _BARE_CLAUSE_RE.match(head):
        return c_e
    found = _finding_kind(source) if form.lower() in _EVIDENCE_SMALL else None
    if (found == "finding" and not _NOT_FINDING_RE.match(head)) or (
        found == "image" and _DOING_RE.match(head)
    ):
        # "the survey found 90 percent support for …", "a video shows her clutching …";
        # to the end of the sentence ("…, followed by Cruz at 17 percent") unless another
        # source's figure follows ("…, with RealClearPolitics showing her ahead")
        other = _OTHER_FIGURE_RE.search(text, c_s, c_e)
        return _back_space(text, other.start(), c_s) if other else c_e
    if _small_clause(head, form, source):
        comma = _first_comma(text, c_s, c_e)  # ", with RealClearPolitics showing …": another
        return _back_space(text, comma, c_s) if comma > 0 else c_e
    return None


def _reported(text: str, sent: tuple[int, int], m: re.Match, time_spans) -> Attribution | None:
    s0, s1 = sent
    form = m.group(0)
    kind = cue_kind(form)
    if form[0].isupper() and m.start() == s0:
        return None  # "Said the official, …" is too rare to risk
    if form in _INTENT_FORMS and _INTENT_RE.match(text, m.start()):
        return None  # "promised to cut taxes": the intent rule reads the infinitive
    passive = _PASSIVE_BEFORE_RE.search(text, max(s0, m.start() - 16), m.start())
    if kind == "object" and passive:
        return None  # "are expected to", "was called": not a speaker acting
    if form in ("asked", "told") and passive:
        # "after he was asked about the attack": a question put to him, by someone unnamed
        c = content_after(text, m.end(), s1, "say", time_spans)
        if c is None or c[1] - c[0] < 8:
            return None
        return Attribution(c[0], c[1], m.start(), m.end(), None, None, sent, "asked")
    coord = _COORDINATED_RE.search(text, max(s0, m.start() - 12), m.start())
    if coord is None and form.endswith("ing"):
        coord = _PREP_ING_RE.search(text, max(s0, m.start() - 12), m.start())
    if coord and coord.start() == s0 and coord.group(0).strip().lower() != "in":
        # "After saying her foot was swollen, she was whisked off": the clause ends at the comma
        c = content_after(text, m.end(), s1, kind, time_spans)
        comma = _first_comma(text, c[0], c[1]) if c else -1
        if c and comma < 0:
            inside = re.search(r",[”\"](?=\s)", text[c[0] : c[1]])  # "…my shoe on,” she was"
            comma = c[0] + inside.end() if inside else -1
        if c is None or comma < 0 or comma - c[0] < 8:
            return None
        subj = _SUBJECT_AFTER_RE.match(text, comma + 1, s1)
        src = (subj.start(1), subj.end(1)) if subj else (None, None)
        return Attribution(c[0], comma, m.start(), m.end(), src[0], src[1], sent, "reported")
    if (
        coord
        and kind not in ("belief", "object")
        and (
            form.lower().endswith("ing")
            or "," not in coord.group(0)
            or coord.group(0).rstrip().endswith("then")
        )
    ):
        # "…, adding that …", "… and warned that …": same speaker as the cue before
        c = content_after(text, m.end(), s1, kind, time_spans)
        if c is None or c[1] - c[0] < 8:
            return None
        return Attribution(
            c[0], c[1], m.start(), m.end(), None, None, sent, "coordinated", same_source_as=-1
        )
    if coord and kind == "belief" and form in _BELIEVING and coord.start() > s0:
        # "…, believing (that) the takeover would vindicate her": a clause of its own
        c = content_after(text, m.end(), s1, kind, time_spans)
        if c is None or c[1] - c[0] < 8:
            return None
        if not c[2] and not _BARE_CLAUSE_RE.match(text, c[0], c[1]):
            return None
        return Attribution(
            c[0], c[1], m.start(), m.end(), None, None, sent, "coordinated", same_source_as=-1
        )
    after = text[m.end() : s1]
    pre = _back_space(text, m.start(), s0)
    closing = pre > s0 + 1 and text[pre - 1] in '”"' and text[pre - 2] == ","
    if kind != "belief" and pre > s0 and (text[pre - 1] == "," or closing):
        inverted = _inverted(text, sent, m, pre, after, time_spans)
        if inverted is not None and (
            inverted.gap is not None
            or len(text[inverted.content_start : inverted.content_end].split()) >= 3
        ):
            return inverted  # ("Murphy, though, said he is …": no statement before the cue)
    chain = _CHAIN_RE.search(text, max(s0, m.start() - 24), m.start())
    if chain is None and _infinitive_speech(text, m):
        return _loose(text, sent, m, kind, False, time_spans)
    frame = chain.start() if chain else m.start()
    src = source_before(text, s0, frame, time_spans, relative=True)
    if src is not None and form == "showing":
        src = _participle_head(text, src)
    at_end = _frame_to_end(text, m.end(), s1, kind, time_spans)
    trailing_as = src is not None and _TRAILING_AS_RE.search(text, max(s0, src[0] - 8), src[0])
    lead_end = _skip_lead_in(text, m.end(), s1, time_spans) if trailing_as else m.end()
    if trailing_as and (
        at_end
        or text[lead_end:s1].lstrip()[:1] in ",.;"
        or text[_back_space(text, lead_end, m.end()) - 1] == ","
    ):
        # "Ailes also met with Mr. Trump that day, as The New York Times reported on Tuesday,
        # and …": the clause before ", as" is the statement
        c_e = _back_space(text, trailing_as.start(), s0)
        head = _LEADING_CONJ_RE.match(text, s0, c_e)
        c_s = head.end() if head else s0
        if c_e - c_s > 8:
            return Attribution(
                c_s, c_e, m.start(), m.end(), src[0], src[1], sent, "reported",
                content_before=True,
            )  # fmt: skip
    if src is not None and not at_end:
        src_comma = _back_space(text, src[0], s0)
        parenthetical = src_comma - 1 > s0 and text[src_comma - 1] == ","
        c = content_after(text, m.end(), s1, kind, time_spans, parenthetical)
        if c is None:
            return None
        c_s, c_e, introduced = c
        aside = (
            text[_back_space(text, src[0], s0) - 1 : src[0]].strip() == ","
            and text[m.end() : c_s].rstrip().endswith(",")
            and _back_space(text, src[0], s0) - 1 > s0
        )
        if (
            kind == "belief"
            and not introduced
            and not (aside and form in _EVIDENCE_BARE)
            and not re.match(r"(?:whether|if|how|why|what)\b", text[c_s:c_e])
        ):
            bare_end = _bare_clause(text, c_s, c_e, form, text[src[0] : src[1]])
            if bare_end is None:
                return None
            c_e = bare_end
        if text[c_s] == "," or c_e - c_s < 8:
            return None
        if kind == "object":
            stop = _OBJECT_STOP_RE.search(text, c_s, c_e)
            if stop:
                c_e = _back_space(text, stop.start(), c_s)
            if c_e - c_s < 8:
                return None
        # "CONTENT, X said, CONTENT2": the statement is around the cue, not after it
        between = text[m.end() : c_s].rstrip()
        if (
            text[_back_space(text, src[0], s0) - 1 : src[0]].strip() == ","
            and between.endswith(",")
            and not re.search(r"\bthat\b", between)
        ):
            c_end = _back_space(text, _back_space(text, src[0], s0) - 1, s0)
            head = s0
            lead = _LEADING_CONJ_RE.match(text, s0, c_end)
            if lead:
                head = lead.end()
            by_start = _spans(time_spans).by_start
            intro_time = max(by_start.get(head, -1), by_start.get(head + 1, -1)) >= c_end - 1
            if intro_time or _INTRO_RE.match(text, head, c_end):
                # "During his years in office, Mr. Obama said, a majority …", "Six months ago,
                # the senator said, the media …": the clause after
                return Attribution(c_s, c_e, m.start(), m.end(), src[0], src[1], sent, "reported")
            if c_end - head > 3:
                return Attribution(
                    head,
                    c_e,
                    m.start(),
                    m.end(),
                    src[0],
                    src[1],
                    sent,
                    "reported",
                    content_before=True,
                    gap=(c_end, c_s),
                )
        if text[src[1] - 3 : src[1]].lower() in ("who", "hom"):
            # "The families, many of whom say X, will gather": the main clause resumes
            back = _RESUME_RE.search(text, c_s, c_e)
            if back and text[_back_space(text, src[0], s0) - 1] == ",":
                c_e = back.start()
        as_source = _AS_SOURCE_RE.match(text, s0, src[0]) and text[m.end() : c_s].rstrip().endswith(
            ","
        )
        if _SUBORDINATE_RE.match(text, s0, src[0]) and not as_source:
            # "While critics argue that X, Obama has deemed …": the main clause is not theirs
            # ("As the Post reported, …" is a source's statement to the end)
            main = _MAIN_CLAUSE_RE.search(text, c_s, c_e)
            if main and _first_comma(text, c_s, main.end()) == main.start():
                c_e = main.start()
        return Attribution(c_s, c_e, m.start(), m.end(), src[0], src[1], sent, "reported")
    if src is not None and at_end:
        # "CONTENT, a source said."
        lead = _back_space(text, src[0], s0)
        if lead > s0 and text[lead - 1] in ",—–":
            c_e = _back_space(text, lead - 1, s0)
            if c_e - s0 > 3:
                return Attribution(
                    s0,
                    c_e,
                    m.start(),
                    m.end(),
                    src[0],
                    src[1],
                    sent,
                    "reported",
                    content_before=True,
                )
        return None
    return _loose(text, sent, m, kind, at_end, time_spans)


def _loose(text: str, sent, m: re.Match, kind: str, at_end: bool, time_spans) -> Attribution | None:
    """A speech cue whose source the rules above could not place ("Friends, lobbyists and
    former foes say …", "The judges who ruled …, for instance, said …"): the statement after
    it, as a candidate of its own kind for the keep model to judge."""
    if kind not in ("say", "tell", "belief") or at_end:
        return None
    if _PASSIVE_BEFORE_RE.search(text, max(sent[0], m.start() - 16), m.start()) and not (
        _infinitive_speech(text, m)
    ):
        return None  # "was told", "is said to": no speaker before the cue
    c = content_after(text, m.end(), sent[1], kind, time_spans)
    if c is None or c[1] - c[0] < 8 or text[c[0]] in ",.;:" or text.startswith("by ", c[0]):
        return None  # "As reported by the Journal, …": the agent of a passive, no statement
    if kind == "belief" and not c[2]:
        return None  # "found the keys": a belief or a finding is a statement after "that"
    subject = clause_subject(text, sent[0], m.start())
    src = subject if subject is not None else (None, None)
    return Attribution(c[0], c[1], m.start(), m.end(), src[0], src[1], sent, "loose")


# Cues of evidence and assertion (issue 12): what follows them is often no clause ("showed
# Mr. Trump with a 16-point lead", "reported no arrests", "promised to end the regime").
_EVIDENCE_LEMMAS = set(
    words(
        "find show estimate conclude report claim accuse argue insist deny acknowledge warn "
        "predict promise believe reveal confirm"
    )
)


_NAME_BEFORE_RE = re.compile(
    r"(?<![\w’'.-])(?!(?:The|These|Those|This|That|His|Her|Their|Its|Our|My|Your|A|An|Some|"
    r"Many|Most|All|Such|Other|Democratic|Republican)\b)[A-Z][\w’'.-]*[a-z][\w’'.-]*\s+$"
)


def _named_noun_like(text: str, s0: int, m: re.Match) -> bool:
    """A cue form that reads as a noun ("reports", "notes") right after a capitalised name."""
    return m.group(0) in _NOUN_LIKE and bool(
        _NAME_BEFORE_RE.search(text, max(s0, m.start() - 40), m.start())
    )


def _bare_evidence(text: str, sent, m: re.Match, time_spans) -> Attribution | None:
    """The complement of an evidence or assertion cue the rules above read as no statement,
    whatever its shape, as a candidate of its own kind ("bare") for the keep model to judge."""
    s0, s1 = sent
    if _PASSIVE_BEFORE_RE.search(text, max(s0, m.start() - 16), m.start()):
        return None
    c = content_after(text, m.end(), s1, "say", time_spans)
    if c is None or c[1] - c[0] < 8 or text[c[0]] in ",.;:":
        return None
    head = text[c[0] : c[1]]
    if _NO_COMPLEMENT_RE.match(head):
        return None  # "found themselves in a fight", "believes in …", "shows how …"
    if m.group(0).lower() in _EVIDENCE_SMALL or ALL_FORMS.get(m.group(0)) == "reveal":
        found = _finding_kind(_phrase_before(text, s0, m.start()))
        if found == "image" and not _DOING_RE.match(head):
            return None  # "photos show a work space with bare walls": a scene
        if found is None and (NOUN_PHRASE_START_RE.match(head) or is_fragment(head, quoted=False)):
            # "the speech showed a lack of will", "the conflict revealed the limits of …": no
            # finding, no statement
            return None
    subject = source_before(text, s0, m.start(), time_spans, relative=True)
    if subject is None:
        subject = clause_subject(text, s0, m.start())
    src = subject if subject is not None else (None, None)
    return Attribution(c[0], c[1], m.start(), m.end(), src[0], src[1], sent, "bare")


# what cannot start an evidence verb's complement: a preposition or conjunction, a
# reflexive, a particle, a question word
_NO_COMPLEMENT_RE = re.compile(
    r"(?:in|on|at|of|for|with|from|into|about|by|as|and|or|but|up|off|out|away|down|back|"
    r"how|where|what|why|when|whether|if|which|who|\w+sel(?:f|ves))\b",
    re.IGNORECASE,
)


_TELL_OBJECT_RE = re.compile(
    r"\s*(?:reporters|journalists|supporters|the crowd|an? (?:audience|crowd|reporter)|"
    r"(?:him|her|them|me|us|you)\b|(?:his|her|their|its)(?:\s+(?!(?:as|while|when|after|before|in|on|at|during|that)\b)"
    r"[a-z]+){1,3}\b|"
    r"(?:the )?[A-Z][\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|of|the|for|and|on|[“\"][^“”\"]{1,40}[”\"]))*)"
)


# "…, Raddatz said in posing the question to Christie.", "… said when Boyle asked him."
_TRAILING_FRAME_RE = re.compile(
    r",?\s+(?:in|while|when|after|before|as|during)\s+(?:[a-z]+ing\b|[A-Z][\w’'.-]*\s+(?:asked|"
    r"pressed|questioned)|(?:he|she|they)\s+[a-z]+ed\b)[^;:“”\"]{0,120}[.!?]?\s*"
    # "said Tuesday in Paris, noting …": a place, then a participle of the speaker's
    r"|(?:\s+(?:in|at)\s+[A-Z][\w’'.-]*(?:,?\s+[A-Z][\w’'.-]*)?)?,\s+(?:noting|adding|saying|"
    r"citing|calling|arguing|warning|insisting|referring|explaining)\b[^;]{0,200}"
)


def _frame_to_end(text: str, i: int, s1: int, kind: str, time_spans) -> bool:
    """Whether only the cue's frame follows it to the end of the sentence: "said in an
    interview.", "told The Huffington Post on Thursday.", "announced Monday morning."."""
    j = _skip_lead_in(text, i, s1, time_spans)
    if kind == "tell":
        obj = _TELL_OBJECT_RE.match(text, j, s1)
        if obj:
            j = _skip_lead_in(text, obj.end(), s1, time_spans)
    rest = text[j:s1]
    if _SENT_END_RE.fullmatch(rest) or _TRAILING_FRAME_RE.fullmatch(rest):
        return True
    if re.fullmatch(r"\s*(?:--|—|–)\s[^“”\"—–]*", rest) and "--" not in rest[4:]:
        return True  # "…, the budget office reported on Tuesday -- a development that …"
    return (
        re.fullmatch(
            r"\s+(?:on |late |early |last )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
            r"(?: (?:morning|afternoon|evening|night))?\W*",
            rest,
        )
        is not None
    )


_INVERTED_TAIL_RE = re.compile(
    r"\s+((?:[\w’'.&-]+ ){0,9}?[\w’'.&-]+(?: \([^()]{1,30}\))?)\s*"
    r"(?:(?:,\s[^,;“”\"]{0,160}){1,3}|\s+who\s[^;“”\"]{1,200})?[.!?]?\s*$"
)


_AS_SOURCE_RE = re.compile(r"(?:(?:And|But)\s+)?As\s")
_TRAILING_AS_RE = re.compile(r",\s*as\s+$")
_SUBORDINATE_RE = re.compile(
    r"(?:(?:And|But|Yet)\s+)?(?:When|While|Although|Though|As|After|Before|Since|If|Once|Because|"
    r"Whereas|Until|Even as|Even though|Even if|Just as|Even after)\s"
)
_MAIN_CLAUSE_RE = re.compile(
    r",\s+(?=(?:the|a|an|his|her|their|its|this|these|those|he|she|they|it|we|I|there|"
    r"some|many|most|others|few|\d[\d,.]*|[A-Z][\w’'.-]*)\s|(?:he|she|they|it|we|I)[’'][a-z]+\s)"
)
_RESUME_RE = re.compile(
    r",\s+(?=(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|did|"
    r"does|do)\b)"
)
_VERB_IN_SOURCE_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|did|does|"
    r"do|be|been)\b|n[’']t\b"
)


def _inverted(text: str, sent, m: re.Match, pre: int, after: str, time_spans):
    """ "CONTENT, said the official." / "CONTENT, said Mr. Barrett, the lawyer for …"."""
    s0 = sent[0]
    tail = _INVERTED_TAIL_RE.match(after)
    if not tail:
        return None
    src_s, src_e = m.end() + tail.start(1), m.end() + tail.end(1)
    if text[src_e - 1] == "." and text[src_e - 3 : src_e - 1].isalpha():
        src_e -= 1  # the sentence's period, not "Jr." or "U.S."
    if any(ts <= src_s and src_e <= te for ts, te in time_spans):
        return None  # "…, said Sunday."
    if not _looks_like_source(text, src_s, src_e) or _VERB_IN_SOURCE_RE.search(text, src_s, src_e):
        return None
    src_words = text[src_s:src_e].split()
    if src_words[0].lower() in _BOUNDARY_WORDS | _NP_STOP:
        return None  # "X, who …, said that in 1998, …": the statement follows the cue
    if any(w.lower() in ("which", "that", "whom", "whose") for w in src_words):
        return None  # "says meeting participants outlined a scenario in which …": a clause
    if (src_words[0].lower() in PRONOUNS and len(src_words) > 1) or _CONTRACTED_PRONOUN_RE.match(
        src_words[0]
    ):
        return None  # "Paradis, who …, says she identifies as …": a clause, not a speaker
    if any(
        w.islower() and w.endswith("ed") and src_words[k - 1].lower() not in _SUBJECT_DETERMINERS
        for k, w in enumerate(src_words[1:], 1)
    ):
        return None  # "…, said the Khan family deserved better": a verb, so a clause
    if _RELATIVE_SUBJECT_RE.match(text, s0, pre):
        return None  # the subject and its relative clause stand before the cue
    c_e = pre if text[pre - 1] in '”"' else _back_space(text, pre - 1, s0)  # keep a closing mark
    if c_e - s0 <= 3:
        return None
    resume = _RESUME_RE.search(text, src_e, min(sent[1], src_e + 200))
    if resume and not _has_cue(text, src_e, resume.start()):
        # "The contrast with Trump, said Doyle and others, would be clear …": one statement
        # around the cue and its speaker
        r = resume.end()
        src_e = _back_space(text, resume.start(), src_s)
        if "," in text[src_s:src_e]:
            src_e = text.index(",", src_s, src_e)  # "Michael Kofman, an expert on Russia"
        return Attribution(
            s0, content_end(text, r, sent[1]), m.start(), m.end(), src_s, src_e, sent,
            "reported", content_before=True, gap=(c_e, r),
        )  # fmt: skip
    if _APPOSITIVE_SPEAKER_RE.fullmatch(text, s0, c_e):
        return None  # "A state hydrologist, Priya Natarajan, said …": the speaker, not a statement
    return Attribution(
        s0, c_e, m.start(), m.end(), src_s, src_e, sent, "reported", content_before=True
    )


_CONTRACTED_PRONOUN_RE = re.compile(r"(?:he|she|they|it|we|i|you)[’'](?:s|re|ll|d|ve|m)$", re.I)
_RELATIVE_SUBJECT_RE = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3},\s+who\s[^,]*,?\s*$")


# A role and a name between commas: what stands before a forward cue, never a statement.
_APPOSITIVE_SPEAKER_RE = re.compile(
    r"(?:(?:A|An|The|Her|His|Their|Its)\s+)?[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,5},\s*"
    r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}"
)


_DANGLING_RE = re.compile(r"(?:\s*(?:[,;—–]|--))?\s*\b(?:and|but|while|or)$")
_CLAUSE_BREAK_RE = re.compile(r"(?:[,;—–]|--|\s-)\s*(?:and\s+|but\s+|while\s+)?$")
# ... and a few words of the next speaker's before its frame: ", and more than 4 in 10 said",
# ", 27 percent of those who named a candidate said", " - others say"
_BREAK_SUBJECT_RE = re.compile(
    r"(?:[,;—–]|--|\s-)\s*(?:(?:and|but|while|yet)\s+)?((?:[\w’'.%$-]+\s+){1,4})$"
)
_NOT_SUBJECT_WORDS = _BOUNDARY_WORDS - {"and", "but", "while", "yet", "than"} | {
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "to", "not", "be",
}  # fmt: skip


def _clause_break_before(text: str, lo: int, frame: int) -> int | None:
    """Where a clause break stands before another attribution's frame inside a statement:
    right before it, or before a few words of its subject."""
    if _CLAUSE_BREAK_RE.search(text, max(lo, frame - 12), frame):
        return frame
    m = _BREAK_SUBJECT_RE.search(text, max(lo, frame - 60), frame)
    if m and not any(w.lower() in _NOT_SUBJECT_WORDS for w in m.group(1).split()):
        return m.start()
    return None


def _extend_to_quote_end(atts: list[Attribution], quotes: list[tuple[int, int]]) -> None:
    """A statement that opens a quotation runs to its closing mark, even when the sentence
    splitter cut inside it ("Trump told Fox that \"they hit Matt. … like gaming the ref.\"")."""
    for a in atts:
        if a.content_start < 0 or a.content_before:
            continue
        k = bisect.bisect_left(quotes, (a.content_start, a.content_start))
        while k < len(quotes) and quotes[k][0] < a.content_end:
            qs, qe = quotes[k]
            if qe > a.content_end and qe - a.content_end < 600:
                a.content_end = qe
            k += 1


def _trim_nested(
    text: str, atts: list[Attribution], quotes: list[tuple[int, int]] = ()
) -> list[Attribution]:
    """A statement stops where a second attribution's cue or source begins inside it."""
    for a in atts:
        if a.content_start < 0 or a.content_before:
            continue
        limit = a.content_end
        for b in atts:
            if b is a:
                continue
            inside = [x for x in (b.cue_start, b.source_start) if x is not None and x > a.content_start]
            frame = min(inside) if inside else -1
            if not a.content_start < frame < limit:
                continue
            at = frame if b.content_before else _clause_break_before(text, a.content_start, frame)
            if at is not None:
                limit = at  # "… intense — and he noted that …": the next statement
            elif b.kind == "coordinated":
                coord = _COORDINATED_RE.search(text, max(0, frame - 24), frame)
                if coord:
                    limit = coord.start()  # "urged allies to spend more but has said …"
                    if text[limit] == "," and text[limit + 1 : limit + 2] in ("”", '"'):
                        limit += 2  # "were ''overblown,'' adding that …": keep the mark
        m = _CUT_RE.search(text, a.content_start, limit)
        if m:
            limit = m.start()
        limit = _back_space(text, limit, a.content_start)
        tail = _DANGLING_RE.search(text, max(a.content_start, limit - 16), limit)
        if tail and limit != a.content_end:
            limit = _back_space(text, tail.start(), a.content_start)
        while limit > a.content_start and text[limit - 1] in ",;—–(":
            limit = _back_space(text, limit - 1, a.content_start)
        if limit - a.content_start >= 3:
            a.content_end = limit
    return atts


# -- pass 0: paragraphs that are an attribution by their layout ------------------------------

_LABEL_RE = re.compile(
    r"[\"“]?(?:(?:EXCLUSIVE|BREAKING|WATCH|VIDEO|UPDATE)\s*[–—:-]\s*)?"
    r"(?P<src>(?:[A-Z][\w’'.&-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w’'.&-]*|of|to|on|for|the|camp|"
    r"campaign|editorial|spokesman|spokeswoman|aides?|officials?)){0,5})\s*:\s*(?P<body>\S)"
)
_LABEL_STOP = set(
    words(
        """
    note update updated related watch read photo photos video listen source sources correction
    editor editor's editor’s disclosure clarification more also see follow subscribe sign
    advertisement breaking opinion analysis warning caption credit image images pictured
    q a question answer transcript full text live when where what why how who date time
    location wednesday monday tuesday thursday friday saturday sunday january february
    march april may june july august september october november december
    """
    )
)
_LABEL_PHRASES = {"the latest", "fix is in", "delegate update", "news guide", "deaths"}
_PULL_QUOTE_RE = re.compile(
    r"(?P<body>[“”\"].*[”\"])\s*[―—–]\s*(?P<src>[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,4})[.\s\xa0]*$",
    re.DOTALL,
)


def paragraph_attributions(text: str, para: Paragraph) -> list[Attribution]:
    """ "Poll: Clinton and Trump in dead heat", "PENCE: And that’s why …" (a label and its
    statement) and "“…” ― Sonya Herridge" (a quotation signed after a dash)."""
    p0, p1 = para.start, para.end
    sent = (p0, p1)
    out: list[Attribution] = []
    m = _PULL_QUOTE_RE.match(text, p0, p1)
    if m and len(m.group("body").split()) >= 3:
        c_s, c_e = m.start("body"), m.end("body")
        dash = _back_space(text, m.start("src"), c_e)
        src_e = m.end("src")
        if text[src_e - 1] == "." and text[src_e - 3 : src_e - 1].isalpha():
            src_e -= 1  # "― Steve Quinlan."
        out.append(
            Attribution(
                c_s, c_e, dash - 1, dash, m.start("src"), src_e, sent, "quote",
                content_before=True,
            )
        )  # fmt: skip
        return out
    m = _LABEL_RE.match(text, p0, p1)
    if m:
        src = m.group("src")
        first = src.split()[0].lower().strip("’'")
        if first in _LABEL_STOP or src.lower() in _LABEL_STOP or src.lower() in _LABEL_PHRASES:
            return out
        c_s = m.start("body")
        c_e = content_end(text, c_s, p1)
        n_words = len(text[c_s:c_e].split())
        if n_words > 30 and not src.isupper() and text[c_s] not in QUOTE_CHARS + "‘":
            return out  # "Peacekeeping: The refugee crisis is …": a section heading
        if text.count(",", c_s, c_e) > 4:
            return out  # a list of names
        if n_words >= 3:
            colon = text.rfind(":", m.start("src"), c_s)
            src_e = m.end("src")
            to = re.search(r"\s(?:to|To|on|On)\s", src)  # "Clinton to Planned Parenthood:"
            if to:
                src_e = m.start("src") + to.start()
            out.append(
                Attribution(c_s, c_e, colon, colon + 1, m.start("src"), src_e, sent, "quote")
            )
    return out

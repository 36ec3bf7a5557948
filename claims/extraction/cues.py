"""The verbs and phrases that tie a statement to whoever made it."""

from __future__ import annotations

import re

from claims.extraction.trie import trie_pattern

_DOUBLE = {"admit", "commit", "regret", "rebut", "submit", "omit", "signal", "quip", "refer"}
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "find": ("find", "finds", "found", "finding"),
    "think": ("think", "thinks", "thought", "thinking"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "hold": ("hold", "holds", "held", "holding"),
    "speak": ("speak", "speaks", "spoke", "speaking"),
    "understand": ("understand", "understands", "understood", "understanding"),
    "learn": ("learn", "learns", "learned", "learnt", "learning"),
    "make clear": ("make clear", "makes clear", "made clear", "making clear",
                   "make it clear", "makes it clear", "made it clear", "making it clear"),
    "point out": ("point out", "points out", "pointed out", "pointing out"),
    "go on": ("went on to say", "goes on to say", "going on to say"),
    "be quoted": ("was quoted as saying", "were quoted as saying", "is quoted as saying"),
}  # fmt: skip


def words(text: str) -> list[str]:
    return text.split()


def verb_forms(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma, lemma + "es", lemma + "ed", lemma + "ing"
    if lemma in _DOUBLE:
        return lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    return lemma, lemma + "s", lemma + "ed", lemma + "ing"


# Verbs whose complement is the statement, with or without "that".
SAY = words(
    """
say add note state claim warn announce explain argue insist tweet report assert stress
emphasize emphasise acknowledge admit allege contend declare confirm maintain predict reply
respond reiterate recall remark suggest testify concede complain charge boast estimate
observe conclude caution agree disclose comment counter write post joke quip lament clarify
mention assess affirm reaffirm repeat recount proclaim speculate hint signal answer vow
pledge promise point_out make_clear go_on be_quoted posit theorize predicate surmise retort
muse concur underscore underline highlight exclaim condemn denounce criticize criticise
accuse ask wonder inquire demand urge
"""
)
# Verbs that take a listener before the statement: "told CNN that ...".
TELL = ["tell", "inform", "assure", "remind", "advise", "notify", "brief", "warn", "promise"]
# Verbs of belief or finding: a statement only when a clause follows ("found that ...").
BELIEF = words(
    """
believe think know find show reveal fear hope expect feel understand learn determine
demonstrate prove indicate realize realise recognize worry doubt estimate hold acknowledge
conclude suspect assume guess accept
"""
)

# Verbs whose object is what was said or stood for: "called for an inquiry", "praised the deal".
OBJECT = words(
    """
call cite urge describe propose praise defend oppose reject dismiss deny question blast slam
tout hail applaud welcome recommend dispute challenge request mock ridicule lambaste decry
"""
)
OBJECT_FORMS = {f: lemma for lemma in OBJECT for f in verb_forms(lemma)}
SAY_FORMS = {f: lemma for lemma in SAY for f in verb_forms(lemma.replace("_", " "))}
TELL_FORMS = {f: lemma for lemma in TELL for f in verb_forms(lemma)}
BELIEF_FORMS = {f: lemma for lemma in BELIEF for f in verb_forms(lemma)}
ALL_FORMS = {**OBJECT_FORMS, **BELIEF_FORMS, **SAY_FORMS, **TELL_FORMS}

# lower case only: a capitalised "States" or "Reports" is a name or a headline word
CUE_RE = re.compile(r"(?<![\w’'-])(?:" + trie_pattern(sorted(ALL_FORMS)) + r")(?![\w’'-])")
ACCORDING_RE = re.compile(r"(?<![\w-])according to(?![\w-])", re.IGNORECASE)
# Passive cues with no named speaker: "it was reported that ...".
PASSIVE_RE = re.compile(
    r"\b(?:it|It) (?:was|is|has been|had been) (?:reported|announced|claimed|alleged|said|"
    r"confirmed|revealed|stated|noted|argued|suggested|estimated|believed|thought|understood)"
    r"(?: \w+){0,3}? that\b"
)

# Words that may sit between a speaker and the cue: "Kirby later said", "officials have stressed".
AUXILIARIES = set(
    words(
        """
also later earlier previously then once again repeatedly recently has have had is was were
are will would could can may might must should did does do reportedly already further first
separately privately publicly quickly flatly not never ever subsequently similarly
specifically initially originally simply just still even only often frequently now since
has've ’s 's isn’t wasn’t didn’t doesn’t hasn’t haven’t won’t wouldn’t can’t couldn’t isn't
wasn't didn't doesn't hasn't haven't won't wouldn't can't couldn't
"""
    )
)


def cue_kind(form: str) -> str:
    """'say', 'tell' or 'belief' for a matched cue form."""
    low = form.lower()
    if low in TELL_FORMS and low not in ("warn", "warns", "warned", "warning"):
        return "tell"
    if low in SAY_FORMS:
        return "say"
    if low in OBJECT_FORMS:
        return "object"
    return "belief"

"""How much a statement is worth checking, and what kind of claim it is (Full Fact's types).

The score comes from the trained model in ``claims.triage.scorer`` (a logistic regression over
words and pieces of words, trained on fact-checkers' labels of US debates); ``explain`` says which
words moved it. The claim type stays a transparent rule over surface signals.
"""

from __future__ import annotations

import re

from claims.letters import LETTERS_RE

MAX_CHARS = 1500  # a longer "statement" is run-on text; its head says enough
GIVEN = "given"  # the model name of a score an import gave: kept, never rescored
CLAIM_TYPES = ("quantity", "correlation", "law", "prediction", "personal", "other", "not_a_claim")

# The patterns below without a capital letter read the lower-cased statement (faster than
# IGNORECASE, which slows every alternation).
_NUMBER_RE = re.compile(
    r"(?:[$£€]\s?\d|\d[\d,.]*\s?(?:%|percent|per cent|million|billion|trillion|thousand)|"
    r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|"
    r"third|quarter|double|doubled|tripled|twice)\b)",
)
_CAUSAL_RE = re.compile(
    r"\b(?:because|caused?|causes|causing|led to|leads to|result(?:ed|s)? in|as a result|due to|"
    r"thanks to|linked to|responsible for|blame[sd]?|so that|therefore|creat(?:e|ed|es|ing)|"
    r"destroy(?:ed|s)?|kill(?:ed|s)?|lost|losing|gained|brought)\b",
)
_LAW_RE = re.compile(
    r"\b(?:law|laws|legal|illegal|unconstitutional|constitution|bill|bills|legislation|act|"
    r"regulation|rules?|ban(?:ned|s)?|treaty|deal|agreement|court|supreme|tax|taxes|tariffs?|"
    r"vot(?:e|ed|ing)|veto(?:ed)?|sign(?:ed)?|passed|repeal(?:ed)?|mandate|requires?|"
    r"amendment|sanctions?|policy|program|programme|plan)\b",
)
_STRONG_LAW_RE = re.compile(
    r"\b(?:law|laws|legal|illegal|unconstitutional|constitution|legislation|regulations?|"
    r"banned|outlawed|statute)\b",
)
_MEASURE_RE = re.compile(r"[$£€%]|\b(?:percent|million|billion|trillion)\b")
_PREDICT_RE = re.compile(
    r"\b(?:will|won['’]t|going to|gonna|would|shall|expect(?:s|ed)?|forecast|predict(?:s|ed)?|"
    r"next year|next month|by 20\d\d|in the future|soon)\b",
)
_PERSONAL_RE = re.compile(r"\b(?:I|I['’]m|I['’]ve|I['’]ll|me|my|mine|myself)\b")
_OPINION_RE = re.compile(
    r"\b(?:think|believe|feel|hope|wish|want|love|like|hate|great|terrible|wonderful|amazing|"
    r"horrible|beautiful|disgrace(?:ful)?|should|must|ought|need to|needs to|let['’]s|let us|"
    r"thank|thanks|congratulat\w*|please|folks|frankly|honestly|believe me|nice|tremendous|"
    r"incredible|fantastic|good|bad|best|worst|proud|honou?r(?:ed)?|welcome|applause|"
    r"laughter|crosstalk|okay|ok|yes|no|well)\b",
)
_FACT_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|did|does|do|been|said|says|voted|supported|opposed|"
    r"created|lost|increased|decreased|spent|paid|raised|cut|gave|took|made|started|ended|"
    r"became|doubled|tripled|received|signed|passed|killed|invaded|won|owns|owned|built)\b",
)
_ENTITY_RE = re.compile(r"(?<=[\w,;] )[A-Z][a-zA-Z]+")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")
_QUESTION_MARKS = ("?", "؟", "？", "\u037e")  # Latin, Arabic, fullwidth, Greek (;)


def model_name() -> str:
    """The name of the model that scores claims now (recorded with each claim it scores)."""
    from claims.triage.scorer import shipped

    return shipped().name


def score_many(texts: list[str]) -> list[float]:
    """Each statement's check-worthiness in 0..1, from the shipped model, in one batch."""
    from claims.triage.scorer import shipped

    return shipped().scores([" ".join(str(t)[:MAX_CHARS].split()) for t in texts])


def score_claim(text: str) -> tuple[float, str]:
    """(score in 0..1, claim type) for one statement."""
    return score_many([text])[0], claim_type(text)


def explain(text: str) -> list[dict]:
    """Why the model scored ``text`` as it did: [{"reason": "a figure: 18 percent", "effect": 0.9}]."""
    from claims.triage.explain import reasons
    from claims.triage.scorer import shipped

    statement = " ".join(str(text)[:MAX_CHARS].split())
    return reasons(shipped().contributions(statement), statement)


def _word_count(s: str) -> int:
    """Words in any script: `_WORD_RE` counts Latin ones only, so an 11-word Arabic, Greek or
    Russian statement counted none and every such transcript line was stored as no claim,
    left out of the queue and `claims list`. Other scripts are counted as the short-claim
    rule counts them (a run of ideographs a word per two characters)."""
    words = _WORD_RE.findall(s)
    latin = len(words)
    if latin >= 4 or s.isascii() or 2 * sum(map(len, words)) >= sum(map(len, LETTERS_RE.findall(s))):
        # mostly Latin: counted as before ('Taxes — up 5%.' is three words, its dash none;
        # the other count made it four, a quantity claim where it had been no claim)
        return latin
    from claims.matching.normalize import count_words, tokenize

    return max(latin, count_words(tokenize(s)))


_GREEK_RE = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


def _greek_question(s: str) -> bool:
    """Greek ends a question with ';' (U+037E, the Greek question mark, is that character once
    normalised): 'Είναι αλήθεια ότι η ανεργία μειώθηκε φέτος;' was stored as a claim."""
    return s.endswith(";") and len(_GREEK_RE.findall(s)) * 2 > sum(map(len, LETTERS_RE.findall(s)))


def claim_type(text: str) -> str:
    """Full Fact's claim type for a statement, from surface signals."""
    s = " ".join(str(text)[:MAX_CHARS].split())
    if _word_count(s) < 4 or s.endswith(_QUESTION_MARKS) or _greek_question(s):
        return "not_a_claim"
    low = s.lower()
    if _STRONG_LAW_RE.search(low) and not _MEASURE_RE.search(low):
        return "law"  # "illegal to sell tobacco to anyone under 21" is about a rule
    if _NUMBER_RE.search(low):
        return "quantity"
    if _CAUSAL_RE.search(low):
        return "correlation"
    if _LAW_RE.search(low):
        return "law"
    if _PREDICT_RE.search(low):
        return "prediction"
    if _PERSONAL_RE.search(s):
        return "personal"
    opinion = len(_OPINION_RE.findall(low))
    if opinion > len(_FACT_VERB_RE.findall(low)) + len(_ENTITY_RE.findall(s)):
        return "not_a_claim"
    return "other"

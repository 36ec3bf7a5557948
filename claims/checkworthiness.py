"""How much a statement is worth checking, and what kind of claim it is (Full Fact's types).

A transparent score from surface signals: quantities, comparisons, causal and legal
language, named entities, against opinion, prediction, questions and personal talk.
"""

from __future__ import annotations

import math
import re

MAX_CHARS = 1500  # a longer "statement" is run-on text; its head says enough
CLAIM_TYPES = ("quantity", "correlation", "law", "prediction", "personal", "other", "not_a_claim")

_NUMBER_RE = re.compile(
    r"(?:[$£€]\s?\d|\d[\d,.]*\s?(?:%|percent|per cent|million|billion|trillion|thousand)|"
    r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|"
    r"third|quarter|double|doubled|tripled|twice)\b)",
    re.IGNORECASE,
)
_COMPARE_RE = re.compile(
    r"\b(?:more|less|fewer|higher|lower|larger|smaller|biggest|largest|highest|lowest|most|least|"
    r"increase[sd]?|decrease[sd]?|rose|risen|fell|fallen|dropped|grew|grown|cut|cuts|doubled|"
    r"record|average|rate|percent|majority|times|than|only|every|all|none|nobody|never|always|"
    r"first|last|since|ever)\b",
    re.IGNORECASE,
)
_CAUSAL_RE = re.compile(
    r"\b(?:because|caused?|causes|causing|led to|leads to|result(?:ed|s)? in|as a result|due to|"
    r"thanks to|linked to|responsible for|blame[sd]?|so that|therefore|creat(?:e|ed|es|ing)|"
    r"destroy(?:ed|s)?|kill(?:ed|s)?|lost|losing|gained|brought)\b",
    re.IGNORECASE,
)
_LAW_RE = re.compile(
    r"\b(?:law|laws|legal|illegal|unconstitutional|constitution|bill|bills|legislation|act|"
    r"regulation|rules?|ban(?:ned|s)?|treaty|deal|agreement|court|supreme|tax|taxes|tariffs?|"
    r"vot(?:e|ed|ing)|veto(?:ed)?|sign(?:ed)?|passed|repeal(?:ed)?|mandate|requires?|"
    r"amendment|sanctions?|policy|program|programme|plan)\b",
    re.IGNORECASE,
)
_STRONG_LAW_RE = re.compile(
    r"\b(?:law|laws|legal|illegal|unconstitutional|constitution|legislation|regulations?|"
    r"banned|outlawed|statute)\b",
    re.IGNORECASE,
)
_MEASURE_RE = re.compile(r"[$£€%]|\b(?:percent|million|billion|trillion)\b", re.IGNORECASE)
_PREDICT_RE = re.compile(
    r"\b(?:will|won['’]t|going to|gonna|would|shall|expect(?:s|ed)?|forecast|predict(?:s|ed)?|"
    r"next year|next month|by 20\d\d|in the future|soon)\b",
    re.IGNORECASE,
)
_PERSONAL_RE = re.compile(r"\b(?:I|I['’]m|I['’]ve|I['’]ll|me|my|mine|myself)\b")
_OPINION_RE = re.compile(
    r"\b(?:think|believe|feel|hope|wish|want|love|like|hate|great|terrible|wonderful|amazing|"
    r"horrible|beautiful|disgrace(?:ful)?|should|must|ought|need to|needs to|let['’]s|let us|"
    r"thank|thanks|congratulat\w*|please|folks|frankly|honestly|believe me|nice|tremendous|"
    r"incredible|fantastic|good|bad|best|worst|proud|honou?r(?:ed)?|welcome|applause|"
    r"laughter|crosstalk|okay|ok|yes|no|well)\b",
    re.IGNORECASE,
)
_FACT_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|did|does|do|been|said|says|voted|supported|opposed|"
    r"created|lost|increased|decreased|spent|paid|raised|cut|gave|took|made|started|ended|"
    r"became|doubled|tripled|received|signed|passed|killed|invaded|won|owns|owned|built)\b",
    re.IGNORECASE,
)
_ENTITY_RE = re.compile(r"(?<=[\w,;] )[A-Z][a-zA-Z]+")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")


def score_claim(text: str) -> tuple[float, str]:
    """(score in 0..1, claim type) for a statement."""
    s = " ".join(str(text)[:MAX_CHARS].split())
    words = _WORD_RE.findall(s)
    n = len(words)
    if n < 4 or s.endswith("?"):
        return (0.02 if n else 0.0), "not_a_claim"
    numbers = len(_NUMBER_RE.findall(s))
    compare = len(_COMPARE_RE.findall(s))
    causal = len(_CAUSAL_RE.findall(s))
    law = len(_LAW_RE.findall(s))
    predict = len(_PREDICT_RE.findall(s))
    personal = len(_PERSONAL_RE.findall(s))
    opinion = len(_OPINION_RE.findall(s))
    fact_verbs = len(_FACT_VERB_RE.findall(s))
    entities = len(_ENTITY_RE.findall(s))

    x = -2.6
    x += 1.1 * min(numbers, 3)
    x += 0.35 * min(compare, 3)
    x += 0.35 * min(causal, 2)
    x += 0.3 * min(law, 2)
    x += 0.25 * min(entities, 3)
    x += 0.15 * min(fact_verbs, 3)
    x += 0.6 * math.log(n / 10) if n > 10 else -0.8 * (10 - n) / 6
    x -= 0.35 * min(opinion, 3)
    x -= 0.2 * min(personal, 3)
    x -= 0.3 * min(predict, 2)
    score = 1 / (1 + math.exp(-x))

    if _STRONG_LAW_RE.search(s) and not _MEASURE_RE.search(s):
        kind = "law"  # "illegal to sell tobacco to anyone under 21" is about a rule
    elif numbers:
        kind = "quantity"
    elif causal:
        kind = "correlation"
    elif law:
        kind = "law"
    elif predict:
        kind = "prediction"
    elif personal:
        kind = "personal"
    elif opinion > fact_verbs + entities:
        kind = "not_a_claim"
    else:
        kind = "other"
    return round(score, 4), kind

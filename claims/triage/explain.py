"""Reasons a reviewer reads for a check-worthiness score: the words that moved it, by kind.

The model's raw score is a sum of each word's contribution (``scorer.Contribution``); here the
words are grouped by what they are (a figure, a comparison, opinion words, ...) and the groups
that moved the score most are named with the words themselves: "a figure: 18 percent".
"""

from __future__ import annotations

import re

MIN_EFFECT = 0.08  # log-odds; a smaller push is not worth a line
MAX_UP, MAX_DOWN, MAX_WORDS = 3, 2, 3

_NUMBER_WORDS = set(
    ["percent", "per", "cent", "million", "billion", "trillion", "thousand", "hundred", "half", "third", "quarter", "twice", "double", "doubled", "tripled", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen", "dozens"]
)
_KINDS: tuple[tuple[str, str, set[str]], ...] = (
    ("a comparison", "comparisons", set(
        ["more", "less", "fewer", "higher", "lower", "larger", "smaller", "bigger", "biggest", "largest", "highest", "lowest", "most", "least", "increase", "increased", "increases", "decrease", "decreased", "rose", "risen", "fell", "fallen", "dropped", "grew", "grown", "cut", "cuts", "record", "average", "rate", "than", "only", "every", "never", "always", "first", "last", "since", "ever", "majority"]
    )),
    ("cause and effect", "cause and effect", set(
        ["because", "cause", "caused", "causes", "causing", "led", "result", "resulted", "results", "due", "blame", "blamed", "responsible", "created", "creates", "destroyed", "killed", "lost", "losing", "gained", "brought"]
    )),
    ("law or policy", "law or policy", set(
        ["law", "laws", "legal", "illegal", "unconstitutional", "constitution", "bill", "bills", "legislation", "act", "regulation", "regulations", "rule", "rules", "ban", "banned", "treaty", "deal", "agreement", "court", "tax", "taxes", "tariff", "tariffs", "vote", "voted", "voting", "veto", "vetoed", "signed", "passed", "repeal", "repealed", "mandate", "amendment", "sanctions", "policy", "program", "plan", "obamacare"]
    )),
    ("a prediction", "predictions", set(
        ["will", "won't", "going", "gonna", "would", "shall", "expect", "expects", "expected", "forecast", "predict", "predicted", "soon"]
    )),
    ("opinion words", "opinion words", set(
        ["think", "believe", "feel", "hope", "wish", "want", "love", "like", "hate", "great", "terrible", "wonderful", "amazing", "horrible", "beautiful", "disgrace", "should", "must", "ought", "need", "let", "let's", "thank", "thanks", "please", "folks", "frankly", "honestly", "nice", "tremendous", "incredible", "fantastic", "good", "bad", "best", "worst", "proud", "honor", "honour", "welcome", "okay", "ok", "yes", "no", "well"]
    )),
    ("talk about oneself", "talk about oneself", set(
        ["i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "myself"]
    )),
)
_SMALL = set(["the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "is", "are", "was", "were", "be", "it", "that", "this"])
_APOSTROPHE = str.maketrans("’", "'")


def kind_of(word: str) -> tuple[str, str]:
    """(singular, plural) name of the kind of word ``word`` is."""
    w = word.lower().translate(_APOSTROPHE)
    if re.search(r"\d", w) or w in _NUMBER_WORDS or w in ("$", "%", "£", "€"):
        return ("a figure", "figures")
    for one, many, vocabulary in _KINDS:
        if w in vocabulary:
            return (one, many)
    return ("the words", "the words")


def reasons(contributions, text: str) -> list[dict]:
    """The groups of words that raised the score most, then those that lowered it most:
    [{"reason": "a figure: 18 percent", "effect": 0.91}, ...], effects in log-odds."""
    groups: dict[tuple[str, str], list] = {}
    for c in contributions:
        groups.setdefault(kind_of(c.word), []).append(c)
    scored = []
    for kind, members in groups.items():
        for sign in (1, -1):
            side = [c for c in members if c.effect * sign > 0]
            effect = sum(c.effect for c in side)
            if abs(effect) >= MIN_EFFECT:
                scored.append((effect, kind, side))
    up = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])[:MAX_UP]
    down = sorted((s for s in scored if s[0] < 0), key=lambda s: s[0])[:MAX_DOWN]
    return [
        {"reason": _say(kind, side, text), "effect": round(effect, 2)} for effect, kind, side in up + down
    ]


def _say(kind: tuple[str, str], side: list, text: str) -> str:
    """"a figure: 18 percent" - the strongest few words, in sentence order, neighbours joined."""
    strong = sorted(side, key=lambda c: -abs(c.effect))
    if kind[0] == "the words":
        strong = [c for c in strong if c.word.lower() not in _SMALL] or strong
    chosen = sorted(strong[:MAX_WORDS], key=lambda c: c.start)
    if kind[0] == "a figure":  # "18 percent", "$5 billion": the whole figure
        chosen = sorted(side, key=lambda c: c.start)
    phrases: list[list] = []
    for c in chosen:
        if phrases and kind[0] == "a figure" and c.start - phrases[-1][-1].end <= 1:
            phrases[-1].append(c)
        else:
            phrases.append([c])
    shown = [text[p[0].start : p[-1].end] for p in phrases[:MAX_WORDS]]
    name = kind[0] if len(shown) == 1 else kind[1]
    return f"{name}: {', '.join(shown)}"


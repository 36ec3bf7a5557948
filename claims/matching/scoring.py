"""The scores of two claims, 0..100: how *similar* they are, and how likely they are the
*same claim*.

``similarity(a, b, idf=None)`` ranks search results. It blends three views of a pair:

- **weighted term overlap** (Dice over informative terms, each term weighed by its idf):
  sharing "drones" and "Kharkiv" counts far more than sharing "said" and "people";
- **character 3-gram Jaccard** on the normalised text: catches spellings, compounds and
  inflections the stemmer misses ("Kyiv"/"Kiev", "e-mail"/"email");
- **rapidfuzz token_sort_ratio** on the informative words: a little word-order sense.

``score_pair(a, b, idf=None)`` is the match score the decision thresholds apply to: a
logistic model over lexical features of the pair (:data:`MODEL`), 100 times the
probability that the two sentences say the same thing. Beside the overlaps above it weighs
what a paraphrase test needs and a ranking does not: how much of the *smaller* claim the
other contains (idf-weighted), how much informative text either side has that the other
lacks (a clause more is a claim more), word bigrams and trigrams, the length ratio, a
negation on one side only, and whether the figures both give agree. It was fitted on the
MRPC training pairs (pairs whose numbers conflict left out: the decision handles those)
plus 1,000 random pairs of unrelated sentences, so that pairs unlike anything in MRPC score
low; 5-fold cross-validation gives the same accuracy within 0.3 points (see
``bench/eval_matching.py``). For retrieval the model is worse than the plain blend (it was
not trained to rank), hence two scores.

Both are symmetric (every feature is), in 0..100, and a text scores 100 against itself.
Texts that normalise to the same string score 100 (punctuation, case and quote style never
matter); an empty text scores 0 against anything else. Stop-word-only texts are compared on
their words, unweighted, by the similarity blend.

Inputs are strings or :class:`~claims.matching.normalize.Analysis` objects (pass analyses
when scoring one text against many, to normalise it once).
"""

from __future__ import annotations

import math
from functools import lru_cache

from rapidfuzz import fuzz

from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis, analysis_of_words, analyze, is_number
from claims.matching.numbers import Unmatched, unmatched

SCORER = "claims-lexical-v2"  # bump when the formula or weights change: stored scores carry it

WEIGHT_TERMS = 0.50
WEIGHT_GRAMS = 0.35
WEIGHT_ORDER = 0.15

_UNIFORM = IdfTable()  # no corpus: every term weighs the same

_NEGATION_WORDS = (
    "not no never nt didnt doesnt dont wont cant cannot isnt wasnt arent werent couldnt "
    "wouldnt shouldnt hasnt havent hadnt nobody nothing none neither nor"
)
NEGATIONS = frozenset(_NEGATION_WORDS.split())

# (feature, weight) of the match model; the products are interaction terms. Fitted by
# iteratively reweighted least squares (L2 0.01) on the MRPC pairs without a number conflict
# + 1,000 random pairs; `bench/eval_matching.py --only fit` refits it and cross-validates.
MODEL: tuple[tuple[str, float], ...] = (
    ("covmax", 6.4155),  # idf-weighted share of the smaller claim the other contains
    ("wdice", 2.2639),  # idf-weighted Dice of terms
    ("ratio", 1.5545),  # rapidfuzz ratio of the normalised texts
    ("bigram", 4.7383),  # Dice of word bigrams
    ("trigram", -4.2816),  # Dice of word trigrams
    ("tbigram", -4.9333),  # Dice of informative-term bigrams
    ("g3", -4.9624),  # Jaccard of character 3-grams
    ("lenratio", -5.2038),  # shorter / longer, in words
    ("unsh_max", -0.7697),  # informative weight only one side has (the larger), in rare words
    ("nunsh_max", 1.1463),  # informative terms only one side has (the larger count) / 5
    ("negmis", -1.2036),  # a negation on one side only
    ("numagree", 1.7696),  # share of the numbers that agree with one on the other side
    ("hasnum", -1.5203),  # both sides give numbers
    ("covmax*lenratio", 6.0805),
    ("wdice*ratio", -1.7208),
    ("g3*g3", 7.5670),
    ("covmax*covmax", -5.6527),
    ("unsh_max*unsh_max", 0.0408),
    ("ratio*lenratio", 8.0561),
)
_INTERACTIONS = tuple((name, *name.split("*")) for name, _ in MODEL if "*" in name)
BIAS = -3.8251
OVERLAP_CAP = 200.0  # score <= this * weighted Dice of terms
# The feature ranges of the training pairs: features are clipped to them before the model.
CLIP = {"lenratio": (0.54, 1.0), "unsh_max": (0.0, 9.1), "nunsh_max": (0.0, 3.0)}


def as_analysis(text: str | Analysis) -> Analysis:
    return text if isinstance(text, Analysis) else analyze(text)


def weighted_dice(
    terms_a: frozenset[str], terms_b: frozenset[str], idf: IdfTable | None = None
) -> float:
    """``2 * w(shared) / (w(a) + w(b))`` with idf weights; 0..1, symmetric."""
    if not terms_a or not terms_b:
        return 1.0 if terms_a == terms_b else 0.0
    weight = (idf or _UNIFORM).weight
    # fsum is exact, so the result does not depend on set iteration order (symmetry).
    shared = math.fsum(weight(t) for t in terms_a & terms_b)
    total = math.fsum(weight(t) for t in terms_a) + math.fsum(weight(t) for t in terms_b)
    return 2.0 * shared / total if total else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared  # len(a | b) without building it
    return shared / union if union else 1.0


def _dice(a: frozenset, b: frozenset) -> float:
    size = len(a) + len(b)
    return 2.0 * len(a & b) / size if size else 1.0


def similarity_analyses(a: Analysis, b: Analysis, idf: IdfTable | None = None) -> float:
    """:func:`similarity` for analyses already computed."""
    if a.normalized == b.normalized:
        return 100.0
    if not a.words or not b.words:
        return 0.0
    terms_a, terms_b = a.terms, b.terms
    text_a, text_b = a.informative_text, b.informative_text
    if not terms_a or not terms_b:  # stop words only on one side: compare plain words
        terms_a, terms_b = frozenset(a.words), frozenset(b.words)
        text_a, text_b = a.normalized, b.normalized
        idf = _UNIFORM
    return _blend(weighted_dice(terms_a, terms_b, idf), _jaccard(a.grams, b.grams), text_a, text_b)


def _blend(terms: float, grams: float, text_a: str, text_b: str) -> float:
    order = fuzz.token_sort_ratio(text_a, text_b) / 100.0
    score = 100.0 * (WEIGHT_TERMS * terms + WEIGHT_GRAMS * grams + WEIGHT_ORDER * order)
    return round(min(100.0, max(0.0, score)), 2)


def similarity_of_pair(a: Analysis, b: Analysis, features: dict[str, float], idf: IdfTable | None = None
                       ) -> float:
    """:func:`similarity_analyses` given the pair's :func:`pair_features` (computed with the
    same `idf`): their weighted Dice and 3-gram Jaccard are the blend's own, not computed again."""
    if a.normalized == b.normalized or not a.words or not b.words or not a.terms or not b.terms:
        return similarity_analyses(a, b, idf)
    return _blend(features["wdice"], features["g3"], a.informative_text, b.informative_text)


def similarity(a: str | Analysis, b: str | Analysis, idf: IdfTable | None = None) -> float:
    """How alike two texts are, 0..100: the ranking score of search."""
    return similarity_analyses(as_analysis(a), as_analysis(b), idf)


def pair_features(a: Analysis, b: Analysis, idf: IdfTable | None = None,
                  numbers: Unmatched | None = None) -> dict[str, float]:
    """The match model's features of a pair (each symmetric in a and b); `numbers`: the
    pair's :func:`~claims.matching.numbers.unmatched` numbers, when the caller has them."""
    idf = idf or _UNIFORM
    weight = idf.weight
    rare = math.log1p((idf.doc_count + idf.prior_docs) / 0.5)  # the weight of an unseen term
    shared = math.fsum(map(weight, a.terms & b.terms))
    wa, wb = math.fsum(map(weight, a.terms)), math.fsum(map(weight, b.terms))
    covmax = max(shared / wa if wa else 0.0, shared / wb if wb else 0.0)
    wdice = 2.0 * shared / (wa + wb) if wa + wb else 0.0
    ratio = fuzz.ratio(a.normalized, b.normalized) / 100.0
    g3 = _jaccard(a.grams, b.grams)
    lenratio = min(len(a.words), len(b.words)) / max(len(a.words), len(b.words), 1)
    unsh = max(wa - shared, wb - shared) / rare
    if a.numbers and b.numbers:
        only_a, only_b = numbers if numbers is not None else unmatched(a.numbers, b.numbers)
        mentions = len(a.numbers) + len(b.numbers)
        numagree, hasnum = (mentions - len(only_a) - len(only_b)) / mentions, 1.0
    else:
        numagree = hasnum = 0.0
    features = {
        "covmax": covmax, "wdice": wdice, "ratio": ratio,
        "bigram": _dice(a.bigrams, b.bigrams), "trigram": _dice(a.trigrams, b.trigrams),
        "tbigram": _dice(a.term_bigrams, b.term_bigrams), "g3": g3, "lenratio": lenratio,
        "unsh_max": unsh, "nunsh_max": max(len(a.terms - b.terms), len(b.terms - a.terms)) / 5.0,
        "negmis": 1.0 if negation_differs(a, b) else 0.0,
        "numagree": numagree, "hasnum": hasnum,
    }
    for name, (lo, hi) in CLIP.items():
        features[name] = min(hi, max(lo, features[name]))
    for name, left, right in _INTERACTIONS:
        features[name] = features[left] * features[right]
    return features


def score_analyses(a: Analysis, b: Analysis, idf: IdfTable | None = None,
                   numbers: Unmatched | None = None) -> float:
    """:func:`score_pair` for analyses already computed (`numbers`: as :func:`pair_features`)."""
    if a.normalized == b.normalized:
        return 100.0
    if not a.words or not b.words:
        return 0.0
    if not a.terms or not b.terms:  # stop words only on one side: the plain-word blend
        return similarity_analyses(a, b, idf)
    features = pair_features(a, b, idf, numbers)
    z = BIAS + math.fsum([w * features[name] for name, w in MODEL])
    score = 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    # Outside what the model saw (MRPC pairs are never under half the other's length, nor
    # far apart in wording) it must not guess high: the score never exceeds what the
    # weighted overlap of terms allows.
    score = min(score, OVERLAP_CAP * features["wdice"])
    return round(min(99.99, score), 2)  # 100 is kept for texts that normalise the same


def score_pair(a: str | Analysis, b: str | Analysis, idf: IdfTable | None = None) -> float:
    """How likely two claims are the same claim, 0..100 (see the module docstring)."""
    return score_analyses(as_analysis(a), as_analysis(b), idf)


def negation_differs(a: Analysis, b: Analysis) -> bool:
    """One side negates ("not", "never", "didn't" ...) and the other does not."""
    return bool(NEGATIONS.intersection(a.words)) != bool(NEGATIONS.intersection(b.words))


CONTAINED_MIN_TERMS = 3


def contains(a: Analysis, b: Analysis, idf: IdfTable | None = None) -> bool:
    """Does one claim hold the other whole: the smaller one's informative words (95% of their
    weight, at least three of them) appear in the larger one, in the same order? A claim
    quoted inside a longer statement is the same claim for a fact-checker, though a
    paraphrase test (MRPC) calls the longer one a different sentence."""
    small, large = sorted((a, b), key=lambda x: (len(x.informative_text), x.informative_text))
    if len(small.terms) < CONTAINED_MIN_TERMS:
        return False
    weight = (idf or _UNIFORM).weight
    total = math.fsum(map(weight, small.terms))
    if math.fsum(map(weight, small.terms & large.terms)) < 0.95 * total:
        return False
    return fuzz.partial_ratio(small.informative_text, large.informative_text) == 100


MASKED_CACHED = 64


@lru_cache(maxsize=MASKED_CACHED)
def mask_numbers(analysis: Analysis) -> Analysis:
    """The same text with every number replaced by ``#``: to ask "would these match if
    their numbers agreed?" when deciding a conflict. Its words are the text's words without
    the numbers, as they stand (not read again: its terms are exactly the text's terms that
    are not numbers, which lets candidate selection bound its score). Cached by the analysis
    itself (an analysis is its own key: equal only to itself): a claim in conflict with its
    five candidates is masked once, not five times (masking was a third of a comparison).
    A few dozen suffice (pairs come claim by claim): the cache holds the analyses it is keyed
    by alive too, and its 1,024 (2,048 analyses, ~24 KB each) were a third of a comparison
    worker's memory (issue 13: +57 -> +23 MB over a 100k import's 44,315 pairs, 821 -> 721 hits
    of 7,590 masks)."""
    text = " ".join("#" if is_number(w) else w for w in analysis.words)
    return analysis_of_words(text, [w for w in analysis.words if not is_number(w)], [])

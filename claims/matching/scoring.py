"""The similarity score of two claims, 0..100.

``score_pair(a, b, idf=None)`` blends three views of the same pair:

- **weighted term overlap** (Dice over informative terms, each term weighed by its idf):
  sharing "drones" and "Kharkiv" counts far more than sharing "said" and "people";
- **character 4-gram Jaccard** on the normalised text: catches spellings, compounds and
  inflections the stemmer misses ("Kyiv"/"Kiev", "e-mail"/"email");
- **rapidfuzz token_sort_ratio** on the informative words: a little word-order sense.

The blend weights were tuned on MRPC (see ``bench/eval_matching.py``); all three parts are
symmetric and equal 1 for identical inputs, so the score is symmetric, in 0..100, and a
text scores 100 against itself. Texts that normalise to the same string score 100
(punctuation, case and quote style never matter); an empty text scores 0 against anything
else. Stop-word-only texts are compared on their words, unweighted.

Inputs are strings or :class:`~claims.matching.normalize.Analysis` objects (pass analyses
when scoring one text against many, to normalise it once).
"""

from __future__ import annotations

import math

from rapidfuzz import fuzz

from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis, analyze, is_number

SCORER = "claims-lexical-v1"  # bump when the formula or weights change: stored scores carry it

WEIGHT_TERMS = 0.50
WEIGHT_GRAMS = 0.35
WEIGHT_ORDER = 0.15

_UNIFORM = IdfTable()  # no corpus: every term weighs the same


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


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def score_analyses(a: Analysis, b: Analysis, idf: IdfTable | None = None) -> float:
    """:func:`score_pair` for analyses already computed."""
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
    terms = weighted_dice(terms_a, terms_b, idf)
    grams = _jaccard(a.grams, b.grams)
    order = fuzz.token_sort_ratio(text_a, text_b) / 100.0
    score = 100.0 * (WEIGHT_TERMS * terms + WEIGHT_GRAMS * grams + WEIGHT_ORDER * order)
    return round(min(100.0, max(0.0, score)), 2)


def score_pair(a: str | Analysis, b: str | Analysis, idf: IdfTable | None = None) -> float:
    """Similarity of two claims in 0..100 (see the module docstring)."""
    return score_analyses(as_analysis(a), as_analysis(b), idf)


def mask_numbers(analysis: Analysis) -> Analysis:
    """The same text with every number replaced by ``#``: to ask "would these match if
    their numbers agreed?" when deciding a conflict."""
    words = tuple("#" if is_number(w) else w for w in analysis.words)
    return analyze(" ".join(words))

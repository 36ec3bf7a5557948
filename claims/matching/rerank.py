"""The learned reranker of search ("has this claim been checked before?"). Pure code.

A search first gathers a pool of candidates by BM25 over two fields: the claim's own
informative keys, and, weighing :data:`TITLE_WEIGHT` as much, the keys of the title of the
article or fact-check it appeared in (indexed under :func:`title_keys`, prefixed so they
never mix with a claim's own keys: titles never enter the decision whether two claims are
the same). Each candidate then gets the :data:`FEATURES` below and a logistic model
(``weights/reranker.json``, fitted by ``bench/train_reranker.py`` on CheckThat! 2022 2A
training tweets; model card ``weights/README.md``) turns them into a score 0..100, the
probability that the candidate is the claim the query is about, times 100; a candidate with
exactly the query's words (:data:`EXACT_SCORE`) scores at least 99, whatever its script.

Features of a (query, candidate) pair:

- the BM25 scores: text field, title field, their weighted sum, that sum relative to the
  pool's best and to what the query's keys could give at most, and the candidate's rank;
- the search similarity blend (:func:`~claims.matching.scoring.similarity`);
- the title: its idf-weighted share found in the query, its weighted Dice with the query,
  rapidfuzz ``partial_ratio`` of title and query;
- coverage: the share of the claim's informative weight in the query, the share of the
  query's weight the claim and its title hold, ``token_set_ratio`` of the informative words;
- numbers: the match model's agreement features and whether the figures conflict, read as
  the duplicate decision reads them (:func:`~claims.matching.quantities.numbers_disagree`:
  ordinals, signs, "2k", Roman numerals, multipliers, fractions, scale words too);
- lengths (log words of query and claim) and every feature of the match model
  (:func:`~claims.matching.scoring.pair_features`).

Scoring is a dot product over a few dozen numbers per candidate, in plain Python: no numpy
or scikit-learn import on the search path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis, terms_of
from claims.matching.quantities import numbers_disagree
from claims.matching.scoring import MODEL, pair_features, similarity_of_pair, weighted_dice

TITLE_PREFIX = "t:"  # a key never holds ':' (keys are words), so title keys stand apart
TITLE_WEIGHT = 0.5  # a title word counts half a claim word in the pool's BM25
WEIGHTS = Path(__file__).with_name("weights") / "reranker.json"

FEATURES: tuple[str, ...] = (
    "bm_text", "bm_title", "bm", "bm_rel", "bm_q", "rank",
    "sim", "tcov", "ccov", "qcov", "tdice", "tpart", "tsr", "conf", "qlen", "clen",
    *(name for name, _ in MODEL if "*" not in name),
    *(name for name, _ in MODEL if "*" in name),
)  # fmt: skip


def title_keys(title: str | None) -> list[str]:
    """The keys a claim is indexed under for the title it appeared under."""
    return [TITLE_PREFIX + k for k in terms_of(title)] if title else []


def is_title_key(key: str) -> bool:
    return key.startswith(TITLE_PREFIX)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pooled candidate: its analyses and its BM25 scores in each field."""

    id: object
    text: Analysis
    title: Analysis | None
    bm_text: float
    bm_title: float

    @property
    def bm(self) -> float:
        return self.bm_text + TITLE_WEIGHT * self.bm_title


def features(query: Analysis, pool: Sequence[Candidate], idf: IdfTable, query_max: float
             ) -> list[list[float]]:
    """The :data:`FEATURES` of each pooled candidate (``pool`` best BM25 first);
    ``query_max`` is the BM25 score a claim holding every query key would get."""
    idf = _Memo(idf)  # the same terms are weighed many times over a pool
    weight = idf.weight
    top = max((c.bm for c in pool), default=0.0) or 1.0
    query_terms = query.terms
    query_weight = math.fsum(map(weight, query_terms)) or 1.0
    rows = []
    for rank, c in enumerate(pool):
        text = c.text
        title_terms = c.title.terms if c.title is not None else frozenset()
        title_weight = math.fsum(map(weight, title_terms))
        claim_weight = math.fsum(map(weight, text.terms)) or 1.0
        pair = pair_features(query, text, idf)
        row = {
            "bm_text": c.bm_text, "bm_title": c.bm_title, "bm": c.bm, "bm_rel": c.bm / top,
            "bm_q": c.bm / (query_max or 1.0), "rank": float(rank),
            "sim": similarity_of_pair(query, text, pair, idf) / 100.0,
            "tcov": math.fsum(map(weight, title_terms & query_terms)) / title_weight if title_weight else 0.0,
            "ccov": math.fsum(map(weight, text.terms & query_terms)) / claim_weight,
            "qcov": math.fsum(map(weight, (text.terms | title_terms) & query_terms)) / query_weight,
            "tdice": weighted_dice(query_terms, title_terms, idf) if title_terms else 0.0,
            "tpart": (fuzz.partial_ratio(c.title.normalized, query.normalized) / 100.0
                      if c.title is not None and c.title.normalized else 0.0),
            "tsr": fuzz.token_set_ratio(text.informative_text, query.informative_text) / 100.0,
            "conf": 1.0 if numbers_disagree(query, text) else 0.0,
            "qlen": math.log1p(len(query.words)), "clen": math.log1p(len(text.words)),
            **pair,
        }
        rows.append([row[name] for name in FEATURES])
    return rows


class _Memo(IdfTable):
    """An idf table that remembers each term's weight (same values, fewer logs): ``weight``
    is a dict lookup, computed on a miss."""

    __slots__ = ("weight",)

    def __init__(self, idf: IdfTable) -> None:
        super().__init__(prior_docs=idf.prior_docs)
        self.df, self.doc_count = idf.df, idf.doc_count  # shared, not copied
        self.weight = _Weights(self).__getitem__


class _Weights(dict):
    def __init__(self, idf: IdfTable) -> None:
        super().__init__()
        self.idf = idf

    def __missing__(self, term: str) -> float:
        found = self[term] = IdfTable.weight(self.idf, term)
        return found


class Reranker:
    """A logistic model over :data:`FEATURES`: standardised inputs, one weight each."""

    def __init__(self, data: dict) -> None:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("reranker weights were made for other features")
        self.name: str = data["name"]
        self.mean: list[float] = data["mean"]
        self.scale: list[float] = data["scale"]
        self.coef: list[float] = data["coef"]
        self.bias: float = data["bias"]
        self.cv: float = data.get("cv_map5", float("nan"))  # its cross-validated MAP@5

    @classmethod
    def from_file(cls, path: Path) -> Reranker:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def score(self, row: Sequence[float]) -> float:
        """0..100: the probability, times 100, that the candidate is the query's claim."""
        # A list, not a generator: fsum is exact, so the sum is the same (8% fewer
        # instructions scoring a candidate)
        z = self.bias + math.fsum(
            [w * (x - m) / s for w, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True)])
        return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# A candidate whose words are the query's, all of them in order (case, punctuation and spacing
# aside): the claim itself, read as a strong match in any script. The model, fitted on English
# tweets, weighs features (stemmed-word overlaps, lengths in words) that an Arabic or Chinese
# sentence fills otherwise: the exact text scored 15-50 there, as a weak match would.
EXACT_SCORE = 99.0


def _same_words(query: Analysis, text: Analysis) -> bool:
    return bool(query.words) and query.normalized == text.normalized


@lru_cache(maxsize=1)
def shipped() -> Reranker:
    """The model that ships in the package."""
    return Reranker.from_file(WEIGHTS)


def rerank(query: Analysis, pool: Sequence[Candidate], idf: IdfTable, query_max: float,
           model: Reranker | None = None) -> list[tuple[object, float]]:
    """``(id, score)`` of the pool, best first (ties keep the BM25 order)."""
    model = model or shipped()
    rows = features(query, pool, idf, query_max)
    scored = [(c.id, round(max(model.score(row), EXACT_SCORE if _same_words(query, c.text) else 0.0), 2))
              for c, row in zip(pool, rows, strict=True)]
    order = sorted(range(len(scored)), key=lambda i: -scored[i][1])
    return [scored[i] for i in order]

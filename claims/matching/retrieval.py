"""Retrieval primitives shared by the in-memory index and a database-backed one.

A stored claim is indexed under its **keys**: ``index_keys(text)``, the distinct
informative terms (stemmed words that are not stop words, and canonical numbers). A
store keeps **postings** ``key -> ids`` (a table ``(key, claim_id)`` in a database), the
number of keys of each claim (its length, for BM25), and an
:class:`~claims.matching.idf.IdfTable` of document frequencies.

Looking up a text is then:

1. ``plan_query(keys, idf)``: the query keys worth fetching, rarest first, within a budget
   of postings (common keys would touch a large part of the store for little evidence);
2. fetch the postings of those keys (the only store access);
3. ``rank_postings(postings, idf, lengths, avg_length)``: BM25 over the fetched postings,
   best ``limit`` ids with a coarse score;
4. ``rescore(query, candidates, idf)``: the full scorer on the few candidates' texts.

In a database this means a postings table ``(key, claim_id)`` with an index on ``key`` (and
on ``claim_id``, to delete a claim's rows), a key count per claim, and document frequencies
(``SELECT key, count(*) ... GROUP BY key`` or a maintained ``(key, df)`` table) loaded into
an ``IdfTable``. Adding a claim inserts one row per ``index_keys(text)`` and calls
``idf.add_terms(keys)``; removing one deletes its rows and calls ``idf.remove_terms``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis, analyze, terms_of
from claims.matching.scoring import similarity_analyses

BM25_K1 = 1.2
BM25_B = 0.75
DEFAULT_POSTINGS_BUDGET = 10_000
MIN_QUERY_KEYS = 3


def index_keys(text: str) -> list[str]:
    """The keys a text is stored under and looked up by (distinct, in text order)."""
    return terms_of(text)


def plan_query(
    keys: Iterable[str],
    idf: IdfTable,
    max_postings: int = DEFAULT_POSTINGS_BUDGET,
    min_keys: int = MIN_QUERY_KEYS,
) -> list[str]:
    """The keys whose postings to fetch, rarest first, within a budget of ``max_postings``
    postings in all (the ``min_keys`` rarest are always kept). Keys absent from the store
    are dropped. Rare keys carry nearly all the evidence; the budget keeps one lookup's
    cost flat as the store grows, whatever words the query has."""
    df = idf.df
    present = sorted({k for k in keys if k in df}, key=lambda k: (df[k], k))
    chosen: list[str] = []
    spent = 0
    for key in present:
        if len(chosen) >= min_keys and spent + df[key] > max_postings:
            break
        chosen.append(key)
        spent += df[key]
    return chosen


def bm25_length_norm(
    length: int, avg_length: float, k1: float = BM25_K1, b: float = BM25_B
) -> float:
    """The per-document factor of BM25 for a term seen once: ``(k1 + 1) / (1 + k1 * (1 - b +
    b * length / avg_length))``. Keys are distinct, so term frequency is always 1."""
    return (k1 + 1.0) / (1.0 + k1 * (1.0 - b + b * length / (avg_length or 1.0)))


def rank_postings(
    postings: Mapping[str, Iterable[Hashable]],
    idf: IdfTable,
    norm: Callable[[Hashable], float] | Sequence[float] | Mapping[Hashable, float],
    limit: int,
    skip: Callable[[Hashable], bool] | None = None,
) -> list[tuple[Hashable, float]]:
    """BM25 over fetched postings: the best ``limit`` ``(id, score)``, best first.

    ``norm`` gives each id's :func:`bm25_length_norm` (a list indexed by id, a dict, or a
    function); ``skip`` filters ids out (removed claims, the query's own id).
    """
    get_norm = norm if callable(norm) else norm.__getitem__
    scores: dict[Hashable, float] = {}
    get = scores.get
    for key, ids in postings.items():
        weight = idf.bm25_idf(key)
        for doc in ids:
            scores[doc] = get(doc, 0.0) + weight * get_norm(doc)
    if skip is not None:
        for doc in [d for d in scores if skip(d)]:
            del scores[doc]
    return heapq.nlargest(limit, scores.items(), key=lambda item: item[1])


def rescore(
    query: str | Analysis,
    candidates: Iterable[tuple[Hashable, str]],
    idf: IdfTable | None = None,
    limit: int | None = None,
) -> list[tuple[Hashable, float]]:
    """Score ``(id, text)`` candidates against ``query`` by similarity (the ranking score,
    :func:`~claims.matching.scoring.similarity`), best first."""
    q = query if isinstance(query, Analysis) else analyze(query)
    scored = [(doc, similarity_analyses(q, analyze(text), idf)) for doc, text in candidates]
    scored.sort(key=lambda item: item[1], reverse=True)
    return scored if limit is None else scored[:limit]

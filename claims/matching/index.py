"""``CandidateIndex``: an in-memory inverted index of claims for "what is this like?".

>>> index = CandidateIndex()
>>> index.add("c1", "More than 200 drones were launched at Israel overnight")
>>> index.add("c2", "The president said inflation fell to 3 percent")
>>> index.search("Iran launched more than 200 drones at Israel", limit=1)[0][0]
'c1'

Postings are ``key -> array of internal doc numbers`` (4 bytes per posting), so a million
claims of a dozen keys each take tens of MB for the postings plus the texts themselves.
Removal is lazy: a removed claim's postings stay until :meth:`compact` (run automatically
once a quarter of the postings are dead), and lookups skip it.

The ranking is the shared :mod:`claims.matching.retrieval` code, so a database-backed
index that stores the same postings ranks identically.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable

from claims.matching.idf import IdfTable
from claims.matching.normalize import analyze
from claims.matching.retrieval import (
    DEFAULT_POSTINGS_BUDGET,
    bm25_length_norm,
    index_keys,
    plan_query,
    rank_postings,
    rescore,
)

RESCORE_POOL = 30  # candidates the full scorer looks at per search, at least


class CandidateIndex:
    """Inverted index over informative terms with BM25 candidates and full rescoring."""

    def __init__(self, max_postings: int = DEFAULT_POSTINGS_BUDGET) -> None:
        self.idf = IdfTable(prior_docs=0)  # BM25 wants the store's own statistics
        self.max_postings = max_postings
        self._postings: dict[str, array] = {}
        self._doc_of: dict[Hashable, int] = {}
        self._ids: list[Hashable | None] = []  # internal number -> id (None once removed)
        self._texts: list[str | None] = []
        self._lengths = array("H")  # number of keys per doc (capped at 65535)
        self._total_length = 0
        self._dead_postings = 0
        self._norms: list[float] = []
        self._norm_avg = 0.0  # the average length the cached norms were computed with
        self._normed = 0  # docs below this number have a current norm

    # -- maintenance -----------------------------------------------------------------
    def add(self, doc_id: Hashable, text: str) -> None:
        """Index ``text`` under ``doc_id`` (replacing what that id held before)."""
        if doc_id in self._doc_of:
            self.remove(doc_id)
        keys = index_keys(text)
        doc = len(self._ids)
        self._ids.append(doc_id)
        self._texts.append(text)
        self._doc_of[doc_id] = doc
        length = min(len(keys), 65535)
        self._lengths.append(length)
        self._total_length += length
        self._norms.append(0.0)  # filled lazily by _refresh_norms
        postings = self._postings
        for key in keys:
            bucket = postings.get(key)
            if bucket is None:
                postings[key] = array("i", (doc,))
            else:
                bucket.append(doc)
        self.idf.add_terms(keys)

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for doc_id, text in items:
            self.add(doc_id, text)

    def remove(self, doc_id: Hashable) -> bool:
        """Forget ``doc_id``; False if it was not indexed."""
        doc = self._doc_of.pop(doc_id, None)
        if doc is None:
            return False
        text = self._texts[doc]
        keys = index_keys(text or "")
        self.idf.remove_terms(keys)
        self._ids[doc] = None
        self._texts[doc] = None
        self._total_length -= self._lengths[doc]
        self._dead_postings += len(keys)
        if self._dead_postings > 1000 and self._dead_postings * 4 > self.posting_count:
            self.compact()
        return True

    def compact(self) -> None:
        """Drop removed claims' postings and renumber the live ones."""
        live = [d for d, i in enumerate(self._ids) if i is not None]
        renumber = {old: new for new, old in enumerate(live)}
        self._ids = [self._ids[d] for d in live]
        self._texts = [self._texts[d] for d in live]
        self._lengths = array("H", (self._lengths[d] for d in live))
        self._doc_of = {doc_id: new for new, doc_id in enumerate(self._ids)}
        self._norms = [0.0] * len(live)
        self._norm_avg = 0.0
        self._normed = 0
        postings: dict[str, array] = {}
        for key, bucket in self._postings.items():
            kept = array("i", (renumber[d] for d in bucket if d in renumber))
            if kept:
                postings[key] = kept
        self._postings = postings
        self._dead_postings = 0

    # -- lookup ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._doc_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._doc_of

    @property
    def posting_count(self) -> int:
        return sum(len(b) for b in self._postings.values())

    def text(self, doc_id: Hashable) -> str:
        return self._texts[self._doc_of[doc_id]] or ""

    def postings(self, key: str) -> list[Hashable]:
        """The live ids stored under ``key``."""
        ids = self._ids
        return [ids[d] for d in self._postings.get(key, ()) if ids[d] is not None]

    def candidates(
        self, text: str, limit: int = 50, exclude: Hashable | None = None
    ) -> list[tuple[Hashable, float]]:
        """BM25-ranked ``(id, coarse_score)``, best first; ``exclude`` leaves one id out."""
        keys = plan_query(index_keys(text), self.idf, self.max_postings)
        if not keys:
            return []
        self._refresh_norms()
        ids = self._ids
        skip_doc = self._doc_of.get(exclude) if exclude is not None else None

        def skip(doc: int) -> bool:
            return ids[doc] is None or doc == skip_doc

        postings = {k: self._postings[k] for k in keys}
        ranked = rank_postings(postings, self.idf, self._norms, limit, skip=skip)
        return [(ids[doc], score) for doc, score in ranked]

    def search(
        self, text: str, limit: int = 10, exclude: Hashable | None = None
    ) -> list[tuple[Hashable, float]]:
        """The ``limit`` most similar stored claims as ``(id, score 0..100)``, best first:
        BM25 candidates rescored with :func:`~claims.matching.scoring.score_pair`."""
        pool = self.candidates(text, max(RESCORE_POOL, 3 * limit), exclude)
        query = analyze(text)
        texts = ((doc_id, self.text(doc_id)) for doc_id, _ in pool)
        return rescore(query, texts, self.idf, limit)

    def _refresh_norms(self) -> None:
        """Keep BM25 length norms current: compute them for new docs, and recompute all
        once the average length has drifted by more than 5%."""
        n = len(self._doc_of)
        avg = self._total_length / n if n else 1.0
        if not self._norm_avg or abs(avg - self._norm_avg) > 0.05 * self._norm_avg:
            self._norm_avg = avg
            self._norms = [bm25_length_norm(length, avg) for length in self._lengths]
        else:
            lengths, norms = self._lengths, self._norms
            for d in range(self._normed, len(norms)):
                norms[d] = bm25_length_norm(lengths[d], self._norm_avg)
        self._normed = len(self._norms)

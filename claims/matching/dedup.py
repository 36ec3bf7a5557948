"""Every matching pair of a whole store, without comparing all pairs.

``find_duplicate_pairs(items, settings=None, idf=None)`` takes ``(id, text)`` pairs (stream
them from the database) and yields ``(id_a, id_b, MatchResult)`` for every pair decided
``duplicate``, ``suggested`` or ``conflict``. This is what ``claims dupes --rebuild`` needs.

How it avoids the all-pairs scan (a prefix filter, as in set-similarity joins):

- every text becomes its informative terms, each weighed by idf over the whole input;
- terms are ordered rarest first and each text keeps the shortest *prefix* holding more than
  ``1 - min_overlap`` of its weight. Two texts sharing at least ``min_overlap`` of either
  one's weight must then share a prefix term, so a pair is considered only when it does:
  the rare words ("Kharkiv", "drones") do the blocking, the common ones never form blocks;
- a considered pair's weighted Dice of terms is checked on small integer arrays; only pairs
  reaching ``min_overlap`` are scored with the full scorer and decided.

Recall against the exact scorer is measured on planted duplicates by
``bench/eval_matching.py --scale``.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator

from claims.matching.decision import DISTINCT, MatchResult, MatchSettings, compare
from claims.matching.idf import IdfTable
from claims.matching.normalize import terms_of

DEFAULT_MIN_OVERLAP = 0.4  # weighted Dice of terms a pair needs to be scored at all
DEFAULT_PREFIX_SHARE = 0.6  # share of a text's term weight its blocking prefix holds
MAX_BLOCK = 1_000  # a prefix term already in this many texts stops gathering more
MAX_CANDIDATES = 300  # per text: rarest blocks first, so true near-duplicates come early


def find_duplicate_pairs(
    items: Iterable[tuple[Hashable, str]],
    settings: MatchSettings | None = None,
    idf: IdfTable | None = None,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
    prefix_share: float = DEFAULT_PREFIX_SHARE,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Hashable, Hashable, MatchResult]]:
    """Yield ``(id_a, id_b, result)`` for every pair that is not ``distinct``.

    ``idf`` weighs the final scores; by default it is counted over ``items`` (pass the
    store's persisted table to score exactly as ingest does). Blocking always uses
    frequencies over ``items``. ``progress`` is called with the number of texts processed,
    every 10,000. Each pair comes once, the earlier item of ``items`` first.
    """
    settings = settings or MatchSettings()
    ids, texts, offsets, flat, vocab_df = _load(items)
    doc_count = len(ids)
    if idf is None:
        idf = IdfTable({t: vocab_df.counts[i] for t, i in vocab_df.ids.items()}, doc_count)
    weights = [math.log1p(doc_count / (df + 0.5)) for df in vocab_df.counts]
    totals = array("d", (0.0,)) * doc_count
    for doc in range(doc_count):
        totals[doc] = sum(weights[t] for t in flat[offsets[doc] : offsets[doc + 1]])

    blocks: dict[int, list[int]] = {}
    for doc in range(doc_count):
        terms = sorted(flat[offsets[doc] : offsets[doc + 1]], key=lambda t: (vocab_df.counts[t], t))
        total = totals[doc]
        if not terms:
            continue
        candidates: set[int] = set()
        kept = 0.0
        for term in terms:
            if kept >= prefix_share * total:
                break
            kept += weights[term]
            block = blocks.get(term)
            if block is None:
                blocks[term] = [doc]
                continue
            if len(candidates) < MAX_CANDIDATES:
                candidates.update(block)
            if len(block) < MAX_BLOCK:
                block.append(doc)
        mine = set(terms)
        for other in sorted(candidates):
            overlap = sum(
                weights[t] for t in flat[offsets[other] : offsets[other + 1]] if t in mine
            )
            if 2.0 * overlap < min_overlap * (total + totals[other]):
                continue
            result = compare(texts[other], texts[doc], settings, idf)
            if result.decision != DISTINCT:
                yield ids[other], ids[doc], result
        if progress is not None and doc % 10_000 == 0:
            progress(doc)


class _DocFrequencies:
    """Term -> small int, with the document frequency of each."""

    __slots__ = ("counts", "ids")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.counts = array("i")

    def add(self, terms: list[str]) -> list[int]:
        out = []
        ids, counts = self.ids, self.counts
        for term in terms:
            term_id = ids.get(term)
            if term_id is None:
                term_id = ids[term] = len(counts)
                counts.append(0)
            counts[term_id] += 1
            out.append(term_id)
        return out


def _load(items: Iterable[tuple[Hashable, str]]):
    ids: list[Hashable] = []
    texts: list[str] = []
    offsets = array("q", [0])
    flat = array("i")
    vocab = _DocFrequencies()
    for doc_id, text in items:
        ids.append(doc_id)
        texts.append(text)
        flat.extend(vocab.add(terms_of(text)))
        offsets.append(len(flat))
    return ids, texts, offsets, flat, vocab

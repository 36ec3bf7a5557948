"""Every matching pair of a whole store, without comparing all pairs.

``find_duplicate_pairs(items, settings=None, idf=None)`` takes ``(id, text)`` pairs, or
``(id, text, terms)`` triples when the caller has the terms already (stream them from the
database), and yields ``(id_a, id_b, MatchResult)`` for every pair decided ``duplicate``,
``suggested`` or ``conflict``. This is what ``claims dupes --rebuild`` and a large import need.

How it avoids the all-pairs scan (a prefix filter, as in set-similarity joins):

- every text becomes its informative terms, each weighed by idf over the whole input; terms
  are renumbered so that a smaller number is a rarer term;
- each text keeps the shortest *prefix* of its terms (rarest first) holding more than
  ``1 - min_overlap`` of its weight. Two texts sharing at least ``min_overlap`` of either
  one's weight must then share a prefix term, so a pair is considered only when it does:
  the rare words ("Kharkiv", "drones") do the blocking, the common ones never form blocks;
- a text reads the blocks of its prefix terms rarest first, within a budget of
  ``max_visit`` postings (the rarest blocks are read whatever their size): a near-duplicate
  shares its rarest words with the original, so it comes from the first, small blocks,
  while the common terms' long blocks would only bring pairs that share one common word;
- a text met in the blocks becomes a candidate when it shares two prefix terms, or one of
  the text's three rarest terms whose block is small (``SMALL_BLOCK``), or all of its own
  (short) prefix;
- a candidate's weighted Dice of terms is bounded first from 256-bit term signatures
  (popcount of the AND: how many terms the two can share at most), then checked with a set
  intersection; only pairs reaching ``min_overlap`` are scored with the full scorer.

At 1M synthetic claims the pass reads each text once and keeps about 0.3 GB of arrays
(bench/scale_matching.py reports time, recall and memory).

Recall against the exact scorer is measured on planted duplicates by
``bench/eval_matching.py --scale`` and ``bench/scale_matching.py``.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator

from claims.matching.decision import DISTINCT, MatchResult, MatchSettings, compare
from claims.matching.idf import IdfTable
from claims.matching.normalize import terms_of

DEFAULT_MIN_OVERLAP = 0.4  # weighted Dice of terms a pair needs to be scored at all
DEFAULT_PREFIX_SHARE = 0.6  # share of a text's term weight its blocking prefix holds
MAX_BLOCK = 1_000  # a prefix term already in this many texts stops gathering more
DEFAULT_MAX_VISIT = 400  # postings one text reads from its blocks, beyond the rarest ones
ALWAYS_READ = 2  # the rarest prefix blocks read whatever the budget
SMALL_BLOCK = 64  # one shared prefix term from a block this small makes a candidate ...
RARE_TERMS = 3  # ... when it is among the text's three rarest terms


def find_duplicate_pairs(
    items: Iterable[tuple[Hashable, str]] | Iterable[tuple[Hashable, str, list[str]]],
    settings: MatchSettings | None = None,
    idf: IdfTable | None = None,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
    prefix_share: float = DEFAULT_PREFIX_SHARE,
    progress: Callable[[int], None] | None = None,
    max_visit: int = DEFAULT_MAX_VISIT,
    min_shared: int = 2,
    small_block: int = SMALL_BLOCK,
    rare_terms: int = RARE_TERMS,
    only: Collection[Hashable] | None = None,
) -> Iterator[tuple[Hashable, Hashable, MatchResult]]:
    """Yield ``(id_a, id_b, result)`` for every pair that is not ``distinct``.

    ``idf`` weighs the final scores; by default it is counted over ``items`` (pass the
    store's persisted table to score exactly as ingest does). Blocking always uses
    frequencies over ``items``. ``progress`` is called with the number of texts processed,
    every 10,000. Each pair comes once, the earlier item of ``items`` first. With ``only``,
    just the pairs with at least one of those ids (new claims against a store): the other
    texts still block and weigh, but are never verified nor scored against each other.
    """
    settings = settings or MatchSettings()
    ids, texts, offsets, flat, vocab = _load(items)
    doc_count = len(ids)
    counts = vocab.counts
    if idf is None:
        idf = IdfTable({t: counts[i] for t, i in vocab.ids.items()}, doc_count)
    del vocab  # only the numbers are needed from here on
    # Renumber terms rarest first: a text's terms sorted as numbers are then in blocking order.
    order = sorted(range(len(counts)), key=counts.__getitem__)
    rank = array("i", bytes(4 * len(order)))
    for new, old in enumerate(order):
        rank[old] = new
    flat = array("i", map(rank.__getitem__, flat))
    weights = [math.log1p(doc_count / (counts[old] + 0.5)) for old in order]
    del order, rank, counts
    weight = weights.__getitem__
    totals = array("d", (math.fsum(map(weight, flat[offsets[d] : offsets[d + 1]])) for d in range(doc_count)))
    # A 256-bit signature of each text's terms: the popcount of two signatures ANDed bounds
    # how many terms they share, which rules most candidates out before a set intersection.
    bit = [1 << ((t * 2654435761) >> 7 & 255) for t in range(len(weights))]
    masks = [sum(set(map(bit.__getitem__, flat[offsets[d] : offsets[d + 1]]))) for d in range(doc_count)]

    wanted = None
    if only is not None:
        only = set(only)
        wanted = bytearray(1 if i in only else 0 for i in ids)
    blocks: dict[int, list[int]] = {}
    get_block = blocks.get
    prefix_len = array("B", bytes(doc_count))  # prefix terms of each text (capped at 255)
    for doc in range(doc_count):
        if progress is not None and doc % 10_000 == 0:
            progress(doc)
        terms = sorted(flat[offsets[doc] : offsets[doc + 1]])
        if not terms:
            continue
        total = totals[doc]
        goal = prefix_share * total
        seen: Counter[int] = Counter()
        rare: set[int] = set()
        kept = 0.0
        visited = 0
        length = 0
        for term in terms:
            if kept >= goal:
                break
            kept += weights[term]
            block = get_block(term)
            length += 1
            if block is None:
                blocks[term] = [doc]
                continue
            if length <= ALWAYS_READ or visited + len(block) <= max_visit:
                seen.update(block)  # counted in C: how many prefix terms each shares
                visited += len(block)
                if length <= rare_terms and len(block) <= small_block:
                    rare.update(block)
            if len(block) < MAX_BLOCK:
                block.append(doc)
        prefix_len[doc] = min(length, 255)
        if not seen:
            continue
        if wanted is not None and not wanted[doc]:
            seen = {o: c for o, c in seen.items() if wanted[o]}
            if not seen:
                continue
        mine = set(terms)
        need = min_overlap * total
        text = texts[doc]
        mask = masks[doc]
        best = [0.0]  # best[k]: the most weight k shared terms can carry (heaviest first)
        for term in terms:
            best.append(best[-1] + weights[term])
        most = len(terms)
        collided = most - mask.bit_count()  # terms sharing a bit: the popcount misses them
        # Near-duplicates share several rare words; one shared prefix word is enough only
        # where a prefix is that short.
        least = min(min_shared, length)
        candidates = [o for o, c in seen.items() if c >= least or o in rare or c >= prefix_len[o]]
        candidates.sort()
        for other in candidates:
            bound = best[min(most, (mask & masks[other]).bit_count() + collided)]
            if 2.0 * bound < need + min_overlap * totals[other]:
                continue
            shared = mine.intersection(flat[offsets[other] : offsets[other + 1]])
            if 2.0 * math.fsum(map(weight, shared)) < need + min_overlap * totals[other]:
                continue
            result = compare(texts[other], text, settings, idf)
            if result.decision != DISTINCT:
                yield ids[other], ids[doc], result


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


def _load(items):
    ids: list[Hashable] = []
    texts: list[str] = []
    offsets = array("q", [0])
    flat = array("i")
    vocab = _DocFrequencies()
    for item in items:
        ids.append(item[0])
        texts.append(item[1])
        flat.extend(vocab.add(item[2] if len(item) > 2 else terms_of(item[1])))
        offsets.append(len(flat))
    return ids, texts, offsets, flat, vocab

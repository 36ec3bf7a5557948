"""Which stored claims a new claim is compared with: one rule, two ways to apply it.

The rule (for a claim ``q``, against the claims stored before it, i.e. with a smaller id):

1. **Blocks.** ``q``'s ``BLOCK_KEYS`` rarest keys that are words (numbers only where it has
   no word key); the ``BLOCK_READ`` latest earlier claims holding each are the candidates. A
   near-duplicate shares its rarest words with the original (the same names, places, rare
   verbs), so it is met here, and the work per claim stays flat however large the store and
   however common its words (a key in half the store still brings 100 claims, the latest:
   a story's retellings come close together).
2. **Rank.** Each candidate ``d`` gets ``rank = max(shared / min(w(q), w(d)))`` over the
   informative keys and over the keys that are not numbers: the idf-weighted share of the
   smaller claim the other holds. A pair can only be decided a duplicate, a suggestion or a
   conflict at ``rank >= floor`` (:func:`rank_floor`: the match score never exceeds 200 times
   the weighted Dice of terms, which is at most this rank; a claim contained in another has
   rank >= 0.95), so candidates under the floor are dropped, and the ``CANDIDATES`` best of
   the rest (rank, then the smaller id) are the candidates.
3. **Skip the sure misses.** Of those, a pair is compared in full only when the comparison
   can decide it anything but distinct (:func:`worth_comparing`): its weighted Dice reaches
   :func:`dice_floor` (the score never exceeds ``OVERLAP_CAP`` times it), or the smaller
   claim is nearly covered (it may be quoted whole in the other), or both give numbers and
   the Dice of their other keys reaches the floor (a conflict is decided on the texts with
   their numbers masked). The rest are provably
   distinct, so skipping them changes no decision; most candidates are such (a shared rare
   word and little else) and the full comparison is what a match costs.

Weights are idf weights in fixed point (integers of 2^-20), so sums are exact in any order
and two ways of adding them tie exactly. :func:`rank_candidates` applies the rule to one
claim given its candidates' keys (the database path, one lookup per new claim).
:class:`BulkCandidates` applies it to many claims at once in memory (import, many articles,
``dupes --rebuild``), pruning with 256-bit key signatures before any set is built. Both
compute the same ranks, so a batch gets the same candidates whichever way it is matched
(tests/test_matching_bulk.py checks it on both backends).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from claims.matching.decision import MatchSettings
from claims.matching.idf import IdfTable
from claims.matching.normalize import is_number
from claims.matching.scoring import OVERLAP_CAP

BLOCK_KEYS = 3
BLOCK_READ = 100  # the latest earlier claims read per block key
CANDIDATES = 5  # compared in full per claim: a cluster of retellings needs no more
CONTAINED_SHARE = 0.95  # scoring.contains: the smaller claim's words, 95% of their weight
CONTAINED_MARGIN = 0.001  # fixed-point weights are within 2^-21 of the comparison's
FLOOR_MARGIN = 0.02  # the floor sits a little under what the decision needs (rounding, masks)
SCALE = 1 << 20


def rank_floor(settings: MatchSettings) -> float:
    """The least rank a pair needs to be anything but distinct."""
    return max(0.0, min(settings.suggest_threshold / OVERLAP_CAP, CONTAINED_SHARE) - FLOOR_MARGIN)


def dice_floor(settings: MatchSettings) -> float:
    """The least weighted Dice of terms a pair needs for a score at the suggest threshold,
    a hair under it (the score is rounded to 0.01, the weights here to 2^-20)."""
    return max(0.0, (settings.suggest_threshold - 0.01) / OVERLAP_CAP)


def worth_comparing(shared: int, shared_words: int, wq: int, wq_words: int, wd: int, wd_words: int,
                    dice: float) -> bool:
    """Can the full comparison decide this pair anything but distinct? Weights in fixed
    point, of all keys and of the keys that are not numbers. False only for a sure miss:

    - the score never exceeds ``OVERLAP_CAP`` times the weighted Dice of terms;
    - ``contains`` needs the smaller claim's terms 95% covered;
    - numbers on both sides may conflict, and a conflict is decided on the score of the
      texts with their numbers masked (``scoring.mask_numbers``: exactly the terms that are
      not numbers), bounded the same way unless one side is numbers only (then its words
      are compared plainly, unbounded).
    """
    if 2 * shared >= dice * (wq + wd) or shared >= (CONTAINED_SHARE - CONTAINED_MARGIN) * min(wq, wd):
        return True
    if wq == wq_words or wd == wd_words:  # one side has no numbers: no conflict
        return False
    return wq_words == 0 or wd_words == 0 or 2 * shared_words >= dice * (wq_words + wd_words)


def fixed_weights(idf: IdfTable, keys: Iterable[str]) -> dict[str, int]:
    """The keys' idf weights in fixed point (integers of 2^-20)."""
    return {key: round(w * SCALE) for key, w in idf.weights(keys).items()}


def block_keys(keys: Iterable[str], df: Mapping[str, int]) -> list[str]:
    """The keys whose postings bring ``q``'s candidates (see the module docstring)."""
    present = [k for k in set(keys) if df.get(k, 0) > 0]
    words = [k for k in present if not is_number(k)]
    chosen = words or present
    chosen.sort(key=lambda k: (df[k], k))
    return chosen[:BLOCK_KEYS]


def pair_rank(shared: int, shared_words: int, wq: int, wq_words: int, wd: int, wd_words: int
              ) -> float:
    """``max(shared / min(w(q), w(d)))`` over all keys and over word keys."""
    rank = shared / min(wq, wd) if wq > 0 and wd > 0 else 0.0
    if wq_words > 0 and wd_words > 0:
        rank = max(rank, shared_words / min(wq_words, wd_words))
    return rank


def rank_candidates(
    query_keys: Sequence[str],
    candidates: Mapping[int, Iterable[str]],
    idf: IdfTable,
    floor: float,
    limit: int = CANDIDATES,
    *,
    dice: float | None = None,
) -> list[tuple[int, float]]:
    """The ``limit`` best ``(id, rank)`` at or above ``floor``: rank, then the smaller id.
    With ``dice`` (:func:`dice_floor`), those of them not :func:`worth_comparing` are left out."""
    mine = set(query_keys)
    sets = {cid: keys if isinstance(keys, (set, frozenset)) else set(keys) for cid, keys in candidates.items()}
    every = mine.union(*sets.values())
    weights = fixed_weights(idf, every)
    numbers = {key for key in every if key[0].isdigit() and is_number(key)}  # \d is a digit
    weight = weights.__getitem__
    # Integers: a sum of the words' weights is the sum of all less the numbers', exactly.
    wq = sum(map(weight, mine))
    wq_words = wq - sum(map(weight, mine & numbers))
    ranked = []
    for cid, keys in sets.items():
        shared_keys = mine & keys
        shared, wd = sum(map(weight, shared_keys)), sum(map(weight, keys))
        if numbers:
            shared_words = shared - sum(map(weight, shared_keys & numbers))
            wd_words = wd - sum(map(weight, keys & numbers))
        else:
            shared_words, wd_words = shared, wd
        rank = pair_rank(shared, shared_words, wq, wq_words, wd, wd_words)
        if rank >= floor:
            ranked.append((-rank, cid, shared, shared_words, wd, wd_words))
    return [(cid, -neg) for neg, cid, *sums in heapq.nsmallest(limit, ranked)
            if dice is None or worth_comparing(sums[0], sums[1], wq, wq_words, sums[2], sums[3], dice)]


class BulkCandidates:
    """The rule applied to every claim of an in-memory batch.

    ``add(keys)`` every claim in id order; ``freeze(idf)`` once all are in; then
    :meth:`candidates` yields ``(doc, [(other_doc, rank), ...])`` for each claim (or each one
    ``wanted`` marks), its candidates among the docs before it. Docs are positions in the
    order added. About 10 bytes per key held plus 150 per claim.
    """

    def __init__(self) -> None:
        self._term_of: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = array("i")
        self._flat = array("i")
        self._offsets = array("q", [0])

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def add(self, keys: Iterable[str]) -> None:
        term_of, df = self._term_of, self._df
        for key in set(keys):
            t = term_of.get(key)
            if t is None:
                t = term_of[key] = len(self._terms)
                self._terms.append(key)
                df.append(0)
            df[t] += 1
            self._flat.append(t)
        self._offsets.append(len(self._flat))

    def document_frequencies(self) -> dict[str, int]:
        return {key: self._df[t] for key, t in self._term_of.items()}

    def freeze(self, idf: IdfTable) -> None:
        """Weigh the terms with ``idf`` (the store's, as a lookup would see it) and build the
        postings of every key that can be a block."""
        terms = self._terms
        self._weight = list(fixed_weights(idf, terms).values())  # terms are distinct: in their order
        self._numeric = bytearray(1 if is_number(k) else 0 for k in terms)
        flat, offsets = self._flat, self._offsets
        self._postings: dict[int, array] = {}
        postings = self._postings
        for doc in range(len(self)):
            for t in flat[offsets[doc] : offsets[doc + 1]]:
                bucket = postings.get(t)
                if bucket is None:
                    postings[t] = array("i", (doc,))
                else:
                    bucket.append(doc)
        self._bit = [1 << ((t * 2654435761) >> 7 & 255) for t in range(len(terms))]

    def _doc_sums(self) -> None:
        weight, numeric, bit = self._weight, self._numeric, self._bit
        flat, offsets = self._flat, self._offsets
        totals, words, masks = array("q"), array("q"), []
        for doc in range(len(self)):
            mine = flat[offsets[doc] : offsets[doc + 1]]
            totals.append(sum(weight[t] for t in mine))
            words.append(sum(weight[t] for t in mine if not numeric[t]))
            masks.append(sum({bit[t] for t in mine}))
        self._totals, self._words, self._masks = totals, words, masks
        # Block order as one number per term: (df, key) ascending.
        df, terms = self._df, self._terms
        self._order = array("i", bytes(4 * len(terms)))
        for place, t in enumerate(sorted(range(len(terms)), key=lambda t: (df[t], terms[t]))):
            self._order[t] = place

    def block_terms(self, doc: int) -> list[int]:
        if not hasattr(self, "_order"):
            self._doc_sums()
        numeric = self._numeric
        present = self._flat[self._offsets[doc] : self._offsets[doc + 1]]
        chosen = [t for t in present if not numeric[t]] or list(present)
        chosen.sort(key=self._order.__getitem__)
        return chosen[:BLOCK_KEYS]

    def candidates(self, floor: float, limit: int = CANDIDATES, wanted: bytearray | None = None,
                   progress: Callable[[int], None] | None = None, *, dice: float | None = None,
                   ) -> Iterator[tuple[int, list[tuple[int, float]]]]:
        """As :func:`rank_candidates` for each claim (each ``wanted`` one) with any left."""
        if not hasattr(self, "_order"):
            self._doc_sums()
        weight, numeric = self._weight, self._numeric
        flat, offsets, postings = self._flat, self._offsets, self._postings
        totals, words, masks = self._totals, self._words, self._masks
        weight_of = weight.__getitem__
        block_terms = self.block_terms
        heappush, heapreplace = heapq.heappush, heapq.heapreplace
        for doc in range(len(self)):
            if progress is not None and doc % 1_000 == 0:
                progress(doc)
            if wanted is not None and not wanted[doc]:
                continue
            seen: set[int] = set()
            for t in block_terms(doc):
                bucket = postings[t]
                cut = bisect_left(bucket, doc)
                seen.update(bucket[max(0, cut - BLOCK_READ) : cut])
            if not seen:
                continue
            mine_list = flat[offsets[doc] : offsets[doc + 1]]
            mine = set(mine_list)
            mine_numbers = {t for t in mine_list if numeric[t]}
            wq, wq_words, mask = totals[doc], words[doc], masks[doc]
            heaviest = sorted(map(weight_of, mine_list), reverse=True)
            best = [0]
            for w in heaviest:
                best.append(best[-1] + w)
            most = len(mine_list)
            collided = most - mask.bit_count()
            kept: list[tuple] = []  # (rank, -other, ...): kept[0] is the worst held
            full = False
            for other in sorted(seen):
                wd, wd_words = totals[other], words[other]
                smallest = wq if wq < wd else wd
                if smallest <= 0:
                    continue
                common = (mask & masks[other]).bit_count() + collided
                bound = best[common if common < most else most]
                small_words = wq_words if wq_words < wd_words else wd_words
                bound_rank = bound / smallest
                if small_words > 0:
                    word_bound = (bound if bound < small_words else small_words) / small_words
                    if word_bound > bound_rank:
                        bound_rank = word_bound
                if bound_rank < floor or (full and bound_rank < kept[0][0]):
                    continue
                shared_terms = mine.intersection(flat[offsets[other] : offsets[other + 1]])
                shared = sum(map(weight_of, shared_terms))
                # pair_rank, inline: the same arithmetic on the same integers.
                rank = shared / smallest
                shared_words = shared - sum(map(weight_of, mine_numbers.intersection(shared_terms))) \
                    if mine_numbers else shared
                if small_words > 0:
                    word_rank = shared_words / small_words
                    if word_rank > rank:
                        rank = word_rank
                if rank < floor:
                    continue
                # Visiting ids in ascending order, a later equal rank never displaces one held.
                # (rank, -other) is unique, so the pair's sums after it are never compared.
                if not full:
                    heappush(kept, (rank, -other, shared, shared_words, wd, wd_words))
                    full = len(kept) == limit
                elif rank > kept[0][0]:
                    heapreplace(kept, (rank, -other, shared, shared_words, wd, wd_words))
            if dice is not None:
                kept = [k for k in kept if worth_comparing(k[2], k[3], wq, wq_words, k[4], k[5], dice)]
            if kept:
                kept.sort(key=lambda item: (-item[0], -item[1]))
                yield doc, [(-item[1], item[0]) for item in kept]

"""Which stored claims a new claim is compared with: one rule, two ways to apply it.

The rule (for a claim ``q``, against the claims stored before it, i.e. with a smaller id):

1. **Blocks.** ``q``'s ``BLOCK_KEYS`` rarest keys that are words (numbers only where it has
   no word key), of those another claim holds too (a key only ``q`` holds, such as a
   misspelt name, brings no one); the ``BLOCK_READ`` latest earlier claims holding each are
   the candidates. A
   near-duplicate shares its rarest words with the original (the same names, places, rare
   verbs), so it is met here, and the work per claim stays flat however large the store and
   however common its words (a key in half the store still brings 100 claims, the latest:
   a story's retellings come close together).
   **Pair blocks.** A retelling of a claim far back whose rarest words are all common (none of
   its blocks reaches back so far) is met through a pair of its words instead: for each of
   ``PAIR_BANDS`` fixed orders of words (orders by a hash of the word, not by df, so that a
   claim's pairs never change as the store grows and every path computes the same ones),
   the two first word keys of ``q`` make a pair key (:func:`pair_keys`, indexed with the
   claim under ``PAIR_PREFIX``), and the ``PAIR_READ`` latest earlier claims holding it are
   candidates too. Two words together are rare where each alone is common, so these blocks
   reach back far; a retelling that keeps both words of one band (most keep most words) is
   met however old its original. On 300,000 synthetic claims, the candidates' recall of the
   planted pairs the scorer matches went from 0.988 to 0.995, for 11 more candidates a claim
   beside the words' 58 (reading 100 a pair: 0.996 for 31 more).
2. **Shortlist.** Of the neighbours the blocks bring (~100 at a million claims, up to
   ``NEIGHBOURS``), the ``SHORTLIST`` best by an estimate of step 3's rank (:func:`shortlist`)
   go on; the rest are never ranked. The estimate needs the counts of ``q``'s own keys only:
   the weight a neighbour shares with ``q`` is exact, each of its other keys is guessed from
   how many of ``q``'s neighbours hold it (a word most of them hold is common), at ``q``'s
   keys' mean weight where one alone does. So a lookup reads the counts of the ~150 keys of
   20 neighbours, not of the ~960 of all (a third of its CPU, issue 13). On the 100,000
   synthetic claims and CheckThat's 14,231 verified claims the import stored exactly the
   same match rows as ranking every neighbour (bench/fewer_counts.py compares lookups).
3. **Rank.** Each candidate ``d`` gets ``rank = max(shared / min(w(q), w(d)))`` over the
   informative keys and over the keys that are not numbers: the idf-weighted share of the
   smaller claim the other holds. A pair can only be decided a duplicate, a suggestion or a
   conflict at ``rank >= floor`` (:func:`rank_floor`: the match score never exceeds 200 times
   the weighted Dice of terms, which is at most this rank; a claim contained in another has
   rank >= 0.95), so candidates under the floor are dropped, and the ``CANDIDATES`` best of
   the rest (rank, then the smaller id) are the candidates.
4. **Skip the sure misses.** Of those, a pair is compared in full only when the comparison
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
``dupes --rebuild``), set at a time with numpy (every claim's blocks at once, then the pairs
of a thousand claims at a time). Both compute the same ranks, so a batch gets the same candidates whichever way it is matched
(tests/test_matching_bulk.py checks it on both backends, tests/matching/test_candidates.py
against the rule applied claim by claim).
"""

from __future__ import annotations

import heapq
import math
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat

from claims.matching.decision import MatchSettings
from claims.matching.idf import IdfTable
from claims.matching.normalize import is_number
from claims.matching.numbers import NUMBER_RE
from claims.matching.scoring import OVERLAP_CAP

BLOCK_KEYS = 3
BLOCK_READ = 100  # the latest earlier claims read per block key
PAIR_BANDS = 3  # pair keys per claim: each band a hash order of its words
PAIR_READ = 20  # the latest earlier claims read per pair key
PAIR_PREFIX = "p:"  # a key never holds ':' (keys are words), so pair keys stand apart
# Each band orders words by (crc32 * a + c) mod 2^32: odd a, so a permutation of the crcs.
_BANDS = ((0x9E3779B1, 0x7F4A7C15), (0x85EBCA77, 0x165667B1), (0xC2B2AE3D, 0x27D4EB2F))[:PAIR_BANDS]
_MASK = 0xFFFFFFFF
_BANDS_INVERTED = tuple((a, c, pow(a, -1, 1 << 32)) for a, c in _BANDS)  # back from order to crc
SHORTLIST = 20  # neighbours a claim's rank is computed exactly for, the best estimated (step 2)
NEIGHBOURS = BLOCK_KEYS * BLOCK_READ + PAIR_BANDS * PAIR_READ  # the most a claim's blocks bring
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
    """The keys' idf weights in fixed point (integers of 2^-20): ``IdfTable.weight``'s
    arithmetic, in one pass (a new claim's ranking weighs a thousand keys)."""
    n, df, log1p = idf.doc_count + idf.prior_docs, idf.df.get, math.log1p
    # Each count's weight computed once: most of a claim's neighbours' keys share a few
    # small counts (half the time of weighing a new claim's thousand keys).
    weight_of: dict[int, int] = {}
    weights: dict[str, int] = {}
    for key in keys:
        count = df(key, 0)
        weight = weight_of.get(count)
        if weight is None:
            weight = weight_of[count] = round(log1p(n / (count + 0.5)) * SCALE)
        weights[key] = weight
    return weights


def _fixed_weights_of(idf: IdfTable, terms: Sequence[str]):
    """``fixed_weights(idf, terms)``'s values in the order of ``terms``, as a numpy array: the
    counts read in a C loop, each distinct count weighed once with the same Python arithmetic."""
    import numpy as np

    n, log1p = idf.doc_count + idf.prior_docs, math.log1p
    counts = np.fromiter(map(idf.df.get, terms, repeat(0)), dtype=np.int64, count=len(terms))
    distinct, inverse = np.unique(counts, return_inverse=True)
    weights = np.fromiter((round(log1p(n / (count + 0.5)) * SCALE) for count in distinct.tolist()),
                          dtype=np.int64, count=len(distinct))
    return weights[inverse.reshape(-1)]


def block_keys(keys: Iterable[str], df: Mapping[str, int]) -> list[str]:
    """The keys whose postings bring ``q``'s candidates (see the module docstring)."""
    present = [k for k in set(keys) if df.get(k, 0) > 1]  # a key only the claim holds brings no one
    words = [k for k in present if not is_number(k)]
    chosen = words or present
    chosen.sort(key=lambda k: (df[k], k))
    return chosen[:BLOCK_KEYS]


def pair_keys(keys: Iterable[str]) -> list[str]:
    """The pair keys a claim is indexed and blocked under (see the module docstring), sorted:
    per band, its two word keys first in the band's order (by crc32, so distinct words with
    one crc count as one), as ``p:`` and the two crcs in hex, the smaller first."""
    crcs = {zlib.crc32(k.encode()) for k in keys if not (k[0].isdigit() and is_number(k))}  # \d is a digit
    if len(crcs) < 2:
        return []
    pairs = set()
    for a, c, inverse in _BANDS_INVERTED:
        order = [(x * a + c) & _MASK for x in crcs]
        first = min(order)
        order.remove(first)
        x, y = ((first - c) * inverse) & _MASK, ((min(order) - c) * inverse) & _MASK
        pairs.add((min(x, y) << 32) | max(x, y))
    return [f"{PAIR_PREFIX}{code:016x}" for code in sorted(pairs)]


def pair_keys_of_many(keyed: Sequence[Sequence[str]]) -> list[list[str]]:
    """``[pair_keys(keys) for keys in keyed]``, the bands' arithmetic done for all at once
    with numpy (`_pair_codes`, as :meth:`BulkCandidates.freeze` does it): a page of claims a
    key worker indexes (the bands claim by claim were a third of its work)."""
    import numpy as np

    docs = len(keyed)
    lengths = np.fromiter(map(len, keyed), dtype=np.int64, count=docs)
    flat = [key for keys in keyed for key in keys]
    crcs = np.fromiter((zlib.crc32(k.encode()) for k in flat), dtype=np.uint64, count=len(flat))
    numbers = np.fromiter((k[0].isdigit() and is_number(k) for k in flat), dtype=bool, count=len(flat))
    local = np.zeros(docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=local[1:])
    doc_of = np.repeat(np.arange(docs, dtype=np.int32), lengths)
    found, codes = _pair_codes(crcs, numbers, doc_of, local, np.flatnonzero(lengths > 0), docs, 0)
    order = np.lexsort((codes, found))
    out: list[list[str]] = [[] for _ in range(docs)]
    last = (-1, -1)
    for doc, code in zip(found[order].tolist(), codes[order].tolist(), strict=True):
        if (doc, code) != last:  # two bands may choose one pair
            out[doc].append(f"{PAIR_PREFIX}{code:016x}")
            last = (doc, code)
    return out


def is_pair_key(key: str) -> bool:
    return key.startswith(PAIR_PREFIX)


def pair_rank(shared: int, shared_words: int, wq: int, wq_words: int, wd: int, wd_words: int
              ) -> float:
    """``max(shared / min(w(q), w(d)))`` over all keys and over word keys."""
    rank = shared / min(wq, wd) if wq > 0 and wd > 0 else 0.0
    if wq_words > 0 and wd_words > 0:
        rank = max(rank, shared_words / min(wq_words, wd_words))
    return rank


def guessed_weight(idf: IdfTable, held: int, neighbours: int) -> int:
    """A key that ``held`` of a claim's ``neighbours`` hold (2 or more), weighed as if that
    share of the store held it, in fixed point (:func:`shortlist`)."""
    return round(math.log1p((idf.doc_count + idf.prior_docs) / (idf.doc_count * held / neighbours + 0.5)) * SCALE)


# `shortlist`'s packed weights: a key's weight counted in four sums at once, one field each.
_FIELD = 64
_FIELD_MASK = (1 << _FIELD) - 1
_SHARED = 1 + (1 << _FIELD)  # a key of the claim's: all, shared
_NUMBER = 1 + (1 << 2 * _FIELD)  # a number only the neighbour holds: all, numbers
_SHARED_NUMBER = _SHARED + (1 << 2 * _FIELD) + (1 << 3 * _FIELD)  # a number of the claim's: all four


def shortlist(query_keys: Sequence[str], candidates: Mapping[int, Iterable[str]], idf: IdfTable,
              keep: int | None = None) -> Mapping[int, Iterable[str]]:
    """The ``keep`` neighbours of the best estimated rank (then the smaller id); all when there
    are no more (step 2 of the rule, module docstring). The estimate reads the counts of the
    claim's own keys only (``idf`` may hold more: they are not looked at), so a lookup reads
    the counts of the ``keep`` neighbours' keys alone: the weight a neighbour shares with the
    claim is exact; each of its other keys is guessed, from how many of the claim's neighbours
    hold it (:func:`guessed_weight`: a word most of them hold is a common one), at the claim's
    keys' mean weight where it alone does. Integers: both paths compute the same. ``keep``:
    ``SHORTLIST`` unless given."""
    keep = SHORTLIST if keep is None else keep
    if len(candidates) <= keep:
        return candidates
    mine = set(query_keys)
    known = fixed_weights(idf, mine)
    numbers = {k for k in mine if k[0].isdigit() and is_number(k)}  # \d is a digit
    wq = sum(known.values())
    wq_words = wq - sum(known[k] for k in numbers)
    sets = dict(zip(candidates, map(set, candidates.values()), strict=True))
    # The neighbours' keys counted in one C pass, the claim's own dropped after: a generator
    # skipping them was a sixth of the shortlist's time at 100,000 claims.
    held = Counter(chain.from_iterable(sets.values()))
    for k in known:
        held.pop(k, None)
    n = len(sets)
    guess = {o: guessed_weight(idf, o, n) for o in set(held.values()) if o > 1}
    guess[1] = wq // len(mine) if mine else 0
    # Each key's weight, once per key, not once per neighbour holding it, in the four sums a
    # neighbour needs at once (`_FIELD` bits each: all its keys, those it shares with the
    # claim, its numbers, the numbers it shares): one sum of its keys' packed integers gives
    # all four, where four sums over three intersections were half the shortlist's time with
    # ~300 neighbours (a million claims). The same integers summed: the same ranks. A weight
    # is under 2^25 (ln(2e12) * 2^20), so no field's sum reaches the next.
    # `NUMBER_RE.match` is `is_number`, whose first character is a digit.
    packed = dict(zip(held, map(guess.__getitem__, held.values()), strict=True))
    for k in filter(NUMBER_RE.match, held):
        packed[k] *= _NUMBER
    for k, w in known.items():
        packed[k] = w * (_SHARED_NUMBER if k in numbers else _SHARED)
    packed_of = packed.__getitem__
    estimated = []
    for cid, keys in sets.items():
        sums = sum(map(packed_of, keys))
        total, shared = sums & _FIELD_MASK, (sums >> _FIELD) & _FIELD_MASK
        numeric, shared_numbers = (sums >> 2 * _FIELD) & _FIELD_MASK, sums >> 3 * _FIELD
        others, other_numbers = total - shared, numeric - shared_numbers
        rank = pair_rank(shared, shared - shared_numbers, wq, wq_words, shared + others,
                         shared - shared_numbers + others - other_numbers)
        estimated.append((-rank, cid))
    kept = {cid for _, cid in heapq.nsmallest(keep, estimated)}
    return {cid: keys for cid, keys in candidates.items() if cid in kept}


def rank_candidates(
    query_keys: Sequence[str],
    candidates: Mapping[int, Iterable[str]],
    idf: IdfTable,
    floor: float,
    limit: int = CANDIDATES,
    *,
    dice: float | None = None,
    keep: int | None = None,
) -> list[tuple[int, float]]:
    """The ``limit`` best ``(id, rank)`` at or above ``floor``: rank, then the smaller id, of
    the ``keep`` neighbours best estimated (:func:`shortlist`; a lookup may have cut them so
    already, before it read their counts). With ``dice`` (:func:`dice_floor`), those of them
    not :func:`worth_comparing` are left out."""
    mine = set(query_keys)
    candidates = shortlist(query_keys, candidates, idf, keep)
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
    """The rule applied to every claim of an in-memory batch, set at a time.

    ``add(keys)`` every claim in id order; ``freeze(idf)`` once all are in; then
    :meth:`candidates` yields ``(doc, [(other_doc, rank), ...])`` for each claim (or each one
    ``wanted`` marks), its candidates among the docs before it. Docs are positions in the
    order added. About 8 bytes per key held plus 100 per claim.

    The pass works on numpy arrays, ``CHUNK`` claims at a time: the claims' blocks are
    chosen in :meth:`freeze` (its keys sorted by (df, key), words first); a block's ``BLOCK_READ``
    postings before the claim are those just before the claim's own place in the key's
    postings; the shared weight of every pair of a chunk is summed by looking the other
    claim's keys up in a table of the chunk's own (claim, key); then the best
    ``limit`` per claim by (rank, then the smaller id). The same integers, the same float
    divisions and comparisons as :func:`rank_candidates`, so the same candidates.
    """

    CHUNK = 1_024  # claims ranked per step: a few hundred thousand pairs
    FREEZE_CHUNK = 16_384  # claims weighed and blocked per step of freeze
    CODE_BITS = 62  # a (claim, key, pair) in one int64 (`_guessed_others`), the pair in PAIR_BITS
    PAIR_BITS = 20

    def __init__(self) -> None:
        self._terms: list[str] = []
        self._term_of = _Numbering(self._terms)
        self._number = self._term_of.__getitem__
        self._df: tuple | None = None  # (postings, each term's count) made from them when needed
        self._flat = array("i")
        self._offsets = array("q", [0])

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def add(self, keys: Iterable[str]) -> None:
        # One lookup a key in a C loop, a key first seen numbered in the set's order (as the
        # loop over the new keys numbered them: a fifth fewer instructions than it, issue 13).
        # The counts are made once from these (`_counts`), not key by key.
        flat = self._flat
        flat.extend(map(self._number, set(keys)))
        self._offsets.append(len(flat))

    def _counts(self):
        """Each term's number of claims (keys are distinct per claim: its postings)."""
        import numpy as np

        if self._df is None or self._df[0] != len(self._flat):  # made again after more were added
            flat = np.frombuffer(self._flat, dtype=np.int32) if len(self._flat) else np.zeros(0, np.int32)
            self._df = (len(self._flat), np.bincount(flat, minlength=len(self._terms)).astype(np.int32))
        return self._df[1]

    def document_frequencies(self) -> dict[str, int]:
        return dict(zip(self._terms, self._counts().tolist(), strict=True))

    def keys_of(self, docs) -> tuple[list[str], object, object]:
        """The keys as this pass numbered them (``terms``), and the docs ``docs``' (positions,
        a numpy array): their keys' numbers in one array, each doc's after the one before,
        and how many each holds. (What the matching index writes of the same claims.)"""
        import numpy as np

        offsets = np.frombuffer(self._offsets, dtype=np.int64)
        flat = np.frombuffer(self._flat, dtype=np.int32) if len(self._flat) else np.zeros(0, np.int32)
        starts, lengths = offsets[docs], offsets[docs + 1] - offsets[docs]
        if len(docs) and docs[-1] - docs[0] + 1 == len(docs) and (np.diff(docs) == 1).all():  # a run of docs
            return self._terms, flat[starts[0] : starts[0] + int(lengths.sum())], lengths  # (a view)
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self._terms, flat[np.repeat(starts, lengths) + within], lengths

    def freeze(self, idf: IdfTable) -> None:
        """Weigh the terms with ``idf`` (the store's, as a lookup would see it), sum each
        claim's weights, lay out the postings, choose each claim's blocks and find its place
        in their postings; ``FREEZE_CHUNK`` claims at a time, so the work arrays stay small
        beside the postings themselves (4 bytes a key)."""
        import numpy as np

        terms = self._terms
        n_terms, n_docs = len(terms), len(self)
        weight = _fixed_weights_of(idf, terms)
        numeric = np.fromiter(map(is_number, terms), dtype=bool, count=n_terms)
        flat = np.frombuffer(self._flat, dtype=np.int32) if len(self._flat) else np.zeros(0, np.int32)
        offsets = np.frombuffer(self._offsets, dtype=np.int64)
        self._flat_np, self._offsets_np, self._weight = flat, offsets, weight
        self._word_weight = word_weight = np.where(numeric, 0, weight)
        self._column = np.zeros(n_terms, dtype=np.int32)  # see _chunk
        starts = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(flat, minlength=n_terms), out=starts[1:])
        # Block order: (df, key) ascending, as one number per term.
        df = self._counts()
        rank_of = np.empty(n_terms, dtype=np.int32)
        # (the names sorted by Python, as strings compare; then by count, stably: numpy)
        by_name = np.fromiter(sorted(range(n_terms), key=terms.__getitem__), dtype=np.int64, count=n_terms)
        rank_of[by_name[np.argsort(df[by_name], kind="stable")]] = np.arange(n_terms, dtype=np.int32)
        self._totals = np.zeros(n_docs, dtype=np.int64)
        self._words = np.zeros(n_docs, dtype=np.int64)
        self._numeric, self._idf = numeric, idf
        self._number_keys = np.zeros(n_docs, dtype=np.int64)  # how many of a claim's keys are numbers
        self._guessed = None  # see _guessed_table
        # A term's postings in doc order; `filled`: where the next doc holding a term goes.
        # Room for the pair postings after the words' (at most PAIR_BANDS a claim).
        self._posting_docs = np.zeros(len(flat) + PAIR_BANDS * n_docs, dtype=np.int32)
        filled = starts[:-1].copy()
        crc = np.fromiter(map(zlib.crc32, map(str.encode, terms)), dtype=np.uint64, count=n_terms)
        # A block's ends are places in the postings: 4 bytes each while they fit.
        self._places = places = np.int32 if len(self._posting_docs) < 2**31 else np.int64
        blocks: list[tuple] = []
        pairs: list[tuple] = []
        for lo in range(0, n_docs, self.FREEZE_CHUNK):
            hi = min(n_docs, lo + self.FREEZE_CHUNK)
            part = flat[offsets[lo] : offsets[hi]]
            local = offsets[lo : hi + 1] - offsets[lo]
            lengths = np.diff(local)
            doc_of = np.repeat(np.arange(hi - lo, dtype=np.int32), lengths)  # from lo
            self._totals[lo:hi] = _segment_sums(weight[part], local)
            self._words[lo:hi] = _segment_sums(word_weight[part], local)
            self._number_keys[lo:hi] = _segment_sums(numeric[part].astype(np.int64), local)
            # Each (doc, key)'s place: the key's docs before this chunk, then its earlier
            # holders in the chunk (a stable sort by key keeps doc order).
            by_term = np.argsort(part, kind="stable")
            sorted_terms = part[by_term]
            place = np.empty(len(part), dtype=np.int64)
            place[by_term] = (filled[sorted_terms] + np.arange(len(part))
                              - np.searchsorted(sorted_terms, sorted_terms, side="left"))
            filled += np.bincount(part, minlength=n_terms)
            self._posting_docs[place] = doc_of + lo
            # Blocks: a claim's words (all its keys if it has none) by (df, key), the first
            # BLOCK_KEYS: each round takes every claim's least key left.
            is_number_key = numeric[part]
            shared_key = df[part] > 1  # a key only the claim holds brings no one
            has_word = np.zeros(hi - lo, dtype=bool)
            has_word[doc_of[~is_number_key & shared_key]] = True
            key = rank_of[part]
            key[(is_number_key & has_word[doc_of]) | ~shared_key] = n_terms  # never a block
            held = np.flatnonzero(lengths > 0)
            picks = []
            for _ in range(BLOCK_KEYS if len(part) else 0):
                least = np.full(hi - lo, n_terms, dtype=np.int32)
                least[held] = np.minimum.reduceat(key, local[held])
                pick = np.flatnonzero((key == least[doc_of]) & (key < n_terms))
                key[pick] = n_terms
                picks.append(pick)
            pick = np.sort(np.concatenate(picks)) if picks else np.zeros(0, dtype=np.int64)  # by doc
            blocks.append((doc_of[pick] + lo, place[pick].astype(places),
                           np.maximum(starts[part[pick]], place[pick] - BLOCK_READ).astype(places)))
            pairs.append(_pair_codes(crc[part], is_number_key, doc_of, local, held, hi - lo, lo))
        if blocks:
            words = [np.concatenate(b) for b in zip(*blocks, strict=True)]
        else:
            words = [np.zeros(0, np.int32)] * 3
        del blocks
        self._block_doc, self._block_to, self._block_from = _merged_by_doc(words, self._pair_blocks(pairs, len(flat)))
        self._block_offsets = np.searchsorted(self._block_doc, np.arange(n_docs + 1), side="left")

    def _pair_blocks(self, pairs: list[tuple], at: int) -> tuple:
        """Lay out the pair postings (each claim's distinct pair codes, ``pairs`` of each step
        of freeze) after the words' from ``at``, in (code, doc) order; each its block: the
        ``PAIR_READ`` postings before it under its code. Blocks reaching no one are left out."""
        import numpy as np

        docs = np.concatenate([d for d, _ in pairs]) if pairs else np.zeros(0, np.int32)
        codes = np.concatenate([c for _, c in pairs]) if pairs else np.zeros(0, np.uint64)
        pairs.clear()  # (a million claims' are 36 MB)
        if not len(docs):  # no claim has two words
            return (np.zeros(0, np.int32),) * 3
        order = np.lexsort((docs, codes))
        docs, codes = docs[order], codes[order]
        del order
        fresh = np.concatenate(([True], (codes[1:] != codes[:-1]) | (docs[1:] != docs[:-1])))
        docs, codes = docs[fresh], codes[fresh]  # two bands may choose one pair
        del fresh
        self._posting_docs[at : at + len(docs)] = docs
        start = np.searchsorted(codes, codes, side="left").astype(self._places)
        del codes
        place = np.arange(len(docs), dtype=self._places)
        reach = np.maximum(start, place - PAIR_READ)
        del start
        some = np.flatnonzero(reach < place)
        some = some[np.argsort(docs[some], kind="stable")]  # by doc
        return docs[some], place[some] + at, reach[some] + at

    def candidates(self, floor: float, limit: int = CANDIDATES, wanted: bytearray | None = None,
                   progress: Callable[[int], None] | None = None, *, dice: float | None = None,
                   chunk: int | None = None, keep: int | None = None
                   ) -> Iterator[tuple[int, list[tuple[int, float]]]]:
        """As :func:`rank_candidates` for each claim (each ``wanted`` one) with any left."""
        import numpy as np

        chunk = chunk or self.CHUNK
        keep = SHORTLIST if keep is None else keep
        marks = None if wanted is None else np.frombuffer(bytes(wanted), dtype=np.uint8).astype(bool)
        for lo in range(0, len(self), chunk):
            hi = min(len(self), lo + chunk)
            if progress is not None:
                progress(lo)
            yield from self._chunk(lo, hi, floor, limit, marks, dice, keep)

    def _chunk(self, lo: int, hi: int, floor: float, limit: int, marks, dice: float | None, short: int
               ) -> Iterator[tuple[int, list[tuple[int, float]]]]:
        import numpy as np

        flat, offsets, weight = self._flat_np, self._offsets_np, self._weight
        totals, words = self._totals, self._words
        b0, b1 = self._block_offsets[lo], self._block_offsets[hi]
        bdoc = self._block_doc[b0:b1]
        bfrom, bto = self._block_from[b0:b1], self._block_to[b0:b1]
        if marks is not None:
            keep = marks[bdoc]
            bdoc, bfrom, bto = bdoc[keep], bfrom[keep], bto[keep]
        # Every (doc, other) a block brings, once each, in (doc, other) order.
        spans = bto - bfrom
        at = _ranges(bfrom, spans)
        if not len(at):
            return
        n = len(self)
        pair = np.repeat(bdoc.astype(np.int64), spans) * n + self._posting_docs[at]
        pair.sort()
        pair = pair[np.concatenate(([True], pair[1:] != pair[:-1]))]
        pq, po = pair // n, pair % n
        # The chunk's own keys as a table (doc in the chunk, key among the chunk's keys), the
        # other's keys looked up in it: the weights of the keys both hold.
        mine = flat[offsets[lo] : offsets[hi]]
        vocab = np.unique(mine)
        width = len(vocab) + 1  # column 0: a key no claim of the chunk holds
        column = self._column  # every key's column: 0 outside the chunk
        column[vocab] = np.arange(1, width, dtype=np.int32)
        table = np.zeros((hi - lo) * width, dtype=bool)
        table[np.repeat(np.arange(hi - lo, dtype=np.int64) * width, np.diff(offsets[lo : hi + 1])) + column[mine]] = True
        olen = offsets[po + 1] - offsets[po]
        theirs = flat[_ranges(offsets[po], olen)]
        held = table[np.repeat((pq - lo) * width, olen) + column[theirs]]  # the claim holds it too
        hits = np.flatnonzero(held)
        column[vocab] = 0
        common = theirs[hits]
        pair_of = np.repeat(np.arange(len(pq), dtype=np.int32), olen)[hits]  # (a third of a search's time)
        shared = np.bincount(pair_of, weights=weight[common], minlength=len(pq)).astype(np.int64)
        shared_words = np.bincount(pair_of, weights=self._word_weight[common], minlength=len(pq)).astype(np.int64)
        wq, wq_words, wd, wd_words = totals[pq], words[pq], totals[po], words[po]
        rank = _pair_ranks(shared, shared_words, wq, wq_words, wd, wd_words)
        ok = (np.minimum(wq, wd) > 0) & (rank >= floor)
        # `shortlist`: of a claim with more neighbours than `short`, only the best estimated
        # are ranked. Estimated only for the claims with a pair that would be compared were
        # it kept (the others have no candidate whatever the shortlist): 29% of the 100,000
        # synthetic claims.
        neighbours = np.bincount(pq - lo)
        crowded = np.zeros(len(neighbours), dtype=bool)
        live = np.flatnonzero(ok)
        if dice is not None:
            live = live[_worth_comparing(shared[live], shared_words[live], wq[live], wq_words[live], wd[live],
                                         wd_words[live], dice)]
        crowded[pq[live] - lo] = True
        crowded &= neighbours > short
        if crowded.any():
            some = np.flatnonzero(crowded[pq - lo])
            sq = pq[some]
            numeric = self._numeric[common]
            lacking = (olen - np.bincount(pair_of, minlength=len(pq)))[some]  # keys the claim lacks
            lacking_numbers = (self._number_keys[po] - np.bincount(pair_of[numeric], minlength=len(pq)))[some]
            # The keys of those pairs' others that the claim lacks (its own are weighed
            # exactly), in pair order: `lacking` of each.
            lacked = np.repeat(crowded[pq - lo], olen)
            lacked &= ~held
            others, other_numbers = self._guessed_others(sq, lo, neighbours, theirs[lacked], lacking,
                                                         lacking_numbers)
            estimate = _pair_ranks(shared[some], shared_words[some], wq[some], wq_words[some], shared[some] + others,
                                   shared_words[some] + others - other_numbers)
            ok[some[~_best_of_each(sq, estimate, short)]] = False
        if not ok.any():
            return
        pq, po, rank = pq[ok], po[ok], rank[ok]
        shared, shared_words = shared[ok], shared_words[ok]
        wq, wq_words, wd, wd_words = wq[ok], wq_words[ok], wd[ok], wd_words[ok]
        # The best `limit` of each doc: rank, then the smaller id.
        order = np.lexsort((po, -rank, pq))
        first = np.searchsorted(pq[order], pq[order], side="left")
        order = order[np.arange(len(order)) - first < limit]
        if dice is not None:
            order = order[_worth_comparing(shared[order], shared_words[order], wq[order], wq_words[order],
                                           wd[order], wd_words[order], dice)]
        if not len(order):
            return
        docs, others, ranks = pq[order].tolist(), po[order].tolist(), rank[order].tolist()
        start = 0
        for i in range(1, len(docs) + 1):
            if i == len(docs) or docs[i] != docs[start]:
                yield docs[start], list(zip(others[start:i], ranks[start:i], strict=True))
                start = i


    def _guessed_others(self, pq, lo: int, neighbours, lacked, lacking, lacking_numbers) -> tuple:
        """Each pair's guessed weight of the other claim's keys that the claim lacks (the
        ``lacked`` keys, ``lacking`` of each pair's in turn, ``lacking_numbers`` of them
        numbers), and of those of them that are numbers (:func:`shortlist`): a key that ``o``
        of the claim's ``neighbours`` (by claim from ``lo``) hold weighs
        ``guessed_weight(o, neighbours)``, held by one the claim's keys' mean."""
        import numpy as np

        n_pairs, n_terms, first, bits = len(pq), len(self._terms), int(pq[0]), self.PAIR_BITS
        claim = pq - first
        if claim[-1] and (n_pairs >= 1 << bits or int(claim[-1] + 1) * n_terms >= 1 << (self.CODE_BITS - bits)):
            # Too many for one number: in halves (never at a million claims, chunks of 1,024).
            half = int(np.searchsorted(pq, first + (int(claim[-1]) + 1) // 2))
            at = int(lacking[:half].sum())
            a = self._guessed_others(pq[:half], lo, neighbours, lacked[:at], lacking[:half], lacking_numbers[:half])
            b = self._guessed_others(pq[half:], lo, neighbours, lacked[at:], lacking[half:], lacking_numbers[half:])
            return np.concatenate((a[0], b[0])), np.concatenate((a[1], b[1]))
        offsets = self._offsets_np
        mean = self._totals[pq] // (offsets[pq + 1] - offsets[pq])  # each pair's claim's
        # Every key the claim lacks at its mean; then, for the keys several neighbours hold,
        # the difference to their guessed weight.
        total, numbers = mean * lacking, mean * lacking_numbers
        if not len(lacked):  # every neighbour holds only keys of the claim's
            return total, numbers
        # Each lacked key of each pair as one number: (claim, key), then the pair in the low
        # bits. Sorted (a plain sort: a fifth of a stable argsort's time), a claim's
        # neighbours holding one key are a run.
        code = lacked.astype(np.int64)
        code <<= bits
        code += np.repeat(((claim * n_terms) << bits) | np.arange(n_pairs, dtype=np.int64), lacking)
        code.sort()
        # The runs of two or more (most keys are held by one neighbour: half the codes).
        key = code >> bits
        same = key[1:] == key[:-1]
        if not same.any():
            return total, numbers
        several = np.zeros(len(code), dtype=bool)
        several[1:] = same
        several[:-1] |= same
        del same, key
        code = code.take(np.flatnonzero(several))  # (a boolean mask's gather is three times slower)
        del several
        key = code >> bits
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        runs = np.diff(np.append(starts, len(code)))
        run_claim, run_key = np.divmod(key[starts], n_terms)
        run_claim += first
        del key
        size = neighbours[run_claim - lo]
        more = self._guessed_table(int(size.max()))[runs, size] - (
            self._totals[run_claim] // (offsets[run_claim + 1] - offsets[run_claim]))
        pair_of = code & ((1 << bits) - 1)
        total += np.bincount(pair_of, weights=np.repeat(more.astype(np.float64), runs),
                             minlength=n_pairs).astype(np.int64)
        number = np.flatnonzero(self._numeric[run_key])  # the runs of numbers: few
        if len(number):
            numbers += np.bincount(pair_of[_ranges(starts[number], runs[number])],
                                   weights=np.repeat(more[number].astype(np.float64), runs[number]),
                                   minlength=n_pairs).astype(np.int64)
        return total, numbers

    def _guessed_table(self, most: int):
        """:func:`guessed_weight` of every (held, neighbours) up to ``most`` neighbours, as a
        table (the lookup's Python arithmetic, not numpy's log1p, so the same integers)."""
        import numpy as np

        if self._guessed is None or len(self._guessed) <= most:
            size = max(most, NEIGHBOURS) + 1
            table = np.zeros((size, size), dtype=np.int64)
            for n in range(2, size):
                table[2 : n + 1, n] = [guessed_weight(self._idf, o, n) for o in range(2, n + 1)]
            self._guessed = table
        return self._guessed


class _Numbering(dict):
    """Key -> its number: a key not seen yet is given the next one (and appended to ``terms``)."""

    __slots__ = ("terms",)

    def __init__(self, terms: list[str]) -> None:
        super().__init__()
        self.terms = terms

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self.terms)
        self.terms.append(key)
        return number


def _best_of_each(claims, values, best: int):
    """Which of the pairs are among the ``best`` of their claim by ``values`` (ties: the
    pair first in order), ``claims`` sorted, each claim with more than ``best``. As a
    stable sort by (claim, -value) would keep the first ``best`` of each, without one: each
    claim's ``best``-th value by a partition of a table of a claim a row."""
    import numpy as np

    first = np.searchsorted(claims, claims, side="left")
    place = np.arange(len(claims)) - first
    row = np.cumsum(np.concatenate(([0], claims[1:] != claims[:-1])))
    table = np.full((int(row[-1]) + 1, int(place.max()) + 1), -np.inf)
    table[row, place] = values
    least = -np.partition(-table, best - 1, axis=1)[:, best - 1]  # each claim's best-th value
    ahead = (table > least[:, None]).sum(axis=1)  # those better than it
    at = values == least[row]
    # the pairs at that value that come first, as many as there is room for
    ties = np.cumsum(at)
    ties -= ties[first] - at[first]
    return (values > least[row]) | (at & (ties <= best - ahead[row]))


def _worth_comparing(sh, shw, a, aw, b, bw, dice: float):
    """:func:`worth_comparing` of arrays."""
    import numpy as np

    worth = (2 * sh >= dice * (a + b)) | (sh >= (CONTAINED_SHARE - CONTAINED_MARGIN) * np.minimum(a, b))
    numbers_both = (a != aw) & (b != bw)
    return worth | (numbers_both & ((aw == 0) | (bw == 0) | (2 * shw >= dice * (aw + bw))))


def _pair_ranks(shared, shared_words, wq, wq_words, wd, wd_words):
    """:func:`pair_rank` of arrays: the same integers, the same float divisions."""
    import numpy as np

    smallest = np.minimum(wq, wd)
    small_words = np.minimum(wq_words, wd_words)
    with np.errstate(divide="ignore", invalid="ignore"):
        rank = np.where(smallest > 0, shared / np.where(smallest > 0, smallest, 1), 0.0)
        word_rank = shared_words / np.where(small_words > 0, small_words, 1)
    return np.where((small_words > 0) & (word_rank > rank), word_rank, rank)


def _pair_codes(crcs, numbers, doc_of, local, held, docs: int, lo: int) -> tuple:
    """:func:`pair_keys` of a step's claims at once, as (doc, code) arrays: ``crcs`` and
    ``numbers`` of each of their keys (``doc_of`` its claim, from ``lo``), ``local`` where each
    claim's keys start, ``held`` the claims with keys."""
    import numpy as np

    none = np.uint64(1 << 32)  # above every hash: a number, or no word left
    found_docs, found_codes = [], []
    for a, c, inverse in _BANDS_INVERTED:
        order = np.where(numbers, none, (crcs * np.uint64(a) + np.uint64(c)) & np.uint64(_MASK))
        least = []
        for _ in range(2):
            first = np.full(docs, none, dtype=np.uint64)
            if len(held):
                first[held] = np.minimum.reduceat(order, local[held])
            order = np.where(order == first[doc_of], none, order)  # one crc, however many words
            least.append(first)
        ok = np.flatnonzero(least[1] < none)
        x, y = ((((h[ok] + np.uint64((1 << 32) - c)) & np.uint64(_MASK)) * np.uint64(inverse)) & np.uint64(_MASK)
                for h in least)
        found_docs.append((ok + lo).astype(np.int32))
        found_codes.append((np.minimum(x, y) << np.uint64(32)) | np.maximum(x, y))
    return np.concatenate(found_docs), np.concatenate(found_codes)


def _merged_by_doc(words: list, pairs: tuple) -> tuple:
    """The word blocks and the pair blocks, each (doc, to, from) in doc order, as one list in
    doc order (a doc's word blocks first)."""
    import numpy as np

    n_words, n_pairs = len(words[0]), len(pairs[0])
    at = np.searchsorted(words[0], pairs[0], side="right") + np.arange(n_pairs)  # the pairs' places
    is_pair = np.zeros(n_words + n_pairs, dtype=bool)
    is_pair[at] = True
    merged = []
    for word, pair in zip(words, pairs, strict=True):
        out = np.empty(n_words + n_pairs, dtype=np.result_type(word, pair))
        out[at], out[~is_pair] = pair, word
        merged.append(out)
    return tuple(merged)


def _segment_sums(values, offsets):
    """Sums of ``values[offsets[i]:offsets[i + 1]]`` (integers: exact)."""
    import numpy as np

    total = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=total[1:])
    return total[offsets[1:]] - total[offsets[:-1]]


def _ranges(starts, lengths):
    """``concatenate([arange(s, s + n) for s, n in zip(starts, lengths)])``, at once."""
    import numpy as np

    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.arange(total, dtype=np.int64) + np.repeat(np.asarray(starts, dtype=np.int64) - (ends - lengths), lengths)

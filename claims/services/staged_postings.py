"""The postings of a bulk pass on SQLite, held in memory and written into `claim_key` at once,
in key order (`StoreIndex.stage` / `settle`).

Millions of postings inserted in claim order touch the key index at random (once it outgrows
the page cache, every insert rewrites a page); in key order, each goes at the end. They were
gathered in a temporary table, a row a claim, and sorted by SQLite at the end: the sort of the
(key, claim) rows was half of writing them (2.5 s of 5 at 100,000 claims). Here each key is
a number while the pass runs, the postings are sorted as numbers (numpy), and each key's
claims go to SQLite once, in order, in JSON objects of a key's claims that one statement
spreads into rows (`_INSERT`). A pair key (`p:` and 16 hex digits, most held by one claim) is
held as its number; they sort as their text does (fixed width, lower-case hex). A claim's
own keys (words) may be left to the bulk pass that reads the same claims (`BulkCandidates`
numbers them anyway): they are taken from it at `write` instead of being numbered twice.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from claims.matching import PAIR_PREFIX

if TYPE_CHECKING:
    from claims.matching import BulkCandidates

# Each key of the object given, with each of its claims (the object's order, then the array's).
_INSERT = ("INSERT INTO claim_key (key, claim_id) SELECT o.key, j.value "
           "FROM json_each(?) AS o, json_each(o.value) AS j")
POSTINGS_A_STATEMENT = 200_000


class StagedPostings:
    """Postings added claim by claim (in any order), written in (key, claim) order."""

    def __init__(self) -> None:
        self._term_of: dict[str, int] = {}
        self._terms: list[str] = []
        self._flat = array("i")  # each posting's key (a word's or a title's), as a number
        self._claims = array("q")  # each claim with such postings, and how many
        self._counts = array("q")
        self._pair_codes = array("Q")  # each pair key's posting: the key's number, its claim
        self._pair_claims = array("q")
        self._apart = array("q")  # claims whose own keys the bulk pass numbers, and how many
        self._apart_counts = array("q")

    def add(self, items: Sequence[tuple[int, Sequence[str]]], own: Sequence[tuple[int, Sequence[str]]] | None = None,
            *, words_apart: bool = False) -> None:
        """Claims given as (claim id, keys); `own`: where the caller has them, each claim's
        own keys (words), which start its keys (the rest: its pair and title keys). Those are
        numbered by one lookup each in a C loop (a Python step a key, with a test of its
        prefix, was a second of a 100,000 claims' pass under load); with `words_apart`, not
        here: `write` takes them from the bulk pass (0.65 s of 0.9 at 100,000 claims)."""
        term_of, terms, flat = self._term_of, self._terms, self._flat
        get = term_of.get
        if own is None or len(own) != len(items):
            own = [(cid, ()) for cid, _ in items]
        for (cid, keys), (own_cid, words) in zip(items, own, strict=True):
            if own_cid != cid or keys[: len(words)] != words:
                words = ()  # not the start of its keys: each key on its own
            if words_apart and words:
                self._apart.append(cid)
                self._apart_counts.append(len(words))
                found = []
            else:
                found = list(map(get, words))
            if None in found:
                for i, t in enumerate(found):
                    if t is None:
                        found[i] = term_of.get(words[i])
                        if found[i] is None:
                            found[i] = term_of[words[i]] = len(terms)
                            terms.append(words[i])
            for key in keys[len(words):]:
                if key.startswith(PAIR_PREFIX):
                    self._pair_codes.append(int(key[len(PAIR_PREFIX):], 16))
                    self._pair_claims.append(cid)
                    continue
                t = get(key)
                if t is None:
                    t = term_of[key] = len(terms)
                    terms.append(key)
                found.append(t)
            if found:
                flat.extend(found)
                self._claims.append(cid)
                self._counts.append(len(found))

    def write(self, conn, numbered: tuple[BulkCandidates, Sequence[int]] | None = None) -> int:
        """Insert the postings (a SQLAlchemy connection in the caller's transaction); how many.
        `numbered`: the bulk pass the claims' own keys were left to (`add(words_apart=True)`),
        and its docs' claim ids."""
        written = 0
        batch: dict[str, list[int]] = {}
        size = 0
        for key, claims in self._in_order(numbered):
            if size >= POSTINGS_A_STATEMENT or key in batch:  # (a key's claims may come in two parts)
                written += _insert(conn, batch)
                batch, size = {}, 0
            batch[key] = claims
            size += len(claims)
        return written + _insert(conn, batch)

    def _in_order(self, numbered: tuple[BulkCandidates, Sequence[int]] | None
                  ) -> Iterator[tuple[str, list[int]]]:
        """(key, claims in id order), keys in SQLite's order (UTF-8 bytes, so code points:
        Python's): the keys before the pair keys, the pair keys, the keys after."""
        import numpy as np

        terms = self._terms
        # (key numbers, claims, how many postings each claim has) of each numbering
        parts = [(np.frombuffer(self._flat, dtype=np.int32), np.frombuffer(self._claims, dtype=np.int64),
                  np.frombuffer(self._counts, dtype=np.int64))]
        their_terms: list[str] = []
        if len(self._apart):
            their_terms, their_keys, apart, lengths = self._from_pass(numbered)
            parts.append((their_keys, apart, lengths))
        # each numbering's keys by their place among the names of both
        names = sorted(set(terms).union(their_terms))
        place = {name: i for i, name in enumerate(names)}
        ranks = [np.fromiter(map(place.__getitem__, t), dtype=np.uint64, count=len(t)) for t in (terms, their_terms)]
        words = _sorted_postings_of(list(zip(ranks, parts, strict=False)), len(names))
        cut = words.first_of(bisect_left(names, PAIR_PREFIX))  # no key is 'p:' itself
        yield from words.groups(0, cut, names.__getitem__)
        pairs = _sorted_postings(np.frombuffer(self._pair_codes, dtype=np.uint64),
                                 np.frombuffer(self._pair_claims, dtype=np.int64))
        yield from pairs.groups(0, len(pairs), lambda code: f"{PAIR_PREFIX}{code:016x}")
        yield from words.groups(cut, len(words), names.__getitem__)


    def _from_pass(self, numbered: tuple[BulkCandidates, Sequence[int]] | None):
        """The keys (as numbered there), and each posting's key number and claim, of the
        claims whose own keys were left to the bulk pass `numbered`."""
        import numpy as np

        apart = np.frombuffer(self._apart, dtype=np.int64)
        if numbered is None or not len(numbered[1]):
            raise RuntimeError("staged postings: claims' own keys were left to a bulk pass, and none was given")
        bulk, ids = numbered
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        docs = order[np.minimum(np.searchsorted(ids, apart, sorter=order), len(ids) - 1)]
        terms, keys, lengths = bulk.keys_of(docs)
        if not (np.array_equal(ids[docs], apart)
                and np.array_equal(lengths, np.frombuffer(self._apart_counts, dtype=np.int64))):
            raise RuntimeError("staged postings: the bulk pass does not hold the claims' own keys")
        return terms, keys, apart, lengths


def _insert(conn, batch: dict[str, list[int]]) -> int:
    if not batch:
        return 0
    conn.exec_driver_sql(_INSERT, (json.dumps(batch, ensure_ascii=False),))
    return sum(map(len, batch.values()))


class _Sorted:
    """Postings sorted by (key, claim): `keys` (numbers) and `claims` (ids), or both in one
    array of `key << 32 | claim` (`packed`)."""

    def __init__(self, keys=None, claims=None, packed=None) -> None:
        self._keys, self._claims, self._packed = keys, claims, packed

    def __len__(self) -> int:
        return len(self._packed if self._packed is not None else self._keys)

    def first_of(self, key: int) -> int:
        """Where the first posting of a key at or above `key` is."""
        import numpy as np

        if self._packed is not None:
            return int(np.searchsorted(self._packed, np.uint64(key) << np.uint64(32)))
        return int(np.searchsorted(self._keys, key))

    def groups(self, lo: int, hi: int, name: Callable[[int], str], block: int = POSTINGS_A_STATEMENT
               ) -> Iterator[tuple[str, list[int]]]:
        """(name(key), its claims) for each run of one key in [lo, hi), made into lists a
        block at a time (a million claims' postings as Python ints were 0.5 GB): a run
        across a block's end comes in two parts."""
        import numpy as np

        for start in range(lo, hi, block):
            end = min(hi, start + block)
            if self._packed is not None:
                part = self._packed[start:end] >> np.uint64(32)
                ids = (self._packed[start:end] & np.uint64(0xFFFFFFFF)).tolist()
            else:
                part, ids = self._keys[start:end], self._claims[start:end].tolist()
            firsts = np.flatnonzero(np.concatenate(([True], part[1:] != part[:-1])))
            lasts = [*firsts[1:].tolist(), len(ids)]
            for key, first, last in zip(part[firsts].tolist(), firsts.tolist(), lasts, strict=True):
                yield name(key), ids[first:last]


def _sorted_postings_of(parts, n_keys: int, step: int = 1 << 16) -> _Sorted:
    """The postings of `parts` ((rank, (keys, claims, counts)): each posting's key its rank
    of `keys`, the claims in order with how many postings each has) in (key, claim) order.
    Packed in place into one array of 8 bytes a posting, a few thousand claims at a time: at
    a million claims (17M postings) the key and claim arrays of each part made, joined and
    packed took ~1 GB beside the pass (the import's peak 865 -> 1,241 MB)."""
    import numpy as np

    total = sum(len(keys) for _, (keys, _, _) in parts)
    ids = [claims for _, (_, claims, _) in parts if len(claims)]
    if n_keys >= 2**32 or (ids and (min(int(c.min()) for c in ids) < 0 or max(int(c.max()) for c in ids) >= 2**32)):
        keys = np.concatenate([rank[keys] for rank, (keys, _, _) in parts]) if total else np.zeros(0, np.uint64)
        claims = (np.concatenate([np.repeat(c, n) for _, (_, c, n) in parts]) if total
                  else np.zeros(0, np.int64))
        return _sorted_postings(keys, claims)
    packed = np.empty(total, dtype=np.uint64)
    at = 0
    for rank, (keys, claims, counts) in parts:
        out = packed[at : at + len(keys)]
        np.take(rank, keys, out=out, mode="clip")  # (valid numbers; "raise" would buffer a copy)
        out <<= np.uint64(32)
        pos = 0
        for lo in range(0, len(claims), step):
            n = counts[lo : lo + step]
            m = int(n.sum())
            out[pos : pos + m] |= np.repeat(claims[lo : lo + step].astype(np.uint64), n)
            pos += m
        at += len(keys)
    packed.sort()
    return _Sorted(packed=packed)


def _sorted_postings(keys, claims) -> _Sorted:
    """The postings (`keys` unsigned numbers, `claims` ids) in (key, claim) order: as one
    array of numbers sorted in place where the key takes 32 bits and the claim id the other
    32 (8 bytes a posting, not the 40 of sorting them apart), else sorted apart."""
    import numpy as np

    if not len(keys):
        return _Sorted(keys, claims)
    if int(keys.max()) < 2**32 and int(claims.min()) >= 0 and int(claims.max()) < 2**32:
        packed = keys.astype(np.uint64) << np.uint64(32)
        packed |= claims.astype(np.uint64)
        del keys, claims
        packed.sort()
        return _Sorted(packed=packed)
    order = np.lexsort((claims, keys))
    return _Sorted(keys[order], claims[order])

"""Candidates skipped as sure misses (`dice=`) are exactly the ones the full comparison calls
distinct: the filter saves comparisons and changes no decision. (The claim-by-claim path
applies the same filter: tests/test_matching_bulk.py checks both paths agree.)"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlmodel import select

from claims.matching import (
    BLOCK_READ,
    CANDIDATES,
    DISTINCT,
    BulkCandidates,
    IdfTable,
    MatchSettings,
    block_keys,
    candidates,
    compare,
    dice_floor,
    index_keys,
    rank_candidates,
    rank_floor,
)
from claims.matching.candidates import (
    NEIGHBOURS,
    PAIR_READ,
    SHORTLIST,
    _best_of_each,
    pair_keys,
    pair_keys_of_many,
)
from claims.matching.normalize import is_number
from tests.test_matching_bulk import claim_texts


def texts_with_quotes(n: int) -> list[str]:
    """Near-duplicates and figure changes (conflicts), after statements that quote some of the
    claims whole among many other words: contained, so suggested, though of low weighted Dice."""
    texts = claim_texts(n, seed=21)
    rng = random.Random(3)
    extra = sorted({w for t in texts for w in t.split()})
    quotes = [" ".join(rng.choices(extra, k=60)) + " " + quoted + " " + " ".join(rng.choices(extra, k=60))
              for quoted in rng.sample(texts, 40)]
    return quotes + texts


def outcomes(texts, settings, *, dice):
    keys = [index_keys(t) for t in texts]
    bulk = BulkCandidates()
    for k in keys:
        bulk.add(k)
    idf = IdfTable(bulk.document_frequencies(), len(texts))
    bulk.freeze(idf)
    compared, found = 0, set()
    for doc, ranked in bulk.candidates(rank_floor(settings), CANDIDATES, dice=dice):
        for other, _rank in ranked:
            compared += 1
            result = compare(texts[other], texts[doc], settings, idf)
            if result.decision != DISTINCT:
                found.add((other, doc, result.decision, result.score))
    return compared, found


def test_the_skipped_candidates_are_all_distinct():
    texts = texts_with_quotes(1_500)
    for settings in (MatchSettings(), MatchSettings(suggest_threshold=30.0, confirm_threshold=80.0)):
        everything, expected = outcomes(texts, settings, dice=None)
        compared, found = outcomes(texts, settings, dice=dice_floor(settings))
        assert found == expected
        assert compared < everything
        decisions = {d for _, _, d, _ in found}
        assert decisions == {"duplicate", "suggested", "conflict"}
    contained = [(a, b) for a, b, d, s in expected if d == "suggested" and s < settings.suggest_threshold]
    assert contained  # the quoted claims were compared though their Dice is under the floor



def by_the_rule(keys: list[list[str]], idf: IdfTable, floor: float, dice: float) -> dict:
    """The module's rule applied claim by claim, plainly: blocks and pair keys, the latest
    BLOCK_READ (PAIR_READ) earlier claims under each, ranked by `rank_candidates` (what a lookup in the store does)."""
    holders: dict[str, list[int]] = {}
    out = {}
    for doc, mine in enumerate(keys):
        seen = set()
        pairs = pair_keys(mine)
        for key in block_keys(mine, idf.df):
            seen.update(holders.get(key, [])[-BLOCK_READ:])
        for key in pairs:
            seen.update(holders.get(key, [])[-PAIR_READ:])
        ranked = rank_candidates(mine, {other: keys[other] for other in sorted(seen)}, idf, floor, dice=dice)
        if ranked:
            out[doc] = ranked
        for key in {*mine, *pairs}:
            holders.setdefault(key, []).append(doc)
    return out


def test_the_set_at_a_time_pass_ranks_as_the_rule_claim_by_claim():
    """Every claim's candidates and ranks, whatever the chunk the pass works in, and with only
    some claims wanted; among them claims of numbers only, without keys, and keys held by more
    than BLOCK_READ claims."""
    texts = texts_with_quotes(1_200)
    texts[100:100] = ["", "42 17", "3.5 42", "said the", "42"]
    keys = [index_keys(t) for t in texts]
    assert any(k and all(is_number(x) for x in k) for k in keys) and [] in keys
    settings = MatchSettings()
    floor, dice = rank_floor(settings), dice_floor(settings)
    for freeze_chunk in (BulkCandidates.FREEZE_CHUNK, 97):  # the blocks chosen in steps too
        bulk = BulkCandidates()
        bulk.FREEZE_CHUNK = freeze_chunk
        for k in keys:
            bulk.add(k)
        idf = IdfTable(bulk.document_frequencies(), len(keys))
        assert max(idf.df.values()) > BLOCK_READ
        bulk.freeze(idf)
        expected = by_the_rule(keys, idf, floor, dice)
        assert len(expected) > 300
        for chunk in (1, 7, 1_024):
            assert dict(bulk.candidates(floor, CANDIDATES, dice=dice, chunk=chunk)) == expected
    wanted = bytearray(1 if doc % 3 else 0 for doc in range(len(keys)))
    assert dict(bulk.candidates(floor, CANDIDATES, wanted, dice=dice, chunk=64)) == {
        doc: ranked for doc, ranked in expected.items() if wanted[doc]}


def test_fixed_weights_are_each_keys_weight_in_fixed_point():
    """Weighing a claim's neighbours' keys computes each count's weight once (issue 13):
    every key still gets ``round(IdfTable.weight * 2^20)``, absent keys and shared counts too."""
    from claims.matching.candidates import SCALE, fixed_weights

    rng = random.Random(13)
    df = {f"k{i}": rng.choice([1, 1, 2, 3, 7, 40, rng.randrange(1, 100_000)]) for i in range(3_000)}
    idf = IdfTable(df, 120_000)
    keys = [*df, "absent", "also-absent"]
    assert fixed_weights(idf, keys) == {k: round(idf.weight(k) * SCALE) for k in keys}


def test_pair_blocks_in_bulk_are_the_rules_on_odd_claims():
    """Claims of no word, one word, numbers only, repeated words and two words with one crc32
    ('plumless', 'buckeroo'), frozen in steps of 1, 3 and the default: the bulk pass's pair
    blocks are those `pair_keys` gives claim by claim (found in review: no pair at all
    crashed the pass)."""
    import zlib

    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")
    assert pair_keys(["plumless", "buckeroo"]) == []  # one crc: fewer than two words
    rng = random.Random(8)
    settings = MatchSettings()
    floor, dice = rank_floor(settings), dice_floor(settings)
    for trial in range(12):
        vocab = ["plumless", "buckeroo"] + [f"w{i}" for i in range(rng.choice([2, 5, 40]))]
        keys = []
        for _ in range(rng.choice([0, 1, 3, 60, 300])):
            mine = rng.choices(vocab, k=rng.choice([0, 1, 1, 2, 3, 6]))
            if rng.random() < 0.2:
                mine.append(str(rng.randint(0, 50)))
            keys.append(list(dict.fromkeys(mine)))
        for freeze_chunk in (1, 3, BulkCandidates.FREEZE_CHUNK):
            bulk = BulkCandidates()
            bulk.FREEZE_CHUNK = freeze_chunk
            for k in keys:
                bulk.add(k)
            idf = IdfTable(bulk.document_frequencies(), len(keys))
            bulk.freeze(idf)
            assert dict(bulk.candidates(floor, CANDIDATES, dice=dice, chunk=7)) == by_the_rule(keys, idf, floor, dice), trial


@examples(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["drone", "kharkiv", "minist", "200", "3.5", "٣", "1990", "p",
                                          "said", "hit", "monday", "night", "x" * 64, "市", "งบ", "plumless", "buckeroo"]),
                         max_size=8), max_size=6))
def test_pair_keys_of_a_page_as_claim_by_claim(keyed):
    """Issue 13: a key worker makes a page's pair keys at once; each claim's are those it
    makes alone (no word, one word, numbers only, a word twice, two words of one crc, an empty page)."""
    assert pair_keys_of_many(keyed) == [pair_keys(keys) for keys in keyed]


def test_the_shortlist_is_kept_alike_in_bulk_and_claim_by_claim(monkeypatch):
    """Step 2 (`shortlist`, issue 13): only the best estimated neighbours are ranked. Shortlists
    short enough to cut most claims' neighbours change the candidates, and the set-at-a-time
    pass keeps the same ones as the rule claim by claim; also with its (claim, key) numbers
    made in parts (`CODE_BITS` lowered), and for claims whose neighbours hold only their keys."""
    texts = texts_with_quotes(1_200)
    texts[300:300] = ["Kenya Lagos", "Kenya Lagos", "Kenya Lagos Kenya", "Lagos Kenya"] * 8
    keys = [index_keys(t) for t in texts]
    settings = MatchSettings()
    floor, dice = rank_floor(settings), dice_floor(settings)
    bulk = BulkCandidates()
    for k in keys:
        bulk.add(k)
    idf = IdfTable(bulk.document_frequencies(), len(keys))
    bulk.freeze(idf)
    every = dict(bulk.candidates(floor, CANDIDATES, dice=dice, keep=NEIGHBOURS))
    for keep in (SHORTLIST, 5, 2):
        monkeypatch.setattr(candidates, "SHORTLIST", keep)
        expected = by_the_rule(keys, idf, floor, dice)
        if keep < SHORTLIST:
            assert sum(expected.get(doc) != every.get(doc) for doc in {*every, *expected}) > 300
        for chunk, bits in ((1_024, 62), (7, 62), (1_024, 36)):  # 36: a few claims in each part
            bulk.CODE_BITS = bits
            assert dict(bulk.candidates(floor, CANDIDATES, dice=dice, chunk=chunk)) == expected, (keep, chunk, bits)


@examples(max_examples=300, deadline=None)
@given(st.integers(1, 5), st.lists(st.lists(st.sampled_from([0.0, 0.25, 1 / 3, 0.5, 0.5000000000000001, 1.0]),
                                            min_size=6, max_size=14), min_size=1, max_size=6))
def test_the_best_of_each_claim_as_a_stable_sort_keeps_them(best, values_of):
    """The bulk shortlist keeps each claim's `best` pairs by estimate with a partition
    (`_best_of_each`); a stable sort by (claim, -estimate) keeps the same ones, ties to the
    pair first in order (issue 13: the sort was a tenth of the shortlist's cost)."""
    import numpy as np

    claims = np.repeat(np.arange(len(values_of)) * 3 + 1, [len(v) for v in values_of])
    values = np.array([x for v in values_of for x in v])
    order = np.lexsort((-values, claims))
    expected = np.zeros(len(claims), dtype=bool)
    expected[order[np.arange(len(claims)) - np.searchsorted(claims, claims, side="left") < best]] = True
    assert (_best_of_each(claims, values, best) == expected).all()


def test_a_lookup_reads_the_counts_of_the_shortlist_alone(tmp_path, monkeypatch):
    """A new claim's lookup on SQLite reads the counts of the keys of its `SHORTLIST`
    neighbours best estimated, not those of every neighbour's keys (issue 13). (That it decides
    as the bulk pass does: tests/test_matching_bulk.py, with shortlists of 3 too.)"""
    from claims.models import Claim
    from claims.services import matching
    from claims.services.store_index import StoreIndex
    from db import Database

    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    with db.session() as s:
        s.add_all([Claim(text=t) for t in claim_texts(1_500, seed=8)])
        s.commit()
    read: list[list[str]] = []
    counts_of = StoreIndex._counts_of
    monkeypatch.setattr(StoreIndex, "_counts_of", lambda self, keys: read.append(keys) or counts_of(self, keys))
    kept: list[tuple[int, list[str]]] = []  # (neighbours found, the keys of those kept)

    def shortlist(query, found, idf, keep=None):
        out = candidates.shortlist(query, found, idf, keep)
        kept.append((len(found), sorted(set().union(*map(set, out.values())))))
        return out

    monkeypatch.setattr(matching, "shortlist", shortlist)
    totals = {}
    for keep in (SHORTLIST, NEIGHBOURS):
        monkeypatch.setattr(candidates, "SHORTLIST", keep)
        with db.session() as s:
            claims = s.exec(select(Claim).order_by(Claim.id)).all()
            index = StoreIndex(s)
            keys_of = {c.id: index_keys(c.text) for c in claims}
            index.add([(cid, keys + pair_keys(keys)) for cid, keys in keys_of.items()])
            read.clear()
            kept.clear()
            assert len(list(matching._lookup_found(s, index, claims, keys_of, MatchSettings(), None))) > 100
            totals[keep] = sum(map(len, read))
            if keep == SHORTLIST:  # each lookup read its shortlist's keys, and cut most
                assert sum(found > SHORTLIST for found, _ in kept) > 500
                assert all(keys in read for _, keys in kept if keys)
            s.rollback()
    assert totals[SHORTLIST] < 0.6 * totals[NEIGHBOURS], totals
    db.close()


def _shortlist_key_by_key(query_keys, found, idf, keep):
    """`shortlist` as first written, summing each neighbour's keys one by one (the reference
    for the one that weighs each key once)."""
    import heapq
    from collections import Counter

    from claims.matching.candidates import fixed_weights, guessed_weight, pair_rank
    from claims.matching.normalize import is_number

    if len(found) <= keep:
        return found
    mine = set(query_keys)
    known = fixed_weights(idf, mine)
    numbers = {k for k in mine if k[0].isdigit() and is_number(k)}
    wq = sum(known.values())
    wq_words = wq - sum(known[k] for k in numbers)
    sets = {cid: set(keys) for cid, keys in found.items()}
    held = Counter(k for keys in sets.values() for k in keys if k not in known)
    guess = {o: guessed_weight(idf, o, len(sets)) for o in set(held.values()) if o > 1}
    guess[1] = wq // len(mine) if mine else 0
    estimated = []
    for cid, keys in sets.items():
        shared = others = shared_numbers = other_numbers = 0
        for k in keys:
            if k in known:
                shared += known[k]
                shared_numbers += known[k] if k in numbers else 0
            else:
                others += guess[held[k]]
                other_numbers += guess[held[k]] if k[0].isdigit() and is_number(k) else 0
        rank = pair_rank(shared, shared - shared_numbers, wq, wq_words, shared + others,
                         shared - shared_numbers + others - other_numbers)
        estimated.append((-rank, cid))
    kept = {cid for _, cid in heapq.nsmallest(keep, estimated)}
    return {cid: keys for cid, keys in found.items() if cid in kept}


def test_the_shortlist_weighing_each_key_once_keeps_what_key_by_key_sums_keep():
    import random

    from claims.matching import IdfTable
    from claims.matching.candidates import shortlist

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(60)] + ["12", "1990", "3.5", "40000", "2024"]
    for _ in range(300):
        idf = IdfTable({k: rng.randint(1, 500) for k in vocab if rng.random() < 0.8}, doc_count=1000)
        query = rng.sample(vocab, rng.randint(1, 12))
        found = {cid: rng.sample(vocab, rng.randint(1, 15)) for cid in rng.sample(range(1, 400), rng.randint(1, 60))}
        keep = rng.randint(1, 25)
        assert shortlist(query, found, idf, keep) == _shortlist_key_by_key(query, found, idf, keep)


def test_the_shortlists_packed_sums_hold_the_largest_weights_apart():
    """`shortlist` sums a neighbour's four weights (all, shared, numbers, shared numbers) as
    fields of one integer (issue 13): weights of a store of 10^12 claims (the largest a key
    can weigh, ~2^25), neighbours of thousands of keys, numbers on both sides, still keep what
    the key-by-key sums keep (a field too narrow for the sums carried into the next)."""
    import random

    from claims.matching import IdfTable
    from claims.matching.candidates import shortlist

    rng = random.Random(5)
    words = [f"w{i}" for i in range(3_000)]
    figures = [str(n) for n in range(1_000, 3_000)]
    for _ in range(20):
        idf = IdfTable({k: rng.randint(0, 3) for k in rng.sample(words + figures, 200)}, doc_count=10**12)
        query = rng.sample(words, 5) + rng.sample(figures, 3)
        found = {cid: rng.sample(words, rng.randint(1, 2_500)) + rng.sample(figures, rng.randint(0, 1_500))
                 + rng.sample(query, rng.randint(0, len(query))) for cid in range(1, 40)}
        for keep in (1, 5, 20):
            assert shortlist(query, found, idf, keep) == _shortlist_key_by_key(query, found, idf, keep)

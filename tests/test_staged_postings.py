"""A bulk pass's postings on SQLite, held in memory and written in key order at the end
(claims.services.staged_postings): the rows are those the claim-by-claim path writes, and
they reach the table in (key, claim) order, SQLite's, without a sort of its own."""

from __future__ import annotations

import random
import sqlite3
from array import array

import pytest

from claims.matching import BulkCandidates
from claims.services import staged_postings
from claims.services.matching import match_new_claims
from claims.services.staged_postings import StagedPostings
from db import Database
from tests.test_matching_bulk import claim_texts, stored


class _Conn:
    """What `StagedPostings.write` uses of a SQLAlchemy connection, over sqlite3."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sent: list[str] = []

    def exec_driver_sql(self, sql: str, params) -> None:
        self.sent.append(sql)
        self.conn.execute(sql, params)


def _written(items: list[tuple[int, list[str]]], own=None, numbered=None
             ) -> tuple[list[tuple[str, int]], list[str]]:
    """The rows as inserted, in their order, and the statements sent. `numbered`: the bulk
    pass the own keys are left to."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE claim_key (key TEXT NOT NULL, claim_id INTEGER NOT NULL, "
                 "PRIMARY KEY (key, claim_id)) WITHOUT ROWID")
    conn.execute("CREATE TABLE arrived (key TEXT, claim_id INTEGER)")
    conn.execute("CREATE TRIGGER arrive AFTER INSERT ON claim_key BEGIN "
                 "INSERT INTO arrived VALUES (NEW.key, NEW.claim_id); END")
    staged = StagedPostings()
    half = len(items) // 2
    own = own or [(cid, []) for cid, _ in items]
    staged.add(items[:half], own[:half], words_apart=numbered is not None)
    staged.add(items[half:], own[half:], words_apart=numbered is not None)
    wrapper = _Conn(conn)
    count = staged.write(wrapper, numbered)
    rows = conn.execute("SELECT key, claim_id FROM arrived ORDER BY rowid").fetchall()
    assert count == len(rows)
    return rows, wrapper.sent


def _items(seed: int, *, large_ids: bool) -> list[tuple[int, list[str]]]:
    rng = random.Random(seed)
    # Keys either side of the pair keys' 'p:' ('p', 'p1' < 'p:' < 'pa'), title keys, keys of
    # other scripts (UTF-8's order is the code points'), a quote and a backslash (JSON escapes).
    words = ["a", "p", "p1", "p.5", "pa", "pz", "zz", "ünï", "日本", "t:x", "t:ünï", 'q"b', "b\\s", "ε"]
    words += [f"w{i}" for i in range(60)]
    ids = rng.sample(range(1, 10**6), 2_000)
    if large_ids:  # ids beyond 32 bits: sorted another way
        ids += [2**33 + 7, 2**40]
    items = []
    for cid in ids:
        keys = rng.sample(words, rng.randint(0, 10))
        keys += [f"p:{rng.getrandbits(64):016x}" for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:
            keys.append("p:" + "0" * 15 + "1")  # a pair key many claims hold
        items.append((cid, list(dict.fromkeys(keys))))
    return items


@pytest.mark.parametrize("large_ids", [False, True])
@pytest.mark.parametrize("block", [5, 200_000])
def test_postings_are_written_once_each_in_key_then_claim_order(monkeypatch, block, large_ids):
    monkeypatch.setattr(staged_postings, "POSTINGS_A_STATEMENT", block)
    items = _items(3, large_ids=large_ids)
    rows, sent = _written(items)
    assert rows == sorted((k, cid) for cid, keys in items for k in keys)
    assert len(rows) > 10_000
    assert not [sql for sql in sent if "ORDER BY" in sql]
    if block == 5:  # a key's claims across statements: in two parts, still in order
        assert len(sent) > 100


def test_nothing_staged_writes_nothing():
    rows, sent = _written([(1, []), (2, [])])
    assert rows == [] and sent == []


def test_a_bulk_pass_indexes_as_claims_matched_one_by_one(tmp_path):
    """The postings, counts and keysets of a batch matched in bulk (staged, written at the
    end) are those of the same batch matched by lookups (written as they come), words of
    other scripts among them."""
    rng = random.Random(8)
    texts = [t if rng.random() < 0.7 else t + " Zürich ünïcode 東京 reported" for t in claim_texts(2_500, seed=17)]
    tables = []
    for bulk in (False, True):
        db = Database(str(tmp_path / f"staged-{bulk}.db"))
        claims = stored(db, texts)
        with db.session() as s:
            match_new_claims(s, claims, bulk=bulk)
        with db.engine.connect() as conn:
            tables.append([sorted(conn.exec_driver_sql(f"SELECT * FROM {table}").all())
                           for table in ("claim_key", "key_stat", "claim_keyset")])
        db.close()
    assert tables[1] == tables[0]
    assert len(tables[0][0]) > 20_000
    assert any(not key.isascii() for key, _ in tables[0][0])


def _own_first(seed: int, *, large_ids: bool):
    """Items whose own keys (words: no ':', which pair and title keys hold) come first, and
    those own keys."""
    items = _items(seed, large_ids=large_ids)
    own = [(cid, [k for k in keys if ":" not in k]) for cid, keys in items]
    return [(cid, words + [k for k in keys if ":" in k]) for (cid, keys), (_, words) in zip(items, own, strict=True)], own


def _pass(own, stored=((10**6, ["stored", "w1"]), (10**6 + 1, ["w2"])), *, between: bool = False):
    """A bulk pass over claims stored before (not staged) and the staged ones with words;
    `between`: one more not staged among those (the staged claims are not one run of docs)."""
    bulk, ids = BulkCandidates(), array("q")
    staged = sorted(own)
    if between:
        staged.insert(len(staged) // 2, (10**6 + 2, ["w3", "stored"]))
    for cid, words in [*stored, *staged]:
        if words:
            bulk.add(words)
            ids.append(cid)
    return bulk, ids


@pytest.mark.parametrize("between", [False, True], ids=["one-run", "apart"])
@pytest.mark.parametrize("large_ids", [False, True])
def test_own_keys_left_to_the_bulk_pass_are_written_as_when_numbered_here(large_ids, between):
    """The bulk pass numbers the claims' words anyway (`BulkCandidates`): the postings taken
    from its numbers are the ones numbered here, in the same order."""
    items, own = _own_first(4, large_ids=large_ids)
    rows, _ = _written(items, own, numbered=_pass(own, between=between))
    assert rows == _written(items)[0] == sorted((k, cid) for cid, keys in items for k in keys)
    assert len(rows) > 10_000


def test_own_keys_left_to_a_pass_that_does_not_hold_them_are_refused():
    items, own = _own_first(6, large_ids=False)
    with pytest.raises(RuntimeError, match="none was given"):
        _written(items, own, numbered=(BulkCandidates(), array("q")))
    bulk, ids = _pass(own[1:])  # the pass lacks a claim
    with pytest.raises(RuntimeError, match="does not hold"):
        _written(items, own, numbered=(bulk, ids))
    bulk, ids = _pass([(cid, words[:-1]) for cid, words in own])  # or some of its words
    with pytest.raises(RuntimeError, match="does not hold"):
        _written(items, own, numbered=(bulk, ids))

"""PostgreSQL's bulk writes by COPY (issue 13): an import whose claims, match rows and
postings go by COPY leaves the same tables as the same import written by INSERTs, and one
that fails after the COPYs leaves nothing (one transaction)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from claims.errors import ClaimsError
from claims.matching import is_pair_key
from claims.services import claim_rows, importer, matching, merging, store_index
from db import Database
from tests.test_matching_bulk import claim_texts

TABLES = {  # what an import writes, in an order that makes each row's place unique
    "claim": "SELECT * FROM claim ORDER BY id",
    "match": 'SELECT * FROM "match" ORDER BY id',
    "claim_key": "SELECT * FROM claim_key ORDER BY key, claim_id",
    "key_stat": "SELECT * FROM key_stat ORDER BY key",
    "event": "SELECT * FROM event ORDER BY id",
    "triage_dirty": "SELECT claim_id FROM triage_dirty ORDER BY claim_id",
}
STAMPS = {"created_at", "updated_at", "decided_at", "at", "batch"}  # the clock's and a random id


def _source(n: int) -> str:
    return "\n".join(json.dumps({"id": f"c{i}", "text": t}) for i, t in enumerate(claim_texts(n, seed=3)))


def _tables(url: str) -> dict[str, list[dict]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: [{k: v for k, v in row.items() if k not in STAMPS}
                           for row in conn.execute(text(sql)).mappings()]
                    for name, sql in TABLES.items()}
    finally:
        engine.dispose()


@pytest.fixture
def pg(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("PostgreSQL is not reachable")
    return fresh_pg_url


@pytest.fixture
def small_batches(monkeypatch):
    """1,500 claims through the bulk path, stored a few hundred rows at a time."""
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 100)
    monkeypatch.setattr(merging, "APPLY_CHUNK", 200)
    monkeypatch.setattr(importer, "BULK_CHUNK", 400)


def _import(url: str, source: str, *, copy: bool, monkeypatch) -> importer.ImportReport:
    monkeypatch.setattr(claim_rows, "COPY_MIN_ROWS", 1 if copy else 10**9)
    monkeypatch.setattr(merging, "COPY_MIN_MATCHES", 1 if copy else 10**9)
    monkeypatch.setattr(store_index.StoreIndex, "_copy_postings", store_index.StoreIndex._copy_postings if copy else
                        lambda self, items: self._executemany(store_index._INSERT_POSTING,
                                                              [(k, cid) for cid, keys in items for k in keys]))
    db = Database(url)
    try:
        return importer.import_text(db, source, name="claims.jsonl", reviewer="test")
    finally:
        db.close()


def test_an_import_by_copy_leaves_the_tables_inserts_leave(pg, small_batches, monkeypatch):
    source = _source(1_500)
    inserted, copied = pg("ins"), pg("copy")
    by_insert = _import(inserted, source, copy=False, monkeypatch=monkeypatch)
    by_copy = _import(copied, source, copy=True, monkeypatch=monkeypatch)
    assert by_copy.imported == by_insert.imported == 1_500
    assert by_copy.matches == by_insert.matches
    assert by_copy.matches.duplicates and by_copy.matches.suggestions and by_copy.matches.conflicts
    before, after = _tables(inserted), _tables(copied)
    assert len(before["match"]) > 200 and len(before["claim_key"]) > 10_000
    assert any(r["canonical_id"] for r in before["claim"]) and any(r["priority"] for r in before["claim"])
    for name in TABLES:
        assert after[name] == before[name], name
    # The key counts, held through the pass and written once, are the postings' counts.
    df = {r["key"]: r["df"] for r in after["key_stat"]}
    assert df.pop("#docs") == 1_500 and df.pop("#keys-version")
    postings: dict[str, int] = {}
    for r in after["claim_key"]:
        if not is_pair_key(r["key"]):  # a pair key has no count
            postings[r["key"]] = postings.get(r["key"], 0) + 1
    assert df == postings


def test_an_import_failing_after_its_copies_leaves_nothing(pg, small_batches, monkeypatch):
    url = pg("fail")
    Database(url).close()
    empty = _tables(url)

    def fail(*args, **kwargs):
        raise ClaimsError("stopped")

    monkeypatch.setattr(merging, "merge_pairs", fail)  # after the claims, postings and matches
    with pytest.raises(ClaimsError, match="stopped"):
        _import(url, _source(600), copy=True, monkeypatch=monkeypatch)
    assert _tables(url) == empty


def test_a_copy_that_breaks_a_constraint_is_the_import_race_message(pg, small_batches, monkeypatch):
    """Another import stored the same ids between this one's check and its write: by COPY as
    by INSERT, the one-line 'another change stored one of these ids' error and nothing more
    stored (the driver's UniqueViolation was a traceback on the COPY path)."""
    url = pg("race")
    source = _source(300)
    first = _import(url, source, copy=True, monkeypatch=monkeypatch)
    assert first.imported == 300
    before = _tables(url)
    monkeypatch.setattr(importer, "_already_stored", lambda db, ids, given=None: {})  # the check saw none
    with pytest.raises(ClaimsError, match="another change stored one of these ids meanwhile"):
        _import(url, source, copy=True, monkeypatch=monkeypatch)
    assert _tables(url) == before


def test_a_failed_raw_read_is_sqlalchemys_error(pg):
    """The matcher's reads through the DB-API cursor fail as SQLAlchemy's errors do."""
    from sqlalchemy.exc import ProgrammingError

    db = Database(pg("raw"))
    try:
        with db.session() as session, pytest.raises(ProgrammingError):
            store_index.StoreIndex(session)._fetch("SELECT no_such_column FROM claim", [])
    finally:
        db.close()


def test_postings_go_by_copy_a_block_at_a_time_whatever_their_keys(pg, monkeypatch):
    """Many claims' postings are COPY text made a claim at a time, not a row (and a call) a
    posting: what is stored is each (key, claim id), whatever characters a key holds (COPY's
    escapes: backslash, tab, line ends; "\\." is no end of data)."""
    import psycopg

    from claims.models import Claim

    calls = {"write_row": 0, "write": 0}

    def counting(name: str):
        method = getattr(psycopg.Copy, name)

        def counted(self, data):
            calls[name] += 1
            return method(self, data)
        return counted

    for name in calls:
        monkeypatch.setattr(psycopg.Copy, name, counting(name))
    odd = ["back\\slash", "tab\there", "line\nend", "carriage\rreturn", "\\.", "\\N", "ünïcödé", "北京", "it's"]
    db = Database(pg("odd"))
    try:
        with db.session() as s:
            claims = [Claim(text=f"claim {i}") for i in range(300)]
            s.add_all(claims)
            s.flush()
            items = [(c.id, [*odd, f"own{c.id}", "common"]) for c in claims]
            store_index.StoreIndex(s).add(items)
            stored = set(s.connection().exec_driver_sql("SELECT key, claim_id FROM claim_key").all())
    finally:
        db.close()
    assert stored == {(k, cid) for cid, keys in items for k in keys}
    assert calls["write_row"] == 0 and 0 < calls["write"] < 10

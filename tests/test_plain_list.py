"""`claims list` without SQLAlchemy gives exactly what the full path gives, or hands over.

The plain reader (`claims.services.plain_list` over `db.plain`) is compared with
`queries.list_claims` on a desk with merges, pending suggestions, verdicts, notes, evidence
(one unsafe link stored by an older version), an article without an outlet and statements
marked not_a_claim, for every order and filter it takes; then the cases it must leave to the
full path.
"""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest

from claims.services.claim_filter import ClaimFilter
from claims.services.plain_list import plain_list
from claims.services.queries import list_claims
from db import Database
from db.plain import open_for_reading
from tests.conftest import SAMPLES


@pytest.fixture
def desk(invoke, db_path):
    assert invoke("ingest", str(SAMPLES)).exit_code == 0
    db = Database(str(db_path))
    ids = [r.id for r in list_claims(db, limit=None, flt=ClaimFilter(not_a_claim=True))]
    assert len(ids) > 12
    assert invoke("set-status", str(ids[0]), "--status", "verified", "--verdict", "false",
                  "--note", "checked", "--evidence", "https://example.org/a").exit_code == 0
    assert invoke("set-status", str(ids[1]), "--status", "in_review").exit_code == 0
    assert invoke("set-status", str(ids[2]), "--status", "not_checkable").exit_code == 0
    assert invoke("merge", str(ids[3]), str(ids[4])).exit_code == 0
    with db.write_connection() as conn:  # what the CLI does not make: an old unsafe link, no outlet
        conn.exec_driver_sql("UPDATE claim SET evidence = ? WHERE id = ?",
                             (json.dumps(["javascript:alert(1)", "https://example.org/b"]), ids[5]))
        conn.exec_driver_sql("UPDATE article SET outlet_id = NULL WHERE id = (SELECT min(id) FROM article)")
        conn.exec_driver_sql("UPDATE claim SET claim_type = 'not_a_claim' WHERE id = ?", (ids[6],))
    yield db
    db.close()


FILTERS = [
    ClaimFilter(order=order, status=status, verdict=verdict, not_a_claim=nac)
    for order, status, verdict, nac in itertools.product(
        ("priority", "worth", "date", "id"),
        ((), ("unverified",), ("verified", "in_review"), ("not_checkable",)),
        ((), ("false",)),
        (False, True),
    )
]


@pytest.mark.parametrize("chunk", [500, 3])  # 3: ids in many IN lists, pairs across two
def test_plain_rows_are_the_full_paths_rows(desk, db_path, chunk, monkeypatch):
    monkeypatch.setattr("claims.services.plain_list.CHUNK", chunk)
    conn = open_for_reading(str(db_path))
    assert conn is not None
    try:
        for flt, limit in itertools.product(FILTERS, (None, 1, 5)):
            assert plain_list(conn, flt, limit=limit) == list_claims(desk, flt, limit=limit), (flt, limit)
        rows = plain_list(conn, ClaimFilter(), limit=None)
    finally:
        conn.close()
    # the desk exercised what the comparison is about
    assert any(r.appearances > 1 for r in rows) and any(len(r.outlets) > 1 for r in rows)
    assert any(r.evidence == ["https://example.org/b"] for r in rows)  # the unsafe link left out
    assert any(r.reviewed_at is not None for r in rows)
    assert any(r.pending_suggestions for r in rows)


def test_list_command_prints_the_same_either_way(desk, invoke, monkeypatch):
    import claims.cli.list_cmds as list_cmds

    for args in (["--format", "json"], ["--format", "csv", "--order", "date"], ["--limit", "4"],
                 ["--status", "verified", "--format", "jsonl", "--not-a-claim"]):
        plain = invoke("list", *args)
        with monkeypatch.context() as m:
            m.setattr(list_cmds, "plain_rows", lambda *a, **k: (None, {}))
            full = invoke("list", *args)
        assert plain.exit_code == full.exit_code == 0
        assert plain.output == full.output, args


def test_what_the_plain_reader_leaves_to_the_full_path(desk, db_path, tmp_path):
    conn = open_for_reading(str(db_path))
    try:
        for flt in (ClaimFilter(search="river"), ClaimFilter(speaker="Reyes"), ClaimFilter(outlet="x"),
                    ClaimFilter(since="2024-01-01"), ClaimFilter(until="2024"), ClaimFilter(has_suggestions=True),
                    ClaimFilter(reviewer="ana")):
            assert plain_list(conn, flt, limit=None) is None, flt
        head = plain_list(conn, ClaimFilter(), limit=1)[0].id
        with sqlite3.connect(db_path) as w:  # a mark a write left (as PostgreSQL's skipped heads)
            w.execute("INSERT INTO triage_dirty (claim_id) VALUES (?)", (head,))
        assert plain_list(conn, ClaimFilter(), limit=None) is None
        assert plain_list(conn, ClaimFilter(order="id"), limit=None) is not None  # no settling there
        list_claims(desk, ClaimFilter(), limit=1)  # settles
        assert plain_list(conn, ClaimFilter(), limit=None) is not None
        with desk.write_connection() as w:  # someone has taken a claim: who and since is the full path's
            w.exec_driver_sql("INSERT INTO claim_lock (claim_id, reviewer, since) VALUES (?, 'ana', ?)",
                              (head, "2026-12-03 10:00:00.000000"))
        assert plain_list(conn, ClaimFilter(), limit=None) is None
    finally:
        conn.close()


def test_only_a_current_sqlite_desk_opens_plainly(db_path, tmp_path):
    assert open_for_reading(str(tmp_path / "missing.db")) is None  # to be created: the full path
    assert open_for_reading(f"sqlite:///{db_path}") is None  # URLs: the full path
    assert open_for_reading("postgresql://postgres@127.0.0.1/x") is None
    assert open_for_reading(":memory:") is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    assert open_for_reading(str(junk)) is None
    Database(str(db_path)).close()
    conn = open_for_reading(str(db_path))
    assert conn is not None
    conn.close()
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '0006'")  # an older schema: migrate first
    raw.commit()
    raw.close()
    assert open_for_reading(str(db_path)) is None

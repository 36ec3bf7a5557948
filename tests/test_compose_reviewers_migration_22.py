"""Migration 0022: reviewers' names an older version stored with decomposed accents
('e\\u0301va') are composed, so the reviewer who typed them ('éva', composed on every door
since 0aa1dc8) can release and undo what it did. On an SQLite file and on PostgreSQL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from claims.cli import cli
from db import Database
from tests.old_desks import desk_at, old_desk_engine

DECOMPOSED, COMPOSED = "e\u0301va", "\u00e9va"
T = "'2026-03-01 10:00:00'"


def _old_desk(url: str) -> None:
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0021", [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in range(1, 4)])
        names = {"d": DECOMPOSED, "c": COMPOSED}
        conn.execute(text("UPDATE claim SET reviewer = :d, status = 'in_review' WHERE id = 1"), names)
        conn.execute(text(f"INSERT INTO claim_lock (claim_id, reviewer, since) VALUES (2, :d, {T})"), names)
        conn.execute(text("INSERT INTO event (at, reviewer, claim_id, action, field, old, new, batch, undone) "
                          f"VALUES ({T}, :d, 1, 'set-status', 'status', 'unverified', 'in_review', 'b1', false)"),
                     names)
        conn.execute(text("INSERT INTO repeat_seen (claim_id, reviewer, seen_at) VALUES (:c, :r, :at)"),
                     [{"c": 3, "r": COMPOSED, "at": "2026-03-01 10:00:00"},
                      {"c": 3, "r": DECOMPOSED, "at": "2026-03-02 10:00:00"},
                      {"c": 2, "r": DECOMPOSED, "at": "2026-03-02 10:00:00"}])
    engine.dispose()


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", url])


def _check_upgrade(url: str) -> None:
    _old_desk(url)
    db = Database(url)  # migrates
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT DISTINCT reviewer FROM claim WHERE reviewer IS NOT NULL")).all() == [
                (COMPOSED,)]
            assert conn.execute(text("SELECT reviewer FROM claim_lock")).all() == [(COMPOSED,)]
            assert conn.execute(text("SELECT DISTINCT reviewer FROM event")).all() == [(COMPOSED,)]
            seen = conn.execute(text("SELECT claim_id, reviewer, seen_at FROM repeat_seen ORDER BY claim_id")).all()
            assert [(c, r, str(at)[:10]) for c, r, at in seen] == [(2, COMPOSED, "2026-03-02"),
                                                                  (3, COMPOSED, "2026-03-02")]
    finally:
        db.close()
    # the reviewer, however the name is typed, releases and undoes what it did
    assert "undid set-status" in _cli(url, "--reviewer", DECOMPOSED, "undo").output
    assert _cli(url, "--reviewer", COMPOSED, "release", "2").exit_code == 0
    assert _cli(url, "db", "check").exit_code == 0


def test_migration_0022_composes_reviewers_on_sqlite(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0022_composes_reviewers_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    _check_upgrade(fresh_pg_url("compose22"))

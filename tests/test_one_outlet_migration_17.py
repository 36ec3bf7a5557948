"""Migration 0017: outlets an older version stored under names that show alike ('CNN', 'cnn',
'ＣＮＮ', 'Northline\\u200b News') are made one, the first stored, their articles moved to it;
reviewers' names stored with invisible characters ('ana\\u200b') are cleaned, so 'ana' can
release and undo what they did. On an SQLite file and on PostgreSQL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from claims.cli import cli
from db import Database
from tests.old_desks import desk_at, old_desk_engine

OUTLETS = {1: "CNN", 2: "Northline News", 3: "cnn", 4: "ＣＮＮ", 5: "Northline\u200b News", 6: "\u200eBBC",
           7: "Nord-Ouest Times", 8: "Nord\u2011Ouest Times"}
AFTER = {1: "CNN", 2: "Northline News", 6: "BBC", 7: "Nord-Ouest Times"}
ARTICLE_OUTLET = {1: 1, 2: 3, 3: 4, 4: 5, 5: 6, 6: 8}  # article: outlet as stored
ARTICLE_AFTER = {1: 1, 2: 1, 3: 1, 4: 2, 5: 6, 6: 7}
T = "'2026-03-01 10:00:00'"


def _old_desk(url: str) -> None:
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0016", [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in range(1, 7)])
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (:id, :name)"),
                     [{"id": i, "name": n} for i, n in OUTLETS.items()])
        conn.execute(text(f"INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) "
                          f"VALUES (:id, :outlet, 'x', :hash, {T})"),
                     [{"id": a, "outlet": o, "hash": f"h{a}"} for a, o in ARTICLE_OUTLET.items()])
        conn.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", date_is_reporting) '
                          "VALUES (:a, :a, 'x', 0, 1, false)"), [{"a": a} for a in ARTICLE_OUTLET])
        conn.execute(text("UPDATE claim SET reviewer = 'ana\u200b', status = 'in_review' WHERE id = 1"))
        conn.execute(text("INSERT INTO claim_lock (claim_id, reviewer, since) VALUES (2, '\u200eana', "
                          f"{T})"))
        conn.execute(text("INSERT INTO event (at, reviewer, claim_id, action, field, old, new, batch, undone) "
                          f"VALUES ({T}, 'ana\u200b', 1, 'set-status', 'status', 'unverified', 'in_review', "
                          "'b1', false)"))
        conn.execute(text("INSERT INTO repeat_seen (claim_id, reviewer, seen_at) VALUES (:c, :r, :at)"),
                     [{"c": 3, "r": "ana", "at": "2026-03-01 10:00:00"},
                      {"c": 3, "r": "ana\u200b", "at": "2026-03-02 10:00:00"},
                      {"c": 4, "r": "\ufeffana", "at": "2026-03-02 10:00:00"}])
    engine.dispose()


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", url])


def _check_upgrade(url: str) -> None:
    _old_desk(url)
    db = Database(url)  # migrates
    try:
        with db.engine.connect() as conn:
            assert dict(conn.execute(text("SELECT id, name FROM outlet")).all()) == AFTER
            assert dict(conn.execute(text("SELECT id, outlet_id FROM article")).all()) == ARTICLE_AFTER
            assert conn.execute(text("SELECT DISTINCT reviewer FROM claim WHERE reviewer IS NOT NULL")).all() == [("ana",)]
            assert conn.execute(text("SELECT reviewer FROM claim_lock")).all() == [("ana",)]
            seen = conn.execute(text("SELECT claim_id, reviewer, seen_at FROM repeat_seen ORDER BY claim_id")).all()
            assert [(c, r, str(at)[:10]) for c, r, at in seen] == [(3, "ana", "2026-03-02"), (4, "ana", "2026-03-02")]
    finally:
        db.close()
    assert "undid set-status" in _cli(url, "--reviewer", "ana", "undo").output
    assert _cli(url, "--reviewer", "ana", "release", "2").exit_code == 0
    assert _cli(url, "db", "check").exit_code == 0


def test_migration_0017_makes_one_outlet_and_reviewer_on_sqlite(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0017_makes_one_outlet_and_reviewer_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_upgrade(fresh_pg_url("outlets17"))


# Desks written before f57491a ("Names are one line at every door") hold outlets whose name
# has a run of spaces or a line break beside the same name in one line: 0017 renamed the first
# to the cleaned name, which the second held (UNIQUE outlet.name), and the upgrade failed, so
# no command opened the desk (found in review of noticed16; issue 15).
SPACED = {1: "Northline News", 2: "Northline  News", 3: "Daily\nPost", 4: "Daily Post", 5: "O\u2018Neil\tTimes",
          6: "O'Neil Times"}


def _check_spaced(url: str) -> None:
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0016", [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in range(1, 7)])
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (:id, :name)"),
                     [{"id": i, "name": n} for i, n in SPACED.items()])
        conn.execute(text(f"INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) "
                          f"VALUES (:id, :id, 'x', :hash, {T})"), [{"id": i, "hash": f"h{i}"} for i in SPACED])
    engine.dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            assert dict(conn.execute(text("SELECT id, name FROM outlet")).all()) == {
                1: "Northline News", 3: "Daily Post", 5: "O\u2018Neil Times"}
            assert dict(conn.execute(text("SELECT id, outlet_id FROM article")).all()) == {
                1: 1, 2: 1, 3: 3, 4: 3, 5: 5, 6: 5}
    finally:
        db.close()
    assert _cli(url, "db", "check").exit_code == 0


def test_migration_0017_merges_names_apart_only_by_spaces_on_sqlite(tmp_path):
    _check_spaced(f"sqlite:///{tmp_path / 'spaced.db'}")


def test_migration_0017_merges_names_apart_only_by_spaces_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_spaced(fresh_pg_url("spaced17"))

"""Migration 0023: on PostgreSQL, `claim_key.claim_id` has no foreign key (its check of each
posting was the largest cost of an import) and two claim indexes only SQLite reads are gone.
The program keeps postings and claims in step itself: merging, undoing and redoing imports
leaves no posting without its claim on either backend, and `claims db check` finds one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from claims.cli import cli
from claims.services import matching
from claims.services.clusters import merge
from claims.services.importer import import_text
from claims.services.undo import redo_last, undo_last
from db import Database
from tests.old_desks import desk_at, old_desk_engine

GONE_ON_POSTGRESQL = {"ix_claim_queue", "ix_claim_date_order"}
KEPT = {"ix_claim_priority", "ix_claim_status_order", "ix_claim_claim_date", "ix_claim_kind",
        "ix_claim_queue_worth_pg", "ix_claim_date_order_pg"}
ORPHANS = "SELECT count(*) FROM claim_key ck WHERE NOT EXISTS (SELECT 1 FROM claim c WHERE c.id = ck.claim_id)"


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", url])


def _claim_indexes(conn) -> set[str]:
    return {ix["name"] for ix in inspect(conn).get_indexes("claim")}


def _old_desk(url: str) -> None:
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0022", [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in (1, 2)])
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('bridge', 1), ('bridge', 2), "
                          "('vehicles', 2)"))
        both = "ARRAY['bridge', 'vehicles']" if conn.dialect.name == "postgresql" else "'bridge' || char(31) || 'vehicles'"
        one = "ARRAY['bridge']" if conn.dialect.name == "postgresql" else "'bridge'"
        conn.execute(text(f"INSERT INTO claim_keyset (claim_id, keys) VALUES (1, {one}), (2, {both})"))
    engine.dispose()


def _check_upgrade(url: str, *, postgresql: bool) -> None:
    _old_desk(url)
    # to 0023 alone (0025 drops SQLite's key: tests/test_lighter_postings_migration_25.py)
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        command_upgrade(conn, "0023")
    try:
        with engine.connect() as conn:
            fks = inspect(conn).get_foreign_keys("claim_key")
            indexes = _claim_indexes(conn)
            assert conn.execute(text("SELECT count(*) FROM claim_key")).scalar() == 3  # the postings stay
        if postgresql:
            assert fks == []
            assert not indexes & GONE_ON_POSTGRESQL
            assert indexes >= KEPT
        else:  # SQLite is as it was
            assert [fk["referred_table"] for fk in fks] == ["claim"]
            assert indexes >= GONE_ON_POSTGRESQL
    finally:
        engine.dispose()
    assert _cli(url, "db", "check").exit_code == 0


def test_migration_0023_leaves_sqlite_as_it_was(tmp_path):
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}", postgresql=False)


def test_migration_0023_drops_the_postings_foreign_key_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    url = fresh_pg_url("lighter23")
    _check_upgrade(url, postgresql=True)
    # a posting whose claim does not exist is no longer refused by the server: `db check` says so
    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99)"))
    db.close()
    result = _cli(url, "db", "check")
    assert result.exit_code != 0
    assert "claim_key.claim_id" in result.output and "missing claim 99" in result.output, result.output


def test_downgrade_from_0023_restores_the_foreign_key_and_the_indexes(fresh_pg_url, capfd):
    """The postings of missing claims it deletes are said (how many, which claims: review L13),
    and the key is added unchecked then validated, so it ends as checked as 0002 made it."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    from alembic import command

    from db.migrate import alembic_config

    url = fresh_pg_url("lighter23down")
    _old_desk(url)
    Database(url).close()
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99), ('spook', 99), ('ghost', 98)"))
        capfd.readouterr()
        command.downgrade(alembic_config(conn), "0022")
    said = capfd.readouterr().err
    assert "deleted 3 matching-index postings of claims that do not exist (claim ids 98, 99)" in said, said
    with engine.connect() as conn:
        assert [fk["referred_table"] for fk in inspect(conn).get_foreign_keys("claim_key")] == ["claim"]
        assert conn.execute(text("SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f' "
                                 "AND conrelid = 'claim_key'::regclass")).scalar() is True
        assert _claim_indexes(conn) >= GONE_ON_POSTGRESQL
        assert conn.execute(text(ORPHANS)).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM claim_key")).scalar() == 3  # the real postings stay
    engine.dispose()


def test_downgrade_from_0023_of_a_clean_desk_says_nothing(fresh_pg_url, capfd):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    url = fresh_pg_url("lighter23clean")
    _old_desk(url)
    Database(url).close()
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        capfd.readouterr()
        command_downgrade(conn)
    assert "deleted" not in capfd.readouterr().err
    engine.dispose()


IMPORT = "\n".join(json.dumps(r) for r in [
    {"id": "fc-1", "text": "The river peaked at 7.4 metres on Friday, the highest level since 1987"},
    {"id": "fc-2", "text": "The river had peaked at 7.4 metres on Friday, the highest level since 1987"},
    {"id": "fc-3", "text": "Ridership on the valley line fell by 18 percent last year, the operator said"},
    {"id": "fc-4", "text": "The council spent 3 million euros on the new bridge across the valley"},
]) + "\n"


def _orphans(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(ORPHANS)).scalar()


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_merging_undoing_and_redoing_imports_leave_no_posting_without_its_claim(db, bulk, monkeypatch):
    if bulk:
        monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 1)
    first = import_text(db, IMPORT, name="a.jsonl", reviewer="ana")
    merge(db, [first.claim_ids[2], first.claim_ids[3]], reviewer="ana")
    # the second file repeats the first's claims: merged into them and suggested with them
    import_text(db, IMPORT.replace('"fc-', '"gc-'), name="b.jsonl", reviewer="ana")
    assert _indexed(db) == 8 and _orphans(db) == 0
    undo_last(db, reviewer="ana")  # the second import
    assert _indexed(db) == 4 and _orphans(db) == 0
    redo_last(db, reviewer="ana")
    assert _indexed(db) == 8 and _orphans(db) == 0
    undo_last(db, reviewer="ana")
    assert _indexed(db) == 4 and _orphans(db) == 0
    checked = _cli(db.url, "db", "check")
    assert checked.exit_code == 0, checked.output


def _indexed(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(DISTINCT claim_id) FROM claim_key")).scalar()


def _row_level_triggers(conn) -> set[str]:
    return set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 1 = 1 "
                                 "AND tgname IN ('triage_claim_insert', 'triage_appearance_insert', "
                                 "'triage_match_insert')")).scalars())


def test_new_rows_are_marked_for_a_refresh_once_per_statement_on_postgresql(fresh_pg_url):
    """0007's insert triggers fire once per statement over its new rows: the same claims are
    marked, in the rows' order, for multi-row INSERTs and COPY alike."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    url = fresh_pg_url("marks23")
    _old_desk(url)
    db = Database(url)
    db.close()
    engine = old_desk_engine(url)
    with engine.begin() as conn:
        assert _row_level_triggers(conn) == set()
        conn.execute(text("DELETE FROM triage_dirty"))
        conn.execute(text("INSERT INTO claim (id, text, checkworthiness, claim_type, status, evidence, version, "
                          "created_at, updated_at) SELECT i, 'claim ' || i, 0.5, 'other', 'unverified', '[]', 1, "
                          "now(), now() FROM generate_series(5, 3, -1) AS i"))
        conn.execute(text("INSERT INTO \"match\" (claim_a_id, claim_b_id, score, scorer, explanation, state, "
                          "\"conflict\", created_at) VALUES (1, 4, 0.9, 't', '{}', 'suggested', false, now()), "
                          "(2, 3, 0.9, 't', '{}', 'suggested', false, now())"))
        cursor = conn.connection.dbapi_connection.cursor()
        with cursor.copy("COPY claim (id, text, checkworthiness, claim_type, status, evidence, version, "
                         "created_at, updated_at) FROM STDIN") as copy:
            for i in (7, 6):
                copy.write_row((i, f"claim {i}", 0.5, "other", "unverified", "[]", 1, "2026-03-01", "2026-03-01"))
        marked = conn.execute(text("SELECT claim_id FROM triage_dirty ORDER BY id")).scalars().all()
        assert marked == [5, 4, 3, 1, 4, 2, 3, 7, 6]
        command_downgrade(conn)
        assert _row_level_triggers(conn) == {"triage_claim_insert", "triage_appearance_insert", "triage_match_insert"}
    engine.dispose()


def command_upgrade(conn, revision: str) -> None:
    from alembic import command

    from db.migrate import alembic_config

    command.upgrade(alembic_config(conn), revision)


def command_downgrade(conn) -> None:
    from alembic import command

    from db.migrate import alembic_config

    command.downgrade(alembic_config(conn), "0022")


def test_an_import_undone_during_a_reindex_leaves_no_posting_without_its_claim(fresh_pg_url):
    """Without the foreign key, could a rebuild remaking the index write postings of claims an
    undo deletes meanwhile? The undo waits for the rebuild's row locks on those claims (its
    first statement locks their heads), so it deletes the postings the rebuild wrote too."""
    import threading

    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    db = Database(fresh_pg_url("reindex23"))
    distinct = "\n".join(json.dumps({"id": f"fc-{i}", "text": t}) for i, t in enumerate([
        "Ridership on the valley line fell by 18 percent last year, the operator said",
        "The council spent 3 million euros on the new bridge across the valley",
        "The harbour tunnel carried 40,000 vehicles a day in its first month"])) + "\n"
    import_text(db, distinct, name="a.jsonl", reviewer="ana")
    matching.rebuild_matches(db, reindex=True)  # what a rebuild changes in the claims, changed before
    indexed, go_on = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold(done: int, total: int) -> None:
        if done == total:  # the postings written, the transaction not yet committed
            indexed.set()
            go_on.wait(60)

    def rebuild() -> None:
        try:
            matching.rebuild_matches(db, reindex=True, progress=hold)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)
            indexed.set()

    def undo() -> None:
        try:
            undo_last(db, reviewer="ana")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    rebuilder = threading.Thread(target=rebuild)
    rebuilder.start()
    assert indexed.wait(60)
    undoer = threading.Thread(target=undo)
    undoer.start()
    with db.engine.connect() as conn:  # the undo waits for the rebuild's locks (or, unlocked, is done)
        waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                    "AND wait_event_type = 'Lock'"))
        for _ in range(200):
            if not undoer.is_alive() or waiting.scalar():
                break
            undoer.join(0.05)
            waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                        "current_database() AND wait_event_type = 'Lock'"))
    go_on.set()
    rebuilder.join(60)
    undoer.join(60)
    assert not failures, failures
    assert _indexed(db) == 0 and _orphans(db) == 0
    db.close()

"""Team mode, on SQLite and PostgreSQL: take/release, history, no lost update, clear errors."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlmodel import col, select

from claims.errors import ClaimsError, StaleVersion
from claims.models import Claim, Event
from claims.services.audit import set_claim_field, touch
from claims.services.clusters import merge
from claims.services.review import set_status
from claims.services.team import AlreadyTaken, history, release, take, taken_by
from claims.services.undo import undo_last
from db import Database, DatabaseError


@pytest.fixture
def ids(db) -> list[int]:
    with db.session() as s:
        claims = [Claim(text=f"Turnout was {n} percent, the highest since 1990.", checkworthiness=0.5)
                  for n in (61, 62, 63, 64)]
        s.add_all(claims)
        s.flush()
        return [c.id for c in claims]


def claims_cli(db, *args):
    from tui.entry import cli

    return CliRunner().invoke(cli, [*args, "--db", db.url], catch_exceptions=False)


# --- who is on what ----------------------------------------------------------------------


def test_take_warns_force_takes_over_release(db, ids):
    assert take(db, ids[0], reviewer="ana").previous is None
    assert take(db, ids[0], reviewer="ana").previous.reviewer == "ana"  # already yours: fine
    with pytest.raises(AlreadyTaken, match=r"being reviewed by ana since \d\d:\d\d; use --force"):
        take(db, ids[0], reviewer="bo")
    result = take(db, ids[0], reviewer="bo", force=True)
    assert result.previous.reviewer == "ana"
    assert taken_by(db, ids)[ids[0]].reviewer == "bo" and ids[1] not in taken_by(db, ids)
    with pytest.raises(AlreadyTaken, match="not by ana"):
        release(db, ids[0], reviewer="ana")
    release(db, ids[0], reviewer="bo")
    assert taken_by(db, ids) == {}
    with pytest.raises(ClaimsError, match="not taken"):
        release(db, ids[0], reviewer="bo")
    # Taking is not a change to undo: undo reaches past it.
    set_status(db, ids[1:2], reviewer="bo", status="in_review")
    take(db, ids[2], reviewer="bo")
    assert undo_last(db, reviewer="bo").claim_ids == [ids[1]]


def test_take_covers_the_cluster(db, ids):
    merge(db, ids[:2], reviewer="ana")
    take(db, ids[1], reviewer="ana")  # a member: the canonical claim is taken
    assert taken_by(db, ids) == {ids[0]: taken_by(db, [ids[0]])[ids[0]],
                                 ids[1]: taken_by(db, [ids[1]])[ids[1]]}
    assert taken_by(db, [ids[1]])[ids[1]].claim_id == ids[0]


def test_take_in_list_and_show(db, ids):
    assert claims_cli(db, "take", str(ids[0]), "--reviewer", "ana").exit_code == 0
    again = claims_cli(db, "take", str(ids[0]), "--reviewer", "bo")
    assert again.exit_code == 1 and "being reviewed by ana" in again.output
    records = json.loads(claims_cli(db, "list", "--format", "json").stdout)
    by_id = {r["id"]: r for r in records}
    assert by_id[ids[0]]["taken_by"] == "ana" and by_id[ids[1]]["taken_by"] is None
    assert "taken_by" in claims_cli(db, "list").stdout
    assert "being reviewed by ana since" in claims_cli(db, "show", str(ids[0])).stdout
    over = claims_cli(db, "take", str(ids[0]), "--reviewer", "bo", "--force")
    assert over.exit_code == 0 and "took claim" in over.output and "from ana" in over.output
    assert "bo" in claims_cli(db, "taken").stdout


def test_history_filters(db, ids):
    set_status(db, ids[:1], reviewer="ana", status="in_review")
    set_status(db, ids[1:2], reviewer="bo", status="not_checkable")
    take(db, ids[1], reviewer="bo")
    assert [(e.reviewer, e.action) for e in history(db, ids[1])] == [("bo", "set-status"), ("bo", "take")]
    assert {e.claim_id for e in history(db, reviewer="ana")} == {ids[0]}
    out = claims_cli(db, "history", "--reviewer", "bo", "--since", "2000-01-01", "--format", "jsonl")
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["action"] for x in lines] == ["set-status", "take"] and lines[0]["new"] == "not_checkable"
    assert claims_cli(db, "history", "--since", "2999-01-01", "--format", "jsonl").stdout == ""
    table = claims_cli(db, "history", str(ids[0])).stdout
    assert "ana" in table and "in_review" in table
    bad = claims_cli(db, "history", "--since", "the twelfth of never")
    assert bad.exit_code == 1 and "--since" in bad.output


# --- no lost update ----------------------------------------------------------------------


def test_expect_version_refuses_a_stale_change_naming_who(db, ids):
    ok = claims_cli(db, "set-status", str(ids[0]), "--status", "in_review", "--reviewer", "ana",
                    "--expect-version", "1")
    assert ok.exit_code == 0
    stale = claims_cli(db, "set-status", str(ids[0]), "--status", "verified", "--verdict", "false",
                       "--reviewer", "bo", "--expect-version", "1")
    assert stale.exit_code == 1
    assert "changed by ana" in stale.output and "status unverified -> in_review" in stale.output
    assert "version 1 -> 2" in stale.output
    with db.session() as s:
        assert s.get(Claim, ids[0]).status == "in_review"
    wrong = claims_cli(db, "set-status", str(ids[0]), str(ids[1]), "--status", "in_review",
                       "--expect-version", "2")
    assert wrong.exit_code == 2 and "one version per claim id" in wrong.output


def test_a_write_on_a_stale_read_is_refused(db, ids):
    """Whatever the path: read version 1, someone else commits version 2, our write fails."""
    with pytest.raises(StaleVersion, match="changed by bo"), db.session() as s:
        mine = s.get(Claim, ids[0])
        assert mine.version == 1
        set_status(db, ids[:1], reviewer="bo", status="not_checkable")  # another session
        set_claim_field(s, mine, "status", "in_review", batch="x", reviewer="ana", action="set-status")
        touch(mine)
    with db.session() as s:
        assert s.get(Claim, ids[0]).status == "not_checkable"
        assert s.exec(select(Event).where(Event.reviewer == "ana")).all() == []


def test_concurrent_writers_lose_nothing(db, ids):
    """Threads changing the same claims, retrying on conflict: the audit chain is unbroken."""
    statuses = ["in_review", "not_checkable", "unverified"]
    done = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        for i in range(15):
            target = ids[(n + i) % 2]
            while True:
                with db.session() as s:
                    current = s.get(Claim, target)
                    version, status = current.version, current.status
                new = next(x for x in statuses[(i + n) % 3:] + statuses if x != status)
                try:
                    set_status(db, [target], reviewer=f"r{n}", status=new,
                               expected_versions={target: version})
                except StaleVersion:
                    continue
                with lock:
                    done.append(target)
                break

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(worker, range(4)))
    with db.session() as s:
        for target in ids[:2]:
            events = s.exec(select(Event).where(Event.claim_id == target, Event.field == "status")
                            .order_by(col(Event.id))).all()
            assert len(events) == done.count(target)
            chain = ["unverified"] + [e.new for e in events]
            assert [e.old for e in events] == chain[:-1]  # each change saw the one before it
            claim = s.get(Claim, target)
            assert claim.status == chain[-1] and claim.version == 1 + len(events)


# --- opening databases -------------------------------------------------------------------


def fresh_urls(tmp_path, fresh_pg_url) -> list[str]:
    """A new SQLite file, and a new PostgreSQL database when a server is reachable."""
    return [str(tmp_path / "fresh.db")] + ([fresh_pg_url("fresh")] if fresh_pg_url else [])


def test_concurrent_openers_migrate_once(tmp_path, fresh_pg_url):
    for url in fresh_urls(tmp_path, fresh_pg_url):
        barrier = threading.Barrier(4)

        def open_it(url=url, barrier=barrier):
            barrier.wait()
            Database(url).close()

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: open_it(), range(4)))
        database = Database(url)
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
        database.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_half_applied_and_newer_schemas_are_refused(tmp_path, fresh_pg_url, backend):
    if backend == "postgresql" and not fresh_pg_url:
        pytest.skip("no PostgreSQL server")
    url = fresh_pg_url("half") if backend == "postgresql" else str(tmp_path / "half.db")
    first = Database(url)
    url = first.url
    with first.engine.begin() as conn:
        conn.execute(text("DROP TABLE claim_lock"))
    first.close()
    with pytest.raises(DatabaseError, match="lacks the table.*claim_lock.*half-applied"):
        Database(url)
    plain = Database(url, migrate=False)
    with plain.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    with pytest.raises(DatabaseError, match="0099_future, which this version of claims does not know"):
        Database(url)
    with plain.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    with pytest.raises(DatabaseError, match="claims tables .* but no schema revision"):
        Database(url)
    plain.close()


@pytest.mark.parametrize("url, message", [
    ("postgresql://postgres@127.0.0.1:1/claims", "cannot reach the PostgreSQL server at 127.0.0.1:1"),
    ("postgresql+psycopg://no_such_role_x@127.0.0.1:5432/postgres", "refused user 'no_such_role_x'"),
    ("postgresql://postgres@127.0.0.1:5432/no_such_db_x", "has no database 'no_such_db_x': create it"),
])
def test_postgres_problems_are_one_line(url, message, pg_admin_url):
    from tests.conftest import run_claims

    result = run_claims("list", "--db", url)
    err = result.stderr.decode()
    assert result.returncode == 1 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_note_with_semicolons_does_not_confuse_who_changed_the_claim(db, ids):
    ok = claims_cli(db, "set-status", str(ids[0]), "--status", "in_review", "--reviewer", "ana",
                    "--note", "see the budget; page 4; table 2")
    assert ok.exit_code == 0
    stale = claims_cli(db, "set-status", str(ids[0]), "--status", "not_checkable",
                       "--reviewer", "bo", "--expect-version", "1")
    assert stale.exit_code == 1
    assert "changed by ana since you loaded it" in stale.output


def test_an_opener_retries_a_lock_sqlite_reports_without_waiting(tmp_path, monkeypatch):
    """SQLite fails some lock waits at once ("database is locked" while another opener
    switches a new file to WAL); opening waits and tries again instead of giving up."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import db.engine as engine_module

    real, calls = engine_module.upgrade_to_head, []

    def locked_once(engine, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("PRAGMA journal_mode=WAL", {}, sqlite3.OperationalError("database is locked"))
        return real(engine, **kw)

    monkeypatch.setattr(engine_module, "upgrade_to_head", locked_once)
    database = Database(str(tmp_path / "retried.db"))
    assert len(calls) == 2 and database.created
    database.close()

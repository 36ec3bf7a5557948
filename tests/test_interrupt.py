"""Another thread stops a read in the database (db.interrupt): the desk's count of a filter
the reviewer has left. Both backends; the statement that is stopped would otherwise run for
minutes, so a stop that does not reach the database fails the test by its join timeout."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from claims.services.paging import count
from claims.services.queries import ClaimFilter
from db.interrupt import Interrupt, Interrupted

# Runs for minutes on either backend, and stops at the first look at the stop flag.
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
           "SELECT count(*) FROM c")


def _run_endless(db, interrupt: Interrupt, outcome: list, watched: threading.Event | None = None) -> None:
    try:
        with db.session() as session, interrupt.watching(session):
            if watched is not None:
                watched.set()  # a stop from here on reaches the statement, not only its start
            session.connection().execute(text(ENDLESS)).all()
        outcome.append("finished")
    except Interrupted:
        outcome.append("interrupted")
    except Exception as exc:  # noqa: BLE001 - the test reports what else came out
        outcome.append(repr(exc))


def _until_running(db, deadline: float) -> None:
    """PostgreSQL: until the endless statement shows as active on the server (a cancel only
    reaches a statement in progress). SQLite's flag is read by the statement itself."""
    if not db.is_postgresql:
        return
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            if conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                                 "AND query LIKE 'WITH RECURSIVE c(x)%'")).scalar_one():
                return
            conn.rollback()
    pytest.fail("the endless statement never started")


def test_a_stop_from_another_thread_ends_the_statement(db):
    interrupt, outcome, watched = Interrupt(), [], threading.Event()
    worker = threading.Thread(target=_run_endless, args=(db, interrupt, outcome, watched))
    worker.start()
    assert watched.wait(30)
    _until_running(db, time.monotonic() + 30)
    interrupt.stop()
    worker.join(60)
    assert not worker.is_alive() and outcome == ["interrupted"]
    # The connection goes back to the pool fit for use, with no stop flag left on it.
    assert count(db, ClaimFilter()) == 0
    with db.session() as session:
        assert session.connection().execute(text("SELECT 1 + 1")).scalar_one() == 2


def test_a_stop_before_the_read_starts_it_never_runs(db):
    interrupt, outcome = Interrupt(), []
    interrupt.stop()
    _run_endless(db, interrupt, outcome)
    assert outcome == ["interrupted"]


def test_a_read_nobody_stops_gives_its_answer(db):
    interrupt = Interrupt()
    with db.session() as session, interrupt.watching(session):
        assert session.connection().execute(text("SELECT 40 + 2")).scalar_one() == 42
    assert count(db, ClaimFilter(), interrupt=interrupt) == 0
    assert not interrupt.stopped

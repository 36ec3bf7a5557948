"""Two changes that PostgreSQL cannot both let through (a deadlock between them, a
serialisation failure): the one it aborts ends in one line saying so, that nothing of it was
stored and to run it again, not the server's bare 'deadlock detected'."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from claims.cli.options import opened_db
from claims.models import Claim
from db.errors import DatabaseError
from tests.pg_sessions import backend_pid, poll_until, waiting_for


def _deadlock(db) -> DBAPIError:
    """Two real sessions taking two claims in opposite orders: the error of the aborted one."""
    with db.session() as session:
        session.add_all([Claim(text="first claim of two"), Claim(text="second claim of two")])
    ids = sorted(db.engine.connect().execute(text("SELECT id FROM claim")).scalars())
    errors: list[BaseException] = []
    with db.engine.connect() as one:
        one.execute(text("SET deadlock_timeout = '20ms'"))
        one.execute(text("SELECT id FROM claim WHERE id = :i FOR UPDATE"), {"i": ids[0]})
        holder = backend_pid(one)

        def other() -> None:
            with db.engine.connect() as two:
                two.execute(text("SET deadlock_timeout = '20ms'"))
                two.execute(text("SELECT id FROM claim WHERE id = :i FOR UPDATE"), {"i": ids[1]})
                try:
                    two.execute(text("SELECT id FROM claim WHERE id = :i FOR UPDATE"), {"i": ids[0]})
                except DBAPIError as exc:
                    errors.append(exc)
                two.rollback()

        thread = threading.Thread(target=other)
        thread.start()
        poll_until(db, lambda conn: waiting_for(conn, holder), "the other session waits for the first")
        try:
            one.execute(text("SELECT id FROM claim WHERE id = :i FOR UPDATE"), {"i": ids[1]})
        except DBAPIError as exc:
            errors.append(exc)
        one.rollback()
        thread.join()
    assert len(errors) == 1, errors  # PostgreSQL aborts one of the two
    return errors[0]


def test_a_change_aborted_by_a_deadlock_says_so_in_one_line(db):
    if not db.is_postgresql:
        pytest.skip("deadlock detection: PostgreSQL's (SQLite has one writer at a time)")
    error = _deadlock(db)
    with pytest.raises(DatabaseError) as raised, opened_db(db.url):
        raise error
    message = str(raised.value)
    assert "\n" not in message
    assert "another change" in message and "at the same time" in message
    assert "rolled back whole, nothing half-written" in message and "run it again" in message
    assert "deadlock detected" in message  # the server's word kept, for whoever reads logs

"""Issue 15's noticed items, on the desk: a PostgreSQL error's hint is kept in the one line the
desk shows (and the CLI prints) for a failed database call. 'out of shared memory' (an import
of 12,000 new outlets, F8 of an earlier pass) came without PostgreSQL's 'You might need to
increase max_locks_per_transaction', the one thing saying what to do."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from tui.worker_failures import failure_line


def test_the_desk_keeps_the_hint_of_a_real_postgresql_error(db):
    if not db.is_postgresql:
        pytest.skip("a hint is PostgreSQL's")
    with pytest.raises(DBAPIError) as caught, db.session() as s:
        s.connection().execute(text("SELECT claims_no_such_function(1)"))
    line = failure_line(caught.value, db.url)
    assert len(line.splitlines()) == 1
    assert "claims_no_such_function(integer) does not exist" in line
    assert "(PostgreSQL's hint: No function matches the given name and argument types." in line, line


def test_the_desk_keeps_the_max_locks_hint_of_out_of_shared_memory():
    orig = Exception("out of shared memory\nHINT:  You might need to increase max_locks_per_transaction.")
    error = OperationalError("SELECT pg_advisory_xact_lock(1, 2)", {}, orig)
    line = failure_line(error, "postgresql+psycopg://desk@db.example/claims")
    assert line == ("the database postgresql+psycopg://desk@db.example/claims: out of shared memory "
                    "(PostgreSQL's hint: You might need to increase max_locks_per_transaction.)"), line

"""What the tests of concurrent PostgreSQL sessions share: a session's backend pid, polling
until something holds (never a sleep standing in for it), the backend waiting on a lock."""

from __future__ import annotations

import time

from sqlalchemy import text


def backend_pid(conn) -> int:
    return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def poll(found, what: str, timeout: float = 20.0):
    """Call `found()` until it returns something true (what another thread or process does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := found():
            return result
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting until {what}")


def poll_until(db, found, what: str, timeout: float = 20.0):
    """Poll `found(conn)` on a connection of its own until it returns something true."""
    with db.engine.connect() as conn:
        def fresh():
            result = found(conn)
            conn.rollback()  # a fresh snapshot for the next poll
            return result

        return poll(fresh, what, timeout)


def waiting_for(conn, holder: int) -> int | None:
    """The backend waiting for a lock that `holder` (a backend pid) holds, if any."""
    return conn.execute(text("SELECT pid FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))"),
                        {"holder": holder}).scalar()

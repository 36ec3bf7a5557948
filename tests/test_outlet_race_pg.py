"""Two writers on PostgreSQL making one outlet under two spellings at once: each looked before
the other committed and both made one ('Reuters' and 'REUTERS'; UNIQUE(name) is exact). The
one making it holds a lock on the name's identity to its commit (found in review of noticed16;
issue 15). Two real connections; the second's wait is seen in pg_stat_activity, not slept for."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlmodel import Session

from claims.services.ingest import get_or_create_outlet


def _waiting_on_advisory_lock(db, pid: int) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT wait_event = 'advisory' FROM pg_stat_activity WHERE pid = :pid"),
                            {"pid": pid}).scalar() is True


def test_two_writers_make_one_outlet(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writers hold the file's write lock")
    first, second = Session(db.engine), Session(db.engine)
    try:
        first.connection()
        pid = second.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        made = get_or_create_outlet(first, "Reuters").id  # not committed yet
        got: dict[str, object] = {}

        def other() -> None:
            try:
                got["id"] = get_or_create_outlet(second, "REUTERS").id
                second.commit()
            except Exception as exc:  # noqa: BLE001 (shown by the assertion below)
                got["error"] = exc

        thread = threading.Thread(target=other)
        thread.start()
        # it either makes its own at once (the race) or waits for the first to commit
        while thread.is_alive() and not _waiting_on_advisory_lock(db, pid):
            thread.join(0.01)
        first.commit()
        thread.join(60)
        assert not thread.is_alive()
        assert "error" not in got, got
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, name FROM outlet")).all() == [(made, "Reuters")]
        assert got["id"] == made
    finally:
        first.close()
        second.close()

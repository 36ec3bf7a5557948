"""Lock waits without the connection's bound (db.engine sets `lock_timeout` on every PostgreSQL
connection to `PG_LOCK_TIMEOUT_MS`). A module of its own: db.migrate uses it, and db.engine
imports db.migrate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Connection


def wait_unbounded(connection: Connection) -> None:
    """For the rest of `connection`'s PostgreSQL transaction, wait for locks as long as it
    takes (`PG_LOCK_TIMEOUT_MS` bounds the waits of everything else): taken before the
    advisory locks that queue writers one after another (a long import holds the next ingest
    off until it commits, as SQLite's one writer does) and the schema upgrade's."""
    connection.connection.dbapi_connection.execute("SET LOCAL lock_timeout = 0")


# -- who holds the lock a statement waits for ------------------------------------------------------

NOTICE_AFTER_S = 2.0  # a statement waiting this long on another session's lock is said to wait

_last_holder: dict[str, str] = {}  # url -> the holder a statement of this process last waited for


def last_holder(url: str) -> str | None:
    """The session a statement on `url` was last seen waiting for (`LockWatch`), or None."""
    return _last_holder.get(url)


def describe_sessions(conn, pids: list[int]) -> str | None:
    """'session 4711 (user ana, 'claims', in a transaction for 12 s, running 'UPDATE ...')' for
    the first of `pids` PostgreSQL still lists, on `conn` (a psycopg connection)."""
    rows = conn.execute(
        """SELECT pid, usename, application_name, state, query,
                  extract(epoch FROM now() - xact_start)::int
           FROM pg_stat_activity WHERE pid = ANY(%s) ORDER BY xact_start NULLS LAST LIMIT 1""",
        (pids,)).fetchall()
    if not rows:
        return None
    pid, user, app, state, statement, age = rows[0]
    said = " ".join(str(statement or "").split())
    said = said if len(said) <= 80 else said[:77] + "..."
    doing = "running" if state == "active" else "last ran"
    parts = (f"user {user}" if user else "", f"{app!r}" if app else "",
             f"in a transaction for {age} s" if age is not None else "", f"{doing} {said!r}" if said else "")
    return f"session {pid} ({', '.join(p for p in parts if p)})"


class LockWatch:
    """The statements of one PostgreSQL engine, watched from a thread of their own: one that
    has waited `NOTICE_AFTER_S` for a lock another session holds is said once by `notice`
    (the CLI's stderr; none on the desk, which draws the terminal), naming the holder, and
    the holder is kept for the message if the wait times out (`last_holder`). The holder is
    asked on a connection of its own (`pg_blocking_pids`)."""

    def __init__(self, url: str, conninfo: str, timeout_s: Callable[[], float]) -> None:
        self.url, self._conninfo, self._timeout_s = url, conninfo, timeout_s
        self.notice: Callable[[str], None] | None = None
        self._running: dict[int, float] = {}  # backend pid -> when its statement started
        self._said: set[tuple[int, float]] = set()
        self._next_ask: dict[tuple[int, float], float] = {}  # a slow statement is asked again after a pause
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def attach(self, engine) -> LockWatch:
        event.listen(engine, "before_cursor_execute", self._started)
        event.listen(engine, "after_cursor_execute", self._ended)
        event.listen(engine, "handle_error", lambda context: self._ended(context.connection))
        return self

    def _started(self, conn, *_args) -> None:
        pid = conn.connection.dbapi_connection.info.backend_pid
        with self._guard:
            self._running[pid] = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="claims-lock-watch", daemon=True)
                self._thread.start()

    def _ended(self, conn, *_args) -> None:
        if conn is None:
            return
        dbapi = getattr(conn.connection, "dbapi_connection", None)
        pid = getattr(getattr(dbapi, "info", None), "backend_pid", None)
        with self._guard:
            self._running.pop(pid, None)

    def _watch(self) -> None:
        idle_since = time.monotonic()
        while True:
            time.sleep(NOTICE_AFTER_S / 4)
            now = time.monotonic()
            with self._guard:
                waiting = [(pid, at) for pid, at in self._running.items()
                           if now - at >= NOTICE_AFTER_S and (pid, at) not in self._said
                           and self._next_ask.get((pid, at), 0) <= now]
                current = set(self._running.items())
                self._said &= current
                self._next_ask = {k: v for k, v in self._next_ask.items() if k in current}
                if self._running:
                    idle_since = now
                elif now - idle_since > 5 * NOTICE_AFTER_S:  # nothing running: the thread ends
                    self._thread = None
                    return
            for pid, at in waiting:
                holder = self._holder(pid)
                if holder is None:  # a slow statement, not a wait (yet): asked again in a while
                    self._next_ask[(pid, at)] = time.monotonic() + NOTICE_AFTER_S
                    continue
                self._said.add((pid, at))
                _last_holder[self.url] = holder
                if self.notice is not None:
                    self.notice(f"waiting for a lock on the database held by {holder} (gives up "
                                f"after {self._timeout_s():g} s)")

    def _holder(self, pid: int) -> str | None:
        import psycopg

        try:
            with psycopg.connect(self._conninfo, connect_timeout=3, options="-c lock_timeout=1000") as conn:
                (blockers,) = conn.execute("SELECT pg_blocking_pids(%s)", (pid,)).fetchone()
                return describe_sessions(conn, list(blockers)) if blockers else None
        except Exception:  # noqa: BLE001 - who holds it is a courtesy: the wait goes on either way
            return None

"""Stopping a read that another thread runs: the desk's count of a filter the reviewer has
already left behind, which would otherwise keep the database busy (up to half a second at
1M claims) while the next filter's page waits.

SQLite checks a progress handler every few thousand virtual-machine steps, so a stop that
comes before the statement starts is not lost; PostgreSQL is sent a cancel request for the
statement in progress (one that starts after the stop is let run: it is as short as any).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

_STEPS = 1_000  # SQLite virtual-machine steps between two looks at the stop flag


class Interrupted(Exception):
    """The read was stopped by `Interrupt.stop`."""


class Interrupt:
    """A stop flag for the reads run inside `watching(session)`, to be set from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopped = False
        self._cancel = None  # PostgreSQL: the connection's cancel while a read is watched

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            cancel = self._cancel
        if cancel is not None:  # a cancel opens a new connection: not on the caller's (UI) thread
            threading.Thread(target=_quietly, args=(cancel,), name="claims-cancel", daemon=True).start()

    @contextmanager
    def watching(self, session: Session) -> Iterator[None]:
        """Run the block's statements on `session` so that `stop` ends them; raises
        Interrupted (not a database error) when it did, or when it came before."""
        conn = session.connection()
        raw = conn.connection.dbapi_connection
        sqlite = conn.dialect.name == "sqlite"
        with self._lock:
            if self._stopped:
                raise Interrupted
            if not sqlite:
                self._cancel = getattr(raw, "cancel_safe", None) or raw.cancel
        if sqlite:
            raw.set_progress_handler(lambda: self._stopped, _STEPS)
        try:
            yield
        except DBAPIError:
            if self._stopped:
                raise Interrupted from None
            raise
        finally:
            with self._lock:
                self._cancel = None
            if sqlite:
                raw.set_progress_handler(None, 0)
        if self._stopped:  # finished as the stop came: its answer is not wanted either
            raise Interrupted


def _quietly(cancel) -> None:
    """Send the cancel; one that cannot reach the server leaves the statement to finish."""
    with suppress(Exception):  # the read it was for ends either way
        cancel()

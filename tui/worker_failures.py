"""A worker that fails in a way nobody foresaw says so in one line on the desk.

Workers run with `exit_on_error=False` so one failed load does not close the desk; without
this a damaged database or a lost server would leave a screen silently empty. Screens (and
the app, for its own workers) mix in `ShowsWorkerFailures`; the line is the one the CLI
prints for the same failure.
"""

from __future__ import annotations

import time

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from textual.worker import Worker, WorkerState

from claims.errors import ClaimsError
from db import DatabaseError
from db.engine import describe_error, stale_row_message

REPEAT_AFTER_S = 5.0


def failure_line(error: BaseException, db_url: str | None) -> str:
    if isinstance(error, ClaimsError | DatabaseError):
        return str(error)
    if isinstance(error, DBAPIError):
        return describe_error(db_url, error, opening=False)
    if isinstance(error, StaleDataError):
        return stale_row_message(db_url, error)
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


class ShowsWorkerFailures:
    """Mixed into a Screen or the App: a worker that ends in error is reported (the same line
    once in a few seconds: a screen's loaders tend to fail together)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        app = self.app  # type: ignore[attr-defined]
        db = getattr(app, "db", None)
        line = failure_line(event.worker.error, db.url if db is not None else None)
        now = time.monotonic()
        last_line, last_at = getattr(app, "_last_failure", (None, 0.0))
        if line == last_line and now - last_at < REPEAT_AFTER_S:
            return
        app._last_failure = (line, now)
        app.notify(line, severity="error", timeout=10)

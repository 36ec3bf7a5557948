"""Small helpers for the watch tests: counting rows, waiting on a condition (never on the clock)."""

from __future__ import annotations

import time

import pytest
from sqlmodel import func, select


def count(db, model) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def wait_for(condition, what: str, timeout: float = 60.0) -> None:
    """Poll for a condition (a row, a request reaching the server), failing with `what` after
    `timeout` seconds: a bound for a hung process, not a guess at how long things take."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)

"""The desk on a damaged database says so, instead of showing an empty queue (issue 15, 1)."""

from __future__ import annotations

import sqlite3

from db import Database
from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.testing import notifications_told, settle


def _zero_page(path, page: int) -> None:
    with path.open("r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\0" * 4096)


async def test_a_damaged_claim_table_is_reported_on_the_desk(tmp_path):
    path = tmp_path / "desk.db"
    db = Database(str(path))
    seed(db)
    db.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claim'").fetchone()
    con.close()
    _zero_page(path, root)
    damaged = Database(str(path))  # opens: the schema and its revision are intact
    shown: list[str] = []
    app = ClaimsApp(damaged, reviewer="tester", watch_interval=0)
    app.notify = lambda message, **kw: shown.append(message)  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot, failures_expected=True)
            assert any("damaged" in m and "claims db backup" in m for m in shown), shown
            assert len([m for m in shown if "damaged" in m]) == 1  # the queue's loaders fail together
    finally:
        damaged.close()


async def test_a_desk_that_can_only_be_read_opens_and_says_so(tmp_path, monkeypatch):
    """A desk in a folder the user may not write in said "cannot write" on opening, though
    the user only reads. Root ignores permissions, so the reason is given here; the desk is
    opened as `mode=ro` all the same (tests/test_hostile_inputs_10.py runs the real folder)."""
    import db.engine
    from claims.models import Claim
    from tui.screens.queue import QueueScreen

    path = tmp_path / "desk.db"
    writable = Database(str(path))
    ids = seed(writable)
    writable.close()
    why = f"its folder {tmp_path} is read-only for you"
    monkeypatch.setattr(db.engine, "read_only_reason", lambda p: why if p == path else None)
    desk = Database(str(path))
    assert desk.read_only == why
    app = ClaimsApp(desk, reviewer="ana", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen) and len(pilot.app.screen.rows) == 5
        told = list(said)
        assert any(f"Read-only: {path} can only be read here ({why})" in m for m in told), told
        table = pilot.app.screen.query_one("ClaimTable")
        at = table.cursor_row
        await pilot.press("5")  # verdict false: refused, said why
        await settle(pilot)
        told = list(said)
        assert any(f"the desk {path} can only be read here ({why})" in m and "no change can be saved" in m
                   for m in told), told
        assert table.cursor_row == at  # not moved on to the next claim as after a verdict given
        assert all(r.verdict is None for r in pilot.app.screen.rows)  # nor shown as given meanwhile
    desk.close()
    with Database(str(path)).session() as s:
        assert s.get(Claim, ids["top"]).verdict is None

"""The desk on a damaged database says so, instead of showing an empty queue (issue 15, 1)."""

from __future__ import annotations

import sqlite3

from db import Database
from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.testing import settle


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

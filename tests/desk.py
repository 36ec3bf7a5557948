"""The desk as a test meets it: a desk file holding the one claim of
:func:`tests.hostile.record_file`, put there by the real CLI, and the real app open on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from click.testing import CliRunner

from db import Database
from tests.hostile import record_file
from tui.app import ClaimsApp
from tui.entry import cli
from tui.testing import notifications_told, settle


def one_claim_desk(tmp_path: Path) -> str:
    """A new SQLite desk with one imported claim; its path."""
    desk = str(tmp_path / "desk.db")
    done = CliRunner().invoke(cli, ["--db", desk, "import", record_file(tmp_path)])
    assert done.exit_code == 0, done.output
    return desk


@asynccontextmanager
async def open_desk(desk: str, *, size: tuple[int, int] = (100, 30),
                    reviewer: str = "ana") -> AsyncIterator[tuple[ClaimsApp, object, list[str]]]:
    """The app on `desk`, settled: (app, pilot, the notifications it says, as it says them)."""
    db = Database(desk)
    try:
        app = ClaimsApp(db, reviewer=reviewer, watch_interval=0)
        said = notifications_told(app)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            yield app, pilot, said
    finally:
        db.close()


async def press_each(pilot, keys: Iterable[str]) -> None:
    """Each key pressed and the app settled after it."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)

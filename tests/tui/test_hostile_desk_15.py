"""Desk cases of the fifteenth hostile pass (issue 15), tried with Pilot and in tmux (and see
tests/test_hostile_inputs_15.py for the log of the whole pass)."""

from __future__ import annotations

import asyncio

from tests.hostile import record_file


async def _desk(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from db import Database
    from tui.app import ClaimsApp
    from tui.entry import cli

    monkeypatch.chdir(tmp_path)  # the export dialog writes its default file here
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "none.toml"))
    desk = str(tmp_path / "desk.db")
    assert CliRunner().invoke(cli, ["--db", desk, "import", record_file(tmp_path)]).exit_code == 0
    db = Database(desk)
    return db, ClaimsApp(db, reviewer="ana", watch_interval=0)


async def test_an_error_line_whose_dialog_closed_before_its_refresh_ends_nothing(tmp_path, monkeypatch):
    """A dialog's error line scrolls itself into view after the refresh that follows its text;
    Textual runs that call on whichever screen is on top then. When the dialog had closed in
    between (export: enter says "writing…", escape closes it, both in one burst of keys), the
    call ran on the queue's screen and asked the removed line for its screen: NoScreen ended
    the desk with a traceback. The call Textual forwards is made here as it makes it."""
    from tui.widgets.error_line import ErrorLine

    db, app = await _desk(tmp_path, monkeypatch)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e")
            await pilot.pause()
            line = app.screen.query_one("#export-error", ErrorLine)
            line.update("writing…")
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen).__name__ == "QueueScreen"
            app.screen._invoke_later(line.show, line)  # what the forwarded InvokeLater does
            await pilot.pause()
            await pilot.pause()
        assert app._exception is None, app._exception
    finally:
        db.close()


async def test_a_claim_view_closed_as_it_opens_ends_nothing(tmp_path, monkeypatch):
    """The header's title is set by a watcher that runs after the screen mounts; a claim view
    closed before that (enter escape in one burst of keys) had lost the header's parts, and
    Textual's NoMatches ended the desk."""
    from tui.screens.claim import ClaimScreen

    db, app = await _desk(tmp_path, monkeypatch)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for _ in range(5):
                app.push_screen(ClaimScreen(1))
                await asyncio.sleep(0)
                app.pop_screen()
                await pilot.pause()
        assert app._exception is None, app._exception
    finally:
        db.close()

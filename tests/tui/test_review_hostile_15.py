"""Found in review of pass 15's desk fixes (hostile15): bursts of keys in a dialog and in the
command palette, the exit status of a desk that ended on an error, and a file name that is
not UTF-8 on the ingest screen.

A burst is what a fast typist, a held key or a paste sends: every key is posted before the
desk handles the first (Pilot's `press` waits for each key to be handled, which hides it)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import select
from textual import events
from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from claims.models import Claim, Event
from tui.app import ClaimsApp
from tui.screens.claim import ClaimScreen
from tui.screens.queue import QueueScreen
from tui.testing import settle

SAMPLES = Path(__file__).resolve().parents[2] / "claims" / "samples"


def burst(app, *keys: str) -> None:
    """Post every key at once, as the terminal delivers a quick run of them."""
    for key in keys:
        app.post_message(events.Key(key, "\r" if key == "enter" else key if len(key) == 1 else None))


def _desk_is_whole(app) -> None:
    """Nothing ended the desk, and a desk screen (not Textual's blank default one) is on top."""
    assert app._exception is None, app._exception
    assert isinstance(app.screen, QueueScreen | ClaimScreen), app.screen_stack
    assert isinstance(app.screen_stack[1], QueueScreen), app.screen_stack


async def test_enter_pressed_three_times_on_a_saved_filter_applies_it_once_and_keeps_the_queue(seeded):
    """Each enter in the list was an OptionSelected message, each handled by dismissing the
    dialog: the second popped the queue (a blank desk), the third ended the desk
    (ScreenStackError: Can't pop screen)."""
    db, _ = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        await pilot.press("s")
        await settle(pilot)
        listing = pilot.app.screen.query_one("#saved-list")
        listing.focus()
        listing.highlighted = 0
        picked = pilot.app.screen.filters[listing.get_option_at_index(0).id]
        await pilot.pause()
        burst(pilot.app, "enter", "enter", "enter")
        await settle(pilot)
        _desk_is_whole(pilot.app)
        assert queue.filter == picked


async def test_enter_pressed_three_times_in_the_date_dialog_sets_the_date_once(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"2024-01-05")
        burst(pilot.app, "enter", "enter", "enter")
        await settle(pilot)
        _desk_is_whole(pilot.app)
        with db.session() as s:
            assert s.get(Claim, ids["top"]).claim_date == "2024-01-05"
            changes = s.exec(select(Event).where(Event.claim_id == ids["top"])).all()
        assert len({e.batch for e in changes}) == 1, changes


async def test_enter_pressed_three_times_in_the_evidence_dialog_adds_the_link_once(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"https://x.example/a")
        burst(pilot.app, "enter", "enter", "enter")
        await settle(pilot)
        _desk_is_whole(pilot.app)
        with db.session() as s:
            assert json.loads(s.get(Claim, ids["top"]).evidence) == ["https://x.example/a"]


async def test_enter_tab_enter_on_the_conflict_buttons_answers_once(seeded):
    """Enter on Reload, tab, enter on Overwrite: a Button.Pressed from each button (a button
    takes one press per 0.2 s by itself), and the second dismissed the queue too."""
    from tui.screens.modals import ConflictModal

    db, _ = seeded
    answers = []
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(ConflictModal("claim 1 was changed by bo since you loaded it (version 1 -> 2: "
                                            "verdict); reload it and try again", "verdict true"), answers.append)
        await settle(pilot)
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#reload", Button)
        burst(pilot.app, "enter", "tab", "enter", "shift+tab", "enter")
        await settle(pilot)
        _desk_is_whole(pilot.app)
        assert answers == ["reload"]


async def test_two_exports_finishing_together_close_the_export_dialog_once(seeded, tmp_path, monkeypatch):
    """Enter then ctrl+s starts two writes (the second cancels the first, but a thread runs
    on); each that finished dismissed the dialog. Two finishing before the dialog handles the
    first is rare, so their two messages are posted here as the writes post them."""
    from tui.screens.export import ExportWritten

    monkeypatch.chdir(tmp_path)
    db, _ = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.post_message(ExportWritten(str(tmp_path / "verified-claims.csv"), 0))
        dialog.post_message(ExportWritten(str(tmp_path / "verified-claims.csv"), 0))
        await settle(pilot)
        _desk_is_whole(pilot.app)


def test_every_dialog_of_the_desk_closes_once():
    """A dialog added later is built on DismissOnce too (each modal screen in tui/)."""
    import importlib
    import pkgutil

    import tui.screens
    from tui.screens.dialog import DismissOnce

    for module in pkgutil.iter_modules(tui.screens.__path__):
        importlib.import_module(f"tui.screens.{module.name}")
    dialogs, todo = [], list(ModalScreen.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("tui."):
            dialogs.append(cls)
    assert len(dialogs) >= 10  # the command palette (tui.command_palette) is one
    assert [d.__name__ for d in dialogs if not issubclass(d, DismissOnce)] == []


async def test_a_dialog_under_the_command_palette_is_not_closed_by_a_late_enter(seeded):
    """The late message of an enter pressed before ctrl+p: the screen on top is the palette,
    which dismissing the dialog would have popped instead."""
    db, _ = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        dialog = pilot.app.screen
        await pilot.press(*"https://x.example/a")
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = pilot.app.screen
        dialog.post_message(Input.Submitted(dialog.query_one(Input), "https://x.example/a"))
        await settle(pilot)
        assert pilot.app.screen is palette
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is dialog
        await pilot.press("enter")  # closes now that it is on top again
        await settle(pilot)
        _desk_is_whole(pilot.app)


async def test_page_keys_right_after_ctrl_p_do_not_end_the_desk(seeded):
    """PageDown reached the palette's list before its layout: KeyError in OptionList._move_page."""
    db, _ = seeded
    for page in ("pagedown", "pageup"):
        async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(pilot.app, "ctrl+p", page)
            await settle(pilot)
            assert pilot.app._exception is None, pilot.app._exception
            commands = pilot.app.screen.query_one("CommandList")
            burst(pilot.app, "pagedown")  # laid out now: the page keys move the highlight
            await settle(pilot)
            assert commands.highlighted not in (None, 0)
            await pilot.press("escape")
            await settle(pilot)
            _desk_is_whole(pilot.app)


async def test_enter_pressed_three_times_in_the_command_palette_runs_the_command_once(seeded):
    """Textual's palette dismissed itself on each enter too: the desk ended (ScreenStackError)."""
    from tui.screens.articles import ArticlesScreen

    db, _ = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"view: articles")
        await settle(pilot)
        burst(pilot.app, "enter", "enter", "enter")
        await settle(pilot)
        assert pilot.app._exception is None, pilot.app._exception
        assert [type(s) for s in pilot.app.screen_stack[1:]] == [QueueScreen, ArticlesScreen]


def _run_headless(monkeypatch, auto_pilot) -> None:
    """`claims review` runs the real desk, here without a terminal, driven by `auto_pilot`."""
    original = App.run

    def run(self, **kwargs):
        return original(self, headless=True, auto_pilot=auto_pilot)

    monkeypatch.setattr(ClaimsApp, "run", run)
    monkeypatch.setattr("tui.entry.reads_a_terminal", lambda: True)  # CliRunner's input is none


def test_review_exits_non_zero_when_the_desk_ended_on_an_error(seeded, monkeypatch):
    """The desk's traceback was printed, then `claims review` exited 0: a script could not tell."""
    from tui.entry import cli

    db, _ = seeded

    def broken_help(self):
        raise RuntimeError("a bug in the desk")

    async def press_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")

    monkeypatch.setattr(ClaimsApp, "action_help", broken_help)
    _run_headless(monkeypatch, press_help)
    result = CliRunner().invoke(cli, ["--db", db.url, "review"])
    assert result.exit_code == 1, result.output
    assert "the desk stopped on an unexpected error" in result.output


def test_review_exits_zero_when_the_desk_is_quit(seeded, monkeypatch):
    from tui.entry import cli

    db, _ = seeded

    async def quit_desk(pilot):
        await settle(pilot)
        await pilot.press("ctrl+q")

    _run_headless(monkeypatch, quit_desk)
    result = CliRunner().invoke(cli, ["--db", db.url, "review"])
    assert result.exit_code == 0, result.output


async def test_the_ingest_screen_lists_a_name_that_is_not_utf8_as_it_is_stored(seeded, tmp_path):
    """The listing showed caf\\udce9.txt (Python's hold of the byte) while the article's
    source, and `claims articles`, say caf\\xe9.txt."""
    db, _ = seeded
    folder = tmp_path / "feed"
    folder.mkdir()
    samples = sorted(SAMPLES.glob("0*.txt"))[:2]
    shutil.copy(samples[0], os.fsencode(folder) + b"/caf\xe9.txt")
    shutil.copy(samples[1], folder / "plain.txt")
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.action_open_ingest()
        await settle(pilot)
        pilot.app.screen.query_one("#i-path", Input).value = str(folder)
        await pilot.press("ctrl+e")
        await settle(pilot)
        listed = str(pilot.app.screen.query_one("#i-log", Static).render())
        assert f"{folder}/caf\\xe9.txt" in listed, listed
        assert "\udce9" not in listed and "\\udce9" not in listed

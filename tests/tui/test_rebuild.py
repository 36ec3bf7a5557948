"""Rebuilding every automatic match from the duplicates screen: it runs, reports, and can be cancelled."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager

import pytest
from sqlmodel import select

from claims.models import Match
from tui.app import ClaimsApp
from tui.screens import duplicates
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.modals import ConfirmModal
from tui.testing import notifications_told, settle


def matches_of(db) -> list[tuple]:
    with db.session() as s:
        return sorted((m.id, m.claim_a_id, m.claim_b_id, m.state, m.score) for m in s.exec(select(Match)))


async def open_duplicates(pilot) -> DuplicatesScreen:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DuplicatesScreen)
    return pilot.app.screen


async def test_rebuild_runs_and_shows_the_summary(seeded, monkeypatch):
    db, _ = seeded
    before = matches_of(db)
    calls: list[tuple[int, int]] = []
    real = duplicates.rebuild_matches

    def spy(db, *, progress=None, **kw):
        def report(done, total):
            calls.append((done, total))
            progress(done, total)
        return real(db, progress=report, **kw)

    monkeypatch.setattr(duplicates, "rebuild_matches", spy)
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("B")
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        for _ in range(50):
            if not screen.rebuilding:
                break
            await pilot.pause()
        assert not screen.rebuilding
        notes = list(said)
        assert any(n.startswith("Matches rebuilt: ") and "suggestion(s)" in n for n in notes), notes
        assert calls and calls[-1][0] == calls[-1][1]
        assert not screen.query_one("#rebuild-progress").display
    assert matches_of(db) != before  # the automatic suggestion was computed afresh


async def test_no_is_no_rebuild(seeded):
    db, _ = seeded
    before = matches_of(db)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("B", "n")
        await settle(pilot)
        assert not screen.rebuilding
    assert matches_of(db) == before


async def test_escape_cancels_the_rebuild_and_nothing_changes(seeded, monkeypatch):
    db, _ = seeded
    before = matches_of(db)
    started, release = threading.Event(), threading.Event()
    real = duplicates.rebuild_matches

    def held(db, *, progress=None, **kw):
        def report(done, total):
            if not started.is_set():
                started.set()
                release.wait(10)  # held until the test has pressed escape
            progress(done, total)
        return real(db, progress=report, **kw)

    monkeypatch.setattr(duplicates, "rebuild_matches", held)
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("B", "y")
        assert await asyncio.to_thread(started.wait, 10)
        assert screen.rebuilding and screen.query_one("#rebuild-progress").display
        await pilot.press("j", "k")  # the desk stays responsive meanwhile
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DuplicatesScreen)  # escape cancelled, it did not leave
        release.set()
        for _ in range(200):
            if not screen.rebuilding:
                break
            await pilot.pause()
        await settle(pilot)
        assert not screen.rebuilding
        notes = list(said)
        assert any("cancelled: nothing changed" in n for n in notes), notes
    assert matches_of(db) == before


async def test_palette_offers_the_rebuild_everywhere(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"matching: rebuild all")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DuplicatesScreen)


async def wait_rebuilt(pilot, screen) -> None:
    await settle(pilot)  # the worker is never marked cancelled early: this waits for its thread
    assert not screen.rebuilding
    assert not screen.query_one("#rebuild-progress").display


async def test_escape_after_the_last_progress_report_still_cancels(seeded, monkeypatch):
    """The rebuild has reported its last progress and is about to commit: escape still wins."""
    db, _ = seeded
    before = matches_of(db)
    calls: list[tuple[int, int]] = []
    at_commit, release = threading.Event(), threading.Event()
    real = duplicates.rebuild_matches

    class HeldBeforeCommit:
        """The database as the rebuild gets it, held after the transaction's last statement."""

        def __init__(self, db):
            self.db = db

        def __getattr__(self, name):
            return getattr(self.db, name)

        @contextmanager
        def session(self, **kw):
            with self.db.session(**kw) as session:
                yield session
                at_commit.set()
                release.wait(10)  # held until the test has pressed escape

    def held(db, *, progress=None, **kw):
        def report(done, total):
            calls.append((done, total))
            progress(done, total)
        return real(HeldBeforeCommit(db), progress=report, **kw)

    monkeypatch.setattr(duplicates, "rebuild_matches", held)
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("B", "y")
        assert await asyncio.to_thread(at_commit.wait, 10)
        assert calls and calls[-1][0] == calls[-1][1]  # the last progress report is behind us
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DuplicatesScreen)
        assert "cancelling the rebuild" in str(screen.query_one("#dupes-status").render())
        release.set()
        await wait_rebuilt(pilot, screen)
        notes = list(said)
        assert any("cancelled: nothing changed" in n for n in notes), notes
        assert not any(n.startswith("Matches rebuilt") for n in notes), notes
    assert matches_of(db) == before


async def test_escape_once_the_rebuild_commits_is_too_late_and_says_so(seeded, monkeypatch):
    """Past the last check (the commit is under way) escape changes nothing and says so."""
    db, _ = seeded
    before = matches_of(db)
    committing, release = threading.Event(), threading.Event()
    real_begin = duplicates.RebuildControl.begin_commit

    def begin_then_hold(control):
        real_begin(control)  # the last check passed: the commit is decided
        committing.set()
        release.wait(10)

    monkeypatch.setattr(duplicates.RebuildControl, "begin_commit", begin_then_hold)
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("B", "y")
        assert await asyncio.to_thread(committing.wait, 10)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DuplicatesScreen)
        notes = list(said)
        assert any("Too late to cancel" in n for n in notes), notes
        assert "cancelling" not in str(screen.query_one("#dupes-status").render())
        release.set()
        await wait_rebuilt(pilot, screen)
        notes = list(said)
        assert any(n.startswith("Matches rebuilt: ") for n in notes), notes
        assert not any("cancelled" in n for n in notes), notes
    assert matches_of(db) != before  # stored, as the desk said


def test_rebuild_control_decides_once():
    control = duplicates.RebuildControl()
    control.check()  # running: goes on
    assert control.cancel() and control.cancel()  # cancelled (asking twice is the same answer)
    with pytest.raises(duplicates.RebuildCancelled):
        control.check()
    with pytest.raises(duplicates.RebuildCancelled):
        control.begin_commit()
    late = duplicates.RebuildControl()
    late.begin_commit()
    assert not late.cancel() and late.state == "committing"

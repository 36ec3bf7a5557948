"""Rebuilding every automatic match from the duplicates screen: it runs, reports, and can be cancelled."""

from __future__ import annotations

import asyncio
import threading

from sqlmodel import select

from claims.models import Match
from tui.app import ClaimsApp
from tui.screens import duplicates
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.modals import ConfirmModal
from tui.testing import settle


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
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
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
        notes = [n.message for n in pilot.app._notifications]
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
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
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
        notes = [n.message for n in pilot.app._notifications]
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

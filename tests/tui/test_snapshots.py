"""Snapshots of the main screens at 120x36 with seeded data (fixed dates, reviewer `tester`,
today 5 December 2026: the priority's recency term is shown from today)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.testing import settle

SIZE = (120, 36)


class _FixedDay(date):
    @classmethod
    def today(cls) -> date:
        return date(2026, 12, 5)


@pytest.fixture
def app(desk_db, monkeypatch):
    # the detail pane and the claim view show recency from today: without a fixed day the
    # snapshots changed as the calendar moved (-0.88 on 5 December 2026, -0.89 on the 6th)
    monkeypatch.setattr("claims.services.triage_view.date", _FixedDay)
    seed(desk_db)
    return ClaimsApp(desk_db, reviewer="tester", watch_interval=0, keymap={})


def snap(snap_compare, app, *keys):
    async def run_before(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.2)  # let the detail pane's debounce fire
        await settle(pilot)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_queue(snap_compare, app):
    assert snap(snap_compare, app)


def test_queue_with_detail_pane(snap_compare, app):
    assert snap(snap_compare, app, "p")


def test_claim_view(snap_compare, app):
    assert snap(snap_compare, app, "enter")


def test_duplicates(snap_compare, app):
    assert snap(snap_compare, app, "d")


def test_help(snap_compare, app):
    assert snap(snap_compare, app, "question_mark")

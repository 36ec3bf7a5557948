"""Snapshots of the main screens at 120x36 with seeded data (fixed dates, reviewer `tester`)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.testing import settle

SIZE = (120, 36)


@pytest.fixture
def app(desk_db):
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

"""Dialogs fit small terminals: their buttons (and the keys hint) lie inside the screen."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from claims.services.review import set_status
from tui.app import ClaimsApp
from tui.screens.modals import ConflictModal, FilterModal
from tui.testing import settle

SIZES = [(80, 24), (60, 20)]


def assert_inside(screen, widgets) -> None:
    area = screen.region
    for widget in widgets:
        region = widget.region
        assert region.width and region.height, f"{widget} is not shown"
        assert area.contains_region(region), f"{widget} at {region} is outside the screen {area}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("changes", [1, 3])  # one change by someone else, or three with long notes
async def test_conflict_dialog_fits(seeded, size, changes):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=size) as pilot:
        await settle(pilot)
        for i in range(changes):
            set_status(db, [ids["top"]], reviewer=f"reviewer{i}",
                       status=("in_review", "unverified", "not_checkable")[i % 3],
                       note=f"note {i}: hospital records show otherwise, checked twice with the ministry")
        await pilot.press("5")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictModal)
        assert_inside(dialog, [*dialog.query(Button), dialog.query_one("#conflict-attempt"),
                               dialog.query_one(".hint"), dialog.query_one("#conflict-dialog")])
        body = dialog.query_one("#conflict-body")
        assert body.region.bottom <= dialog.query_one("#conflict-choices").region.y  # nothing hidden under
        if changes == 3 and size == (60, 20):  # the long account scrolls; its end can be reached
            assert body.max_scroll_y > 0
            body.scroll_end(animate=False)
            await pilot.pause()
            assert body.scroll_y == body.max_scroll_y
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConflictModal)


@pytest.mark.parametrize("size", SIZES)
async def test_filter_dialog_fits(seeded, size):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterModal)
        assert_inside(dialog, [*dialog.query(Button), dialog.query_one("#filter-dialog")])
        await pilot.press("escape")

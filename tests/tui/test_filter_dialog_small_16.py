"""The filter dialog on a 30x8 terminal (issue 15, noticed by earlier passes): its docked error
and buttons grew over its title and hid the field the error spoke of, as the export dialog's
did before af33cd1. The title, the field and the error now show together."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.test_dialog_fit import assert_inside
from tests.tui.test_small_dialogs_noticed_15 import _apart, _screen_text, _shown
from tui.app import ClaimsApp
from tui.screens.modals import FilterModal
from tui.testing import settle


@pytest.mark.parametrize("focus", ["#f-since", "#f-search"])
async def test_the_filter_dialogs_error_leaves_its_title_and_field_in_sight(seeded, focus):
    """A bad 'from' date, applied with the cursor in it or in another field (the error names
    the date: it is the one brought into view)."""
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterModal)
        field = dialog.query_one("#f-since", Input)
        field.value = "not-a-date"
        dialog.query_one(focus, Input).focus()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        error = dialog.query_one("#filter-error")
        title = dialog.query_one(".dialog-title")
        assert "from date" in str(error.render())
        assert_inside(dialog, [title, field, error])
        assert _shown(dialog, title) and _shown(dialog, field) and _shown(dialog, error), (title.region, field.region)
        _apart(title, field, error)
        shown = _screen_text(dialog)
        assert "Filter the queue" in shown and "not-a-date" in shown, shown
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FilterModal)


async def test_a_roomy_terminal_keeps_the_filter_dialog_as_it_was(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        assert not dialog.has_class("-short")
        assert dialog.query_one("#f-since").region.height == 3 and dialog.query_one("#apply").display

"""The `w` dialog on a 30x8 terminal (issue 15): the line saying why a typed date is refused
lay below the screen's edge, cut off; the dialog scrolls to the reason, wrapped, whole (the
input just above it, when both fit)."""

from __future__ import annotations

from tests.tui.test_dialog_fit import assert_inside
from tui.app import ClaimsApp
from tui.screens.date_modal import DateModal
from tui.testing import settle


async def test_the_reason_shows_whole_on_a_tiny_terminal(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, DateModal)
        await pilot.press("x")
        await settle(pilot)
        reason = dialog.query_one("#date-preview")
        assert "'x' is not a date" in str(reason.render())
        box = dialog.query_one("#date-dialog")
        shown = box.content_region  # what the dialog shows of its body
        assert shown.contains_region(reason.region), f"the reason at {reason.region}, not inside {shown}"
        assert_inside(dialog, [reason])
        # whole on the screen, not cut at the dialog's edge (at 30x8 the reason alone: the
        # title and the input keep their rows above it, see test_small_dialogs_noticed_15.py)
        assert "'x' is not a date" in "\n".join(strip.text for strip in dialog._compositor.render_strips())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DateModal)

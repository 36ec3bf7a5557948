"""The date and export dialogs on a 30x8 terminal (issue 15, noticed by earlier passes): a long
reason in the date dialog scrolled the input and the title out of sight while one typed, and
the export dialog's docked error (with its buttons) grew over its title and hid the field it
spoke of. The title, the field typed in and the error now show together."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.test_dialog_fit import assert_inside
from tui.app import ClaimsApp
from tui.screens.date_modal import DateModal
from tui.screens.export import ExportModal
from tui.testing import settle


def _shown(screen, widget) -> bool:
    """Whether the widget is on screen, not under another or scrolled out of its container."""
    region = widget.region
    if not region.height or not screen.region.contains_region(region):
        return False
    for ancestor in widget.ancestors:
        if getattr(ancestor, "is_scrollable", False) and ancestor is not screen \
                and not ancestor.content_region.contains_region(region):
            return False
    return True


def _screen_text(screen) -> str:
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def _apart(*widgets) -> None:
    for i, a in enumerate(widgets):
        for b in widgets[i + 1:]:
            assert not a.region.overlaps(b.region), f"{a} at {a.region} under {b} at {b.region}"


async def test_the_date_dialog_keeps_its_title_and_input_above_a_long_reason(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, DateModal)
        field = dialog.query_one("#date-input", Input)
        field.value = "the thirty-first of Octember in the year of our lord"
        await settle(pilot)
        await pilot.pause()
        reason = dialog.query_one("#date-preview")
        title = dialog.query_one(".dialog-title")
        assert "is not a date" in str(reason.render())
        assert_inside(dialog, [title, field])
        assert _shown(dialog, title) and _shown(dialog, field), (title.region, field.region)
        assert reason.region.y < dialog.query_one("#date-dialog").content_region.bottom  # its start shows
        _apart(title, field, reason)
        shown = _screen_text(dialog)
        assert "Date of claim" in shown and "█ the thirty-first of" in shown and "is not a date" in shown, shown
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DateModal)


async def test_the_export_dialogs_error_leaves_its_title_and_field_in_sight(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportModal)
        field = dialog.query_one("#x-since", Input)
        field.focus()
        await settle(pilot)
        field.value = "not-a-date"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        error = dialog.query_one("#export-error")
        title = dialog.query_one(".dialog-title")
        assert "from date" in str(error.render())
        assert_inside(dialog, [title, field, error])
        assert _shown(dialog, field), field.region
        _apart(title, field, error)
        shown = _screen_text(dialog)
        assert "Export claims" in shown and "not-a-date" in shown and "'last Friday')" in shown, shown


async def test_a_roomy_terminal_keeps_the_dialogs_as_they_were(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = pilot.app.screen
        assert not dialog.has_class("-short")
        assert dialog.query_one("#date-current").display and dialog.query_one("#date-input").region.height == 3


async def test_the_date_dialog_says_a_date_after_today_is_one(seeded):
    """As `claims set-date` warns of it: kept (a promise's date), but perhaps a typo."""
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#date-input", Input).value = "2099-01-01"
        await settle(pilot)
        assert str(dialog.query_one("#date-preview").render()) == "→ 2099-01-01 (day) · after today"
        dialog.query_one("#date-input", Input).value = "2024-01-01"
        await settle(pilot)
        assert str(dialog.query_one("#date-preview").render()) == "→ 2024-01-01 (day)"


async def test_the_export_error_shows_the_field_it_names_not_the_focused_one(seeded):
    """Found in review of af33cd1: the error line scrolled the focused field into view, so a
    bad 'from' date refused with the cursor in the file name left that date out of sight."""
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        dialog.query_one("#x-since", Input).value = "not-a-date"
        path = dialog.query_one("#x-path", Input)
        path.focus()
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause()
        assert "from date" in str(dialog.query_one("#export-error").render())
        assert dialog.focused is path
        assert _shown(dialog, dialog.query_one("#x-since", Input))

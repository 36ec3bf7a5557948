"""Every dialog's error line on a 30x8 terminal (issue 15): the evidence box's refusal of
'javascript:alert(1)' lay below the screen's edge, so enter seemed to do nothing; the same in
the filter, export and ingest forms. Each scrolls to its error (tui/widgets/error_line.py),
wrapped and whole, as the date dialog does."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.test_dialog_fit import assert_inside
from tui.app import ClaimsApp
from tui.testing import settle


async def _type(pilot, text: str) -> None:
    pilot.app.screen.focused.value = text  # typed at once: the pilot presses one key at a time
    await pilot.press("enter")
    await settle(pilot)


CASES = {
    # key opening it, what is typed into the focused field, the error line, words of the error
    "evidence": ("l", "javascript:alert(1)", "#evidence-error", "javascript"),
    "filter": ("f", None, "#filter-error", "from date"),
    "export": ("e", None, "#export-error", "from date"),
    "ingest": ("i", "/nowhere/such-file.txt", "#i-message", "nowhere"),
}


@pytest.mark.parametrize("case", CASES)
async def test_the_error_shows_whole_on_a_tiny_terminal(seeded, case):
    db, _ = seeded
    key, typed, selector, words = CASES[case]
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        screen = pilot.app.screen
        if typed is None:  # a form: a bad 'from' date, then enter in it
            field = screen.query_one("#f-since" if case == "filter" else "#x-since", Input)
            field.focus()
            await settle(pilot)
            typed = "not-a-date"
        await _type(pilot, typed)
        assert pilot.app.screen is screen
        error = screen.query_one(selector)
        assert words in str(error.render())
        assert_inside(screen, [error])
        shown = error.parent.content_region if error.parent is not screen else screen.region
        for ancestor in error.ancestors_with_self:
            if ancestor.is_scrollable and ancestor is not error:
                shown = ancestor.content_region
                break
        assert shown.contains_region(error.region), f"the error at {error.region}, not inside {shown}"

"""The desk refuses a search or speaker the fold makes nothing (a lone Arabic vowel mark, the
tatweel), as `claims list` does (tests/test_search_fold_37.py): in the filter dialog it listed
every claim, as if the field were empty, and so did `/` with the mark typed alone."""

from __future__ import annotations

import pytest

from tests.tui.test_queue import start, status_line, table_texts
from tui.app import ClaimsApp
from tui.screens.modals import FilterModal
from tui.testing import notifications_told, settle


@pytest.mark.parametrize(("field", "typed"), [("#f-search", "\u0650"), ("#f-speaker", "\u0640"),
                                              ("#f-search", "\u0640\u064e")])
async def test_the_filter_dialog_refuses_it(seeded, field, typed):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await start(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, FilterModal)
        dialog.query_one(field).value = typed
        dialog.query_one(field).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is dialog  # refused, with the reason on screen
        error = str(dialog.query_one("#filter-error").render())
        assert f"{field[3:]}: nothing to look for" in error, error


async def test_the_search_line_refuses_it(seeded):
    db, _ = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(pilot)
        before = table_texts(pilot.app)
        await pilot.press("slash")
        await settle(pilot)
        pilot.app.screen.query_one("#search").value = "\u0650"
        await pilot.press("enter")
        await settle(pilot)
        assert any("search: nothing to look for" in m for m in said), said
        assert table_texts(pilot.app) == before and "all claims" in status_line(pilot.app)

"""Text from outside shown as written on the desk, never read as Textual markup (hostile pass 9;
issue 15): a search for '[link=https://evil.example]x[/link]', a reviewer named '[/]', a claim,
title or outlet holding '[/]' stopped the desk with a MarkupError; '[@click=app.quit]' in one
would have made a button of it."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Article, Claim, Outlet
from tui.app import ClaimsApp
from tui.screens.articles import ArticlesScreen
from tui.screens.date_modal import DateModal
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.queue import QueueScreen
from tui.testing import settle

MARKUP = "[/] [link=https://evil.example]x[/link] [@click=app.quit]q[/]"


def _shown(widget) -> str:
    return str(widget.render())


async def test_a_search_holding_markup_is_shown_as_typed(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.screen.query_one("#search").value = MARKUP
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert MARKUP in _shown(pilot.app.screen.query_one("#status-line"))


async def test_a_reviewer_named_with_markup_opens_the_desk(seeded):
    db, _ = seeded
    async with ClaimsApp(db, reviewer="[/]bo", watch_interval=0).run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        assert "reviewer [/]bo" in _shown(pilot.app.screen.query_one("#status-line"))
        pilot.app.notify(f"claim 1: {MARKUP}")  # what an error names is shown as written
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)


async def test_stored_text_holding_markup_shows_on_every_screen(seeded):
    db, ids = seeded
    with db.session() as s:
        for claim in s.exec(select(Claim)):
            claim.text = f"{claim.text} {MARKUP}"
        for article in s.exec(select(Article)):
            article.title = MARKUP
        for outlet in s.exec(select(Outlet)):
            outlet.name = f"{outlet.name} {MARKUP}"
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DuplicatesScreen)
        table = pilot.app.screen.query_one("DataTable")
        assert table.row_count and MARKUP in str(table.get_row_at(0)[3])
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArticlesScreen)
        table = pilot.app.screen.query_one("DataTable")
        assert table.row_count and MARKUP in str(table.get_row_at(0)[4])


async def test_a_date_typed_with_markup_is_refused_as_typed(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DateModal)
        pilot.app.screen.query_one("#date-input").value = "[/]"
        await settle(pilot)
        assert "'[/]' is not a date" in _shown(pilot.app.screen.query_one("#date-preview"))

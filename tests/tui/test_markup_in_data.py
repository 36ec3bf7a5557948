"""Text from outside shown as written on the desk, never read as Textual markup (hostile pass 9;
issue 15): a search for '[link=https://evil.example]x[/link]', a reviewer named '[/]', a claim,
title or outlet holding '[/]' stopped the desk with a MarkupError; '[@click=app.quit]' in one
would have made a button of it."""

from __future__ import annotations

import os

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


async def test_a_key_from_the_settings_file_holding_markup_shows_in_help(seeded):
    """A key mapped in the settings file (`set-verdict-false = "[/]"`) stopped the desk with a
    MarkupError when `?` listed it, and "[b]" was read as bold: the keys column was markup."""
    from tui.screens.help import HelpScreen

    db, _ = seeded
    keymap = {"set-verdict-false": "[/]", "set-verdict-true": "[b]"}
    async with ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=keymap).run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(pilot.app.screen.query("Static")[1].content)  # the table of keys
        shown = console.export_text()
        assert "[/]" in shown and "[b]" in shown


async def test_an_extracted_claim_holding_markup_shows_in_the_ingest_preview(desk_db):
    """The preview's list took each claim as markup: '[/]' in a pasted article stopped the desk."""
    from tui.screens.ingest import IngestScreen

    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = pilot.app.screen
        assert isinstance(screen, IngestScreen)
        screen.query_one("#i-text").text = ('Mayor Ana Lopez said the bridge [/] carries 40,000 vehicles a day '
                                            '[b]on Sunday, up from 30,000 in 2019.')
        screen.query_one("#i-published").value = "2026-03-15"
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert screen.preview is not None and screen.preview.claims
        listing = screen.query_one("#i-preview")
        prompt = listing.get_option_at_index(0).prompt
        assert "[/]" in str(prompt) and "[b]" in str(prompt)

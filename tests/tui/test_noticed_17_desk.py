"""The desk's ingest screen is offered no standard input (issue 15, noticed list): a FIFO or
a device given as the path was refused with "use - for standard input", which the desk cannot
use (its standard input is the terminal it draws on), and `-` read the desk's own keys."""

from __future__ import annotations

import os

from tui.app import ClaimsApp
from tui.testing import settle


def _shown(screen, widget: str) -> str:
    return str(screen.query_one(widget).render())


async def test_the_ingest_screen_does_not_offer_standard_input(db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(fifo), "ctrl+e")
        await settle(pilot)
        screen = pilot.app.screen
        said = _shown(screen, "#i-message") + _shown(screen, "#i-log")
        assert "not a regular file" in said and "standard input" not in said, said
        path = screen.query_one("#i-path")
        path.value = ""
        path.focus()
        await pilot.press("-", "ctrl+e")
        await settle(pilot)
        said = _shown(screen, "#i-message") + _shown(screen, "#i-log")
        assert "-: no such file" in said, said


async def test_the_filter_dialog_does_not_ask_for_an_exact_outlet_name(db):
    """An outlet is found by its identity (case, width, curly quotes aside: 'cnn' finds 'CNN'),
    and the filter dialog still asked for its "exact name"."""
    from textual.widgets import Label

    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        labels = [str(label.render()) for label in pilot.app.screen.query(Label)]
        outlet = next(text for text in labels if text.startswith("Outlet"))
        assert "exact" not in outlet and "case" in outlet, labels

"""Desk cases of the eleventh hostile pass (issue 15): the ingest screen's form edited after
its preview."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.models import Article, Outlet

ARTICLE = ("Title: Harbour bridge\nOutlet: Valley Ledger\n\nThe mayor said on Monday that the harbour bridge "
           "carries 40,000 vehicles a day and needs 12 million euros of repairs.\n")
OTHER = ("Title: School budget\nOutlet: Hill Gazette\n\nThe minister said on Tuesday that school spending "
         "rose by 9 percent to 4.1 billion euros this year.\n")


@pytest.mark.parametrize("field, typed", [("#i-published", "2024-04-14"), ("#i-outlet", "Coast Post"),
                                          ("#i-path", "OTHER")])
async def test_an_edit_after_the_preview_is_not_dropped_by_store(tmp_path, field, typed):
    """The preview said 'no publication date'; the reviewer typed the date (or an outlet, or
    another file) and pressed ctrl+s: what was previewed was stored, the typed date dropped
    without a word (another path: the first file stored under the reviewer's eyes). Now an
    edit discards the preview and says so; previewed again, it is stored as typed."""
    from textual.widgets import Input

    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    first, other = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    other.write_text(OTHER, encoding="utf-8")
    typed = str(other) if typed == "OTHER" else typed
    db = Database(str(tmp_path / "desk.db"))
    try:
        app = ClaimsApp(db, reviewer="ana", watch_interval=0)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            screen = app.screen
            screen.query_one("#i-path", Input).value = str(first)
            await pilot.press("ctrl+e")
            await settle(pilot)
            assert screen.preview is not None and screen.preview.published is None
            box = screen.query_one(field, Input)
            box.focus()
            box.value = ""
            await pilot.press(*typed)
            await pilot.press("ctrl+s")
            await settle(pilot)
            with db.session() as s:
                assert s.exec(select(Article)).all() == []
            assert "changed since the preview" in str(screen.query_one("#i-message").render())
            await pilot.press("ctrl+e")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
        with db.session() as s:
            [article] = s.exec(select(Article)).all()
            outlet = s.get(Outlet, article.outlet_id).name
        got = {"#i-published": str(article.published), "#i-outlet": outlet, "#i-path": article.source}
        assert got[field] == typed
    finally:
        db.close()

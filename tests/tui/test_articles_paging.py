"""The articles list is paged: older articles load as the cursor nears the end, by keys alone."""

from __future__ import annotations

from datetime import date, timedelta

from claims.models import Article
from tui.app import ClaimsApp
from tui.screens import articles
from tui.screens.articles import ArticleScreen, ArticlesScreen
from tui.testing import settle

N = 27


def add_articles(db) -> None:
    with db.session() as s:
        for i in range(N):
            s.add(Article(title=f"Article number {i}", published=date(2026, 1, 1) + timedelta(days=i),
                          text=f"Body {i}.", content_hash=f"{i:064d}", source=f"{i}.txt"))


async def test_articles_beyond_the_first_page_are_reachable_by_keys(desk_db, monkeypatch):
    add_articles(desk_db)
    monkeypatch.setattr(articles, "PAGE", 10)
    monkeypatch.setattr(articles, "NEAR_END", 2)
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticlesScreen)
        table = screen.query_one("#articles")
        assert table.row_count == 10  # one page, not everything
        status = str(screen.query_one("#articles-status").render())
        assert "rows 1–10 of 27" in status
        for _ in range(6):  # G to the end of what is loaded, again and again: each time a page more
            await pilot.press("G")
            await settle(pilot)
        assert table.row_count == N
        assert "rows 1–27 of 27" in str(screen.query_one("#articles-status").render())
        assert table.cursor_row == N - 1
        oldest = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ArticleScreen)
        assert "Article number 0" in str(pilot.app.screen.query_one("#article-head").render())
        assert pilot.app.screen.article_id == int(oldest)
        await pilot.press("escape")  # back: the list is read again and keeps every loaded row
        await settle(pilot)
        assert pilot.app.screen is screen and table.row_count == N


async def test_walking_down_with_j_loads_the_next_page(desk_db, monkeypatch):
    add_articles(desk_db)
    monkeypatch.setattr(articles, "PAGE", 10)
    monkeypatch.setattr(articles, "NEAR_END", 2)
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        table = pilot.app.screen.query_one("#articles")
        assert table.row_count == 10
        for _ in range(N - 1):
            await pilot.press("j")
            await settle(pilot)
        assert table.row_count == N and table.cursor_row == N - 1
        assert str(table.get_row_at(N - 1)[-1]) == "Article number 0"


async def test_a_long_outlet_is_cut_with_an_ellipsis(desk_db):
    from claims.models import Outlet

    with desk_db.session() as s:
        outlet = Outlet(name="The Harbour Courier and Evening Gazette")
        s.add(outlet)
        s.flush()
        s.add(Article(title="Floods", published=date(2026, 1, 1), text="Body.", content_hash="0" * 64,
                      source="a.txt", outlet_id=outlet.id))
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        table = pilot.app.screen.query_one("#articles")
        line = "".join(segment.text for segment in table.render_line(1))  # below the header
        assert "The Harbour Couri…" in line, line  # it was cut silently ('The Harbour Courie')

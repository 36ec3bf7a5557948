"""The ingested articles, and one article opened with its claims highlighted in the text."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from claims.errors import ClaimsError
from claims.limits import printable
from claims.services.queries import article_text, count_articles, list_articles
from claims.services.views import ArticleRow
from tui.keymap import KeysInPlace
from tui.messages import ActionFailed, StoreChanged
from tui.widgets.claim_detail import with_symbols
from tui.widgets.header import DeskHeader
from tui.worker_failures import ShowsWorkerFailures

PAGE = 500  # articles read at a time; the next page loads as the cursor nears the end
NEAR_END = 20  # rows from the end of what is loaded at which the next page is asked for


class ArticlesLoaded(Message):
    """Rows from `offset` on; `total` is every stored article. offset 0 replaces the list."""

    def __init__(self, rows: list[ArticleRow], offset: int, total: int, limit: int) -> None:
        super().__init__()
        self.rows = rows
        self.offset = offset
        self.total = total
        self.limit = limit


class ArticleLoaded(Message):
    def __init__(self, row: ArticleRow, text: str, spans: list[tuple[int, int, int]]) -> None:
        super().__init__()
        self.row = row
        self.text = text
        self.spans = spans


class ArticleTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="articles-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="articles-up-vim"),
        Binding("g", "scroll_top", "Top", show=False, id="articles-top-vim"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="articles-bottom-vim"),
    ]


class ArticlesScreen(KeysInPlace, ShowsWorkerFailures, Screen):
    BINDINGS = [
        Binding("escape", "app.open_queue", "Queue", id="articles-back"),
        Binding("i", "app.open_ingest", "Ingest", id="articles-ingest"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="articles-reload"),
    ]
    PALETTE = [
        ("articles: reload", "Read the list again", "reload"),
        ("articles: load more", "Read the next page of older articles", "load_more"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded = 0  # rows in the table
        self.total = 0
        self.exhausted = False
        self.loading_more = False
        self.ids: set[int] = set()

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield ArticleTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static("", classes="status-line", id="articles-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "articles"
        table = self.query_one(ArticleTable)
        table.add_column("Id", key="id", width=6)
        table.add_column("Published", key="published", width=10)
        table.add_column("Outlet", key="outlet", width=18)
        table.add_column("Claims", key="claims", width=6)
        table.add_column("Title", key="title")
        table.focus()
        self.action_reload()

    def action_reload(self) -> None:
        # Read again as many rows as are shown, so the cursor keeps its place.
        self.loading_more = False
        self.workers.cancel_group(self, "articles-more")
        self._load(0, max(PAGE, self.loaded))

    def action_load_more(self) -> None:
        if self.exhausted or self.loading_more:
            return
        self.loading_more = True
        self._status()
        self._load_more(self.loaded)

    @work(thread=True, exclusive=True, group="articles-loader", exit_on_error=False)
    def _load(self, offset: int, limit: int) -> None:
        rows = list_articles(self.app.db, limit=limit, offset=offset)
        self.post_message(ArticlesLoaded(rows, offset, count_articles(self.app.db), limit))

    @work(thread=True, exclusive=True, group="articles-more", exit_on_error=False)
    def _load_more(self, offset: int) -> None:
        rows = list_articles(self.app.db, limit=PAGE, offset=offset)
        self.post_message(ArticlesLoaded(rows, offset, count_articles(self.app.db), PAGE))

    @on(ArticlesLoaded)
    def _loaded(self, message: ArticlesLoaded) -> None:
        table = self.query_one(ArticleTable)
        if message.offset == 0:
            keep = table.cursor_row
            table.clear()
            self.ids.clear()
            self.loaded = 0
        elif message.offset != self.loaded:
            return  # a page for a list that has been read again since: stale
        else:
            keep = None
            self.loading_more = False
        for a in message.rows:
            if a.id in self.ids:
                continue  # an article added meanwhile shifted the pages: already shown
            self.ids.add(a.id)
            # Text, as written: a str cell is markup ('[/]' in a title stopped the desk)
            table.add_row(str(a.id), a.published.isoformat() if a.published else "—", _cut(a.outlet or "—"),
                          str(a.claims), _cut(a.title or a.source or ""), key=str(a.id))
        self.loaded = message.offset + len(message.rows)
        self.total = message.total
        self.exhausted = len(message.rows) < message.limit or self.loaded >= self.total
        if keep is not None and table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        self._status()
        self._maybe_more()

    def _status(self) -> None:
        table = self.query_one(ArticleTable)
        if not self.total:
            text = " no articles yet · i ingests some"
        else:
            at = min(table.cursor_row, table.row_count - 1) + 1 if table.row_count else 0
            more = " · loading more…" if self.loading_more else (
                "" if self.exhausted else " · more load as you go down")
            text = (f" row {at:,} · rows 1–{table.row_count:,} of {self.total:,}{more}"
                    " · enter opens one · i ingests more")
        self.query_one("#articles-status", Static).update(text)

    def _maybe_more(self) -> None:
        table = self.query_one(ArticleTable)
        if not self.exhausted and table.row_count and table.cursor_row >= table.row_count - NEAR_END:
            self.action_load_more()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._status()
        self._maybe_more()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(ArticleScreen(int(event.row_key.value)))

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()


def highlighted(text: str, spans: list[tuple[int, int, int]]) -> Text:
    """The article with every claim's quote highlighted and tagged with its claim id."""
    out = Text()
    pos = 0
    for start, end, claim_id in sorted(spans):
        if start < pos:
            continue  # overlapping spans: the first one wins
        out.append(text[pos:start])
        out.append(text[start:end], style="bold black on yellow")
        out.append(f" #{claim_id}", style="cyan")
        pos = end
    out.append(text[pos:])
    return out


class ArticleScreen(KeysInPlace, ShowsWorkerFailures, Screen):
    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back", id="article-back"),
        Binding("j", "scroll('down')", "Down", show=False, id="article-down"),
        Binding("k", "scroll('up')", "Up", show=False, id="article-up"),
    ]

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="article-scroll"):
            yield Static("Loading…", id="article-head")
            yield Static("", id="article-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"article {self.article_id}"
        self.query_one("#article-scroll").focus()
        self._load()

    def action_scroll(self, direction: str) -> None:
        self.query_one("#article-scroll", VerticalScroll).scroll_relative(
            y=3 if direction == "down" else -3, animate=False)

    @work(thread=True, exclusive=True, group="article-loader", exit_on_error=False)
    def _load(self) -> None:
        try:
            row, text, spans = article_text(self.app.db, self.article_id)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(ArticleLoaded(row, text, spans))

    @on(ArticleLoaded)
    def _loaded(self, message: ArticleLoaded) -> None:
        r = message.row
        head = Text(r.title or f"Article {r.id}", style="bold")
        head.append(f"\n{r.outlet or 'unknown outlet'} · {r.published or 'undated'}", style="grey62")
        if r.url:
            head.append(f" · {r.url}", style="underline grey62")
        head.append(f"\n{r.claims} claim(s) highlighted\n", style="grey62")
        # a control an older version stored in the title, outlet, link or text: its symbol (pass 26)
        text = highlighted(message.text, message.spans)
        with_symbols([head, text])
        self.query_one("#article-head", Static).update(head)
        self.query_one("#article-text", Static).update(text)


def _cut(value: str) -> Text:
    """A cell as written (a str cell is markup: '[/]' in a title stopped the desk), cut to its
    column with an ellipsis, as the queue's are ('The Harbour Courie' was cut silently)."""
    return Text(printable(value), no_wrap=True, overflow="ellipsis")

"""The queue table: a window of claim rows from SQL, drawn line by line.

Textual's DataTable renders every visible cell through Rich (padding, cropping, a Strip per
cell) and drops its caches on any cell update, so repainting a page of the queue cost it
35-50 ms here, and a verdict change repainted the whole page. This table is a Line API
widget (a ScrollView, as toolong does it): it holds the window's `ClaimRow`s in a list and
draws each visible line straight from the row as a handful of segments, so a new window, a
page move or a changed verdict costs a millisecond or two to show. Its look (header,
zebra stripes, the cursor when focused or not) follows DataTable's component styles.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claims.limits import printable
from claims.services.views import ClaimRow
from claims.vocab import VERDICT_STYLE
from tui.verdict_labels import Labels, verdict_text

STATUS_STYLE = {"unverified": "grey70", "in_review": "cyan", "verified": "bold", "not_checkable": "grey50"}

# key, label, width (None: the claim column takes what the others leave)
COLUMNS = [("claim", "Claim", None), ("speaker", "Speaker", 16), ("date", "Date", 10),
           ("seen", "Seen", 4), ("state", "Status/verdict", 14), ("dupes", "Dup", 3)]
KEYS = [key for key, _, _ in COLUMNS]
PAD = 1  # blank cells either side of a column, as DataTable draws them


def columns_for(width: int) -> list[tuple[str, str, int | None]]:
    """The columns that fit: a narrow terminal drops Seen and Dup (the detail and the
    'has suggestions' filter still tell), a wide one gives the speaker room for a full name."""
    if width < 100:
        return [("claim", "Claim", None), ("speaker", "Speaker", 12), ("date", "Date", 10),
                ("state", "Status", 12)]
    if width >= 160:
        return [("claim", "Claim", None), ("speaker", "Speaker", 24), ("date", "Date", 10),
                ("seen", "Seen", 5), ("state", "Status/verdict", 16), ("dupes", "Dup", 3)]
    return COLUMNS


def state_cell(row: ClaimRow, labels: Labels | None = None) -> Text:
    """One column for workflow and finding: the verdict once verified (by its label), else the status."""
    if row.damaged:  # stored damaged (its detail says what): listed, not hidden
        return Text("⚠ damaged", style="bold red")
    if row.status == "verified" and row.verdict:
        return Text("✓ " + verdict_text(row.verdict, labels), style=VERDICT_STYLE.get(row.verdict, ""))
    if row.checked_as and row.status == "unverified":  # matches a checked claim: not new work
        return Text("≈ " + verdict_text(row.checked_as, labels), style=VERDICT_STYLE.get(row.checked_as, ""))
    return Text(row.status.replace("_", " "), style=STATUS_STYLE.get(row.status, ""))


def claim_cell(row: ClaimRow, width: int, selected: bool) -> Text:
    """The claim text cut to the column; a marked row starts with a yellow dot."""
    if selected:
        width -= 2
    shown = printable(row.text)  # a terminal control an older version stored: its symbol, not run
    text = shown if cell_len(shown) <= width else set_cell_size(shown, max(1, width - 1)) + "…"
    if selected:
        return Text.assemble(("● ", "bold yellow"), text)
    return Text(text)


def count_cell(n: int, width: int, suffix: str = "") -> str:
    """`n` (and `suffix`) in at most `width` cells, never read as a smaller count: a claim seen
    1,500 times was '150…' in the 4-cell Seen column; it is '1.5k' (1,000 times '1k×'). Thousands
    and millions are cut down, not rounded up (1,999 is '1.9k')."""
    whole = f"{n}{suffix}"
    if len(whole) <= width:
        return whole
    for unit, size in (("k", 10**3), ("M", 10**6), ("G", 10**9)):
        if n < size * 1000 or unit == "G":
            tenths = n * 10 // size
            point = f"{tenths // 10}.{tenths % 10}{unit}" if tenths % 10 else None
            for shown in (point and point + suffix, point, f"{tenths // 10}{unit}{suffix}", f"{tenths // 10}{unit}"):
                if shown and len(shown) <= width:
                    return shown
            break
    return whole  # no room for it in thousands either (100k in 3 cells): cut as it is


def cell_values(row: ClaimRow, width: int, selected: bool = False, labels: Labels | None = None,
                columns: list[tuple[str, str, int | None]] = COLUMNS) -> list[Text]:
    speaker = printable(row.speaker or row.speaker_role)
    widths = {key: size or 0 for key, _, size in columns}
    return [
        claim_cell(row, width, selected),
        Text(speaker or "—", style="" if speaker else "grey50"),
        Text(row.date or "—"),
        Text(count_cell(row.appearances, widths.get("seen", 4), "×")),
        state_cell(row, labels),
        Text(count_cell(row.pending_suggestions, widths.get("dupes", 3)) if row.pending_suggestions else "",
             style="yellow"),
    ]


class ClaimTable(ScrollView, can_focus=True, inherit_bindings=False):
    """The window of claim rows; `cursor_row` indexes `rows`. Never holds more than a window."""

    HELP_GROUP = "the list"  # its keys' heading in `?` help

    COMPONENT_CLASSES = {
        "datatable--header",
        "datatable--cursor",
        "datatable--even-row",
        "datatable--odd-row",
    }
    DEFAULT_CSS = """
    ClaimTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .datatable--even-row {
            background: $surface-darken-1 40%;
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", show=False, id="open-claim"),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("j", "cursor_down", "Down", show=False, id="cursor-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor-up-vim"),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
    ]

    class _RowMessage(Message):
        """A claim row of this table, by its place and its id."""

        def __init__(self, table: ClaimTable, cursor_row: int, claim_id: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.claim_id = claim_id

        @property
        def control(self) -> ClaimTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor is on another claim (or the rows under it changed)."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the highlighted row): open the claim."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[ClaimRow] = []
        self.selected: set[int] = set()
        self.markers: dict[int, str] = {}  # claim id -> a short note after the status (who is on it)
        self.flags: dict[int, str] = {}  # claim id -> its unseen repeats ("↻2"), before the claim
        self.cursor_row = 0
        self._index: dict[int, int] = {}
        self._highlighted: tuple[int, int] | None = None
        self._paint: dict[str, Style] = {}

    # --- what it shows ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    @property
    def shown_columns(self) -> list[tuple[str, str, int | None]]:
        return columns_for(self.scrollable_content_region.width)

    def claim_width(self) -> int:
        columns = self.shown_columns
        fixed = sum(w for _, _, w in columns if w) + len(columns) * 2 * PAD + 2
        return max(20, self.scrollable_content_region.width - fixed)

    def widths(self) -> list[int]:
        claim = self.claim_width()
        return [w or claim for _, _, w in self.shown_columns]

    def show_rows(self, rows: list[ClaimRow], selected: set[int] | None = None, *,
                  cursor: int | None = None, scroll: float | None = None) -> None:
        """Show a new window; `cursor` and `scroll` say where the view stands in it."""
        self.rows = list(rows)
        if selected is not None:
            self.selected = selected
        self._index = {r.id: i for i, r in enumerate(self.rows)}
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self.cursor_row = max(0, min(self.cursor_row if cursor is None else cursor, len(self.rows) - 1))
        if scroll is not None:
            self.scroll_to(y=max(0, scroll), animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        self._post_highlight()

    def clear(self) -> None:
        self.show_rows([], cursor=0, scroll=0)

    def replace_row(self, row: ClaimRow, selected: bool | None = None) -> None:
        """A changed claim: redraw its line only."""
        index = self._index.get(row.id)
        if index is None:
            return
        self.rows[index] = row
        if selected is not None:
            self.mark(row, selected)
        self.refresh_line(index + 1)

    def mark(self, row: ClaimRow, selected: bool) -> None:
        if selected:
            self.selected.add(row.id)
        else:
            self.selected.discard(row.id)
        index = self._index.get(row.id)
        if index is not None:
            self.refresh_line(index + 1)

    def set_markers(self, markers: dict[int, str]) -> None:
        if markers != self.markers:
            self.markers = markers
            self.refresh()

    def set_flags(self, flags: dict[int, str]) -> None:
        """Marks before the claim text that do not depend on the order (unseen repeats)."""
        if flags != self.flags:
            self.flags = flags
            self.refresh()

    def get_row_at(self, index: int) -> list[Text]:
        """Every cell of a row (claim, speaker, date, seen, state, dupes), shown or not."""
        row = self.rows[index]
        return self._cells(row, self.claim_width())

    def index_of(self, claim_id: int) -> int | None:
        return self._index.get(claim_id)

    @property
    def current(self) -> ClaimRow | None:
        return self.rows[self.cursor_row] if self.rows else None

    # --- the cursor ---------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row != self.cursor_row:
            old, self.cursor_row = self.cursor_row, row
            self.refresh_line(old + 1)
            self.refresh_line(row + 1)
        if scroll:
            self._scroll_cursor_into_view()
        self._post_highlight()

    def _scroll_cursor_into_view(self) -> None:
        top, visible = int(self.scroll_y), self.visible_rows
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def _post_highlight(self) -> None:
        if not self.rows:
            self._highlighted = None
            return
        now = (self.cursor_row, self.rows[self.cursor_row].id)
        if now != self._highlighted:
            self._highlighted = now
            self.post_message(self.RowHighlighted(self, *now))

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        step = self.visible_rows
        self.scroll_to(y=self.scroll_y + step, animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row + step)

    def action_page_up(self) -> None:
        step = self.visible_rows
        self.scroll_to(y=max(0, self.scroll_y - step), animate=False, immediate=True)
        self.move_cursor(row=self.cursor_row - step)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self.rows) - 1)

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.rows[self.cursor_row].id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = int(self.scroll_y) + offset.y - 1
        if not 0 <= index < len(self.rows):
            return
        if index == self.cursor_row or event.chain > 1:
            self.move_cursor(row=index)
            self.action_select_cursor()
        else:
            self.move_cursor(row=index)

    # --- drawing ------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self._scroll_cursor_into_view()
        self.refresh()

    def _cells(self, row: ClaimRow, width: int) -> list[Text]:
        cells = cell_values(row, width, row.id in self.selected, getattr(self.app, "verdict_labels", None),
                            self.shown_columns)
        marker = self.markers.get(row.id)
        if marker:
            cells[0] = Text.assemble((marker + " ", "bold magenta"), cells[0])
            cells[0].truncate(width, overflow="ellipsis")
        flag = self.flags.get(row.id)
        if flag:
            cells[0] = Text.assemble((flag + " ", "bold red"), cells[0])
            cells[0].truncate(width, overflow="ellipsis")
        return cells

    def _line(self, cells: Iterable[Text], widths: list[int], style: Style, post: Style | None,
              total: int) -> Strip:
        segments: list[Segment] = []
        pad = Segment(" " * PAD, style)
        used = 0
        for cell, width in zip(cells, widths, strict=False):
            segments.append(pad)
            plain = cell.plain
            if cell_len(plain) > width:  # cut with an ellipsis, never silently
                plain = set_cell_size(plain, max(0, width - 1)) + "…"
            text = set_cell_size(plain, width)
            cell_style = style + cell.style if isinstance(cell.style, Style) else \
                style + Style.parse(cell.style) if cell.style else style
            spans = cell.spans
            if spans:  # a styled prefix (the selection dot, a marker) then the text
                end = 0
                for span in spans:
                    if span.start > end:
                        segments.append(Segment(text[end:span.start], cell_style))
                    piece_style = cell_style + (span.style if isinstance(span.style, Style)
                                                else Style.parse(span.style))
                    segments.append(Segment(text[span.start:span.end], piece_style))
                    end = span.end
                if end < len(text):
                    segments.append(Segment(text[end:], cell_style))
            else:
                segments.append(Segment(text, cell_style))
            segments.append(pad)
            used += width + 2 * PAD
        if used < total:
            segments.append(Segment(" " * (total - used), style))
        if post is not None:  # the cursor's colours win over the cells' own, as in DataTable
            segments = list(Segment.apply_style(segments, post_style=post))
        return Strip(segments).crop(0, total)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The component styles once per paint (they follow focus, theme and the zebra CSS).
        get = self.get_component_styles
        cursor = get("datatable--cursor").rich_style
        self._paint = {
            "header": get("datatable--header").rich_style,
            "datatable--even-row": get("datatable--even-row").rich_style,
            "datatable--odd-row": get("datatable--odd-row").rich_style,
            "cursor": Style(color=cursor.color, bgcolor=cursor.bgcolor, bold=cursor.bold),
        }
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        total = self.scrollable_content_region.width
        widths = self.widths()
        base = self.rich_style
        paint = self._paint
        columns = self.shown_columns
        if y == 0:
            header = [Text(label) for _, label, _ in columns]
            return self._line(header, widths, base + paint["header"], None, total)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip([Segment(" " * total, base)], total)
        row = self.rows[index]
        style = base + paint["datatable--odd-row" if index % 2 else "datatable--even-row"]
        post = paint["cursor"] if index == self.cursor_row else None
        cells = dict(zip(KEYS, self._cells(row, widths[0]), strict=True))
        return self._line([cells[key] for key, _, _ in columns], widths, style, post, total)

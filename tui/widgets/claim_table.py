"""The queue table: a window of claim rows from SQL, with vim keys beside the arrows."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from claims.services.views import ClaimRow

VERDICT_STYLE = {
    "true": "bold green",
    "mostly_true": "green",
    "mixed": "yellow",
    "mostly_false": "dark_orange",
    "false": "bold red",
    "misleading": "magenta",
    "unproven": "grey50",
}
STATUS_STYLE = {"unverified": "grey70", "in_review": "cyan", "verified": "bold", "not_checkable": "grey50"}

COLUMNS = [("claim", "Claim", None), ("speaker", "Speaker", 14), ("date", "Date", 10),
           ("seen", "Seen", 4), ("state", "Status/verdict", 14), ("dupes", "Dup", 3)]


def state_cell(row: ClaimRow) -> Text:
    """One column for workflow and finding: the verdict once verified, else the status."""
    if row.status == "verified" and row.verdict:
        return Text("✓ " + row.verdict.replace("_", " "), style=VERDICT_STYLE.get(row.verdict, ""))
    return Text(row.status.replace("_", " "), style=STATUS_STYLE.get(row.status, ""))


def claim_cell(row: ClaimRow, width: int, selected: bool) -> Text:
    """The claim text cut to the column; a marked row starts with a yellow dot."""
    if selected:
        width -= 2
    text = row.text if len(row.text) <= width else row.text[: max(1, width - 1)] + "…"
    if selected:
        return Text.assemble(("● ", "bold yellow"), text)
    return Text(text)


def cell_values(row: ClaimRow, width: int, selected: bool = False) -> list:
    seen = f"{row.appearances}×"
    speaker = row.speaker or row.speaker_role
    return [
        claim_cell(row, width, selected),
        Text(speaker or "—", style="" if speaker else "grey50"),
        row.date or "—",
        seen,
        state_cell(row),
        Text(str(row.pending_suggestions) if row.pending_suggestions else "", style="yellow"),
    ]


class ClaimTable(DataTable):
    """A DataTable of claim rows keyed by claim id; it never holds more than one window."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor-up-vim"),
    ]

    _shown: tuple[list[ClaimRow], set[int]] = ([], set())
    _width_shown = 0

    def on_resize(self) -> None:
        # The claim column takes what the others leave; re-cut the texts to the new width.
        if self.claim_width() != self._width_shown and self.row_count:
            cursor, scroll = self.cursor_row, self.scroll_y
            self.show_rows(*self._shown)
            self.move_cursor(row=cursor, animate=False)
            self.scroll_to(y=scroll, animate=False, immediate=True)

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def claim_width(self) -> int:
        fixed = sum(w for _, _, w in COLUMNS if w) + len(COLUMNS) * 2 + 2
        return max(20, self.size.width - fixed)

    def show_rows(self, rows: list[ClaimRow], selected: set[int]) -> None:
        width = self._width_shown = self.claim_width()
        self._shown = (rows, selected)
        column = self.columns.get(ColumnKey("claim"))
        if column is not None:
            column.auto_width, column.width = False, width
        self.clear()
        for row in rows:
            self.add_row(*cell_values(row, width, row.id in selected), key=str(row.id))

    def replace_row(self, row: ClaimRow, selected: bool = False) -> None:
        key = str(row.id)
        if key not in self.rows:
            return
        width = self.claim_width()
        for (col_key, _, _), value in zip(COLUMNS, cell_values(row, width, selected), strict=True):
            self.update_cell(key, col_key, value)
        rows, marked = self._shown
        self._shown = ([row if r.id == row.id else r for r in rows], marked)

    def mark(self, row: ClaimRow, selected: bool) -> None:
        if str(row.id) in self.rows:
            self.update_cell(str(row.id), "claim", claim_cell(row, self.claim_width(), selected))

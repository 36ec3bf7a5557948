"""The queue table: a window of claim rows from SQL, with vim keys beside the arrows."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

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

COLUMNS = [("claim", "Claim", None), ("speaker", "Speaker", 22), ("date", "Date", 10),
           ("seen", "Seen", 12), ("status", "Status", 13), ("verdict", "Verdict", 12),
           ("dupes", "Dup", 3)]


def cell_values(row: ClaimRow, width: int) -> list:
    outlets = ", ".join(row.outlets) if row.outlets else ""
    seen = f"{row.appearances}×" + (f" {outlets}" if outlets else "")
    text = row.text if len(row.text) <= width else row.text[: max(1, width - 1)] + "…"
    return [
        text,
        Text(row.speaker or "—", style="" if row.speaker else "grey50"),
        row.date or "—",
        seen,
        Text(row.status.replace("_", " "), style=STATUS_STYLE.get(row.status, "")),
        Text((row.verdict or "").replace("_", " "), style=VERDICT_STYLE.get(row.verdict or "", "")),
        Text(str(row.pending_suggestions) if row.pending_suggestions else "", style="yellow"),
    ]


class ClaimTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="cursor-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="cursor-up-vim"),
        Binding("g", "scroll_top", "Top", show=False, id="cursor-top-vim"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="cursor-bottom-vim"),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def claim_width(self) -> int:
        fixed = sum(w for _, _, w in COLUMNS if w) + len(COLUMNS) * 2 + 2
        return max(20, self.size.width - fixed)

    def show_rows(self, rows: list[ClaimRow]) -> None:
        width = self.claim_width()
        self.clear()
        for row in rows:
            self.add_row(*cell_values(row, width), key=str(row.id))

    def replace_row(self, row: ClaimRow) -> None:
        key = str(row.id)
        if key not in self.rows:
            return
        width = self.claim_width()
        for (col_key, _, _), value in zip(COLUMNS, cell_values(row, width), strict=True):
            self.update_cell(key, col_key, value)

"""The queue: claims most worth checking first, a detail pane, and verdicts by key."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from claims.errors import ClaimsError
from claims.services.queries import ClaimFilter, claim_detail, count_claims, list_claims
from claims.services.review import set_status
from claims.services.views import ClaimRow
from tui.messages import ActionFailed, ClaimDetailLoaded, ClaimsChanged, ClaimsPageLoaded
from tui.widgets.claim_detail import ClaimDetailPane
from tui.widgets.claim_table import ClaimTable

PAGE_SIZE = 200
# Move the window when the cursor comes this close to its edge.
EDGE = 10

VERDICT_KEYS = [
    ("1", "true", "True"),
    ("2", "mostly_true", "Mostly true"),
    ("3", "mixed", "Mixed"),
    ("4", "mostly_false", "Mostly false"),
    ("5", "false", "False"),
    ("6", "misleading", "Misleading"),
    ("7", "unproven", "Unproven"),
]
STATUS_KEYS = [
    ("r", "in_review", "In review"),
    ("u", "unverified", "Unverified"),
    ("n", "not_checkable", "Not checkable"),
]


class QueueScreen(Screen):
    BINDINGS = [
        *[
            Binding(key, f"set_verdict('{value}')", label, show=key in ("1", "5"),
                    id=f"set-verdict-{value.replace('_', '-')}", tooltip=f"Verdict {label}, status verified")
            for key, value, label in VERDICT_KEYS
        ],
        *[
            Binding(key, f"set_status('{value}')", label, show=key == "r",
                    id=f"set-status-{value.replace('_', '-')}", tooltip=f"Status {label}")
            for key, value, label in STATUS_KEYS
        ],
        Binding("ctrl+r", "reload", "Reload", id="reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = ClaimFilter()
        self.window_start = 0
        self.total = 0
        self.rows: list[ClaimRow] = []

    @property
    def db(self):
        return self.app.db

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="queue-body"):
            yield ClaimTable(id="claims")
            with VerticalScroll(id="detail-scroll"):
                yield ClaimDetailPane(id="detail")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "claims"
        self.sub_title = "review desk"
        self.load_page(0)

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="claims-loader", exit_on_error=False)
    def load_page(self, offset: int, keep_cursor: int | None = None) -> None:
        total = count_claims(self.db, self.filter)
        offset = max(0, min(offset, max(0, total - PAGE_SIZE)))
        rows = list_claims(self.db, self.filter, limit=PAGE_SIZE, offset=offset)
        self.post_message(ClaimsPageLoaded(rows, offset, total, keep_cursor))

    @on(ClaimsPageLoaded)
    def show_page(self, message: ClaimsPageLoaded) -> None:
        table = self.query_one(ClaimTable)
        self.rows, self.window_start, self.total = message.rows, message.offset, message.total
        table.show_rows(message.rows)
        if message.rows:
            row = message.keep_cursor if message.keep_cursor is not None else 0
            table.move_cursor(row=max(0, min(row, len(message.rows) - 1)), animate=False)
        else:
            self.query_one(ClaimDetailPane).show(None)
        self.update_status_line()

    def update_status_line(self, extra: str = "") -> None:
        table = self.query_one(ClaimTable)
        if self.total:
            first = self.window_start + table.cursor_row + 1
            where = f"row {first} of {self.total}"
        else:
            where = "no claims"
        text = f" {where} · {self.filter.describe()} · reviewer {self.app.reviewer}"
        if extra:
            text += f" · {extra}"
        self.query_one("#status-line", Static).update(text)

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        self.load_detail(int(event.row_key.value))
        self.update_status_line()
        table = self.query_one(ClaimTable)
        # Slide the window from SQL when the cursor nears either edge of what is loaded.
        if event.cursor_row >= len(self.rows) - EDGE and self.window_start + len(self.rows) < self.total:
            shift = PAGE_SIZE // 2
            self.load_page(self.window_start + shift, keep_cursor=event.cursor_row - shift)
        elif event.cursor_row < EDGE and self.window_start > 0 and table.row_count:
            shift = min(PAGE_SIZE // 2, self.window_start)
            self.load_page(self.window_start - shift, keep_cursor=event.cursor_row + shift)

    @work(thread=True, exclusive=True, group="detail-loader", exit_on_error=False)
    def load_detail(self, claim_id: int) -> None:
        try:
            detail = claim_detail(self.db, claim_id)
        except ClaimsError:
            return
        self.post_message(ClaimDetailLoaded(detail))

    @on(ClaimDetailLoaded)
    def show_detail(self, message: ClaimDetailLoaded) -> None:
        current = self.current_claim_id()
        if current is None or message.detail.claim.id == current:
            self.query_one(ClaimDetailPane).show(message.detail)

    def current_claim_id(self) -> int | None:
        table = self.query_one(ClaimTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key and key.value is not None else None

    # --- review actions ----------------------------------------------------------------------

    def action_set_verdict(self, verdict: str) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            self.notify("No claim selected.", severity="warning")
            return
        self.apply_review([claim_id], status="verified", verdict=verdict)

    def action_set_status(self, status: str) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            self.notify("No claim selected.", severity="warning")
            return
        self.apply_review([claim_id], status=status)

    def action_reload(self) -> None:
        table = self.query_one(ClaimTable)
        self.load_page(self.window_start, keep_cursor=table.cursor_row)

    @work(thread=True, group="review", exit_on_error=False)
    def apply_review(self, claim_ids: list[int], **change) -> None:
        try:
            rows = set_status(self.db, claim_ids, reviewer=self.app.reviewer, **change)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        what = ", ".join(f"{k} {v}" for k, v in change.items() if v)
        self.post_message(ClaimsChanged(rows, f"claim {', '.join(map(str, claim_ids))}: {what}"))

    @on(ClaimsChanged)
    def claims_changed(self, message: ClaimsChanged) -> None:
        table = self.query_one(ClaimTable)
        for row in message.rows:
            table.replace_row(row)
        self.rows = [next((r for r in message.rows if r.id == old.id), old) for old in self.rows]
        self.notify(message.summary, timeout=3)
        current = self.current_claim_id()
        if current is not None:
            self.load_detail(current)

    @on(ActionFailed)
    def action_failed(self, message: ActionFailed) -> None:
        self.notify(message.message, severity="error", timeout=6)

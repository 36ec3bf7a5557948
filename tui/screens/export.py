"""The export modal: filters and format, writing the same file as `claims export`."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from claims.config import own_settings_files
from claims.errors import ClaimsError
from claims.paths import output_file, terminal_problem, typed_path
from claims.services.export import export_csv
from claims.services.queries import ClaimFilter, check_since_until, parse_since_until
from claims.vocab import Status, Verdict
from tui.keymap import KeysInPlace, key_hint
from tui.screens.dialog import DismissOnce, as_submitted
from tui.verdict_labels import verdict_title
from tui.widgets.error_line import SHORT, ErrorLine
from tui.widgets.text_input import TextInput
from tui.worker_failures import ShowsWorkerFailures


class ExportWritten(Message):
    def __init__(self, path: str, rows: int) -> None:
        super().__init__()
        self.path = path
        self.rows = rows


class ExportFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ExportModal(KeysInPlace, ShowsWorkerFailures, DismissOnce, ModalScreen[str | None]):
    """Dismisses with the path written, or None when cancelled."""

    VERTICAL_BREAKPOINTS = SHORT  # under 16 rows: "-short" (desk.tcss)
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
        Binding("ctrl+s", "export", "Export", id="export-write"),
    ]

    def __init__(self, flt: ClaimFilter | None = None, path: str = "verified-claims.csv") -> None:
        super().__init__()
        self.flt = flt or ClaimFilter(status=("verified",))
        self.default_path = path

    def compose(self) -> ComposeResult:
        f = self.flt
        statuses = f.status or ("verified",)
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(Text.assemble("Export claims", (f"  enter or {key_hint(self, 'export-write')} writes · "
                                                         f"{key_hint(self, 'export-cancel')} cancels", "dim")),
                         classes="dialog-title")
            with VerticalScroll():
                yield Label("File (written as `claims export -o FILE` would)")
                yield TextInput(self.default_path, id="x-path")
                yield Label("Format")
                yield Select([("CSV (RFC 4180, UTF-8, formula-safe)", "csv")], value="csv", allow_blank=False,
                             id="x-format")
                yield Label("Status")
                yield SelectionList[str](
                    *[(s.value.replace("_", " "), s.value, s.value in statuses) for s in Status], id="x-status"
                )
                yield Label("Verdict (none ticked: any)")
                yield SelectionList[str](
                    *[(Text(verdict_title(v, self.app.verdict_labels)), v.value, v.value in f.verdict) for v in Verdict],
                    id="x-verdict",
                )
                yield Label("Outlet")
                yield TextInput(f.outlet or "", id="x-outlet")
                yield Label("Claim date from / to")
                with Horizontal(classes="pair"):
                    yield TextInput(f.since or "", placeholder="since", id="x-since")
                    yield TextInput(f.until or "", placeholder="until", id="x-until")
            with Vertical(classes="dialog-foot"):  # docked: the error and buttons stay in sight
                yield ErrorLine("", id="export-error", classes="error", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Export", variant="primary", id="export")
                    yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#x-path", Input).focus()

    def _error(self, text: str, field: str | None = None) -> None:
        """Say `text` on the error line, with `field` (the one it speaks of, else the focused
        one) scrolled into view above it."""
        line = self.query_one("#export-error", ErrorLine)
        line.keep = field
        line.update(text)

    def action_export(self) -> None:
        path = self.query_one("#x-path", Input).value.strip()
        if not path:
            self._error("give a file to write", "#x-path")
            return
        statuses = tuple(self.query_one("#x-status", SelectionList).selected)
        if not statuses:
            self._error("tick at least one status", "#x-status")
            return
        field = "#x-since"
        try:
            since = parse_since_until(self.query_one("#x-since", Input).value.strip() or None, "from date")
            field = "#x-until"
            until = parse_since_until(self.query_one("#x-until", Input).value.strip() or None, "to date", end=True)
            field = "#x-since"
            check_since_until(since, until, "from date", "to date")
        except ValueError as exc:
            self._error(str(exc), field)
            return
        flt = ClaimFilter(
            status=statuses,
            verdict=tuple(self.query_one("#x-verdict", SelectionList).selected),
            outlet=self.query_one("#x-outlet", Input).value.strip() or None,
            since=since, until=until, order="id",
        )
        self._error("writing…")
        self.write(path, flt)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def write(self, path: str, flt: ClaimFilter) -> None:
        try:
            if path.strip() == "-":  # the CLI's standard output; here it wrote a file named '-' (pass 25)
                raise ClaimsError("-: the desk has no standard output to write to: give a file name")
            target = typed_path(path)
            if problem := terminal_problem(target):
                raise ClaimsError(f"{path}: {problem}; the export would be drawn over and lost: give a file name")
            with output_file(target, newline="", keep=own_settings_files()) as fh:  # whole or not at all
                n = export_csv(self.app.db, flt, fh)
        except ClaimsError as exc:
            self.post_message(ExportFailed(str(exc)))
            return
        self.post_message(ExportWritten(str(target), n))

    @on(ExportWritten)
    def _written(self, message: ExportWritten) -> None:
        self.app.notify(f"Wrote {message.rows} claim{'s' * (message.rows != 1)} to {message.path}", timeout=5)
        self.dismiss(message.path)

    @on(ExportFailed)
    def _failed(self, message: ExportFailed) -> None:
        self._error(message.error)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        as_submitted(event)
        self.action_export()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

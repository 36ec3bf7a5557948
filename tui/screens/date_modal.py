"""The claim's date as a reviewer types it: "2024-04-12", "April 2024", "last Friday"."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from claims.errors import ClaimsError
from claims.services.claim_dates import DATE_HELP, after_today, read_claim_date
from tui.keymap import KeysInPlace, key_hint
from tui.screens.dialog import DismissOnce
from tui.widgets.error_line import SHORT, ErrorLine
from tui.widgets.text_input import TextInput


class DateModal(KeysInPlace, DismissOnce, ModalScreen[str | None]):
    """Shows what the typed text resolves to as one types (the resolver extraction uses,
    counted from the article's publication date); enter sets it, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="date-cancel")]
    VERTICAL_BREAKPOINTS = SHORT  # under 16 rows: "-short" (desk.tcss)

    def __init__(self, claim_id: int, current: str, base: dt.date | None) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.current = current
        self.base = base

    def compose(self) -> ComposeResult:
        counted = f"relative dates count from the article's date, {self.base.isoformat()}" if self.base else (
            "the article has no date: type a full date (or give it one: claims set-article)"
        )
        # On a small terminal (30x8) the title (one line) and the input stay where they are and
        # only what is below them scrolls, kept on the reason (ErrorLine): the whole dialog
        # scrolled, and a reason longer than the screen pushed the input and the title out of
        # sight while one typed.
        with Vertical(id="date-dialog", classes="dialog"):
            yield Static(Text.assemble(f"Date of claim {self.claim_id}",
                                       (f"  enter set · {key_hint(self, 'date-cancel')} cancel", "dim")),
                         classes="dialog-title")
            yield Static(f"now: {self.current}", id="date-current", markup=False)
            yield TextInput(placeholder="2024-04-12, April 2024, last Friday", id="date-input")
            with VerticalScroll(id="date-more"):
                yield ErrorLine("", id="date-preview")
                yield Static(f"[dim]{counted}[/]", id="date-base")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _read(self, value: str):
        try:
            return read_claim_date(value, self.base), None
        except ClaimsError as exc:
            return None, str(exc)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        preview = self.query_one("#date-preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        got, error = self._read(event.value)
        if error and self.has_class("-short"):
            # 30x8: the reason alone ('x' is not a date), which fits below the input with the
            # title above; what to type instead is the placeholder's and the line below's
            error = error.removeprefix("claim date: ").removesuffix(f"; give {DATE_HELP}")
        if got is not None:  # a future date is kept (a promise's), but may be a typo: said so
            later = Text(" · after today", style="yellow") if after_today(got.date) else ""
            preview.update(Text.assemble(f"→ {got.date} ({got.precision})", later))  # as typed
        else:
            preview.update(Text(error, style="red"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        got, _error = self._read(event.value)
        if got is not None:
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

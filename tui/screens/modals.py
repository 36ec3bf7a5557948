"""Small dialogs: the filter, saved filters, the note editor and the evidence link."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from claims.errors import ClaimsError
from claims.limits import check_note, printable
from claims.links import check_evidence_url
from claims.search_text import BadFilter, check_filter_text
from claims.services.queries import ClaimFilter, check_since_until, parse_since_until
from claims.services.saved_filters import builtin_filters, load_user_filters, save_filter
from claims.vocab import Status, Verdict
from tui.keymap import KeysInPlace, key_hint
from tui.screens.dialog import DismissOnce, as_submitted
from tui.verdict_labels import Labels, verdict_named, verdict_title
from tui.widgets.error_line import SHORT, ErrorLine
from tui.widgets.text_input import TextBox, TextInput


def _text_field(error: str) -> str | None:
    """The text field a refusal of `check_filter_text` names ('search: ...'), or None."""
    name = error.split(":", 1)[0].strip()
    return {"search": "#f-search", "speaker": "#f-speaker", "outlet": "#f-outlet"}.get(name)


class FilterModal(KeysInPlace, DismissOnce, ModalScreen[ClaimFilter | None]):
    """Every filter of the queue in one form; enter or ctrl+s applies, escape cancels."""

    VERTICAL_BREAKPOINTS = SHORT  # under 16 rows: "-short" (desk.tcss), as the export dialog
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter-cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter-apply"),
    ]

    def __init__(self, current: ClaimFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="filter-dialog", classes="dialog"):
            # under 16 rows the buttons are left out: the title names the keys
            yield Static(Text.assemble("Filter the queue", (f"  enter or {key_hint(self, 'filter-apply')} applies · "
                                                            f"{key_hint(self, 'filter-cancel')} cancels", "dim")),
                         classes="dialog-title")
            with VerticalScroll():
                yield Label("Status")
                yield SelectionList[str](
                    *[(s.value.replace("_", " "), s.value, s.value in c.status) for s in Status],
                    id="f-status",
                )
                yield Label("Verdict")
                yield SelectionList[str](
                    *[(Text(verdict_title(v, self.app.verdict_labels)), v.value, v.value in c.verdict) for v in Verdict],
                    id="f-verdict",
                )
                yield Label("Outlet (its name: case, width and curly quotes aside)")
                yield TextInput(c.outlet or "", id="f-outlet")
                yield Label("Speaker (part of the name or role)")
                yield TextInput(c.speaker or "", id="f-speaker")
                yield Label("Claim date from / to (YYYY-MM-DD, YYYY-MM or YYYY)")
                with Horizontal(classes="pair"):
                    yield TextInput(c.since or "", placeholder="since", id="f-since")
                    yield TextInput(c.until or "", placeholder="until", id="f-until")
                yield Label("Words in the claim")
                yield TextInput(c.search or "", id="f-search")
                yield Checkbox("Only claims with duplicate suggestions", c.has_suggestions, id="f-suggestions")
                yield Checkbox(f"Only claims I reviewed ({self.app.reviewer})", bool(c.reviewer),
                               id="f-mine")
            with Vertical(classes="dialog-foot"):
                yield ErrorLine("", id="filter-error", classes="error", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button("Apply", variant="primary", id="apply")
                    yield Button("Clear all", id="clear")
                    yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#f-status").focus()

    def _value(self, selector: str) -> str | None:
        return self.query_one(selector, Input).value.strip() or None

    def action_apply(self) -> None:
        field = None  # the field the error names, brought into view above it (30x8)
        try:
            check_filter_text(search=self._value("#f-search"), speaker=self._value("#f-speaker"),
                              outlet=self._value("#f-outlet"), prefix="")
            field = "#f-since"
            since = parse_since_until(self._value("#f-since"), "from date")
            field = "#f-until"
            until = parse_since_until(self._value("#f-until"), "to date", end=True)
            field = "#f-since"
            check_since_until(since, until, "from date", "to date")
        except (ValueError, BadFilter) as exc:
            line = self.query_one("#filter-error", ErrorLine)
            line.keep = field or _text_field(str(exc))
            line.update(str(exc))
            return
        self.dismiss(ClaimFilter(
            status=tuple(self.query_one("#f-status", SelectionList).selected),
            verdict=tuple(self.query_one("#f-verdict", SelectionList).selected),
            outlet=self._value("#f-outlet"),
            speaker=self._value("#f-speaker"),
            since=since,
            until=until,
            search=self._value("#f-search"),
            has_suggestions=self.query_one("#f-suggestions", Checkbox).value,
            reviewer=self.app.reviewer if self.query_one("#f-mine", Checkbox).value else None,
            order=self.current.order,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        as_submitted(event)
        self.action_apply()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(ClaimFilter(order=self.current.order))
        else:
            self.dismiss(None)


class SavedFiltersModal(KeysInPlace, DismissOnce, ModalScreen[ClaimFilter | None]):
    """Pick a saved filter, or save the current one under a name."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="saved-cancel")]

    def __init__(self, current: ClaimFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        mine, self.problems = load_user_filters()
        self.filters = {**builtin_filters(self.app.reviewer), **mine}
        with Vertical(id="saved-dialog", classes="dialog"):
            yield Static("Saved filters", classes="dialog-title")
            yield OptionList(
                *[Option(Text.assemble(name, ("  " + flt.describe(), "dim")), id=name) for name, flt in self.filters.items()],
                id="saved-list",
            )
            yield Label("Save the current filter as:")
            yield TextInput(placeholder="a name, then enter", id="save-name")

    def on_mount(self) -> None:
        for problem in self.problems[:3]:  # a hand-edited file: which filter is left out, and why
            self.notify(problem, severity="warning", timeout=10)
        if len(self.problems) > 3:
            self.notify(f"and {len(self.problems) - 3} more filter(s) left out", severity="warning", timeout=10)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.filters[event.option.id])

    @on(Input.Submitted, "#save-name")
    def _save(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        try:  # an empty name is refused there, said in one line (enter did nothing)
            path = save_filter(name, self.current)
        except (OSError, ClaimsError) as exc:
            self.notify(f"Could not save the filter: {exc}", severity="error")
            return
        self.notify(f"Saved filter {name!r} in {path}", timeout=3)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteModal(KeysInPlace, DismissOnce, ModalScreen[str | None]):
    """The verdict note: ctrl+s saves, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note-save"),
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
    ]

    def __init__(self, text: str, n_claims: int = 1) -> None:
        super().__init__()
        self.text = text
        self.n_claims = n_claims

    def compose(self) -> ComposeResult:
        title = "Verdict note" + (f" for {self.n_claims} claims" if self.n_claims > 1 else "")
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Text.assemble(title, (f"  {key_hint(self, 'note-save')} save · "
                                               f"{key_hint(self, 'note-cancel')} cancel", "dim")),
                         classes="dialog-title")
            # a control an older version stored, as the detail shows it: the editor drew it as it is,
            # and ESC ]2;... BEL retitled the terminal (pass 26); saved, the note holds what it shows
            # the reason above the text: below it, on a 40x12 terminal, it lay past the screen's edge
            yield ErrorLine("", id="note-error", classes="error", markup=False, keep="#note-text")
            yield TextBox(printable(self.text), id="note-text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        # checked here, as the evidence dialog checks its link: refused after the dialog closed,
        # a note of 20,589 characters was lost with the reason (a notification), hostile33b
        note = self.query_one(TextArea).text.strip()
        try:
            check_note(note)
        except ClaimsError as exc:
            self.query_one("#note-error", ErrorLine).update(str(exc))
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EvidenceModal(KeysInPlace, DismissOnce, ModalScreen[str | None]):
    """One evidence link, checked to be an http(s) URL before it is stored."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="evidence-cancel")]

    def compose(self) -> ComposeResult:
        # scrolls on a small terminal (30x8), kept on the error (ErrorLine)
        with VerticalScroll(id="evidence-dialog", classes="dialog"):
            yield Static(Text.assemble("Evidence link", (f"  enter add · {key_hint(self, 'evidence-cancel')} cancel",
                                                         "dim")), classes="dialog-title")
            yield TextInput(placeholder="https://…", id="evidence-url")
            yield ErrorLine("", id="evidence-error", classes="error", markup=False, keep="#evidence-url")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            url = check_evidence_url(event.value, one_each="add one link at a time")
        except ClaimsError as exc:
            self.query_one("#evidence-error", Static).update(str(exc))
            return
        self.dismiss(url)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(KeysInPlace, DismissOnce, ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            # a question quotes a claim ("Merge … into #1 “…”?"): a control an older version stored in
            # it is shown as its symbol (ESC ]2;... BEL retitled the terminal, pass 26)
            yield Static(printable(self.question), id="confirm-question", markup=False)
            yield Static(Text.assemble((key_hint(self, "confirm-yes"), "bold"), " yes · ",
                                       (key_hint(self, "confirm-no"), "bold"), " no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConflictModal(KeysInPlace, DismissOnce, ModalScreen[str]):
    """Someone else changed the claim since it was loaded: reload it, or overwrite on purpose."""

    BINDINGS = [
        Binding("r,escape", "answer('reload')", "Reload", id="conflict-reload"),
        Binding("o", "answer('overwrite')", "Overwrite", id="conflict-overwrite"),
    ]

    def __init__(self, message: str, attempted: str, changes: tuple = (), labels: Labels | None = None) -> None:
        super().__init__()
        self.message = message
        self.attempted = attempted
        self.changes = changes  # the other reviewer's, told here with the verdicts' labels
        self.labels = labels

    def compose(self) -> ComposeResult:
        # "claim 3 was changed by bo since you loaded it (version 1 -> 2: <what>); reload it and
        # try again" (the service's words, meant for the CLI): split into who and what here.
        found = re.match(r"(.*? since you loaded it) \(version \d+ -> \d+: (.*)\); reload it", self.message,
                         re.S)
        head, what = (found.group(1), found.group(2)) if found else (
            re.sub(r"; reload it and try again$", "", self.message), "")
        if self.changes:
            what = "; ".join(change.describe(self._shown) for change in self.changes)
        with Vertical(id="conflict-dialog", classes="dialog"):
            yield Static("Changed by someone else", classes="dialog-title")
            # The account of what changed can be long (notes, several changes): it scrolls,
            # so your change, the buttons and the keys below always stay on the screen.
            with VerticalScroll(id="conflict-body"):
                # what changed quotes old values too (a note an older version stored): controls as symbols
                yield Static(printable(head[:1].upper() + head[1:] + "."), id="conflict-message", markup=False)
                if what:
                    yield Static(Text.assemble(("What changed: ", "bold"), printable(what)), id="conflict-what")
            with Vertical(id="conflict-choices", classes="dialog-foot"):
                yield Static(Text.assemble(("Your change (not stored): ", "bold"), printable(self.attempted)),
                             id="conflict-attempt")
                with Horizontal(classes="buttons"):
                    yield Button("Reload", variant="primary", id="reload")
                    yield Button("Overwrite", variant="warning", id="overwrite")
                yield Static(Text.assemble((key_hint(self, "conflict-reload"), "bold"), " reload and keep theirs · ",
                                           (key_hint(self, "conflict-overwrite"), "bold"),
                                           " overwrite deliberately with yours"), classes="hint")

    def _shown(self, field: str, value: str) -> str:
        return verdict_named(value, self.labels) if field == "verdict" else value

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, choice: str) -> None:
        self.dismiss(choice)

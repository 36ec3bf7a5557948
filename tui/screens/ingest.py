"""Ingest from the desk: a path or pasted text, a preview of the claims to accept, progress for many files."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    ProgressBar,
    SelectionList,
    Static,
    TextArea,
)
from textual.worker import get_current_worker

from claims.dates import parse_published
from claims.errors import ClaimsError
from claims.limits import printable
from claims.paths import path_text
from claims.services.ingest import ingest_source
from claims.services.ingest_preview import (
    Preview,
    preview_path,
    preview_text,
    store_preview,
)
from claims.services.views import IngestOutcome
from claims.sources import expand_paths, read_source
from tui.keymap import KeysInPlace, key_hint
from tui.screens.dialog import as_submitted
from tui.widgets.error_line import ErrorLine
from tui.widgets.header import DeskHeader
from tui.widgets.text_input import TextInput
from tui.worker_failures import ShowsWorkerFailures, failure_line

FUTURE_HINT = "tick “allow a future date” to accept it"  # the desk's --allow-future


class PreviewReady(Message):
    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview


class FilesListed(Message):
    def __init__(self, files: list[str]) -> None:
        super().__init__()
        self.files = files


class IngestProgressed(Message):
    def __init__(self, done: int, total: int, outcome: IngestOutcome) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.outcome = outcome


class IngestFinished(Message):
    def __init__(self, outcomes: list[IngestOutcome], cancelled: bool) -> None:
        super().__init__()
        self.outcomes = outcomes
        self.cancelled = cancelled


class PhaseProgressed(Message):
    """How one long article goes: extracting (characters read), storing, matching (claims)."""

    def __init__(self, phase: str, done: int, total: int | None) -> None:
        super().__init__()
        self.phase, self.done, self.total = phase, done, total


class IngestFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


def warned(warnings: list[str]) -> Text:
    """An ingest's warnings (`claims ingest` prints them as `claims: warning: ...`), one line each."""
    return Text("\n".join(f"⚠ {printable(w)}" for w in warnings), style="yellow")


def describe(outcome: IngestOutcome) -> str:
    """One line of an outcome, a file's name in it shown as `printable` has it: a name holding
    ESC (a file 'ESC]2;x BEL.txt' in a folder) retitled the terminal when the screen listed it."""
    return printable(_described(outcome))


def _described(outcome: IngestOutcome) -> str:
    if outcome.error:
        return f"✗ {outcome.error}"
    if outcome.duplicate_of is not None:
        return f"= {outcome.source}: already stored as article {outcome.duplicate_of}, nothing changed"
    return (f"✓ {outcome.source}: article {outcome.article_id}, {outcome.claims_added} claim(s), "
            f"{outcome.appearances_added} appearance(s)")


class IngestScreen(KeysInPlace, ShowsWorkerFailures, Screen):
    BINDINGS = [
        Binding("ctrl+e", "preview", "Preview", id="ingest-preview", priority=True,
                tooltip="Extract the claims without storing anything"),
        Binding("ctrl+s", "store", "Store", id="ingest-store", priority=True,
                tooltip="Store the article with the ticked claims (or ingest every file listed)"),
        Binding("escape", "back_or_cancel", "Back / cancel", id="ingest-back"),
    ]
    PALETTE = [
        ("ingest: preview claims", "Extract without storing (ctrl+e)", "preview"),
        ("ingest: store accepted claims", "Store the article with the ticked claims (ctrl+s)", "store"),
        ("ingest: cancel", "Stop a running ingest of many files", "back_or_cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.preview: Preview | None = None
        self.files: list[str] = []
        self.running = False
        self.problems: list[str] = []
        self._previewed_form: tuple | None = None  # the form a preview or file listing was made from

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="ingest-form"):
            yield Label("Article file or folder")
            yield TextInput(placeholder="path/to/article.txt or a folder", id="i-path")
            yield Label("…or paste the article text")
            yield TextArea(id="i-text", soft_wrap=True)
            with Horizontal(classes="pair"):
                with VerticalScroll(classes="field"):
                    # the forms as a placeholder: in the label they filled the column at 110 wide
                    yield Label("Publication date")
                    yield TextInput(placeholder="any form: 2024-04-14, 14 April 2024", id="i-published")
                    yield Checkbox("allow a future date", id="i-future")
                with VerticalScroll(classes="field"):
                    yield Label("Outlet")
                    yield TextInput(id="i-outlet")
            with Horizontal(classes="buttons"):
                yield Button(f"Preview ({key_hint(self, 'ingest-preview')})", id="b-preview", variant="primary")
                yield Button(f"Store ({key_hint(self, 'ingest-store')})", id="b-store")
            yield ErrorLine("", id="i-message")
            yield ProgressBar(id="i-progress", show_eta=False)
            yield Static("", id="i-preview-title")
            yield SelectionList[int](id="i-preview")
            yield Static("", id="i-log", markup=False)  # file names, as they are
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "ingest"
        self.query_one("#i-progress").display = False
        self.query_one("#i-preview").display = False
        self.query_one("#i-path").focus()

    def _say(self, text: str, error: bool = False) -> None:
        self.query_one("#i-message", Static).update(Text(printable(text), style="bold red" if error else ""))

    def _inputs(self):
        path = self.query_one("#i-path", Input).value.strip()
        text = self.query_one("#i-text", TextArea).text
        outlet = self.query_one("#i-outlet", Input).value.strip() or None
        allow_future = self.query_one("#i-future", Checkbox).value
        published = parse_published(self.query_one("#i-published", Input).value.strip() or None,
                                    allow_future=allow_future, future_hint=FUTURE_HINT)
        return path, text, outlet, published, allow_future

    # --- preview --------------------------------------------------------------------------

    def _after_the_keys_before(self, action) -> None:
        """ctrl+e and ctrl+s are priority keys (the fields would take them as 'end of line'): the
        desk acts on them as they arrive, while keys typed before them may still wait in the
        focused field's own queue (a burst: a paste, tmux, a loaded machine). A path typed with
        ctrl+e in one burst said 'Give a file or folder' under the path it showed, and ctrl+s
        after an edit of a previewed form stored the preview, the edit unread (hostile33b). The
        action waits in that queue behind those keys, so it reads the form as typed."""
        focused = self.focused
        if focused is None or not focused.call_later(action):
            action()

    def action_preview(self) -> None:
        self._after_the_keys_before(self._preview_now)

    def _preview_now(self) -> None:
        if not self.is_attached:  # escape came in the same burst: the screen is gone
            return
        if self.running:
            self.notify("An ingest is running; escape cancels it.", severity="warning")
            return
        try:
            path, text, outlet, published, allow_future = self._inputs()
        except ClaimsError as exc:
            self._say(str(exc), error=True)
            return
        if not path and not text.strip():
            self._say("Give a file or folder, or paste an article.", error=True)
            return
        self._discard_preview()
        self._previewed_form = self._form()
        self._say("Extracting…")
        self._extract(path, text, outlet, published, allow_future)

    @work(thread=True, exclusive=True, group="ingest-preview", exit_on_error=False)
    def _extract(self, path: str, text: str, outlet, published, allow_future: bool) -> None:
        try:
            if path:
                files = expand_paths([path])
                if len(files) > 1:
                    self.post_message(FilesListed(files))
                    return
                preview = preview_path(self.app.db, files[0], outlet=outlet, published=published,
                                       allow_future=allow_future, future_hint=FUTURE_HINT,
                                       progress=self._phase_told)
            else:
                preview = preview_text(self.app.db, text, outlet=outlet, published=published,
                                       allow_future=allow_future, future_hint=FUTURE_HINT,
                                       progress=self._phase_told)
        except ClaimsError as exc:
            self.post_message(IngestFailed(str(exc)))
            return
        self.post_message(PreviewReady(preview))

    def _phase_told(self, phase: str, done: int, total: int | None) -> None:
        """From a worker thread: a long article's progress, shown on the screen's bar."""
        self.post_message(PhaseProgressed(phase, done, total))

    @on(PhaseProgressed)
    def _phase(self, message: PhaseProgressed) -> None:
        bar = self.query_one("#i-progress", ProgressBar)
        bar.display = True
        bar.update(total=message.total, progress=message.done)
        done, total = message.done, message.total
        amount = ("" if not total else f" {done / 1e6:.1f}/{total / 1e6:.1f}M characters"
                  if message.phase == "extracting" else f" {done}/{total} claims")
        self._say(f"{message.phase.capitalize()}…{amount}")

    def _form(self) -> tuple:
        """The form as typed: a preview stands for this and nothing else."""
        return (self.query_one("#i-path", Input).value, self.query_one("#i-text", TextArea).text,
                self.query_one("#i-published", Input).value, self.query_one("#i-outlet", Input).value,
                self.query_one("#i-future", Checkbox).value)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _form_changed(self) -> bool:
        """An edit of the path, text, date, outlet or future tick after a preview discards it:
        ctrl+s stored what was previewed, so a date or outlet typed after it (the preview said
        'no publication date') or another path was dropped without a word."""
        if self.running or (self.preview is None and not self.files) or self._form() == self._previewed_form:
            return False
        self._discard_preview()
        self._say(f"The form changed since the preview: preview again ({key_hint(self, 'ingest-preview')}) before storing.")
        return True

    def _discard_preview(self) -> None:
        """No preview, and nothing of one shown: its head, claims and warnings go with it (a
        new preview that failed left the last one's warnings under its error)."""
        self.preview, self.files = None, []
        self.query_one("#i-preview").display = False
        self.query_one("#i-preview-title", Static).update("")
        self.query_one("#i-log", Static).update("")

    def _stale(self) -> bool:
        if self._form() == self._previewed_form:
            return False
        self.query_one("#i-progress").display = False
        self._say(f"The form changed while it was read: preview again ({key_hint(self, 'ingest-preview')}) before storing.")
        return True

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if self._stale():
            return
        self.query_one("#i-progress").display = False
        p = self.preview = message.preview
        listing = self.query_one("#i-preview", SelectionList)
        listing.clear_options()
        for i, c in enumerate(p.claims):
            who = c.speaker or c.speaker_role or "unknown speaker"
            when = f"{c.date} ({c.date_text})" if c.date else (c.date_text or "undated")
            # Text, not a str: an option's str is Textual markup, and a claim's "[/]" stopped the desk
            listing.add_option((Text(f"{c.text}  — {who} · {when} · worth {c.checkworthiness:.2f}"), i, True))
        listing.display = bool(p.claims)
        if p.claims:
            listing.highlighted = 0
        head = f"{len(p.claims)} claim(s) in {p.source}"
        head += f" · {p.outlet or 'no outlet'} · {p.published or 'no publication date'}"
        if p.title:
            head += f" · {p.title}"
        self.query_one("#i-preview-title", Static).update(Text(head, style="bold"))
        self.query_one("#i-log", Static).update(warned(p.warnings))
        store = key_hint(self, "ingest-store")
        if p.duplicate_of is not None:
            next_step = f"This article is already stored (article {p.duplicate_of}); storing changes nothing."
        elif p.claims:
            next_step = f"Space unticks a claim you do not want; {store} stores the article with the ticked ones."
            listing.focus()
        else:
            next_step = f"No claims found. {store} still stores the article."
        # Its warnings (a header's date ignored: the article would be stored undated) head the
        # message line, in sight above the claims, and go with the preview as the line is
        # rewritten; a toast of them stayed up for 10 s after the preview was discarded.
        self.query_one("#i-message", Static).update(Text.assemble(warned(p.warnings), "\n" * bool(p.warnings),
                                                                  next_step))

    @on(FilesListed)
    def _files_listed(self, message: FilesListed) -> None:
        if self._stale():
            return
        self.files = message.files
        self.query_one("#i-preview-title", Static).update(
            Text(f"{len(self.files)} files: no preview for many files; {key_hint(self, 'ingest-store')} ingests them all",
                 style="bold"))
        # each as it is stored (caf\xe9.txt), not as Python holds it (caf\udce9.txt)
        listed = "\n".join(printable(path_text(name)) for name in self.files[:30])
        self.query_one("#i-log", Static).update(listed + ("\n…" if len(self.files) > 30 else ""))
        self._say("")

    @on(IngestFailed)
    def _failed(self, message: IngestFailed) -> None:
        self._say(message.error, error=True)

    # --- store ------------------------------------------------------------------------------

    def action_store(self) -> None:
        self._after_the_keys_before(self._store_now)

    def _store_now(self) -> None:
        if self.running or not self.is_attached:
            return
        if self._form_changed():  # an edit whose Changed message is still on its way
            return
        if self.files:
            try:
                _, _, outlet, published, allow_future = self._inputs()
            except ClaimsError as exc:
                self._say(str(exc), error=True)
                return
            self.running = True
            bar = self.query_one("#i-progress", ProgressBar)
            bar.display = True
            bar.update(total=len(self.files), progress=0)
            self.query_one("#i-log", Static).update("")
            self.problems = []
            self._say(f"Ingesting {len(self.files)} files… escape cancels")
            self._ingest_many(list(self.files), outlet, published, allow_future)
            return
        if self.preview is None:
            self._say(f"The form changed since the preview: preview again ({key_hint(self, 'ingest-preview')}) before storing."
                      if self._previewed_form not in (None, self._form()) else
                      f"Preview first ({key_hint(self, 'ingest-preview')}): you accept the claims before they are stored.", error=True)
            return
        accepted = list(self.query_one("#i-preview", SelectionList).selected)
        self.running = True  # a second ctrl+s while it stores stores nothing twice
        self._say("Storing…")
        self._store(self.preview, accepted)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def _store(self, preview: Preview, accepted: list[int]) -> None:
        try:
            outcome = store_preview(self.app.db, preview, accepted, progress=self._phase_told)
        except Exception as exc:  # said on the screen, which is free again (nothing was stored)
            outcome = IngestOutcome(source=preview.source, error=failure_line(exc, self.app.db.url))
        self.post_message(IngestFinished([outcome], cancelled=False))

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def _ingest_many(self, files: list[str], outlet, published, allow_future: bool) -> None:
        worker = get_current_worker()
        outcomes: list[IngestOutcome] = []
        for i, path in enumerate(files, 1):
            if worker.is_cancelled:
                break
            try:
                outcome = ingest_source(self.app.db, read_source(path, standard_input=False), outlet=outlet, published=published,
                                        allow_future=allow_future, future_hint=FUTURE_HINT)
            except ClaimsError as exc:
                outcome = IngestOutcome(source=path_text(path), error=str(exc))
            outcomes.append(outcome)
            self.post_message(IngestProgressed(i, len(files), outcome))
        self.post_message(IngestFinished(outcomes, cancelled=worker.is_cancelled))

    @on(IngestProgressed)
    def _progressed(self, message: IngestProgressed) -> None:
        self.query_one("#i-progress", ProgressBar).update(progress=message.done)
        if message.outcome.error:
            self.problems.append(describe(message.outcome))
        self.problems += [f"⚠ {printable(w)}" for w in message.outcome.warnings]
        if message.outcome.error or message.outcome.warnings:
            self.query_one("#i-log", Static).update(Text("\n".join(self.problems[-30:])))

    @on(IngestFinished)
    def _finished(self, message: IngestFinished) -> None:
        self.running = False
        self.app.note_own_write()
        self.app.queue_dirty = True
        added = [o for o in message.outcomes if o.ok and o.article_id]
        same = [o for o in message.outcomes if o.ok and o.duplicate_of is not None]
        bad = [o for o in message.outcomes if not o.ok]
        claims = sum(o.claims_added for o in added)
        summary = (f"{'Cancelled: ' if message.cancelled else ''}{len(added)} article(s) added with "
                   f"{claims} claim(s); {len(same)} already stored; {len(bad)} refused")
        warnings = sum(len(o.warnings) for o in message.outcomes)
        summary += f"; {warnings} warning(s), below" if warnings else ""
        self._say(summary, error=bool(bad))
        if self.files == []:  # one article stored: its phases' bar is done
            self.query_one("#i-progress").display = False
        if len(message.outcomes) == 1:
            one = message.outcomes[0]
            log = Text(describe(one))
            if one.warnings:
                log.append("\n").append_text(warned(one.warnings))
            self.query_one("#i-log", Static).update(log)
        self.notify(summary, timeout=5, severity="warning" if bad or warnings else "information")
        self.preview, self.files = None, []
        self.query_one("#i-preview").display = False

    def action_back_or_cancel(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "ingest")
            self._say("Cancelling after the file in hand…")
            return
        self.app.pop_screen()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "b-preview":
            self.action_preview()
        else:
            self.action_store()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        as_submitted(event)
        self.action_preview()

"""The review desk: a Textual app over the same services the CLI uses."""

from __future__ import annotations

import re

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.command import SimpleProvider
from textual.theme import ThemeProvider

from claims.errors import ChangedSince, ClaimsError
from claims.limits import printable
from claims.models import utcnow
from claims.reviewer import stored_default_reviewer
from claims.services.paging import Stamp, store_stamp
from claims.services.undo import redo_last, undo_last
from db import Database
from tui.command_palette import DeskCommandPalette
from tui.commands import DeskCommands
from tui.keymap import (
    bindings_of,
    key_hint,
    load_keymap,
    taken_by_focus,
    unknown_ids,
    without_clashes,
)
from tui.messages import ActionFailed, ChangeUndone, RepeatsFound, StoreChanged
from tui.verdict_labels import configured_labels, verdict_named, verdict_text
from tui.widgets.text_input import TextInput
from tui.worker_failures import ShowsWorkerFailures
from tui.writer import ReviewWriter


class ClaimsApp(ShowsWorkerFailures, App):
    CSS_PATH = "desk.tcss"
    TITLE = "claims"
    SUB_TITLE = "review desk"
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key that works here"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo your last change (from the audit log)"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo", tooltip="Redo the change you undid"),
    ]

    def __init__(self, db: Database, *, reviewer: str | None = None, watch_interval: float = 3.0,
                 keymap: dict[str, str] | None = None) -> None:
        from claims.cell_widths import count_spacing_marks

        count_spacing_marks()  # a Hindi claim's row measured as the terminal draws it
        super().__init__()
        self.db = db
        self.reviewer = reviewer or stored_default_reviewer()
        self.watch_interval = watch_interval
        self._stamp: Stamp | None = None
        self._opened_at = utcnow()  # repeats brought by articles ingested from now on are news
        self._repeats_told: set[tuple[int, int]] = set()  # (checked claim, article) notified
        self._keymap_override = keymap
        self.keys_in_force: dict[str, str] = {}  # the keymap applied (tui.keymap.key_hint reads it)
        self.verdict_labels = configured_labels()  # [verdicts.X] label, shown for the verdict's name
        self.writer = ReviewWriter(self)

    def on_mount(self) -> None:
        from tui.screens.queue import QueueScreen

        if self._keymap_override is not None:
            keymap, problem = self._keymap_override, None
        else:
            keymap, problem = load_keymap()
        if keymap:
            places = _desk_places()
            keymap, unknown = unknown_ids(keymap, places)
            keymap, left_out = without_clashes(keymap, places)
            keymap, swallowed = taken_by_focus(keymap, _focus_places())
            problem = "; ".join([*unknown, *left_out, *swallowed, *([problem] if problem else [])]) or None
            self.set_keymap(keymap)
            self.keys_in_force = keymap
        if problem:
            self.notify(problem, severity="warning", timeout=8)
        if getattr(self.db, "read_only", None):  # say it before a key is refused
            self.notify(f"Read-only: {self.db.display_url} can only be read here ({self.db.read_only}); "
                        "reading works, but no change can be saved.", severity="warning", timeout=12)
        self.push_screen(QueueScreen())
        if self.watch_interval > 0:
            self.set_interval(self.watch_interval, self.check_store)

    # --- everywhere ----------------------------------------------------------------------

    queue_dirty = False  # a screen above the queue changed claims; the queue reloads on resume

    def _switch_to(self, screen_type: type, make) -> None:
        """Go to the one instance of a top-level screen, or push a new one."""
        from tui.screens.queue import QueueScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, screen_type):
                while self.screen is not screen:
                    self.pop_screen()
                return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, QueueScreen):
            self.pop_screen()
        self.push_screen(make())

    def action_open_queue(self) -> None:
        from tui.screens.queue import QueueScreen

        self._switch_to(QueueScreen, QueueScreen)

    def action_open_articles(self) -> None:
        from tui.screens.articles import ArticlesScreen

        self._switch_to(ArticlesScreen, ArticlesScreen)

    def action_open_duplicates(self) -> None:
        from tui.screens.duplicates import DuplicatesScreen

        self._switch_to(DuplicatesScreen, DuplicatesScreen)

    def action_open_repeats(self) -> None:
        from tui.screens.repeats import RepeatsScreen

        self._switch_to(RepeatsScreen, RepeatsScreen)

    def action_open_ingest(self) -> None:
        from tui.screens.ingest import IngestScreen

        self._switch_to(IngestScreen, IngestScreen)

    def action_open_export(self) -> None:
        from tui.screens.export import ExportModal

        self.push_screen(ExportModal())

    # Every palette the desk opens is the desk's (tui.command_palette): the commands' own, the
    # one of themes and any list of commands Textual shows.
    def action_command_palette(self) -> None:
        if self.use_command_palette and not DeskCommandPalette.is_open(self):
            self.push_screen(DeskCommandPalette(id="--command-palette"))

    def search_commands(self, commands, placeholder: str = "Search for commands…"):
        return self.push_screen(DeskCommandPalette(providers=[SimpleProvider(self.screen, commands)],
                                                   placeholder=placeholder))

    def search_themes(self) -> None:
        self.push_screen(DeskCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_refresh_screen(self) -> None:
        self.post_message(StoreChanged("refresh asked", from_app=True))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_undo(self) -> None:
        self.writer.submit_undo(undo=True)

    def action_redo(self) -> None:
        self.writer.submit_undo(undo=False)

    def undo_redo_now(self, *, undo: bool) -> None:
        """Undo (or redo) the reviewer's last change, in the writer's worker thread (its turn in
        the queue of changes), and say what it did."""
        try:
            result = (undo_last if undo else redo_last)(self.db, reviewer=self.reviewer)
        except ChangedSince as exc:  # its values named as the desk names them (a verdict's label)
            labels = self.verdict_labels
            self.post_message(ActionFailed(exc.describe(
                lambda field, value: verdict_named(value, labels) if field == "verdict" else value)))
            return
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(ChangeUndone(result.claim_ids, result.summary, from_app=True))
        if result.warning:
            self.call_from_thread(self.notify, result.warning, severity="warning", timeout=8)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every notification as written, never as markup: each holds text from outside (a
        claim, a reviewer's name, a file name, what was typed), and '[/]' in one stopped the
        desk with a MarkupError ('[@click=app.quit]' in a claim made a button of it). A control
        character in it (a claim an older version stored with ESC, quoted by "A checked claim came
        back") is shown as its symbol, as in the queue and the detail, never sent to the terminal."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """ctrl+c: how to quit, said as plain text. Textual's own says it in markup
        ('Press [b]ctrl+q[/b] to quit the app'), which `notify` shows as written."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    @on(ChangeUndone)
    def _change_undone(self, message: ChangeUndone) -> None:
        if not message.from_app:
            return  # the screen's copy bubbling back up
        self.notify(message.summary, timeout=3)
        self._stamp = None
        self.screen.post_message(ChangeUndone(message.claim_ids, message.summary))

    @on(TextInput.KeysHeld)
    def _keys_held(self, message: TextInput.KeysHeld) -> None:
        message.field.release_held()  # the form has handled the field's enter (it came up first)

    @on(ActionFailed)
    def _action_failed(self, message: ActionFailed) -> None:
        self.notify(message.message, severity="error", timeout=6)

    # --- another process wrote to the store ---------------------------------------------

    @work(thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    def check_store(self) -> None:
        """Compare a cheap fingerprint of the store with the last one seen."""
        try:
            stamp = store_stamp(self.db)
        except Exception:  # a locked or vanished database: try again next tick
            return
        before, self._stamp = self._stamp, stamp
        if before is None or stamp == before:
            return
        parts = []
        if stamp.last_claim != before.last_claim:
            parts.append("new claims")
        if stamp.last_match != before.last_match:
            parts.append("new duplicate suggestions")
        if stamp.last_event != before.last_event:
            parts.append("review changes")
        self.post_message(StoreChanged(", ".join(parts), from_app=True))
        if stamp.last_claim != before.last_claim or stamp.last_match != before.last_match:
            self._check_repeats()

    def _check_repeats(self) -> None:
        """Repeats (and possible repeats) that articles ingested since the desk opened brought,
        by anyone: each checked claim and article told once (in the store-watch worker)."""
        from claims.services.repeats import list_repeats

        try:
            found = list_repeats(self.db, since=self._opened_at)
        except Exception:  # noqa: BLE001 - a locked or vanished database: the next change tries again
            return
        news = []
        for r in found:
            key = (r.claim_id, r.article_id)
            if r.ingested_at >= self._opened_at and key not in self._repeats_told:
                self._repeats_told.add(key)
                news.append(r)
        if news:
            self.post_message(RepeatsFound(news))

    @on(RepeatsFound)
    def _repeats_found(self, message: RepeatsFound) -> None:
        first = message.repeats[0]
        claim = first.claim if len(first.claim) <= 70 else first.claim[:69] + "…"
        what = "A checked claim came back" if first.kind == "repeat" else "A checked claim may be back"
        text = f"{what} ({verdict_text(first.verdict, self.verdict_labels)}): “{claim}” in {first.outlet or 'an article'}"
        if len(message.repeats) > 1:
            text += f", and {len(message.repeats) - 1} more"
        from tui.screens.queue import QueueScreen

        self.notify(f"{text}. {key_hint(self, 'open-repeats', QueueScreen)} shows the repeats.", title="Repeat", severity="warning", timeout=12)

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        if not message.from_app:
            return
        self.screen.post_message(StoreChanged(message.summary))

    def note_own_write(self) -> None:
        """Our own change moved the fingerprint; take a fresh one so it is not news."""
        self._stamp = None


def _focus_places() -> dict[str, tuple[list, list]]:
    """The dialogs whose focus stays in one text field, their own bindings and the field's."""
    from textual.widgets import Input, TextArea

    from tui.screens.date_modal import DateModal
    from tui.screens.modals import EvidenceModal, NoteModal

    return {f"the {_screen_title(m)}": (bindings_of(m), bindings_of(field))
            for m, field in ((NoteModal, TextArea), (EvidenceModal, Input), (DateModal, Input))}


def _desk_places() -> dict[str, list]:
    """The bindings that answer together, per screen of the desk (the app's go everywhere)."""
    from tui.screens.articles import ArticleScreen, ArticlesScreen, ArticleTable
    from tui.screens.claim import ClaimScreen
    from tui.screens.date_modal import DateModal
    from tui.screens.duplicates import DuplicatesScreen, MatchTable
    from tui.screens.export import ExportModal
    from tui.screens.help import HelpScreen
    from tui.screens.ingest import IngestScreen
    from tui.screens.modals import (
        ConfirmModal,
        ConflictModal,
        EvidenceModal,
        FilterModal,
        NoteModal,
        SavedFiltersModal,
    )
    from tui.screens.queue import QueueScreen
    from tui.screens.repeats import RepeatsScreen, RepeatTable
    from tui.widgets.claim_table import ClaimTable

    return {"the queue": bindings_of(ClaimsApp, QueueScreen, ClaimTable),
            "a claim": bindings_of(ClaimsApp, ClaimScreen),
            "the duplicates": bindings_of(ClaimsApp, DuplicatesScreen, MatchTable),
            "the repeats": bindings_of(ClaimsApp, RepeatsScreen, RepeatTable),
            "the articles": bindings_of(ClaimsApp, ArticlesScreen, ArticleTable),
            "an article": bindings_of(ClaimsApp, ArticleScreen),
            "the ingest screen": bindings_of(ClaimsApp, IngestScreen),
            **{f"the {_screen_title(m)}": bindings_of(ClaimsApp, m) for m in (
                FilterModal, SavedFiltersModal, NoteModal, EvidenceModal, ConfirmModal, ConflictModal,
                DateModal, ExportModal, HelpScreen)}}


def _screen_title(cls: type) -> str:
    """'the filter dialog' for FilterModal: how a clash's warning names the place."""
    name = cls.__name__.removesuffix("Modal").removesuffix("Screen")
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return f"{words} {'dialog' if cls.__name__.endswith('Modal') else 'screen'}"

"""Duplicate suggestions side by side with the word diff and the explanation; accept, reject, unmerge."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static

from claims.errors import ClaimsError
from claims.limits import printable
from claims.services.clusters import unmerge
from claims.services.match_review import (
    MatchView,
    count_matches,
    list_matches,
    numbers_differ,
    word_diff,
)
from claims.services.matching import rebuild_matches
from claims.services.views import MatchSummary
from tui.keymap import KeysInPlace
from tui.messages import ActionFailed, ChangeUndone, ClaimsMerged, StoreChanged
from tui.review_keys import MergeConflicts
from tui.verdict_labels import Labels, verdict_text
from tui.widgets.claim_detail import diff_text, with_symbols
from tui.widgets.header import DeskHeader
from tui.worker_failures import ShowsWorkerFailures
from tui.writer import MergeRequest, read_with_heads

LIMIT = 500
STATES = ("suggested", "confirmed", "rejected")


class MatchesLoaded(Message):
    def __init__(self, matches: list[MatchView], total: int, heads: dict[int, tuple[int, int]]) -> None:
        super().__init__()
        self.matches = matches
        self.total = total
        self.heads = heads  # claim id -> (canonical id, version), read before the matches


class MatchesDecided(Message):
    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class RebuildProgressed(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class RebuildFinished(Message):
    """The rebuild ended: `summary` when it committed, None when cancelled or failed (nothing changed)."""

    def __init__(self, summary: MatchSummary | None, *, cancelled: bool = False, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.cancelled = cancelled
        self.error = error


class RebuildCancelled(Exception):
    """Raised in the rebuild's transaction (from a progress report, or right before its
    commit) so that it rolls back."""


class RebuildControl:
    """Whether a rebuild may still be cancelled: decided once, under a lock.

    `running` -> `cancelled` (escape; the rebuild rolls back at its next check, at the
    latest right before its commit) or -> `committing` (the rebuild passed its last check
    inside the transaction and commits). Whichever comes first wins, so the desk never
    says "cancelled" about a rebuild that is stored, nor stores one it said it cancelled.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state = "running"

    def cancel(self) -> bool:
        """Ask to cancel; False when it is too late (the rebuild is committing)."""
        with self._lock:
            if self.state == "running":
                self.state = "cancelled"
            return self.state == "cancelled"

    def check(self) -> None:
        """In the worker, between steps: stop if cancelled."""
        if self.state == "cancelled":
            raise RebuildCancelled

    def begin_commit(self) -> None:
        """In the worker, inside the transaction, right before its commit: the last word."""
        with self._lock:
            if self.state == "cancelled":
                raise RebuildCancelled
            self.state = "committing"


class _CommitGuard:
    """The desk's database as the rebuild sees it: each unit of work calls `before_commit`
    inside its transaction after its last statement, before it commits (raising there
    rolls the whole unit back). Everything else is the database itself."""

    def __init__(self, db, before_commit) -> None:
        self._db = db
        self._before_commit = before_commit

    def __getattr__(self, name):
        return getattr(self._db, name)

    @contextmanager
    def session(self, *, write: bool = False):
        with self._db.session(write=write) as session:
            yield session
            self._before_commit()

    @contextmanager
    def write_connection(self):
        with self._db.write_connection() as conn:
            yield conn
            self._before_commit()


class MatchTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="dupes-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="dupes-up-vim"),
        Binding("g", "scroll_top", "Top", show=False, id="dupes-top-vim"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="dupes-bottom-vim"),
    ]


def score_text(score: float) -> str:
    """Scores come as 0–1 or 0–100 depending on the scorer."""
    return f"{score:.0f}" if score > 1 else f"{score:.2f}"


def conflict_of(m: MatchView) -> bool:
    return m.conflict or numbers_differ(m.a.text, m.b.text)


def side(label: str, claim, words: Text, labels: Labels | None = None) -> Group:
    head = Text(f"{label} #{claim.id}", style="bold cyan")
    head.append(f"  {claim.speaker or 'unknown'} · {claim.date or 'undated'} · {claim.status.replace('_', ' ')}"
                + (f" · {verdict_text(claim.verdict, labels)}" if claim.verdict else ""), style="grey62")
    return Group(*with_symbols([head, words]))  # a control an older version stored: its symbol (pass 26)


def explanation_text(m: MatchView) -> Text:
    out = Text(f"{m.scorer} score {score_text(m.score)}", style="bold")
    if conflict_of(m):
        out.append("   ⚠ the numbers disagree: a conflict, not a duplicate?", style="bold dark_orange")
    reason = m.explanation.get("reason")
    for key, value in m.explanation.items():
        if key in ("score", "scorer", "reason" if m.explanation.get("decision") else "") or value in ([], "", None):
            continue  # (an empty 'only a:' says nothing)
        shown = ", ".join(map(str, value)) if isinstance(value, list) else (
            json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value))
        if key == "decision" and reason:
            # why, beside it: a score of 100 only suggested ('a claim under 8 words') was
            # explained last, below the pane's edge on a 32-line terminal
            shown = f"{shown} ({reason})"
        out.append(f"\n{key.replace('_', ' ')}: ", style="grey62")
        out.append(shown)
    return out


class DuplicatesScreen(KeysInPlace, ShowsWorkerFailures, MergeConflicts, Screen):
    BINDINGS = [
        Binding("escape", "back_or_cancel", "Queue", id="dupes-back",
                tooltip="Back to the queue; while a rebuild runs, cancel it"),
        Binding("a", "decide(True)", "Accept", id="accept-match", tooltip="Merge the pair (all marked pairs)"),
        Binding("r", "decide(False)", "Reject", id="reject-match", tooltip="Not duplicates (all marked pairs)"),
        Binding("x", "toggle_select", "Select", id="dupes-select"),
        Binding("U", "unmerge", "Unmerge", id="dupes-unmerge",
                tooltip="On a confirmed pair: take the second claim out of the cluster"),
        Binding("s", "cycle_state", "Suggested/confirmed/rejected", id="dupes-state"),
        Binding("enter", "open_claim", "Open claim", show=False, id="dupes-open"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="dupes-reload"),
        Binding("B", "rebuild", "Rebuild all matches", show=False, id="rebuild-matches",
                tooltip="Recompute every automatic match (asks first; escape cancels)"),
    ]
    PALETTE = [
        ("duplicates: accept", "Merge the highlighted (or marked) pairs", "decide(True)"),
        ("duplicates: reject", "Mark the highlighted (or marked) pairs as not duplicates", "decide(False)"),
        ("duplicates: unmerge", "Split a confirmed pair", "unmerge"),
        ("duplicates: show suggested / confirmed / rejected", "Cycle which matches are listed", "cycle_state"),
        ("matching: rebuild all matches", "Recompute every automatic match (asks first; escape cancels)",
         "rebuild"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = "suggested"
        self.matches: list[MatchView] = []
        self.selected: set[int] = set()
        self.total = 0
        self.heads: dict[int, tuple[int, int]] = {}  # claim id -> (canonical id, version) as shown
        self.rebuilding = False
        self.rebuild_control: RebuildControl | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield MatchTable(id="matches", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="pair"):
            with VerticalScroll(id="pair-a"):
                yield Static("", id="side-a")
            with VerticalScroll(id="pair-b"):
                yield Static("", id="side-b")
        yield Static("", id="explain")
        bar = ProgressBar(id="rebuild-progress", show_eta=False)
        bar.display = False
        yield bar
        yield Static("", classes="status-line", id="dupes-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "duplicates"
        table = self.query_one(MatchTable)
        table.add_column(" ", key="sel", width=1)
        table.add_column("Score", key="score", width=5)
        table.add_column("!", key="conflict", width=1)
        table.add_column("Claim", key="a")
        table.add_column("Possible duplicate", key="b")
        table.focus()
        self.action_reload()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 28, "-short")

    def action_reload(self) -> None:
        self._load(self.state, [i for m in self.matches for i in (m.a.id, m.b.id)])

    @work(thread=True, exclusive=True, group="matches-loader", exit_on_error=False)
    def _load(self, state: str, known: list[int]) -> None:
        db = self.app.db
        # The clusters' versions are read before the matches shown (accepting checks them).
        matches, heads = read_with_heads(db, lambda: list_matches(db, state=state, limit=LIMIT),
                                         lambda ms: [i for m in ms for i in (m.a.id, m.b.id)], known)
        self.post_message(MatchesLoaded(matches, count_matches(db, state=state), heads))

    @on(MatchesLoaded)
    def _loaded(self, message: MatchesLoaded) -> None:
        table = self.query_one(MatchTable)
        keep = table.cursor_row
        self.matches, self.total, self.heads = message.matches, message.total, message.heads
        self.selected &= {m.id for m in self.matches}
        table.clear()
        for m in self.matches:
            table.add_row(*self._cells(m), key=str(m.id))
        if self.matches:
            table.move_cursor(row=min(keep, len(self.matches) - 1), animate=False)
        self._show_current()
        self._status()

    def _cells(self, m: MatchView) -> list:
        return [
            Text("●", style="bold yellow") if m.id in self.selected else "",
            score_text(m.score),
            Text("⚠", style="bold dark_orange") if conflict_of(m) else "",
            # a control stored long ago: its symbol; Text, as written (a str cell is markup: '[/]' stopped the desk)
            Text(printable(m.a.text)), Text(printable(m.b.text)),
        ]

    def _status(self) -> None:
        shown = f"{len(self.matches):,} of {self.total:,}" if self.total > len(self.matches) else f"{self.total:,}"
        parts = [f"{shown} {self.state} match(es)", f"reviewer {self.app.reviewer}"]
        if self.rebuilding:
            parts.insert(0, "rebuilding all matches… escape cancels")
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        self.query_one("#dupes-status", Static).update(" " + " · ".join(parts))

    def current(self) -> MatchView | None:
        table = self.query_one(MatchTable)
        if not self.matches or not table.row_count:
            return None
        return self.matches[min(table.cursor_row, len(self.matches) - 1)]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        m = self.current()
        if m is None:
            empty = Text(f"No {self.state} matches.", style="grey50")
            self.query_one("#side-a", Static).update(empty)
            self.query_one("#side-b", Static).update("")
            self.query_one("#explain", Static).update("")
            return
        left, right = diff_text(word_diff(m.a.text, m.b.text))
        self.query_one("#side-a", Static).update(side("A", m.a, left, self.app.verdict_labels))
        self.query_one("#side-b", Static).update(side("B", m.b, right, self.app.verdict_labels))
        self.query_one("#explain", Static).update(explanation_text(m))

    def action_toggle_select(self) -> None:
        m = self.current()
        if m is None:
            return
        self.selected ^= {m.id}
        table = self.query_one(MatchTable)
        table.update_cell(str(m.id), "sel", Text("●", style="bold yellow") if m.id in self.selected else "")
        table.action_cursor_down()
        self._status()

    def action_cycle_state(self) -> None:
        self.state = STATES[(STATES.index(self.state) + 1) % len(STATES)]
        self.selected.clear()
        self.query_one(MatchTable).move_cursor(row=0, animate=False)
        self.action_reload()

    def action_open_claim(self) -> None:
        from tui.screens.claim import ClaimScreen

        m = self.current()
        if m is not None:
            self.app.push_screen(ClaimScreen(m.a.id))

    def action_decide(self, accept: bool) -> None:
        if self.state != "suggested":
            self.notify("Accept and reject apply to suggested matches (s shows them).", severity="warning")
            return
        ids = sorted(self.selected) or ([self.current().id] if self.current() else [])
        if not ids:
            self.notify("No match selected: nothing to decide.", severity="warning")
            return
        self.app.writer.submit_merge(self, decision_request(
            [m for m in self.matches if m.id in ids], accept, self.heads))

    @on(ClaimsMerged)
    def _merged(self, message: ClaimsMerged) -> None:
        self._decided(MatchesDecided(message.summary))

    def reload_after_conflict(self, claim_ids: list[int]) -> None:
        self.app.queue_dirty = True
        self.action_reload()

    def action_unmerge(self) -> None:
        m = self.current()
        if m is None or self.state != "confirmed":
            self.notify("Unmerge applies to a confirmed pair (s shows them).", severity="warning")
            return
        self._unmerge(m.b.id)

    @work(thread=True, group="review", exit_on_error=False)
    def _unmerge(self, claim_id: int) -> None:
        try:
            change = unmerge(self.app.db, claim_id, reviewer=self.app.reviewer)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(MatchesDecided(f"unmerged {', '.join(f'#{i}' for i in change.moved)}"))

    @on(MatchesDecided)
    def _decided(self, message: MatchesDecided) -> None:
        self.app.note_own_write()
        self.app.queue_dirty = True
        self.selected.clear()
        self.notify(message.summary, timeout=3)
        self.action_reload()

    @on(ChangeUndone)
    @on(StoreChanged)
    def _refresh(self) -> None:
        self.app.queue_dirty = True
        self.action_reload()

    # -- rebuild every automatic match ------------------------------------------------------

    def action_rebuild(self) -> None:
        from tui.screens.modals import ConfirmModal

        if self.rebuilding:
            self.notify("A rebuild is running; escape cancels it.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._start_rebuild()

        self.app.push_screen(ConfirmModal(
            "Rebuild every automatic match? Suggestions are computed afresh; "
            "decisions people made are kept."), answered)

    def _start_rebuild(self) -> None:
        self.rebuilding = True
        self.rebuild_control = RebuildControl()
        bar = self.query_one("#rebuild-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._status()
        self._rebuild(self.rebuild_control)

    @work(thread=True, exclusive=True, group="rebuild", exit_on_error=False)
    def _rebuild(self, control: RebuildControl) -> None:
        """The rebuild, in its one transaction; `control` says whether escape cancelled it.

        The cancel flag is read at every progress report and, the last word, inside the
        transaction right before it commits (`_CommitGuard`): an escape pressed at any
        moment before that rolls everything back; one pressed later is answered "too late".
        """
        last = [-1]

        def progress(done: int, total: int) -> None:
            control.check()
            step = done * 100 // total if total else 100
            if step != last[0]:  # at most ~100 messages, however many claims
                last[0] = step
                self.post_message(RebuildProgressed(done, total))

        try:
            summary = rebuild_matches(_CommitGuard(self.app.db, control.begin_commit), progress=progress)
        except RebuildCancelled:
            self.post_message(RebuildFinished(None, cancelled=True))
            return
        except Exception as exc:  # noqa: BLE001 - any failure rolled back; the desk must hear of it
            self.post_message(RebuildFinished(None, error=str(exc)))
            return
        self.post_message(RebuildFinished(summary))

    @on(RebuildProgressed)
    def _rebuild_progressed(self, message: RebuildProgressed) -> None:
        if self.rebuilding:
            self.query_one("#rebuild-progress", ProgressBar).update(total=message.total, progress=message.done)

    @on(RebuildFinished)
    def _rebuild_finished(self, message: RebuildFinished) -> None:
        self.rebuilding = False
        self.rebuild_control = None
        self.query_one("#rebuild-progress", ProgressBar).display = False
        if message.summary is None:
            if message.cancelled:
                self.notify("Rebuild cancelled: nothing changed.", severity="warning", timeout=4)
            else:
                self.notify(f"Rebuild failed, nothing changed: {message.error}", severity="error", timeout=6)
            self._status()
            return
        self.app.note_own_write()
        self.app.queue_dirty = True
        self.selected.clear()
        self.notify(f"Matches rebuilt: {message.summary.describe()}", timeout=6)
        self.action_reload()

    def action_back_or_cancel(self) -> None:
        if self.rebuilding:
            # Not Worker.cancel(): a thread worker would be marked cancelled while its thread
            # still runs. The control decides, and the worker ends by itself (RebuildFinished).
            if self.rebuild_control is not None and self.rebuild_control.cancel():
                self.query_one("#dupes-status", Static).update(" cancelling the rebuild… nothing will change")
            else:
                self.notify("Too late to cancel: the rebuild is being saved.", severity="warning", timeout=4)
            return
        self.app.action_open_queue()


def pair_text(m: MatchView) -> str:
    return f"#{m.a.id} + #{m.b.id}"


def decision_request(matches: list[MatchView], accept: bool, heads: dict[int, tuple[int, int]]) -> MergeRequest:
    """Accept (merge) or reject these suggestions, checked against the claims and states shown."""
    claim_ids = [i for m in matches for i in (m.a.id, m.b.id)]
    pairs = ", ".join(pair_text(m) for m in matches)
    if len(matches) == 1:
        summary = f"match {matches[0].id} " + ("accepted: merged" if accept else "rejected")
    else:
        summary = f"{len(matches)} match(es) " + ("accepted (merged)" if accept else "rejected")
    return MergeRequest(
        claim_ids, {i: heads[i] for i in claim_ids if i in heads},
        f"accept {pairs} (merge)" if accept else f"reject {pairs} (not duplicates)",
        match_ids=[m.id for m in matches], match_states={m.id: m.state for m in matches},
        accept=accept, summary=summary,
    )

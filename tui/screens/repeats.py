"""Repeats: checked claims that came back (today by default), and possible repeats to decide.

Each row is a checked claim's new appearance: its verdict, the outlet and the sentence, and
below it the check (verdict, published fact-check) beside the new appearance, the word
diff and the match's explanation. Accepting a possible repeat merges it into the checked
claim through the desk's writer, with the duplicates screen's conflict rules (checked
against the claims and the suggestion as shown; undone by ctrl+z). A dot marks what this
reviewer has not seen yet; `v` (or opening the claim) marks a claim's repeats seen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from claims.limits import printable
from claims.services.match_review import word_diff
from claims.services.repeats import (
    POSSIBLE,
    REPEAT,
    Repeat,
    is_unseen,
    mark_seen,
    repeats_with_seen,
)
from claims.vocab import VERDICT_STYLE
from tui.keymap import KeysInPlace
from tui.messages import ChangeUndone, ClaimsMerged, RepeatsLoaded, RepeatsSeen, StoreChanged
from tui.review_keys import MergeConflicts
from tui.screens.duplicates import decision_request, score_text
from tui.verdict_labels import Labels
from tui.verdict_labels import verdict_text as shown_verdict
from tui.widgets.claim_detail import diff_text, label, with_symbols
from tui.widgets.header import DeskHeader
from tui.worker_failures import ShowsWorkerFailures
from tui.writer import read_with_heads

PERIODS = ("today", "7 days", "30 days", "all")


def period_start(period: str, now: datetime | None = None) -> datetime | None:
    """The start of a period, in local time: today from midnight, else so many days back."""
    now = now or datetime.now().astimezone()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "today":
        return midnight
    if period == "all":
        return None
    return midnight - timedelta(days=int(period.split()[0]) - 1)


def _claims_shown(r: Repeat) -> list[int]:
    """The claims a decision on this row would touch (their versions are checked)."""
    pairs = [r.match_claims] if r.match_claims else []
    return [i for pair in [*pairs, *((a, b) for _, a, b in r.pending)] for i in pair]


class RepeatTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="repeats-down-vim"),
        Binding("k", "cursor_up", "Up", show=False, id="repeats-up-vim"),
        Binding("g", "scroll_top", "Top", show=False, id="repeats-top-vim"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="repeats-bottom-vim"),
    ]


def verdict_text(verdict: str, labels: Labels | None = None) -> Text:
    return Text(shown_verdict(verdict, labels), style=VERDICT_STYLE.get(verdict, ""))


def checked_side(r: Repeat, words: Text, labels: Labels | None = None) -> Group:
    head = Text(f"Checked #{r.claim_id}  ", style="bold cyan")
    head.append_text(verdict_text(r.verdict, labels))
    check = label("Fact-check")
    check.append(r.fact_check_url or "not published (claims set-url)", style="" if r.fact_check_url else "grey50")
    when = label("Checked")
    when.append(f"{r.verified_at.astimezone():%Y-%m-%d %H:%M}")
    return Group(*with_symbols([head, words, check, when]))  # a control an older version stored: its symbol


def new_side(r: Repeat, words: Text) -> Group:
    head = Text("Repeat" if r.kind == REPEAT else "Possible repeat", style="bold green" if r.kind == REPEAT
                else "bold yellow")
    head.append(f"  #{r.new_claim_id} · {r.outlet or 'no outlet'}"
                + (f" · {r.published.isoformat()}" if r.published else ""), style="grey62")
    who = label("Speaker")
    who.append(r.speaker or "unknown")
    where = label("URL")
    where.append(r.url or "—")
    sentence = label("Sentence")
    sentence.append(r.sentence, style="italic")
    return Group(*with_symbols([head, words, who, sentence, where]))  # (as the detail shows it, pass 26)


def explanation(r: Repeat) -> Text:
    if r.score is None:
        return Text("merged by hand: no match score", style="grey62")
    out = Text(f"{r.scorer} score {score_text(r.score)} · {r.match_state}", style="bold")
    if r.conflict:
        out.append("   ⚠ the numbers disagree", style="bold dark_orange")
    for key in ("reason", "shared", "only_a", "only_b"):
        value = r.explanation.get(key)
        if value:
            name = {"only_a": "only in the check", "only_b": "only in the new one"}.get(key, key)
            out.append(f"\n{name}: ", style="grey62")
            out.append(", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return out


class RepeatsScreen(KeysInPlace, ShowsWorkerFailures, MergeConflicts, Screen):
    BINDINGS = [
        Binding("escape", "app.open_queue", "Queue", id="repeats-back"),
        Binding("a", "decide(True)", "Accept", id="accept-repeat",
                tooltip="A possible repeat: merge it into the checked claim (a repeat then)"),
        Binding("r", "decide(False)", "Reject", id="reject-repeat",
                tooltip="A possible repeat: not the same claim"),
        Binding("v", "mark_seen", "Seen", id="repeats-seen", tooltip="Mark this claim's repeats seen"),
        Binding("V", "mark_all_seen", "All seen", show=False, id="repeats-all-seen",
                tooltip="Mark every claim listed as seen"),
        Binding("p", "cycle_period", "Today/7/30 days/all", id="repeats-period"),
        Binding("enter", "open_claim", "Open claim", show=False, id="repeats-open",
                tooltip="The checked claim in full (marks its repeats seen)"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="repeats-reload"),
    ]
    PALETTE = [
        ("repeats: accept possible repeat", "Merge it into the checked claim (key a)", "decide(True)"),
        ("repeats: reject possible repeat", "Not the same claim (key r)", "decide(False)"),
        ("repeats: mark seen", "This claim's repeats seen (key v)", "mark_seen"),
        ("repeats: mark all seen", "Every claim listed (key V)", "mark_all_seen"),
        ("repeats: today / 7 days / 30 days / all", "Which period is listed (key p)", "cycle_period"),
    ]

    def __init__(self, period: str = "today") -> None:
        super().__init__()
        self.period = period
        self.repeats: list[Repeat] = []
        self.seen: dict[int, datetime] = {}
        self.heads: dict[int, tuple[int, int]] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield RepeatTable(id="repeats-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="pair"):
            with VerticalScroll(id="pair-a"):
                yield Static("", id="repeat-checked")
            with VerticalScroll(id="pair-b"):
                yield Static("", id="repeat-new")
        yield Static("", id="explain")
        yield Static("", classes="status-line", id="repeats-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "repeats"
        table = self.query_one(RepeatTable)
        table.add_column(" ", key="new", width=1)
        table.add_column("Kind", key="kind", width=8)
        table.add_column("Score", key="score", width=5)
        table.add_column("Verdict", key="verdict", width=12)
        table.add_column("Checked claim", key="claim")
        table.add_column("Outlet", key="outlet", width=16)
        table.add_column("Found", key="found", width=12)
        table.focus()
        self.action_reload()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 28, "-short")

    # -- loading -------------------------------------------------------------------------------

    def action_reload(self) -> None:
        known = [i for r in self.repeats for i in _claims_shown(r)]
        self._load(self.period, known)

    @work(thread=True, exclusive=True, group="repeats-loader", exit_on_error=False)
    def _load(self, period: str, known: list[int]) -> None:
        db, reviewer = self.app.db, self.app.reviewer
        since = period_start(period)
        # The clusters' versions are read before what is shown (accepting checks them).
        (found, seen), heads = read_with_heads(
            db, lambda: repeats_with_seen(db, since=since, reviewer=reviewer),
            lambda got: [i for r in got[0] for i in _claims_shown(r)], known)
        self.post_message(RepeatsLoaded(found, seen, heads, period))

    @on(RepeatsLoaded)
    def _loaded(self, message: RepeatsLoaded) -> None:
        if message.period != self.period:
            return
        table = self.query_one(RepeatTable)
        keep = table.cursor_row
        self.repeats, self.seen, self.heads = message.repeats, message.seen, message.heads
        table.clear()
        for n, r in enumerate(self.repeats):
            table.add_row(*self._cells(r), key=str(n))
        if self.repeats:
            table.move_cursor(row=min(keep, len(self.repeats) - 1), animate=False)
        self._show_current()
        self._status()

    def _cells(self, r: Repeat) -> list:
        return [
            Text("●", style="bold red") if is_unseen(r, self.seen) else "",
            Text("repeat", style="green") if r.kind == REPEAT else Text("possible", style="yellow"),
            score_text(r.score) if r.score is not None else "—",
            verdict_text(r.verdict, self.app.verdict_labels),
            Text(printable(r.claim)),  # a control stored long ago: its symbol; Text: a str cell is markup
            Text(printable(r.outlet) or "—"),
            f"{r.found_at.astimezone():%m-%d %H:%M}",
        ]

    def _status(self) -> None:
        repeats = sum(1 for r in self.repeats if r.kind == REPEAT)
        possible = len(self.repeats) - repeats
        unseen = sum(1 for r in self.repeats if is_unseen(r, self.seen))
        parts = [f"{repeats} repeat(s), {possible} possible", f"found {self.period}" if self.period != "all"
                 else "all time", f"{unseen} not seen by {self.app.reviewer}"]
        self.query_one("#repeats-status", Static).update(" " + " · ".join(parts))

    def current(self) -> Repeat | None:
        table = self.query_one(RepeatTable)
        if not self.repeats or not table.row_count:
            return None
        return self.repeats[min(table.cursor_row, len(self.repeats) - 1)]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        r = self.current()
        if r is None:
            when = "today" if self.period == "today" else f"in the last {self.period}" \
                if self.period != "all" else "yet"
            self.query_one("#repeat-checked", Static).update(
                Text(f"No checked claim came back {when}. p shows a longer period.", style="grey50"))
            self.query_one("#repeat-new", Static).update("")
            self.query_one("#explain", Static).update("")
            return
        left, right = diff_text(word_diff(r.claim, r.new_claim))
        self.query_one("#repeat-checked", Static).update(checked_side(r, left, self.app.verdict_labels))
        self.query_one("#repeat-new", Static).update(new_side(r, right))
        self.query_one("#explain", Static).update(explanation(r))

    # -- actions -------------------------------------------------------------------------------

    def action_cycle_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.query_one(RepeatTable).move_cursor(row=0, animate=False)
        self.action_reload()

    def action_decide(self, accept: bool) -> None:
        r = self.current()
        if r is None or r.kind != POSSIBLE or r.match_id is None or r.match_claims is None:
            self.notify("Accept and reject apply to a possible repeat (a pending suggestion).",
                        severity="warning")
            return
        # Accepting merges the pair (and so the two clusters); rejecting says "not this claim"
        # to every suggestion between the new claim and the checked cluster.
        chosen = [(r.match_id, *r.match_claims)] if accept else list(r.pending)
        pairs = [SimpleNamespace(id=mid, state="suggested", a=SimpleNamespace(id=a), b=SimpleNamespace(id=b))
                 for mid, a, b in chosen]
        self.app.writer.submit_merge(self, decision_request(pairs, accept, self.heads))

    @on(ClaimsMerged)
    def _merged(self, message: ClaimsMerged) -> None:
        self.app.note_own_write()
        self.app.queue_dirty = True
        self.notify(message.summary, timeout=3)
        self.action_reload()

    def reload_after_conflict(self, claim_ids: list[int]) -> None:
        self.app.queue_dirty = True
        self.action_reload()

    def action_mark_seen(self) -> None:
        r = self.current()
        if r is not None:
            self._mark_seen([r.claim_id])

    def action_mark_all_seen(self) -> None:
        if self.repeats:
            self._mark_seen(sorted({r.claim_id for r in self.repeats}))

    @work(thread=True, group="repeats-seen", exit_on_error=False)
    def _mark_seen(self, claim_ids: list[int]) -> None:
        mark_seen(self.app.db, claim_ids, reviewer=self.app.reviewer)
        self.post_message(RepeatsSeen(claim_ids))

    @on(RepeatsSeen)
    def _seen_marked(self) -> None:
        self.app.queue_dirty = True
        self.action_reload()

    def action_open_claim(self) -> None:
        from tui.screens.claim import ClaimScreen

        r = self.current()
        if r is not None:
            self.app.push_screen(ClaimScreen(r.claim_id))

    @on(ChangeUndone)
    @on(StoreChanged)
    def _refresh(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()  # back from a claim: its repeats are seen now

"""One claim in full: statement, speaker, date and its phrase, every appearance, duplicates, history."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from claims.errors import ClaimsError
from claims.services.clusters import unmerge
from claims.services.match_review import matches_for_claim
from claims.services.team import taken_by
from claims.services.triage_view import detail_with_triage
from claims.services.views import ClaimDetail
from tui.keymap import KeysInPlace, key_hint
from tui.messages import (
    ActionFailed,
    ChangeUndone,
    ClaimDetailLoaded,
    ClaimsChanged,
    ClaimsMerged,
    RepeatsSeen,
    ReviewFailed,
    StoreChanged,
)
from tui.review_keys import REVIEW_BINDINGS, REVIEW_PALETTE, ReviewActions, label_verdict_keys
from tui.widgets.claim_detail import ClaimDetailPane
from tui.widgets.header import DeskHeader
from tui.worker_failures import ShowsWorkerFailures
from tui.writer import read_with_heads

# The claim page reads and draws the first 100 appearances and the last 200 events; `m` shows
# 100 more. It read and drew all of them: a claim seen 4,000 times (a ClaimReview's list) took
# seconds to open and each change redrew them all (hostile28).
PAGE_APPEARANCES = 100
PAGE_EVENTS = 200


class ClaimScreen(KeysInPlace, ShowsWorkerFailures, ReviewActions, Screen):
    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back", id="claim-back"),
        *REVIEW_BINDINGS,
        Binding("right_square_bracket", "next_duplicate(1)", "Next dup", id="next-duplicate",
                tooltip="Move the ▶ to the next duplicate listed"),
        Binding("left_square_bracket", "next_duplicate(-1)", "Previous dup", show=False,
                id="previous-duplicate", tooltip="Move the ▶ to the previous duplicate listed"),
        Binding("A", "decide(True)", "Accept dup", show=False, id="claim-accept-match",
                tooltip="Accept the ▶ suggestion: merge the two claims"),
        Binding("R", "decide(False)", "Reject dup", show=False, id="claim-reject-match",
                tooltip="Reject the ▶ suggestion: not duplicates"),
        Binding("U", "unmerge", "Unmerge", show=False, id="unmerge",
                tooltip="Split the ▶ merged duplicate off (or take this claim out of its cluster)"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="claim-scroll-down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="claim-scroll-up"),
        Binding("m", "more_appearances", "More", show=False, id="claim-more-appearances",
                tooltip=f"Show {PAGE_APPEARANCES} more of the claim's appearances"),
    ]
    PALETTE = [
        *REVIEW_PALETTE,
        ("duplicates: next in this claim", "Move the ▶ to the next duplicate (key ])", "next_duplicate(1)"),
        ("duplicates: accept this suggestion", "Merge the ▶ suggestion (key A)", "decide(True)"),
        ("duplicates: reject this suggestion", "Not duplicates (key R)", "decide(False)"),
        ("review: unmerge this claim", "Split the ▶ duplicate off, or this claim (key U)", "unmerge"),
        ("view: more appearances", f"Show {PAGE_APPEARANCES} more appearances (key m)", "more_appearances"),
        ("view: back to the queue", "Close the claim", "app.pop_screen"),
    ]

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.detail: ClaimDetail | None = None
        self.matches: list = []
        self.taken = None
        self.heads: dict[int, tuple[int, int]] = {}  # the duplicates' clusters as shown (id -> head, version)
        self.current_match: int | None = None  # the duplicate the ▶ points at (a match id)
        self.appearances_shown = PAGE_APPEARANCES  # how many are read (m: more)

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="claim-scroll"):
            yield ClaimDetailPane("Loading…", id="claim-full")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"claim {self.claim_id}"
        label_verdict_keys(self)
        self.query_one("#claim-scroll").focus()
        self.load()
        self._mark_repeats_seen()

    @work(thread=True, group="repeats-seen", exit_on_error=False)
    def _mark_repeats_seen(self) -> None:
        """Opening a claim shows every appearance: its repeats count as seen by this reviewer."""
        from claims.services.repeats import mark_seen

        if mark_seen(self.app.db, [self.claim_id], reviewer=self.app.reviewer):
            self.post_message(RepeatsSeen([self.claim_id]))

    @on(RepeatsSeen)
    def _repeats_seen(self) -> None:
        self.app.queue_dirty = True  # the queue's ↻ mark for this claim goes

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#claim-scroll", VerticalScroll)
        scroll.scroll_relative(y=3 if direction == "down" else -3, animate=False)

    def action_more_appearances(self) -> None:
        if self.detail is None or self.detail.appearances_total <= len(self.detail.appearances):
            self.notify("Every appearance is shown.", timeout=3)
            return
        self.appearances_shown = len(self.detail.appearances) + PAGE_APPEARANCES
        self.load()

    def load(self) -> None:
        self._load([self.claim_id, *(i for m in self.matches for i in (m.a.id, m.b.id))])

    @work(thread=True, exclusive=True, group="claim-loader", exit_on_error=False)
    def _load(self, known: list[int]) -> None:
        db = self.app.db
        try:
            # The duplicates' clusters are read before what is shown (accepting one checks them).
            (detail, matches), heads = read_with_heads(
                db, lambda: (detail_with_triage(db, self.claim_id, most=(self.appearances_shown, PAGE_EVENTS)),
                             matches_for_claim(db, self.claim_id)),
                lambda shown: [i for m in shown[1] for i in (m.a.id, m.b.id)], known)
            taken = taken_by(db, [detail.claim.id]).get(detail.claim.id)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(ClaimDetailLoaded(detail, matches, taken, heads))

    @on(ClaimDetailLoaded)
    def _loaded(self, message: ClaimDetailLoaded) -> None:
        self.detail, self.matches, self.taken = message.detail, message.matches, message.taken
        self.heads = message.heads
        ids = [m.id for m in self.matches]
        if self.current_match not in ids:
            self.current_match = ids[0] if ids else None
        self._show()

    def _show(self) -> None:
        if self.detail is not None:
            keys = " · ".join(f"{key_hint(self, binding_id)} {what}" for binding_id, what in (
                ("next-duplicate", "next"), ("claim-accept-match", "accept"), ("claim-reject-match", "reject"),
                ("unmerge", "unmerge")))
            more = f"{key_hint(self, 'claim-more-appearances')} shows {PAGE_APPEARANCES} more"
            self.query_one(ClaimDetailPane).show(self.detail, self.matches, full=True, taken=self.taken,
                                                 current_match=self.current_match, dup_keys=keys, more_key=more)

    def _pointed(self):
        return next((m for m in self.matches if m.id == self.current_match), None)

    def action_next_duplicate(self, step: int) -> None:
        if not self.matches:
            self.notify("This claim has no duplicates listed.", severity="warning")
            return
        ids = [m.id for m in self.matches]
        at = ids.index(self.current_match) if self.current_match in ids else -step
        self.current_match = ids[(at + step) % len(ids)]
        self._show()

    def action_decide(self, accept: bool) -> None:
        match = self._pointed()
        if match is None or match.state != "suggested":
            self.notify("Point ▶ at a suggested duplicate first (] moves it).", severity="warning")
            return
        from tui.screens.duplicates import decision_request

        self.app.writer.submit_merge(self, decision_request([match], accept, self.heads))

    @on(ClaimsMerged)
    def _merged(self, message: ClaimsMerged) -> None:
        self._changed(ClaimsChanged([], message.summary))

    def review_targets(self) -> list[int]:
        return [self.claim_id]

    def current_note(self) -> str:
        return (self.detail.claim.verdict_note or "") if self.detail else ""

    def apply_change(self, **change) -> None:
        versions = {self.claim_id: self.detail.claim.version} if self.detail else None
        heads = {self.claim_id: self.detail.claim.id} if self.detail else None  # the cluster shown
        self.app.writer.submit(self, [self.claim_id], versions, change, heads=heads)

    @on(ReviewFailed)
    def _review_failed(self, message: ReviewFailed) -> None:
        if message.conflict:
            self.resolve_conflict(message)
        else:
            self.notify(message.message, severity="error", timeout=6)

    def overwrite_change(self, claim_ids: list[int], change: dict) -> None:
        self.app.writer.submit(self, claim_ids, None, change, overwrite=True)

    def reload_taken(self) -> None:
        self.app.queue_dirty = True
        self.load()

    def reload_after_conflict(self, claim_ids: list[int]) -> None:
        self.app.queue_dirty = True
        self.load()

    def action_unmerge(self) -> None:
        match = self._pointed()
        target = self.claim_id
        if match is not None and match.state == "confirmed":
            # The side of the ▶ pair that is a member of a cluster is the one split off.
            for side in (match.b, match.a):
                if side.canonical_id is not None:
                    target = side.id
                    break
        self._unmerge(target)

    @work(thread=True, group="review", exit_on_error=False)
    def _unmerge(self, target: int) -> None:
        try:
            change = unmerge(self.app.db, target, reviewer=self.app.reviewer)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(ClaimsChanged([], f"unmerged {', '.join(f'#{i}' for i in change.moved)}"))

    @on(ClaimsChanged)
    def _changed(self, message: ClaimsChanged) -> None:
        self.app.note_own_write()
        self.app.queue_dirty = True
        self.notify(message.summary, timeout=3)
        self.load()

    @on(ChangeUndone)
    @on(StoreChanged)
    def _refresh(self) -> None:
        self.app.queue_dirty = True
        self.load()

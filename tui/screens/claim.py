"""One claim in full: statement, speaker, date and its phrase, every appearance, duplicates, history."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header

from claims.errors import ClaimsError
from claims.services.clusters import unmerge
from claims.services.match_review import matches_for_claim
from claims.services.queries import claim_detail
from claims.services.team import taken_by
from claims.services.views import ClaimDetail
from tui.messages import (
    ActionFailed,
    ChangeUndone,
    ClaimDetailLoaded,
    ClaimsChanged,
    ReviewFailed,
    StoreChanged,
)
from tui.review_keys import REVIEW_BINDINGS, REVIEW_PALETTE, ReviewActions
from tui.widgets.claim_detail import ClaimDetailPane


class ClaimScreen(ReviewActions, Screen):
    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back", id="claim-back"),
        *REVIEW_BINDINGS,
        Binding("U", "unmerge", "Unmerge", show=False, id="unmerge",
                tooltip="Take this claim (or every member) out of its duplicate cluster"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="claim-scroll-down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="claim-scroll-up"),
    ]
    PALETTE = [
        *REVIEW_PALETTE,
        ("review: unmerge this claim", "Take it out of its duplicate cluster", "unmerge"),
        ("view: back to the queue", "Close the claim", "app.pop_screen"),
    ]

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.detail: ClaimDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="claim-scroll"):
            yield ClaimDetailPane("Loading…", id="claim-full")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"claim {self.claim_id}"
        self.query_one("#claim-scroll").focus()
        self.load()

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#claim-scroll", VerticalScroll)
        scroll.scroll_relative(y=3 if direction == "down" else -3, animate=False)

    @work(thread=True, exclusive=True, group="claim-loader", exit_on_error=False)
    def load(self) -> None:
        try:
            detail = claim_detail(self.app.db, self.claim_id)
            matches = matches_for_claim(self.app.db, self.claim_id)
            taken = taken_by(self.app.db, [detail.claim.id]).get(detail.claim.id)
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            return
        self.post_message(ClaimDetailLoaded(detail, matches, taken))

    @on(ClaimDetailLoaded)
    def _loaded(self, message: ClaimDetailLoaded) -> None:
        self.detail = message.detail
        self.query_one(ClaimDetailPane).show(message.detail, message.matches, full=True, taken=message.taken)


    def review_targets(self) -> list[int]:
        return [self.claim_id]

    def current_note(self) -> str:
        return (self.detail.claim.verdict_note or "") if self.detail else ""

    def apply_change(self, **change) -> None:
        versions = {self.claim_id: self.detail.claim.version} if self.detail else None
        self.app.writer.submit(self, [self.claim_id], versions, change)

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

    @work(thread=True, group="review", exit_on_error=False)
    def action_unmerge(self) -> None:
        try:
            change = unmerge(self.app.db, self.claim_id, reviewer=self.app.reviewer)
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

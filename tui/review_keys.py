"""Verdict, status, note and evidence keys, shared by the queue and the claim view."""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.binding import Binding
from textual.content import Content

from claims.errors import ClaimsError
from tui.messages import ActionFailed, ClaimsTakenChanged
from tui.verdict_labels import verdict_title

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
VERDICT_GROUP = Binding.Group("Verdict", compact=True)
STATUS_GROUP = Binding.Group("Status", compact=True)

REVIEW_BINDINGS = [
    *[
        Binding(key, f"set_verdict('{value}')", label, group=VERDICT_GROUP,
                id=f"set-verdict-{value.replace('_', '-')}", tooltip=f"Verdict {label.lower()}, status verified")
        for key, value, label in VERDICT_KEYS
    ],
    *[
        Binding(key, f"set_status('{value}')", label, group=STATUS_GROUP,
                id=f"set-status-{value.replace('_', '-')}", tooltip=f"Status {label.lower()}")
        for key, value, label in STATUS_KEYS
    ],
    Binding("c", "edit_note", "Note", id="edit-note", tooltip="Write the verdict note"),
    Binding("l", "add_evidence", "Evidence", id="add-evidence", tooltip="Add an evidence link (a URL)"),
    Binding("w", "edit_date", "When", id="edit-date",
            tooltip="Set the claim's date: 2024-04-12, April 2024, last Friday"),
    Binding("t", "take", "Take", id="take-release",
            tooltip="Take the claim (others see you are on it), or give it back if it is yours"),
]

REVIEW_PALETTE = [
    *[(f"review: verdict {label.lower()}", f"Set verdict {label.lower()} and status verified (key {key})",
       f"set_verdict('{value}')") for key, value, label in VERDICT_KEYS],
    *[(f"review: status {label.lower()}", f"Set status {label.lower()} (key {key})", f"set_status('{value}')")
      for key, value, label in STATUS_KEYS],
    ("review: edit note", "Write the verdict note (key c)", "edit_note"),
    ("review: add evidence link", "Add a URL to the evidence (key l)", "add_evidence"),
    ("review: set the claim's date", "Type a date or 'last Friday' (key w)", "edit_date"),
    ("team: take or release this claim", "Mark it as yours while you review it (key t)", "take"),
]


VERDICT_OF_BINDING = {f"set-verdict-{value.replace('_', '-')}": value for _, value, _ in VERDICT_KEYS}


def label_verdict_keys(screen) -> None:
    """Name a screen's verdict keys (footer, tooltip) by the settings' labels. The class's
    bindings carry the default names; only this screen's copy changes, its ids kept, so a
    keymap still rebinds them and the action is still the verdict's own name."""
    labels = screen.app.verdict_labels
    if not labels:
        return
    bindings = screen._bindings.key_to_bindings  # Textual has no public way to rename one screen's binding
    for key, found in bindings.items():
        bindings[key] = [
            # a tooltip string is read as markup: a label's is given as Content, never read
            replace(b, description=(label := verdict_title(verdict, labels)),
                    tooltip=Content(f"Verdict {label}, status verified"))
            if (verdict := VERDICT_OF_BINDING.get(b.id or "")) and verdict in labels else b
            for b in found
        ]
    screen.refresh_bindings()


class MergeConflicts:
    """For a screen that submits merges (`app.writer.submit_merge`) and has
    `reload_after_conflict(claim_ids)`: a refused merge says why; one that hit a change made
    by someone else since it was loaded asks, as a review change does: reload (keep theirs)
    or overwrite (merge anyway, over the claims as they are now)."""

    def on_merge_failed(self, message) -> None:
        # (by name, not @on: a plain mixin's decorated handlers are not collected by Textual)
        from tui.screens.modals import ConflictModal

        if not message.conflict:
            self.notify(message.message, severity="error", timeout=6)
            return
        request = message.request

        def done(choice: str | None) -> None:
            if choice == "overwrite":
                self.app.writer.submit_merge(self, request, overwrite=True)
            else:
                self.reload_after_conflict(request.claim_ids)

        self.app.push_screen(ConflictModal(message.message, request.attempted, message.changes,
                                           self.app.verdict_labels), done)


class ReviewActions(MergeConflicts):
    """Actions for a screen that has `review_targets()` and `apply_change(**change)`."""

    def action_set_verdict(self, verdict: str) -> None:
        self.apply_change(status="verified", verdict=verdict)

    def action_set_status(self, status: str) -> None:
        self.apply_change(status=status)

    def action_edit_note(self) -> None:
        from tui.screens.modals import NoteModal

        targets = self.review_targets()
        if not targets:
            self.notify("No claim selected: nothing to annotate.", severity="warning")
            return
        current = self.current_note() if len(targets) == 1 else ""

        def done(note: str | None) -> None:
            if note is not None:
                self.apply_change(note=note)

        self.app.push_screen(NoteModal(current or "", len(targets)), done)

    def action_add_evidence(self) -> None:
        from tui.screens.modals import EvidenceModal

        if not self.review_targets():
            self.notify("No claim selected: nowhere to add evidence.", severity="warning")
            return

        def done(url: str | None) -> None:
            if url:
                self.apply_change(evidence=[url])

        self.app.push_screen(EvidenceModal(), done)

    def action_edit_date(self) -> None:
        targets = self.review_targets()
        if len(targets) != 1:
            self.notify("A date is set on one claim at a time: unmark the others (escape).",
                        severity="warning")
            return
        if getattr(self, "_date_pending", False):
            return  # a second w before the dialog opened: one dialog
        self._date_pending = True
        self._open_date(targets[0])

    @work(thread=True, group="review-date", exit_on_error=False)
    def _open_date(self, claim_id: int) -> None:
        from claims.services.claim_dates import date_context

        try:
            context = date_context(self.app.db, claim_id)
        except BaseException as exc:
            self._date_pending = False  # w works again whatever went wrong
            if not isinstance(exc, ClaimsError):
                raise
            self.post_message(ActionFailed(str(exc)))
            return
        self.app.call_from_thread(self._ask_date, context)

    def _ask_date(self, context) -> None:
        from tui.screens.date_modal import DateModal

        def done(value: str | None) -> None:
            self._date_pending = False
            if value:
                self._store_date(context, value)

        self.app.push_screen(DateModal(context.claim_id, context.current, context.base), done)

    @work(thread=True, group="review-date", exit_on_error=False)
    def _store_date(self, context, value: str) -> None:
        from claims.services.claim_dates import set_claim_date

        try:
            result = self.app.writer.write_own(
                lambda: set_claim_date(self.app.db, context.claim_id, value,
                                       reviewer=self.app.reviewer, expected=context),
                lambda r: {r.claim_id: r.versions},
            )
        except ClaimsError as exc:
            self.post_message(ActionFailed(str(exc)))
            self.app.call_from_thread(self.reload_after_conflict, [context.claim_id])
            return
        self.app.call_from_thread(self._date_stored, result)

    def _date_stored(self, result) -> None:
        self.app.note_own_write()
        self.notify(f"Claim {result.claim_id}: date {result.date.date} ({result.date.precision})"
                    + ("" if result.changed else ", unchanged"), timeout=3)
        self.reload_after_conflict([result.claim_id])

    def action_take(self) -> None:
        targets = self.review_targets()
        if not targets:
            self.notify("No claim selected: nothing to take.", severity="warning")
            return
        self._take_or_release(targets, force=False)

    @work(thread=True, group="team", exit_on_error=False)
    def _take_or_release(self, claim_ids: list[int], *, force: bool) -> None:
        """Take each claim; a claim already ours is given back. Someone else's asks first."""
        from claims.services.team import AlreadyTaken, release, take, taken_by

        db, me = self.app.db, self.app.reviewer
        done, refused = [], []
        held = taken_by(db, claim_ids)
        for claim_id in claim_ids:
            try:
                if held.get(claim_id) is not None and held[claim_id].reviewer == me:
                    release(db, claim_id, reviewer=me)
                    done.append(f"released claim {claim_id}")
                else:
                    take(db, claim_id, reviewer=me, force=force)
                    done.append(f"took claim {claim_id}")
            except AlreadyTaken as exc:
                refused.append((claim_id, str(exc)))
            except ClaimsError as exc:
                self.post_message(ActionFailed(str(exc)))
        self.post_message(ClaimsTakenChanged(claim_ids, "; ".join(done), refused))

    def on_claims_taken_changed(self, message: ClaimsTakenChanged) -> None:
        # (by name, not @on: a plain mixin's decorated handlers are not collected by Textual)
        from tui.screens.modals import ConfirmModal

        self.app.note_own_write()
        if message.summary:
            self.notify(message.summary, timeout=3)
        self.reload_taken()
        if message.refused:
            ids = [cid for cid, _ in message.refused]
            question = "\n".join(why.split(";")[0].capitalize() + "." for _, why in message.refused)

            def done(yes: bool | None) -> None:
                if yes:
                    self._take_or_release(ids, force=True)

            self.app.push_screen(ConfirmModal(f"{question}\n\nTake it over?"), done)

    def resolve_conflict(self, message) -> None:
        """A change hit a newer version: say who changed what, then reload or overwrite."""
        from tui.screens.modals import ConflictModal
        from tui.writer import describe_change

        def done(choice: str | None) -> None:
            if choice == "overwrite":
                self.overwrite_change(message.claim_ids, message.change)
            else:
                self.reload_after_conflict(message.claim_ids)

        labels = self.app.verdict_labels
        self.app.push_screen(ConflictModal(message.message, describe_change(message.change, labels),
                                           message.changes, labels), done)

    def current_note(self) -> str:
        claim_id = self.review_targets()[0]
        for row in getattr(self, "rows", []):
            if row.id == claim_id:
                return row.verdict_note or ""
        return ""

"""Verdict, status, note and evidence keys, shared by the queue and the claim view."""

from __future__ import annotations

from textual.binding import Binding

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
]

REVIEW_PALETTE = [
    *[(f"review: verdict {label.lower()}", f"Set verdict {label.lower()} and status verified (key {key})",
       f"set_verdict('{value}')") for key, value, label in VERDICT_KEYS],
    *[(f"review: status {label.lower()}", f"Set status {label.lower()} (key {key})", f"set_status('{value}')")
      for key, value, label in STATUS_KEYS],
    ("review: edit note", "Write the verdict note (key c)", "edit_note"),
    ("review: add evidence link", "Add a URL to the evidence (key l)", "add_evidence"),
]


class ReviewActions:
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

    def resolve_conflict(self, message) -> None:
        """A change hit a newer version: say who changed what, then reload or overwrite."""
        from tui.screens.modals import ConflictModal
        from tui.writer import describe_change

        def done(choice: str | None) -> None:
            if choice == "overwrite":
                self.overwrite_change(message.claim_ids, message.change)
            else:
                self.reload_after_conflict(message.claim_ids)

        self.app.push_screen(ConflictModal(message.message, describe_change(message.change)), done)

    def current_note(self) -> str:
        claim_id = self.review_targets()[0]
        for row in getattr(self, "rows", []):
            if row.id == claim_id:
                return row.verdict_note or ""
        return ""

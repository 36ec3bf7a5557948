"""The hints written into dialogs and messages named the default keys after the keymap had
moved them (issue 15): 'ctrl+s save · escape cancel' in the note dialog with the note's key
moved, 'Preview (ctrl+e)', the claim view's '] next · A accept ...', 'R shows the repeats'.
Each is built from the binding in force (tui.keymap.key_hint), read as the footer reads it."""

from __future__ import annotations

from textual.widgets import Button

from tests.tui.test_verdict_labels_desk_16 import go_to, until
from tui.app import ClaimsApp
from tui.keymap import key_hint
from tui.screens.modals import ConfirmModal, ConflictModal
from tui.screens.queue import QueueScreen
from tui.testing import notifications_told, settle

KEYMAP = {"note-save": "f2", "note-cancel": "f3", "evidence-cancel": "f4", "date-cancel": "f5",
          "export-write": "f6", "export-cancel": "f12", "confirm-yes": "j", "confirm-no": "f1",
          "conflict-reload": "f7", "conflict-overwrite": "O", "ingest-preview": "f8", "ingest-store": "f9",
          "next-duplicate": "f10", "claim-accept-match": "ctrl+a", "open-repeats": "f11"}


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def _open(pilot, key: str):
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def _close(pilot, key: str) -> None:
    before = pilot.app.screen
    await pilot.press(key)  # the key the hint names does what it says
    await settle(pilot)
    assert pilot.app.screen is not before


async def test_hints_name_the_keys_in_force(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=KEYMAP).run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["top"])
        note = await _open(pilot, "c")
        assert "f2 save · f3 cancel" in _text(note, ".dialog-title")
        await _close(pilot, "f3")
        evidence = await _open(pilot, "l")
        assert "f4 cancel" in _text(evidence, ".dialog-title")
        await _close(pilot, "f4")
        date = await _open(pilot, "w")
        assert "f5 cancel" in _text(date, ".dialog-title")
        await _close(pilot, "f5")
        export = await _open(pilot, "e")
        assert "enter or f6 writes · f12 cancels" in _text(export, ".dialog-title")
        await _close(pilot, "f12")
        assert key_hint(pilot.app, "open-repeats", QueueScreen) == "f11"  # 'f11 shows the repeats'

        pilot.app.push_screen(ConfirmModal("Take it over?"))
        await settle(pilot)
        assert "j yes · f1 no" in _text(pilot.app.screen, ".hint")
        await _close(pilot, "f1")
        pilot.app.push_screen(ConflictModal("claim 1 was changed by bo; reload it and try again", "verdict false"))
        await settle(pilot)
        hint = _text(pilot.app.screen, ".hint")
        assert "f7 reload and keep theirs · O overwrite" in hint, hint
        await _close(pilot, "f7")

        await go_to(pilot, ids["top"])  # it has a suggested duplicate
        claim = await _open(pilot, "enter")
        full = claim.query_one("#claim-full")
        await until(pilot, lambda: "the ▶ duplicate" in full.plain)
        assert "f10 next · ^a accept · R reject · U unmerge the ▶ duplicate" in full.plain, full.plain
        await _close(pilot, "escape")

        ingest = await _open(pilot, "i")
        labels = [str(b.label) for b in ingest.query(Button)]
        assert "Preview (f8)" in labels and "Store (f9)" in labels, labels
        await pilot.press("f9")  # nothing previewed yet
        await settle(pilot)
        assert "Preview first (f8)" in _text(ingest, "#i-message")


async def test_a_key_the_note_field_takes_is_refused_at_load(seeded):
    """`note-save = "ctrl+w"`: the note's text field deletes a word with ctrl+w, so the note
    could be saved by no key at all. The entry is left out with a warning, as a clash is, and
    ctrl+s still saves."""
    db, ids = seeded
    keymap = {"note-save": "ctrl+w", "evidence-cancel": "ctrl+a"}
    app = ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=keymap)
    said = notifications_told(app)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        told = "\n".join(said)
        assert '[keys] note-save = "ctrl+w" not applied: the text field of the note dialog takes ctrl+w itself' in told
        assert '[keys] evidence-cancel = "ctrl+a" not applied' in told, told
        await go_to(pilot, ids["top"])
        note = await _open(pilot, "c")
        assert "^s save" in _text(note, ".dialog-title")
        await pilot.press("a")
        await _close(pilot, "ctrl+s")

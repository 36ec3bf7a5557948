"""Pass 36b of the hostile trial, the desk (the log is at the end of tests/test_hostile_inputs_36b.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from textual import events

from db import Database
from tests.desk import open_desk, press_each
from tests.hostile import stored_claims
from tui.entry import cli
from tui.testing import settle

# --- keys faster than the workers: ctrl+z pressed three times undid one change ---------------------------
#
# Three verdicts set, then ctrl+z pressed three times before the first undo was done (a person undoing
# a run of changes): one change was undone, the other presses lost without a word (the undo worker was
# exclusive: each press cancelled the one before it). Each press undoes one change now, in turn, as
# `claims undo` run three times does; ctrl+z then ctrl+y in one burst is an undo then a redo.


def three_claim_desk(tmp_path) -> str:
    desk = str(tmp_path / "desk.db")
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps({"id": f"q{i}", "text": text}) + "\n" for i, text in enumerate([
        "The bridge carries 40,000 vehicles a day, the mayor said.",
        "The new hospital wing cost 12 million euros to build, the council said.",
        "Ferry fares have doubled since 2019 on the island routes, the operator said.",
    ])), encoding="utf-8")
    done = CliRunner().invoke(cli, ["--db", desk, "import", str(path)])
    assert done.exit_code == 0, done.output
    return desk


def burst(app, *keys: str) -> None:
    """Post every key at once, as the terminal delivers a quick run of them (`pilot.press` waits
    after each, and the undo worker was done by the next)."""
    for key in keys:
        app.post_message(events.Key(key, None))


def verdicts(desk: str) -> list[str | None]:
    db = Database(desk)
    try:
        return sorted((c.verdict or "-") for c in stored_claims(db))
    finally:
        db.close()


async def test_each_ctrl_z_of_a_burst_undoes_one_change(tmp_path):
    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await press_each(pilot, ["1", "2", "3"])  # a verdict each, the cursor moving on after each
        assert verdicts(desk) == ["mixed", "mostly_true", "true"]
        burst(app, "ctrl+z", "ctrl+z", "ctrl+z")  # before the first undo is done
        await settle(pilot)
        assert verdicts(desk) == ["-", "-", "-"], said
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("nothing to undo" in s for s in said), said


async def test_an_undo_then_a_redo_in_one_burst_are_done_in_turn(tmp_path):
    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await press_each(pilot, ["1", "2"])
        burst(app, "ctrl+z", "ctrl+z", "ctrl+y")  # two undone, the second redone
        await settle(pilot)
        assert verdicts(desk) == ["-", "-", "true"], said


async def test_a_verdict_then_ctrl_z_in_one_burst_undoes_that_verdict(tmp_path):
    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await press_each(pilot, ["1"])
        burst(app, "2", "ctrl+z")  # the undo waits for the verdict before it, then undoes it
        await settle(pilot)
        assert verdicts(desk) == ["-", "-", "true"], said
        burst(app, "ctrl+z", "3")  # and a verdict after an undo is stored after it, no conflict
        await settle(pilot)
        assert verdicts(desk) == ["-", "-", "mixed"], said
        assert not any("changed" in s for s in said), said


# --- keys typed right after enter went into the form that enter submitted ---------------------------------
#
# In the filter dialog, 'Ana Lopez', enter and 'G' (to the queue's end) in one burst filtered on the speaker
# 'Ana LopezG': no claims match (tmux, a 200k-claim desk, where the dialog's Submitted message came after
# the keys queued behind enter). The export dialog so wrote 'verified-claims.csvx'. A form read its fields
# when it handled enter's message; it now reads the field that took enter as it was at enter.


async def test_a_key_typed_after_enter_in_the_filter_dialog_is_no_part_of_the_filter(tmp_path):
    from tui.screens.modals import FilterModal
    from tui.screens.queue import QueueScreen

    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one("#f-speaker").focus()
        await pilot.press(*"mayor")
        burst(app, "enter", "G", "g")
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen) and queue.filter.speaker == "mayor", queue.filter


async def test_a_key_typed_after_enter_in_the_export_dialog_is_no_part_of_the_file_name(tmp_path, monkeypatch):
    from tui.screens.export import ExportModal

    desk = three_claim_desk(tmp_path)
    monkeypatch.chdir(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        burst(app, "enter", "x")
        await settle(pilot)
    assert (tmp_path / "verified-claims.csv").exists() and not (tmp_path / "verified-claims.csvx").exists(), \
        sorted(p.name for p in tmp_path.iterdir())


async def test_a_key_typed_after_enter_in_the_date_dialog_and_the_search_box_is_no_part_of_them(tmp_path):
    from tui.screens.queue import QueueScreen

    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("slash", *"bridge")
        burst(app, "enter", "j")  # j: the next row, for the queue
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and app.screen.filter.search == "bridge", app.screen.filter
        await pilot.press("w", *"2024-04-14")
        burst(app, "enter", "j")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen), app.screen
    db = Database(desk)
    try:
        assert [str(c.claim_date) for c in stored_claims(db) if "bridge" in c.text] == ["2024-04-14"]
    finally:
        db.close()


# --- keys typed right after ctrl+s went into the note that ctrl+s saved ---------------------------------
#
# In the note dialog, 'abc', ctrl+s and 'jj' (to the next claim) in one burst saved the note 'abcjj': the
# dialog's ctrl+s ran once the key had bubbled up, after the field took the keys behind it. The note box
# runs its dialog's keys as they arrive (tui.widgets.text_input.TextBox), a keymap's key too.


async def test_keys_typed_after_ctrl_s_in_the_note_dialog_are_no_part_of_the_note(tmp_path):
    from tui.screens.modals import NoteModal

    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"abc")
        burst(app, "ctrl+s", "j", "j")
        await settle(pilot)
        assert not isinstance(app.screen, NoteModal)
        burst(app, "c")
        await settle(pilot)
        assert isinstance(app.screen, NoteModal)
        burst(app, *"xyz", "escape", "j")  # cancel in turn too: 'j' is the queue's
        await settle(pilot)
        assert not isinstance(app.screen, NoteModal)
    db = Database(desk)
    try:
        assert sorted(c.verdict_note or "" for c in stored_claims(db)) == ["", "", "abc"], said
    finally:
        db.close()


async def test_keys_typed_after_ctrl_s_in_the_filter_dialog_are_no_part_of_the_filter(tmp_path):
    from tui.screens.modals import FilterModal
    from tui.screens.queue import QueueScreen

    desk = three_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterModal)
        app.screen.query_one("#f-speaker").focus()
        await pilot.press(*"mayor")
        burst(app, "ctrl+s", "G", "g")  # 'mayorG' was applied: no claim matched
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen) and queue.filter.speaker == "mayor", queue.filter

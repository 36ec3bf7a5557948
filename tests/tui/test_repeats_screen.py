"""The desk's repeats: the screen (R), accepting a possible repeat, the queue's ↻ mark for
unseen repeats, and the notification when someone else's ingest brings one back."""

from __future__ import annotations

import pytest

from claims.models import Match
from claims.services.repeats import list_repeats
from claims.services.review import set_status
from tests.stories import CHECKED, FIRST, MERGED, SUGGESTED, UNRELATED, claim_id, ingest_text
from tui.app import ClaimsApp
from tui.screens.claim import ClaimScreen
from tui.screens.queue import QueueScreen
from tui.screens.repeats import RepeatsScreen
from tui.testing import notifications_told, settle


@pytest.fixture
def checked(desk_db):
    """A claim checked false, then its repeat and a possible repeat ingested."""
    ingest_text(desk_db, FIRST, "levee.txt", outlet="Harbour Courier")
    cid = claim_id(desk_db, CHECKED)
    set_status(desk_db, [cid], reviewer="ana", status="verified", verdict="false")
    ingest_text(desk_db, MERGED, "again.txt")
    ingest_text(desk_db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    return desk_db, cid


def _text(screen, selector: str) -> str:
    """What a Static shows, as plain text (its content may be a Rich group)."""
    from rich.console import Console

    console = Console(width=200, record=True, file=None, force_terminal=False)
    with console.capture() as captured:
        console.print(screen.query_one(selector).content)
    return captured.get()


async def test_the_repeats_screen_lists_and_accepts_a_possible_repeat(checked):
    db, cid = checked
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RepeatsScreen)
        assert [r.kind for r in screen.repeats] == ["repeat", "possible"]
        assert "1 repeat(s), 1 possible · found today · 2 not seen by tester" in _text(screen, "#repeats-status")
        assert "Northline News" in _text(screen, "#repeat-new") and "Checked #" in _text(screen, "#repeat-checked")
        await pilot.press("a")  # on a repeat: nothing to accept
        await settle(pilot)
        assert any("apply to a possible repeat" in m for m in said)
        possible = screen.repeats[1]
        await pilot.press("j", "a")
        await settle(pilot)
        with db.session() as s:
            match = s.get(Match, possible.match_id)
            assert match.state == "confirmed" and match.decided_by == "tester"
        assert [r.kind for r in screen.repeats] == ["repeat", "repeat"]
        await pilot.press("ctrl+z")  # the merge is undone like any other
        await settle(pilot)
        assert [r.kind for r in list_repeats(db)] == ["repeat", "possible"]


async def test_accepting_a_possible_repeat_someone_else_decided_asks_first(checked):
    db, cid = checked
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        possible = pilot.app.screen.repeats[1]
        from claims.services.clusters import decide_matches

        # Someone else says "not the same claim" to every suggestion behind it.
        decide_matches(db, [mid for mid, _, _ in possible.pending], accept=False, reviewer="someone-else")
        await pilot.press("j", "a")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "ConflictModal"
        await pilot.press("r")  # reload: keep theirs
        await settle(pilot)
        with db.session() as s:
            assert s.get(Match, possible.match_id).state == "rejected"
        assert [r.kind for r in pilot.app.screen.repeats] == ["repeat"]


async def test_the_queue_marks_unseen_repeats_until_the_claim_is_opened(checked):
    db, cid = checked
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        table = queue.query_one("#claims")
        assert table.flags == {cid: "↻2"}
        row = table.index_of(cid)
        assert str(table.get_row_at(row)[0]).startswith("↻2 ")
        await pilot.press("o")  # another order: the mark stays with the claim, not the row
        await settle(pilot)
        assert table.flags == {cid: "↻2"} and table.index_of(cid) is not None
        await pilot.press(*["j"] * table.index_of(cid), "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClaimScreen) and pilot.app.screen.claim_id == cid
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen) and table.flags == {}
    async with ClaimsApp(db, reviewer="someone-else", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one("#claims").flags == {cid: "↻2"}  # seen is per reviewer


async def test_someone_elses_ingest_of_a_repeat_is_noticed(desk_db):
    ingest_text(desk_db, FIRST, "levee.txt", outlet="Harbour Courier")
    cid = claim_id(desk_db, CHECKED)
    set_status(desk_db, [cid], reviewer="ana", status="verified", verdict="false")
    app = ClaimsApp(desk_db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.check_store()  # as the desk's timer does: the first look takes the fingerprint
        await settle(pilot)
        ingest_text(desk_db, MERGED, "again.txt")  # another process, as far as the desk knows
        app.check_store()
        await settle(pilot)
        told = [m for m in said if "checked claim" in m]
        assert told == [f"A checked claim came back (false): “{CHECKED}” in Northline News. R shows the repeats."]
        assert app.screen.query_one("#claims").flags == {cid: "↻1"}  # the queue refreshed
        ingest_text(desk_db, UNRELATED, "fares.txt")  # news, but no repeat
        app.check_store()
        await settle(pilot)
        app.check_store()  # nothing new at all
        await settle(pilot)
        assert sum("checked claim" in m for m in said) == 1  # told once


async def test_repeats_from_the_palette_and_an_empty_day(desk_db):
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"view: repeats")
        await pilot.pause(0.3)  # the palette searches in its own task
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RepeatsScreen)
        assert "No checked claim came back today" in _text(screen, "#repeat-checked")
        await pilot.press("p")
        await settle(pilot)
        assert screen.period == "7 days" and "in the last 7 days" in _text(screen, "#repeat-checked")


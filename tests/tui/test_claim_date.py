"""Setting a claim's date from the desk: typed as a phrase, previewed, stored, undone."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Claim, Event
from claims.services.claim_dates import set_claim_date
from tui.app import ClaimsApp
from tui.screens.claim import ClaimScreen
from tui.screens.date_modal import DateModal
from tui.screens.queue import QueueScreen
from tui.testing import settle


def _date(db, claim_id):
    with db.session() as s:
        c = s.get(Claim, claim_id)
        return c.claim_date, c.date_precision, c.date_text


async def test_w_sets_the_date_from_a_phrase_and_ctrl_z_puts_it_back(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        assert queue.current_claim_id() == ids["top"]
        await pilot.press("w")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, DateModal)
        assert "2026-03-15 (day, from 'on Sunday')" in str(modal.query_one("#date-current").render())
        await pilot.press(*"last Friday")
        # counted from the article's date, Sunday 15 March 2026
        assert "2026-03-13 (day)" in str(modal.query_one("#date-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
        assert _date(db, ids["top"]) == ("2026-03-13", "day", "last Friday")
        row = next(r for r in queue.rows if r.id == ids["top"])
        assert row.date == "2026-03-13"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _date(db, ids["top"]) == ("2026-03-15", "day", "on Sunday")


async def test_what_is_not_a_date_stays_in_the_dialog_and_escape_changes_nothing(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        modal = pilot.app.screen
        await pilot.press(*"banana", "enter")
        await settle(pilot)
        assert pilot.app.screen is modal
        assert "'banana' is not a date" in str(modal.query_one("#date-preview").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)
    assert _date(db, ids["top"]) == ("2026-03-15", "day", "on Sunday")
    with db.session() as s:
        assert s.exec(select(Event)).all() == []


async def test_a_date_changed_elsewhere_meanwhile_is_not_overwritten(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the claim view has the key too
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClaimScreen)
        await pilot.press("w")
        await settle(pilot)
        set_claim_date(db, ids["top"], "2026-03-01", reviewer="bo")  # another reviewer, meanwhile
        await pilot.press(*"yesterday", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClaimScreen)
    assert _date(db, ids["top"]) == ("2026-03-01", "day", None)


async def test_a_verdict_right_after_a_date_is_no_conflict_and_w_twice_opens_one_dialog(seeded):
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("w", "w")
        await settle(pilot)
        assert sum(isinstance(s, DateModal) for s in pilot.app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        queue = pilot.app.screen_stack[-2]
        await pilot.press(*"yesterday", "enter")
        await settle(pilot)
        # a verdict made on the row as it was before the date was stored (version 1): the
        # desk's own date write is followed, not taken for someone else's change
        pilot.app.writer.submit(queue, [ids["top"]], {ids["top"]: 1},
                                {"status": "verified", "verdict": "false"})
        await settle(pilot)
        assert isinstance(pilot.app.screen, QueueScreen)  # no conflict dialog
    with db.session() as s:
        claim = s.get(Claim, ids["top"])
        assert (claim.claim_date, claim.verdict, claim.status) == ("2026-03-14", "false", "verified")


async def test_the_dialog_says_why_a_date_is_not_one(seeded):
    """The dialog said "cannot read '9/3/2026'" without the reason `claims import` gives."""
    db, ids = seeded
    async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        for typed, why in [("9/3/2026", "its day and month could be either way round"),
                           ("three weeks after 9 March 2026", "'after' does not fit a date given by the calendar")]:
            await pilot.press("w")
            await settle(pilot)
            modal = pilot.app.screen
            await pilot.press(*typed)
            await settle(pilot)
            assert f"{typed!r} is not a date ({why}" in str(modal.query_one("#date-preview").render())
            await pilot.press("escape")
            await settle(pilot)

"""The desk, driven by keys as a person would: set a verdict and find it in the database."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Claim, Event
from tui.app import ClaimsApp


def seed(db) -> None:
    with db.session() as s:
        s.add(Claim(text="The bridge carries 40,000 vehicles a day.", checkworthiness=0.9,
                    speaker="Ana Lopez", claim_date="2026-03-01", date_precision="day"))
        s.add(Claim(text="Tolls will pay for the repairs.", checkworthiness=0.4))


async def test_verdict_by_key_is_stored(db):
    seed(db)
    app = ClaimsApp(db, reviewer="ana")
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#claims").get_row_at(0)[0]).startswith("The bridge")
        await pilot.press("5")  # false
        await app.workers.wait_for_complete()
        await pilot.pause()
    with db.session() as s:
        top = s.exec(select(Claim).where(Claim.checkworthiness == 0.9)).one()
        assert (top.status, top.verdict, top.reviewer) == ("verified", "false", "ana")
        assert {e.field for e in s.exec(select(Event))} == {"status", "verdict"}

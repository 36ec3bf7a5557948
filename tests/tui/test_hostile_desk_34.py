"""Pass 34b of the hostile trial, the desk's date dialog (w) at 40x12: a typed date the reader now
refuses (tests/test_hostile_inputs_34b.py) is said in the dialog, which stays open, nothing stored."""

from __future__ import annotations

import pytest

from tests.desk import one_claim_desk, open_desk
from tui.screens.date_modal import DateModal
from tui.testing import settle


@pytest.mark.parametrize(("typed", "why"), [("14st April 2024", "'14st' is no ordinal"),
                                           ("April 22th 2024", "'22th' is no ordinal"),
                                           ("2٠24-04-14", "mixes the digits of two scripts")])
async def test_the_date_dialog_says_why_at_40x12_and_stores_nothing(tmp_path, typed, why):
    from db import Database
    from tests.hostile import stored_claims

    desk = one_claim_desk(tmp_path)
    async with open_desk(desk, size=(40, 12)) as (app, pilot, said):
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DateModal)
        await pilot.press(*typed)
        await settle(pilot)
        assert why in str(dialog.query_one("#date-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # kept open, the text as typed
        assert dialog.query_one("#date-input").value == typed
    db = Database(desk)
    try:
        assert stored_claims(db)[0].claim_date is None
    finally:
        db.close()

"""Pass 35b of the hostile trial, the desk (the log is at the end of tests/test_hostile_inputs_35b.py)."""

from __future__ import annotations

import pytest
from textual import events

from tests.desk import one_claim_desk, open_desk
from tui.screens.date_modal import DateModal
from tui.screens.queue import QueueScreen
from tui.testing import settle

# --- the date dialog (w) and direction controls -------------------------------------------------------
#
# A date pasted from right-to-left web text with its embedding around it ('\u202e2024-04-14\u202c') was
# refused by the desk's w ("'\u202e' is no part of a date") while `claims set-date` of the same text
# stored 2024-04-14: the README says direction controls are removed from a typed date at both doors.
# set_claim_date removed them before reading; the dialog reads with read_claim_date itself, which
# did not. read_claim_date, the one reader of a typed claim date, removes them now.


@pytest.mark.parametrize(("pasted", "day"), [("\u202e2024-04-14\u202c", "2024-04-14"),
                                             ("\u2067١٤/٠٤/٢٠٢٤\u2069", "2024-04-14"),
                                             ("14/04/95", "1995-04-14")])
async def test_the_date_dialog_reads_a_date_pasted_with_direction_controls(tmp_path, pasted, day):
    from db import Database
    from tests.hostile import stored_claims

    desk = one_claim_desk(tmp_path)
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, DateModal)
        app.post_message(events.Paste(pasted))  # as the terminal's bracketed paste comes
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen), str(app.screen.query_one("#date-preview").render())
    db = Database(desk)
    try:
        assert str(stored_claims(db)[0].claim_date) == day
    finally:
        db.close()

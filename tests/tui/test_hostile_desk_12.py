"""Desk cases of the twelfth hostile pass (issue 15), tried in tmux at 120x40 and 60x14 and
here with Pilot.

Tried and held (tmux, 60x14 then 120x40): a desk of claims in Turkish, German, fullwidth
Latin, Greek, Thai, Korean, Hindi, Hebrew and French; `/ışık` (no claim: the speaker only
holds it), `/🎉` (no claims, said so), `5` on the first row (verified false, shown at once),
`l` then `javascript:alert(1)` (refused in the dialog: not an http(s) URL), `c` with an
emoji and a right-to-left override typed (stored without the override), `enter` on a claim
of Chinese text from a Russian transcript. Failed: a transcript in another script showed an
empty queue (every line stored as no claim; fixed in claims.checkworthiness, see
tests/test_hostile_inputs_12.py); a claim said 8,000 times took 43 s to show in the pane
(fixed in claims.services.queries). Seen, not changed: a Hindi row at 60x14 runs one cell
past its column (the terminal draws a vowel sign wider than Rich counts it).
"""

from __future__ import annotations

import pytest

from tests.test_hostile_inputs_12 import TRANSCRIPT


@pytest.mark.parametrize("size", [(120, 40), (60, 14)])
async def test_a_transcript_in_another_script_fills_the_queue(tmp_path, size):
    from claims.services.ingest import ingest_paths
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    path = tmp_path / "t.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    db = Database(str(tmp_path / "desk.db"))
    try:
        ingest_paths(db, [str(path)], transcript=True)
        app = ClaimsApp(db, reviewer="ana", watch_interval=0)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#claims")
            assert table.row_count == 5  # every statement, the question left out
            assert "of 5" in str(app.screen.query_one("#status-line").render())
    finally:
        db.close()

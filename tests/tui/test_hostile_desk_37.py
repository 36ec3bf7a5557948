"""Pass 37b of the hostile trial, the desk (the log is at the end of tests/test_hostile_inputs_37b.py)."""

from __future__ import annotations

import difflib
import json

from click.testing import CliRunner

from claims.services.match_review import matches_for_claim
from db import Database
from tests.desk import open_desk
from tests.test_hostile_inputs_37b import long_claim
from tui.entry import cli
from tui.testing import settle

# --- a claim screen of two long matched claims froze the desk ------------------------------------------
#
# On a desk holding claims of 1,200 words (a list of 120 figures each, retold with other figures), `enter`
# on one showed "Loading…" for 25 s in tmux (24 s CPU under Pilot, 147 s wall at load 9): the screen diffed
# each of its matches word by word in the UI thread with one matcher over both whole texts. The diff works
# a window of 150 words at a time now (claims.services.match_review.word_diff).


async def test_the_claim_screen_of_two_long_matched_claims_diffs_in_windows(tmp_path, monkeypatch):
    from tui.screens.claim import ClaimScreen

    desk = str(tmp_path / "long.db")
    path = tmp_path / "long.jsonl"
    path.write_text("".join(json.dumps({"id": f"l{i}", "text": f"Claim {i}: {long_claim(i)}."}) + "\n"
                            for i in range(3)), encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", desk, "import", str(path)]).exit_code == 0
    db = Database(desk)
    try:
        assert matches_for_claim(db, 1), "the long claims were expected to match"
    finally:
        db.close()
    sizes: list[int] = []
    real = difflib.SequenceMatcher.set_seqs

    def counted(self, a, b):
        sizes.append(max(len(a), len(b)))
        return real(self, a, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seqs", counted)
    async with open_desk(desk, size=(120, 36)) as (app, pilot, said):
        app.push_screen(ClaimScreen(1))
        await settle(pilot)
        screen = app.screen
        for _ in range(1200):  # the loader's thread, at most a minute
            if screen.detail is not None:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert screen.matches and sizes, (screen.matches, sizes)
        assert max(sizes) <= 150, max(sizes)  # was 1,200: a matcher over both whole texts

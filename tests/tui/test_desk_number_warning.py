"""The desk's '⚠ numbers disagree' on a match reads the numbers as the duplicate decision does.
Its own digit pattern contradicted the matcher: a pair merged at 100 ('12 000' / '12,000' people,
a figure grouped by a no-break space) was shown merged *and* 'numbers disagree', as was
'40m' / '40 million'; 'four' / '5' was shown agreeing (lead, trying the desk in tmux)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claims.matching import compare
from claims.services.match_review import numbers_differ
from tests.desk import open_desk
from tui.entry import cli
from tui.testing import settle

PAIRS = [
    ("12\u00a0000 people were evacuated", "12,000 people were evacuated", False),
    ("Damage of 40m euros was reported", "Damage of 40 million euros was reported", False),
    ("four people died in the blast", "5 people died in the blast", True),
    ("Damage of 40 million euros was reported", "Damage of 40 million dollars was reported", True),
    ("200 drones were launched overnight", "300 drones were launched overnight", True),
    # a plain space between groups ending "000" is one figure (pass 27: "1 000" / "1,000" was a conflict)
    ("12 000 people were evacuated", "12,000 people were evacuated", False),
    ("On June 12 300 people were evacuated", "On June 12,300 people were evacuated", True),  # otherwise two numbers
]


@pytest.mark.parametrize(("a", "b", "differ"), PAIRS)
def test_the_warning_is_the_decisions_reading(a, b, differ):
    assert numbers_differ(a, b) is differ
    assert bool(compare(a, b).conflict) is differ


async def test_a_merged_pair_is_not_shown_as_disagreeing(tmp_path):
    desk = str(tmp_path / "desk.db")
    path = tmp_path / "n.jsonl"
    text = "The regional governor said that {} people had been evacuated from the valley on Monday."
    path.write_text("".join(json.dumps({"id": f"n{i}", "text": text.format(n)}) + "\n"
                            for i, n in enumerate(["12,000", "12\u00a0000"])), encoding="utf-8")
    done = CliRunner().invoke(cli, ["--db", desk, "import", str(path)])
    assert "1 duplicate(s) merged" in done.output, done.output
    async with open_desk(desk, size=(160, 50)) as (app, pilot, _):
        await settle(pilot)
        detail = app.screen.query_one("#detail").plain
        assert "confirmed" in detail, detail
        assert "numbers disagree" not in detail, detail

"""A claim in Hindi on the desk's list at 80x24 (issue 15, noticed by an earlier pass): Rich
counted each Devanagari vowel sign that takes a cell (a spacing mark, 'ी') as none, so the
row was measured short by one cell a mark and drawn long: its speaker, date and status stood
right of the header's, the status cut ('unverifie'), in tmux as in any wcwidth terminal."""

from __future__ import annotations

import json
import unicodedata

from click.testing import CliRunner

from tui.app import ClaimsApp
from tui.entry import cli
from tui.testing import settle

HINDI = "इस वर्ष बजट में नौ प्रतिशत की वृद्धि हुई और यह चार अरब यूरो तक पहुँच गया।"


def _terminal_cells(text: str) -> int:
    """As glibc's wcwidth (tmux, xterm, VTE) draws it: marks that do not space and format
    characters in none, wide characters in two, every other in one."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


async def test_a_hindi_claims_row_is_as_wide_as_the_screen(desk_db, tmp_path):
    path = tmp_path / "hi.jsonl"
    path.write_text(json.dumps({"id": "h", "text": HINDI, "speaker": "मंत्री"}) + "\n"
                    + json.dumps({"id": "e", "text": "The budget rose by nine percent this year."}) + "\n",
                    encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", desk_db.url, "import", str(path)]).exit_code == 0
    async with ClaimsApp(desk_db, reviewer="tester", watch_interval=0).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        lines = [strip.text for strip in pilot.app.screen._compositor.render_strips()]
        rows = [line for line in lines if "unverified" in line]
        assert len(rows) == 2, lines
        header = next(line for line in lines if "Status" in line)
        at = _terminal_cells(header[:header.index("Status")])
        for row in rows:
            assert _terminal_cells(row) == 80, row
            assert _terminal_cells(row[:row.index("unverified")]) == at, row

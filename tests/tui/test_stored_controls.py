"""Terminal controls an older version stored (before imports refused them) are shown on the
desk as their symbols, never sent to the terminal: a claim holding ESC ] 0 ; … BEL retitled
the terminal and cut its row (tried in tmux; hostile pass 5, left over)."""

from __future__ import annotations

import io

from rich.console import Console

from claims.models import Claim
from claims.services.queries import claim_detail
from tui.widgets.claim_detail import render_detail
from tui.widgets.claim_table import cell_values

STORED = "The bridge \x1b]0;pwned\x07 carries 40,000 vehicles a day"


def _rendered(renderable) -> str:
    console = Console(width=120, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_the_queue_row_and_the_detail_show_symbols(seeded):
    db, ids = seeded
    with db.session() as s:
        claim = s.get(Claim, next(iter(ids.values())))
        claim.text, claim.speaker = STORED, "Ana\x1b[31m"
        claim_id = claim.id
    detail = claim_detail(db, claim_id)
    cells = cell_values(detail.claim, 100)
    shown = [cell.plain for cell in cells[:2]] + [_rendered(render_detail(detail))]
    for text in shown:
        assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;pwned␇" in shown[0] and shown[1] == "Ana␛[31m"
    assert "␛]0;pwned" in shown[2]  # (Rich drops a BEL itself)


def test_the_duplicates_table_shows_symbols():
    from types import SimpleNamespace

    from claims.services.match_review import MatchSide, MatchView
    from tui.screens.duplicates import DuplicatesScreen

    side_a = MatchSide(1, STORED, None, None, "unverified", None, None)
    side_b = MatchSide(2, STORED.replace("40,000", "41,000"), None, None, "unverified", None, None)
    m = MatchView(id=1, score=80.0, scorer="t", state="suggested", conflict=True, explanation={}, a=side_a, b=side_b)
    cells = DuplicatesScreen._cells(SimpleNamespace(selected=set()), m)
    texts = [c if isinstance(c, str) else c.plain for c in cells]
    assert not any("\x1b" in t for t in texts) and "␛]0;pwned␇" in texts[3]

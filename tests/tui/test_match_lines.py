"""How the claim pane names a duplicate pair: the other claim, or both ends of a pair inside the cluster."""

from __future__ import annotations

from claims.services.match_review import MatchSide, MatchView
from tui.widgets.claim_detail import render_match


def side(cid: int, text: str, canonical: int | None = None) -> MatchSide:
    return MatchSide(cid, text, None, None, "unverified", None, canonical)


def head_line(view: MatchView, shown: int) -> str:
    return render_match(view, shown)[0].plain.strip()


def test_a_pair_between_two_members_names_both():
    pair = MatchView(3, 99.2, "lexical", "confirmed", False, {},
                     side(12, "The river peaked at 7.4 metres", 4), side(16, "the river had peaked at 7.4 metres", 4))
    assert head_line(pair, 4).startswith("#12 ↔ #16 confirmed")  # shown: the head, #4
    assert head_line(pair, 12).startswith("#16 confirmed")  # shown: one end, the other named
    assert head_line(pair, 16).startswith("#12 confirmed")

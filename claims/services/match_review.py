"""Reading the `match` table for the desk: pending suggestions, a claim's duplicates, a word diff.

Deciding (accept = merge, reject) goes through `claims.services.clusters.decide_matches`,
which logs every change in the audit log so undo works. Small and replaceable: when the
matching services grow their own listing, the desk can read from there instead.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from claims.matching.normalize import analyze
from claims.matching.quantities import numbers_disagree
from claims.matching.units import unit_conflicts
from claims.models import Claim, Match
from db import Database


@dataclass(frozen=True, slots=True)
class MatchSide:
    id: int
    text: str
    speaker: str | None
    date: str | None
    status: str
    verdict: str | None
    canonical_id: int | None


@dataclass(frozen=True, slots=True)
class MatchView:
    id: int
    score: float
    scorer: str
    state: str
    conflict: bool
    explanation: dict
    a: MatchSide
    b: MatchSide
    decided_by: str | None = None
    shared: list[str] = field(default_factory=list)

    def other(self, claim_id: int) -> MatchSide:
        return self.b if self.a.id == claim_id else self.a


def _side(c: Claim) -> MatchSide:
    return MatchSide(c.id, c.text, c.speaker or c.speaker_role, c.claim_date, c.status, c.verdict,
                     c.canonical_id)


def _view(m: Match, a: Claim, b: Claim) -> MatchView:
    try:
        explanation = json.loads(m.explanation or "{}")
    except ValueError:
        explanation = {"text": m.explanation}
    if not isinstance(explanation, dict):
        explanation = {"explanation": explanation}
    return MatchView(m.id, m.score, m.scorer, m.state, bool(m.conflict), explanation, _side(a), _side(b),
                     m.decided_by)


def _query(state: str | None):
    a, b = aliased(Claim), aliased(Claim)
    stmt = select(Match, a, b).join(a, a.id == Match.claim_a_id).join(b, b.id == Match.claim_b_id)
    if state:
        stmt = stmt.where(Match.state == state)
    return stmt


def list_matches(db: Database, *, state: str | None = "suggested", limit: int = 500,
                 offset: int = 0) -> list[MatchView]:
    """Matches in one state, most likely duplicates first (conflicts among them flagged)."""
    stmt = _query(state).order_by(col(Match.score).desc(), col(Match.id)).limit(limit).offset(offset)
    with db.session() as session:
        return [_view(m, a, b) for m, a, b in session.exec(stmt)]


def count_matches(db: Database, *, state: str | None = "suggested") -> int:
    stmt = select(func.count()).select_from(Match)
    if state:
        stmt = stmt.where(Match.state == state)
    with db.session() as session:
        return session.exec(stmt).one()


def matches_for_claim(db: Database, claim_id: int) -> list[MatchView]:
    """Every match that touches the claim or a member of its cluster."""
    with db.session() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            return []
        canonical = claim.canonical_id or claim.id
        ids = [canonical, *session.exec(select(Claim.id).where(Claim.canonical_id == canonical))]
        stmt = _query(None).where(or_(col(Match.claim_a_id).in_(ids), col(Match.claim_b_id).in_(ids)))
        # Suggestions (to decide) first, then confirmed, then rejected; likeliest first in each.
        pending_first = case((Match.state == "suggested", 0), (Match.state == "confirmed", 1), else_=2)
        stmt = stmt.order_by(pending_first, col(Match.score).desc(), col(Match.id)).limit(200)
        return [_view(m, a, b) for m, a, b in session.exec(stmt)]


_WORD = re.compile(r"\S+")


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """The two texts as (tag, word) runs: "same", "a" (only in a), "b" (only in b)."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    norm = [w.strip(".,;:!?\"'()").casefold() for w in wa], [w.strip(".,;:!?\"'()").casefold() for w in wb]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _opcodes(*norm):
        if op == "equal":
            out.append(("same", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("a", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("b", " ".join(wb[j1:j2])))
    return out


# Words a side diffed at once. difflib's matcher takes time about the product of the two lengths
# times the runs it finds: two claims of 1,200 words (a list of figures, each retold) took 2.4 s
# CPU a pair, and the desk's claim screen diffs each of its matches in the UI thread: 24 s CPU
# (147 s at load 9) before the screen showed, the desk frozen; 20,000 characters, a claim's
# limit, minutes (hostile37b).
_DIFF_WINDOW = 150


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes of two word lists; past `_DIFF_WINDOW` words, in time linear in their
    length: the common start and end taken off, what is left aligned window by window in proportion
    (a retold claim's changes are local; a far-moved passage shows as removed and added)."""
    if max(len(a), len(b)) <= _DIFF_WINDOW:
        return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    out = [("equal", 0, start, 0, start)] if start else []
    left_a, left_b = len(a) - start - end, len(b) - start - end
    steps = max(1, -(-max(left_a, left_b) // _DIFF_WINDOW))
    for k in range(steps):
        i1, i2 = start + left_a * k // steps, start + left_a * (k + 1) // steps
        j1, j2 = start + left_b * k // steps, start + left_b * (k + 1) // steps
        for op, x1, x2, y1, y2 in difflib.SequenceMatcher(a=a[i1:i2], b=b[j1:j2], autojunk=False).get_opcodes():
            out.append((op, i1 + x1, i1 + x2, j1 + y1, j1 + y2))
    if end:
        out.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return out


def numbers_differ(a: str, b: str) -> bool:
    """The two texts' numbers (or their units) disagree, read as the duplicate decision reads
    them: the desk's warning on a match. Its own digit pattern warned on pairs the matcher had
    merged ('12 000' / '12,000', '40m' / '40 million') and missed others ('four' / '5')."""
    return bool(numbers_disagree(analyze(a), analyze(b)) or unit_conflicts(a, b))

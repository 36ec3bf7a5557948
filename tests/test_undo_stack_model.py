"""Undo and redo, by two reviewers at random, against an editor's two stacks per reviewer:
undo takes the newest change still standing, redo the one undone last, and a new change
empties what can be redone. (A rule reading the stack from which changes stood undone
disagreed on 4 of 60 such runs; each undo and redo now names the change it undid or redid.)"""

from __future__ import annotations

import random

import pytest
from sqlmodel import col, select

from claims.errors import ClaimsError
from claims.models import Claim, Event
from claims.services.clusters import merge, unmerge
from claims.services.review import set_status
from claims.services.team import release, take
from claims.services.undo import (
    UNDOABLE_EXCLUDE,
    _latest_batch,
    _redo_candidate,
    redo_last,
    undo_last,
)


def _newest_change(db, who: str) -> str | None:
    with db.session() as s:
        return s.exec(select(Event.batch).where(Event.reviewer == who, col(Event.action).not_in(UNDOABLE_EXCLUDE))
                      .order_by(col(Event.id).desc()).limit(1)).first()


@pytest.mark.parametrize("seed", range(8))
def test_undo_and_redo_follow_an_editors_stacks(db, seed):
    rnd = random.Random(seed)
    with db.session() as s:
        claims = [Claim(text=f"Unemployment fell to {n} percent in March in town {n}.", checkworthiness=0.5)
                  for n in range(4)]
        s.add_all(claims)
        s.flush()
        ids = [c.id for c in claims]
    done: dict[str, list] = {"ana": [], "bo": []}
    undone: dict[str, list] = {"ana": [], "bo": []}
    steps: list[str] = []
    for _ in range(40):
        who = rnd.choice(["ana", "ana", "bo"])
        op = rnd.choice(["set", "set", "undo", "undo", "redo", "redo", "merge", "unmerge", "take", "release"])
        before = _newest_change(db, who)
        steps.append(f"{who} {op}")
        try:
            if op == "set":
                set_status(db, [rnd.choice(ids)], reviewer=who,
                           status=rnd.choice(["in_review", "not_checkable", "unverified"]))
            elif op == "merge":
                merge(db, rnd.sample(ids, 2), reviewer=who)
            elif op == "unmerge":
                unmerge(db, rnd.choice(ids), reviewer=who)
            elif op == "take":
                take(db, rnd.choice(ids), reviewer=who)
            elif op == "release":
                release(db, rnd.choice(ids), reviewer=who)
            elif op == "undo":
                with db.session() as s:
                    assert _latest_batch(s, who, undone=False) == (done[who][-1] if done[who] else None), steps
                undo_last(db, reviewer=who)
                undone[who].append(done[who].pop())
            else:
                with db.session() as s:
                    assert _redo_candidate(s, who) == (undone[who][-1] if undone[who] else None), steps
                redo_last(db, reviewer=who)
                done[who].append(undone[who].pop())
        except ClaimsError:
            continue  # refused (nothing to undo, changed since, ...): nothing recorded
        if op in ("set", "merge", "unmerge") and _newest_change(db, who) != before:
            done[who].append(_newest_change(db, who))
            undone[who].clear()

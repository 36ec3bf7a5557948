"""Undo and redo never make a chain of claims (a claim under a member, or a member of a
member): what they point back at may have joined another cluster since (found in review)."""

from __future__ import annotations

import json

import pytest

from claims.errors import ClaimsError
from claims.models import Claim
from claims.services import matching
from claims.services.clusters import merge, unmerge
from claims.services.importer import import_text
from claims.services.undo import redo_last, undo_last

RIVER = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"
RETOLD = "The river had peaked at 7.4 metres on Friday, the highest level recorded since 1987"
BRIDGE = "The bridge cost 3 million euros in all, the council said"


def _claims(db, *texts: str) -> list[int]:
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        ids = [c.id for c in claims]
        matching.match_new_claims(s, claims)
    return ids


def _pointers(db, ids) -> dict[int, int | None]:
    with db.session() as s:
        return {i: s.get(Claim, i).canonical_id for i in ids}


def test_undoing_an_unmerge_whose_head_was_merged_away_since_is_refused(db):
    a, b, c = _claims(db, "claim a about roads", "claim b about rail", "claim c about ports")
    merge(db, [a, b], reviewer="zoe")  # b under a
    unmerge(db, b, reviewer="ana")  # b alone
    merge(db, [c, a], reviewer="bo")  # a under c
    before = _pointers(db, (a, b, c))
    with pytest.raises(ClaimsError, match=rf"claim {b} would go back under claim {a}, which was merged into "
                                          rf"claim {c} since.*nothing was changed"):
        undo_last(db, reviewer="ana")
    assert _pointers(db, (a, b, c)) == before == {a: c, b: None, c: None}


def test_undoing_an_unmerge_of_a_claim_that_gained_members_since_is_refused(db):
    a, b, d = _claims(db, "claim a about roads", "claim b about rail", "claim d about ports")
    merge(db, [a, b], reviewer="zoe")
    unmerge(db, b, reviewer="ana")
    merge(db, [b, d], reviewer="bo")  # d under b: b heads a cluster now
    with pytest.raises(ClaimsError, match=rf"claim {b} would go back under another claim, but claim {d} was "
                                          "merged into it since"):
        undo_last(db, reviewer="ana")
    assert _pointers(db, (a, b, d)) == {a: None, b: None, d: b}


def test_undo_of_an_unmerge_still_works_when_nothing_moved(db):
    a, b = _claims(db, "claim a about roads", "claim b about rail")
    merge(db, [a, b], reviewer="zoe")
    unmerge(db, b, reviewer="ana")
    undo_last(db, reviewer="ana")
    assert _pointers(db, (a, b)) == {a: None, b: a}


def test_redoing_an_import_whose_older_head_joined_another_cluster_is_refused(db):
    older, other = _claims(db, RIVER, BRIDGE)
    report = import_text(db, json.dumps({"id": "fc-2", "text": RETOLD}) + "\n", name="x.jsonl", reviewer="ana")
    (imported,) = report.claim_ids
    assert _pointers(db, (imported,)) == {imported: older}
    undo_last(db, reviewer="ana")
    merge(db, [other, older], reviewer="bo")  # the older claim joins another cluster
    with pytest.raises(ClaimsError, match=rf"cannot redo the import of x.jsonl: claim {imported} would go back "
                                          rf"under claim {older}, which was merged into claim {other} since"):
        redo_last(db, reviewer="ana")
    with db.session() as s:
        assert s.get(Claim, imported) is None  # nothing of the redo stayed
    assert _pointers(db, (older, other)) == {older: other, other: None}
    undo_last(db, reviewer="bo")  # the merge taken back, the redo goes through
    redo_last(db, reviewer="ana")
    assert _pointers(db, (imported, older)) == {imported: older, older: None}


def test_a_redo_locks_the_older_clusters_in_id_order(db):
    """The redo of an import that joined two older claims (o1, o2) locks both clusters at
    once, heads in id order, as every change does: it locked o2's (where its claims go back)
    and then waited for o1's (the merge it replays), so a change holding o1 and then asking
    for o2 deadlocked with it (found in review: 3 runs of 3)."""
    if not db.is_postgresql:
        pytest.skip("row locks: PostgreSQL only (SQLite writers queue for one write lock)")
    from sqlalchemy import text

    from tests.pg_sessions import backend_pid, poll_until, waiting_for

    (o1,) = _claims(db, RIVER)
    (o2,) = _claims(db, "The river peaked at 7.4 metres on Friday: the highest level recorded since 1987")
    unmerge(db, o2, reviewer="bo")
    import_text(db, json.dumps({"id": "f1", "text": RETOLD}) + "\n", name="x.jsonl", reviewer="ana")
    assert _pointers(db, (o1, o2)) == {o1: o2, o2: None}  # the import's claim joined them: o1 moved
    undo_last(db, reviewer="ana")
    outcome: list[object] = []

    def redo() -> None:
        try:
            outcome.append(redo_last(db, reviewer="ana"))
        except Exception as exc:  # noqa: BLE001 - examined below
            outcome.append(exc)

    import threading

    with db.engine.connect() as change:
        pid = backend_pid(change)
        change.execute(text("SELECT id FROM claim WHERE id = :a FOR NO KEY UPDATE"), {"a": o1})
        worker = threading.Thread(target=redo)
        worker.start()
        poll_until(db, lambda c: waiting_for(c, pid), "the redo waits for o1")
        change.execute(text("SET LOCAL lock_timeout = '20s'"))
        change.execute(text("SELECT id FROM claim WHERE id = :b FOR NO KEY UPDATE"), {"b": o2})  # deadlocked before
        change.commit()
    worker.join(30)
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome

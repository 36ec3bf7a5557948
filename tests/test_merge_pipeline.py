"""A new claim's merge on PostgreSQL (issue 13): its reads made with the matches' insert and
its writes in psycopg pipelines (`claim_rows.pipelined`), with the locks of the merge before
them (only the clusters merged away have their members locked) and a failure named by the
statement that failed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from claims.models import Article, Claim
from claims.services.claim_rows import pipelined
from claims.services.matching import match_new_claims
from tests.pg_sessions import backend_pid, poll_until, waiting_for
from tests.test_new_claim_statements import AGAIN, stored_cluster


def _postgresql(db) -> None:
    if not db.is_postgresql:
        pytest.skip("row locks and pipelines: PostgreSQL only")


def test_a_duplicates_merge_does_not_wait_for_a_row_held_in_the_cluster_it_joins(db):
    """A new duplicate joins a stored cluster: nothing of that cluster moves, so its members
    are not locked (before: every member FOR UPDATE, which waited for any open transaction
    holding a row that references one, here an appearance of the cluster's member being
    written). The merge runs while that transaction stays open; it would wait for it."""
    _postgresql(db)
    head, retold = stored_cluster(db)
    with db.session() as s:
        article = Article(title="Floods", text="x", content_hash="floods")
        claim = Claim(text=AGAIN)
        s.add_all([article, claim])
    new, article_id = claim.id, article.id
    outcome: list[object] = []
    done = threading.Event()

    def match() -> None:
        try:
            with db.session() as s:
                outcome.append(match_new_claims(s, [s.get(Claim, new)]))
        except Exception as exc:  # noqa: BLE001 - examined below
            outcome.append(exc)
        finally:
            done.set()

    holder = db.engine.connect()
    worker = threading.Thread(target=match)
    try:
        holder_pid = backend_pid(holder)
        # An uncommitted row referencing the member: the transaction holds a key-share lock on it.
        holder.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", '
                            "date_is_reporting) VALUES (:c, :a, 'q', 0, 1, false)"), {"c": retold, "a": article_id})
        assert holder.execute(text("SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation "
                                   "WHERE l.pid = :p AND r.relname = 'claim' AND l.mode = 'RowShareLock'"),
                              {"p": holder_pid}).scalar() == 1  # the key check's (FOR KEY SHARE)
        worker.start()
        seen = poll_until(db, lambda c: "done" if done.is_set() else "waits" if waiting_for(c, holder_pid) else None,
                     "the merge is done or waits for the open transaction")
    finally:
        holder.rollback()
        holder.close()
        if worker.ident is not None:
            worker.join(30)
    assert seen == "done", "the merge waited for a lock on a member of the cluster it joins"
    assert len(outcome) == 1 and getattr(outcome[0], "duplicates", None) == 2, outcome
    with db.session() as s:
        assert s.get(Claim, new).canonical_id == head
        assert s.get(Claim, retold).canonical_id == head
        assert s.exec(text("SELECT count(*) FROM appearance")).scalar() == 0  # the holder's rolled back


def test_a_merge_locks_the_members_of_the_clusters_merged_away_only(db):
    """A new claim that bridges two clusters moves one's members into the other. The
    clusters' heads and the members that move are locked before the writes (as before the
    pipelines); the members of the cluster merged into are not (before: locked as well).
    The claims moved and their audit rows are the merge's as ever."""
    _postgresql(db)
    from sqlmodel import select

    from claims.matching.decision import DUPLICATE
    from claims.matching.parallel import Decided
    from claims.models import Event
    from claims.services.audit import new_batch
    from claims.services.merging import store_found

    head, retold = stored_cluster(db)
    with db.session() as s:
        second, second_member = Claim(text="second"), Claim(text="second, retold")
        s.add_all([second, second_member])
        s.flush()
        second_member.canonical_id = second.id
    second, second_member = second.id, second_member.id
    same = Decided(0.97, DUPLICATE, "test", False, "{}")
    with db.session() as s, db.engine.connect() as probe:
        bridge = Claim(text=AGAIN)
        s.add(bridge)
        s.flush()
        new = bridge.id
        # Pairs (stored, new) in the order found: new joins head's cluster, which joins second's.
        summary = store_found(s, [(head, new, same), (second, new, same)], new_batch())
        assert summary.duplicates == 2
        locked = set()
        for claim_id in (head, retold, second, second_member):
            try:
                probe.execute(text("SELECT id FROM claim WHERE id = :id FOR SHARE NOWAIT"), {"id": claim_id})
            except OperationalError:
                locked.add(claim_id)
            probe.rollback()
    # The heads (FOR NO KEY UPDATE OF h) and the member moved (FOR NO KEY UPDATE); not the target's member.
    assert locked == {head, retold, second}
    with db.session() as s:
        assert [s.get(Claim, i).canonical_id for i in (head, retold, new, second_member)] == [second] * 4
        moved = s.exec(select(Event.claim_id, Event.old, Event.new).where(Event.field == "canonical_id")
                       .order_by(Event.id)).all()
    assert moved == [(retold, None, str(head)),  # stored_cluster's
                     (new, None, str(second)), (head, None, str(second)), (retold, str(head), str(second))]


# --- pipelined: a failure names the statement that failed ------------------------------------


@pytest.mark.parametrize(("steps", "failing"), [
    ([("SELECT 1 / %s", (0,), False), ("SELECT 2", None, False)], 0),
    ([("SELECT 1", None, False), ("SELECT 1 / %s", (0,), False), ("SELECT 3", None, False)], 1),
    ([("SELECT %s", [(1,), (2,)], True), ("SELECT 1", None, False), ("SELECT 2 / %s", (0,), False)], 2),
    ([("SELECT 1", None, False), ("SELECT 1 / %s", [(1,), (0,)], True), ("SELECT 3", None, False)], 1),
])
def test_a_pipelines_failure_names_the_statement_that_failed(db, steps, failing):
    _postgresql(db)
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 0"))  # in a transaction, as a session's statements are
        with pytest.raises(DBAPIError, match="division by zero") as caught:
            pipelined(conn, steps)
        assert caught.value.statement == steps[failing][0]
        conn.rollback()
        assert conn.execute(text("SELECT 1")).scalar() == 1  # the connection goes on


def test_a_lock_timeout_on_the_merges_heads_names_that_read(db):
    """The heads' FOR NO KEY UPDATE of a new duplicate's merge (in the pipeline after the matches'
    insert) times out: the error shows that statement, not the insert's."""
    _postgresql(db)
    head, _ = stored_cluster(db)
    with db.engine.connect() as holder:
        # A change in progress on the head (a key-share for the matches' insert still goes).
        holder.execute(text("SELECT id FROM claim WHERE id = :h FOR NO KEY UPDATE"), {"h": head})
        with db.session() as s:
            claim = Claim(text=AGAIN)
            s.add(claim)
            s.flush()
            s.connection().exec_driver_sql("SET LOCAL lock_timeout = '100ms'")
            with pytest.raises(OperationalError, match="lock timeout") as caught:
                match_new_claims(s, [claim])
            s.rollback()
        holder.rollback()
    assert "FOR NO KEY UPDATE OF h" in caught.value.statement, caught.value.statement
    assert 'INSERT INTO "match"' not in caught.value.statement

"""Claims are locked for a change without blocking rows that merely point at them (PostgreSQL).

A merge or a review change locks the claims it changes; none of them ever changes a claim's
id, so the lock is `FOR NO KEY UPDATE`, the lock PostgreSQL's own UPDATE of such a row
takes. `FOR UPDATE` also blocks whoever inserts a row that references the claim (a match,
an appearance: the foreign-key check takes `FOR KEY SHARE`), so two new claims, each a
duplicate of one head and suggested with the other's, deadlocked: each had inserted its
suggestion's row pointing at the other's head, then waited to lock its own head.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from claims.matching.decision import DUPLICATE, SUGGESTED
from claims.matching.parallel import Decided
from claims.models import Article, Claim, Match
from claims.services.audit import new_batch
from claims.services.merging import merge_pairs, store_found
from claims.services.review import set_status
from tests.pg_sessions import backend_pid, poll_until, waiting_for

SAME = Decided(97.0, DUPLICATE, "test", False, "{}")
LIKELY = Decided(60.0, SUGGESTED, "test", False, "{}")


def _postgresql(db) -> None:
    if not db.is_postgresql:
        pytest.skip("row locks: PostgreSQL only")


def _runs_beside(db, holder_pid: int, work: Callable[[], object]) -> tuple[str, list[object], threading.Thread]:
    """Run `work` in a thread while the transaction of backend `holder_pid` stays open:
    'done' if it finished, 'waits' if it waited for that transaction (it is then left to
    finish once the caller ends the holder's transaction), with what it returned or raised."""
    outcome: list[object] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:  # noqa: BLE001 - examined by the caller
            outcome.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=run)
    worker.start()
    seen = poll_until(db, lambda c: "done" if done.is_set() else "waits" if waiting_for(c, holder_pid) else None,
                      "the work is done or waits for the open transaction")
    return seen, outcome, worker


def _in_thread(out: dict[str, object], key: str, work: Callable[[], object]) -> threading.Thread:
    """Run `work` in a thread; `out[key]` gets what it returned or raised."""
    def go() -> None:
        try:
            out[key] = work()
        except Exception as exc:  # noqa: BLE001 - examined by the caller
            out[key] = exc
    thread = threading.Thread(target=go)
    thread.start()
    return thread


def _blocked_by(holder: int, n: int) -> Callable:
    """A `poll_until` test: `n` backends wait for a lock `holder` (a backend pid) holds."""
    return lambda conn: conn.execute(text("SELECT count(*) FROM pg_stat_activity "
                                          "WHERE :h = ANY(pg_blocking_pids(pid))"), {"h": holder}).scalar() == n


def _heads(db, n: int) -> list[int]:
    with db.session() as s:
        claims = [Claim(text=f"stored claim number {i}") for i in range(n)]
        s.add_all(claims)
    return [c.id for c in claims]


def test_two_new_claims_suggested_with_each_others_heads_do_not_deadlock(db):
    """Y (a duplicate of B, suggested with A) is merged in an open transaction; X (a
    duplicate of A, suggested with B) is merged beside it. X's suggestion row points at B,
    which Y's merge holds; Y's suggestion row points at A, which X's merge locks. Before,
    X waited on Y's lock of B (and, the two interleaved, they deadlocked: 3 runs of 24)."""
    _postgresql(db)
    a, b = _heads(db, 2)
    with db.session() as s:
        x, y = Claim(text="X retold"), Claim(text="Y retold")
        s.add_all([x, y])
    x, y = x.id, y.id

    def merge_x():
        with db.session() as s:
            return store_found(s, [(a, x, SAME), (b, x, LIKELY)], new_batch())

    with db.session() as holder:
        pid = backend_pid(holder.connection())
        held = store_found(holder, [(b, y, SAME), (a, y, LIKELY)], new_batch())
        assert (held.duplicates, held.suggestions) == (1, 1)
        seen, outcome, worker = _runs_beside(db, pid, merge_x)
    worker.join(30)
    assert seen == "done", "X's merge waited for the transaction merging Y"
    assert len(outcome) == 1 and getattr(outcome[0], "duplicates", None) == 1, outcome
    with db.session() as s:
        assert s.get(Claim, x).canonical_id == a
        assert s.get(Claim, y).canonical_id == b
        rows = s.exec(text("SELECT claim_a_id, claim_b_id, state FROM match ORDER BY 1, 2")).all()
    assert rows == [(a, x, "confirmed"), (a, y, "suggested"), (b, x, "suggested"), (b, y, "confirmed")]


def test_a_review_change_does_not_wait_for_a_row_being_written_that_points_at_the_claim(db):
    """A reviewer sets a verdict on a claim while an ingest, not yet committed, stores a new
    appearance and a suggested match of it: the change goes through (before: it waited for
    the ingest's whole transaction)."""
    _postgresql(db)
    (claim,) = _heads(db, 1)
    with db.session() as s:
        article, other = Article(title="Floods", text="x", content_hash="floods"), Claim(text="retold")
        s.add_all([article, other])
    with db.engine.connect() as holder:
        pid = backend_pid(holder)
        holder.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", '
                            "date_is_reporting) VALUES (:c, :a, 'q', 0, 1, false)"), {"c": claim, "a": article.id})
        holder.execute(text("INSERT INTO match (claim_a_id, claim_b_id, score, scorer, explanation, state, "
                            "\"conflict\", created_at) VALUES (:a, :b, 60, 'test', '{}', 'suggested', false, now())"),
                       {"a": claim, "b": other.id})
        seen, outcome, worker = _runs_beside(db, pid, lambda: set_status(db, [claim], reviewer="ana", verdict="false"))
        holder.commit()
    worker.join(30)
    assert seen == "done", "the verdict waited for the ingest's transaction"
    assert not isinstance(outcome[0], Exception), outcome
    with db.session() as s:
        assert s.get(Claim, claim).verdict == "false"
        assert len(s.exec(text("SELECT id FROM match")).all()) == 1


@pytest.mark.parametrize("lock", ["FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE"])
def test_the_claims_a_merge_changes_stay_locked_against_other_changes(db, lock):
    """What the lighter lock still keeps out: every other lock a change takes (the merge's
    heads and the members that move), so two changes of one claim never interleave."""
    _postgresql(db)
    a, b = _heads(db, 2)
    with db.session() as s:
        member = Claim(text="b's member", canonical_id=b)
        s.add(member)
    with db.session() as s, db.engine.connect() as probe:
        store_found(s, [(a, b, SAME)], new_batch())
        for claim_id in (a, b, member.id):
            with pytest.raises(OperationalError, match="could not obtain lock"):
                probe.execute(text(f"SELECT id FROM claim WHERE id = :id {lock} NOWAIT"), {"id": claim_id})
            probe.rollback()


@pytest.mark.parametrize("reads", ["with the insert", "apart"])
def test_a_head_merged_away_while_a_new_claims_merge_waited_for_it(db, reads):
    """X, a duplicate of head A, waits for A's lock while a reviewer's merge moves A under C.
    Once A is X's, it is a member: X joins C (A's cluster now), never A, which would make a
    cluster of a member (X -> A -> C, a chain every read of clusters takes for flat)."""
    _postgresql(db)
    a, c = _heads(db, 2)
    with db.session() as s:
        member = Claim(text="a's member", canonical_id=a)
        x = Claim(text="X retold")
        s.add_all([member, x])
    member, x = member.id, x.id

    def merge_x():
        with db.session() as s:
            if reads == "apart":  # as an import's merges are: the heads read 500 claims at a time
                return merge_pairs(s, [(a, x)], batch=new_batch())
            return store_found(s, [(a, x, SAME)], new_batch())

    with db.engine.connect() as holder:
        pid = backend_pid(holder)
        holder.execute(text("SELECT id FROM claim WHERE id IN (:a, :c) ORDER BY id FOR NO KEY UPDATE"), {"a": a, "c": c})
        holder.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 WHERE id IN (:a, :m)"),
                       {"a": a, "c": c, "m": member})
        seen, outcome, worker = _runs_beside(db, pid, merge_x)
        holder.commit()
    worker.join(30)
    assert seen == "waits"
    assert len(outcome) == 1, outcome
    with db.session() as s:
        heads = {i: s.get(Claim, i).canonical_id for i in (a, member, x, c)}
    assert heads == {a: c, member: c, x: c, c: None}, outcome


def test_following_a_moved_head_never_waits_for_its_new_head(db):
    """X's merge waited for head A, which was merged into C meanwhile; it holds A (a member of
    C now). A change of C's cluster (a reviewer's merge or unmerge: C, then its members)
    waits for A. Had X's merge then waited for C while holding A, the two deadlocked (found
    in review: 10 of 11 runs); it lets go of A and takes its heads again, in order, so both
    changes go through and X joins C."""
    _postgresql(db)
    a, c, x = _heads(db, 3)
    out: dict[str, object] = {}

    def merge_x():
        with db.session() as s:
            return store_found(s, [(a, x, SAME)], new_batch())

    def change_of_c():  # as lock_clusters does: the head, then its members
        with db.engine.connect() as conn:
            conn.execute(text("SELECT id FROM claim WHERE id = :c FOR NO KEY UPDATE"), {"c": c})
            conn.execute(text("SELECT id FROM claim WHERE canonical_id = :c ORDER BY id FOR NO KEY UPDATE"), {"c": c})
            conn.commit()
            return "done"

    with db.engine.connect() as holder:
        pid = backend_pid(holder)
        holder.execute(text("SELECT id FROM claim WHERE id IN (:a, :c) ORDER BY id FOR NO KEY UPDATE"), {"a": a, "c": c})
        holder.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 WHERE id = :a"), {"a": a, "c": c})
        merging = _in_thread(out, "merge", merge_x)
        poll_until(db, _blocked_by(pid, 1), "X's merge waits for A")
        changing = _in_thread(out, "change", change_of_c)
        poll_until(db, _blocked_by(pid, 2), "the change of C waits too")
        holder.commit()
    merging.join(30)
    changing.join(30)
    assert out["change"] == "done", out
    assert getattr(out["merge"], "duplicates", None) == 1, out
    with db.session() as s:
        assert s.get(Claim, x).canonical_id == c


@pytest.mark.parametrize("reads", ["with the insert", "apart"])
def test_a_merge_that_finds_a_moved_claims_new_head_busy_takes_its_heads_again(db, reads):
    """X's merge waits for head A while A is moved under C; C is held by another change
    meanwhile. Once A is X's, following it to C would wait out of order (X's merge holds A):
    it let go of its heads and tries again from its savepoint, in order, waiting for C this
    time; X joins C once the other change ends. (It gave up the whole ingest or import
    with "try again" before: issue 13.)"""
    _postgresql(db)
    a, c, x = _heads(db, 3)

    def merge_x():
        with db.session() as s:
            if reads == "apart":  # as an import's merges are: the heads read 500 claims at a time
                return merge_pairs(s, [(a, x)], batch=new_batch())
            return store_found(s, [(a, x, SAME)], new_batch())

    with db.engine.connect() as busy, db.engine.connect() as mover:
        busy_pid, mover_pid = backend_pid(busy), backend_pid(mover)
        busy.execute(text("SELECT id FROM claim WHERE id = :c FOR NO KEY UPDATE"), {"c": c})
        mover.execute(text("SELECT id FROM claim WHERE id = :a FOR NO KEY UPDATE"), {"a": a})
        mover.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 WHERE id = :a"), {"a": a, "c": c})
        seen, outcome, worker = _runs_beside(db, mover_pid, merge_x)
        assert seen == "waits"
        mover.commit()
        then = poll_until(db, lambda conn: "done" if outcome else "waits" if waiting_for(conn, busy_pid) else None,
                          "X's merge ends or waits for C")
        with db.engine.connect() as look:  # waiting for C, it holds no lock of A
            assert look.execute(text("SELECT id FROM claim WHERE id = :a FOR NO KEY UPDATE NOWAIT"),
                                {"a": a}).scalar() == a
        busy.commit()
    worker.join(30)
    assert then == "waits", outcome
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    with db.session() as s:
        heads = {i: s.get(Claim, i).canonical_id for i in (a, x, c)}
    assert heads == {a: c, x: c, c: None}


def test_many_claims_moved_while_their_merge_waited(db):
    """An import's merge (heads read 500 claims at a time) names 600 members of A, each a
    duplicate of a claim of its own; A and its members were moved under C while the merge
    waited for A. Every one is followed (500 at a time) and each pair joins C."""
    _postgresql(db)
    a, c = _heads(db, 2)
    with db.session() as s:
        members = [Claim(text=f"a's member {i}", canonical_id=a) for i in range(600)]
        new = [Claim(text=f"new retelling {i}") for i in range(600)]
        s.add_all(members + new)
    members, new = [m.id for m in members], [n.id for n in new]

    def merge():
        with db.session() as s:
            return merge_pairs(s, list(zip(members, new, strict=True)), batch=new_batch())

    with db.engine.connect() as holder:
        pid = backend_pid(holder)
        holder.execute(text("SELECT id FROM claim WHERE id IN (:a, :c) ORDER BY id FOR NO KEY UPDATE"), {"a": a, "c": c})
        holder.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 "
                            "WHERE id = :a OR canonical_id = :a"), {"a": a, "c": c})
        seen, outcome, worker = _runs_beside(db, pid, merge)
        holder.commit()
    worker.join(60)
    assert seen == "waits"
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    with db.session() as s:
        rows = dict(s.exec(text("SELECT id, canonical_id FROM claim")).all())
    assert rows[a] == c and rows[c] is None
    assert {rows[i] for i in members + new} == {c}


def test_a_merge_follows_only_its_own_claims(db):
    """A new claim's pairs (P, Q) (stored already: the insert skips it) and (N, R). P was
    merged into C while the merge waited for P, and C is held by another change: only the
    claims of the pairs merged are followed, so R joins N (before: P was followed too, C was
    busy, and the whole merge gave up with StaleVersion; found in review)."""
    _postgresql(db)
    p, c, q, n, r = _heads(db, 5)
    with db.session() as s:
        s.add(Match(claim_a_id=p, claim_b_id=q, score=90, scorer="test", state="suggested"))

    def merge():
        with db.session() as s:
            return store_found(s, [(p, q, SAME), (n, r, SAME)], new_batch())

    with db.engine.connect() as busy, db.engine.connect() as holder:
        busy.execute(text("SELECT id FROM claim WHERE id = :c FOR NO KEY UPDATE"), {"c": c})
        pid = backend_pid(holder)
        holder.execute(text("SELECT id FROM claim WHERE id = :p FOR NO KEY UPDATE"), {"p": p})
        holder.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 WHERE id = :p"), {"p": p, "c": c})
        seen, outcome, worker = _runs_beside(db, pid, merge)
        holder.commit()
        worker.join(30)
        busy.commit()
    assert seen == "waits"
    assert getattr(outcome[0], "duplicates", None) == 1, outcome
    with db.session() as s:
        assert s.get(Claim, r).canonical_id == n


def test_a_merge_tried_again_holds_no_claim_it_names_while_it_waits(db):
    """As above, and the change holding C is an import's undo, which takes C, then A, FOR
    UPDATE (to delete them). X's merge holds A when it finds C busy; it must let go of A
    whole, its lock and the hold its match row's insert takes on it (FOR KEY SHARE): had it
    waited for C still holding A, the undo and the merge deadlocked (3 of 3 runs in review).
    The undo goes through, then X's merge, which joins C."""
    _postgresql(db)
    a, c, x = _heads(db, 3)
    if not c < a:  # the undo takes them in id order: C first, as in review's case
        a, c = c, a
    out: dict[str, object] = {}

    def merge_x():
        with db.session() as s:
            return store_found(s, [(a, x, SAME)], new_batch())

    def undo_like():
        with db.engine.connect() as conn:
            conn.execute(text("SELECT id FROM claim WHERE id IN (:c, :a) ORDER BY id FOR UPDATE"), {"a": a, "c": c})
            conn.commit()
            return "done"

    with db.engine.connect() as mover:
        pid = backend_pid(mover)
        mover.execute(text("SELECT id FROM claim WHERE id IN (:a, :c) ORDER BY id FOR NO KEY UPDATE"), {"a": a, "c": c})
        mover.execute(text("UPDATE claim SET canonical_id = :c, version = version + 1 WHERE id = :a"), {"a": a, "c": c})
        merging = _in_thread(out, "merge", merge_x)
        poll_until(db, _blocked_by(pid, 1), "X's merge waits for A")
        undoing = _in_thread(out, "undo", undo_like)
        poll_until(db, _blocked_by(pid, 2), "the undo waits for C")
        mover.commit()
    merging.join(60)
    undoing.join(60)
    assert out["undo"] == "done", out
    assert getattr(out["merge"], "duplicates", None) == 1, out
    with db.session() as s:
        assert s.get(Claim, x).canonical_id == c


def test_the_heads_of_a_merge_of_many_claims_are_locked_in_id_order(db, monkeypatch):
    """An import's merge names 1,200 claims; the first's head is H2, the 501st's H1 (H1 < H2).
    Read 500 claims at a time, each part locked in order, it took H2 with the first part and
    waited for H1 with the second, while a change taking H1, then H2 (in order, as every
    change does) waited for H2: a deadlock, the whole import lost (found in review). All of
    its heads are taken in one statement now, in order: the change goes first."""
    _postgresql(db)
    from claims.services import merging

    monkeypatch.setattr(merging, "HEADS_PART", 100)  # the one statement's rows read in parts
    ids = _heads(db, 1_302)
    claims, h1, h2 = ids[:1_200], ids[1_300], ids[1_301]
    first, five_hundred_first = claims[0], claims[500]
    with db.session() as s:
        s.get(Claim, first).canonical_id = h2
        s.get(Claim, five_hundred_first).canonical_id = h1
    pairs = list(zip(claims[:600], claims[600:], strict=True))

    def merge():
        with db.session() as s:
            return merge_pairs(s, pairs, batch=new_batch())

    with db.engine.connect() as other:
        pid = backend_pid(other)
        other.execute(text("SELECT id FROM claim WHERE id = :h FOR NO KEY UPDATE"), {"h": h1})
        seen, outcome, worker = _runs_beside(db, pid, merge)
        assert seen == "waits"
        try:
            other.execute(text("SELECT id FROM claim WHERE id = :h FOR NO KEY UPDATE"), {"h": h2})
            other.commit()
            took = "both"
        except OperationalError as exc:
            took = str(exc).splitlines()[0]
    worker.join(60)
    assert took == "both", took
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    with db.session() as s:
        rows = dict(s.exec(text("SELECT id, canonical_id FROM claim")).all())
    assert rows[claims[600]] == h2 and rows[claims[1_100]] == h1


def test_an_import_undo_takes_the_heads_first_so_a_merge_holding_one_does_not_deadlock(db):
    """A (imported) is a member of C (imported), A < C. A change holds C; a new claim X's
    merge with A waits for C; the import's undo starts. It took the imported claims FOR
    UPDATE in plain id order: A, then it waited for C, while the merge, given C, waited for
    A (its match row's insert holds the claims it names): deadlock (3 of 3 in review). It
    takes the clusters' main claims first now, as every change does: C, then A."""
    _postgresql(db)
    from claims.errors import ClaimsError
    from claims.services.import_undo import undo_import
    from claims.services.importer import import_text

    report = import_text(db, "id,text\na1,the bridge was closed for nine days in March\n"
                             "c1,ferry tickets cost twelve euros on weekdays\n", name="two.csv", reviewer="ana")
    a, c = sorted(report.claim_ids)
    with db.session() as s:  # A a member of C (a reviewer's merge, C kept as the main claim)
        s.get(Claim, a).canonical_id = c
        x = Claim(text="the bridge was closed for nine days in March, they said")
        s.add(x)
    x = x.id
    out: dict[str, object] = {}

    def merge_x():
        with db.session() as s:
            return store_found(s, [(a, x, SAME)], new_batch())

    def undo():
        try:
            with db.session() as s:
                undo_import(s, report.batch, reviewer="bo")
            return "undone"
        except ClaimsError as exc:  # refused (a claim merged into the import's since): no deadlock
            return f"refused: {exc}"

    def waiting(n: int):  # (a second waiter for a row waits for the first, not the holder)
        return lambda conn: conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                              "AND cardinality(pg_blocking_pids(pid)) > 0")).scalar() == n

    with db.engine.connect() as holder:
        holder.execute(text("SELECT id FROM claim WHERE id = :c FOR NO KEY UPDATE"), {"c": c})
        merging = _in_thread(out, "merge", merge_x)
        poll_until(db, waiting(1), "X's merge waits for C")
        undoing = _in_thread(out, "undo", undo)
        poll_until(db, waiting(2), "the undo waits too")
        holder.commit()
    merging.join(60)
    undoing.join(60)
    assert not isinstance(out["undo"], Exception), out
    assert not isinstance(out["merge"], Exception), out

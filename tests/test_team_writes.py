"""The lean write path and the locks, on SQLite and PostgreSQL.

set_status's Core path must give the same rows and audit as the ORM path did; merges lock
their clusters before reading; SQLite's BEGIN IMMEDIATE waits in short steps and still
gives up at the busy timeout; an idle pooled PostgreSQL connection that died is replaced.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select

from claims.errors import NotFound, StaleVersion
from claims.models import Appearance, Article, Claim, Event, Match, Outlet
from claims.services.audit import write_claims
from claims.services.clusters import merge
from claims.services.queries import ROW_COLUMNS, rows_for, rows_from_records
from claims.services.review import set_status
from claims.services.team import lock_heads
from db.engine import begin_immediate
from tests.pg_sessions import backend_pid, poll_until, waiting_for


@pytest.fixture
def ids(db) -> list[int]:
    """Five claims; 0 and 1 appear in two outlets' articles; a suggestion links 0 and 2."""
    with db.session() as s:
        outlets = [Outlet(name="Herald"), Outlet(name="Courier")]
        s.add_all(outlets)
        s.flush()
        articles = [Article(text="x" * 400, content_hash=f"h{i}", outlet_id=o.id) for i, o in enumerate(outlets)]
        articles.append(Article(text="y" * 400, content_hash="h-none"))  # no outlet
        s.add_all(articles)
        s.flush()
        claims = [Claim(text=f"Exports grew {n} percent in the first quarter.", checkworthiness=0.5)
                  for n in range(5)]
        s.add_all(claims)
        s.flush()
        for k, (claim, article) in enumerate([(0, 0), (0, 1), (1, 1), (1, 2), (3, 0)]):
            s.add(Appearance(claim_id=claims[claim].id, article_id=articles[article].id, quote="q",
                             start=k * 10, end=k * 10 + 5))
        s.add(Match(claim_a_id=claims[0].id, claim_b_id=claims[2].id, score=0.8, scorer="test"))
        s.add(Match(claim_a_id=claims[3].id, claim_b_id=claims[4].id, score=0.8, scorer="test"))
        return [c.id for c in claims]


def test_rows_from_records_equals_rows_for(db, ids):
    merge(db, [ids[0], ids[1]], reviewer="ana")  # a cluster: appearances counted over both
    with db.session() as s:
        claims = [s.get(Claim, i) for i in (ids[0], ids[2], ids[3], ids[4])]
        expected = rows_for(s, claims)
        records = [{name: getattr(c, name) for name in ROW_COLUMNS} for c in claims]
        got = rows_from_records(s.connection(), records)
    assert got == expected
    assert got[0].appearances == 4 and got[0].outlets == ["Courier", "Herald"]
    assert got[0].pending_suggestions == 1 and got[2].pending_suggestions == 1


def test_set_status_returns_the_same_rows_as_a_fresh_read(db, ids):
    rows = set_status(db, [ids[0], ids[3]], reviewer="ana", status="verified", verdict="false",
                      evidence=["https://a.example/1"])
    with db.session() as s:
        fresh = rows_for(s, [s.get(Claim, ids[0]), s.get(Claim, ids[3])])
    assert rows == fresh
    assert [r.version for r in rows] == [2, 2] and rows[0].reviewer == "ana"
    merge(db, [ids[0], ids[1]], reviewer="ana")
    one = set_status(db, [ids[1]], reviewer="bo", verdict="mixed", note="n")  # one claim: via RETURNING
    with db.session() as s:
        assert one == rows_for(s, [s.get(Claim, ids[0])])
    assert one[0].appearances == 4 and one[0].outlets == ["Courier", "Herald"] and one[0].pending_suggestions == 1
    assert set_status(db, [ids[0]], reviewer="ana", status="in_review", return_rows=False) == []


def test_a_member_id_changes_its_cluster_once(db, ids):
    merge(db, [ids[0], ids[1], ids[2]], reviewer="ana")
    with db.session() as s:
        version = s.get(Claim, ids[0]).version
    rows = set_status(db, [ids[1], ids[2], ids[0]], reviewer="bo", status="not_checkable",
                      expected_versions={ids[2]: version})
    assert [r.id for r in rows] == [ids[0]] and rows[0].version == version + 1
    with db.session() as s:
        events = s.exec(select(Event).where(Event.action == "set-status")).all()
        assert [(e.claim_id, e.field, e.new) for e in events] == [(ids[0], "status", "not_checkable")]
        assert s.get(Claim, ids[1]).status == "unverified"  # members keep their own fields
    with pytest.raises(StaleVersion, match="changed by bo"):
        set_status(db, [ids[1]], reviewer="cy", status="in_review", expected_versions={ids[1]: version})
    with pytest.raises(NotFound, match="claim 987654"):
        set_status(db, [ids[3], 987654], reviewer="cy", status="in_review")


def test_a_claim_merged_away_since_it_was_loaded_is_refused(db, ids):
    """Versions are per claim: the cluster it joined may have the version the caller saw."""
    merge(db, [ids[3], ids[4]], reviewer="bo")  # claim 3 is now at version 2
    merge(db, [ids[0], ids[1]], reviewer="bo")  # claim 0 is at version 2 too: a coincidence
    with pytest.raises(StaleVersion, match=rf"claim {ids[1]} was merged into claim {ids[0]}"):
        set_status(db, [ids[1]], reviewer="cy", status="in_review", expected_versions={ids[1]: 2},
                   expected_canonical={ids[1]: ids[1]})
    rows = set_status(db, [ids[1]], reviewer="cy", status="in_review", expected_versions={ids[1]: 2},
                      expected_canonical={ids[1]: ids[0]})
    assert rows[0].id == ids[0]


def test_no_change_writes_nothing(db, ids):
    set_status(db, [ids[0]], reviewer="ana", status="in_review")
    rows = set_status(db, [ids[0]], reviewer="bo", status="in_review")
    assert rows[0].version == 2 and rows[0].reviewer == "ana"
    with db.session() as s:
        assert len(s.exec(select(Event)).all()) == 1


def test_write_claims_refuses_a_version_someone_else_moved(db, ids):
    set_status(db, [ids[0]], reviewer="bo", status="in_review")
    set_status(db, [ids[0]], reviewer="bo", status="not_checkable")  # version 1 -> 3
    with pytest.raises(StaleVersion, match=r"claim \d+ was changed by bo .*version 1 -> 3"), \
            db.write_connection() as conn:
        write_claims(conn, [({"id": ids[1], "version": 1}, {"status": "in_review", "version": 2}),
                            ({"id": ids[0], "version": 1}, {"status": "in_review", "version": 2})])
    with db.session() as s:  # all or nothing: the good claim was not written either
        assert s.get(Claim, ids[1]).status == "unverified"


def test_merge_waits_for_a_change_in_progress_and_sees_it(db, ids):
    """The merge locks both clusters before reading them: it waits for the open change,
    then carries its verdict into the cluster; nothing is refused as stale."""
    locked, release = threading.Event(), threading.Event()

    def change():
        with db.write_connection() as conn:
            lock_heads(conn, [ids[3]])
            locked.set()
            release.wait(5)
            conn.execute(text("UPDATE claim SET status = 'verified', verdict = 'false', version = version + 1 "
                              "WHERE id = :id"), {"id": ids[3]})

    t = threading.Thread(target=change)
    t.start()
    assert locked.wait(5)
    result = {}
    m = threading.Thread(target=lambda: result.setdefault("change", merge(db, [ids[4], ids[3]], reviewer="ana")))
    m.start()
    time.sleep(0.3)
    assert m.is_alive()  # waiting for the lock
    release.set()
    t.join(5)
    m.join(10)
    assert result["change"].moved == [ids[3]]
    with db.session() as s:
        target = s.get(Claim, ids[4])
        assert (target.status, target.verdict) == ("verified", "false")
        assert s.get(Claim, ids[3]).canonical_id == ids[4]


def test_concurrent_merges_and_changes_lose_nothing(db, ids):
    errors = []

    def merges():
        try:
            for _ in range(5):
                merge(db, [ids[0], ids[1]], reviewer="m")
                merge(db, [ids[2], ids[3]], reviewer="m")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def changes(n):
        for i in range(10):
            while True:
                try:
                    set_status(db, [ids[i % 4]], reviewer=f"r{n}", status=["in_review", "unverified"][i % 2])
                    break
                except StaleVersion:
                    continue
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=merges), *(threading.Thread(target=changes, args=(n,)) for n in range(3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with db.session() as s:
        for claim_id in ids[:4]:
            events = s.exec(select(Event).where(Event.claim_id == claim_id, Event.field == "status")
                            .order_by(col(Event.id))).all()
            chain = ["unverified"] + [e.new for e in events]
            assert [e.old for e in events] == chain[:-1]
            assert s.get(Claim, claim_id).status == chain[-1]


def test_a_change_merged_away_while_waiting_does_not_deadlock(db, ids):
    """The flaky deadlock between merge and set_status (issue 15), made to happen: a change
    waits for claim b while b is merged into a, and a merge already holds a and then wants b.
    The change, holding b (a member now), must not wait for a: it gives up (StaleVersion,
    which callers retry) and the merge goes on.

    Each step waits for the one before to show in pg_locks: once b's merge commits, the
    change follows b's new row version and locks it, and the merge asks for b only after
    that (had it asked first, it would get b, commit, and the change would find a free)."""
    if not db.is_postgresql:
        pytest.skip("row locks: PostgreSQL only (SQLite writers queue for one write lock)")
    a, b = ids[0], ids[1]
    outcome: list[object] = []

    def change() -> None:
        try:
            set_status(db, [b], reviewer="r", status="in_review")
            outcome.append("done")
        except Exception as exc:  # noqa: BLE001 - examined below
            outcome.append(exc)

    merging, other = db.engine.connect(), db.engine.connect()
    try:
        merging_pid, other_pid = backend_pid(merging), backend_pid(other)
        merging.execute(text("SELECT id FROM claim WHERE id = :b FOR NO KEY UPDATE"), {"b": b})
        merging.execute(text("UPDATE claim SET canonical_id = :a WHERE id = :b"), {"a": a, "b": b})
        worker = threading.Thread(target=change)
        worker.start()
        poll_until(db, lambda c: waiting_for(c, merging_pid), "the change waits for b")
        other.execute(text("SELECT id FROM claim WHERE id = :a FOR NO KEY UPDATE"), {"a": a})  # a merge holds a
        merging.commit()  # b is a member of a now; the change gets b
        # The change holds b and then either gives up (fixed) or waits for a, held by the merge.
        poll_until(db, lambda c: outcome or waiting_for(c, other_pid), "the change is done or waits for a")
        other.execute(text("SET LOCAL lock_timeout = '20s'"))
        other.execute(text("SELECT id FROM claim WHERE canonical_id = :a FOR NO KEY UPDATE"), {"a": a})  # ... wants b
        other.commit()
        worker.join(30)
    finally:
        merging.close()
        other.close()
    assert len(outcome) == 1 and isinstance(outcome[0], StaleVersion), outcome
    set_status(db, [b], reviewer="r", status="in_review")  # tried again, it goes to the head
    with db.session() as s:
        assert s.get(Claim, a).status == "in_review" and s.get(Claim, b).canonical_id == a


# --- SQLite: the write lock is waited for in short steps ----------------------------------


@pytest.mark.sqlite_only
def test_begin_immediate_waits_briefly_then_gives_up(db):
    path = db.url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None)
    threading.Timer(0.05, holder.execute, args=("COMMIT",)).start()
    t = time.perf_counter()
    begin_immediate(waiter)
    assert time.perf_counter() - t < 0.5  # not SQLite's 100 ms back-off steps
    assert waiter.in_transaction
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] > 0  # restored for other statements
    waiter.execute("ROLLBACK")
    holder.execute("BEGIN IMMEDIATE")
    t = time.perf_counter()
    with pytest.raises(OperationalError, match="locked"):
        begin_immediate(waiter, timeout_ms=100)
    assert 0.09 < time.perf_counter() - t < 1.0
    holder.execute("ROLLBACK")


# --- PostgreSQL: a pooled connection that died while idle is replaced ------------------------


def test_idle_dead_connection_is_replaced(db, ids, monkeypatch):
    if not db.is_postgresql:
        pytest.skip("PostgreSQL only")
    import db.engine as engine_mod

    db.engine.dispose()  # a pool of exactly one connection, then kill it behind the pool's back
    with db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        conn.rollback()
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            other.commit()
            other.invalidate()  # only the dead connection goes back to the pool
    time.sleep(0.1)
    monkeypatch.setattr(engine_mod, "PG_PING_IDLE_S", 0.0)
    rows = set_status(db, [ids[0]], reviewer="ana", status="in_review")
    assert rows[0].status == "in_review"


def test_row_extra_columns_equal_rows_for(db, ids):
    from sqlalchemy import select as sa_select

    from claims.services.queries import row_extra_columns, row_from_record

    merge(db, [ids[0], ids[1]], reviewer="ana")
    table = Claim.__table__
    with db.session() as s:
        claims = [s.get(Claim, i) for i in (ids[0], ids[2], ids[3], ids[4])]
        expected = rows_for(s, claims)
        got = [row_from_record(r) for r in s.connection().execute(
            sa_select(table, *row_extra_columns()).where(table.c.id.in_([c.id for c in claims]))
            .order_by(table.c.id)).mappings()]
    assert sorted(got, key=lambda r: r.id) == sorted(expected, key=lambda r: r.id)


def test_hot_statements_stay_prepared_on_postgresql(db, ids):
    """psycopg prepares a statement on its 5th use and forgets them all on any ROLLBACK: the
    read sessions and write paths must end in COMMIT for the prepared plans to survive."""
    if not db.is_postgresql:
        pytest.skip("PostgreSQL only")
    from claims.services.queries import claim_detail

    db.engine.dispose()  # one pooled connection from here on
    for n in range(8):
        claim_detail(db, ids[0])  # a desk read between changes
        set_status(db, [ids[0]], reviewer="ana", status=["in_review", "not_checkable"][n % 2])
    with db.engine.connect() as conn:
        prepared = [s for (s,) in conn.execute(text("SELECT statement FROM pg_prepared_statements"))]
        conn.commit()
    assert any(s.lstrip().startswith("UPDATE claim") for s in prepared), prepared
    assert any("FOR NO KEY UPDATE OF" in s for s in prepared), prepared

"""A new claim's postings and key counts on PostgreSQL (issue 13).

On PostgreSQL a new claim's postings and key counts are sent with its neighbours' lookup
(`StoreIndex.add(with_lookup=True)`), one round trip less than writing them first. These
check that this changes nothing: two writers at once still find each other's claims, and
the index, the counts and the matches are those of writing them first.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import select

from claims.matching.rerank import TITLE_PREFIX
from claims.models import Appearance, Article, Claim, Match
from claims.services import store_index
from claims.services.matching import match_new_claims
from db import Database
from tests.test_new_claim_statements import AGAIN, ORIGINAL, OTHER, RETOLD

UNRELATED = [
    "Ridership on the Halden buses fell by 18 percent last year, the transport office said",
    "The council approved a budget of 2.1 billion kroner for the new hospital wing",
    "Fewer than 300 students applied to the teacher training college this autumn",
    "The ferry to Hvaler will run every 40 minutes from the first of June",
]


@pytest.fixture
def pg(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("PostgreSQL is not reachable")
    return fresh_pg_url


def _wait_for_lock(db: Database, pid: int, done: threading.Event) -> None:
    """Until the backend `pid` waits on a lock (polled, not slept on), or fails if it ends first."""
    deadline = time.monotonic() + 60
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            if done.is_set():
                pytest.fail("the second writer finished without waiting on the first one's locks")
            waiting = conn.execute(text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                                   {"pid": pid}).scalar()
            conn.rollback()  # a fresh snapshot of the activity for the next poll
            if waiting == "Lock":
                return
            done.wait(0.01)
    pytest.fail("the second writer never waited on the first one's locks")


def test_a_writer_waiting_on_anothers_locks_finds_its_claim(pg):
    """Writer A matches a claim and holds its transaction open; writer B matches a retelling
    of it, waits on A's locks on the key counts, and goes on once A commits: its lookup sees
    A's claim (READ COMMITTED: a statement begun after the wait). Sent with the lookup as one
    statement, the postings' write waited inside it, whose reads kept the snapshot from
    before the wait: B missed A's claim (no match, two unmerged duplicates)."""
    db = Database(pg("writers"))
    try:
        with db.session() as s:
            stored = [Claim(text=t) for t in UNRELATED]
            s.add_all(stored)
            s.flush()
            match_new_claims(s, stored)
        a_matched, a_release, b_ready, b_done = (threading.Event() for _ in range(4))
        out: dict[str, object] = {}

        def new_claim(s, name: str, claim_text: str) -> None:
            claim = Claim(text=claim_text)
            s.add(claim)
            s.flush()
            out[name] = (claim.id, match_new_claims(s, [claim]))

        def writer_a() -> None:
            try:
                with db.session() as s:
                    new_claim(s, "a", RETOLD)
                    a_matched.set()
                    a_release.wait(60)  # the transaction open, its locks held
            except BaseException as e:  # noqa: BLE001 - handed to the test's thread
                out["a_error"] = e
            finally:
                a_matched.set()

        def writer_b() -> None:
            try:
                a_matched.wait(60)
                with db.session() as s:
                    out["b_pid"] = s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
                    b_ready.set()
                    new_claim(s, "b", AGAIN)
            except BaseException as e:  # noqa: BLE001 - handed to the test's thread
                out["b_error"] = e
            finally:
                b_ready.set()
                b_done.set()

        a, b = threading.Thread(target=writer_a), threading.Thread(target=writer_b)
        a.start()
        b.start()
        try:
            b_ready.wait(60)
            assert "b_pid" in out, out
            _wait_for_lock(db, out["b_pid"], b_done)
        finally:
            a_release.set()
            a.join(60)
            b.join(60)
        assert "a_error" not in out and "b_error" not in out, out
        (a_id, a_summary), (b_id, b_summary) = out["a"], out["b"]
        assert a_summary.duplicates == 0
        assert b_summary.duplicates == 1
        with db.session() as s:
            pairs = s.exec(select(Match.claim_a_id, Match.claim_b_id, Match.state)).all()
            assert pairs == [(a_id, b_id, "confirmed")]
            assert s.get(Claim, b_id).canonical_id == a_id
    finally:
        db.close()


# -- the postings written with the lookup, or first --------------------------------------------

BATCHES = [
    # the first claim of an empty store
    [(ORIGINAL, None)],
    # a claim of no key; duplicates within the batch and of the stored claim; one unrelated
    [("— …", None), (RETOLD, None), (OTHER, None), (AGAIN, None), (RETOLD, None)],
    # a claim whose only keys are its title's (its text has none), one with both
    [("?!", "Flood warning for Halden as the river rises"),
     ("The river in Halden peaked at 7.4 metres on Friday", "Flood warning for Halden as the river rises")],
    # one claim alone, a duplicate, under a title
    [("On Friday the river in Halden peaked at 7.4 metres, the highest since 1987", "River peaks")],
]


def _ingest(url: str, *, with_lookup: bool, monkeypatch) -> tuple[list, list, list]:
    add = store_index.StoreIndex.add
    with monkeypatch.context() as mp:
        mp.setattr(store_index.StoreIndex, "add", lambda self, items, *, with_lookup=False, _add=add, _mode=with_lookup:
                   _add(self, items, with_lookup=with_lookup and _mode))
        db = Database(url)
        try:
            for n, batch in enumerate(BATCHES):
                with db.session() as s:
                    claims = [Claim(text=t) for t, _ in batch]
                    s.add_all(claims)
                    s.flush()
                    for i, (claim, (claim_text, title)) in enumerate(zip(claims, batch, strict=True)):
                        if title is not None:
                            article = Article(title=title, text=claim_text, content_hash=f"{n}-{i}")
                            s.add(article)
                            s.flush()
                            s.add(Appearance(claim_id=claim.id, article_id=article.id, quote=claim_text,
                                             start=0, end=len(claim_text)))
                    s.flush()
                    match_new_claims(s, claims)
            with db.engine.connect() as conn:
                postings = conn.execute(text("SELECT claim_id, key FROM claim_key ORDER BY 1, 2")).all()
                counts = conn.execute(text("SELECT key, df FROM key_stat ORDER BY 1")).all()
                matches = conn.execute(text("SELECT claim_a_id, claim_b_id, state, score, conflict FROM match "
                                            "ORDER BY 1, 2")).all()
                canonical = conn.execute(text("SELECT id, canonical_id FROM claim ORDER BY 1")).all()
            return postings, counts, matches + canonical
        finally:
            db.close()


def test_postings_written_with_the_lookup_are_those_written_first(pg, monkeypatch):
    deferred = _ingest(pg("deferred"), with_lookup=True, monkeypatch=monkeypatch)
    immediate = _ingest(pg("immediate"), with_lookup=False, monkeypatch=monkeypatch)
    postings, counts, matches = deferred
    assert (postings, counts, matches) == immediate
    # What the batches are meant to cover happened: a claim indexed under its title alone, a
    # claim of no key, the count of claims, duplicates found within a batch.
    ids = {cid for cid, _ in postings}
    assert any(all(k.startswith(TITLE_PREFIX) for cid2, k in postings if cid2 == cid) for cid in ids)
    assert len(ids) < sum(map(len, BATCHES))
    assert dict(counts)[store_index.DOCS_KEY] == sum(map(len, BATCHES))
    assert sum(1 for row in matches if len(row) == 5 and row[2] == "confirmed") >= 4

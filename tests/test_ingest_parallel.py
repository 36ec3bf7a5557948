"""A large article's pairs are compared in worker processes (issue 15, finding 7): the claims,
merges, suggestions and conflicts stored are those one process stores, on both backends."""

from __future__ import annotations

import random
import subprocess
import sys
import threading

import pytest
from sqlmodel import select

from claims.matching.parallel import PairComparer, WorkerStopped
from claims.models import Claim, Match
from claims.services import matching, merging
from claims.services.ingest import ingest_source
from claims.sources import ArticleSource
from db import Database
from tests.workers import empty_twin, ingest_fails_in_one_line, interrupt_at_answer, nothing_stored

SPEAKERS = ("The mayor", "The governor", "Senator Jane Ruiz", "Mayor Tom Becker", "A police spokesman")
NOUNS = ("homes", "jobs", "schools", "bridges", "farms", "buses")
PLACES = ("Springfield", "Riverside", "Dayton", "the county", "the valley")


def article(statements: int, seed: int = 7) -> str:
    """Reported statements of a few patterns, figures and names drawn anew: many retold with
    another figure (conflicts), some word for word (duplicates), some reworded (suggestions)."""
    rng = random.Random(seed)
    out = []
    for _ in range(statements):
        speaker, noun, place, n = rng.choice(SPEAKERS), rng.choice(NOUNS), rng.choice(PLACES), rng.randint(2, 60)
        out.append(rng.choice((
            f"{speaker} said {n} {noun} were damaged in {place} last week.",
            f"{speaker} said that {n} {noun} in {place} were damaged by the storm last week.",
            f"According to {speaker.lower()}, {place} has {n} {noun} and needs {n + 3} more.",
        )))
    return "\n\n".join(out) + "\n"


def stored(db: Database) -> tuple:
    with db.session() as s:
        claims = s.exec(select(Claim.id, Claim.text, Claim.canonical_id, Claim.version).order_by(Claim.id)).all()
        matches = s.exec(select(Match.claim_a_id, Match.claim_b_id, Match.score, Match.scorer, Match.state,
                                Match.conflict, Match.decided_by, Match.explanation)
                         .order_by(Match.claim_a_id, Match.claim_b_id)).all()
    return [tuple(c) for c in claims], [tuple(m) for m in matches]


def ingest_with(db: Database, text: str, monkeypatch, parallel_from: int) -> tuple:
    started: list[int] = []
    enter = PairComparer.__enter__
    monkeypatch.setattr(PairComparer, "__enter__", lambda self: started.append(self.workers) or enter(self))
    monkeypatch.setattr(matching, "PARALLEL_MIN_CLAIMS", parallel_from)
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 100)
    outcome = ingest_source(db, ArticleSource(source="big.txt", text=text, header={}))
    return outcome, started


def test_an_article_matched_in_worker_processes_stores_what_one_process_does(db, tmp_path, monkeypatch):
    text = article(700)
    alone, started = ingest_with(db, text, monkeypatch, parallel_from=10**9)
    assert started == [0]
    before = stored(db)
    again = empty_twin(db, tmp_path)  # ids start again at 1
    shared, started = ingest_with(again, text, monkeypatch, parallel_from=1)
    assert started == [matching.COMPARE_WORKERS] and matching.COMPARE_WORKERS > 0
    assert shared.matches == alone.matches
    assert alone.matches.duplicates and alone.matches.suggestions and alone.matches.conflicts
    assert stored(again) == before
    assert len(before[1]) > 500


def test_the_claims_matched_decide_on_workers_not_the_store(db, monkeypatch):
    """A small article into a larger store compares few pairs: no worker is started for it."""
    ingest_with(db, article(300, seed=1), monkeypatch, parallel_from=10**9)
    _, started = ingest_with(db, article(150, seed=2), monkeypatch, parallel_from=200)
    assert started == [0]
    _, started = ingest_with(db, article(250, seed=3), monkeypatch, parallel_from=200)
    assert started == [matching.COMPARE_WORKERS]


def test_ctrl_c_while_workers_compare_stores_nothing_and_stops_them(db, monkeypatch):
    """Ctrl-C after some chunks came back from the workers (their matches written): the
    article's transaction rolls back whole, and no worker is left running."""
    procs, received = interrupt_at_answer(monkeypatch, PairComparer, 4)
    monkeypatch.setattr(matching, "PARALLEL_MIN_CLAIMS", 1)
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 100)
    monkeypatch.setattr(matching, "COMPARE_CHUNK", 100)
    monkeypatch.setattr(merging, "APPLY_CHUNK", 50)
    with pytest.raises(KeyboardInterrupt):
        ingest_source(db, ArticleSource(source="big.txt", text=article(700), header={}))
    assert len(received) == 4 and procs and all(p.poll() is not None for p in procs)
    assert nothing_stored(db)


@pytest.mark.parametrize("when", ["at-start", "mid-way"])
def test_a_worker_that_dies_is_one_line_and_the_article_is_not_stored(db_path, monkeypatch, tmp_path, when):
    """A worker killed (out of memory, by hand) made a broken pipe the CLI took for a reader
    that left (exit status 0, nothing said, nothing stored), or a RuntimeError traceback."""

    enter, receive = PairComparer.__enter__, PairComparer._receive

    def entered(self):
        out = enter(self)
        if when == "at-start":
            for proc in self._procs:
                proc.kill()
                proc.wait()
        return out

    def receive_then_kill(self, proc):
        found = receive(self, proc)
        proc.kill()
        return found

    monkeypatch.setattr(PairComparer, "__enter__", entered)
    if when == "mid-way":
        monkeypatch.setattr(PairComparer, "_receive", receive_then_kill)
    monkeypatch.setattr(matching, "PARALLEL_MIN_CLAIMS", 1)
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 100)
    monkeypatch.setattr(matching, "COMPARE_CHUNK", 100)
    ingest_fails_in_one_line(db_path, tmp_path, article(300),
                             "a matching worker process stopped (exit status -9); nothing was stored, try again")


def test_a_worker_whose_reply_cannot_be_read_is_stopped_not_waited_for():
    """A reply that does not unpickle leaves the worker alive, blocked writing to a pipe
    nobody reads: reporting it must stop it, not wait for it forever."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdout.write('x' * 10**7)"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    made: list[WorkerStopped] = []
    reporter = threading.Thread(target=lambda: made.append(WorkerStopped(proc)), daemon=True)
    reporter.start()
    reporter.join(timeout=60)
    hung = reporter.is_alive()
    if hung:
        proc.kill()
    proc.stdout.close()
    assert not hung, "the report waited for a worker that could not finish"
    assert "exit status -9" in str(made[0])

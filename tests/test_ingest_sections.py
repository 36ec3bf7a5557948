"""A long article is read in sections, in worker processes, its claims stored a section at a
time (issue 15, finding 7: memory bounded, both cores used): what is stored is what reading it
whole stores, when no statement leans on another section for its speaker."""

from __future__ import annotations

import random

import pytest
from sqlmodel import col, select

from claims.extraction import extract_claims, sections
from claims.extraction.sections import SectionReader, extract_sections, section_spans
from claims.models import Appearance, Claim, Match
from claims.services import ingest
from claims.services.ingest import ingest_source
from claims.sources import ArticleSource
from db import Database
from tests.workers import empty_twin, ingest_fails_in_one_line, interrupt_at_answer, nothing_stored

NAMES = ("Senator Jane Ruiz", "Mayor Tom Becker", "Governor Ann Cole", "Dr. Amal Haddad")
PLACES = ("Springfield", "Riverside", "Dayton", "the county")


def article(paragraphs: int, seed: int = 3) -> str:
    """Paragraphs each naming their speaker in full: no statement needs another paragraph."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        name, place, n = rng.choice(NAMES), rng.choice(PLACES), rng.randint(2, 900)
        out.append(rng.choice((
            f"{name} said {n} homes were damaged in {place} last week.",
            f"\u201cWe counted {n} closed schools in {place},\u201d {name} told reporters.",
            f"According to {name}, {place} has {n} bridges and needs {n + 3} more.",
        )))
    return "\n\n".join(out) + "\n"


@pytest.fixture
def small_sections(monkeypatch):
    """Sections of a few paragraphs, so a test article is long enough to be cut, and stored
    a few places at a time, so its claims are written in many chunks."""
    monkeypatch.setattr(sections, "WHOLE_CHARS", 2_000)
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_500)
    monkeypatch.setattr(ingest, "STORE_CHUNK", 7)


def test_sections_cover_the_text_and_end_at_paragraph_breaks():
    text = article(400)
    spans = section_spans(text, 3_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and len(spans) > 5
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[e - 2 : e] == "\n\n" for _, e in spans[:-1])
    run_on = "word " * 2_000  # no break of any kind: cut at twice the size
    assert section_spans(run_on, 1_000)[0] == (0, 2_000)


@pytest.mark.parametrize("workers", [0, 2])
def test_sections_give_the_claims_of_the_whole_text(small_sections, workers):
    text = article(300)
    whole = extract_claims(text)
    parts = list(extract_sections(text, workers=workers))
    assert len(parts) > 5
    assert [c for part in parts for c in part] == whole
    assert all(text[c.start : c.end] == c.quote for part in parts for c in part)


def stored(db: Database) -> tuple:
    with db.session() as s:
        claims = s.exec(select(Claim.id, Claim.text, Claim.speaker, Claim.claim_date, Claim.canonical_id)
                        .order_by(Claim.id)).all()
        places = s.exec(select(Appearance.claim_id, Appearance.start, Appearance.end, Appearance.speaker_mention)
                        .order_by(Appearance.id)).all()
        matches = s.exec(select(Match.claim_a_id, Match.claim_b_id, Match.score, Match.state, Match.conflict)
                         .order_by(Match.claim_a_id, Match.claim_b_id)).all()
    return [tuple(c) for c in claims], [tuple(p) for p in places], [tuple(m) for m in matches]


def test_an_article_stored_by_sections_is_the_article_stored_whole(db, tmp_path, monkeypatch):
    text = article(300)
    whole = ingest_source(db, ArticleSource(source="big.txt", text=text, header={}))
    before = stored(db)
    again = empty_twin(db, tmp_path)  # ids start again at 1
    monkeypatch.setattr(sections, "WHOLE_CHARS", 2_000)
    monkeypatch.setattr(sections, "SECTION_CHARS", 1_500)
    monkeypatch.setattr(ingest, "STORE_CHUNK", 7)
    started: list[int] = []
    enter = SectionReader.__enter__
    monkeypatch.setattr(SectionReader, "__enter__", lambda self: started.append(self.workers) or enter(self))
    seen: list[tuple] = []
    parts = ingest_source(again, ArticleSource(source="big.txt", text=text, header={}),
                          progress=lambda *a: seen.append(a))
    assert started == [sections.SECTION_WORKERS]
    assert (parts.claims_added, parts.appearances_added, parts.matches) == (
        whole.claims_added, whole.appearances_added, whole.matches)
    assert stored(again) == before
    assert len(before[0]) > 100 and before[2]
    extracting = [(done, total) for phase, done, total in seen if phase == "extracting" and total]
    assert len(extracting) > 5 and extracting == sorted(extracting) and extracting[0][0] == 0
    assert extracting[-1] == (len(text.strip()), len(text.strip()))  # the cleaned text, read whole


def test_a_claim_repeated_in_another_section_is_one_claim_with_two_appearances(db, small_sections):
    line = "Senator Jane Ruiz said 412 homes were damaged in Dayton last week."
    text = line + "\n\n" + article(100) + "\n\n" + line + "\n"
    outcome = ingest_source(db, ArticleSource(source="big.txt", text=text, header={}))
    with db.session() as s:
        ids = s.exec(select(Appearance.claim_id).join(Claim).where(col(Claim.text).startswith("412 homes"))).all()
    assert len(ids) == 2 and ids[0] == ids[1]
    assert outcome.appearances_added >= outcome.claims_added + 1


def test_a_long_article_keeps_only_the_claims_worth_its_min_score(db, small_sections):
    text = article(300)
    whole = [c for c in extract_claims(text) if c.checkworthiness >= 0.47]
    assert 0 < len(whole) < len(extract_claims(text))
    outcome = ingest_source(db, ArticleSource(source="big.txt", text=text, header={}), min_score=0.47)
    assert outcome.appearances_added == len(whole)
    with db.session() as s:
        assert min(s.exec(select(Claim.checkworthiness)).all()) >= 0.47


def test_the_write_lock_is_not_held_while_a_long_article_is_read(db, small_sections):
    """Extraction comes first, kept on disk: the desk and other ingests wait out the store,
    not the extraction (the busy timeout is 10 s; a 1 MB article is read in several)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL locks rows, not the database")
    import sqlite3

    free: list[bool] = []

    def step(phase, done, total):
        if phase == "extracting" and done:
            other = sqlite3.connect(db.url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                free.append(True)
            except sqlite3.OperationalError:
                free.append(False)
            finally:
                other.close()

    ingest_source(db, ArticleSource(source="big.txt", text=article(300), header={}), progress=step)
    assert len(free) > 5 and all(free)


def test_a_failure_while_a_long_article_is_stored_stores_nothing(db, small_sections, monkeypatch):
    calls: list[int] = []
    real = ingest.insert_claims

    def fails_third_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "insert_claims", fails_third_time)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_source(db, ArticleSource(source="big.txt", text=article(300), header={}))
    assert nothing_stored(db)


def test_ctrl_c_while_sections_are_read_stores_nothing_and_stops_the_workers(db, small_sections, monkeypatch):
    procs, received = interrupt_at_answer(monkeypatch, SectionReader, 4)
    with pytest.raises(KeyboardInterrupt):
        ingest_source(db, ArticleSource(source="big.txt", text=article(300), header={}))
    assert len(received) == 4 and len(procs) == 2 and all(p.poll() is not None for p in procs)
    assert nothing_stored(db)


def test_an_extraction_worker_that_dies_is_one_line_and_nothing_is_stored(db_path, tmp_path, monkeypatch,
                                                                          small_sections):

    receive = SectionReader._receive

    def receive_then_kill(self, proc):
        found = receive(self, proc)
        proc.kill()
        return found

    monkeypatch.setattr(SectionReader, "_receive", receive_then_kill)
    ingest_fails_in_one_line(db_path, tmp_path, article(300),
                             "an extraction worker process stopped (exit status -9); nothing was stored, try again")

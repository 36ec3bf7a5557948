"""Issue 13, the import's own CPU: each shortcut stores what the general way stores.

- `check_record` returns a record of a text and an id alone once both are checked (the field
  checks after them read nothing);
- `insert_events` on SQLite writes tuples, bind-processed once per object;
- `standalone_priorities` computes the terms no lone claim changes once;
- `BackgroundScorer.submit` hands the texts to a writer thread: it does not wait on a
  worker that is not reading.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from claims.config import load_settings
from claims.models import Event
from claims.services import audit, import_checks
from claims.services.import_records import RecordError
from claims.services.triage import DONE, standalone_priorities, standalone_priority
from claims.triage.background import OUTBOX, BackgroundScorer
from claims.triage.priority import PriorityWeights
from claims.vocab import Status
from db import Database

PLAIN = [
    {"text": "Unemployment fell to 4% in 2023."},
    {"id": "q1", "text": "  Unemployment   fell\tto 4%.  "},
    {"ID": 12, "Claim": "The harbour fares rose by 12 percent."},
    {"id": 3.0, "statement": "Taxes rose."},
    {"external_id": "x", "id": "local", "text": "Both ids: the explicit one wins."},
    {"id": "q\u200b1", "text": "An id cleaned: kept as given too."},
    {"id": "e\u0301", "text": "Ca co\u0301te 12\u00a0000 euros, \u202edit-il."},
    {"text": "Nulls and empties pass over", "speaker": None, "url": "", "evidence": [], "extra": {}},
    {"text": "A field computed by the desk", "version": 3, "pending_suggestions": 1},
    {"text": "An extra field goes the general way", "colour": "blue"},
    {"text": "A url goes the general way", "url": "https://courier.example/1"},
]
REFUSED = [
    {"text": ""}, {"id": "q1"}, {"text": "!!!"}, {"text": "a\x00b"}, {"text": "bell\x07"},
    {"id": "\u200b", "text": "An id of nothing visible"}, {"id": ["q"], "text": "An id that is a list"},
    {"id": "q" * 201, "text": "An id too long"}, {"text": "x" * 20_001}, {"id": 1e300, "text": "An id too large"},
]


def _general(monkeypatch, raw):
    """`check_record` of `raw` with the shortcut off: every field check run."""
    with monkeypatch.context() as m:
        m.setattr(import_checks, "_TEXT_AND_ID", frozenset())
        return _outcome(raw)


def _outcome(raw):
    try:
        return import_checks.check_record(raw, "line 1", load_settings())
    except RecordError as exc:
        return str(exc)


@pytest.mark.parametrize("raw", PLAIN + REFUSED, ids=lambda r: json.dumps(r, ensure_ascii=True)[:40])
def test_a_plain_record_checks_as_every_field_check_has_it(monkeypatch, raw):
    assert _outcome(raw) == _general(monkeypatch, raw)


def test_a_record_of_text_and_id_runs_no_field_check_after_them(monkeypatch):
    """(Failed before: every record ran the checks of the fields it does not have.)"""
    def never(*args):
        raise AssertionError(f"checked {args}")

    for name in ("_http_url", "_other_appearances", "_article_day", "_timestamp"):
        monkeypatch.setattr(import_checks, name, never)
    rec = import_checks.check_record({"id": "q1", "text": "Unemployment fell to 4%."}, "line 1", load_settings())
    assert (rec.text, rec.external_id, rec.status, rec.claim_type, rec.also_seen) == (
        "Unemployment fell to 4%.", "q1", Status.UNVERIFIED.value, "other", [])
    with pytest.raises(AssertionError, match="checked"):  # a record with a url still checks it
        import_checks.check_record({"text": "t", "url": "https://courier.example/1"}, "line 1", load_settings())


def _event_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT * FROM event ORDER BY id").fetchall()


def test_events_written_as_tuples_are_the_rows_sqlalchemy_writes(tmp_path):
    at = datetime(2026, 12, 6, 14, 0, 0, 123456, tzinfo=UTC)
    other = at.astimezone(timezone(timedelta(hours=1)))  # equal, written apart
    events = [audit.audit_row(batch="b" * 32, reviewer=f"r{i % 3}", action="import", claim_id=None,
                              field="status" if i % 2 else None, old=i if i % 5 else None, new={"n": i},
                              note=f"file.jsonl line {i}", at=at if i % 4 else other) for i in range(120)]
    events[7]["undone"] = True
    paths = []
    for name, write in (("tuples", audit.insert_events),
                        ("sqlalchemy", lambda conn, rows: conn.execute(insert(Event.__table__), rows))):
        db = Database(f"sqlite:///{tmp_path / name}.db")
        with db.session() as session:
            write(session.connection(), events)
            session.commit()
        db.close()
        paths.append(tmp_path / f"{name}.db")
    rows = _event_rows(paths[0])
    assert len(rows) == 120 and rows == _event_rows(paths[1])
    assert rows[7][-1] == 1 and rows[0][1] == rows[1][1] == "2026-12-06 14:00:00.123456"  # as UTC


@pytest.mark.parametrize("weights", [PriorityWeights(), PriorityWeights(worth=1.7, spread=-0.2, outlets=-0.3,
                                                                          recency=-0.1, done=0.3),
                                     PriorityWeights(worth=0.0, done=-2.5)])
def test_standalone_priorities_are_each_claims_standalone_priority(weights):
    rng = random.Random(13)
    statuses = [s.value for s in Status]
    claims = [(rng.choice([0.0, -0.0, 1.0, rng.random(), rng.random() * 1e-7]), rng.choice(statuses))
              for _ in range(2000)]
    got = standalone_priorities(claims, weights)
    want = [standalone_priority(w, s, weights) for w, s in claims]
    assert [repr(x) for x in got] == [repr(x) for x in want]
    assert any(s in DONE for _, s in claims)


def test_submit_does_not_wait_for_a_worker_that_is_not_reading():
    """(Failed before: `submit` wrote to the pipe itself and waited while the worker, busy,
    read nothing.) The worker is stopped; the texts wait in the box; once it runs again every
    score comes back, in order."""
    from claims.checkworthiness import score_many

    texts = [f"The harbour fares rose by {i % 97} percent in {1990 + i % 30}, said the mayor." for i in range(2000)]
    lists = [texts[i : i + 400] for i in range(0, len(texts), 400)]  # each past a pipe's 64 KB
    assert len(lists) <= OUTBOX
    with BackgroundScorer() as scorer:
        os.kill(scorer._proc.pid, signal.SIGSTOP)
        try:
            sending = threading.Thread(target=lambda: [scorer.submit(t) for t in lists], daemon=True)
            sending.start()
            sending.join(timeout=30)
            assert not sending.is_alive(), "submit waited on the worker"
        finally:
            os.kill(scorer._proc.pid, signal.SIGCONT)
        assert scorer.take(len(texts)) == score_many(texts)


def test_a_worker_gone_is_said_and_leaving_does_not_hang():
    with pytest.raises(RuntimeError, match="the scoring worker stopped"), BackgroundScorer() as scorer:
        scorer._proc.kill()
        for _ in range(OUTBOX + 3):  # more than the box holds: the writer takes them, unwritten
            scorer.submit(["A claim of 12 percent."] * 2000)
        scorer.take(1)


def _general_text(value: str, keep_direction_controls: bool) -> str:
    """`_text`'s checks of a string as they were before its shortcut for printable ASCII."""
    from claims.limits import text_problem, without_direction_controls

    text = value.strip()
    if problem := text_problem(text):
        return f"refused: {problem}"
    return text if keep_direction_controls else without_direction_controls(text)


@pytest.mark.parametrize("ch", [chr(c) for c in range(128)] + ["\u202e", "\u00a0", "\ud800", "\x85", "\u2028"],
                         ids=lambda ch: f"U+{ord(ch):04X}")
def test_a_fields_text_checks_as_the_general_rule_has_it(ch):
    for value in (ch, f"a{ch}b", f" {ch} x", f"Taxes rose {ch}12%"):
        for keep in (False, True):
            try:
                got = import_checks._text(value, "note", keep_direction_controls=keep)
            except RecordError as exc:
                got = f"refused: {str(exc).removeprefix('note ')}"
            want = _general_text(value, keep)
            assert got == (want or None), repr(value)


def test_ids_are_looked_up_only_when_a_stored_claim_has_one(tmp_path):
    from claims.services import importer

    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    importer.import_text(db, '{"text": "No id here, about 12 percent."}\n', name="a.jsonl")
    assert importer._already_stored(db, ["q1", "q2"]) == {}
    importer.import_text(db, '{"id": "q1", "text": "Fares rose by 12 percent."}\n', name="b.jsonl")
    report = importer.import_text(db, '{"id": "q1", "text": "Fares rose by 12 percent."}\n'
                                      '{"id": "q2", "text": "Taxes fell by 3 percent."}\n', name="c.jsonl", skip_bad=True)
    assert [str(b) for b in report.bad] == ["line 1: duplicate id 'q1': already stored as claim 2"]
    with db.session() as session:
        assert set(importer._already_stored(session, ["q1", "q2", "q3"])) == {"q1", "q2"}
    db.close()


@pytest.mark.parametrize("weights", [PriorityWeights(), PriorityWeights(worth=1.7, spread=-0.2, outlets=-0.3,
                                                                          recency=-0.1, done=0.3, held=-1.0)])
def test_a_refresh_computes_each_heads_priority_as_priority_does(weights):
    from datetime import date

    from claims.services.triage import _priorities
    from claims.triage.priority import Standing, priority

    rng = random.Random(25)
    found = [Standing(worth=rng.choice([0.0, -0.0, 1.0, rng.random()]), appearances=rng.choice([0, 0, 0, 1, 3]),
                      outlets=rng.choice([0, 0, 1, 2]), latest=rng.choice([None, None, date(2024, 4, 14)]),
                      checked_as=rng.choice([None, None, "", "false"]), held=rng.random() < 0.2,
                      done=rng.random() < 0.3) for _ in range(3000)]
    assert [repr(x) for x in _priorities(found, weights)] == [repr(priority(s, weights)) for s in found]


def test_an_imports_event_rows_are_audit_rows(tmp_path):
    """The importer writes its claims' events as lists in `EVENT_COLUMNS`' order: the rows
    `audit_row` and `insert_events` write."""
    from claims.services import importer

    lines = "".join(json.dumps({"id": f"q{i}", "text": f"Fares rose by {i} percent."}) + "\n" for i in range(60))
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    report = importer.import_text(db, lines, name="a.jsonl", reviewer="ana")
    rows = [r for r in _event_rows(tmp_path / "desk.db") if r[3] is not None]  # the claims' own
    at = datetime.fromisoformat(rows[0][1]).replace(tzinfo=UTC)
    want = [audit.audit_row(batch=report.batch, reviewer="ana", action="import", claim_id=cid,
                            note=f"a.jsonl line {n}", at=at) for n, cid in enumerate(report.claim_ids, start=1)]
    db.close()
    other = Database(f"sqlite:///{tmp_path / 'reference.db'}")
    with other.session() as session:
        session.connection().exec_driver_sql("PRAGMA foreign_keys = OFF")
        session.connection().execute(insert(Event.__table__), want)
        session.commit()
    other.close()
    assert [r[1:] for r in rows] == [r[1:] for r in _event_rows(tmp_path / "reference.db")]

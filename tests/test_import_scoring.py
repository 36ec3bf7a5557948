"""A large import scores its claims in another process (`claims.triage.background`): the
stored claims are those an import scoring them itself stores, whatever the file mixes in."""

from __future__ import annotations

import json

from sqlmodel import select

from claims.models import Claim
from claims.services import importer
from claims.triage.background import BackgroundScorer
from db import Database


def _lines(start: int, n: int) -> str:
    records = []
    for i in range(start, start + n):
        record = {"text": f"Claim {i}: the harbour fares rose by {i % 17} percent in {1990 + i % 30}", "id": f"c{i}"}
        if i % 7 == 0:
            record["checkworthiness"] = 0.125  # given: kept
        if i % 11 == 0:
            record["url"] = f"https://courier.example/{i}"  # an appearance: stored row by row
        if i % 13 == 0:
            record = {"id": f"c{i}"}  # bad: no text
        records.append(json.dumps(record))
    return "\n".join(records) + "\n"


def _rows(db: Database) -> list[tuple]:
    with db.session() as session:
        return session.exec(select(Claim.id, Claim.external_id, Claim.text, Claim.checkworthiness,
                                   Claim.checkworthiness_model).order_by(Claim.id)).all()


def test_scores_from_the_worker_are_the_ones_stored_inline(tmp_path, monkeypatch):
    sent = []
    submit = BackgroundScorer.submit
    monkeypatch.setattr(BackgroundScorer, "submit", lambda self, texts: sent.append(len(texts)) or submit(self, texts))
    monkeypatch.setattr(importer, "SCORE_APART", 50)
    monkeypatch.setattr(importer, "BULK_CHUNK", 40)
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    importer.import_text(db, _lines(0, 300), name="first.jsonl", skip_bad=True)
    # half of these ids are stored already: passed over, and their scores with them
    report = importer.import_text(db, _lines(150, 300), name="second.jsonl", skip_bad=True)
    assert sum("already stored" in b.reason for b in report.bad) == len([i for i in range(150, 300) if i % 13])
    assert sum(sent) == 2 * len([i for i in range(300) if i % 13 and i % 7])  # the worker scored them
    sent.clear()
    monkeypatch.setattr(importer, "SCORE_APART", 10**9)
    reference = Database(f"sqlite:///{tmp_path / 'reference.db'}")
    importer.import_text(reference, _lines(0, 300), name="first.jsonl", skip_bad=True)
    importer.import_text(reference, _lines(150, 300), name="second.jsonl", skip_bad=True)
    assert not sent
    rows = _rows(db)
    assert rows == _rows(reference)
    assert {r.checkworthiness_model for r in rows} == {"given", rows[1].checkworthiness_model} != {"given"}


def test_the_files_text_is_freed_before_matching(tmp_path, monkeypatch):
    """A large file's text (200 MB for 1M claims) is not held through matching."""
    freed = []

    class Text(str):
        def __del__(self):
            freed.append(True)

    decode = importer.decode_input
    monkeypatch.setattr(importer, "decode_input", lambda data, name: Text(decode(data, name)))
    match = importer.match_new_claims

    def matching(*args, **kwargs):
        assert freed, "the text is still held"
        return match(*args, **kwargs)

    monkeypatch.setattr(importer, "match_new_claims", matching)
    path = tmp_path / "claims.jsonl"
    path.write_text(_lines(0, 30))
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    report = importer.import_source(db, str(path), skip_bad=True, reviewer="tester")
    assert report.imported == 27 and freed

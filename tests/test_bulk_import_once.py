"""A bulk import checks each record once (issue 13): the first pass keeps the first
`KEEP_RECORDS` good records for the second, which checks only those after them again."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from claims.models import Claim
from claims.services import importer
from claims.services.importer import import_text


def _text() -> str:
    lines = []
    for i in range(12):
        if i in (3, 8):
            lines.append('{"text": ')  # bad: named, skipped with --skip-bad
        elif i == 5:
            lines.append(json.dumps({"id": "q1", "text": "again the first id"}))  # a duplicate id: bad
        else:
            lines.append(json.dumps({"id": f"q{i}", "text": f"claim number {i} about the harbour fares",
                                     "checkworthiness": 0.5, "url": f"https://x.example/{i}" if i % 2 else None}))
    return "\n".join(lines) + "\n"


def _stored(db) -> list[tuple]:
    with db.session() as s:
        return [(c.external_id, c.text, c.checkworthiness) for c in s.exec(select(Claim).order_by(Claim.id))]


@pytest.mark.parametrize("keep", [0, 1, 4, 1_000])
def test_each_record_is_checked_once_while_kept_and_the_store_is_the_same(db, monkeypatch, keep):
    calls: list[str] = []
    check = importer.check_record

    def counted(raw, where, settings):
        calls.append(where)
        return check(raw, where, settings)

    monkeypatch.setattr(importer, "check_record", counted)
    monkeypatch.setattr(importer, "KEEP_RECORDS", keep)
    report = import_text(db, _text(), name="a.jsonl", skip_bad=True)
    assert report.imported == 9 and len(report.bad) == 3
    assert [str(b).split(":")[0] for b in report.bad] == ["line 4", "line 6", "line 9"]
    good = ["line 1", "line 2", "line 3", "line 5", "line 7", "line 8", "line 10", "line 11", "line 12"]
    # every record once in the first pass (the duplicate id too: it is a record, checked), the
    # good ones past the kept again in the second; the bad never again
    rechecked = good[min(keep, 9):]
    assert calls == [f"line {i}" for i in range(1, 13) if i not in (4, 9)] + rechecked
    assert _stored(db) == [(f"q{i}", f"claim number {i} about the harbour fares", 0.5)
                           for i in range(12) if i not in (3, 5, 8)]


def test_kept_records_are_let_go_of_as_they_are_stored():
    records = [object() for _ in range(3)]
    held = list(records)
    taken = importer._taken(held)
    assert next(taken) is records[0] and len(held) == 2
    assert list(taken) == records[1:] and held == []

"""An import into an empty (or small) SQLite store drops the claim table's secondary indexes
while it writes its claims and makes them again after (`claim_rows.claim_indexes_made_after`):
the indexes come back as they were, hold every row, and the store is the one the import
leaves with them in place; a larger store keeps them; an import that fails leaves them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event
from sqlmodel import select

from claims.errors import ClaimsError
from claims.models import Claim, Match
from claims.services import claim_rows, importer
from db import Database

TOPICS = ["harbour fares rose by {} percent", "the river peaked at {} metres on Friday",
          "unemployment fell to {} percent last year", "flood defences cost {} million euros"]


def lines(n: int, start: int = 0) -> str:
    return "\n".join(json.dumps({"id": f"c{i}", "text": f"The {TOPICS[i % 4].format(i % 7 + 1)} in town {i % 5}",
                                 "speaker": f"Speaker {i % 3}", "date": f"2024-0{i % 9 + 1}-1{i % 9}"})
                     for i in range(start, start + n))


def indexes(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        return session.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claim' AND sql IS NOT NULL "
            "ORDER BY name").all()


def statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda conn, cur, sql, *rest: seen.append(sql))
    return seen


def store(db: Database) -> tuple[list, list]:
    with db.session() as session:
        claims = [(c.external_id, c.text, c.speaker, c.claim_date, c.canonical_id, c.priority)
                  for c in session.exec(select(Claim).order_by(Claim.id))]
        matches = [(m.claim_a_id, m.claim_b_id, m.state, m.score) for m in session.exec(select(Match).order_by(Match.id))]
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # each index read on its own gives the rows the table holds
        for name, _ in indexes(db):
            column = session.connection().exec_driver_sql(f"PRAGMA index_info('{name}')").all()[0][2]
            assert session.connection().exec_driver_sql(
                f'SELECT count(*) FROM claim INDEXED BY "{name}" WHERE "{column}" IS NULL OR "{column}" IS NOT NULL'
            ).scalar() == len(claims)
    return claims, matches


@pytest.fixture
def few(monkeypatch):
    monkeypatch.setattr(claim_rows, "AT_ONCE_MIN_ROWS", 10)  # these few rows are a bulk batch
    monkeypatch.setattr(importer, "BULK_CHUNK", 20)


def test_an_import_into_an_empty_store_makes_the_indexes_after_and_stores_the_same(tmp_path, monkeypatch, few):
    made_after, kept = Database(f"sqlite:///{tmp_path / 'after.db'}"), Database(f"sqlite:///{tmp_path / 'kept.db'}")
    before = indexes(made_after)
    assert len(before) >= 5
    seen = statements(made_after)
    importer.import_text(made_after, lines(60), name="x.jsonl")
    dropped = [s for s in seen if s.startswith("DROP INDEX")]
    assert sorted(dropped) == sorted(f'DROP INDEX "{name}"' for name, _ in before)
    assert indexes(made_after) == before

    monkeypatch.setattr(claim_rows, "REMAKE_INDEXES_SHARE", -1.0)  # never: the indexes stay
    seen = statements(kept)
    importer.import_text(kept, lines(60), name="x.jsonl")
    assert not [s for s in seen if s.startswith("DROP INDEX")]
    after = store(made_after)
    assert after[1] and any(c[4] is not None for c in after[0])  # matched and merged: the whole path ran
    assert after == store(kept)


def test_a_store_larger_than_the_batch_keeps_its_indexes(tmp_path, few):
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    importer.import_text(db, lines(40), name="first.jsonl")
    seen = statements(db)
    importer.import_text(db, lines(30, start=40), name="second.jsonl")
    assert not [s for s in seen if s.startswith("DROP INDEX")]
    assert len(store(db)[0]) == 70


def test_an_import_failing_after_its_claims_are_written_leaves_the_indexes(tmp_path, monkeypatch, few):
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    before = indexes(db)
    seen = statements(db)

    def fail(*args, **kwargs):
        raise ClaimsError("stopped")

    monkeypatch.setattr(importer, "match_new_claims", fail)
    with pytest.raises(ClaimsError, match="stopped"):
        importer.import_text(db, lines(60), name="x.jsonl")
    assert [s for s in seen if s.startswith("DROP INDEX")]  # they were dropped, and made again
    assert indexes(db) == before
    assert store(db) == ([], [])


def test_a_failure_while_the_indexes_are_dropped_brings_them_back(tmp_path, monkeypatch, few):
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    before = indexes(db)
    insert = claim_rows.insert_claims
    calls = []

    def insert_then_fail(session, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise KeyboardInterrupt  # ctrl+c midway through the writing
        return insert(session, rows)

    monkeypatch.setattr(importer, "insert_claims", insert_then_fail)
    with pytest.raises(KeyboardInterrupt):
        importer.import_text(db, lines(60), name="x.jsonl")
    assert indexes(db) == before
    assert store(db) == ([], [])

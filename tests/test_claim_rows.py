"""Claims written in bulk (`claims.services.claim_rows`) leave what the ORM's row-by-row
inserts leave: the same rows, priority marks, priorities and search index; and an import
that fails leaves the store, its triggers included, as it was."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text
from sqlmodel import select

from claims.config import load_settings
from claims.errors import ClaimsError
from claims.models import Claim, Match
from claims.services import claim_rows, importer
from claims.services.claim_rows import SET_AT_A_TIME
from claims.services.import_checks import check_record
from claims.services.importer import ImportContext, create_imported_claim, create_imported_claims
from db import Database

RAW = [
    {"text": "The harbour fares rose by 12 percent in 2023", "speaker": "Ines Caldera",
     "speaker_role": "Transport Minister", "date": "2024-03-02", "status": "verified", "verdict": "false"},
    {"text": "ＣＡＦÉ owners say the Straße closure cost them 30,000 euros", "speaker": "Jörg Müller"},
    {"text": "Flood defences were built in 1998", "checkworthiness": 0.25, "reviewed_at": "2024-01-02T03:04:05Z"},
    {"text": "Unemployment fell to 4.1 percent last year", "id": "x-1", "extra_field": [1, 2]},
    {"text": "The river peaked at 7.4 metres", "date": "2026-03", "claim_type": "quantity"},
]


def _records():
    settings = load_settings()
    return [check_record(dict(raw), f"line {i}", settings) for i, raw in enumerate(RAW, start=1)]


def _create(session, *, bulk: bool) -> None:
    """The records as an import writes them: all at once (bulk) or one by one."""
    if bulk:
        create_imported_claims(session=session, records=_records())
    else:
        context = ImportContext(source="test")
        for record in _records():
            create_imported_claim(session=session, record=record, context=context)
    session.flush()


def _store(db: Database, *, bulk: bool) -> list[int]:
    """Store the records; the triage marks the inserts left (read before commit consumes them)."""
    with db.session() as session:
        _create(session, bulk=bulk)
        return list(session.connection().exec_driver_sql(
            "SELECT claim_id FROM triage_dirty ORDER BY id").scalars())


def _rows(db: Database) -> list[dict]:
    with db.session() as session:
        claims = session.exec(select(Claim).order_by(Claim.id)).all()
        return [{k: v for k, v in c.model_dump().items() if k not in ("created_at", "updated_at")}
                for c in claims]


def _searches(db: Database) -> dict[str, list[int]]:
    """Every 3-letter piece of every stored text, speaker and role, in its column, found in
    the trigram index (folded, as the desk's filters ask)."""
    from db.folding import fold_text

    found = {}
    with db.session() as session:
        conn = session.connection()
        for column, role in (("text", "text"), ("speaker", "speaker"), ("speaker_role", "role")):
            for value in conn.exec_driver_sql(f"SELECT {column} FROM claim WHERE {column} IS NOT NULL").scalars():
                for word in re.findall(r"\w{3,}", fold_text(value)):
                    query = f'{role} : "{word[:3]}"'
                    found[query] = list(conn.execute(
                        text("SELECT rowid FROM claim_search WHERE claim_search MATCH :q ORDER BY rowid"),
                        {"q": query}).scalars())
    return found


def _triggers(db: Database, table: str = "claim") -> dict[str, str]:
    with db.session() as session:
        return dict(session.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)).all())


def test_bulk_rows_marks_and_search_index_are_the_orms(tmp_path, monkeypatch):
    monkeypatch.setattr(claim_rows, "AT_ONCE_MIN_ROWS", 1)  # these few rows set at a time too
    one, other = Database(f"sqlite:///{tmp_path / 'one.db'}"), Database(f"sqlite:///{tmp_path / 'other.db'}")
    triggers = _triggers(one)
    assert set(SET_AT_A_TIME) <= set(triggers)  # the triggers replaced are the store's own
    for name, (sql, _) in SET_AT_A_TIME.items():
        assert " ".join(triggers[name].split()) == " ".join(sql.split())
    for db in (one, other):  # a claim stored before, so that ids do not start at 1
        with db.session() as session:
            session.add(Claim(text="stored before"))
    marks_orm = _store(one, bulk=False)
    marks_bulk = _store(other, bulk=True)
    assert marks_bulk == marks_orm == list(range(2, 7))
    assert _rows(other) == _rows(one)
    searched = _searches(one)
    assert searched and any(len(ids) > 1 for ids in searched.values())
    assert _searches(other) == searched
    assert _triggers(other) == triggers  # made again as they were


def test_bulk_rows_on_postgresql_are_the_orms(db):
    if not db.is_postgresql:
        pytest.skip("the SQLite variant is the test above")
    _store(db, bulk=False)
    orm = _rows(db)
    with db.session() as session:
        session.execute(text("DELETE FROM claim"))
    _store(db, bulk=True)
    assert [{k: v for k, v in r.items() if k != "id"} for r in _rows(db)] == \
        [{k: v for k, v in r.items() if k != "id"} for r in orm]


def test_an_import_failing_after_the_bulk_insert_leaves_nothing(tmp_path, monkeypatch):
    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    triggers = _triggers(db)

    def fail(*args, **kwargs):
        raise ClaimsError("stopped")

    monkeypatch.setattr(importer, "match_new_claims", fail)
    monkeypatch.setattr(claim_rows, "AT_ONCE_MIN_ROWS", 1)  # the triggers dropped for these 50
    lines = "\n".join(json.dumps({"text": f"claim number {i} about the harbour"}) for i in range(50))
    with pytest.raises(ClaimsError, match="stopped"):
        importer.import_text(db, lines, name="x.jsonl")
    assert _rows(db) == []
    assert _triggers(db) == triggers
    with db.session() as session:
        assert session.connection().exec_driver_sql(
            "SELECT count(*) FROM claim_search WHERE claim_search MATCH 'har'").scalar() == 0


def test_columns_not_given_take_the_defaults_the_orm_gives(db):
    """An ingest writes its claims through insert_claims with only the columns it knows
    (text, speaker, dates, score...): status, evidence, priority... are the ORM's defaults."""
    from claims.models import utcnow
    from claims.services.claim_rows import insert_claims

    now = utcnow()
    with db.session() as session:
        session.add(Claim(text="The ferry fares rose by 9 percent"))
        session.flush()
        insert_claims(session, [{"text": "The ferry fares rose by 9 percent", "created_at": now,
                                 "updated_at": now}])
    orm, bulk = _rows(db)
    assert {**bulk, "id": orm["id"]} == orm
    assert bulk["status"] == "unverified" and bulk["evidence"] == "[]" and bulk["version"] == 1


def test_match_rows_stored_at_once_mark_their_claims_and_keep_the_trigger(tmp_path, monkeypatch):
    """Many match rows (an article of near-duplicates: 200,000) mark each of their claims once
    for a priority refresh, after the rows, instead of two marks a row from the trigger; the
    trigger is made again, and is kept by a block that fails."""
    from claims.matching import compare
    from claims.services import merging

    db = Database(str(tmp_path / "m.db"))
    river = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"
    texts = [river.replace("7.4", f"7.{i}") for i in range(1, 6)]
    before = _triggers(db, "match")
    with db.session() as session:
        claims = [Claim(text=t) for t in texts]
        session.add_all(claims)
        session.flush()
        ids = [c.id for c in claims]
        session.connection().exec_driver_sql("DELETE FROM triage_dirty")
        result = compare(texts[0], texts[1])
        found = [(ids[0], ids[1], result), (ids[0], ids[2], result), (ids[3], ids[2], result)]
        monkeypatch.setattr(merging, "APPLY_CHUNK", 2)  # these few rows count as many
        merging.store_found(session, iter(found), "test")
        marks = list(session.connection().exec_driver_sql("SELECT claim_id FROM triage_dirty").scalars())
        assert sorted(marks) == ids[:4]  # each claim of a stored pair, once
        with pytest.raises(RuntimeError), merging.match_rows_at_once(session):
            raise RuntimeError("a failed block")
    assert _triggers(db, "match") == before and "triage_match_insert" in before
    with db.session() as session:  # the trigger marks a row stored one at a time again
        session.connection().exec_driver_sql("DELETE FROM triage_dirty")
        session.add(Match(claim_a_id=ids[3], claim_b_id=ids[4], score=50.0, scorer="x"))
        session.flush()
        marks = list(session.connection().exec_driver_sql("SELECT claim_id FROM triage_dirty").scalars())
        assert sorted(marks) == [ids[3], ids[4]]
    db.close()


def test_a_few_rows_change_no_schema(tmp_path):
    """One new claim (or an article's few) is stored and matched without dropping and making
    triggers: a schema change makes every connection prepare its statements again."""
    from claims.models import utcnow
    from claims.services.matching import match_new_claims

    db = Database(str(tmp_path / "few.db"))
    river = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"
    with db.session() as session:
        first = Claim(text=river)
        session.add(first)
        session.flush()
        match_new_claims(session, [first])
    with db.session() as session:
        conn = session.connection()
        before = conn.exec_driver_sql("PRAGMA schema_version").scalar()
        conn.exec_driver_sql("DELETE FROM triage_dirty")
        now = utcnow()
        [new] = claim_rows.insert_claims(session, [{"text": river.replace("7.4", "7.9"), "created_at": now,
                                                    "updated_at": now}])
        summary = match_new_claims(session, [Claim(id=new, text=river.replace("7.4", "7.9"))])
        assert summary.conflicts == 1
        assert conn.exec_driver_sql("PRAGMA schema_version").scalar() == before
        marks = set(conn.exec_driver_sql("SELECT claim_id FROM triage_dirty").scalars())
        assert marks == {first.id, new}  # the triggers marked the new claim and its pair
    db.close()


@pytest.mark.parametrize("bulk", [True, False])
def test_an_imported_claim_is_written_with_the_priority_its_refresh_computes(db, bulk):
    """The refresh at the import's commit finds each new claim's priority current: no claim
    row is written twice (on PostgreSQL a second write is a new entry in each of its indexes)."""
    from claims.services.triage import refresh_dirty

    with db.session() as session:
        _create(session, bulk=bulk)
        conn = session.connection()
        written = conn.exec_driver_sql("SELECT id, priority, checked_as FROM claim ORDER BY id").all()
        assert refresh_dirty(conn) == len(RAW)  # as at commit: every new claim's priority computed
        assert conn.exec_driver_sql("SELECT id, priority, checked_as FROM claim ORDER BY id").all() == written
    assert len({p for _, p, _ in written}) == len(RAW)  # the scores and the verified claim's penalty


def test_bound_values_process_a_shared_object_once_and_equal_ones_apart():
    """`_bound_rows`: the time stamps every row of an import shares are processed once (a
    call per value of every column was a third of the rows' making); equal values that are
    distinct objects (one moment in two zones) each get their own text."""
    from datetime import UTC, datetime, timedelta, timezone

    calls: list = []

    def stamp(v):
        calls.append(v)
        return v.isoformat()

    now = datetime(2026, 1, 2, 12, tzinfo=UTC)
    same_moment = datetime(2026, 1, 2, 13, tzinfo=timezone(timedelta(hours=1)))
    assert same_moment == now
    rows = [{"text": f"claim {i}", "at": now, "reviewed": same_moment if i == 2 else None} for i in range(4)]
    out = claim_rows._bound_rows([10, 11, 12, 13], rows, ("fixed",), [None, None, stamp, stamp, None])
    assert out == [(10 + i, f"claim {i}", now.isoformat(), same_moment.isoformat() if i == 2 else None, "fixed")
                   for i in range(4)]
    assert out[2][3] != out[2][2]
    assert calls == [now, same_moment]


def test_an_import_writes_its_search_rows_once_at_the_end(tmp_path, monkeypatch):
    """Issue 13: an import's claims stored at once have their search index rows written in
    one statement at the end of the storing, not one per chunk (FTS5 merged its segments
    more: 1.65 -> 1.3 s CPU at 100k); records with an appearance, stored row by row between
    the chunks, are indexed by the trigger. The index answers as the ORM's row-by-row inserts leave it."""
    from sqlalchemy import event

    monkeypatch.setattr(claim_rows, "AT_ONCE_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "BULK_CHUNK", 7)  # 50 claims in several chunks
    fill = SET_AT_A_TIME["claim_search_insert"][1]
    lines = []
    for i in range(50):
        record = {"text": f"Claim number {i} about the Straße harbour fares of {1990 + i}", "speaker": f"Mayor {i % 4}"}
        if i in (20, 21, 35):  # stored row by row, between the chunks
            record["url"] = f"https://example.org/a{i}"
        lines.append(json.dumps(record))
    bulk, orm = Database(f"sqlite:///{tmp_path / 'bulk.db'}"), Database(f"sqlite:///{tmp_path / 'orm.db'}")
    fills: list[tuple] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if " ".join(statement.split()) == fill:
            fills.append(parameters)

    event.listen(bulk.engine, "before_cursor_execute", seen)
    importer.import_text(bulk, "\n".join(lines), name="x.jsonl")
    assert fills == [(1, 20), (23, 35), (37, 50)]  # a statement a run of ids stored at once
    monkeypatch.setattr(claim_rows, "AT_ONCE_MIN_ROWS", 10**9)  # every trigger row by row
    importer.import_text(orm, "\n".join(lines), name="x.jsonl")
    searched = _searches(orm)
    assert searched['text : "cla"'] == list(range(1, 51)) and searched['text : "str"'] == list(range(1, 51))
    assert _searches(bulk) == searched
    assert _triggers(bulk) == _triggers(orm)

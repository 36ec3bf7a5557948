"""Invisible characters inside stored words (a soft hyphen, a zero-width space, direction
marks: `db.ignorable.IGNORABLE`) do not hide the word from the desk's filters, on the index
path as on the plain one, and migration 0013 remakes the search indexes of a desk made before
(issue 15). Both backends."""

from __future__ import annotations

import json
import unicodedata

from claims.models import Claim
from claims.services import narrowing, paging
from claims.services.importer import import_text
from claims.services.queries import ClaimFilter
from tests.old_desks import desk_at

HIDDEN = ["The bud\u00adget rose", "A budget\u200b cut", "Bud\u200dget \u200ehearing", "The budget vote"]


def _hidden_claims() -> list[dict]:
    return [{"text": t, "speaker": "Ma\u00adria Lind" if i == 0 else None} for i, t in enumerate(HIDDEN)]


def _fold_of_0012(value):
    if value is None:
        return None
    return value.lower() if value.isascii() else unicodedata.normalize("NFKC", value).casefold()


def test_the_index_path_finds_a_word_written_with_invisible_characters(db):
    records = [{"id": f"h{i}", "text": t, "speaker": "Ma\u00adria Lind" if i == 0 else "Ben Ode"}
               for i, t in enumerate(HIDDEN)]
    records += [{"id": f"o{i}", "text": f"Other claim {i} about the ferry"} for i in range(40)]
    import_text(db, "".join(json.dumps(r) + "\n" for r in records), name="hidden.jsonl")
    for flt, want in ((ClaimFilter(search="budget", order="id"), 4), (ClaimFilter(speaker="maria", order="id"), 1)):
        with db.session() as session:
            found = narrowing.candidates(session, flt)
        assert found is not None and len(found) == want, (flt, found)
        assert len(paging.page_after(db, flt)) == want


def test_migration_0013_remakes_the_sqlite_index(tmp_path):
    from sqlalchemy import create_engine, event

    from db import Database

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, _fold_of_0012))
    with engine.begin() as conn:
        desk_at(conn, "0012", [{"id": i + 1, **claim} for i, claim in enumerate(
            [*_hidden_claims(), {"text": "İstanbul rents rose 40 percent"}])])
    engine.dispose()
    db = Database(str(path))
    try:
        with db.session() as session:
            assert sorted(narrowing.candidates(session, ClaimFilter(search="budget"))) == [1, 2, 3, 4]
            assert narrowing.candidates(session, ClaimFilter(speaker="maria")) == [1]
            assert narrowing.candidates(session, ClaimFilter(search="istanbul")) == [5]
            # the old rows were deleted with the values they were indexed with: none is left over
            stale = session.connection().exec_driver_sql(
                "SELECT count(*) FROM claim_search WHERE claim_search MATCH '\"d\u00adg\"'").scalar()
            assert stale == 0
            session.connection().exec_driver_sql(
                "INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")
        with db.session() as session:  # a change through the triggers still finds the row to replace
            session.get(Claim, 1).text = "The ferry rose"
            session.commit()
        with db.session() as session:
            assert sorted(narrowing.candidates(session, ClaimFilter(search="budget"))) == [2, 3, 4]
    finally:
        db.close()


def test_migration_0013_remakes_the_postgresql_indexes(fresh_pg_url):
    import pytest

    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    from db import Database

    url = fresh_pg_url("fold13")
    engine = create_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0012", _hidden_claims())
        indexes = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalar()
    engine.dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert len(defs) == indexes and all("regexp_replace" in d for d in defs)
        assert len(paging.page_after(db, ClaimFilter(search="budget"))) == 4
        assert len(paging.page_after(db, ClaimFilter(speaker="maria"))) == 1
    finally:
        db.close()


def test_matching_drops_the_same_characters_as_search():
    from claims.matching.normalize import _INVISIBLE
    from db.ignorable import IGNORABLE

    assert {chr(c) for c in _INVISIBLE} == IGNORABLE

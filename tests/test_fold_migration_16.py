"""Migration 0016: the fold writes the Turkish dotless ı as i, and the search indexes made of
the fold are made again (SQLite's claim_search rows of claims holding ı; PostgreSQL's trigram
indexes), so a desk upgraded from 0015 finds 'Yıldırım' as `yildirim` and 'Kılıç' as `KILIÇ`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from db.folding import fold_text, postgresql_fold

TURKISH = [("Binali Yıldırım said the bridge cost 3 billion lira in 2016.", "Binali Yıldırım"),
           ("Exports to Iraq rose by 12 percent, said the minister.", "İsmail Kılıç"),
           ("Nothing Turkish here: the budget rose by 4 percent.", "Ann Lee")]


def _migration():
    path = Path(__file__).parent.parent / "db" / "migrations" / "versions" / "0016_fold_dotless_i.py"
    spec = importlib.util.spec_from_file_location("migration_0016", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_folds_as_the_code_does():
    migration = _migration()
    for value in ("Işık", "IŞIK", "ılık", "İstanbul", "Straße", "ǰ", "plain ascii", "Kılıç\u200b"):
        assert migration._fold_after(value) == fold_text(value), value
    # (since 0028 the fold also drops a Greek letter's accent: 'σίσυφοσ' is 'σισυφοσ')
    assert migration._fold_after("ΣΊΣΥΦΟΣ") == "σίσυφοσ" and fold_text("ΣΊΣΥΦΟΣ") == "σισυφοσ"
    # the code's fold since 0024 also writes other scripts' digits as ASCII: 0016's is 0024's before
    spec = importlib.util.spec_from_file_location("migration_0024", Path(__file__).parent.parent / "db" / "migrations"
                                                  / "versions" / "0024_fold_digits_of_every_script.py")
    later = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(later)
    assert migration._pg_fold_after("claim.text") == later._pg_fold_before("claim.text") != postgresql_fold("claim.text")
    assert migration._fold_before("Işık") == "işık" and migration._fold_after("Işık") == "işik"


def test_migration_0016_remakes_the_sqlite_index(tmp_path):
    from sqlalchemy import create_engine, event

    from claims.services import narrowing
    from claims.services.queries import ClaimFilter
    from db import Database
    from tests.old_desks import desk_at

    fold_of_0015 = _migration()._fold_before
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", lambda conn, _: conn.create_function("claims_fold", 1, fold_of_0015))
    with engine.begin() as conn:
        desk_at(conn, "0015", [{"id": i + 1, "text": t, "speaker": sp} for i, (t, sp) in enumerate(TURKISH)])
    engine.dispose()
    db = Database(str(path))
    try:
        with db.session() as session:
            assert narrowing.candidates(session, ClaimFilter(search="yildirim")) == [1]
            assert narrowing.candidates(session, ClaimFilter(speaker="KILIÇ")) == [2]
            assert narrowing.candidates(session, ClaimFilter(search="budget")) == [3]
            session.connection().exec_driver_sql(
                "INSERT INTO claim_search (claim_search, rank) VALUES ('integrity-check', 0)")
    finally:
        db.close()


def test_migration_0016_remakes_the_postgresql_indexes(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from sqlalchemy import create_engine, text

    from claims.services import paging
    from claims.services.queries import ClaimFilter
    from db import Database
    from tests.old_desks import desk_at

    url = fresh_pg_url("fold16")
    engine = create_engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0015", [{"text": t, "speaker": sp} for t, sp in TURKISH])
        indexes = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalar()
    engine.dispose()
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            defs = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_claim_%_trgm'")).scalars().all()
        assert indexes and len(defs) == indexes and all("\u0131" in d for d in defs)
        assert len(paging.page_after(db, ClaimFilter(search="yildirim"))) == 1
        assert len(paging.page_after(db, ClaimFilter(speaker="KILIÇ"))) == 1
    finally:
        db.close()

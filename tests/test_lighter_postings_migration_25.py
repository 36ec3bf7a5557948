"""Migration 0025: on SQLite, `claim_key.claim_id` has no foreign key (its check of each
posting was ~2 s of a 100k import) and the search index gathers 16 MB before writing a
segment (FTS5's `hashsize`). PostgreSQL is untouched. `claims db check` still finds a posting
whose claim does not exist, on both backends."""

from __future__ import annotations

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import create_engine, event, exc, inspect, text

from claims.cli import cli
from db import Database, DatabaseError
from db.migrate import alembic_config
from db.textfold import register_sqlite_functions
from tests.old_desks import desk_at, old_desk_engine

POSTINGS = [("bridge", 1), ("bridge", 2), ("vehicles", 2)]
HASHSIZE = "SELECT v FROM claim_search_config WHERE k = 'hashsize'"


def _old_desk(engine, revision: str = "0023") -> None:
    with engine.begin() as conn:
        desk_at(conn, revision, [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in (1, 2)])
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('bridge', 1), ('bridge', 2), "
                          "('vehicles', 2)"))
        both = "ARRAY['bridge', 'vehicles']" if conn.dialect.name == "postgresql" else "'bridge' || char(31) || 'vehicles'"
        one = "ARRAY['bridge']" if conn.dialect.name == "postgresql" else "'bridge'"
        conn.execute(text(f"INSERT INTO claim_keyset (claim_id, keys) VALUES (1, {one}), (2, {both})"))


def _postings(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute(text("SELECT key, claim_id FROM claim_key ORDER BY key, claim_id"))]


def _keys(conn) -> list[str]:
    return [fk["referred_table"] for fk in inspect(conn).get_foreign_keys("claim_key")]


def _claim_key_schema(conn) -> list[tuple]:
    return sorted(tuple(r) for r in conn.execute(text(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'claim_key'")))


def _sqlite_engine(path, *, defensive: bool = False):
    def connected(dbapi_conn, _):
        register_sqlite_functions(dbapi_conn)
        if defensive:
            from tests.test_noticed_18 import _defensive

            _defensive(dbapi_conn)
        dbapi_conn.execute("PRAGMA foreign_keys=ON")  # as the desk's engine has them

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", connected)
    return engine


def test_upgrade_drops_the_key_on_sqlite_and_db_check_finds_a_posting_without_its_claim(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = old_desk_engine(url)
    _old_desk(engine)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'claim_key'")).scalar()
        assert _keys(conn) == ["claim"]
    engine.dispose()
    db = Database(url)  # migrates
    with db.engine.connect() as conn:
        assert _keys(conn) == []
        assert _postings(conn) == POSTINGS
        after = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'claim_key'")).scalar()
        # the definition edited, nothing else: still WITHOUT ROWID, its index kept
        assert after == before.replace(", FOREIGN KEY(claim_id) REFERENCES claim (id)", "") != before
        assert "ix_claim_key_claim_id" in {ix["name"] for ix in inspect(conn).get_indexes("claim_key")}
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text(HASHSIZE)).scalar() == 16 * 1024 * 1024
    checked = CliRunner().invoke(cli, ["db", "check", "--db", url])
    assert checked.exit_code == 0, checked.output
    with db.engine.begin() as conn:  # no longer refused by SQLite: `db check` says so
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99)"))
    db.close()
    result = CliRunner().invoke(cli, ["db", "check", "--db", url])
    assert result.exit_code != 0
    assert "claim_key.claim_id" in result.output and "missing claim 99" in result.output, result.output


def test_the_connection_that_upgrades_sees_the_key_gone(tmp_path):
    """The schema's version is raised with the edit: SQLite reads the definition again, in this
    connection too (a stale schema would go on checking the key until it reconnected)."""
    engine = _sqlite_engine(tmp_path / "desk.db")
    _old_desk(engine)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0025")
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99)"))
    engine.dispose()


def test_a_posting_without_its_claim_is_found_by_db_check(db):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 77)"))
    result = CliRunner().invoke(cli, ["db", "check", "--db", db.url])
    assert result.exit_code != 0
    assert "claim_key.claim_id" in result.output and "missing claim 77" in result.output, result.output


def test_downgrade_adds_the_key_again(tmp_path):
    engine = _sqlite_engine(tmp_path / "desk.db")
    _old_desk(engine)
    with engine.connect() as conn:
        at_0023 = _claim_key_schema(conn)
        config_0023 = conn.execute(text("SELECT k, v FROM claim_search_config ORDER BY k")).all()
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0025")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0023")
    with engine.connect() as conn:
        assert _claim_key_schema(conn) == at_0023
        # FTS5's default, as 0023 had it without a row
        assert conn.execute(text("SELECT k, v FROM claim_search_config ORDER BY k")).all() == sorted(
            [*config_0023, ("hashsize", 1024 * 1024)])
        assert _postings(conn) == POSTINGS
        with pytest.raises(exc.IntegrityError):
            conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99)"))
    engine.dispose()


def test_downgrade_is_refused_while_a_posting_has_no_claim(tmp_path):
    engine = _sqlite_engine(tmp_path / "desk.db")
    _old_desk(engine)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0025")
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('ghost', 99), ('spook', 99), "
                          "('ghost', 98)"))
    with pytest.raises(DatabaseError) as refused, engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0023")
    said = str(refused.value)
    assert "\n" not in said
    assert "downgrade from 0025 refused" in said and "(claim ids 98, 99)" in said, said
    with engine.connect() as conn:  # nothing changed
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0025"
        assert _keys(conn) == []
        assert conn.execute(text(HASHSIZE)).scalar() == 16 * 1024 * 1024
        assert len(_postings(conn)) == 6
    engine.dispose()


def test_an_sqlite_in_defensive_mode_makes_the_table_again(tmp_path):
    """Defensive mode refuses to edit a definition: the table is made again, with its
    postings and index, both ways."""
    engine = _sqlite_engine(tmp_path / "desk.db", defensive=True)
    _old_desk(engine)
    with engine.connect() as conn:
        at_0023 = [(t, n) for t, n, _ in _claim_key_schema(conn)]
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0025")
    with engine.connect() as conn:
        assert _keys(conn) == [] and _postings(conn) == POSTINGS
        assert [(t, n) for t, n, _ in _claim_key_schema(conn)] == at_0023
        assert "WITHOUT ROWID" in conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'claim_key'")).scalar()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0023")
    with engine.connect() as conn:
        assert _keys(conn) == ["claim"] and _postings(conn) == POSTINGS
        assert [(t, n) for t, n, _ in _claim_key_schema(conn)] == at_0023
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


_PG_SCHEMA = """
SELECT 'constraint', conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
WHERE connamespace = 'public'::regnamespace
UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal
UNION ALL SELECT 'column', table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
    || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'
ORDER BY 1, 2
"""


def test_postgresql_is_untouched(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    engine = old_desk_engine(fresh_pg_url("postings25"))
    _old_desk(engine, "0024")

    def schema() -> list[tuple]:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(_PG_SCHEMA)) if r[1] != "alembic_version"]

    at_0024 = schema()
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0025")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0025"
    assert schema() == at_0024
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0024")
    assert schema() == at_0024
    engine.dispose()

"""Storage: URLs, SQLite pragmas, migrations on fresh and existing databases."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from db import Database, DatabaseError, resolve_url
from db.migrate import head_revision
from db.urls import default_sqlite_path


def test_bare_path_means_sqlite_file(tmp_path):
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_env_var_and_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    monkeypatch.delenv("CLAIMS_DB")
    assert resolve_url(None) == f"sqlite:///{default_sqlite_path()}"
    assert str(default_sqlite_path()).startswith(str(tmp_path / "xdg-data"))


def test_fresh_file_is_migrated_with_pragmas(db, db_path):
    assert db_path.exists()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert {"outlet", "article", "claim", "appearance", "match", "event"} <= tables


def test_existing_database_keeps_its_data(db_path):
    first = Database(str(db_path))
    with first.engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (name, identity) VALUES ('Kept', 'kept')"))
    first.close()
    again = Database(str(db_path))
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM outlet")).scalar() == "Kept"
    again.close()


def test_database_from_an_older_schema_is_upgraded(db_path):
    """A file that predates the schema (no alembic_version) gets every revision applied; beside
    another program's tables only when asked for (`claims db init`, hostile pass 7)."""
    sqlite3.connect(db_path).execute("CREATE TABLE unrelated (x INTEGER)").connection.close()
    with pytest.raises(DatabaseError, match=r"tables of another program \(unrelated\)"):
        Database(str(db_path))
    database = Database(str(db_path), beside_others=True)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    database.close()


def test_newer_schema_is_refused(db_path):
    Database(str(db_path)).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="does not know"):
        Database(str(db_path))


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="no folder"):
        Database(str(blocker / "sub" / "desk.db"))
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        Database(str(blocker / "sub" / "desk.db"), make_folder=True)
    with pytest.raises(DatabaseError, match="is not a folder"):
        Database(str(blocker / "desk.db"))


def test_the_default_desk_makes_its_folder(tmp_path):
    """The user data folder is ours to create; any other missing folder is refused."""
    from db.urls import default_sqlite_path

    assert not default_sqlite_path().parent.exists()
    Database().close()
    assert default_sqlite_path().is_file()


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as s:
        s.execute(text("INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", "
                       "date_is_reporting) VALUES (999, 999, 'q', 0, 1, false)"))


def test_migrations_build_exactly_the_models(db):
    """Autogenerate finds nothing to add: the migrations and claims.models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from claims.models import metadata

    # Indexes the migrations add on PostgreSQL alone (see migration 0005) are not models'.
    pg_only = {"ix_claim_queue_worth_pg", "ix_claim_queue_date_pg", "ix_claim_queue_priority_pg",
               "ix_claim_text_trgm", "ix_claim_speaker_trgm", "ix_claim_role_trgm",
               "ix_claim_status_order_pg", "ix_claim_date_order_pg"}
    # Since migration 0023, on PostgreSQL: these SQLite's own; no foreign key on claim_key on
    # either backend since 0025 (the models keep the reference for `claims db check`).
    sqlite_only = {"ix_claim_queue", "ix_claim_date_order"}

    def include(obj, name, type_, reflected, compare_to):
        if type_ == "table" and name.startswith("claim_search"):  # SQLite's FTS5 index (0008)
            return False
        if type_ == "foreign_key_constraint" and obj.table.name == "claim_key":
            return False
        if db.is_postgresql and type_ == "index" and name in sqlite_only:
            return False
        return not (type_ == "index" and name in pg_only)

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include})
        assert compare_metadata(context, metadata) == []

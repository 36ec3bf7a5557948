"""Alembic, driven from code: every open brings the schema to the newest revision.

Two programs opening the same fresh database at once must not both migrate it: on
PostgreSQL the upgrade runs under a transaction-scoped advisory lock, on SQLite inside
`BEGIN IMMEDIATE` (which holds the file's write lock). Either way the upgrade is one
transaction (both backends have transactional DDL), so a failed migration leaves the
database as it was, and the revision is read again once the lock is held.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from db.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# pg_advisory_xact_lock key: any fixed 64-bit number, the same in every claims process.
MIGRATION_LOCK_KEY = 0x636C61696D73  # "claims"

# The tables each revision creates, to notice a database whose schema is not what its
# revision says (a half-applied migration from an old version, or tables dropped by hand).
TABLES_BY_REVISION: dict[str, set[str]] = {
    "0001": {"outlet", "article", "claim", "appearance", "match", "event"},
    "0002": {"claim_key", "key_stat"},
    "0003": {"feed_entry"},
    "0004": {"claim_lock"},
    "0006": {"watch_source", "repeat_seen"},
}


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder holds no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def expected_tables(script: ScriptDirectory, revision: str | None) -> set[str]:
    if revision is None:
        return set()
    tables: set[str] = set()
    for rev in script.iterate_revisions(revision, "base"):
        tables |= TABLES_BY_REVISION.get(rev.revision, set())
    return tables


def upgrade_to_head(engine: Engine) -> str | None:
    """Create or upgrade the schema; refuse a database newer than this program or half-built.

    Returns the revision the database was at (None: the schema was created now)."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as connection:
        current = current_revision(connection)
        if current == head:
            _check_complete(connection, script, current)
            return current
    _check_known(script, current, head)
    with engine.connect() as connection:
        _lock_for_migration(connection)
        current = current_revision(connection)  # another process may have done it meanwhile
        if current != head:
            _check_known(script, current, head)
            _check_complete(connection, script, current)
            try:
                command.upgrade(alembic_config(connection), "head")
            except DBAPIError as exc:
                connection.rollback()
                raise DatabaseError(
                    f"upgrading the schema from revision {current or 'empty'} to {head} failed: "
                    f"{_first_line(exc)}; nothing was changed (the upgrade was rolled back)"
                ) from None
        connection.commit()
    return current


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # The driver only begins transactions before DML; take the write lock ourselves so
        # the check and the DDL are one atomic step (waits up to the busy timeout).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _check_known(script: ScriptDirectory, current: str | None, head: str | None) -> None:
    if current is not None and not _known(script, current):
        raise DatabaseError(
            f"the database is at schema revision {current}, which this version of claims does "
            f"not know (newest known: {head}); upgrade claims to open it"
        )


def _check_complete(connection: Connection, script: ScriptDirectory, current: str | None) -> None:
    present = set(inspect(connection).get_table_names())
    if current is None:
        desk = present & TABLES_BY_REVISION["0001"]
        if desk:
            raise DatabaseError(
                f"the database holds claims tables ({', '.join(sorted(desk))}) but no schema "
                "revision: an earlier migration was interrupted or another program made them; "
                "restore a backup, or point --db at an empty database and `claims db copy` into it"
            )
        return
    missing = expected_tables(script, current) - present
    if missing:
        raise DatabaseError(
            f"the database says schema revision {current} but lacks the table(s) "
            f"{', '.join(sorted(missing))}: a migration was half-applied or tables were dropped; "
            "restore a backup (nothing was changed)"
        )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _first_line(exc: DBAPIError) -> str:
    text_ = str(exc.orig if exc.orig is not None else exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__

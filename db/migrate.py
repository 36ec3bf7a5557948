"""Alembic, driven from code: every open brings the schema to the newest revision.

Two programs opening the same fresh database at once must not both migrate it: on
PostgreSQL the upgrade runs under a transaction-scoped advisory lock, on SQLite inside
`BEGIN IMMEDIATE` (which holds the file's write lock). Either way the upgrade is one
transaction (both backends have transactional DDL), so a failed migration leaves the
database as it was, and the revision is read again once the lock is held.

Opening a database that is already at the newest revision (nearly every open) does not
import Alembic: the revision chain is read from the version files' `revision` and
`down_revision` lines, the database's revision from its `alembic_version` row. Alembic is
imported only to migrate (or to read a chain whose files are not that plain).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from db.errors import DatabaseError, error_line
from db.lock_wait import wait_unbounded
from db.revisions import (
    MIGRATIONS_DIR,
    TABLES_BY_REVISION,
    VERSION_TABLE,
    RevisionChain,
    chain_from_files,
    expected_tables,
)

if TYPE_CHECKING:
    from alembic.config import Config


# pg_advisory_xact_lock key: any fixed 64-bit number, the same in every claims process.
MIGRATION_LOCK_KEY = 0x636C61696D73  # "claims"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@functools.cache
def revision_chain() -> RevisionChain:
    return chain_from_files() or _chain_from_alembic()


def _chain_from_alembic() -> RevisionChain:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()  # raises when the chain has several heads
    assert head is not None, "the migrations folder holds no revision"
    parents = {}
    for rev in script.walk_revisions():
        down = rev.down_revision
        if isinstance(down, tuple | list):
            raise DatabaseError(f"migration {rev.revision} merges several parents; "
                                "claims expects one line of revisions")
        parents[rev.revision] = down
    return RevisionChain(parents, head)


def head_revision() -> str:
    return revision_chain().head


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision (None for a database Alembic never touched)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise DatabaseError(f"the database has several schema revisions ({', '.join(map(_shown, rows))}); "
                            "claims expects one line of revisions")
    return rows[0] if rows else None


def upgrade_to_head(engine: Engine, *, beside_others: bool = False) -> str | None:
    """Create or upgrade the schema; refuse a database newer than this program or half-built,
    or (unless `beside_others`: `claims db init`, asked for) one holding another program's tables.

    Returns the revision the database was at (None: the schema was created now)."""
    chain = revision_chain()
    head = chain.head
    with engine.connect() as connection:
        current = current_revision(connection)
        if current == head:
            _check_complete(connection, chain, current, beside_others)
            return current
    _check_known(chain, current)
    with engine.connect() as connection:
        _lock_for_migration(connection)
        current = current_revision(connection)  # another process may have done it meanwhile
        if current != head:
            _check_known(chain, current)
            _check_complete(connection, chain, current, beside_others)
            from alembic import command

            try:
                command.upgrade(alembic_config(connection), "head")
            except DBAPIError as exc:
                connection.rollback()
                raise DatabaseError(
                    f"upgrading the schema from revision {current or 'empty'} to {head} failed: "
                    f"{error_line(exc)}; nothing was changed (the upgrade was rolled back)"
                ) from None
        connection.commit()
    return current


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # The driver only begins transactions before DML; take the write lock ourselves so
        # the check and the DDL are one atomic step (waits up to the busy timeout).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        # another opener's upgrade (and a reader's lock on a table it changes) is waited for
        # as long as it takes: not refused after the connection's lock_timeout (db.engine)
        wait_unbounded(connection)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _shown(revision: str) -> str:
    """A stored revision for a message: quoted when spaces or controls around or in it would not show."""
    return revision if revision.isprintable() and revision.strip() == revision and revision else repr(revision)


def _check_known(chain: RevisionChain, current: str | None) -> None:
    if current is None or chain.known(current):
        return
    if chain.known(current.strip()):
        # '0026 ' (edited by hand): no version writes it, and no upgrade of claims would open it
        raise DatabaseError(
            f"the database's schema revision is stored as {current!r}, with spaces around it, which "
            f"no version of claims writes: its {VERSION_TABLE} table was edited or damaged; restore a "
            f"backup, or set the value back to {current.strip()!r}"
        )
    raise DatabaseError(
        f"the database is at schema revision {_shown(current)}, which this version of claims does "
        f"not know (newest known: {chain.head}); upgrade claims to open it"
    )


MAINTENANCE_DATABASES = ("postgres",)  # made by initdb for tools to connect to; no desk unless `db init`


def _check_complete(connection: Connection, chain: RevisionChain, current: str | None,
                    beside_others: bool = False) -> None:
    present = set(inspect(connection).get_table_names())
    if current is None:
        desk = present & TABLES_BY_REVISION["0001"]
        if desk:
            raise DatabaseError(
                f"the database holds claims tables ({', '.join(sorted(desk))}) but no schema "
                "revision: an earlier migration was interrupted or another program made them; "
                "restore a backup, or point --db at an empty database and `claims db copy` into it"
            )
        if connection.dialect.name == "postgresql" and connection.execute(
                text("SELECT current_schema() IS NULL")).scalar():
            # PGOPTIONS='-c search_path=nosuch' (or a role's setting) hides every schema: the
            # desk's tables were not seen, and the upgrade "from revision empty" failed
            path = connection.execute(text("SHOW search_path")).scalar()
            raise DatabaseError(
                f"the database's search_path ({path}) names no schema that exists, so claims sees no "
                "tables there: check PGOPTIONS, or the search_path set for the role or database")
        if connection.dialect.name == "postgresql" and not beside_others:
            schema = connection.execute(text("SELECT current_schema()")).scalar()
            if schema != "public":
                # a schema named as the user ("$user" comes first on the default search_path), or
                # a search_path set for the role or database, would take the new desk's tables
                path = connection.execute(text("SHOW search_path")).scalar()
                raise DatabaseError(
                    f"a new desk would be made in the schema {schema!r} (the first on the search_path "
                    f"{path} that exists), not in public: claims makes a new desk in public; drop or "
                    f"rename that schema or change the search_path, or make the desk there with "
                    "`claims db init`")
        if connection.dialect.name == "postgresql" and connection.execute(
                text("SELECT datistemplate FROM pg_database WHERE datname = current_database()")).scalar():
            # template1 is copied into every database `createdb` makes after: each would hold a desk
            name = connection.execute(text("SELECT current_database()")).scalar()
            raise DatabaseError(
                f"the database {name!r} is a template: PostgreSQL copies it into every new database, "
                "and a desk made in it would be in each; give the name of a database of its own "
                "(`createdb -h HOST NAME` makes one)")
        if connection.dialect.name == "postgresql" and not beside_others:
            name = connection.execute(text("SELECT current_database()")).scalar()
            if name in MAINTENANCE_DATABASES:  # where a URL lands whose database was left to the default
                raise DatabaseError(
                    f"the database {name!r} is PostgreSQL's maintenance database, which tools and "
                    "URLs without a database name connect to: give the name of a database of its own "
                    "(`createdb -h HOST NAME` makes one), or make the desk there with `claims db init`")
        others = sorted(t for t in present if not t.startswith("sqlite_"))
        if others and not beside_others:  # another program's database, named by mistake?
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise DatabaseError(
                f"the database holds tables of another program ({shown}) and no claims desk: "
                "claims makes a new desk only in an empty database; check --db (or make the desk "
                "beside them with `claims db init`)"
            )
        return
    missing = expected_tables(chain, current) - present
    if missing:
        raise DatabaseError(
            f"the database says schema revision {current} but lacks the table(s) "
            f"{', '.join(sorted(missing))}: a migration was half-applied or tables were dropped; "
            "restore a backup (nothing was changed)"
        )



"""An SQLite desk opened for reading with the standard library alone.

Importing SQLAlchemy and the schema's models costs most of a second on a small machine, more
than a quick read of the desk takes. A command that only reads (``claims list``) first asks
here for a plain ``sqlite3`` connection. It gets one only for an existing SQLite file that is
already at this program's newest schema with its tables in place. Anything else gets None:
a PostgreSQL URL, a file to create, a schema to migrate, a file that is not a database. The
command then opens the desk the full way (``db.Database``), which creates, migrates or says
in one line what is wrong. Nothing here writes.
"""

from __future__ import annotations

import os
import sqlite3

from db.errors import DatabaseError
from db.revisions import VERSION_TABLE, chain_from_files, expected_tables
from db.urls import ENV_VAR, default_sqlite_path, local_path

BUSY_TIMEOUT_S = 10.0  # as db.engine's SQLITE_BUSY_TIMEOUT_MS: wait for a writer's commit


def open_for_reading(value: str | None) -> sqlite3.Connection | None:
    """A read connection to the desk ``value`` names (as ``--db`` takes it; None: $CLAIMS_DB,
    else the default file), or None where only ``db.Database`` can open it."""
    if value is None:
        value = os.environ.get(ENV_VAR) or str(default_sqlite_path())
    if not value.strip() or "://" in value or value.strip() == ":memory:":
        return None  # URLs (and what is refused) take the full way
    try:
        path = local_path(value)  # as the full way reads it: 'x.db/' opened x.db here
    except DatabaseError:  # the full way says what is wrong
        return None
    chain = chain_from_files()
    if chain is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:  # unreadable (permissions): the full way says what is wrong
        return None
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if VERSION_TABLE not in present:
            raise LookupError
        versions = [v for (v,) in conn.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
        if versions != [chain.head] or not expected_tables(chain, chain.head) <= present:
            raise LookupError
    except (sqlite3.Error, LookupError):  # not a desk this version reads as it is
        conn.close()
        return None
    return conn

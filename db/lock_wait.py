"""Lock waits without the connection's bound (db.engine sets `lock_timeout` on every PostgreSQL
connection to `PG_LOCK_TIMEOUT_MS`). A module of its own: db.migrate uses it, and db.engine
imports db.migrate."""

from __future__ import annotations

from sqlalchemy.engine import Connection


def wait_unbounded(connection: Connection) -> None:
    """For the rest of `connection`'s PostgreSQL transaction, wait for locks as long as it
    takes (`PG_LOCK_TIMEOUT_MS` bounds the waits of everything else): taken before the
    advisory locks that queue writers one after another (a long import holds the next ingest
    off until it commits, as SQLite's one writer does) and the schema upgrade's."""
    connection.connection.dbapi_connection.execute("SET LOCAL lock_timeout = 0")

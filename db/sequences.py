"""PostgreSQL's id sequences moved past ids written as they are (a redo puts rows back with
the ids they had): a sequence left behind gives an id already taken, and every later insert
of that table failed ('duplicate key ... claim_pkey') until enough of them had used it up."""

from __future__ import annotations

from sqlalchemy import Connection, text


def advance_sequences(conn: Connection, tables: list[str]) -> None:
    """Each table's `id` sequence at least at its largest id, on PostgreSQL (SQLite takes the
    next id from the table itself). Never moved back: another writer may have taken more."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(text(
            f'SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence(:t, \'id\') AS s, '
            f'(SELECT max(id) FROM "{table}") AS m) AS x '
            "WHERE m IS NOT NULL AND m > COALESCE(pg_sequence_last_value(s::regclass), 0)"), {"t": f'"{table}"'})

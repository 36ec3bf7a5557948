"""Reads of rows by lists of ids: `{ids}` in a statement stands for `IN` the ids (PostgreSQL:
`= ANY` an array, one statement text whatever their number), run through the DB-API cursor
(SQLAlchemy's handling of a statement cost more than one of these reads for a new claim)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlmodel import Session

from claims.services.claim_rows import dbapi_cursor

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """`items` in slices of `size` (500: SQLite's markers of one `IN` list kept well under its limit)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def read_ids(session: Session, sql: str, ids: Sequence[int]) -> list[tuple]:
    """The rows of a read whose `{ids}` stand for `IN` the ids (PostgreSQL: `= ANY` an array,
    one statement text whatever their number)."""
    conn = session.connection()
    sql, params, _ = ids_step(conn, sql, ids)
    with dbapi_cursor(conn, sql) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ids_step(conn, sql: str, ids: Sequence[int]) -> tuple[str, tuple, bool]:
    """The read `sql` of the `ids` as a (sql, parameters, many) step (`pipelined`): its `{ids}`
    stand for `IN` the ids (PostgreSQL: `= ANY` an array)."""
    n = sql.count("{ids}")
    if conn.dialect.name == "postgresql":
        sql, params = sql.replace("{ids}", "= ANY(%s)"), [list(ids)] * n
    else:
        sql, params = sql.replace("{ids}", f"IN ({', '.join('?' * len(ids))})"), list(ids) * n
    return sql, tuple(params), False

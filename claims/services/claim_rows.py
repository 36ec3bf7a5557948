"""Many new claims written at once (an import): ids assigned up front and one executemany
(PostgreSQL: COPY), instead of an INSERT ... RETURNING whose per-row triggers were a third of
a large import.

On SQLite an INSERT into `claim` fires two triggers row by row: migration 0007's
`triage_claim_insert` (marks the claim's priority for a refresh) and 0008's
`claim_search_insert` (indexes its folded text for the desk's filters). For a batch they are
dropped, the rows written, each replaced by one statement over the new ids, and made again,
all in the caller's transaction (SQLite's DDL is transactional: an import that fails or is
killed leaves them as they were; no other writer can run meanwhile). A trigger whose stored
SQL is not the one below (a later migration changed it) is left to fire row by row.
tests/test_claim_rows.py checks that both ways leave the same rows, marks and search index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session

from claims.models import Claim
from db.engine import begin_immediate, note_write

# trigger name -> (its SQL as the migrations made it, the same for the claims with ids in lo..hi)
SET_AT_A_TIME: dict[str, tuple[str, str]] = {
    "triage_claim_insert": (
        'CREATE TRIGGER triage_claim_insert AFTER INSERT ON "claim" BEGIN INSERT INTO triage_dirty '
        "(claim_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END",
        "INSERT INTO triage_dirty (claim_id) SELECT id FROM claim WHERE id BETWEEN ? AND ? ORDER BY id",
    ),
    "claim_search_insert": (
        "CREATE TRIGGER claim_search_insert AFTER INSERT ON claim BEGIN INSERT INTO claim_search "
        "(rowid, text, speaker, role) VALUES (NEW.id, claims_fold(NEW.text), claims_fold(NEW.speaker), "
        "claims_fold(NEW.speaker_role)); END",
        "INSERT INTO claim_search (rowid, text, speaker, role) SELECT id, claims_fold(text), "
        "claims_fold(speaker), claims_fold(speaker_role) FROM claim WHERE id BETWEEN ? AND ? ORDER BY id",
    ),
}


def _same_sql(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


# Dropping and making a trigger changes SQLite's schema: every prepared statement of every
# connection is prepared again after it (~10 ms a block on a desk of a million claims), so a
# few rows (an article, one new claim) let the triggers fire row by row.
AT_ONCE_MIN_ROWS = 200


def insert_claims(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Write new claims (column -> value, the same columns in every row); their ids, in order.

    The values go through the column types' bind processing as SQLAlchemy's own INSERT would
    (a datetime is stored as the same text), and a column not given takes its default, so
    the rows are the ones the ORM writes."""
    if not rows:
        return []
    session.flush()
    conn = session.connection()
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        return _copy_claims(conn, rows)
    if conn.dialect.name != "sqlite":
        table = Claim.__table__
        return list(session.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), list(rows)).scalars())
    raw = conn.connection.dbapi_connection
    if not raw.in_transaction:  # the DDL below must be part of the caller's transaction
        begin_immediate(raw)
    table = Claim.__table__
    # A column not given takes its default, as SQLAlchemy's INSERT gives it (status, evidence...).
    defaults = _defaults(table, rows[0])
    names = ["id", *rows[0], *defaults]
    processors = [table.c[n].type._cached_bind_processor(conn.dialect) for n in names]
    first = (conn.exec_driver_sql("SELECT max(id) FROM claim").scalar() or 0) + 1
    ids = list(range(first, first + len(rows)))
    values = _bound_rows(ids, rows, tuple(defaults.values()), processors)
    stored = dict(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claim'").all())
    suspended = [name for name, (sql, _) in SET_AT_A_TIME.items()
                 if name in stored and _same_sql(stored[name], sql) and len(rows) >= AT_ONCE_MIN_ROWS]
    for name in suspended:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    columns = ", ".join(f'"{n}"' for n in names)
    conn.exec_driver_sql(f"INSERT INTO claim ({columns}) VALUES ({', '.join('?' * len(names))})", values)
    later = session.info.get(_SEARCH_ROWS_LATER)
    for name in suspended:
        if name == SEARCH_TRIGGER and later is not None:
            later.append((ids[0], ids[-1]))  # written at the end of the block (`search_rows_written_after`)
        else:
            conn.exec_driver_sql(SET_AT_A_TIME[name][1], (ids[0], ids[-1]))
        conn.exec_driver_sql(stored[name])
    return ids


SEARCH_TRIGGER = "claim_search_insert"
_SEARCH_ROWS_LATER = "claims.search_rows_later"  # session.info: the id ranges whose search rows wait


@contextmanager
def search_rows_written_after(session: Session) -> Iterator[None]:
    """SQLite: the search index rows (`claim_search`) of the claims `insert_claims` writes at
    once in this block, written at its end, a statement a run of consecutive ids, instead of
    one a call: FTS5 indexes 100k claims in one statement for 1.3 s CPU, in 5,000-claim
    statements for 1.65 s (it merges its segments less). The block must only add claims (an
    import's storing): a claim changed or removed before its row is written would have its
    row taken out of the index first, which a contentless FTS5 table cannot check. Claims
    stored row by row meanwhile are indexed by the trigger as usual. A block that fails
    writes nothing more: the caller's transaction rolls back."""
    if session.info.get(_SEARCH_ROWS_LATER) is not None:  # within another such block: that one writes them
        yield
        return
    later: list[tuple[int, int]] = []
    session.info[_SEARCH_ROWS_LATER] = later
    try:
        yield
    finally:
        session.info.pop(_SEARCH_ROWS_LATER, None)
    runs: list[list[int]] = []
    for lo, hi in sorted(later):
        if runs and lo == runs[-1][1] + 1:
            runs[-1][1] = hi
        else:
            runs.append([lo, hi])
    conn = session.connection()
    for lo, hi in runs:
        conn.exec_driver_sql(SET_AT_A_TIME[SEARCH_TRIGGER][1], (lo, hi))


# The store holds at most this share of the claims an import adds (an import into an empty or
# small store, as a first large load is): the claim table's indexes are made again after it.
REMAKE_INDEXES_SHARE = 1.0


@contextmanager
def claim_indexes_made_after(session: Session, adding: int) -> Iterator[None]:
    """SQLite: the claim table's secondary indexes (ten: the queue's, the dates', the
    speaker's...) dropped while `adding` new claims are written in this block, and made again
    after it, when the store holds no more claims than that. Each is then one sort of the
    table instead of an insert a row at a random place of it: 100k claims into an empty store
    were written in 3.5 s with them, 2.5 s without them and their making. Unique indexes stay
    (they refuse a duplicate id as it comes). Elsewhere, or a smaller batch: nothing changes.
    A block that fails leaves them dropped: the caller's transaction, which the DDL is part of
    (SQLite's is transactional), rolls back and brings them back (a ctrl+c waits for no index)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite" or adding < AT_ONCE_MIN_ROWS:
        yield
        return
    stored = conn.exec_driver_sql("SELECT count(*) FROM claim").scalar()
    if stored > REMAKE_INDEXES_SHARE * adding:
        yield
        return
    raw = conn.connection.dbapi_connection
    if not raw.in_transaction:  # the DDL below must be part of the caller's transaction
        begin_immediate(raw)
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claim' AND sql IS NOT NULL "
        "ORDER BY name").all()
    indexes = [(name, sql) for name, sql in indexes if not re.match(r"\s*CREATE\s+UNIQUE\b", sql, re.IGNORECASE)]
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)


# PostgreSQL: this many claims or more are written by COPY. A multi-row INSERT ... RETURNING
# of a thousand rows is a statement of 18,000 parameters that psycopg parses anew each time
# (a quarter of a 100k import's client time); COPY sends rows and nothing to parse.
COPY_MIN_ROWS = 200


def _copy_claims(conn, rows: Sequence[dict[str, Any]]) -> list[int]:
    """`insert_claims` on PostgreSQL: ids drawn from the table's sequence up front (one
    query; ascending, so in record order), then the rows by COPY. The per-row triggers fire
    as for an INSERT (COPY fires them too), inside the caller's transaction."""
    table = Claim.__table__
    defaults = _defaults(table, rows[0])
    names = ["id", *rows[0], *defaults]
    processors = [table.c[n].type._cached_bind_processor(conn.dialect) for n in names]
    ids = sorted(conn.exec_driver_sql(
        "SELECT nextval(pg_get_serial_sequence('claim', 'id')) FROM generate_series(1, %s)",
        (len(rows),)).scalars())
    columns = ", ".join(f'"{n}"' for n in names)
    copy_rows(conn, f"COPY claim ({columns}) FROM STDIN", _bound_rows(ids, rows, tuple(defaults.values()), processors))
    return ids


def _bound_rows(ids: Sequence[int], rows: Sequence[dict[str, Any]], fixed: tuple, processors: list) -> list[tuple]:
    """Each row's values (its id, its columns, the defaults `fixed`) through `bind_processed`.
    The rows hold the objects meanwhile, so no id is taken again."""
    return bind_processed(([cid, *row.values(), *fixed] for cid, row in zip(ids, rows, strict=True)), processors)


def bind_processed(rows: Iterable[list], processors: Sequence) -> list[tuple]:
    """Rows of values (lists, changed in place) through their column's bind processing, where
    the column has one (the time stamps...), as SQLAlchemy's own INSERT would, and an object
    given to several rows processed once (an import's rows share their time stamps: a call
    per value of every column was a third of the rows' making). By identity, not equality:
    12:00 UTC and 13:00 +01:00 are equal and are written apart; the caller holds the objects
    until this returns, so no id is taken again."""
    processed = [(i, p, {}) for i, p in enumerate(processors) if p is not None]
    out = []
    for values in rows:
        for i, process, seen in processed:
            v = values[i]
            if v is not None:
                found = seen.get(id(v))
                values[i] = found if found is not None else seen.setdefault(id(v), process(v))
        out.append(tuple(values))
    return out


def _defaults(table, given: dict[str, Any]) -> dict[str, Any]:
    """The default of each column a row does not give, as SQLAlchemy's INSERT fills it
    (status, evidence ...; a callable such as the time stamps' is called once for the rows)."""
    out = {}
    for c in table.columns:
        if c.name == "id" or c.name in given or c.default is None:
            continue
        if c.default.is_scalar:
            out[c.name] = c.default.arg
        elif c.default.is_callable:
            out[c.name] = c.default.arg(None)
    return out


@contextmanager
def dbapi_cursor(conn, statement: str) -> Iterator[Any]:
    """A DB-API cursor of the connection (no SQLAlchemy row handling, or a COPY) whose
    failures come out as SQLAlchemy's own (IntegrityError, OperationalError ...), as through
    `session.execute`: the handlers of those (a one-line message, nothing stored) see them
    on this path too, not a driver's exception and a traceback."""
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.cursor()
    try:
        yield cursor
    except dbapi.Error as e:
        raise DBAPIError.instance(statement, None, e, dbapi.Error, dialect=conn.dialect) from e
    finally:
        cursor.close()


def pipelined(conn, steps: Sequence[tuple[str, Any, bool]]) -> list:
    """PostgreSQL: statements sent to the server at once, in order (psycopg's pipeline mode:
    one round trip for them all, each still run after the one before); each step is (sql,
    parameters, many: an executemany of a list of rows). Each one's rows (a statement that
    returns rows) or row count, once all have run. A failure comes out as SQLAlchemy's own
    (see `dbapi_cursor`), the first failing statement's; writes are noted (`note_write`)."""
    dbapi = conn.dialect.loaded_dbapi
    raw = conn.connection.dbapi_connection
    note_write(conn)
    if not dbapi.Pipeline.is_supported():  # a libpq older than 14: one statement at a time
        out = []
        for sql, params, many in steps:
            with dbapi_cursor(conn, sql) as cursor:
                (cursor.executemany if many else cursor.execute)(sql, params)
                out.append(cursor.fetchall() if cursor.description is not None else cursor.rowcount)
        return out
    cursors: list = []
    failed = None
    pipeline = raw.pipeline()
    pipeline.__enter__()  # not `with`: its exit after a failure logs a second error to stderr
    try:
        try:
            for sql, params, many in steps:
                cursor = raw.cursor()
                cursors.append(cursor)
                (cursor.executemany if many else cursor.execute)(sql, params)
        except dbapi.Error as e:
            failed = e
        try:
            pipeline.__exit__(None, None, None)  # every result read (or the first failure)
        except dbapi.Error as e:
            failed = failed or e
        if failed is not None:
            # The first step not done is the one that failed: the server runs them in order
            # and skips those after a failure (psycopg raises the first failure).
            failing = next((i for i, cursor in enumerate(cursors) if not _done(cursor, *steps[i][1:])),
                           len(cursors) - 1)
            raise DBAPIError.instance(steps[failing][0], None, failed, dbapi.Error,
                                      dialect=conn.dialect) from failed
        return [cursor.fetchall() if cursor.description is not None else cursor.rowcount for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _done(cursor, params, many: bool) -> bool:
    """Whether a pipelined step ran to its end: a statement has its result; an executemany
    has a row counted for each of its rows (psycopg adds up their counts). An executemany
    whose row may change nothing (an UPDATE) and did is taken for the failing step when a
    later one failed."""
    return cursor.rowcount >= len(params) if many else cursor.pgresult is not None


def copy_rows(conn, sql: str, rows: Iterable[tuple]) -> None:
    """PostgreSQL: rows by COPY (no statement of thousands of parameters to send and parse,
    nor one execution per row as an executemany has)."""
    with dbapi_cursor(conn, sql) as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def copy_text(conn, sql: str, blocks: Iterable[str]) -> None:
    """PostgreSQL: COPY of rows already in COPY's text format (tab-separated, escaped), a
    block of many rows a write: no call a row."""
    with dbapi_cursor(conn, sql) as cursor, cursor.copy(sql) as copy:
        for block in blocks:
            copy.write(block)


# The same for many match rows (an ingest of near-duplicates stores 200,000): migration 0007's
# `triage_match_insert` marks both claims of each row, two more inserts per row (three
# quarters of the rows' insert time); the claims of the rows added are marked once each after.
MATCH_SET_AT_A_TIME: dict[str, tuple[str, str]] = {
    "triage_match_insert": (
        'CREATE TRIGGER triage_match_insert AFTER INSERT ON "match" BEGIN INSERT INTO triage_dirty '
        "(claim_id) SELECT NEW.claim_a_id WHERE NEW.claim_a_id IS NOT NULL; INSERT INTO triage_dirty "
        "(claim_id) SELECT NEW.claim_b_id WHERE NEW.claim_b_id IS NOT NULL; END",
        'INSERT INTO triage_dirty (claim_id) SELECT claim_a_id FROM "match" WHERE id > ? '
        'UNION SELECT claim_b_id FROM "match" WHERE id > ? ORDER BY 1',
    ),
}


@contextmanager
def match_rows_at_once(session: Session) -> Iterator[None]:
    """Match rows inserted in this block mark their claims for a priority refresh once, after
    the block, instead of row by row (SQLite; elsewhere the triggers fire as usual). A block
    that fails makes the trigger again too (the transaction's rollback would as well). For
    many rows only (see `AT_ONCE_MIN_ROWS`): `merging.store_found` enters it at its first full chunk."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    if not raw.in_transaction:  # the DDL below must be part of the caller's transaction
        begin_immediate(raw)
    stored = dict(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'match'").all())
    suspended = [name for name, (sql, _) in MATCH_SET_AT_A_TIME.items()
                 if name in stored and _same_sql(stored[name], sql)]
    before = conn.exec_driver_sql('SELECT coalesce(max(id), 0) FROM "match"').scalar()
    for name in suspended:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')

    def restore() -> None:
        for name in suspended:
            conn.exec_driver_sql(MATCH_SET_AT_A_TIME[name][1], (before, before))
            conn.exec_driver_sql(stored[name])

    try:
        yield
    except BaseException:
        with suppress(SQLAlchemyError):  # a failed transaction: its rollback restores them
            restore()
        raise
    restore()


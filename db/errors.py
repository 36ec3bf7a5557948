"""Errors the storage layer reports to its callers in plain words."""

from __future__ import annotations

import errno
import os
import resource  # here, not when needed: with no file left, not even it could be loaded


class DatabaseError(Exception):
    """The database cannot be opened or used; the message says why and what to do."""


def error_line(exc: BaseException, empty: str | None = None) -> str:
    """The database error `exc` (a DBAPIError, or the driver's own) in one line: its first
    line, with the hint PostgreSQL sent on a line of its own; `empty` (else the error's type)
    when it says nothing. Every one-line message quoting a database error reads it here: a line
    cut at the first break dropped 'You might need to increase max_locks_per_transaction'
    from 'out of shared memory'."""
    error = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    first = lines[0] if lines else (empty or type(exc).__name__)
    if hint := _server_hint(error, lines):
        first = f"{first} (PostgreSQL's hint: {hint})"
    return first


def _server_hint(error: BaseException | None, lines: list[str]) -> str | None:
    """The hint PostgreSQL sent with `error` (psycopg's `diag.message_hint`, else its 'HINT:'
    line), on one line; None when there is none."""
    hint = getattr(getattr(error, "diag", None), "message_hint", None)
    if not isinstance(hint, str):
        hint = next((line[len("HINT:"):] for line in lines if line.startswith("HINT:")), None)
    return " ".join(hint.split()) or None if hint else None


# The codes of a duplicate key: PostgreSQL's SQLSTATE, SQLite's extended result codes for a
# UNIQUE and a PRIMARY KEY constraint (https://www.sqlite.org/rescode.html).
_PG_UNIQUE = "23505"
_SQLITE_UNIQUE = {2067, 1555}  # SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY


def is_duplicate_key(exc: BaseException) -> bool:
    """Whether `exc` (an IntegrityError, or the driver's own) is a duplicate key: the one
    refusal a concurrent writer storing the same row causes. SQLite reports a trigger's
    RAISE(ABORT), a NOT NULL or a CHECK as an IntegrityError too: those are the database's own
    refusals, told as they are, not as another change."""
    error = getattr(exc, "orig", None) or exc
    if getattr(error, "sqlstate", None) == _PG_UNIQUE:
        return True
    return getattr(error, "sqlite_errorcode", None) in _SQLITE_UNIQUE


def out_of_open_files(code: int = errno.EMFILE) -> str:
    """What to say when claims (EMFILE) or the whole system (ENFILE) has no file left to open:
    the file being opened is no part of the problem (it was most often one of claims' own
    modules, 'claims/links.py: Too many open files')."""
    if code == errno.ENFILE:
        return "the system ran out of open files (its limit for all programs): close some programs and try again"
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return (f"the system ran out of open files for claims (the limit is {limit}): raise it, "
            "for example with `ulimit -n 1024`, and try again")


def files_ran_out() -> int | None:
    """EMFILE or ENFILE when no file can be opened now, else None: SQLite's 'unable to open
    database file' says no more than that."""
    try:
        os.close(os.open(os.devnull, os.O_RDONLY))
    except OSError as exc:
        return exc.errno if exc.errno in (errno.EMFILE, errno.ENFILE) else None
    return None

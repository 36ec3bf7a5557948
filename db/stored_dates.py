"""Dates and moments read from an SQLite desk: one that is no date (edited by hand or by
another program: SQLite stores any text in a DATE column) is said in one line. SQLAlchemy's
reader raised 'month must be in 1..12' or "Couldn't parse date string" as a traceback from
`claims list`, `show` and `export` of an article published '2024-99-99' (hostile27)."""

from __future__ import annotations

from sqlalchemy import types
from sqlalchemy.dialects.sqlite import DATE, DATETIME
from sqlalchemy.engine import Engine

from db.errors import DatabaseError


class DamagedDate(DatabaseError):
    """A stored date or moment that is none."""


def _guarded(process, kind: str):
    def read(value):
        try:
            return process(value)
        except (ValueError, TypeError):
            raise DamagedDate(f"the desk holds a damaged {kind} ({str(value)[:60]!r} is no {kind}): `claims db "
                              "check` says where; restore it from a backup") from None
    return read


class _Date(DATE):
    def result_processor(self, dialect, coltype):
        process = super().result_processor(dialect, coltype)
        return None if process is None else _guarded(process, "date")


class _DateTime(DATETIME):
    def result_processor(self, dialect, coltype):
        process = super().result_processor(dialect, coltype)
        return None if process is None else _guarded(process, "moment")


def read_dates_safely(engine: Engine) -> None:
    """Make `engine` (an SQLite one) read its dates and moments through `_guarded`."""
    engine.dialect.colspecs = {**engine.dialect.colspecs, types.Date: _Date, types.DateTime: _DateTime}

"""Dates and moments read from an SQLite desk: one that is no date (edited by hand or by
another program: SQLite stores any text in a DATE column) is said in one line. SQLAlchemy's
reader raised 'month must be in 1..12' or "Couldn't parse date string" as a traceback from
`claims list`, `show` and `export` of an article published '2024-99-99' (hostile27)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import types
from sqlalchemy.dialects.sqlite import DATE, DATETIME
from sqlalchemy.engine import Engine

from db.errors import DatabaseError


class DamagedDate(DatabaseError):
    """A stored date or moment that is none."""

    def __init__(self, value, kind: str, where: str | None = None) -> None:
        self.value, self.kind, self.where = value, kind, where
        which = f"which {where}" if where else "where"
        super().__init__(f"the desk holds a damaged {kind} ({str(value)[:60]!r} is no {kind}): `claims db check` "
                         f"says {which}; restore it from a backup")


def _guarded(process, kind: str):
    def read(value):
        try:
            return process(value)
        except (ValueError, TypeError):
            raise DamagedDate(value, kind) from None
    return read


class DamagedMoment(datetime):
    """A damaged moment of a column read softly (`SOFT`): it loads, so the row it is in can be
    listed marked damaged (one such claim emptied the desk's queue, hostile29), but any use of
    its value (written out, shown, stored again) raises the one-line DamagedDate."""

    stored: str
    where: str

    @classmethod
    def of(cls, stored, where: str) -> DamagedMoment:
        moment = cls(1, 1, 1, tzinfo=UTC)
        moment.stored, moment.where = str(stored), where
        return moment

    def error(self) -> DamagedDate:
        return DamagedDate(self.stored, "moment", self.where)

    def _refuse(self, *args, **kwargs):
        raise self.error()

    isoformat = strftime = astimezone = timestamp = date = time = replace = __format__ = __str__ = _refuse


# Columns whose damaged moment loads as a DamagedMoment: what the queue's rows carry (the
# rest of a row's moments are the store's own, never typed in nor imported).
SOFT = frozenset({"claim.reviewed_at"})


class _Named:
    """A date or moment column that names itself ('claim.reviewed_at') when its stored value
    is damaged: the reader below it knows the value, not the column (hostile29: `claims show`
    of a claim whose reviewed_at is 'garbage' said only 'a damaged moment')."""

    where = ""

    def result_processor(self, dialect, coltype):
        process = super().result_processor(dialect, coltype)
        if process is None:
            return None
        where, soft = self.where, self.where in SOFT

        def read(value):
            try:
                return process(value)
            except DamagedDate as exc:
                if soft and exc.kind == "moment":
                    return DamagedMoment.of(exc.value, where)
                raise DamagedDate(exc.value, exc.kind, where) from None
        return read


_NAMED: dict[type, type] = {}


def name_stored_dates(metadata) -> None:
    """Each date and moment column of `metadata` names itself in its damaged value's error."""
    for table in metadata.tables.values():
        for column in table.columns:
            base = type(column.type)
            if not (issubclass(base, types.TypeDecorator) or issubclass(base, types.Date | types.DateTime)) or \
                    issubclass(base, _Named):
                continue
            if issubclass(base, types.TypeDecorator):  # a copy of its own class, the name added
                if not issubclass(base.impl if isinstance(base.impl, type) else type(base.impl),
                                  types.Date | types.DateTime):
                    continue
                cls = _NAMED.get(base) or _NAMED.setdefault(base, type(f"Named{base.__name__}", (_Named, base),
                                                                       {"cache_ok": True}))
                named = cls.__new__(cls)
                named.__dict__.update(column.type.__dict__)
            else:  # a plain DATE: a decorator of it (the dialect would adapt a subclass away)
                cls = _NAMED.get(base) or _NAMED.setdefault(base, type(f"Named{base.__name__}",
                                                                       (_Named, types.TypeDecorator),
                                                                       {"impl": base, "cache_ok": True}))
                named = cls()
            named.where = f"{table.name}.{column.name}"
            column.type = named


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

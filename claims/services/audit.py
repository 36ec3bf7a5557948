"""The audit log: recording each change (who, what, old and new value) in batches that undo as one."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from claims.models import Claim, Event, utcnow
from claims.services.change_log import stale_error

# Claim fields a change may touch, and how to turn their logged text back into a value.
CLAIM_FIELDS = {
    "status": str,
    "verdict": str,
    "verdict_note": str,
    "evidence": str,
    "canonical_id": int,
    "reviewer": str,
    "claim_date": str,
    "date_precision": str,
    "date_text": str,
    "text": str,
    "speaker": str,
    "fact_check_url": str,
}


def new_batch() -> str:
    return uuid.uuid4().hex


def _text(value) -> str | None:
    return None if value is None else str(value)


REPLAYED_FIELD = "batch"  # an undo's or redo's own row: `new` names the change (batch) it undid or redid


def record(
    session: Session,
    *,
    batch: str,
    reviewer: str,
    action: str,
    claim_id: int | None = None,
    match_id: int | None = None,
    field: str | None = None,
    old=None,
    new=None,
    note: str | None = None,
) -> None:
    session.info.setdefault("batches", set()).add(batch)  # this transaction's own actions
    buffered = session.info.get("event_rows")
    if buffered is not None:  # inside buffered_events: written in one INSERT at its end
        buffered.append(audit_row(batch=batch, reviewer=reviewer, action=action, claim_id=claim_id,
                                  match_id=match_id, field=field, old=old, new=new, note=note))
        return
    session.add(
        Event(
            batch=batch, reviewer=reviewer, action=action, claim_id=claim_id, match_id=match_id,
            field=field, old=_text(old), new=_text(new), note=note,
        )
    )


@contextmanager
def buffered_events(session: Session) -> Iterator[None]:
    """Audit rows recorded in the block are kept as plain rows and written in one INSERT
    when it ends (after a flush, so the claims and matches they name exist), instead of one
    ORM object each: for merges, unmerges, undo and redo, which record many. Nested blocks
    leave the writing to the outermost one."""
    if session.info.get("event_rows") is not None:
        yield
        return
    session.info["event_rows"] = []
    try:
        yield
        rows = session.info.pop("event_rows")
        session.flush()
        insert_events(session.connection(), rows)
    finally:
        session.info.pop("event_rows", None)


def set_claim_field(
    session: Session, claim: Claim, field: str, value, *, batch: str, reviewer: str, action: str
) -> bool:
    """Change one field of a claim and log it; False when it already had that value."""
    old = getattr(claim, field)
    if old == value:
        return False
    setattr(claim, field, value)
    record(session, batch=batch, reviewer=reviewer, action=action, claim_id=claim.id,
           field=field, old=old, new=value)
    return True


def touch(claim: Claim) -> None:
    """Write the claim's changes and bump its version, if nobody else bumped it meanwhile.

    One `UPDATE claim SET <changed fields>, version = v + 1 WHERE id = :id AND version = v`,
    with v the version this transaction read: when another writer committed in between, no
    row matches and the whole change is refused (StaleVersion), so no update is ever lost,
    whatever path made it.
    """
    now = utcnow()
    session = object_session(claim)
    if session is None or claim.id is None:
        claim.version += 1
        claim.updated_at = now
        return
    table = Claim.__table__
    expected = claim.version
    values = {
        attr.key: attr.value
        for attr in sa_inspect(claim).attrs
        if attr.key in table.c and attr.key not in ("id", "version") and attr.history.has_changes()
    }
    values.update(version=expected + 1, updated_at=now)
    with session.no_autoflush:  # this change's audit rows are written after the row is ours
        result = session.execute(
            update(table).where(table.c.id == claim.id, table.c.version == expected).values(values)
        )
    if result.rowcount != 1:
        with session.no_autoflush:
            current = session.execute(select(table.c.version).where(table.c.id == claim.id)).scalar()
        raise stale_error(session, claim.id, expected, current or expected)
    for key, value in values.items():
        set_committed_value(claim, key, value)


def audit_row(*, batch: str, reviewer: str, action: str, claim_id: int | None = None,
              match_id: int | None = None, field: str | None = None, old=None, new=None,
              note: str | None = None, at=None) -> dict:
    """One audit event as a plain row for `insert_events` (the Core twin of `record`)."""
    return dict(at=at or utcnow(), reviewer=reviewer, claim_id=claim_id, match_id=match_id, action=action,
                field=field, old=_text(old), new=_text(new), note=note, batch=batch, undone=False)


_EVENT_COLUMNS = ("at", "reviewer", "claim_id", "match_id", "action", "field", "old", "new", "note",
                  "batch", "undone")
EVENT_COLUMNS = _EVENT_COLUMNS  # the order of `insert_event_rows`' values
_INSERT_EVENT = insert(Event.__table__)


@lru_cache(maxsize=4)
def _insert_events_unnest(dialect):
    """PostgreSQL: `INSERT INTO event (...) SELECT * FROM unnest(:at::timestamptz[], ...)`,
    one statement with one array per column whatever the number of rows, so it is parsed
    and planned once (prepared) and executed once per change."""
    table = Event.__table__
    arrays = ", ".join(f"CAST(:{c} AS {table.c[c].type.compile(dialect)}[])" for c in _EVENT_COLUMNS)
    return text(f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}) SELECT * FROM unnest({arrays})")


def insert_events(conn, events: list[dict]) -> None:
    """Write audit rows: on PostgreSQL one INSERT ... unnest (one execution on the server,
    where an executemany is one per row); on SQLite an executemany (a loop in C, no trips)."""
    if not events:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_insert_events_unnest(conn.dialect), {c: [e[c] for e in events] for c in _EVENT_COLUMNS})
    elif len(events) < _EVENTS_AS_TUPLES:
        conn.execute(_INSERT_EVENT, events)
    else:
        insert_event_rows(conn, [[e[c] for c in _EVENT_COLUMNS] for e in events])


def insert_event_rows(conn, rows: list[list]) -> None:
    """`insert_events` of rows given as lists of `EVENT_COLUMNS`' values (an import's, 100k
    of them: no dict a row). On SQLite a DB-API executemany of tuples, each column's bind
    processing done once per object, as SQLAlchemy's own executemany writes them (which
    processed and checked every value of every dict: a twentieth of a 100k import)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_insert_events_unnest(conn.dialect),
                     {c: list(values) for c, values in zip(_EVENT_COLUMNS, zip(*rows, strict=True), strict=True)})
        return
    from claims.services.claim_rows import bind_processed

    conn.exec_driver_sql(_INSERT_EVENT_SQLITE, bind_processed(rows, _event_processors(conn.dialect)))


_EVENTS_AS_TUPLES = 50  # fewer (a change of one claim): SQLAlchemy's own insert
_INSERT_EVENT_SQLITE = (f"INSERT INTO event ({', '.join(_EVENT_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})")


@lru_cache(maxsize=4)
def _event_processors(dialect) -> list:
    table = Event.__table__
    return [table.c[c].type._cached_bind_processor(dialect) for c in _EVENT_COLUMNS]


@lru_cache(maxsize=64)
def _update_statement(keys: tuple[str, ...], returning: tuple[str, ...] = ()):
    table = Claim.__table__
    stmt = (update(table)
            .where(table.c.id == bindparam("w_id"), table.c.version == bindparam("w_version"))
            .values({k: bindparam(f"v_{k}") for k in keys}))
    if returning:
        from claims.services.queries import row_extra_columns

        stmt = stmt.returning(*(table.c[n] for n in returning), *row_extra_columns())
    return stmt


def write_claim_returning(conn, claim: dict, values: dict, columns: tuple[str, ...]):
    """`write_claims` for one claim, returning its row as written (`columns` plus
    `queries.row_extra_columns`) from the same UPDATE: no second query for the row."""
    params = {"w_id": claim["id"], "w_version": claim["version"], **{f"v_{k}": v for k, v in values.items()}}
    row = conn.execute(_update_statement(tuple(sorted(values)), columns), params).mappings().first()
    if row is None:
        _raise_stale(conn, [(claim, values)])
    return row


def _raise_stale(conn, group: list[tuple[dict, dict]]) -> None:
    table = Claim.__table__
    ids = [claim["id"] for claim, _ in group]
    now = dict(conn.execute(select(table.c.id, table.c.version).where(table.c.id.in_(ids))).all())
    # The rows written here are at their new version; a row at any other version was moved
    # by someone else (with the rows locked first, this is only a backstop).
    stale = [c for c, v in group if now.get(c["id"]) != v["version"]] or [group[0][0]]
    claim = stale[0]
    raise stale_error(Session(bind=conn), claim["id"], claim["version"],
                      now.get(claim["id"]) or claim["version"] + 1)


def write_claims(conn, writes: list[tuple[dict, dict]]) -> None:
    """Core twin of `touch`: for each (claim as read, new values incl. version = v + 1),
    `UPDATE claim SET <values> WHERE id = :id AND version = :v`, claims changing the same
    fields sent as one executemany. When any row did not match (someone else committed a new
    version in between), the whole change is refused with StaleVersion."""
    groups: dict[tuple[str, ...], list[tuple[dict, dict]]] = {}
    for claim, values in writes:
        groups.setdefault(tuple(sorted(values)), []).append((claim, values))
    for keys, group in groups.items():
        params = [{"w_id": claim["id"], "w_version": claim["version"],
                   **{f"v_{k}": v for k, v in values.items()}} for claim, values in group]
        result = conn.execute(_update_statement(keys), params)
        if result.rowcount != len(params):
            _raise_stale(conn, group)


def touch_all(claims: list[Claim]) -> None:
    """`touch` for many claims of one session in one executemany per set of changed fields:
    each claim's changes and version + 1, where its version is still the one read."""
    claims = list({id(c): c for c in claims}.values())
    if not claims:
        return
    session = object_session(claims[0])
    if session is None or any(c.id is None or object_session(c) is not session for c in claims):
        for claim in claims:
            touch(claim)
        return
    table = Claim.__table__
    now = utcnow()
    writes = []
    for claim in claims:
        changed = sa_inspect(claim).committed_state  # the attributes set since the load / last flush
        values = {key: getattr(claim, key) for key in changed if key in table.c and key not in ("id", "version")}
        values.update(version=claim.version + 1, updated_at=now)
        writes.append(({"id": claim.id, "version": claim.version}, values))
    with session.no_autoflush:  # this change's audit rows are written after the rows are ours
        write_claims(session.connection(), writes)
    for claim, (_read, values) in zip(claims, writes, strict=True):
        for key, value in values.items():
            set_committed_value(claim, key, value)


def decode_field(field: str, text: str | None):
    if text is None:
        return None
    return CLAIM_FIELDS.get(field, str)(text)


@dataclass(frozen=True, slots=True)
class UndoResult:
    action: str  # the action undone or redone
    batch: str
    changes: int
    claim_ids: list[int]
    summary: str = ""  # a line for the user where the counts above say too little (an import)
    warning: str = ""  # a line beside it: a claim's date put back is after today (as set-date warns)


def evidence_json(links: list[str]) -> str:
    return json.dumps(links, ensure_ascii=False)

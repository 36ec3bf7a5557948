"""Reviewing: status, verdict, note and evidence, each change in the audit log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session

from claims.errors import ClaimsError
from claims.limits import check_note, evidence_problem
from claims.links import check_evidence_url, new_links, stored_list
from claims.models import Claim, utcnow
from claims.services.audit import (
    audit_row,
    evidence_json,
    insert_events,
    new_batch,
    write_claim_returning,
    write_claims,
)
from claims.services.change_log import moved_error, stale_error
from claims.services.queries import ROW_COLUMNS, row_from_record, rows_from_records
from claims.services.team import lock_heads
from claims.services.triage import refresh_dirty
from claims.services.views import ClaimRow
from claims.vocab import Status, Verdict, parse_status, parse_verdict, review_outcome
from db import Database


def set_status(
    db: Database,
    claim_ids: Sequence[int],
    *,
    reviewer: str,
    status: str | Status | None = None,
    verdict: str | Verdict | None = None,
    note: str | None = None,
    evidence: Sequence[str] = (),
    replace_evidence: bool = False,
    expected_versions: dict[int, int] | None = None,
    expected_canonical: dict[int, int] | None = None,
    return_rows: bool = True,
) -> list[ClaimRow]:
    """Apply one review change to every claim given, all or none, as one undoable action.

    `expected_versions` maps an id to the version the caller saw of the claim shown for it
    (its canonical claim). Versions are per claim, so when the id was merged into another
    cluster since, that cluster's version may equal it by chance: `expected_canonical` (id ->
    the canonical claim id the caller saw, e.g. the queue's row id) refuses that case too.

    Returns the changed claims as rows (their canonical claims, once each), or [] with
    `return_rows=False` for callers that do not show them.

    The write path is lean Core SQL, a handful of statements whatever the number of claims:
    lock the canonical rows (`SELECT ... FOR NO KEY UPDATE` in id order on PostgreSQL; the write
    session's `BEGIN IMMEDIATE` on SQLite), check the versions the caller saw, then one
    `UPDATE claim SET ..., version = v + 1 WHERE id = :id AND version = :v` per claim (sent
    as one executemany) and the audit rows as one executemany. A change on a stale version
    is refused (StaleVersion, naming who changed what), so no update is ever lost.
    """
    if not claim_ids:
        raise ClaimsError("no claim selected")
    try:
        new_status = parse_status(status) if isinstance(status, str) else status
        new_verdict = parse_verdict(verdict) if isinstance(verdict, str) else verdict
    except ValueError as exc:
        raise ClaimsError(str(exc)) from None
    note = check_note(note)
    links = [check_evidence_url(u, one_each="give one link per --evidence") for u in evidence]
    if new_status is None and new_verdict is None and note is None and not links and not replace_evidence:
        raise ClaimsError("nothing to change: give a status, a verdict, a note or evidence")
    batch = new_batch()
    with db.write_connection() as conn:
        pg = conn.dialect.name == "postgresql"
        # PostgreSQL: lock with the columns the change needs; the row comes back from the
        # UPDATE (fewer columns to describe and decode). SQLite: everything, no trip to save.
        heads = lock_heads(conn, list(claim_ids), _CHANGE_COLUMNS if pg else _ROW_COLUMNS)
        now = utcnow()
        seen: set[int] = set()
        after: list[dict] = []  # each canonical claim as it will be
        writes: list[tuple[dict, dict]] = []  # (claim as read, new values)
        events: list[dict] = []
        for claim_id in claim_ids:
            claim = heads[claim_id]
            if claim["id"] in seen:
                continue
            seen.add(claim["id"])
            expected = expected_versions.get(claim_id) if expected_versions else None
            if expected is not None and expected != claim["version"]:
                raise stale_error(Session(bind=conn), claim["id"], expected, claim["version"])
            seen_head = expected_canonical.get(claim_id) if expected_canonical else None
            if seen_head is not None and seen_head != claim["id"]:
                raise moved_error(claim_id, seen_head, claim["id"])
            try:
                status_after, verdict_after = review_outcome(
                    new_status, new_verdict, current=(claim["status"], claim["verdict"]))
            except ValueError as exc:
                raise ClaimsError(f"claim {claim['id']}: {exc}") from None
            wanted: list[tuple[str, object]] = [("status", status_after), ("verdict", verdict_after)]
            if note is not None:
                wanted.append(("verdict_note", note or None))
            if links or replace_evidence:
                current = [] if replace_evidence else stored_list(claim["evidence"], claim["id"])
                added = new_links(current, links)
                if added and (problem := evidence_problem(current + added)):
                    raise ClaimsError(f"claim {claim['id']}: {problem} (it has {len(current)}); nothing was changed")
                wanted.append(("evidence", evidence_json(current + added)))
            values = {}
            for field, value in wanted:
                if claim[field] != value:
                    values[field] = value
                    events.append(audit_row(batch=batch, reviewer=reviewer, action="set-status",
                                            claim_id=claim["id"], field=field, old=claim[field],
                                            new=value, at=now))
            if values:
                values.update(reviewer=reviewer, reviewed_at=now, updated_at=now, version=claim["version"] + 1)
                writes.append((claim, values))
            after.append({**claim, **values})
        if len(writes) == 1 and len(after) == 1 and return_rows and pg:
            # The usual case: the row comes back from the UPDATE itself, one round trip fewer.
            # (SQLite renders RETURNING's subqueries unqualified; its extra query costs no trip.)
            row = write_claim_returning(conn, *writes[0], ROW_COLUMNS)
            insert_events(conn, events)
            if refresh_dirty(conn):  # the priority the change gave it, not the one before
                row = {**row, **conn.execute(_PRIORITY, {"id": row["id"]}).mappings().one()}
            return [row_from_record(row)]
        if writes:
            write_claims(conn, writes)
            insert_events(conn, events)
        if not return_rows:
            return []
        if writes:
            refresh_dirty(conn)  # the rows come back with the priority the change gave them
            if not pg:
                fresh = {r["id"]: r for r in conn.execute(_PRIORITIES, {"ids": [a["id"] for a in after]}).mappings()}
                after = [{**a, **fresh[a["id"]]} for a in after]
        if pg:  # the rest of the row, as written
            order = [a["id"] for a in after]
            found = {r["id"]: r for r in conn.execute(_FULL_ROWS, {"ids": order}).mappings()}
            after = [found[i] for i in order]
        return rows_from_records(conn, after)


_TABLE = Claim.__table__
_ROW_COLUMNS = [_TABLE.c[name] for name in ROW_COLUMNS]
_CHANGE_COLUMNS = [_TABLE.c[name] for name in ("id", "version", "status", "verdict", "verdict_note", "evidence")]
_PRIORITY = sa_select(_TABLE.c.priority, _TABLE.c.checked_as).where(_TABLE.c.id == bindparam("id"))
_PRIORITIES = sa_select(_TABLE.c.id, _TABLE.c.priority, _TABLE.c.checked_as).where(
    _TABLE.c.id.in_(bindparam("ids", expanding=True)))
_FULL_ROWS = sa_select(*_ROW_COLUMNS).where(_TABLE.c.id.in_(bindparam("ids", expanding=True)))

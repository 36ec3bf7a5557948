"""Team work on one desk: who is on which claim, row locks for changes, the audit history.

- `take` / `release`: a reviewer marks a claim (its whole cluster) as theirs; others see
  "being reviewed by ana since 10:42" and taking it over needs `force`.
- `lock_claims` / `lock_heads`: the canonical claims behind some ids (ORM objects / plain
  rows), locked for the rest of the transaction (`SELECT ... FOR NO KEY UPDATE` on PostgreSQL;
  on SQLite the write session's `BEGIN IMMEDIATE` already holds the file's write lock).

Every row lock of a change is `FOR NO KEY UPDATE`, the lock PostgreSQL's own UPDATE of a row
takes when no key changes (a claim's id never does): it keeps out every other change, but
not a transaction inserting a row that points at the claim (a match, an appearance: the
foreign key's check takes `FOR KEY SHARE`). With `FOR UPDATE`, a verdict waited for any
ingest storing an appearance of the claim, and two new claims, each merged into one head
and suggested with the other's, deadlocked (tests/test_row_locks_key_share.py). Deleting a
claim (undoing an import) takes `FOR UPDATE`, as its DELETE would.
- `lock_clusters`: whole clusters (canonical claims and their members) locked up front, for
  merges and unmerges.
- `history`: the audit log, filtered by claim, reviewer and time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache

from sqlalchemy import bindparam, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims.errors import ClaimsError, MovedWhileWaiting, NotFound
from claims.models import Claim, ClaimLock, Event, utcnow
from claims.search_text import search_reviewer
from claims.services.audit import REPLAYED_FIELD, new_batch, record
from claims.services.flat_clusters import MergeCycle
from claims.services.queries import canonical_claim, event_view, load_claim
from claims.services.views import EventView
from db import Database
from db.errors import is_duplicate_key


class AlreadyTaken(ClaimsError):
    """The claim is being reviewed by someone else."""


@dataclass(frozen=True, slots=True)
class Taken:
    claim_id: int
    reviewer: str
    since: datetime

    def describe(self) -> str:
        local = self.since.astimezone()
        when = local.strftime("%H:%M") if local.date() == datetime.now().astimezone().date() \
            else local.strftime("%Y-%m-%d %H:%M")
        return f"being reviewed by {self.reviewer} since {when}"


@dataclass(frozen=True, slots=True)
class TakeResult:
    claim_id: int  # the canonical claim actually taken
    reviewer: str
    previous: Taken | None  # who had it before (None when it was free)


# --- locks for changes --------------------------------------------------------------------


def lock_claims(session: Session, claim_ids: Sequence[int]) -> dict[int, Claim]:
    """Map each id to its canonical claim, locked until the transaction ends.

    On PostgreSQL the canonical rows are locked in id order (no deadlock between two bulk
    changes) and read again after the lock, so a merge that committed meanwhile is seen.
    """
    if session.get_bind().dialect.name != "postgresql":
        return {cid: canonical_claim(session, cid) for cid in claim_ids}
    if len(claim_ids) == 1:
        # The common case in one round trip: lock the row; most claims are their own canonical.
        claim = session.get(Claim, claim_ids[0], with_for_update=_NO_KEY, populate_existing=True)
        if claim is not None and claim.canonical_id is None:
            return {claim_ids[0]: claim}
    for attempt in range(5):
        canon = {cid: canonical_claim(session, cid) for cid in claim_ids}
        ids = sorted({c.id for c in canon.values()})
        # After the first try this session may hold the lock of a claim merged away while it
        # waited, which is now a member: waiting for its new head then takes locks out of
        # order (a merge takes the head, then the members) and can deadlock. So it waits no more.
        locked = {
            c.id: c for c in session.exec(
                select(Claim).where(col(Claim.id).in_(ids)).order_by(col(Claim.id))
                .with_for_update(skip_locked=attempt > 0, key_share=True).execution_options(populate_existing=True)
            )
        }
        if len(locked) < len(ids):
            raise MovedWhileWaiting(MERGED_WHILE_WAITING)
        if all(c.canonical_id is None for c in locked.values()):
            return {cid: locked[c.id] for cid, c in canon.items()}
        # Merged into another cluster while we waited: resolve and lock again.
    raise MovedWhileWaiting(MERGED_WHILE_WAITING)


_CLAIM = Claim.__table__
_NO_KEY = {"key_share": True}  # FOR NO KEY UPDATE, for `session.get` (see the module doc)
MERGED_WHILE_WAITING = "the claim was merged into another while the change waited for it; try again"
_POINTER = sa_select(_CLAIM.c.id, _CLAIM.c.canonical_id).where(_CLAIM.c.id.in_(bindparam("ids", expanding=True)))


def _head_columns(table, names: tuple[str, ...]) -> list:
    return [table.c.id, table.c.canonical_id, table.c.version,
            *(table.c[n] for n in names if n not in ("id", "canonical_id", "version"))]


@lru_cache(maxsize=32)
def _lock_statement(pg: bool, names: tuple[str, ...], skip_locked: bool = False):
    """Heads by id, locked in id order (PostgreSQL; `skip_locked`: those free now). Built
    once: building a statement costs more than running it."""
    stmt = sa_select(*_head_columns(_CLAIM, names)).where(_CLAIM.c.id.in_(bindparam("ids", expanding=True)))
    if pg:
        stmt = stmt.order_by(_CLAIM.c.id).with_for_update(skip_locked=skip_locked, key_share=True)
    return stmt


@lru_cache(maxsize=32)
def _resolve_and_lock_statement(pg: bool, names: tuple[str, ...], single: bool):
    """Each requested id with its canonical claim (clusters are flat: a member points at
    its head), the heads locked in id order (PostgreSQL, `FOR NO KEY UPDATE OF` the head only).

    Whether the row found is still a head is checked by the caller, not in SQL: with
    `canonical_id IS NULL` in the query, PostgreSQL may drive the join from the index on
    canonical_id (thousands of heads) instead of the few ids asked for, when its
    statistics are off (4 ms instead of 0.1 ms, seen on a freshly loaded desk)."""
    asked, head = _CLAIM.alias("asked"), _CLAIM.alias("head")
    match = asked.c.id == bindparam("id") if single else asked.c.id.in_(bindparam("ids", expanding=True))
    stmt = (sa_select(asked.c.id.label("asked_id"), *_head_columns(head, names))
            .select_from(asked.join(head, head.c.id == func.coalesce(asked.c.canonical_id, asked.c.id)))
            .where(match))
    if pg:
        stmt = stmt.order_by(head.c.id).with_for_update(of=head, key_share=True)
    return stmt


def lock_heads(conn: Connection, claim_ids: Sequence[int], columns: Sequence = (), *, wait: bool = True
               ) -> dict[int, RowMapping]:
    """Like `lock_claims`, on a Core connection: each id -> its canonical claim's row.

    The rows carry `id`, `canonical_id`, `version` and the `columns` asked for. Usually one
    statement: each id joined to its canonical claim, `FOR NO KEY UPDATE OF` the canonical rows in
    id order on PostgreSQL (a head merged away while we waited for its lock comes back
    with its new canonical_id: PostgreSQL returns the locked row as it is now, and such ids
    drop out). A member's pointer was read before the wait, so
    on PostgreSQL members' pointers are read again once the heads are locked (whoever moves
    a member holds its head's lock, so what is read then stays true). Ids that drop out are
    followed and locked again. Raises NotFound for an unknown id.

    `wait=False`, for a caller that holds heads' locks already (a merge following claims
    moved while it waited): no head is waited for, since one of them may be waiting for a
    lock the caller holds; a head another transaction holds gives up with MovedWhileWaiting.
    """
    pg = conn.dialect.name == "postgresql"
    names = tuple(c.key for c in columns)
    wanted = set(claim_ids)
    single = len(wanted) == 1
    params = {"id": next(iter(wanted))} if single else {"ids": sorted(wanted)}
    rows: dict[int, RowMapping] = {}
    head_of: dict[int, int] = {}
    first = conn.execute(_resolve_and_lock_statement(pg, names, single), params).mappings() if wait else ()
    for r in first:
        if r["canonical_id"] is None:  # still a head once locked (PostgreSQL re-reads locked rows)
            head_of[r["asked_id"]] = r["id"]
            rows[r["id"]] = r
    members = [cid for cid, h in head_of.items() if cid != h]
    if pg and members:
        now = _pointers(conn, members)
        for cid in members:
            if now.get(cid) != head_of[cid]:
                del head_of[cid]
    for _attempt in range(5):
        todo = wanted - set(head_of)
        if not todo:
            return {cid: rows[head_of[cid]] for cid in claim_ids}
        before = _follow(conn, todo)
        new_heads = set(before.values()) - set(rows)
        if new_heads:
            # Locks held here may be of claims merged away meanwhile (members now): waiting
            # for their new heads would take locks out of order (see lock_claims).
            got = list(conn.execute(_lock_statement(pg, names, skip_locked=True),
                                    {"ids": sorted(new_heads)}).mappings())
            if pg and len(got) < len(new_heads):
                raise MovedWhileWaiting(MERGED_WHILE_WAITING)
            rows.update({r["id"]: r for r in got if r["canonical_id"] is None})
        after = _follow(conn, todo) if pg else before  # read again now that the heads are ours
        for cid in todo:
            if before[cid] == after[cid] and after[cid] in rows:
                head_of[cid] = after[cid]
    raise MovedWhileWaiting(MERGED_WHILE_WAITING)


def _pointers(conn: Connection, ids) -> dict[int, int]:
    """id -> the id it points at: its canonical claim, or itself for a head."""
    return {i: c if c is not None else i for i, c in conn.execute(_POINTER, {"ids": sorted(ids)}).all()}


def _follow(conn: Connection, ids) -> dict[int, int]:
    """Each id to its canonical claim, following pointers; NotFound for an unknown id."""
    at = {cid: cid for cid in ids}
    for _depth in range(100):
        found = _pointers(conn, set(at.values()))
        missing = [cid for cid, a in at.items() if a not in found]
        if missing:
            raise NotFound(f"claim {missing[0]}: no such claim")
        moved = {cid: found[a] for cid, a in at.items() if found[a] != a}
        if not moved:
            return at
        at.update(moved)
    for cid in at:  # still moving after 100 steps: a cycle, or a chain longer than any command makes
        path = [cid]
        while (step := _pointers(conn, [path[-1]]).get(path[-1], path[-1])) != path[-1]:
            if step in path:
                raise MergeCycle(cid, path[path.index(step):])
            path.append(step)
    raise ClaimsError("merged claims lead through more than 100 claims: run `claims db check`")


def lock_clusters(session: Session, claim_ids: Sequence[int]) -> None:
    """Lock the clusters of `claim_ids` (canonical claims, then their members) up front.

    For merges and unmerges, which change members as well as canonical claims. On PostgreSQL
    the canonical rows are locked in id order (as `lock_heads` and so every other change
    does: no deadlock), then their members; whoever changes a member must hold its canonical
    claim first, so the members' locks never wait long. On SQLite the write session's
    `BEGIN IMMEDIATE` already holds the write lock. The ORM objects are refreshed from the
    locked rows, so the versions checked on write are the ones just locked.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.flush()  # claims made in this session (an ingest's auto-merge) are rows to lock too
    conn = session.connection()
    heads = sorted({r.id for r in lock_heads(conn, list(claim_ids)).values()})
    # The heads are ours already; this locks their members and loads the whole clusters
    # (kept referenced for the session, so that reading them again costs no query).
    session.info.setdefault("locked_claims", []).extend(session.exec(
        select(Claim).where(or_(col(Claim.id).in_(heads), col(Claim.canonical_id).in_(heads)))
        .order_by(col(Claim.id)).with_for_update(key_share=True).execution_options(populate_existing=True)
    ).all())


# --- who is on what ---------------------------------------------------------------------


def _taken(lock: ClaimLock | None) -> Taken | None:
    return None if lock is None else Taken(claim_id=lock.claim_id, reviewer=lock.reviewer, since=lock.since)


def take(db: Database, claim_id: int, *, reviewer: str, force: bool = False) -> TakeResult:
    """Mark the claim's cluster as being reviewed by `reviewer`; someone else's needs `force`."""
    try:
        with db.session(write=True) as session:
            claim = lock_claims(session, [claim_id])[claim_id]
            lock = session.get(ClaimLock, claim.id, populate_existing=True)
            previous = _taken(lock)
            if lock is not None and lock.reviewer == reviewer:
                return TakeResult(claim_id=claim.id, reviewer=reviewer, previous=previous)
            if lock is not None and not force:
                raise AlreadyTaken(
                    f"claim {claim.id} is {previous.describe()}; use --force to take it over"
                )
            if lock is None:
                session.add(ClaimLock(claim_id=claim.id, reviewer=reviewer))
            else:
                lock.reviewer, lock.since = reviewer, utcnow()
            record(session, batch=new_batch(), reviewer=reviewer, action="take", claim_id=claim.id,
                   field="taken_by", old=previous.reviewer if previous else None, new=reviewer,
                   note=f"taken over from {previous.reviewer}" if previous else None)
            session.flush()
            return TakeResult(claim_id=claim.id, reviewer=reviewer, previous=previous)
    except IntegrityError as exc:
        if not is_duplicate_key(exc):  # a trigger's refusal, a CHECK: the database's own words
            raise
        # Someone took it in the same instant (PostgreSQL, no row yet to lock): report them.
        current = taken_by(db, [claim_id]).get(claim_id)
        who = current.describe() if current else "being taken by someone else"
        raise AlreadyTaken(f"claim {claim_id} is {who}; use --force to take it over") from None


def release(db: Database, claim_id: int, *, reviewer: str, force: bool = False) -> Taken:
    """Give a claim back; releasing someone else's needs `force`."""
    with db.session(write=True) as session:
        claim = lock_claims(session, [claim_id])[claim_id]
        # A claim taken before it was merged keeps its take (`claims taken` lists it), and
        # `release` looked only at its head ("claim 4 is not taken by anyone", or the head's
        # own taker named), so nobody could give it back until it was unmerged (hostile27):
        # the named claim's own take first, then its cluster's.
        own = session.get(ClaimLock, claim_id, populate_existing=True) if claim_id != claim.id else None
        lock = own or session.get(ClaimLock, claim.id, populate_existing=True)
        if lock is None:
            raise ClaimsError(f"claim {claim.id} is not taken by anyone")
        held = _taken(lock)
        if lock.reviewer != reviewer and not force:
            raise AlreadyTaken(f"claim {lock.claim_id} is {held.describe()}, not by {reviewer}; "
                               "use --force to release it anyway")
        session.delete(lock)
        record(session, batch=new_batch(), reviewer=reviewer, action="release", claim_id=lock.claim_id,
               field="taken_by", old=lock.reviewer, new=None,
               note=None if lock.reviewer == reviewer else f"released for {lock.reviewer}")
        return held


def taken_in_session(session: Session, claim_ids: Sequence[int]) -> dict[int, Taken]:
    """Who is on each of these claims; a merged claim shows its cluster's taker.

    The lock table is small (claims being worked on now), so it is read whole and the ids
    asked about, however many, never go into an IN list.
    """
    locks = {lock.claim_id: lock for lock in session.exec(select(ClaimLock))}
    if not locks or not claim_ids:
        return {}
    owner = {cid: cid for cid in locks}
    frontier = list(locks)
    while frontier:  # members of taken clusters (and members of members)
        rows = session.exec(
            select(Claim.id, Claim.canonical_id).where(col(Claim.canonical_id).in_(frontier))
        ).all()
        frontier = [m for m, c in rows if m not in owner]
        for member_id, canonical_id in rows:
            owner.setdefault(member_id, owner[canonical_id])
    return {cid: _taken(locks[owner[cid]]) for cid in claim_ids if cid in owner}


def taken_by(db: Database, claim_ids: Sequence[int]) -> dict[int, Taken]:
    """Who is on each of these claims (only the taken ones appear)."""
    with db.session() as session:
        return taken_in_session(session, claim_ids)


def taken_claims(db: Database, *, reviewer: str | None = None) -> list[Taken]:
    with db.session() as session:
        stmt = select(ClaimLock).order_by(col(ClaimLock.since))
        if reviewer:  # as a name is stored ('e\u0301va' is 'éva', 'ana\u200b' is 'ana')
            stmt = stmt.where(ClaimLock.reviewer == search_reviewer(reviewer))
        return [_taken(lock) for lock in session.exec(stmt)]


# --- history ----------------------------------------------------------------------------


def parse_since(value: str | None) -> datetime | None:
    """--since: a date as every --since reads it (`claims.dates.read_typed_date`), or an ISO
    date and time ("2026-03-01T09:00", its zone kept: `claims.dates.read_stamp`, as an
    import's `reviewed_at` is read). Only those: Python's own ISO reader also takes week
    dates and the basic format ("2024-W15", "20240414"), which `claims list` and `claims
    export --since` refuse.

    This --since starts a period of things done (changes, repeats found, a report's news),
    none of which is after now: a start to come is refused ('tomorrow' made a report of the
    period '2026-12-07 00:00 to 2026-12-06 08:42', and history and repeats listed nothing,
    as if nothing had happened)."""
    if value is None:
        return None
    when = _since(value)
    if when > utcnow():
        raise ClaimsError(f"--since: {value!r} is {when:%Y-%m-%d %H:%M} UTC, which is still to come: "
                          "give a start before now (e.g. 'yesterday')")
    return when


def _since(value: str) -> datetime:
    from claims.dates import parse_user_date, read_stamp

    try:
        if parsed := read_stamp(value):
            return _in_utc(parsed if parsed.tzinfo else _local(parsed))
    except ValueError:
        pass  # a time that does not exist: the date reader says so

    try:
        day: date = parse_user_date(value)
    except ValueError as exc:
        raise ClaimsError(f"--since: {exc}") from None
    return _in_utc(_local(datetime.combine(day, time.min)))


# A time at either end of the calendar cannot always be moved between zones: '0001-01-01'
# in the local zone, or '0001-01-01T00:00+14:00' in UTC, is in year 0 (a traceback).
def _local(naive: datetime) -> datetime:
    """A time typed without a zone, in the local one (in UTC where that would leave the calendar)."""
    try:
        return naive.astimezone()
    except (ValueError, OverflowError):
        return naive.replace(tzinfo=UTC)


def _in_utc(when: datetime) -> datetime:
    """`when` in UTC, the first or last moment of the calendar where it would leave it."""
    try:
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return (datetime.min if when.year == 1 else datetime.max).replace(tzinfo=UTC)


def history(
    db: Database,
    claim_id: int | None = None,
    *,
    reviewer: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[EventView]:
    """Audit events, oldest first: of one claim's cluster, a reviewer, after a time."""
    with db.session() as session:
        # an undo's or redo's row naming the change it undid (for redo) says nothing more to a reader
        stmt = select(Event).where(or_(col(Event.field).is_(None), Event.field != REPLAYED_FIELD))
        if claim_id is not None:
            claim = canonical_claim(session, claim_id)
            load_claim(session, claim_id)
            cluster = [claim.id, *session.exec(select(Claim.id).where(Claim.canonical_id == claim.id))]
            stmt = stmt.where(col(Event.claim_id).in_(cluster))
        if reviewer:  # as a name is stored (`taken_claims`)
            stmt = stmt.where(Event.reviewer == search_reviewer(reviewer))
        if since is not None:
            stmt = stmt.where(Event.at >= since.astimezone(UTC))
        if limit:
            rows = session.exec(stmt.order_by(col(Event.id).desc()).limit(limit)).all()[::-1]
        else:
            rows = session.exec(stmt.order_by(col(Event.id))).all()
        return [event_view(e) for e in rows]


# --- takes and merges -----------------------------------------------------------------------
#
# ana took claim 3; bob merged 3 into 4: the take stayed on claim 3, a member now, so the
# cluster held two takes (ana's on 3, and bob could take 4) and the queue showed the cluster
# (its head) as free (hostile28). A take follows its claim into the cluster it joins: onto
# the head when the head is free, else it is given back (the head's taker is on the cluster).
# Each move is an audit row of the merge's batch, so undoing the merge puts the take back.

TAKEN = "taken_by"


def follow_takes(session: Session, moved_to: dict[int, int], *, batch: str, reviewer: str, action: str) -> None:
    """Move the takes on claims a merge moved (`moved_to`: claim -> its new head) onto their heads."""
    if not moved_to:
        return
    ids = sorted(moved_to)
    locks = [lock for start in range(0, len(ids), 500) for lock in session.exec(
        select(ClaimLock).where(col(ClaimLock.claim_id).in_(ids[start:start + 500])))]
    for lock in sorted(locks, key=lambda lk: (lk.since, lk.claim_id)):  # the earliest take goes on
        head = moved_to[lock.claim_id]
        held = session.get(ClaimLock, head)
        session.delete(lock)
        if held is None:
            session.flush()
            session.add(ClaimLock(claim_id=head, reviewer=lock.reviewer, since=lock.since))
            note = f"moved to claim {head}, which claim {lock.claim_id} was merged into"
        else:
            note = f"given back: claim {lock.claim_id} was merged into claim {head}, {_taken(held).describe()}"
        record(session, batch=batch, reviewer=reviewer, action=action, claim_id=lock.claim_id, field=TAKEN,
               old=lock.reviewer, new=None, note=note)
        if held is None:
            record(session, batch=batch, reviewer=reviewer, action=action, claim_id=head, field=TAKEN,
                   old=None, new=lock.reviewer, note=f"moved from claim {lock.claim_id}, merged into it")
        session.flush()


def replay_take(session: Session, e: Event, *, reverse: bool) -> bool:
    """Undo (or redo) a take a merge moved: True when `e` is one. Only while the claim's take
    is still as the merge left it: a take given or taken since is the reviewers' own."""
    if e.field != TAKEN or e.claim_id is None or e.action in ("take", "release"):
        return False
    expected, value = (e.new, e.old) if reverse else (e.old, e.new)
    lock = session.get(ClaimLock, e.claim_id, populate_existing=True)
    if (lock.reviewer if lock else None) != expected:
        return True
    if value is None:
        session.delete(lock)
    elif lock is None:
        session.add(ClaimLock(claim_id=e.claim_id, reviewer=value))
    else:
        lock.reviewer = value
    session.flush()
    return True

"""Storing the matches found and merging duplicates.

Many matches at once (an import, a rebuild) are stored with one executemany and merged as
clusters (union-find over the duplicate pairs), with the same audit rows and version checks
as merging pair by pair: see `merge_pairs`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from typing import NamedTuple

from sqlalchemy import bindparam, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from claims.errors import MovedWhileWaiting, StaleVersion
from claims.matching import DUPLICATE, MatchResult
from claims.matching.parallel import Decided, decided
from claims.models import Claim, Event, Match, utcnow
from claims.services.audit import insert_events
from claims.services.claim_rows import copy_rows, match_rows_at_once, pipelined
from claims.services.id_reads import chunks, ids_step, read_ids
from claims.services.team import follow_takes, lock_heads
from claims.services.views import MatchSummary
from claims.vocab import MatchState

SYSTEM_REVIEWER = "claims"  # who the audit log names for automatic decisions


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def store_found(session: Session, found: Iterable[tuple[int, int, MatchResult | Decided]], batch: str
                ) -> MatchSummary:
    """Store the matches found (a pair already stored keeps its state) and merge the duplicates.

    `found` is consumed a few thousand pairs at a time: the match rows never all sit in memory.
    """
    now = utcnow()
    conn = session.connection()
    stamp = _bound(conn, Match.__table__.c.created_at, now)  # the text SQLAlchemy would write
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    insert_rows, row_markers = _INSERT_MATCH.replace("?", marker), _ROW_MARKERS.replace("?", marker)
    merges: list[tuple[int, int]] = []
    counts = Counter()
    chunk: list[tuple[int, int, Decided]] = []
    merging: list[_Merging] = []  # PostgreSQL: a merge's reads, made with a few matches' insert

    def flush(few: bool) -> None:
        # A pair stored already (before this batch, or by an earlier chunk of it: the same
        # transaction reads it back) is skipped, so only this chunk's pairs are held here:
        # a set of every pair the batch found grew with it (30 MB for an article's 200,000).
        # A few pairs (a new claim's) are inserted at once, a stored pair skipped by the
        # insert itself (ON CONFLICT DO NOTHING), which returns the pairs it stored.
        existing: set[tuple[int, int]] = set()
        if not few:
            for ids in chunks(sorted({min(a, b) for a, b, _ in chunk}), 500):
                existing.update(session.execute(_PAIRS_FROM, {"ids": ids}).all())
        rows, kept = [], []
        for a, b, result in chunk:
            pair = _pair(a, b)
            if pair in existing:
                continue
            existing.add(pair)
            auto = result.decision == DUPLICATE
            rows.append((
                pair[0], pair[1], round(result.score, 2), result.scorer, result.explanation,
                _CONFIRMED if auto else _SUGGESTED, result.conflict,
                SYSTEM_REVIEWER if auto else None, stamp if auto else None, stamp,
            ))
            kept.append((pair, a, b, result))
        if few and rows:
            sql = insert_rows.replace(row_markers, ", ".join([row_markers] * len(rows))) + _IF_NEW
            params = tuple(x for row in rows for x in row)
            named = sorted({i for _, a, b, result in kept if result.decision == DUPLICATE for i in (a, b)})
            if named and conn.dialect.name == "postgresql":
                # The insert and the merge's reads of the claims it would merge in one round
                # trip (see `_Merging`), the heads locked before the insert and after a savepoint.
                session.flush()  # as `merge_pairs` does before it reads
                _, heads, done, now = pipelined(conn, _merge_reads(named, (sql, params, False)))
                stored = set(done)
                merging.append(_merging(named, heads, now))
            else:
                stored = set(conn.exec_driver_sql(sql, params).all())
            kept = [k for k in kept if k[0] in stored]
        elif len(rows) >= COPY_MIN_MATCHES and conn.dialect.name == "postgresql":
            copy_rows(conn, _COPY_MATCH, rows)  # the triggers fire per row as for an INSERT
        elif rows:
            # The driver's executemany: SQLAlchemy's handling of 200,000 rows of parameters
            # (an article of near-duplicates) cost as much as the database's insert.
            conn.exec_driver_sql(insert_rows, rows)
        for _, a, b, result in kept:
            auto = result.decision == DUPLICATE
            if auto:
                merges.append((a, b))
            counts["duplicates" if auto else "conflicts" if result.conflict else "suggestions"] += 1
        chunk.clear()

    with ExitStack() as at_once:
        many = False
        for a, b, result in found:
            chunk.append((a, b, result if isinstance(result, Decided) else decided(result)))
            if len(chunk) >= APPLY_CHUNK:
                if not many:  # many rows: the triggers' marks set at a time (a few: row by row)
                    at_once.enter_context(match_rows_at_once(session))
                    many = True
                flush(few=False)
        few = not many and len(chunk) <= FEW_MATCHES
        given = list(chunk) if few else []
        if chunk:
            flush(few=few)
    merged: list[int] = []  # the claims (heads) merged into another: what a summary counts
    for attempt in range(MERGE_ATTEMPTS):
        try:
            merged.clear()
            merge_pairs(session, merges, batch=batch, read=merging[0] if merging else None, heads_merged=merged)
            break
        except MovedWhileWaiting:
            # (a merge with a savepoint of its own tried again from it)
            if not merging or attempt == MERGE_ATTEMPTS - 1:
                raise
            # A few matches' insert and merge (PostgreSQL): back to before both (the heads'
            # locks let go, and the matches' rows with theirs), and again from there.
            conn.exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
            merging.clear()
            merges.clear()
            counts.clear()
            chunk[:] = given
            flush(few=True)
    return MatchSummary(**counts, merged=len(merged))


APPLY_CHUNK = 5_000  # matches found stored at a time
FEW_MATCHES = 100  # stored by one INSERT that skips the pairs stored already (SQLite: 10 markers a row)
COPY_MIN_MATCHES = 1_000  # PostgreSQL: a chunk of this many new rows is written by COPY
_CONFIRMED, _SUGGESTED = MatchState.CONFIRMED.value, MatchState.SUGGESTED.value
_ROW_MARKERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_MATCH = ('INSERT INTO "match" (claim_a_id, claim_b_id, score, scorer, explanation, state, "conflict", '
                 f"decided_by, decided_at, created_at) VALUES {_ROW_MARKERS}")
_IF_NEW = " ON CONFLICT (claim_a_id, claim_b_id) DO NOTHING RETURNING claim_a_id, claim_b_id"
_COPY_MATCH = ('COPY "match" (claim_a_id, claim_b_id, score, scorer, explanation, state, "conflict", '
               "decided_by, decided_at, created_at) FROM STDIN")


def _bound(conn, column, value):
    """`value` as the column's type binds it on this connection (a datetime is text on SQLite)."""
    process = column.type._cached_bind_processor(conn.dialect)
    return value if process is None else process(value)


class _Merging(NamedTuple):
    """A merge's reads made beforehand (PostgreSQL, with a few matches' insert, one round trip):
    the `_HEADS_OF` rows of the claims `named`, locked, then, in the next statement (after
    those locks, so from a snapshot taken once they are held), each named claim's head then
    (`now`) and whether that head has members (`has_members`, by head). Nothing of the
    members is read nor locked: a cluster merged into another has its members locked and
    read by `merge_pairs` as ever, unless it has none (a new claim alone), and the cluster
    merged into keeps its members as they are. A head merged that is not among them (a
    claim moved meanwhile) has its members read."""
    named: set[int]
    heads: list[tuple]
    now: dict[int, int]
    has_members: dict[int, bool]


def _merge_reads(named: list[int], insert: tuple[str, tuple, bool]) -> list[tuple[str, tuple | None, bool]]:
    """A savepoint, the heads of the claims `named` locked, the matches' `insert`, then each
    named claim's head now. The heads are locked before the insert: its foreign-key checks
    lock the claims it names (FOR KEY SHARE), which a change taking those claims FOR UPDATE
    (an import's undo) would wait for while holding a head this merge waits for. And the
    savepoint before both lets a retry go back to holding none of them (`store_found`)."""
    return [(_SAVEPOINT, None, False),
            (_HEADS_OF.replace("{ids}", "= ANY(%s)") + " FOR NO KEY UPDATE OF h", (named,), False),
            insert,
            (_HEADS_WITH_MEMBERS, (named,), False)]


def _merging(named: list[int], heads: list[tuple], now: list[tuple]) -> _Merging:
    return _Merging(set(named), heads, {cid: head for cid, head, _ in now}, {head: has for _, head, has in now})


# Each claim's head (read after the heads are locked: whoever moves a member holds its
# head's lock, so what is read then stays true) and whether that head has members: a
# member's id in ix_claim_priority's order, the first entry of the head's (an EXISTS, or no
# order, was planned as a scan of the table when one cluster held most claims: 6 ms at 20,000).
_HEADS_WITH_MEMBERS = (
    "SELECT c.id, coalesce(c.canonical_id, c.id), (SELECT m.id FROM claim m WHERE m.canonical_id = "
    "coalesce(c.canonical_id, c.id) ORDER BY m.priority, m.id LIMIT 1) IS NOT NULL FROM claim c WHERE c.id = ANY(%s)")
_POINTS_AT = "SELECT id, coalesce(canonical_id, id) FROM claim WHERE id {ids}"


def _follow_moved(session: Session, canon: dict[int, int | None], heads: dict[int, _Head], suspect: list[int],
                  read: _Merging | None) -> bool:
    """Follow the claims whose head changed while its lock was waited for (PostgreSQL);
    whether any did. `_HEADS_OF` locks the heads it found from its snapshot, and a head
    merged away meanwhile is a member once locked (PostgreSQL returns the row as it is now);
    a member's pointer was read before the wait. So the `suspect` claims (members, and heads
    that came back with a pointer) are read again after the locks (with the insert's
    pipeline, `read.now`, at no cost), and those that moved are followed to their heads now
    by `team.lock_heads`, which locks them or, rather than wait for one out of order (this
    merge holds heads already), gives up with MovedWhileWaiting: `merge_pairs` then lets go
    of its heads and takes them again, in order."""
    if read is not None:
        now = read.now
    else:
        now = {cid: head for chunk in chunks(suspect, 500) for cid, head in read_ids(session, _POINTS_AT, chunk)}
    moved = [cid for cid in suspect if now.get(cid) != (canon[cid] or cid)]
    claim = Claim.__table__
    columns = [claim.c.status, claim.c.verdict, claim.c.verdict_note, claim.c.evidence]
    for chunk in chunks(moved, 500):
        for cid, row in lock_heads(session.connection(), chunk, columns, wait=False).items():
            canon[cid] = None if row["id"] == cid else row["id"]
            heads[row["id"]] = _Head(row["id"], row["version"], row["status"], row["verdict"],
                                     row["verdict_note"], row["evidence"])
    return bool(moved)


# A merge's heads are locked after a savepoint (PostgreSQL), so that a merge that cannot
# follow a claim moved meanwhile without waiting out of order lets go of them and tries again
# (see `_follow_moved`). One per merge: the savepoint is left in place, not released (one
# round trip less; it ends with the transaction).
_SAVEPOINT = "SAVEPOINT claims_merge_heads"
_ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT claims_merge_heads"
MERGE_ATTEMPTS = 5


def _locked_heads(session: Session, named: list[int], read: _Merging | None, lock: bool
                  ) -> tuple[dict[int, int | None], dict[int, _Head], _Merging | None, set[int]]:
    """Each claim's head (itself when it heads a cluster or stands alone) and the heads'
    rows, in one read: the heads merged and merged into are among them (locked, in id
    order, on PostgreSQL). `read` as it stays usable: None once claims were followed. Last,
    the heads whose cluster may hold a take (all those followed: not read for them)."""
    canon: dict[int, int | None] = {}
    heads: dict[int, _Head] = {}
    taken: set[int] = set()
    if read is not None:
        parts = [read.heads]
    elif lock:  # one statement, so the heads are locked in id order, all of them (500 at a time, each
        # part in order, the whole was not: a change taking two heads in order deadlocked with it)
        parts = _read_in_parts(session, _HEADS_OF + " FOR NO KEY UPDATE OF h", named, HEADS_PART)
    else:
        parts = (read_ids(session, _HEADS_OF, chunk) for chunk in chunks(named, 500))
    suspect: list[int] = []  # claims whose head may have moved while it was waited for
    wanted = set(named)  # read.named may hold more: the pairs the insert skipped
    for rows in parts:
        for cid, canonical_id, *head, pointer, has_take in rows:
            canon[cid] = canonical_id
            heads[head[0]] = _Head(*head)
            if has_take:
                taken.add(head[0])
            if (canonical_id is not None or pointer is not None) and cid in wanted:
                suspect.append(cid)
    if lock and suspect and _follow_moved(session, canon, heads, suspect, read):
        read = None  # whether the heads now have members is not known: they are read
        taken.update(heads)  # nor whether they are taken (rare: `follow_takes` reads their takes)
    return canon, heads, read, taken


def merge_pairs(session: Session, pairs: Sequence[tuple[int, int]], *, batch: str,
                 reviewer: str = SYSTEM_REVIEWER, action: str = "auto-merge", read: _Merging | None = None,
                 heads_merged: list[int] | None = None) -> int:
    """Merge the clusters of many pairs at once; the number of claims moved. The heads merged
    into another cluster (the claims merged, as a summary counts them: not the members that
    moved with them, nor the pairs) are added to `heads_merged`.

    The outcome is what `clusters.merge_in_session(session, [a, b])` gives pair after pair:
    b's cluster joins a's (union-find, a's side the root), a canonical claim without a verdict
    takes the first verdict merged into it, suggested matches inside a new cluster are
    confirmed, and every change is an audit row of `batch` (so it is undone as one action).
    The writes are executemany UPDATEs, each checking the version read here, so a claim
    somebody changed meanwhile fails the whole change (StaleVersion) as `touch` would.
    (This belongs with `claims.services.clusters`; it lives here while that module changes.)
    """
    if not pairs:
        return 0
    session.flush()  # ORM changes first: from here on the writes are Core statements
    claim = Claim.__table__
    named = sorted({i for pair in pairs for i in pair})
    lock = session.get_bind().dialect.name == "postgresql"
    # A pipelined `read` came after a savepoint of `store_found`'s, which tries again from it;
    # else the heads are locked after one of this merge's own.
    own_savepoint = lock and read is None
    if read is not None and not read.named.issuperset(named):
        read = None
    if own_savepoint:
        session.connection().exec_driver_sql(_SAVEPOINT)
    for attempt in range(MERGE_ATTEMPTS):
        try:
            canon, heads, read, taken = _locked_heads(session, named, read, lock)
            break
        except MovedWhileWaiting:
            if not own_savepoint or attempt == MERGE_ATTEMPTS - 1:
                raise
            # A head merged away while it was waited for, and its new head busy: the heads'
            # locks let go (this merge held them out of order) and taken again in order,
            # waiting this time, from where the claims stand now.
            session.connection().exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
            read = None
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while root in parent:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(canon[a] or a), find(canon[b] or b)
        if ra != rb:
            parent[rb] = ra
    if not parent:
        return 0
    joined: dict[int, list[int]] = {}  # target -> canonical claims merged into it, in order
    for head in parent:
        joined.setdefault(find(head), []).append(head)
    members: dict[int, list[tuple[int, int]]] = {}  # merged head -> its members (id, version)
    unread = sorted(parent)
    if read is not None:  # a head known to have no members has none to lock or read
        unread = [head for head in unread if read.has_members.get(head, True)]
    for chunk in chunks(unread, 500):
        for cid, head, version in read_ids(session, _MEMBERS + (" FOR NO KEY UPDATE" if lock else ""), chunk):
            members.setdefault(head, []).append((cid, version))

    now = utcnow()
    stamp = _bound(session.connection(), claim.c.updated_at, now)  # as SQLAlchemy would bind it
    moves: list[tuple] = []  # (target, new version, updated_at, claim, version read)
    bumps: list[tuple] = []  # heads that stay heads: only their version is raised
    events: list[dict] = []

    def event(claim_id: int, field: str, old, new) -> None:
        events.append({"batch": batch, "reviewer": reviewer, "action": action, "claim_id": claim_id,
                       "match_id": None, "field": field, "old": None if old is None else str(old),
                       "new": None if new is None else str(new), "note": None, "at": now,
                       "undone": False})

    for target, merged in joined.items():
        for head in merged:
            for cid, version, old in [(head, heads[head].version, None),
                                      *((m, v, head) for m, v in members.get(head, ()))]:
                moves.append((target, version + 1, stamp, cid, version))
                event(cid, "canonical_id", old, target)
        row = heads[target]
        values = {}
        if row.verdict is None:
            donor = next((heads[h] for h in merged if heads[h].verdict is not None), None)
            if donor is not None:  # keep a finding a reviewer made on a claim merged in
                for field in ("status", "verdict", "verdict_note", "evidence"):
                    if getattr(donor, field) != getattr(row, field):
                        values[field] = getattr(donor, field)
                        event(target, field, getattr(row, field), getattr(donor, field))
        if values:
            _checked(session, update(claim).where(claim.c.id == target, claim.c.version == row.version)
                     .values(**values, version=row.version + 1, updated_at=now), 1)
        else:
            bumps.append((None, row.version + 1, stamp, target, row.version))
    if lock:  # PostgreSQL: one statement (an unchanged canonical_id costs it no index write)
        moves += bumps
        bumps = []
    conn = session.connection()
    if lock and len(events) <= FEW_MATCHES and len(joined) <= 500:
        # A few claims' writes and the next read in one round trip: the moves, their audit
        # rows (those of matches confirmed follow them), the matches within the clusters.
        event_sql, event_rows = _event_rows(conn, events)
        moved, _, within = pipelined(conn, [(_MOVE_OR_BUMP.replace("?", "%s"), moves, True),
                                            (event_sql, event_rows, True), ids_step(conn, _MATCHES_WITHIN, list(joined))])
        if moved != len(moves):
            raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")
        confirmed: list[dict] = []
        _confirm_within(session, list(joined), event_rows=confirmed, batch=batch, reviewer=reviewer, now=now,
                        read=within)
        _insert_events(session, confirmed)
    else:
        if lock:
            _moved_at_once(conn, moves, stamp)
        else:
            _checked_rows(conn, _MOVE, moves)
            _checked_rows(conn, _BUMP, [row[1:] for row in bumps])
        _confirm_within(session, list(joined), event_rows=events, batch=batch, reviewer=reviewer, now=now)
        _insert_events(session, events)
    if taken & parent.keys():  # a cluster someone has taken merged away: its take follows it
        follow_takes(session, {cid: target for target, merged in joined.items() for head in merged if head in taken
                               for cid in (head, *(m for m, _ in members.get(head, ())))},
                     batch=batch, reviewer=reviewer, action=action)
    session.info.setdefault("batches", set()).add(batch)
    for obj in list(session.identity_map.values()):  # ORM copies of what changed underneath
        if isinstance(obj, (Claim, Match)):
            session.expire(obj)
    if heads_merged is not None:
        heads_merged.extend(parent)
    return len(moves)


# The statements of storing and merging, made once: building one costs more than running it
# for a single new claim (a third of its matching went to building statements).
_IDS = bindparam("ids", expanding=True)
_claim, _match = Claim.__table__, Match.__table__
_PAIRS_FROM = select(_match.c.claim_a_id, _match.c.claim_b_id).where(_match.c.claim_a_id.in_(_IDS))
# The reads of a merge, run through the DB-API cursor (`read_ids`): SQLAlchemy's handling of a
# statement cost more than one of these for a single new claim. `{ids}`: an id list.
class _Head(NamedTuple):
    id: int
    version: int
    status: str
    verdict: str | None
    verdict_note: str | None
    evidence: str


# Each claim's head (itself when it heads a cluster or stands alone), that head's row and its
# pointer (set when, locked, it was merged away while waited for: see `_follow_moved`).
# Last, whether someone has taken the head's cluster (its head, or a member taken before it was
# merged): its take must follow it if it is merged away (`team.follow_takes`). Read here, not
# by a statement of its own: a new claim's merge counts its statements (the lock table is
# small, the claims taken now; the new claim's own head was never taken). Two EXISTS, each through
# an index: `coalesce(t.canonical_id, t.id) = h.id` read every claim for each head on SQLite.
_HEADS_OF = ("SELECT c.id, c.canonical_id, h.id, h.version, h.status, h.verdict, h.verdict_note, h.evidence, "
             "h.canonical_id, EXISTS (SELECT 1 FROM claim_lock l WHERE l.claim_id = h.id) OR EXISTS (SELECT 1 "
             "FROM claim t JOIN claim_lock l ON l.claim_id = t.id WHERE t.canonical_id = h.id) "
             "FROM claim c JOIN claim h ON h.id = coalesce(c.canonical_id, c.id) WHERE c.id {ids} "
             "ORDER BY h.id, c.id")  # heads locked in id order (PostgreSQL), as merge does
_MEMBERS = "SELECT id, canonical_id, version FROM claim WHERE canonical_id {ids} ORDER BY id"
# The matches from each claim of the clusters `ids` (the heads): with the cluster the claim is
# in and the one the other side is in.
_MATCHES_WITHIN = (
    "SELECT m.id, m.claim_a_id, m.state, x.head, coalesce(c.canonical_id, c.id) FROM "
    "(SELECT id, id AS head FROM claim WHERE id {ids} UNION ALL "
    "SELECT id, canonical_id FROM claim WHERE canonical_id {ids}) x "
    'JOIN "match" m ON m.claim_a_id = x.id JOIN claim c ON c.id = m.claim_b_id')


HEADS_PART = 5_000  # rows of a merge's heads read fetched at a time (PostgreSQL)


def _read_in_parts(session: Session, sql: str, ids: Sequence[int], size: int) -> Iterator[list[tuple]]:
    """PostgreSQL: `read_ids` of all the `ids` in one statement, its rows fetched `size` at a time
    (a server-side cursor; a locking read locks them as they come, in its order). Every row
    at once repeated each head's text for each of its claims: 209 MB for an import's 200,000
    claims in clusters of ten with 500 characters of evidence (found in review)."""
    conn = session.connection()
    sql, params, _ = ids_step(conn, sql, ids)
    dbapi = conn.dialect.loaded_dbapi
    try:
        with conn.connection.dbapi_connection.cursor(name="claims_merge_read") as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(size):
                yield rows
    except dbapi.Error as e:
        raise DBAPIError.instance(sql, None, e, dbapi.Error, dialect=conn.dialect) from e


# A claim joins the cluster (canonical_id, new version, updated_at, id, version read); its
# target, a head, has its version raised (the same less the first). Apart on SQLite: a
# canonical_id in the SET list rewrites the five queue indexes holding it and fires the
# triage trigger even when unchanged (two thirds of a new claim's merge); the head is marked
# for a refresh by its new members' moves all the same. Driver SQL (`_checked_rows`).
_MOVE = "UPDATE claim SET canonical_id=?, version=?, updated_at=? WHERE claim.id = ? AND claim.version = ?"
_BUMP = "UPDATE claim SET version=?, updated_at=? WHERE claim.id = ? AND claim.version = ?"
_MOVE_OR_BUMP = ("UPDATE claim SET canonical_id=coalesce(?::integer, claim.canonical_id), version=?, "  # None: a bump
                 "updated_at=? WHERE claim.id = ? AND claim.version = ?")
_CONFIRM = update(_match).where(_match.c.id == bindparam("_id")).values(
    state=MatchState.CONFIRMED.value, decided_by=bindparam("_by"), decided_at=bindparam("_at"))


# PostgreSQL, many claims: `_MOVE_OR_BUMP` of every row in one statement over arrays. Run
# row by row it was 17,718 executions (and as many rows sent by psycopg) in an import of 100k.
_MOVES_AT_ONCE = ("UPDATE claim SET canonical_id=coalesce(v.target, claim.canonical_id), version=v.version, "
                  "updated_at=%s FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[]) "
                  "AS v(target, version, id, was) WHERE claim.id = v.id AND claim.version = v.was")
MOVES_PART = 50_000


def _moved_at_once(conn, moves: list[tuple], stamp) -> None:
    """`_checked_rows(conn, _MOVE_OR_BUMP, moves)` on PostgreSQL as one UPDATE per
    `MOVES_PART` rows (each claim is in `moves` once: a head is moved or raised, never both)."""
    changed = 0
    for part in chunks(moves, MOVES_PART):
        target, version, _, ids, was = zip(*part, strict=True)
        changed += conn.exec_driver_sql(_MOVES_AT_ONCE, (stamp, list(target), list(version), list(ids),
                                                         list(was))).rowcount
    if changed != len(moves):
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _checked_rows(conn, sql: str, rows: list[tuple]) -> None:
    """An UPDATE `sql` (`?` markers) run once per row through the driver's executemany (as
    `session.execute` would, without its statement handling: most of a new claim's merge),
    each row required to change one claim: else StaleVersion, as `_checked`."""
    if not rows:
        return
    sql = sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")
    changed = sum(conn.exec_driver_sql(sql, chunk).rowcount for chunk in chunks(rows, 5000))
    if changed != len(rows):
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _insert_events(session: Session, events: list[dict]) -> None:
    """The audit rows of a merge. A few (a new claim's) by the driver's executemany, the
    values bound as SQLAlchemy binds them (SQLite: a datetime as its text, a bool as 0/1);
    many on PostgreSQL as one INSERT ... unnest (`audit.insert_events`): through SQLAlchemy
    they were still one execution per row on the server (9,823 in an import of 100k)."""
    conn = session.connection()
    if len(events) > FEW_MATCHES and conn.dialect.name == "postgresql":
        for chunk in chunks(events, 50_000):  # one INSERT ... unnest, not an execution per row
            insert_events(conn, chunk)
        return
    if not events:
        return
    sql, rows = _event_rows(conn, events)
    for chunk in chunks(rows, 5000):
        conn.exec_driver_sql(sql, chunk)


def _event_rows(conn, events: list[dict]) -> tuple[str, list[tuple]]:
    """The driver's INSERT of audit rows and the rows, bound as SQLAlchemy binds them."""
    table = Event.__table__
    stamp = {id(e["at"]): _bound(conn, table.c.at, e["at"]) for e in events}
    undone = {False: _bound(conn, table.c.undone, False), True: _bound(conn, table.c.undone, True)}
    sql = _INSERT_EVENT if conn.dialect.paramstyle == "qmark" else _INSERT_EVENT.replace("?", "%s")
    return sql, [(stamp[id(e["at"])], e["reviewer"], e["claim_id"], e["match_id"], e["action"],
                  e["field"], e["old"], e["new"], e["note"], e["batch"], undone[e["undone"]]) for e in events]


_INSERT_EVENT = ('INSERT INTO event (at, reviewer, claim_id, match_id, action, field, "old", "new", note, batch, '
                 "undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _checked(session: Session, stmt, expected: int, params: list[dict] | None = None) -> None:
    changed = 0
    for chunk in chunks(params, 5000) if params is not None else [None]:
        changed += session.execute(stmt, chunk).rowcount if chunk is not None else session.execute(stmt).rowcount
    if changed != expected:
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _confirm_within(session: Session, targets: list[int], *, event_rows: list[dict], batch: str,
                    reviewer: str, now, read: list[tuple] | None = None) -> None:
    """Suggested matches whose two claims now share a cluster become confirmed (and logged).
    `read`: the `_MATCHES_WITHIN` rows of the targets, read already."""
    within: list[tuple[int, int]] = []  # (claim a, match id)
    reads = [read] if read is not None else (
        read_ids(session, _MATCHES_WITHIN, chunk) for chunk in chunks(sorted(targets), 500))
    for rows in reads:
        # The state is tested here, not in SQL: a planner would pick the state index and read
        # every suggestion of the store once per chunk.
        for mid, a, state, head, other_head in rows:
            if state == MatchState.SUGGESTED.value and other_head == head:
                within.append((a, mid))
    confirm: list[dict] = []
    for a, mid in sorted(within):
        confirm.append({"_id": mid, "_by": reviewer, "_at": now})
        event_rows.append({
            "batch": batch, "reviewer": reviewer, "action": "merge", "claim_id": a,
            "match_id": mid, "field": "state", "old": MatchState.SUGGESTED.value,
            "new": MatchState.CONFIRMED.value, "note": None, "at": now, "undone": False})
    if confirm:
        session.execute(_CONFIRM, confirm)

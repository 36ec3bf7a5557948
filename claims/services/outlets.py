"""Which outlet a name is: one rule (`db.folding.outlet_identity`: case, width, straight or
curly apostrophes and hyphens, runs of whitespace) for the stored name and the name given,
wherever an outlet is found (`--outlet`, the desk's filter) or made (import, ingest, redo)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import String, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, col, select

from claims.models import Outlet
from db.folding import outlet_identity_key
from db.lock_wait import wait_unbounded


def outlet_named(name: str):
    """The outlet's name is one with `name`. 'Nord-Ouest Times' finds 'Nord‑Ouest Times' and
    "O'Neil Times" finds 'O‘Neil Times': before, only the name given was straightened, so a
    name stored with ‘ or ʼ was found by no spelling, and became a second outlet. The stored
    identity (computed in Python when the outlet was made) is compared through its index:
    computing it for every stored outlet cost 40 ms a lookup at 20,000 outlets."""
    return Outlet.identity == outlet_identity_key(name)


def outlet_of_name(session: Session, name: str) -> int | None:
    """The outlet `name` is one of (`outlet_named`), or None. 'CNN', 'cnn' and 'ＣＮＮ' were
    three outlets, which `--outlet cnn` found as one and triage counted as three."""
    return session.exec(select(Outlet.id).where(outlet_named(name))).first()


# pg_advisory_xact_lock's first key for an outlet's name ('outl'); the second is one of
# OUTLET_LOCK_BUCKETS, by the identity's hash. One lock an outlet made an import of 12,000 new
# outlets hold 12,000 locks, past the server's lock table ('out of shared memory'); a bucket
# shared by two names only makes one writer wait for the other's commit.
OUTLET_LOCK_CLASS = 0x6F75746C
OUTLET_LOCK_BUCKETS = 1024
_BUCKET = f"(hashtext(:key) & {OUTLET_LOCK_BUCKETS - 1})"


def find_or_create_outlet(session: Session, name: str, create: Callable[[], int] | None = None) -> tuple[int, bool]:
    """(the outlet `name` is one of, whether it was made now): made by `create` (by default an
    outlet of that name) when there is none. On PostgreSQL two writers that looked before
    either committed both made one ('Reuters' and 'REUTERS'; UNIQUE(name) is exact): the one
    making it holds a lock on the name's identity until it commits, and the other looks again
    once it has it (SQLite writers hold the file's write lock already)."""
    found = outlet_of_name(session, name)
    if found is not None:
        return found, False
    if session.get_bind().dialect.name == "postgresql":
        wait_unbounded(session.connection())  # however long the other writer takes
        session.connection().execute(text(f"SELECT pg_advisory_xact_lock(:kind, {_BUCKET})"),
                                     {"kind": OUTLET_LOCK_CLASS, "key": outlet_identity_key(name)})
        found = outlet_of_name(session, name)  # (a new snapshot: READ COMMITTED)
        if found is not None:
            return found, False
    if create is not None:
        return create(), True
    outlet = Outlet(name=name)
    session.add(outlet)
    session.flush()
    return outlet.id, True


def lock_new_outlets(session: Session, names) -> None:
    """On PostgreSQL, take the locks `find_or_create_outlet` takes for the names among `names`
    that are no outlet yet, all at once and in one order (of the lock's key). Two imports
    making 'Alpha' and 'Beta' in opposite orders each held one lock (or inserted one row) and
    waited for the other's: PostgreSQL aborted one as a deadlock. Taken in one order, the
    second waits for the first to commit, then finds both."""
    if session.get_bind().dialect.name != "postgresql":
        return
    identities = sorted({outlet_identity_key(n) for n in names if n and n.strip()})
    new: set[str] = set(identities)
    for n in range(0, len(identities), 1000):
        chunk = identities[n:n + 1000]
        new.difference_update(session.exec(select(Outlet.identity).where(col(Outlet.identity).in_(chunk))))
    if not new:
        return
    wait_unbounded(session.connection())  # however long the other writer takes
    session.connection().execute(
        text("SELECT count(pg_advisory_xact_lock(:kind, k)) FROM "
             f"(SELECT DISTINCT hashtext(i) & {OUTLET_LOCK_BUCKETS - 1} AS k FROM unnest(:keys) AS i ORDER BY k) AS ordered")
        .bindparams(bindparam("keys", type_=ARRAY(String))),
        {"kind": OUTLET_LOCK_CLASS, "keys": sorted(new)})

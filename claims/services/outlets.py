"""Which outlet a name is: one rule (`db.textfold.outlet_identity`: case, width, straight or
curly apostrophes and hyphens, runs of whitespace) for the stored name and the name given,
wherever an outlet is found (`--outlet`, the desk's filter) or made (import, ingest, redo)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import String, literal, text
from sqlmodel import Session, select

from claims.models import Outlet
from db.textfold import outlet_identity, outlet_identity_of


def outlet_named(name: str):
    """The outlet's name is one with `name`. 'Nord-Ouest Times' finds 'Nord‑Ouest Times' and
    "O'Neil Times" finds 'O‘Neil Times': before, only the name given was straightened, so a
    name stored with ‘ or ʼ was found by no spelling, and became a second outlet."""
    return outlet_identity_of(Outlet.name) == literal(outlet_identity(name), String)


def outlet_of_name(session: Session, name: str) -> int | None:
    """The outlet `name` is one of (`outlet_named`), or None: the first stored. 'CNN', 'cnn'
    and 'ＣＮＮ' were three outlets, which `--outlet cnn` found as one and triage counted as
    three. An exact name is found by the unique index first."""
    found = session.exec(select(Outlet.id).where(Outlet.name == name)).first()
    if found is not None:
        return found
    return session.exec(select(Outlet.id).where(outlet_named(name)).order_by(Outlet.id).limit(1)).first()


# pg_advisory_xact_lock's first key for an outlet's name ('outl'); the second is the name's hash
OUTLET_LOCK_CLASS = 0x6F75746C


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
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:kind, hashtext(:key))"),
                                     {"kind": OUTLET_LOCK_CLASS, "key": outlet_identity(name)})
        found = outlet_of_name(session, name)  # (a new snapshot: READ COMMITTED)
        if found is not None:
            return found, False
    if create is not None:
        return create(), True
    outlet = Outlet(name=name)
    session.add(outlet)
    session.flush()
    return outlet.id, True

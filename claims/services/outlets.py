"""Which outlet a name is: one rule (`db.textfold.outlet_identity`: case, width, straight or
curly apostrophes and hyphens, runs of whitespace) for the stored name and the name given,
wherever an outlet is found (`--outlet`, the desk's filter) or made (import, ingest, redo)."""

from __future__ import annotations

from sqlalchemy import String, literal
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

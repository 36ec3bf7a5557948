"""Clusters stay flat: a claim that has a canonical claim points at a head, and no claim
points at it. Every read of clusters takes that for granted (a member's head is one pointer
away), so an action that puts pointers back as they were (undo, redo of an import) checks
it once its writes are made: what it pointed at may have been merged into another cluster
since, or what it moves may have gained members."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NoReturn

from sqlalchemy import Connection, bindparam, select

from claims.models import Claim

_CLAIM = Claim.__table__
_HEAD = _CLAIM.alias("head")
_UNDER_A_MEMBER = (select(_CLAIM.c.id, _CLAIM.c.canonical_id, _HEAD.c.canonical_id)
                   .join(_HEAD, _HEAD.c.id == _CLAIM.c.canonical_id)
                   .where(_CLAIM.c.id.in_(bindparam("ids", expanding=True)), _HEAD.c.canonical_id.is_not(None))
                   .limit(1))
_WITH_MEMBERS = (select(_CLAIM.c.id, _CLAIM.c.canonical_id)
                 .where(_CLAIM.c.canonical_id.in_(bindparam("ids", expanding=True))).limit(1))


def refuse_chains(conn: Connection, pointed: Collection[int], refuse: Callable[[str], NoReturn]) -> None:
    """`refuse` (which raises) when a claim of `pointed` (those given a canonical claim) now
    points at a member, or is pointed at itself. The heads concerned must be locked (their
    clusters: `team.lock_clusters`) for this to stay true until commit."""
    ids = sorted(pointed)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        row = conn.execute(_UNDER_A_MEMBER, {"ids": chunk}).first()
        if row is not None:
            claim, target, head = row
            refuse(f"claim {claim} would go back under claim {target}, which was merged into claim {head} "
                   f"since (unmerge claim {target} first)")
        row = conn.execute(_WITH_MEMBERS, {"ids": chunk}).first()
        if row is not None:
            member, claim = row
            refuse(f"claim {claim} would go back under another claim, but claim {member} was merged into it "
                   f"since (unmerge claim {member} first)")

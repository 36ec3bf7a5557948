"""Clusters stay flat: a claim that has a canonical claim points at a head, and no claim
points at it. Every read of clusters takes that for granted (a member's head is one pointer
away), so an action that puts pointers back as they were (undo, redo of an import) checks
it once its writes are made: what it pointed at may have been merged into another cluster
since, or what it moves may have gained members."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import NoReturn

from sqlalchemy import Connection, bindparam, select

from claims.errors import ClaimsError
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


# -- a cycle of merged claims (set by hand: no command makes one) ----------------------------------


def cycle_text(cycle: Sequence[int]) -> str:
    """'1 -> 2 -> 1' for the cycle [1, 2] (each claim pointing at the next, the last at the first)."""
    return " -> ".join(map(str, [*cycle, cycle[0]]))


def cycle_repair(cycle: Sequence[int]) -> str:
    """The commands that repair the cycle c0 -> c1 -> ... -> c0: `claims unmerge` of every claim
    but the last takes each out, which leaves the last under c0, a head then (on either backend)."""
    steps = [f"`claims unmerge {i}`" for i in cycle[:-1]]
    if len(steps) > 3:
        return (f"`claims unmerge ID` of each of its claims but claim {cycle[-1]} ({', '.join(map(str, cycle[:3]))}, "
                "...) repairs it")
    return " then ".join(steps) + (" repair it" if len(steps) > 1 else " repairs it")


class MergeCycle(ClaimsError):
    """The canonical claims of a claim lead round in a loop (`cycle`, in pointer order)."""

    def __init__(self, claim_id: int, cycle: Sequence[int]) -> None:
        self.cycle = list(cycle)
        super().__init__(f"claim {claim_id}: merged claims form a cycle ({cycle_text(cycle)}), which no command "
                         f"makes: {cycle_repair(cycle)} (`claims db check` lists any other)")

"""Clusters of duplicates: merge, unmerge, and deciding suggested matches.

A merge points each member at the canonical claim (`canonical_id`); nothing is deleted, so
every appearance stays where it was and unmerging is setting the pointer back. Each change
goes through the audit log, so `undo` reverses a merge like any other change. Merges and
unmerges lock the clusters they touch up front (`team.lock_clusters`: row locks on
PostgreSQL, the write transaction on SQLite); the version check on write stays as a backstop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from claims.errors import ClaimsError, NotFound
from claims.models import Claim, Match, utcnow
from claims.services.audit import buffered_events, new_batch, record, set_claim_field, touch_all
from claims.services.queries import canonical_claim, load_claim
from claims.services.team import lock_clusters
from claims.vocab import MatchState
from db import Database


@dataclass(frozen=True, slots=True)
class ClusterChange:
    canonical_id: int | None
    moved: list[int]  # claims whose canonical_id changed
    matches: list[int]  # match rows whose state changed


def _members(session: Session, canonical_id: int) -> list[Claim]:
    return list(session.exec(select(Claim).where(Claim.canonical_id == canonical_id)))


def merge_in_session(
    session: Session, claim_ids: Sequence[int], *, reviewer: str, batch: str, action: str = "merge"
) -> ClusterChange:
    """Merge the clusters of `claim_ids` into the cluster of the first one."""
    if len(claim_ids) < 2:
        raise ClaimsError("merge needs at least two claim ids")
    lock_clusters(session, claim_ids)  # every cluster involved, locked before anything is read
    target = canonical_claim(session, claim_ids[0])
    moved: list[int] = []
    touched: list[Claim] = []
    for claim_id in claim_ids[1:]:
        other = canonical_claim(session, claim_id)
        if other.id == target.id:
            continue
        # The other cluster's members follow their canonical claim into the target cluster.
        with session.no_autoflush:
            members = _members(session, other.id)
        for member in [*members, other]:
            set_claim_field(session, member, "canonical_id", target.id, batch=batch,
                            reviewer=reviewer, action=action)
            touched.append(member)
            moved.append(member.id)
        if target.verdict is None and other.verdict is not None:
            # Keep a finding the reviewer already made on the claim merged in.
            for field in ("status", "verdict", "verdict_note", "evidence"):
                set_claim_field(session, target, field, getattr(other, field), batch=batch,
                                reviewer=reviewer, action=action)
    if moved:
        touch_all([*touched, target])  # one conditional UPDATE per claim, sent together
    matches = _confirm_matches_within(session, target.id, reviewer=reviewer, batch=batch)
    return ClusterChange(canonical_id=target.id, moved=moved, matches=matches)


def _cluster_ids(session: Session, canonical_id: int) -> list[int]:
    return [canonical_id, *session.exec(select(Claim.id).where(Claim.canonical_id == canonical_id))]


def _confirm_matches_within(session: Session, canonical_id: int, *, reviewer: str, batch: str) -> list[int]:
    ids = _cluster_ids(session, canonical_id)
    changed = []
    for match in session.exec(
        select(Match).where(col(Match.claim_a_id).in_(ids), col(Match.claim_b_id).in_(ids),
                            Match.state == MatchState.SUGGESTED)
    ):
        _set_match_state(session, match, MatchState.CONFIRMED, reviewer=reviewer, batch=batch,
                         action="merge")
        changed.append(match.id)
    return changed


def _set_match_state(session: Session, match: Match, state: MatchState, *, reviewer: str, batch: str,
                     action: str) -> None:
    if match.state == state:
        return
    record(session, batch=batch, reviewer=reviewer, action=action, match_id=match.id,
           claim_id=match.claim_a_id, field="state", old=match.state, new=state.value)
    match.state = state.value
    match.decided_by = reviewer
    match.decided_at = utcnow()


def merge(db: Database, claim_ids: Sequence[int], *, reviewer: str) -> ClusterChange:
    with db.session(write=True) as session, buffered_events(session):
        return merge_in_session(session, claim_ids, reviewer=reviewer, batch=new_batch())


def unmerge(db: Database, claim_id: int, *, reviewer: str) -> ClusterChange:
    """Take a merged claim out of its cluster; for a canonical claim, undo the whole cluster."""
    batch = new_batch()
    with db.session(write=True) as session, buffered_events(session):
        lock_clusters(session, [claim_id])
        claim = load_claim(session, claim_id)
        if claim.canonical_id is not None:
            leaving = [claim]
            canonical_id = claim.canonical_id
        else:
            leaving = _members(session, claim.id)
            canonical_id = claim.id
            if not leaving:
                raise ClaimsError(f"claim {claim_id}: not merged with any other claim")
        for member in leaving:
            set_claim_field(session, member, "canonical_id", None, batch=batch, reviewer=reviewer,
                            action="unmerge")
        with session.no_autoflush:
            touch_all([*leaving, load_claim(session, canonical_id)])
        # A pair a person split is no longer a confirmed duplicate.
        left_ids = {m.id for m in leaving}
        changed = []
        for match in session.exec(
            select(Match).where(Match.state == MatchState.CONFIRMED,
                                (col(Match.claim_a_id).in_(left_ids)) | (col(Match.claim_b_id).in_(left_ids)))
        ):
            _set_match_state(session, match, MatchState.REJECTED, reviewer=reviewer, batch=batch,
                             action="unmerge")
            changed.append(match.id)
        return ClusterChange(canonical_id=canonical_id, moved=sorted(left_ids), matches=changed)


def decide_matches(
    db: Database, match_ids: Sequence[int], *, accept: bool, reviewer: str
) -> list[ClusterChange]:
    """Accept (merge the pair) or reject suggested matches, all in one undoable action."""
    if not match_ids:
        raise ClaimsError("no match selected")
    batch = new_batch()
    changes = []
    with db.session(write=True) as session:
        matches = [session.get(Match, match_id) for match_id in match_ids]
        if accept and None not in matches:  # all the clusters at once, in id order
            lock_clusters(session, [i for m in matches for i in (m.claim_a_id, m.claim_b_id)])
        for match_id in match_ids:
            match = session.get(Match, match_id)
            if match is None:
                raise NotFound(f"match {match_id}: no such match")
            if accept:
                _set_match_state(session, match, MatchState.CONFIRMED, reviewer=reviewer, batch=batch,
                                 action="accept-match")
                changes.append(merge_in_session(session, [match.claim_a_id, match.claim_b_id],
                                                reviewer=reviewer, batch=batch, action="accept-match"))
            else:
                _set_match_state(session, match, MatchState.REJECTED, reviewer=reviewer, batch=batch,
                                 action="reject-match")
                changes.append(ClusterChange(canonical_id=None, moved=[], matches=[match.id]))
    return changes

"""Clusters of duplicates: merge, unmerge, and deciding suggested matches.

A merge points each member at the canonical claim (`canonical_id`); nothing is deleted, so
every appearance stays where it was and unmerging is setting the pointer back. Each change
goes through the audit log, so `undo` reverses a merge like any other change. Merges and
unmerges lock the clusters they touch up front (`team.lock_clusters`: row locks on
PostgreSQL, the write transaction on SQLite); the version check on write stays as a backstop.

A caller that showed the claims to a person (the desk) passes the versions it showed
(`expected_versions`, as `set_status` and `claims set-status --expect-version` read them:
the version of the claim shown for each id, its canonical claim) and, for suggestions, the
state it showed (`expected_states`); a claim or match changed since is refused
(StaleVersion, naming who changed what) before anything is written. `cluster_heads` reads
those versions for claims that were not shown as rows of their own (the sides of a match).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from claims.errors import ClaimsError, NotFound, StaleVersion
from claims.models import Claim, Match, utcnow
from claims.reviewer import reviewer_name
from claims.services.audit import buffered_events, new_batch, record, set_claim_field, touch_all
from claims.services.change_log import moved_error, stale_error
from claims.services.flat_clusters import MergeCycle
from claims.services.queries import canonical_claim, load_claim
from claims.services.team import follow_takes, lock_clusters
from claims.vocab import MatchState
from db import Database


@dataclass(frozen=True, slots=True)
class ClusterChange:
    canonical_id: int | None
    moved: list[int]  # claims whose canonical_id changed
    matches: list[int]  # match rows whose state changed
    # claim id -> (version before, version after), for every claim row written
    versions: dict[int, tuple[int, int]] = field(default_factory=dict)


def cluster_heads(db: Database, claim_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Each id -> (its canonical claim's id, that claim's version): what a merge checks.

    For a caller that shows claims as parts of something else (the two sides of a match)
    and wants to pass `expected_versions` later. Read these *before* what is shown: a
    change landing in between then reads as a conflict instead of going unnoticed.
    Unknown ids are left out.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    asked, head = aliased(Claim), aliased(Claim)
    with db.session() as session:
        found: dict[int, tuple[int, int]] = {}
        for start in range(0, len(ids), 500):
            rows = session.exec(
                select(asked.id, head.id, head.version, head.canonical_id)
                .join(head, head.id == func.coalesce(asked.canonical_id, asked.id))
                .where(col(asked.id).in_(ids[start:start + 500]))
            ).all()
            for asked_id, head_id, version, head_canonical in rows:
                if head_canonical is not None:  # a chain (clusters are kept flat): follow it
                    top = canonical_claim(session, head_id)
                    head_id, version = top.id, top.version
                found[asked_id] = (head_id, version)
        return found


def check_expected(
    session: Session,
    claim_ids: Sequence[int],
    *,
    expected_versions: Mapping[int, int] | None = None,
    expected_canonical: Mapping[int, int] | None = None,
) -> None:
    """Refuse (StaleVersion) when a claim is not as the caller saw it; call with the clusters locked.

    `expected_versions`: id -> the version the caller saw of the claim shown for it (its
    canonical claim). `expected_canonical`: id -> the canonical claim id the caller saw,
    which also refuses an id merged into another cluster since (whose version may equal
    the one seen by chance). Ids missing from both are not checked.
    """
    for claim_id in dict.fromkeys(claim_ids):
        expected = expected_versions.get(claim_id) if expected_versions else None
        seen_head = expected_canonical.get(claim_id) if expected_canonical else None
        if expected is None and seen_head is None:
            continue
        head = canonical_claim(session, claim_id)
        if seen_head is not None and seen_head != head.id:
            raise moved_error(claim_id, seen_head, head.id)
        if expected is not None and expected != head.version:
            raise stale_error(session, head.id, expected, head.version)


def _check_match_states(matches: Sequence[Match], expected_states: Mapping[int, str] | None) -> None:
    if not expected_states:
        return
    for match in matches:
        seen = expected_states.get(match.id)
        if seen is not None and seen != match.state:
            by = f" by {match.decided_by}" if match.decided_by else ""
            raise StaleVersion(f"match {match.id} was {match.state}{by} since you loaded it (it was "
                               f"{seen}); reload it and try again")


def _members(session: Session, canonical_id: int) -> list[Claim]:
    return list(session.exec(select(Claim).where(Claim.canonical_id == canonical_id)))


def merge_in_session(
    session: Session,
    claim_ids: Sequence[int],
    *,
    reviewer: str,
    batch: str,
    action: str = "merge",
    expected_versions: Mapping[int, int] | None = None,
    expected_canonical: Mapping[int, int] | None = None,
) -> ClusterChange:
    """Merge the clusters of `claim_ids` into the cluster of the first one.

    Claims not as the caller saw them (`expected_versions`, `expected_canonical`: see
    `check_expected`) refuse the merge before anything is changed.
    """
    if len(claim_ids) < 2:
        raise ClaimsError("merge needs at least two claim ids")
    lock_clusters(session, claim_ids)  # every cluster involved, locked before anything is read
    check_expected(session, claim_ids, expected_versions=expected_versions,
                   expected_canonical=expected_canonical)
    target = canonical_claim(session, claim_ids[0])
    moved: list[int] = []
    touched: list[Claim] = []
    versions: dict[int, tuple[int, int]] = {}
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
        written = [*touched, target]
        before = {c.id: c.version for c in written}
        touch_all(written)  # one conditional UPDATE per claim, sent together
        versions = {c.id: (before[c.id], c.version) for c in written}
    follow_takes(session, dict.fromkeys(moved, target.id), batch=batch, reviewer=reviewer, action=action)
    matches = _confirm_matches_within(session, target.id, reviewer=reviewer, batch=batch)
    return ClusterChange(canonical_id=target.id, moved=moved, matches=matches, versions=versions)


def _cluster_ids(session: Session, canonical_id: int) -> list[int]:
    return [canonical_id, *session.exec(select(Claim.id).where(Claim.canonical_id == canonical_id))]


def _confirm_matches_within(session: Session, canonical_id: int, *, reviewer: str, batch: str) -> list[int]:
    ids = _cluster_ids(session, canonical_id)
    changed = []
    for match in session.exec(  # the state tested here: see queries.PENDING_BY_IDS
        select(Match).where(col(Match.claim_a_id).in_(ids), col(Match.claim_b_id).in_(ids))
    ):
        if match.state != MatchState.SUGGESTED:
            continue
        _set_match_state(session, match, MatchState.CONFIRMED, reviewer=reviewer, batch=batch,
                         action="merge")
        changed.append(match.id)
    return changed


def _set_match_state(session: Session, match: Match, state: MatchState, *, reviewer: str, batch: str,
                     action: str) -> bool:
    """Set the match's state (recorded for undo); False where it had that state already."""
    if match.state == state:
        return False
    record(session, batch=batch, reviewer=reviewer, action=action, match_id=match.id,
           claim_id=match.claim_a_id, field="state", old=match.state, new=state.value)
    match.state = state.value
    match.decided_by = reviewer_name(reviewer) or reviewer
    match.decided_at = utcnow()
    return True


def merge(
    db: Database,
    claim_ids: Sequence[int],
    *,
    reviewer: str,
    expected_versions: Mapping[int, int] | None = None,
    expected_canonical: Mapping[int, int] | None = None,
) -> ClusterChange:
    """Merge the clusters of `claim_ids` into the cluster of the first one, as one undoable action.

    With `expected_versions` / `expected_canonical` (see `check_expected`), a claim changed
    or merged elsewhere since the caller loaded it refuses the whole merge (StaleVersion)
    and nothing is written.
    """
    with db.session(write=True) as session, buffered_events(session):
        return merge_in_session(session, claim_ids, reviewer=reviewer, batch=new_batch(),
                                expected_versions=expected_versions, expected_canonical=expected_canonical)


def unmerge(db: Database, claim_id: int, *, reviewer: str) -> ClusterChange:
    """Take a merged claim out of its cluster; for a canonical claim, undo the whole cluster."""
    batch = new_batch()
    with db.session(write=True) as session, buffered_events(session):
        try:
            lock_clusters(session, [claim_id])
        except MergeCycle as exc:  # a cycle set by hand: unmerging one of its claims repairs it
            if claim_id not in exc.cycle:
                raise
            session.exec(select(Claim).where(col(Claim.id).in_(exc.cycle)).order_by(col(Claim.id))
                         .with_for_update(key_share=True).execution_options(populate_existing=True)).all()
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
        for match in session.exec(  # the state tested here: see queries.PENDING_BY_IDS
            select(Match).where((col(Match.claim_a_id).in_(left_ids)) | (col(Match.claim_b_id).in_(left_ids)))
        ):
            if match.state != MatchState.CONFIRMED:
                continue
            _set_match_state(session, match, MatchState.REJECTED, reviewer=reviewer, batch=batch,
                             action="unmerge")
            changed.append(match.id)
        return ClusterChange(canonical_id=canonical_id, moved=sorted(left_ids), matches=changed)


def _refuse_merged(session: Session, match: Match) -> None:
    """A match whose claims are in one cluster (auto-confirmed, or merged since) is not rejected:
    marked rejected, the pair stayed merged, and neither `dupes --rebuild` nor `db check` said so."""
    a, b = (load_claim(session, i) for i in (match.claim_a_id, match.claim_b_id))
    if canonical_claim(session, a.id).id != canonical_claim(session, b.id).id:
        return
    member = b if b.canonical_id is not None else a
    raise ClaimsError(f"match {match.id}: claims {a.id} and {b.id} are merged; to split them, "
                      f"run `claims unmerge {member.id}`")


def decide_matches(
    db: Database,
    match_ids: Sequence[int],
    *,
    accept: bool,
    reviewer: str,
    expected_versions: Mapping[int, int] | None = None,
    expected_canonical: Mapping[int, int] | None = None,
    expected_states: Mapping[int, str] | None = None,
) -> list[ClusterChange]:
    """Accept (merge the pair) or reject suggested matches, all in one undoable action.

    `expected_states` (match id -> the state the caller saw) refuses a match someone else
    decided since; accepting also checks `expected_versions` / `expected_canonical` (claim
    id -> as seen, see `check_expected`) for the claims of the pairs. A refusal
    (StaleVersion) writes nothing.
    """
    if not match_ids:
        raise ClaimsError("no match selected")
    batch = new_batch()
    changes = []
    with db.session(write=True) as session:
        matches = [session.get(Match, match_id) for match_id in match_ids]
        pairs = [i for m in matches if m is not None for i in (m.claim_a_id, m.claim_b_id)]
        if accept and None not in matches:  # all the clusters at once, in id order
            lock_clusters(session, pairs)
        if expected_states and None not in matches and session.get_bind().dialect.name == "postgresql":
            # The match rows too, read again once locked (SQLite: the write transaction holds them).
            list(session.exec(select(Match).where(col(Match.id).in_(sorted(set(match_ids))))
                              .order_by(col(Match.id)).with_for_update(key_share=True)
                              .execution_options(populate_existing=True)))
        _check_match_states([m for m in matches if m is not None], expected_states)
        if accept:  # checked once, before the first merge moves anything
            check_expected(session, pairs, expected_versions=expected_versions,
                           expected_canonical=expected_canonical)
        for match_id in match_ids:
            match = session.get(Match, match_id)
            if match is None:
                raise NotFound(f"match {match_id}: no such match")
            if accept:
                decided = _set_match_state(session, match, MatchState.CONFIRMED, reviewer=reviewer, batch=batch,
                                           action="accept-match")
                change = merge_in_session(session, [match.claim_a_id, match.claim_b_id],
                                          reviewer=reviewer, batch=batch, action="accept-match")
                if decided and match.id not in change.matches:
                    change.matches.append(match.id)
                changes.append(change)
            else:
                _refuse_merged(session, match)
                decided = _set_match_state(session, match, MatchState.REJECTED, reviewer=reviewer, batch=batch,
                                           action="reject-match")
                changes.append(ClusterChange(canonical_id=None, moved=[], matches=[match.id] if decided else []))
    return changes

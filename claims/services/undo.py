"""Undo and redo of a reviewer's last action, from the audit log.

Above the audit log, the row locks and the import's own undo (`claims.services.import_undo`),
which it dispatches to: an import is undone as a whole, any other action event by event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

from sqlmodel import Session, col, func, select

from claims.errors import ChangedSince, ClaimsError
from claims.models import Claim, Event, Match
from claims.services.articles import replay_article_event
from claims.services.audit import (
    CLAIM_FIELDS,
    REPLAYED_FIELD,
    UndoResult,
    buffered_events,
    decode_field,
    new_batch,
    record,
    touch,
)
from claims.services.flat_clusters import refuse_chains
from claims.services.import_audit import IMPORT_FIELD
from claims.services.import_undo import is_import_batch, redo_import, undo_import
from claims.services.team import lock_clusters, replay_take
from claims.services.watch import WATCH_ADD, WATCH_REMOVE
from db import Database


def _refuse(verb: str) -> Callable[[str], NoReturn]:
    def refuse(reason: str) -> NoReturn:
        raise ClaimsError(f"cannot {verb}: {reason}; nothing was changed")
    return refuse


def _apply_batch(session: Session, events: list[Event], *, reverse: bool, reviewer: str,
                 verb: str) -> UndoResult:
    batch = new_batch()
    touched: set[int] = set()
    # Lock every cluster the action touches up front, the clusters claims move between too.
    ids = {e.claim_id for e in events if e.claim_id is not None and e.field in CLAIM_FIELDS}
    ids |= {int(v) for e in events if e.field == "canonical_id" for v in (e.old, e.new) if v}
    _refuse_gone_mains(session, events, reverse=reverse, verb=verb)
    if ids:
        lock_clusters(session, sorted(ids))
    _refuse_hiding_reviews(session, events, reverse=reverse, verb=verb)
    ordered = list(reversed(events)) if reverse else events
    pending_again: list[Match] = []  # suggestions made pending again: checked once all is applied
    for e in ordered:
        value_text = e.old if reverse else e.new
        if e.match_id is not None and e.field == "state":
            match = session.get(Match, e.match_id)
            if match is not None:
                _unchanged_since(session, e, match.state, reverse=reverse, verb=verb)
                if value_text == "suggested":
                    pending_again.append(match)
                match.state = value_text
                record(session, batch=batch, reviewer=reviewer, action=verb, match_id=match.id,
                       claim_id=e.claim_id, field="state", old=e.new if reverse else e.old,
                       new=value_text, note=f"{verb} of {e.action}")
            continue
        if replay_article_event(session, e, reverse=reverse, refuse=_refuse(verb)):
            record(session, batch=batch, reviewer=reviewer, action=verb, claim_id=e.claim_id, field=e.field,
                   old=e.new if reverse else e.old, new=value_text, note=e.note)
            continue
        if replay_take(session, e, reverse=reverse):
            record(session, batch=batch, reviewer=reviewer, action=verb, claim_id=e.claim_id, field=e.field,
                   old=e.new if reverse else e.old, new=value_text, note=f"{verb} of {e.action}")
            continue
        if e.claim_id is None or e.field not in CLAIM_FIELDS:
            continue
        claim = session.get(Claim, e.claim_id)
        if claim is None:
            continue
        _unchanged_since(session, e, getattr(claim, e.field), reverse=reverse, verb=verb)
        setattr(claim, e.field, decode_field(e.field, value_text))
        record(session, batch=batch, reviewer=reviewer, action=verb, claim_id=claim.id,
               field=e.field, old=e.new if reverse else e.old, new=value_text,
               note=f"{verb} of {e.action}")
        touched.add(claim.id)
    for match in pending_again:  # (an undone merge splits the cluster its suggestions were in)
        _refuse_pending_within_a_cluster(session, match, verb=verb)
    pointed = {c for c in touched if session.get(Claim, c).canonical_id is not None}
    if pointed:
        session.flush()
        refuse_chains(session.connection(), pointed, _refuse(verb))
    for claim_id in touched:
        touch(session.get(Claim, claim_id))
    for e in events:
        e.undone = reverse
    action = events[0].action if events else ""
    if events:  # which change this undid or redid: what redo reads (an import's says so itself)
        record(session, batch=batch, reviewer=reviewer, action=verb, field=REPLAYED_FIELD, new=events[0].batch,
               note=f"{verb} of {action}")
    return UndoResult(action=action, batch=batch, changes=len(events), claim_ids=sorted(touched),
                      summary=_what_changed(f"{'undid' if reverse else 'redid'} {action}", events),
                      warning=_future_dated(events, reverse=reverse))


def _refuse_gone_mains(session: Session, events: list[Event], *, reverse: bool, verb: str) -> None:
    """Refuse to put a claim under one that is gone: bo's redo of his merge into a claim that
    ana's undo of her import had removed since failed as 'FOREIGN KEY constraint failed'
    (SQLite) or 'claim 8: no such claim' (PostgreSQL, locking its cluster)."""
    for e in events:
        value = e.old if reverse else e.new
        if e.field == "canonical_id" and value and session.get(Claim, int(value)) is None:
            raise ClaimsError(f"cannot {verb} {e.action}: claim {value}, which it puts claim {e.claim_id} "
                              f"under, is gone since (an import undone?); nothing was {verb}ne")


def _future_dated(events: list[Event], *, reverse: bool) -> str:
    """set-date's warning for a claim's date after today that the undo or redo put back: a
    redo of `set-date 1 2099-01-01` stored 2099 without the word set-date said (1970a3f)."""
    from claims.services.claim_dates import after_today, future_note

    for e in events:
        value = e.old if reverse else e.new
        if e.field == "claim_date" and e.claim_id is not None and value and after_today(value):
            return f"warning: claim {e.claim_id}'s date {future_note(value)}"
    return ""


# how a field reads in a line for the reviewer (the stored names are the CLI's and the log's)
_SHOWN_FIELD = {"canonical_id": "cluster", "verdict_note": "note", "state": "suggestion", "claim_date": "date"}


def _what_changed(done: str, events: list[Event]) -> str:
    """'undid set-status: status and verdict of claim 13': which fields of which claims the
    undo or redo put back ('undid set-status (2 changes)' named neither, and a verdict set by
    its key is logged as a set-status)."""
    fields = list(dict.fromkeys(_SHOWN_FIELD.get(e.field, e.field.replace("_", " ")) for e in events if e.field))
    claims = sorted({e.claim_id for e in events if e.claim_id is not None})
    if not fields:
        return f"{done} ({len(events)} change(s))"
    named = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"
    if not claims:
        return f"{done}: {named}"
    shown = ", ".join(map(str, claims[:5])) + (f" and {len(claims) - 5} more" if len(claims) > 5 else "")
    return f"{done}: {named} of claim{'s' * (len(claims) > 1)} {shown}"


def _unchanged_since(session: Session, e: Event, current, *, reverse: bool, verb: str) -> None:
    """Refuse (ClaimsError, nothing changed) to undo or redo `e` when its field no longer holds
    what `e` left there (for a redo, what it found): someone changed it since. Undo wrote the
    old value over theirs: ana's undo of in_review after bo verified the claim as false left it
    unverified with bo's verdict, which no command can make. A field that already holds the
    value it would get is no conflict."""
    expected, target = (e.new, e.old) if reverse else (e.old, e.new)
    now = None if current is None else str(current)
    if now in (expected, target):
        return
    what = f"claim {e.claim_id}" if e.match_id is None else f"match {e.match_id}"
    key = Event.match_id == e.match_id if e.match_id is not None else Event.claim_id == e.claim_id
    later = session.exec(select(Event).where(key, Event.field == e.field, Event.id > e.id)
                         .order_by(col(Event.id).desc()).limit(1)).first()
    since = (f" ({later.reviewer}: {later.action} {e.field} at {later.at.astimezone():%Y-%m-%d %H:%M})"
             if later is not None else "")
    raise ChangedSince(f"{what} has changed since{since}", e.field, now, expected,
                       f"nothing was {verb}ne (change it back by hand, or leave it)")


def _refuse_pending_within_a_cluster(session: Session, match: Match, *, verb: str) -> None:
    """A suggestion made pending again (a rejection undone) whose two claims were merged since:
    it stood as work to do inside one cluster (`dupes`, the desk's count), a state no command
    makes (a merge confirms the suggestions within what it merges)."""
    a, b = session.get(Claim, match.claim_a_id), session.get(Claim, match.claim_b_id)
    if a is None or b is None or (a.canonical_id or a.id) != (b.canonical_id or b.id):
        return
    by = session.exec(select(Event).where(col(Event.claim_id).in_([a.id, b.id]), Event.field == "canonical_id")
                      .order_by(col(Event.id).desc()).limit(1)).first()
    since = f" ({by.reviewer}: {by.action} at {by.at.astimezone():%Y-%m-%d %H:%M})" if by else ""
    raise ClaimsError(f"claims {a.id} and {b.id} have been merged since{since}: their suggestion "
                      f"(match {match.id}) would be pending inside one cluster; nothing was {verb}ne "
                      f"(the merge keeps them together: leave it, or unmerge claim {b.id} first)")


REVIEW_FIELDS = ("status", "verdict", "verdict_note", "evidence")


def _refuse_hiding_reviews(session: Session, events: list[Event], *, reverse: bool, verb: str) -> None:
    """Refuse to put a claim back under another (an unmerge undone, a merge redone) when its
    review changed since the action: a merge hands such a verdict on to the cluster, an undo
    does not, and ana's undo of her unmerge hid bo's verdict on the claim under the unverified
    claim it went back to (gone from the queue's verified claims and the export). A review
    changed and changed back since (set, then undone) is no change."""
    last = max((e.id for e in events), default=0)
    for e in events:
        target = e.old if reverse else e.new
        if e.field != "canonical_id" or not target or e.claim_id is None:
            continue
        later = list(session.exec(select(Event).where(Event.claim_id == e.claim_id, Event.id > last,
                                                      col(Event.field).in_(REVIEW_FIELDS))
                                  .order_by(col(Event.id))))
        claim = session.get(Claim, e.claim_id)
        if claim is None or str(claim.canonical_id) == str(target):
            continue  # under that claim already (merged by hand, as the refusal says): nothing hidden
        first, last_of = {}, {}
        for x in later:
            first.setdefault(x.field, x)
            last_of[x.field] = x
        changed = [x for f, x in first.items() if str(getattr(claim, f) or "") != (x.old or "")]
        if changed:
            by = max((last_of[x.field] for x in changed), key=lambda x: x.id)  # a change that stands
            raise ClaimsError(
                f"claim {e.claim_id} has been reviewed since ({by.reviewer}: {by.action} {by.field} at "
                f"{by.at.astimezone():%Y-%m-%d %H:%M}): putting it back under claim {target} would hide "
                f"its review; nothing was {verb}ne (merge them by hand, `claims merge {target} "
                f"{e.claim_id}`, to keep it)")


# taking a claim changes no claim field; an upgrade's merge of outlets (migration 0017,
# reviewer '(migration)') keeps nothing to undo it with: 'undid merge-outlets' changed nothing;
# watching a source or no longer is undone by `watch remove` / `watch add` (`claims.services.watch`)
MERGE_OUTLETS = "merge-outlets"
UNDOABLE_EXCLUDE = ("undo", "redo", "take", "release", MERGE_OUTLETS, WATCH_ADD, WATCH_REMOVE)


def _nothing_to(session: Session, verb: str, reviewer: str) -> ClaimsError:
    merged = session.exec(select(Event.id).where(Event.reviewer == reviewer, Event.action == MERGE_OUTLETS)
                          .limit(1)).first()
    why = (f" (the upgrade's merges of outlets, {MERGE_OUTLETS} in claims history, cannot be {verb}ne)"
           if merged is not None else "")
    return ClaimsError(f"nothing to {verb} for reviewer {reviewer}{why}")


def _latest_batch(session: Session, reviewer: str, *, undone: bool) -> str | None:
    """The reviewer's most recent undoable batch that is (or is not yet) undone."""
    return session.exec(
        select(Event.batch)
        .where(Event.reviewer == reviewer, col(Event.undone).is_(undone),
               col(Event.action).not_in(UNDOABLE_EXCLUDE))
        .order_by(col(Event.id).desc())
        .limit(1)
    ).first()


def _replay(session: Session, batch: str, *, reverse: bool, reviewer: str) -> UndoResult:
    """Undo (`reverse`) or redo one batch: an import as a whole, anything else event by event."""
    with buffered_events(session):
        if is_import_batch(session, batch):
            return (undo_import if reverse else redo_import)(session, batch, reviewer=reviewer)
        events = list(session.exec(select(Event).where(Event.batch == batch).order_by(col(Event.id))))
        return _apply_batch(session, events, reverse=reverse, reviewer=reviewer,
                            verb="undo" if reverse else "redo")


def _still_to_replay(session: Session, batch: str, *, reverse: bool) -> bool:
    """Lock the batch's first event and read it again: whether the batch is still undone (redo)
    or not (undo). Two `claims undo` of one reviewer at once on PostgreSQL both picked the same
    change and both 'undid' it (the second found each field already as it would leave it):
    three undos undid two changes, the log holding one undo twice. The second waits here for
    the first and then takes the change before (SQLite's writers take turns already)."""
    first = session.exec(select(Event).where(Event.batch == batch).order_by(col(Event.id)).limit(1)
                         .with_for_update().execution_options(populate_existing=True)).first()
    return first is not None and first.undone is not reverse


_CONCURRENT_TRIES = 20  # each a change another command replayed meanwhile


def undo_last(db: Database, *, reviewer: str) -> UndoResult:
    """Undo the reviewer's most recent action that is not undone yet."""
    with db.session(write=True) as session:
        for _ in range(_CONCURRENT_TRIES):
            last = _latest_batch(session, reviewer, undone=False)
            if last is None:
                raise _nothing_to(session, "undo", reviewer)
            if _still_to_replay(session, last, reverse=True):
                return _replay(session, last, reverse=True, reviewer=reviewer)
        raise ClaimsError("undo: other commands kept undoing this reviewer's changes meanwhile; run it again")


def _redo_candidate(session: Session, reviewer: str) -> str | None:
    """The change redo puts back: the one undone last since the reviewer's newest change.

    As in any editor, undo moves a change onto a stack that redo takes from (the change undone
    last comes back first) and a new change empties it: putting back an older change over a
    newer one undoes the newer one's work. Each undo and redo names the change it undid or
    redid (a row of field `REPLAYED_FIELD`, an import's of `IMPORT_FIELD`), so the stack is
    read back from the undos and redos made since the newest change. (Reading it from which
    changes are undone alone took the wrong one: after 'A, B, undo, C, undo, undo' redo put
    back C, and A never; after 'A, undo, B, undo' it put back A.)
    """
    newest = session.exec(
        select(func.max(Event.id)).where(Event.reviewer == reviewer, col(Event.action).not_in(UNDOABLE_EXCLUDE))
    ).one() or 0
    replays = session.exec(
        select(Event.action, Event.new).where(Event.reviewer == reviewer, col(Event.action).in_(("undo", "redo")),
                                              col(Event.field).in_((REPLAYED_FIELD, IMPORT_FIELD)), Event.id > newest)
        .order_by(col(Event.id))
    ).all()
    stack: list[str] = []
    for action, batch in replays:
        if action == "undo":
            stack.append(batch)
        elif batch in stack:
            stack.remove(batch)
    while stack:  # (undone still, unless something older than this rule put it back)
        if session.exec(select(Event.undone).where(Event.batch == stack[-1]).limit(1)).first():
            return stack[-1]
        stack.pop()
    # Undos made before undos named their change (an upgraded desk): those changes lie under
    # the named ones, found as that version found them, and none is lost for good.
    return _redo_candidate_unmarked(session, reviewer, named={batch for _, batch in replays})


def _redo_candidate_unmarked(session: Session, reviewer: str, named: set[str]) -> str | None:
    """Of the changes undone since the reviewer's newest one that stands, none of them `named`
    by an undo or redo: the one undone last, as read from the log alone. Those undone in a row
    were undone newest first; a new change ends the redo of those undone before it (the last
    undo or redo between two undone changes tells whether the older was undone then)."""
    mine = (Event.reviewer == reviewer, col(Event.action).not_in(UNDOABLE_EXCLUDE))
    standing = session.exec(
        select(Event.id).where(*mine, col(Event.undone).is_(False)).order_by(col(Event.id).desc()).limit(1)
    ).first() or 0
    unnamed = (*mine, col(Event.undone).is_(True), Event.id > standing, col(Event.batch).not_in(named or {""}))
    newest = session.exec(select(Event.batch, Event.id).where(*unnamed).order_by(col(Event.id).desc()).limit(1)).first()
    if newest is None:
        return None
    candidate = newest[0]
    while True:
        start = session.exec(select(func.min(Event.id)).where(Event.batch == candidate)).one()
        before = session.exec(select(Event.batch, Event.id).where(*unnamed, Event.id < start)
                              .order_by(col(Event.id).desc()).limit(1)).first()
        if before is None:
            return candidate
        between = session.exec(
            select(Event.action).where(Event.reviewer == reviewer, col(Event.action).in_(("undo", "redo")),
                                       Event.id > before[1], Event.id < start)
            .order_by(col(Event.id).desc()).limit(1)
        ).first()
        if between == "undo":
            return candidate
        candidate = before[0]


def redo_last(db: Database, *, reviewer: str) -> UndoResult:
    """Redo the reviewer's most recently undone action."""
    with db.session(write=True) as session:
        for _ in range(_CONCURRENT_TRIES):
            candidate = _redo_candidate(session, reviewer)
            if candidate is None:
                raise _nothing_to(session, "redo", reviewer)
            if _still_to_replay(session, candidate, reverse=False):
                return _replay(session, candidate, reverse=False, reviewer=reviewer)
        raise ClaimsError("redo: other commands kept redoing this reviewer's changes meanwhile; run it again")

"""Who changed a claim since a version, read from the audit log, for conflict messages.

`stale_message` is what a reviewer reads when someone else's change won the race: it names
who and what. Below the audit module and the locks, so both can say it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from claims.errors import StaleVersion
from claims.models import Claim, Event


@dataclass(frozen=True)
class SeenChange:
    """One change by someone else (one batch of the audit log)."""

    reviewer: str
    action: str
    fields: tuple[tuple[str | None, str | None, str | None, str], ...]  # (field, old, new, action) per event
    at: str  # HH:MM, local time

    def describe(self, show: Callable[[str, str], str] | None = None) -> str:
        """'bo set-status status unverified -> verified, verdict - -> mixed at 10:02'; `show`
        gives how a (field, value) reads (the stored value when not given)."""
        def value(field: str, text: str | None) -> str:
            return "-" if not text else show(field, text) if show else text

        fields = ", ".join(f"{field} {value(field, old)} -> {value(field, new)}" if field else action
                           for field, old, new, action in self.fields)
        return f"{self.reviewer} {self.action} {fields} at {self.at}"


def changes_since(session: Session, claim_id: int, version: int, *, now_version: int) -> list[SeenChange]:
    """The last few changes after `version`, oldest first."""
    n = max(1, min(now_version - version, 3))
    # This session's own changes (pending or flushed) are not what the others did.
    own = session.info.get("batches", set())
    # A merge raises the head's version but writes its events on the claims merged in: theirs
    # count too, or a stale change after a merge named only what came before it.
    mine = or_(Event.claim_id == claim_id,
               col(Event.claim_id).in_(select(Claim.id).where(Claim.canonical_id == claim_id)))
    stmt = select(Event.batch, func.max(Event.id).label("last")).where(mine)
    if own:
        stmt = stmt.where(col(Event.batch).not_in(own))
    with session.no_autoflush:
        batches = session.exec(
            stmt.group_by(Event.batch).order_by(func.max(Event.id).desc()).limit(n)
        ).all()
    parts = []
    for batch, _last in reversed(batches):
        with session.no_autoflush:
            events = session.exec(
                select(Event).where(Event.batch == batch, mine).order_by(col(Event.id))
            ).all()
        if not events:
            continue
        parts.append(SeenChange(events[0].reviewer, events[0].action,
                                tuple((e.field, e.old, e.new, e.action) for e in events),
                                events[0].at.astimezone().strftime("%H:%M")))
    return parts


def stale_error(session: Session, claim_id: int, expected: int, current: int) -> StaleVersion:
    """The refusal of a change made on `expected` when the claim is at `current`, naming who
    changed what (the changes kept on it too)."""
    # who changed it comes from the events, not from the text (a note may hold "; ")
    parts = changes_since(session, claim_id, expected, now_version=current)
    what = "; ".join(part.describe() for part in parts) or "no audited change"
    who = sorted({part.reviewer for part in parts})
    by = f" by {', '.join(who)}" if who else ""
    return StaleVersion(f"claim {claim_id} was changed{by} since you loaded it (version {expected} -> "
                        f"{current}: {what}); reload it and try again", parts)


def moved_error(claim_id: int, seen_head: int, head: int) -> StaleVersion:
    """The refusal of a change to `claim_id`, seen in the cluster of `seen_head`, now in `head`'s."""
    if seen_head == claim_id:  # seen as a cluster of its own (the desk's row, `claims show`)
        return StaleVersion(f"claim {seen_head} was merged into claim {head} since you loaded it; "
                            "reload it and try again")
    # a member seen under another main claim: moved since (or a cluster given that it never was in)
    where = "a cluster of its own" if head == claim_id else f"in claim {head}'s cluster"
    return StaleVersion(f"claim {claim_id} is {where}, not in claim {seen_head}'s as you loaded it; "
                        "reload it and try again")


"""Who changed a claim since a version, read from the audit log, for conflict messages.

`stale_message` is what a reviewer reads when someone else's change won the race: it names
who and what. Below the audit module and the locks, so both can say it.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from claims.models import Event


def changes_since(
    session: Session, claim_id: int, version: int, *, now_version: int
) -> list[tuple[str, str]]:
    """(reviewer, what they changed) for the last few changes after `version`."""
    n = max(1, min(now_version - version, 3))
    # This session's own changes (pending or flushed) are not what the others did.
    own = session.info.get("batches", set())
    stmt = select(Event.batch, func.max(Event.id).label("last")).where(Event.claim_id == claim_id)
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
                select(Event).where(Event.batch == batch, Event.claim_id == claim_id).order_by(col(Event.id))
            ).all()
        if not events:
            continue
        fields = ", ".join(f"{e.field} {e.old or '-'} -> {e.new or '-'}" if e.field else e.action
                           for e in events)
        at = events[0].at.astimezone().strftime("%H:%M")
        parts.append((events[0].reviewer, f"{events[0].reviewer} {events[0].action} {fields} at {at}"))
    return parts


def stale_message(session: Session, claim_id: int, expected: int, current: int) -> str:
    # who changed it comes from the events, not from the text (a note may hold "; ")
    parts = changes_since(session, claim_id, expected, now_version=current)
    what = "; ".join(text for _who, text in parts) or "no audited change"
    who = sorted({reviewer for reviewer, _text in parts})
    by = f" by {', '.join(who)}" if who else ""
    return (f"claim {claim_id} was changed{by} since you loaded it (version {expected} -> "
            f"{current}: {what}); reload it and try again")

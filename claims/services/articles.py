"""Articles after ingest: giving one its publication date and re-dating what came from it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from sqlmodel import Session, col, func, select

from claims.dates import resolve_phrase
from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim, Event
from claims.services.audit import new_batch, record, set_claim_field, touch
from db import Database


@dataclass(frozen=True, slots=True)
class SetArticleResult:
    article_id: int
    published: dt.date
    previous: dt.date | None
    appearances_changed: int = 0
    claims_changed: list[int] = field(default_factory=list)


def appearance_date(
    date_text: str | None, published: dt.date
) -> tuple[str, str | None, str, bool]:
    """(date, date_text, precision, is_reporting) of a statement whose time phrase is
    ``date_text`` in an article of ``published``: the phrase when it resolves, else the
    publication date itself as the reporting date (what extraction does)."""
    if date_text:
        resolved = resolve_phrase(date_text, published=published)
        if resolved is not None:
            return resolved[0], date_text, resolved[1], False
    return published.isoformat(), None, "day", True


def set_article_published(
    db: Database, article_id: int, published: dt.date, *, reviewer: str
) -> SetArticleResult:
    """Set the article's date; re-resolve each appearance's phrase and each claim dated by
    this article, in one transaction. A claim a reviewer re-dated by hand is left alone."""
    with db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise ClaimsError(f"article {article_id}: no such article (see `claims articles`)")
        previous = article.published
        article.published = published
        apps = list(
            session.exec(
                select(Appearance).where(Appearance.article_id == article_id).order_by(col(Appearance.id))
            )
        )
        first = _first_appearance_ids(session, {a.claim_id for a in apps})
        batch = new_batch()
        changed_apps = 0
        changed_claims: list[int] = []
        if previous != published:
            record(session, batch=batch, reviewer=reviewer, action="set-article", field=ARTICLE_DATE,
                   old=previous.isoformat() if previous else None, new=published.isoformat(),
                   note=f"article {article_id}")
        for app in apps:
            old = (app.date_resolved, app.date_text, app.date_precision)
            before = _appearance_state(app)
            date, text, precision, reporting = appearance_date(app.date_text, published)
            new = (date, text, precision)
            if new != old or app.date_is_reporting != reporting:
                app.date_resolved, app.date_text, app.date_precision = new
                app.date_is_reporting = reporting
                changed_apps += 1
                record(session, batch=batch, reviewer=reviewer, action="set-article", claim_id=app.claim_id,
                       field=APPEARANCE_DATE, old=before, new=_appearance_state(app),
                       note=f"appearance {app.id}")
            if first.get(app.claim_id) != app.id:
                continue  # the claim took its date from an earlier article
            claim = session.get(Claim, app.claim_id)
            if claim is None or (claim.claim_date, claim.date_text, claim.date_precision) != old:
                continue  # re-dated by hand since: a reviewer's date wins
            changes = [
                set_claim_field(session, claim, name, value, batch=batch, reviewer=reviewer,
                                action="set-article")
                for name, value in (("claim_date", date), ("date_precision", precision),
                                    ("date_text", text))
            ]
            if any(changes):
                touch(claim)
                changed_claims.append(claim.id)
        session.flush()
        return SetArticleResult(
            article_id=article_id, published=published, previous=previous,
            appearances_changed=changed_apps, claims_changed=changed_claims,
        )


def _first_appearance_ids(session: Session, claim_ids: set[int]) -> dict[int, int]:
    """Each claim's earliest appearance (the one its date was taken from)."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(Appearance.claim_id, func.min(Appearance.id))
        .where(col(Appearance.claim_id).in_(sorted(claim_ids)))
        .group_by(Appearance.claim_id)
    )
    return {claim_id: app_id for claim_id, app_id in rows}


# What set-article changes beside claims, logged so that undo and redo put it back: without
# them an undo restored the claims' dates only, the article kept its new date, and the claims
# then counted as re-dated by hand, so no later set-article dated them again.
ARTICLE_DATE = "article_published"  # note: "article N"; old/new: ISO dates or empty
APPEARANCE_DATE = "appearance_date"  # note: "appearance N"; old/new: JSON of its four date fields


def _appearance_state(app: Appearance) -> str:
    return json.dumps([app.date_resolved, app.date_text, app.date_precision, app.date_is_reporting])


def replay_article_event(session: Session, e: Event, *, reverse: bool,
                         refuse: Callable[[str], NoReturn]) -> bool:
    """Undo (`reverse`) or redo a set-article event on its article or appearance; False when
    `e` is not one. The row must still hold what the event left (a redo: what it found), or
    the value it would get; else `refuse` names the change since."""
    if e.field not in (ARTICLE_DATE, APPEARANCE_DATE):
        return False
    expected, target = (e.new, e.old) if reverse else (e.old, e.new)
    row_id = int((e.note or "").rsplit(" ", 1)[-1])
    if e.field == ARTICLE_DATE:
        row = session.get(Article, row_id)
        now = row.published.isoformat() if row is not None and row.published else None
    else:
        row = session.get(Appearance, row_id)
        now = _appearance_state(row) if row is not None else None
    if row is None:
        return True  # gone with its article (an import undone): nothing to put back
    if now not in (expected, target):
        later = session.exec(select(Event).where(Event.field == e.field, Event.note == e.note, Event.id > e.id)
                             .order_by(col(Event.id).desc()).limit(1)).first()
        since = f" ({later.reviewer}: {later.action} at {later.at.astimezone():%Y-%m-%d %H:%M})" if later else ""
        refuse(f"{e.note}'s date has changed since{since}")
    if e.field == ARTICLE_DATE:
        row.published = dt.date.fromisoformat(target) if target else None
    else:
        row.date_resolved, row.date_text, row.date_precision, row.date_is_reporting = json.loads(target)
    session.add(row)
    return True

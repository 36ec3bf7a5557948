"""Articles after ingest: giving one its publication date and re-dating what came from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from claims.dates import resolve_phrase
from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim
from claims.services.audit import new_batch, set_claim_field, touch
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
        for app in apps:
            old = (app.date_resolved, app.date_text, app.date_precision)
            date, text, precision, reporting = appearance_date(app.date_text, published)
            new = (date, text, precision)
            if new != old or app.date_is_reporting != reporting:
                app.date_resolved, app.date_text, app.date_precision = new
                app.date_is_reporting = reporting
                changed_apps += 1
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

"""A reviewer's own date for a claim: "2024-04-12", "April 2024" or "last Friday", read
with the resolver extraction uses, counted from the claim's article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from claims.dates import Precision, read_typed_date
from claims.errors import ClaimsError, NotFound, StaleVersion
from claims.models import Appearance, Article, Claim
from claims.services.audit import new_batch, set_claim_field, touch
from db import Database

DATE_HELP = "a date such as 2024-04-12, 'April 2024', 'last Friday' or 'the day before'"


@dataclass(frozen=True, slots=True)
class ClaimDate:
    date: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    precision: Precision
    phrase: str | None  # what was typed, when it was a phrase rather than an ISO date
    base: dt.date | None  # the day relative phrases were counted from


@dataclass(frozen=True, slots=True)
class SetDateResult:
    claim_id: int
    previous: str | None
    date: ClaimDate
    changed: bool


def read_claim_date(value: str, base: dt.date | None) -> ClaimDate:
    """Read what a reviewer typed; relative phrases count from ``base`` (the article's
    publication date), and need one."""
    text = " ".join(str(value).split())
    if not text:
        raise ClaimsError(f"claim date: empty; give {DATE_HELP}")
    if len(text) > 100:
        raise ClaimsError(f"claim date: {len(text)} characters is not a date; give {DATE_HELP}")
    try:
        iso, precision = read_typed_date(text, base=base)
    except ValueError:
        hint = "" if base else " (relative dates need the article's date: claims set-article)"
        raise ClaimsError(f"claim date: cannot read {text!r}; give {DATE_HELP}{hint}") from None
    phrase = None if iso == text else text
    return ClaimDate(iso, precision, phrase, base)


def article_date_of(session: Session, claim_id: int) -> dt.date | None:
    """The publication date of the article the claim was first seen in."""
    row = session.exec(
        select(Article.published)
        .join(Appearance, col(Appearance.article_id) == col(Article.id))
        .where(Appearance.claim_id == claim_id)
        .order_by(col(Appearance.id))
        .limit(1)
    ).first()
    return row


@dataclass(frozen=True, slots=True)
class DateContext:
    """What the desk shows before a reviewer types a date."""

    claim_id: int
    version: int
    current: str  # "2026-03-13 (day, from 'on Friday evening')" or "none"
    base: dt.date | None


def date_context(db: Database, claim_id: int) -> DateContext:
    with db.session() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"claim {claim_id}: no such claim")
        return DateContext(
            claim_id, claim.version, _current(claim), article_date_of(session, claim_id)
        )


def _current(claim: Claim) -> str:
    if not claim.claim_date:
        return "none"
    shown = f"{claim.claim_date} ({claim.date_precision or 'day'}"
    return shown + (f", from {claim.date_text!r})" if claim.date_text else ")")


def set_claim_date(
    db: Database,
    claim_id: int,
    value: str,
    *,
    reviewer: str,
    expected_version: int | None = None,
    expected_date: str | None = None,
) -> SetDateResult:
    """Give a claim the date a reviewer typed, as one audited, undoable change.

    ``expected_version`` refuses any change made since; ``expected_date`` (the `current` of
    the `date_context` the reviewer saw) only a change of the date itself, so the desk's own
    verdict keys pressed meanwhile are no conflict."""
    with db.session(write=True) as session:  # read, check, write: hold the lock throughout
        claim = session.get(Claim, claim_id, with_for_update=True)
        if claim is None:
            raise NotFound(f"claim {claim_id}: no such claim")
        if expected_version is not None and claim.version != expected_version:
            raise StaleVersion(
                f"claim {claim_id} was changed since you loaded it (version {expected_version} -> "
                f"{claim.version}); reload it and try again"
            )
        if expected_date is not None and _current(claim) != expected_date:
            raise StaleVersion(
                f"claim {claim_id}: its date was changed since you opened it (now "
                f"{_current(claim)}); reload it and try again"
            )
        when = read_claim_date(value, article_date_of(session, claim_id))
        previous = claim.claim_date
        batch = new_batch()
        changes = [
            set_claim_field(
                session, claim, name, new, batch=batch, reviewer=reviewer, action="set-date"
            )
            for name, new in (
                ("claim_date", when.date),
                ("date_precision", when.precision),
                ("date_text", when.phrase),
            )
        ]
        changed = any(changes)
        if changed:
            touch(claim)
        session.flush()
        return SetDateResult(claim_id, previous, when, changed)

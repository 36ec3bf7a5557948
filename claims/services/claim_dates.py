"""A reviewer's own date for a claim: "2024-04-12", "April 2024" or "last Friday", read
with the resolver extraction uses, counted from the claim's article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from claims.dates import Precision, read_typed_date
from claims.errors import ClaimsError, StaleVersion
from claims.limits import without_direction_controls
from claims.models import Appearance, Article, Claim
from claims.services.audit import new_batch, set_claim_field, touch
from claims.services.change_log import stale_error
from claims.services.queries import canonical_claim
from claims.services.team import lock_claims
from db import Database

DATE_HELP = "a date such as 2024-04-12, 'April 2024', 'last Friday' or 'the day before'"
_NO_BASE = "(a relative date needs a day to count from)"  # what read_typed_date says without one
_NO_ARTICLE_DATE = "(relative dates need the article's date: claims set-article)"


def after_today(iso: str, today: dt.date | None = None) -> bool:
    """Whether a claim's date (YYYY-MM-DD, YYYY-MM or YYYY) begins after today."""
    return dt.date.fromisoformat((iso + "-01-01")[:10]) > (today or dt.date.today())


def future_note(iso: str) -> str:
    """What `set-date` and `import` say of a claim dated after today. Kept, not refused (as a
    publication date after today is, unless --allow-future): a claim's date is its event's,
    and a promise or a plan ('by 2030') is dated when it is to happen; 2099 may be a typo."""
    return (f"{iso} is after today: kept (a promise or a plan is dated when it is to happen); "
            "if it is a typo, claims set-date corrects it")


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
    versions: tuple[int, int]  # the claim's version before and after


def read_claim_date(value: str, base: dt.date | None) -> ClaimDate:
    """Read what a reviewer typed; relative phrases count from ``base`` (the article's
    publication date), and need one. Direction controls pasted with right-to-left text are
    removed first, at every door (the desk's dialog read them as no part of a date)."""
    text = " ".join(without_direction_controls(str(value)).split())
    if not text:
        raise ClaimsError(f"claim date: empty; give {DATE_HELP}")
    if len(text) > 100:
        raise ClaimsError(f"claim date: {len(text)} characters is not a date; give {DATE_HELP}")
    try:
        iso, precision = read_typed_date(text, base=base)
    except ValueError as exc:  # its reason, as every other door gives it
        reason = str(exc).replace(_NO_BASE, _NO_ARTICLE_DATE)
        raise ClaimsError(f"claim date: {reason}; give {DATE_HELP}") from None
    phrase = None if iso == text else text
    return ClaimDate(iso, precision, phrase, base)


def article_date_of(session: Session, claim_id: int) -> dt.date | None:
    """The publication date of the first article the claim was seen in that has one (the
    dialog and `set-date` say which day relative dates count from)."""
    row = session.exec(
        select(Article.published)
        .join(Appearance, col(Appearance.article_id) == col(Article.id))
        .where(Appearance.claim_id == claim_id, col(Article.published).is_not(None))
        .order_by(col(Appearance.id))
        .limit(1)
    ).first()
    return row


DateFields = tuple[str | None, str | None, str | None]  # claim_date, date_precision, date_text


@dataclass(frozen=True, slots=True)
class DateContext:
    """What the desk shows before a reviewer types a date."""

    claim_id: int
    fields: DateFields  # as the reviewer saw them: a change of them since is a conflict
    base: dt.date | None

    @property
    def current(self) -> str:
        """ "2026-03-13 (day, from 'on Friday evening')", or "none"."""
        date, precision, phrase = self.fields
        if not date:
            return "none"
        return f"{date} ({precision or 'day'}" + (f", from {phrase!r})" if phrase else ")")


def _fields(claim: Claim) -> DateFields:
    return claim.claim_date, claim.date_precision, claim.date_text


def date_context(db: Database, claim_id: int) -> DateContext:
    """The date the desk's dialog shows: a merged claim's is its cluster's (the canonical
    claim's, which `set_claim_date` changes), counted from the canonical claim's article."""
    with db.session() as session:
        claim = canonical_claim(session, claim_id)
        return DateContext(claim.id, _fields(claim), article_date_of(session, claim.id))


def set_claim_date(
    db: Database,
    claim_id: int,
    value: str,
    *,
    reviewer: str,
    expected_version: int | None = None,
    expected: DateContext | None = None,
) -> SetDateResult:
    """Give a claim the date a reviewer typed, as one audited, undoable change.

    ``expected_version`` refuses any change made since; ``expected`` (the `date_context` the
    reviewer saw) only a change of the date itself, so the desk's own verdict keys pressed
    meanwhile are no conflict, and reads the typed text from the day the reviewer saw."""
    with db.session(write=True) as session:  # read, check, write: hold the lock throughout
        # A merged claim's date is its cluster's, as its status and fact-check URL are: the
        # canonical claim's (`set-date` of a member changed a date nothing shows).
        claim = lock_claims(session, [claim_id])[claim_id]
        claim_id = claim.id
        if expected_version is not None and claim.version != expected_version:
            raise stale_error(session, claim_id, expected_version, claim.version)
        if expected is not None and claim.id != expected.claim_id:
            raise StaleVersion(
                f"claim {expected.claim_id}: merged into claim {claim.id} since you opened it; "
                "reload it and try again"
            )
        if expected is not None and _fields(claim) != expected.fields:
            now = DateContext(claim_id, _fields(claim), expected.base).current
            raise StaleVersion(
                f"claim {claim_id}: its date was changed since you opened it (now {now}); "
                "reload it and try again"
            )
        base = expected.base if expected is not None else article_date_of(session, claim_id)
        when = read_claim_date(value, base)  # its phrase is stored
        previous, before = claim.claim_date, claim.version
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
        return SetDateResult(claim_id, previous, when, changed, (before, claim.version))

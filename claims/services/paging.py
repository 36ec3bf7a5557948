"""Keyset pagination over the queue order, so page 5,000 costs what page 1 costs.

The queue order is (priority DESC, id DESC) for `order="priority"` (the default),
(checkworthiness DESC, claim_date DESC with undated last, id DESC) for `order="worth"`, (claim_date DESC, id DESC) for `"date"` and (id ASC) for `"id"`. A page is
asked for *after* or *before* the key of a row the desk already holds; the condition is
spelled so SQLite can seek in `ix_claim_queue` instead of counting rows with OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from claims.models import Claim, Event, Match
from claims.services import narrowing
from claims.services.queries import ClaimFilter, _conditions, count_claims, row_conditions, rows_for
from claims.services.triage import settle
from claims.services.views import ClaimRow
from db import Database
from db.interrupt import Interrupt
from db.interrupt import Interrupted as Interrupted  # for the desk, which stops counts


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a row stands in the queue order."""

    worth: float
    date: str | None
    id: int
    priority: float = 0.0


def key_of(row: ClaimRow) -> PageKey:
    return PageKey(row.checkworthiness, row.date, row.id, row.priority)


def _date_after(key: PageKey, *, forward: bool):
    """claim_date strictly past `key.date` in DESC order with NULLs last (or before, backward)."""
    d = Claim.claim_date
    if forward:
        if key.date is None:
            return None  # nothing comes after an undated row but other undated rows
        return or_(d < key.date, col(d).is_(None))
    if key.date is None:
        return col(d).is_not(None)
    return d > key.date


def _date_equal(key: PageKey):
    return col(Claim.claim_date).is_(None) if key.date is None else Claim.claim_date == key.date


def _past(flt: ClaimFilter, key: PageKey, *, forward: bool):
    """Rows strictly after (forward) or before `key` in the filter's order."""
    cid = col(Claim.id)
    if flt.order == "id":
        return cid > key.id if forward else cid < key.id
    if flt.order == "priority":
        p = col(Claim.priority)
        if forward:  # the redundant `p <= k` lets the database seek where the page starts
            return and_(p <= key.priority, or_(p < key.priority, and_(p == key.priority, cid < key.id)))
        return and_(p >= key.priority, or_(p > key.priority, and_(p == key.priority, cid > key.id)))
    id_past = cid < key.id if forward else cid > key.id
    date_past = _date_after(key, forward=forward)
    same_date = and_(_date_equal(key), id_past)
    within = or_(date_past, same_date) if date_past is not None else same_date
    if flt.order == "date":
        return within
    cw = col(Claim.checkworthiness)
    if forward:
        # The redundant `cw <= k` lets SQLite seek in the index to where the page starts.
        return and_(cw <= key.worth, or_(cw < key.worth, and_(cw == key.worth, within)))
    return and_(cw >= key.worth, or_(cw > key.worth, and_(cw == key.worth, within)))


def _order(flt: ClaimFilter, *, forward: bool) -> list:
    cw, d, cid = col(Claim.checkworthiness), col(Claim.claim_date), col(Claim.id)
    if flt.order == "id":
        return [cid] if forward else [cid.desc()]
    if flt.order == "priority":
        p = col(Claim.priority)
        return [p.desc(), cid.desc()] if forward else [p, cid]
    # NULLS placement is spelled out: SQLite and PostgreSQL disagree on the default.
    d_fwd, d_back = d.desc().nulls_last(), d.asc().nulls_first()
    if flt.order == "date":
        return [d_fwd, cid.desc()] if forward else [d_back, cid]
    return [cw.desc(), d_fwd, cid.desc()] if forward else [cw, d_back, cid]


def count(db: Database, flt: ClaimFilter, *, interrupt: Interrupt | None = None) -> int:
    """All rows under the filter; `interrupt.stop()` from another thread ends the count early
    (it raises Interrupted)."""
    return count_claims(db, flt, interrupt=interrupt)


def _page(db: Database, flt: ClaimFilter, key: PageKey | None, limit: int, *, forward: bool) -> list[ClaimRow]:
    if flt.order == "priority" and key is None:
        settle(db)
    conds = row_conditions(flt)
    start = [] if key is None else [_past(flt, key, forward=forward)]
    order = _order(flt, forward=forward)
    stmt = select(Claim).where(and_(*conds, *start)).order_by(*order).limit(limit)
    with db.session() as session:
        how = narrowing.plan(session, flt, ordered=True)
        if how is None:
            return []
        if how.period:
            period = _conditions(ClaimFilter(since=flt.since, until=flt.until, not_a_claim=True))
            claims = narrowing.period_page(
                session, stmt, [*how.bounds, *period, *start], order, limit,
                lambda cid, priority: _past(flt, PageKey(0.0, None, cid, priority), forward=forward))
        else:
            claims = list(session.exec(how.apply(stmt)))
        if not forward:
            claims.reverse()
        return rows_for(session, claims)


def page_after(db: Database, flt: ClaimFilter, key: PageKey | None = None, *, limit: int = 100) -> list[ClaimRow]:
    """The first `limit` rows after `key` (from the top when `key` is None), in queue order."""
    return _page(db, flt, key, limit, forward=True)


def page_before(db: Database, flt: ClaimFilter, key: PageKey | None = None, *, limit: int = 100) -> list[ClaimRow]:
    """The `limit` rows just before `key` (the last rows when `key` is None), in queue order."""
    return _page(db, flt, key, limit, forward=False)


def rows_by_id(db: Database, claim_ids: list[int]) -> list[ClaimRow]:
    """The claims as queue rows, in the order asked (ids that do not exist are left out)."""
    if not claim_ids:
        return []
    with db.session() as session:
        claims = {c.id: c for c in session.exec(select(Claim).where(col(Claim.id).in_(claim_ids)))}
        return rows_for(session, [claims[i] for i in claim_ids if i in claims])


def similar_rows(db: Database, flt: ClaimFilter, text: str, *, limit: int = 50) -> list[ClaimRow]:
    """Claims ranked by similarity to `text` (typos and rewording tolerated), best first.

    The ranked search of `claims.services.matching` (index lookup of the rarest words, then
    rescoring with character 3-grams and token order), mapped to canonical claims and kept
    to those the rest of the filter lets through. A lookup reads a bounded number of
    postings, so this costs about the same on a large store as on a small one.
    """
    from claims.services.matching import search_claims

    hits = search_claims(db, text, limit=limit)
    if not hits:
        return []
    with db.session() as session:
        ids = [h.claim_id for h in hits]
        head = dict(session.exec(select(Claim.id, Claim.canonical_id).where(col(Claim.id).in_(ids))).all())
        ranked = list(dict.fromkeys(head[i] or i for i in ids if i in head))
        conds = [*row_conditions(flt.with_(search=None)), col(Claim.id).in_(ranked)]
        claims = {c.id: c for c in session.exec(select(Claim).where(and_(*conds)))}
        return rows_for(session, [claims[i] for i in ranked if i in claims])


def rank_of(db: Database, flt: ClaimFilter, key: PageKey) -> int:
    """How many rows come before `key` in the filter's order (its 0-based position)."""
    conds = [*row_conditions(flt), _past(flt, key, forward=False)]
    stmt = select(func.count()).select_from(Claim).where(and_(*conds))
    with db.session() as session:
        stmt = narrowing.narrowed(session, stmt, flt, ordered=False)
        return 0 if stmt is None else session.exec(stmt).one()


@dataclass(frozen=True, slots=True)
class Stamp:
    """A cheap fingerprint of the store: it moves whenever anyone adds claims, matches or events."""

    last_event: int
    last_claim: int
    last_match: int


def store_stamp(db: Database) -> Stamp:
    """Three index seeks (max of each primary key), cheap enough to poll every few seconds."""
    with db.session() as session:
        row = session.exec(
            sa_select(
                sa_select(func.max(Event.id)).scalar_subquery(),
                sa_select(func.max(Claim.id)).scalar_subquery(),
                sa_select(func.max(Match.id)).scalar_subquery(),
            )
        ).one()
        return Stamp(*(v or 0 for v in row))

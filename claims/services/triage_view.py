"""Why a claim stands where it stands in the queue: its score's reasons and its priority's terms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from claims.errors import NotFound
from claims.models import Claim
from claims.services.paging import PageKey, rank_of
from claims.services.queries import ClaimFilter, claim_detail
from claims.services.triage import current_weights, standings
from claims.services.views import ClaimDetail, TriageView
from db import Database


def triage_view(db: Database, claim_id: int, *, today: date | None = None) -> TriageView:
    from claims.checkworthiness import explain, model_name

    with db.session() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"claim {claim_id}: no such claim")
        if claim.canonical_id is not None:
            claim = session.get(Claim, claim.canonical_id)
        standing = standings(session.connection(), [claim.id]).get(claim.id)
    current = model_name()
    weights = current_weights()
    from claims.triage.priority import parts

    terms = parts(standing, weights, today=today or date.today()) if standing else []
    flt = ClaimFilter()
    position = None
    if claim.claim_type != "not_a_claim" or claim.status != "unverified":
        position = rank_of(db, flt, PageKey(claim.checkworthiness, claim.claim_date, claim.id,
                                            claim.priority)) + 1
    return TriageView(
        claim_id=claim.id, score=claim.checkworthiness, model=claim.checkworthiness_model,
        current_model=current,
        reasons=explain(claim.text) if claim.checkworthiness_model == current else [],
        terms=terms, priority=claim.priority, checked_as=claim.checked_as, position=position,
    )


def describe_terms(view: TriageView) -> str:
    """"check-worthiness +0.82 · spread +0.21 · recency -0.40 · held -0.50"."""
    return " · ".join(f"{name} {value:+.2f}" for name, value in view.terms)


def describe_reasons(view: TriageView) -> list[str]:
    """One line per reason ("+0.91 a figure: 18 percent"), or why there are none."""
    if view.stale:
        return [f"scored by {view.model or 'the formula before the trained model'}; "
                f"`claims rescore` scores it with {view.current_model} and says why"]
    return [f"{r['effect']:+.2f} {r['reason']}" for r in view.reasons] or ["no word moved the score much"]


def detail_with_triage(db: Database, claim_id: int, *, most: tuple[int, int] | None = None) -> ClaimDetail:
    """`claim_detail` with why the claim stands where it stands (the claim pane's view)."""
    detail = claim_detail(db, claim_id, most=most)
    return replace(detail, triage=triage_view(db, detail.claim.id))

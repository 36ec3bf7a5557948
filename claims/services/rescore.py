"""Re-score a store after the model changed, and recompute the queue's priorities.

A batch of claims is one transaction: their new scores, the model that gave them, and the
priorities of their queue heads (``triage.refresh_dirty`` at commit). A run that is stopped
loses at most its current batch; the next run skips every claim the current model already
scored, so it picks up where the last one stopped. Scores an import gave (``GIVEN``) stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from claims.models import Claim, TriageDirty
from claims.services.triage import current_weights, refresh_range
from db import Database

_claim, _dirty = Claim.__table__, TriageDirty.__table__
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class RescoreResult:
    model: str
    scored: int
    heads: int  # priorities recomputed


def _due(model: str, everything: bool):
    from claims.checkworthiness import GIVEN

    model_col = _claim.c.checkworthiness_model
    given = or_(model_col.is_(None), model_col != GIVEN)
    if everything:
        return given
    return or_(model_col.is_(None), (model_col != model) & (model_col != GIVEN))


def pending(db: Database, *, everything: bool = False) -> int:
    """How many claims a rescore would score."""
    from claims.checkworthiness import model_name

    with db.session() as session:
        return session.execute(
            select(func.count()).select_from(_claim).where(_due(model_name(), everything))
        ).scalar_one()


def rescore(
    db: Database,
    *,
    everything: bool = False,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> RescoreResult:
    """Score every claim the current model has not scored (``everything``: every claim but
    those whose score an import gave), a batch per transaction, in id order."""
    from claims.checkworthiness import model_name, score_many

    model = model_name()
    weights = current_weights()
    due = _due(model, everything)
    last, scored = 0, 0
    while True:
        with db.write_connection() as conn:
            rows = conn.execute(
                select(_claim.c.id, _claim.c.text).where(_claim.c.id > last, due)
                .order_by(_claim.c.id).limit(batch)
            ).all()
            if not rows:
                break
            scores = score_many([text for _, text in rows])
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            conn.exec_driver_sql(  # plain DB-API executemany: SQLAlchemy's per-row work doubled it
                f"UPDATE claim SET checkworthiness = {mark}, checkworthiness_model = {mark} WHERE id = {mark}",
                [(s, model, cid) for (cid, _), s in zip(rows, scores, strict=True)])
            # A score moves only its own head's priority: the batch's heads are refreshed by
            # range, and the marks the update left are settled here, not one by one at commit.
            first, last = rows[0][0], rows[-1][0]
            inside = select(_claim.c.id).where(
                _claim.c.id.between(first, last),
                or_(_claim.c.canonical_id.is_(None), _claim.c.canonical_id.between(first, last)))
            conn.execute(_dirty.delete().where(_dirty.c.claim_id.between(first, last),
                                               _dirty.c.claim_id.in_(inside)))
            refresh_range(conn, first, last, weights)
        scored += len(rows)
        if progress:
            progress(scored)
    return RescoreResult(model, scored, 0)


def reprioritise(
    db: Database, *, batch: int = BATCH, progress: Callable[[int], None] | None = None
) -> int:
    """Recompute every queue head's priority with the current weights (after changing them)."""
    weights = current_weights()
    last, done = 0, 0
    while True:
        with db.write_connection() as conn:
            ids = conn.execute(
                select(_claim.c.id).where(_claim.c.id > last).order_by(_claim.c.id).limit(batch)
            ).scalars().all()
            if not ids:
                break
            done += refresh_range(conn, ids[0], ids[-1], weights)
        last = ids[-1]
        if progress:
            progress(done)
    return done


def heads_count(db: Database) -> int:
    with db.session() as session:
        return session.execute(
            select(func.count()).select_from(_claim).where(_claim.c.canonical_id.is_(None))
        ).scalar_one()

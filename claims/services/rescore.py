"""Re-score a store after the model changed, and recompute the queue's priorities.

A batch of claims is one transaction: their new scores, the model that gave them, and the
priorities of their queue heads (``triage.refresh_dirty`` at commit). A run that is stopped
loses at most its current batch; the next run skips every claim the current model already
scored, so it picks up where the last one stopped. Scores an import gave (``GIVEN``) stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import func, or_, select

from claims.models import Claim, TriageDirty
from claims.services.triage import (
    Scope,
    affected_heads,
    current_weights,
    refresh,
    refresh_range,
    standings,
)
from claims.triage.priority import PriorityWeights, priority
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
    those whose score an import gave), a batch per transaction, in id order.

    The next batch is scored while this one is written, so scoring and writing use two cores:
    in a second process for a store of more than one batch (both halves hold the GIL most of
    the time), in a thread for a small one (no process to start). Reading a batch before its
    transaction is safe because a claim's text never changes.
    """
    from claims.checkworthiness import model_name, score_many

    model = model_name()
    weights = current_weights()
    due = _due(model, everything)

    def read(after: int) -> list:
        with db.engine.connect() as conn:
            return conn.execute(
                select(_claim.c.id, _claim.c.text).where(_claim.c.id > after, due)
                .order_by(_claim.c.id).limit(batch)
            ).all()

    def score(pool, rows: list):
        return pool.submit(score_many, [t for _, t in rows]) if rows else None

    scored = 0
    rows = read(0)
    with _scoring_pool(second_process=len(rows) == batch) as pool:
        ahead = score(pool, rows)
        while rows:
            scores = dict(zip((cid for cid, _ in rows), ahead.result(), strict=True))
            following = read(rows[-1][0])
            ahead = score(pool, following)
            with db.write_connection() as conn:
                _store_batch(conn, rows[0][0], rows[-1][0], scores, model, weights)
            scored += len(rows)
            if progress:
                progress(scored)
            rows = following
    return RescoreResult(model, scored, 0)


def _scoring_pool(*, second_process: bool):
    """Where batches are scored beside the writes: another process, or a thread."""
    if second_process:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from claims.collector import collect_less_often

        # spawn: a fresh interpreter that imports only the scorer (no inherited connections)
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=collect_less_often)  # as every worker of ours
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="rescore")


def _store_batch(conn, first: int, last: int, scores: dict[int, float], model: str,
                 weights: PriorityWeights) -> None:
    """The batch's new scores and, in the same row writes, its heads' new priorities.

    A score moves only its own head's priority, so the heads with ids first..last are read
    once (with the new scores put in) and each claim is written once. A merged claim's score
    moves nothing. What the update marks for a refresh (the triggers; on SQLite the score
    trigger is lifted instead) is settled here, and marks that were there before (another
    write's) are refreshed as they would have been at commit.
    """
    in_range = _dirty.c.claim_id.between(first, last)
    before = conn.execute(select(_dirty.c.claim_id).where(in_range)).scalars().all()
    found = standings(conn, Scope.between(first, last))
    for head, standing in found.items():
        if head in scores:
            found[head] = replace(standing, worth=scores[head])
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    trigger = _lift_score_trigger(conn)
    heads = [(scores[h], model, priority(s, weights), s.checked_as, h) for h, s in found.items() if h in scores]
    rest = [(score, model, cid) for cid, score in scores.items() if cid not in found]
    others = [(priority(s, weights), s.checked_as, h) for h, s in found.items() if h not in scores]
    # plain DB-API executemany: SQLAlchemy's per-row work doubled a rescore's time
    if heads:
        conn.exec_driver_sql(f"UPDATE claim SET checkworthiness = {mark}, checkworthiness_model = {mark}, "
                             f"priority = {mark}, checked_as = {mark} WHERE id = {mark}", heads)
    if rest:
        conn.exec_driver_sql(f"UPDATE claim SET checkworthiness = {mark}, checkworthiness_model = {mark} "
                             f"WHERE id = {mark}", rest)
    if others:
        conn.exec_driver_sql(f"UPDATE claim SET priority = {mark}, checked_as = {mark} WHERE id = {mark}", others)
    if trigger:
        conn.exec_driver_sql(trigger)
    conn.execute(_dirty.delete().where(in_range))
    if before:
        refresh(conn, affected_heads(conn, before), weights)


def _lift_score_trigger(conn) -> str | None:
    """On SQLite, drop the trigger that marks a claim whose score changed, for this batch's
    writes only, and return its definition to put back before the commit.

    The batch writes every priority a score moves itself, so the trigger's marks would only be
    deleted again, and writing and deleting them doubled the batch's writes. The batch holds
    the write lock and DDL is transactional: no other writer runs without the trigger, and a
    batch that fails rolls back with the trigger in place. (PostgreSQL keeps it: disabling a
    trigger there locks the table against readers.)
    """
    if conn.dialect.name != "sqlite":
        return None
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'triage_claim_update'"
    ).scalar()
    if sql:
        conn.exec_driver_sql("DROP TRIGGER triage_claim_update")
    return sql


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

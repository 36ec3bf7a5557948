"""The stored priority is what the formula gives after every kind of write, on both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from claims.models import Claim, Match
from claims.services import clusters, review, team
from claims.services.ingest import ingest_paths
from claims.services.queries import ClaimFilter, list_claims
from claims.services.triage import current_weights, standings
from claims.triage.priority import priority

SAMPLES = Path(__file__).resolve().parents[2] / "claims" / "samples"


def stored_and_computed(db) -> list[tuple[int, float, float, str | None, str | None]]:
    with db.session() as session:
        conn = session.connection()
        heads = conn.execute(select(Claim.id, Claim.priority, Claim.checked_as)
                             .where(Claim.canonical_id.is_(None))).all()
        found = standings(conn, [h for h, _, _ in heads])
        dirty = conn.exec_driver_sql("SELECT count(*) FROM triage_dirty").scalar()
    assert dirty == 0
    weights = current_weights()
    return [(h, p, priority(found[h], weights), c, found[h].checked_as) for h, p, c in heads]


def assert_in_step(db) -> None:
    for head, stored, computed, checked, expected in stored_and_computed(db):
        assert abs(stored - computed) < 1e-6, f"claim {head}: stored {stored}, formula {computed}"
        assert checked == expected, f"claim {head}: checked_as {checked}, expected {expected}"


def pending_pair(db) -> tuple[int, int]:
    with db.session() as session:
        m = session.execute(select(Match).where(Match.state == "suggested")).scalars().first()
        return m.claim_a_id, m.claim_b_id


def test_priority_follows_every_write(db):
    ingest_paths(db, [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    assert_in_step(db)
    a, b = pending_pair(db)
    before = {r.id: r for r in list_claims(db, limit=None)}

    review.set_status(db, [a], reviewer="ana", status="verified", verdict="false")
    assert_in_step(db)
    rows = {r.id: r for r in list_claims(db, limit=None)}
    assert rows[b].checked_as == "false"  # matches a checked claim: shown with its verdict
    assert rows[b].priority < before[b].priority
    assert rows[a].priority < before[a].priority - 1.5  # done claims sink

    team.take(db, b, reviewer="bo")
    assert_in_step(db)
    held = {r.id: r.priority for r in list_claims(db, limit=None)}[b]
    team.release(db, b, reviewer="bo")
    assert_in_step(db)
    assert {r.id: r.priority for r in list_claims(db, limit=None)}[b] > held

    review.set_status(db, [a], reviewer="ana", status="unverified")
    assert_in_step(db)
    assert {r.id: r for r in list_claims(db, limit=None)}[b].checked_as is None

    ids = [r.id for r in list_claims(db, limit=3)]
    clusters.merge(db, ids[:2], reviewer="ana")
    assert_in_step(db)
    spread = [r for r in list_claims(db, limit=None) if r.id == ids[0]][0]
    assert spread.appearances >= 2


def test_queue_is_ordered_and_paged_by_priority(db):
    from claims.services.paging import key_of, page_after

    ingest_paths(db, [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    everything = list_claims(db, ClaimFilter(), limit=None)
    assert [r.priority for r in everything] == sorted((r.priority for r in everything), reverse=True)
    page = page_after(db, ClaimFilter(), limit=5)
    paged = list(page)
    while len(page) == 5:
        page = page_after(db, ClaimFilter(), key_of(page[-1]), limit=5)
        paged += page
    assert [r.id for r in paged] == [r.id for r in everything]


def test_a_bulk_import_is_refreshed_by_ranges_with_the_same_result(db):
    from claims.services.importer import import_text
    from claims.services.triage import RUN

    lines = [f'{{"text": "Exports fell {i} percent in district {i} last year.", "url": '
             f'"https://news.example/{i % 7}", "outlet": "Outlet {i % 5}"}}' for i in range(RUN * 3)]
    import_text(db, "\n".join(lines), name="bulk.jsonl", fmt="jsonl", reviewer="ana")
    assert_in_step(db)
    ingest_paths(db, [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    assert_in_step(db)


def test_a_range_refreshed_in_parts_is_refreshed_whole(db, monkeypatch):
    """A large range (an import's) is refreshed a part at a time: clusters and suggestions that
    span parts get the priority the formula gives."""
    from sqlalchemy import func, update

    from claims.services import triage

    ingest_paths(db, [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    a, _ = pending_pair(db)
    review.set_status(db, [a], reviewer="ana", status="verified", verdict="false")
    with db.session() as session:
        conn = session.connection()
        conn.execute(update(Claim).values(priority=0.0, checked_as=None))  # marks nothing
        monkeypatch.setattr(triage, "RANGE_STEP", 3)
        top = conn.execute(select(func.max(Claim.id))).scalar()
        assert triage.refresh_range(conn, 1, top) > 3
    assert_in_step(db)

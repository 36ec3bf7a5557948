"""A filter that matches few claims reads them from an index (claims.services.narrowing),
and gives exactly the rows, order, counts and positions of the plain query (issue 15,
finding 9). Both backends; `CAP` is made small so common filters take the plain path."""

from __future__ import annotations

import json
import random

import pytest
from sqlmodel import select

from claims.models import Claim
from claims.services import narrowing, paging
from claims.services.clusters import merge
from claims.services.importer import import_text
from claims.services.queries import ClaimFilter, count_claims, list_claims
from claims.services.undo import redo_last, undo_last

RARE_WORD = ["zephyr", "ZEPHYRS", "Ze\u0301phyr", "anti-zephyr"]  # one needle, four spellings
SPEAKERS = ["Ana Lopez", "Ben Smith", "Carla Okafor", "Dev Novak"]
OUTLETS = ["Northline", "Courier", "Valley Post"]


def _records(n: int = 240) -> list[dict]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        words = rng.choices(["budget", "bridge", "tolls", "wages", "rents", "police", "ferry", "harbor"], k=6)
        rec = {"id": f"c{i}", "text": f"{' '.join(words).capitalize()} rose by {rng.randint(2, 99)} percent",
               "speaker": rng.choice(SPEAKERS), "outlet": rng.choice(OUTLETS),
               "date": f"202{rng.randint(1, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
        if i % 60 == 7:  # rare: a word, a speaker, an outlet, a status and verdict, a reviewer, a date
            rec["text"] += f" after the {RARE_WORD[(i // 60) % 4]} plan"
            rec["speaker"] = "Ysolde Quint" if i % 120 == 7 else "Mayor Ysolde Quint"
            rec["outlet"] = "Rare Post"
            rec["status"], rec["verdict"], rec["reviewer"] = "verified", "false", "rae"
            rec["date"] = "2019-04"
        elif i % 50 == 3:
            rec["status"] = "in_review"
        out.append(rec)
    return out


def _import(db):
    import_text(db, "".join(json.dumps(r) + "\n" for r in _records()), name="n.jsonl", reviewer="imp")


@pytest.fixture
def store(db):
    _import(db)
    with db.session() as session:
        ids = dict(session.exec(select(Claim.external_id, Claim.id)).all())
    # A cluster whose member alone is in Rare Post: the head shows under that outlet.
    merge(db, [ids["c8"], ids["c67"]], reviewer="t")
    merge(db, [ids["c20"], ids["c21"], ids["c22"]], reviewer="t")
    if db.is_postgresql:  # as autovacuum would: PostgreSQL's narrowing reads its estimates
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE claim")
    return db


FILTERS = [
    ClaimFilter(search="zephyr"),
    ClaimFilter(search="zéphyr plan"),
    ClaimFilter(search="ZEPHYR", order="date"),
    ClaimFilter(speaker="ysolde quint"),
    ClaimFilter(speaker="mayor", order="worth"),
    ClaimFilter(outlet="rare post"),
    ClaimFilter(outlet="RARE POST", order="id"),
    ClaimFilter(status=("in_review",)),
    ClaimFilter(status=("verified",), verdict=("false",)),
    ClaimFilter(verdict=("false",), search="plan"),
    ClaimFilter(reviewer="rae", order="date"),
    ClaimFilter(since="2019-01-01", until="2019-12-31"),
    ClaimFilter(until="2019-04"),
    ClaimFilter(search="budget", speaker="ana"),  # common: the plain path
    ClaimFilter(outlet="Courier", status=("in_review",)),
    ClaimFilter(search="nowhere-to-be-found"),
    ClaimFilter(outlet="no such outlet"),
    ClaimFilter(search="ze"),  # too short for the trigram index
    ClaimFilter(),
    # common enough to pass CAP: a status walks ix_claim_status_order, a period is sorted from
    # ix_claim_date_order a chunk at a time (migration 0009)
    ClaimFilter(status=("unverified",)),
    ClaimFilter(status=("unverified", "in_review"), since="2023-01-01"),
    ClaimFilter(since="2023-01-01", until="2024-06-30"),
    ClaimFilter(since="2022-03", search="budget"),
    ClaimFilter(until="2022-12-31", speaker="ana"),
]


def _plain(monkeypatch):
    monkeypatch.setattr(narrowing, "plan", lambda session, flt, ordered: narrowing.Plan(unplanned=True))


def _walk_pages(db, flt, limit=3):
    rows, key = [], None
    while True:
        page = paging.page_after(db, flt, key, limit=limit)
        rows += page
        if len(page) < limit:
            return rows
        key = paging.key_of(page[-1])


def _observe(db, flt):
    forward = _walk_pages(db, flt)
    last = paging.page_before(db, flt, None, limit=4)
    return {
        "forward": [(r.id, r.outlets, r.appearances) for r in forward],
        "last": [r.id for r in last],
        "before": [r.id for r in paging.page_before(db, flt, paging.key_of(forward[-1]), limit=3)] if forward else [],
        "list": [r.id for r in list_claims(db, flt, limit=5, offset=2)],
        "count": (paging.count(db, flt), count_claims(db, flt)),
        "rank": [paging.rank_of(db, flt, paging.key_of(r)) for r in forward[::4]],
    }


def test_narrowed_pages_equal_the_plain_query(store, monkeypatch):
    db = store
    monkeypatch.setattr(narrowing, "CAP", 12)
    monkeypatch.setattr(narrowing, "STATUS_WALK_OVER", 4)
    narrowed = {f: _observe(db, f) for f in FILTERS}
    with db.session() as session:
        used = {f for f in FILTERS if narrowing.candidates(session, f) is not None}
        plans = {f: narrowing.plan(session, f, ordered=True) for f in FILTERS}
    _plain(monkeypatch)
    plain = {f: _observe(db, f) for f in FILTERS}
    for f in FILTERS:
        assert narrowed[f] == plain[f], f.describe()
    # The rare filters took the index path, the common ones did not; and each rare one finds rows.
    rare = set(FILTERS[:13]) - {ClaimFilter(speaker="mayor", order="worth")}
    assert rare <= used
    assert ClaimFilter() not in used and ClaimFilter(search="ze") not in used
    assert all(plain[f]["forward"] for f in FILTERS[:13])
    assert not plain[ClaimFilter(search="nowhere-to-be-found")]["forward"]
    # Statuses walked their index, periods were sorted from theirs, in chunks (pages of 3
    # read 12 ids a chunk), and each found more rows than a chunk holds.
    walked = {f for f, p in plans.items() if p and p.index == "ix_claim_status_order"}
    assert set(FILTERS[19:21]) | {ClaimFilter(status=("in_review",))} <= walked
    assert {f for f, p in plans.items() if p and p.period} == set(FILTERS[21:])
    assert all(len(plain[f]["forward"]) > 12 for f in FILTERS[19:])


SUGGESTION_FILTERS = [
    ClaimFilter(has_suggestions=True),
    ClaimFilter(has_suggestions=True, order="date"),
    ClaimFilter(has_suggestions=True, outlet="Courier", status=("unverified",)),
    ClaimFilter(has_suggestions=True, search="budget", order="worth"),
]


@pytest.mark.parametrize("cap", [12, 100_000])
def test_pending_suggestions_equal_the_plain_query(store, monkeypatch, cap):
    """Claims with a pending suggestion, read among the pairs' claims (a high CAP) or, with
    more pairs than CAP / 2, tested row by row as the order index is walked and counted from
    the pairs' claims: the plain query's rows, order, counts and positions."""
    db = store
    monkeypatch.setattr(narrowing, "CAP", cap)
    narrowed = {f: _observe(db, f) for f in SUGGESTION_FILTERS}
    with db.session() as session:
        among_pairs = narrowing.candidates(session, ClaimFilter(has_suggestions=True)) is not None
        counted_from_pairs = narrowing.plan(session, ClaimFilter(has_suggestions=True), ordered=False).covers
    _plain(monkeypatch)
    plain = {f: _observe(db, f) for f in SUGGESTION_FILTERS}
    for f in SUGGESTION_FILTERS:
        assert narrowed[f] == plain[f], f.describe()
    assert all(plain[f]["forward"] for f in SUGGESTION_FILTERS)
    assert among_pairs == (cap > 12)  # the import left far more than 6 pending pairs
    assert counted_from_pairs == (None if among_pairs else "has_suggestions")


def test_the_search_index_follows_deletes_and_restores(db):
    _import(db)
    flt = ClaimFilter(search="zephyr")
    before = [r.id for r in paging.page_after(db, flt)]
    assert len(before) >= 3
    undo_last(db, reviewer="imp")
    with db.session() as session:
        assert narrowing.candidates(session, flt) == []
    assert paging.page_after(db, flt) == []
    redo_last(db, reviewer="imp")
    with db.session() as session:
        assert narrowing.candidates(session, flt) is not None
    assert [r.id for r in paging.page_after(db, flt)] == before


def test_a_desk_from_before_the_index_opens_with_its_claims_indexed(tmp_path):
    """Migration 0008 fills the index from the claims already stored."""
    from sqlalchemy import create_engine

    from db import Database
    from tests.old_desks import desk_at

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        desk_at(conn, "0007",
            [{"id": i, "text": f"Claim {i} about the {'Zéphyr' if i % 7 == 0 else 'bridge'} plan",
              "speaker": "Ysolde Quint" if i % 9 == 0 else None} for i in range(1, 64)])
    engine.dispose()
    db = Database(str(path))
    try:
        for flt, want in ((ClaimFilter(search="zéphyr", order="id"), list(range(7, 64, 7))),
                          (ClaimFilter(speaker="quint", order="id"), list(range(9, 64, 9)))):
            with db.session() as session:
                assert sorted(narrowing.candidates(session, flt)) == want
            assert [r.id for r in paging.page_after(db, flt)] == want
    finally:
        db.close()

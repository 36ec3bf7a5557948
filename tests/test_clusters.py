"""Merging duplicates: one verdict for all, nothing lost, everything undoable."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim, Match
from claims.services.audit import undo_last
from claims.services.clusters import decide_matches, merge, unmerge
from claims.services.queries import ClaimFilter, claim_detail, list_claims
from claims.services.review import set_status


@pytest.fixture
def ids(db) -> list[int]:
    with db.session() as s:
        article = Article(text="a" * 300, content_hash="x")
        s.add(article)
        s.flush()
        out = []
        for i in range(4):
            c = Claim(text=f"More than 2,000 residents were moved to safety ({i})", checkworthiness=0.5)
            s.add(c)
            s.flush()
            s.add(Appearance(claim_id=c.id, article_id=article.id, quote="q", start=i * 10, end=i * 10 + 5))
            out.append(c.id)
        return out


def appearances(db) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(Appearance)).one()


def test_merge_shares_one_verdict_and_keeps_appearances(db, ids):
    merge(db, ids[:3], reviewer="ana")
    visible = [r.id for r in list_claims(db, ClaimFilter())]
    assert ids[0] in visible and ids[1] not in visible and ids[2] not in visible
    detail = claim_detail(db, ids[2])  # asking for a member shows the cluster
    assert detail.claim.id == ids[0] and len(detail.appearances) == 3 and sorted(detail.members) == ids[1:3]
    set_status(db, [ids[1]], reviewer="ana", status="verified", verdict="true")  # via a member
    assert claim_detail(db, ids[0]).claim.verdict == "true"
    assert appearances(db) == 4


def test_merging_clusters_and_unmerge(db, ids):
    merge(db, [ids[2], ids[3]], reviewer="ana")
    merge(db, [ids[0], ids[3]], reviewer="ana")  # the whole cluster of 3 follows
    assert sorted(claim_detail(db, ids[0]).members) == [ids[2], ids[3]]
    unmerge(db, ids[3], reviewer="ana")
    assert ids[3] in [r.id for r in list_claims(db, ClaimFilter())]
    unmerge(db, ids[0], reviewer="ana")
    assert len(list_claims(db, ClaimFilter())) == 4
    with pytest.raises(ClaimsError, match="not merged"):
        unmerge(db, ids[0], reviewer="ana")
    assert appearances(db) == 4


def test_merge_is_undoable(db, ids):
    merge(db, ids, reviewer="ana")
    assert len(list_claims(db, ClaimFilter())) == 1
    undo_last(db, reviewer="ana")
    assert len(list_claims(db, ClaimFilter())) == 4


def test_accept_and_reject_suggestions(db, ids):
    with db.session() as s:
        m1 = Match(claim_a_id=ids[0], claim_b_id=ids[1], score=88, scorer="t")
        m2 = Match(claim_a_id=ids[2], claim_b_id=ids[3], score=81, scorer="t")
        s.add_all([m1, m2])
        s.flush()
        m1_id, m2_id = m1.id, m2.id
    decide_matches(db, [m1_id], accept=True, reviewer="ana")
    decide_matches(db, [m2_id], accept=False, reviewer="ana")
    with db.session() as s:
        assert s.get(Match, m1_id).state == "confirmed" and s.get(Match, m2_id).state == "rejected"
        assert s.get(Claim, ids[1]).canonical_id == ids[0]
        assert s.get(Claim, ids[3]).canonical_id is None
    undo_last(db, reviewer="ana")  # the reject
    undo_last(db, reviewer="ana")  # the accept and its merge
    with db.session() as s:
        assert s.get(Match, m1_id).state == "suggested" and s.get(Match, m2_id).state == "suggested"
        assert s.get(Claim, ids[1]).canonical_id is None

"""Merging duplicates: one verdict for all, nothing lost, everything undoable."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError, StaleVersion
from claims.models import Appearance, Article, Claim, Match
from claims.services.clusters import cluster_heads, decide_matches, merge, unmerge
from claims.services.queries import ClaimFilter, claim_detail, list_claims
from claims.services.review import set_status
from claims.services.undo import undo_last
from tests.conftest import SAMPLES


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


# --- merges on the versions the caller saw (the desk) ----------------------------------------


def snapshot(db) -> tuple:
    """Everything a merge or a decision could write: pointers, versions, match states, events."""
    from claims.models import Event

    with db.session() as s:
        return (sorted((c.id, c.canonical_id, c.version, c.status, c.verdict) for c in s.exec(select(Claim))),
                sorted((m.id, m.state, m.decided_by) for m in s.exec(select(Match))),
                s.exec(select(func.count()).select_from(Event)).one())


def versions(db, claim_ids) -> dict[int, int]:
    with db.session() as s:
        return {i: s.get(Claim, i).version for i in claim_ids}


def test_merge_on_the_versions_seen(db, ids):
    seen = versions(db, ids[:3])
    change = merge(db, ids[:3], reviewer="ana", expected_versions=seen,
                   expected_canonical={i: i for i in ids[:3]})
    assert sorted(change.moved) == ids[1:3]
    after = versions(db, ids[:3])
    assert change.versions == {i: (seen[i], after[i]) for i in ids[:3]}  # each written once
    assert all(after[i] == seen[i] + 1 for i in ids[:3])


def test_merge_on_a_stale_version_is_refused_and_writes_nothing(db, ids):
    seen = versions(db, ids[:3])
    set_status(db, [ids[1]], reviewer="bo", status="in_review")  # meanwhile
    before = snapshot(db)
    with pytest.raises(StaleVersion, match=rf"claim {ids[1]} was changed by bo .*status unverified -> in_review"):
        merge(db, ids[:3], reviewer="ana", expected_versions=seen)
    assert snapshot(db) == before
    merge(db, ids[:3], reviewer="ana")  # the CLI's call (no versions) merges over it, as before
    assert sorted(claim_detail(db, ids[0]).members) == ids[1:3]


def test_merge_refuses_a_claim_merged_elsewhere_since(db, ids):
    seen = versions(db, ids)
    merge(db, [ids[3], ids[2]], reviewer="bo")  # ids[2] now shows through ids[3]
    before = snapshot(db)
    # The version of ids[2]'s cluster head may equal the one seen by chance: the head seen tells.
    with pytest.raises(StaleVersion, match=rf"claim {ids[2]} was merged into claim {ids[3]}"):
        merge(db, [ids[0], ids[2]], reviewer="ana", expected_versions={ids[0]: seen[ids[0]]},
              expected_canonical={ids[0]: ids[0], ids[2]: ids[2]})
    assert snapshot(db) == before


def test_cluster_heads(db, ids):
    merge(db, [ids[0], ids[1]], reviewer="ana")
    head_version = versions(db, [ids[0]])[ids[0]]
    heads = cluster_heads(db, [ids[1], ids[0], ids[3], 999_999])
    assert heads == {ids[0]: (ids[0], head_version), ids[1]: (ids[0], head_version),
                     ids[3]: (ids[3], versions(db, [ids[3]])[ids[3]])}
    assert cluster_heads(db, []) == {}


def add_matches(db, *pairs) -> list[int]:
    with db.session() as s:
        rows = [Match(claim_a_id=a, claim_b_id=b, score=80, scorer="t") for a, b in pairs]
        s.add_all(rows)
        s.flush()
        return [m.id for m in rows]


def test_accept_on_the_versions_seen(db, ids):
    m1, m2 = add_matches(db, (ids[0], ids[1]), (ids[1], ids[2]))  # two pairs sharing a claim
    heads = cluster_heads(db, ids[:3])
    changes = decide_matches(db, [m1, m2], accept=True, reviewer="ana",
                             expected_versions={i: v for i, (_h, v) in heads.items()},
                             expected_canonical={i: h for i, (h, _v) in heads.items()},
                             expected_states={m1: "suggested", m2: "suggested"})
    assert [c.canonical_id for c in changes] == [ids[0], ids[0]]  # checked once, before the first merge
    assert sorted(claim_detail(db, ids[0]).members) == ids[1:3]


def test_accept_on_a_stale_version_is_refused_and_writes_nothing(db, ids):
    (m1,) = add_matches(db, (ids[0], ids[1]))
    seen = versions(db, ids[:2])
    set_status(db, [ids[0]], reviewer="bo", status="verified", verdict="false")
    before = snapshot(db)
    with pytest.raises(StaleVersion, match=rf"claim {ids[0]} was changed by bo"):
        decide_matches(db, [m1], accept=True, reviewer="ana", expected_versions=seen,
                       expected_states={m1: "suggested"})
    assert snapshot(db) == before
    # A rejection does not change the claims: their versions do not matter to it.
    decide_matches(db, [m1], accept=False, reviewer="ana", expected_versions=seen,
                   expected_states={m1: "suggested"})
    with db.session() as s:
        assert s.get(Match, m1).state == "rejected"


@pytest.mark.parametrize("accept", [True, False])
def test_deciding_a_match_decided_meanwhile_is_refused(db, ids, accept):
    (m1,) = add_matches(db, (ids[0], ids[1]))
    decide_matches(db, [m1], accept=not accept, reviewer="bo")  # bo decided the other way
    before = snapshot(db)
    state = "rejected" if accept else "confirmed"
    with pytest.raises(StaleVersion, match=rf"match {m1} was {state} by bo since you loaded it"):
        decide_matches(db, [m1], accept=accept, reviewer="ana", expected_states={m1: "suggested"})
    assert snapshot(db) == before


def test_merging_a_claim_with_itself_or_its_cluster_says_nothing_changed(invoke):
    assert invoke("ingest", str(SAMPLES)).exit_code == 0
    first = invoke("merge", "1", "2")
    assert first.exit_code == 0 and "merged" in first.output
    for args in (("1", "1"), ("1", "2"), ("2", "1")):
        again = invoke("merge", *args)
        assert again.exit_code == 0
        assert "nothing to merge" in again.output and "merged 0" not in again.output

"""A new claim's lookup compares its candidates as a bulk match does: a distinct pair is told
before its explanation, opposed words and roles are read (`compare_unless_distinct`), and
decides the same (issue 13 goal 3: a new claim's comparisons were a seventh of its matching)."""

from __future__ import annotations

from sqlmodel import select

from claims.matching import decision
from claims.models import Claim, Match
from claims.services import matching
from claims.services.matching import match_new_claims

STORED = ["The city council approved a new budget for public schools on Tuesday",
          "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"]
NEW = ["The city council rejected a plan for public parks on Tuesday night after a long debate",
       "the river had peaked at 7.4 metres on Friday, the highest level recorded since 1987"]


def test_a_distinct_candidate_is_not_explained(db, monkeypatch):
    compared, explained = [], []
    real_compare, real_explain = matching.compare_unless_distinct, decision.explain
    monkeypatch.setattr(matching, "compare_unless_distinct",
                        lambda a, b, *args: compared.append((a.text, b.text)) or real_compare(a, b, *args))
    monkeypatch.setattr(decision, "explain", lambda a, b, *args: explained.append((a.text, b.text)) or real_explain(a, b, *args))
    with db.session() as s:
        for texts in (STORED, NEW):
            claims = [Claim(text=t) for t in texts]
            s.add_all(claims)
            s.flush()
            match_new_claims(s, claims, bulk=False)
        stored = {(s.get(Claim, m.claim_a_id).text, s.get(Claim, m.claim_b_id).text): m.state
                  for m in s.exec(select(Match))}
    assert (STORED[0], NEW[0]) in compared  # a candidate, distinct
    assert stored == {(STORED[1], NEW[1]): "confirmed"}
    assert explained == [(STORED[1], NEW[1])]

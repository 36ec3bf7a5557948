"""Fragments are not claims: noun phrases and clauses without their subject are marked
not_a_claim by extraction and left out of the default queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction import extract_claims
from claims.extraction.fragments import has_verb, is_fragment, short_or_verbless

SAMPLES = Path(__file__).resolve().parents[2] / "claims" / "samples"


@pytest.mark.parametrize(
    "statement",
    [
        "her plan to raise Halden's bus fares",
        "his criticism of the levee programme",
        'made the increase "reckless"',
        "an increase to the federal minimum wage",
        "the president’s foreign policy",
    ],
)
def test_noun_phrases_and_subjectless_clauses_are_fragments(statement):
    assert is_fragment(statement, quoted=False)


@pytest.mark.parametrize(
    "statement",
    [
        "fares had not risen in six years",
        "the plan is dead",
        "the levee repairs promised in 2023 were never carried out",
        "his criticism was unfair",
        "Democrats lost the seat",
        "to end the deportation programme",  # a promise: checkable later
        "the senator misled voters",
        "they’re wrong about the budget",
    ],
)
def test_clauses_are_statements(statement):
    assert not is_fragment(statement, quoted=False)


def test_a_quotation_is_judged_only_for_a_verb():
    assert is_fragment("Really?", quoted=True)
    assert not is_fragment("We’ll see", quoted=True)
    assert not is_fragment("It came through the door in ten minutes", quoted=True)


def test_the_bench_count_of_short_or_verbless_items():
    assert short_or_verbless("his criticism of the levee programme")
    assert short_or_verbless("We’ll see")
    assert not short_or_verbless("the river peaked at 7.4 metres on Friday")
    assert has_verb("the river peaked") and not has_verb("a wall along the border")


def test_sample_fragments_are_marked_and_statements_are_not():
    marked, kept = {}, {}
    for path in sorted(SAMPLES.glob("*.txt")):
        for c in extract_claims(path.read_text(encoding="utf-8")):
            (marked if c.claim_type == "not_a_claim" else kept)[c.text] = c
    assert "her plan to raise Halden's bus fares" in marked
    assert "his criticism of the levee programme" in marked
    assert 'made the increase "reckless"' in marked
    assert "Every other city in the region charges more than we do" in kept
    assert "ridership fell by 18 percent last year" in kept


def test_default_queue_leaves_out_unreviewed_not_a_claim(db):
    from claims.models import Claim
    from claims.services.queries import ClaimFilter, count_claims, list_claims

    with db.session() as s:
        s.add_all([
            Claim(text="ridership fell by 18 percent", claim_type="quantity"),
            Claim(text="her plan to raise Halden's bus fares", claim_type="not_a_claim"),
            Claim(text="his criticism of the levee programme", claim_type="not_a_claim",
                  status="in_review"),
        ])  # fmt: skip
    assert {r.text for r in list_claims(db, ClaimFilter())} == {
        "ridership fell by 18 percent",
        "his criticism of the levee programme",  # someone is on it: it stays in sight
    }
    assert count_claims(db, ClaimFilter(not_a_claim=True)) == 3


def test_list_shows_fragments_only_when_asked(invoke):
    import json

    invoke("ingest", str(SAMPLES))
    listed = [json.loads(x) for x in invoke("list", "--format", "jsonl").stdout.splitlines()]
    assert listed and not any(r["text"] == "his criticism of the levee programme" for r in listed)
    every = invoke("list", "--not-a-claim", "--format", "jsonl").stdout.splitlines()
    assert any(json.loads(x)["text"] == "his criticism of the levee programme" for x in every)

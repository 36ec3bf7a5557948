"""Check-worthiness: scores in 0..1 and Full Fact's claim types."""

from __future__ import annotations

import pytest

from claims.checkworthiness import CLAIM_TYPES, score_claim


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Unemployment fell to 3.9% in March, the lowest rate since 2000.", "quantity"),
        ("The crime wave was caused by the closure of youth centres.", "correlation"),
        ("The new law makes it illegal to sell tobacco to anyone under 21.", "law"),
        ("Prices are going to rise sharply next year.", "prediction"),
        ("When I was a child my family never had a car.", "personal"),
        ("Thank you.", "not_a_claim"),
        ("Is that right?", "not_a_claim"),
    ],
)
def test_claim_types(text, kind):
    score, got = score_claim(text)
    assert 0.0 <= score <= 1.0
    assert got == kind and got in CLAIM_TYPES


def test_numbers_and_facts_rank_above_pleasantries():
    factual, _ = score_claim("We have lost 70,000 factories since China entered the WTO in 2001.")
    opinion, _ = score_claim("I think it is a great honour to be here with all of you tonight.")
    assert factual > opinion


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00", "?" * 1000, "word " * 5000],
    ids=["empty", "space", "nul", "q", "long"],
)
def test_any_text_scores(text):
    score, kind = score_claim(text)
    assert 0.0 <= score <= 1.0 and kind in CLAIM_TYPES

"""A side with no figure in either reading disagrees on nothing: `quantities._disagree` answers
so without reading the other side's numbers (most search candidates of a query without a
figure; that reading was a sixth of a search, issue 13), which the full path would answer
too, `number_conflicts` needing figures missing on both sides."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import quantities
from claims.matching.normalize import analyze
from claims.matching.numbers import number_conflicts

from .test_quantities_prefilter import PIECES

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map(" ".join)


def test_the_other_side_is_not_read_when_one_has_no_figure(monkeypatch):
    query = analyze("The mayor said the budget went up")
    candidate = analyze("The mayor said the budget went up by 5% in the second year, World War II aside")
    read: list[str] = []
    real = quantities.decision_numbers
    monkeypatch.setattr(quantities, "decision_numbers", lambda a: read.append(a.text) or real(a))
    assert quantities.numbers_disagree(query, candidate) == []
    assert quantities.numbers_disagree(candidate, query) == []
    assert read == [query.text, candidate.text, query.text]  # the candidate's figures: once, to find the query has none


@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_an_empty_side_has_no_conflict_in_either_reading(a, b):
    # what the shortcut stands on: no conflict against a side without figures, whatever the other holds
    other = analyze(b)
    for numbers in (other.numbers, quantities.decision_numbers(other)):
        assert number_conflicts((), numbers) == [] and number_conflicts(numbers, ()) == []
    first = analyze(a)
    if not first.numbers and not quantities.decision_numbers(first):
        assert quantities.numbers_disagree(first, other) == quantities.numbers_disagree(other, first) == []

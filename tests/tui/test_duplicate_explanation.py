"""The duplicates pane's explanation: why a pair was only suggested stands beside the decision."""

from __future__ import annotations

from types import SimpleNamespace

from tui.screens.duplicates import explanation_text


def _match(**explanation):
    claim = SimpleNamespace(text="ridership fell by 18 percent last year")
    return SimpleNamespace(scorer="claims-lexical-v2", score=100.0, conflict=False, a=claim, b=claim,
                           explanation={"score": 100.0, "scorer": "claims-lexical-v2", **explanation})


def test_the_reason_stands_beside_the_decision_and_empty_lists_are_left_out():
    shown = explanation_text(_match(decision="suggested", shared=["ridership", "fell"], only_a=[], only_b=[],
                                    conflict=[], reason="a claim under 8 words")).plain
    lines = shown.splitlines()
    # a score of 100 only suggested: the reason came last, below the edge of a 32-line terminal
    assert lines[1] == "decision: suggested (a claim under 8 words)"
    assert "shared: ridership, fell" in lines
    assert not any(line.startswith(("only a", "only b", "conflict", "reason")) for line in lines), lines


def test_a_reason_without_a_decision_is_still_shown():
    assert "reason: score 99 >= 90" in explanation_text(_match(reason="score 99 >= 90")).plain

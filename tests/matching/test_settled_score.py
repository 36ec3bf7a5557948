"""A disagreement only the index reads, settled by the decision's fuller reading of the figures
('3万5千' / '35000', '2 dozen' / '24'), no longer holds the score down: the pair is scored with
its numbers masked, as a conflict is (pass 26's found-not-fixed: '3万5千人' / '35000人' was
distinct at 11, the index's reading of the figures as disagreeing costing it the score)."""

from __future__ import annotations

import pytest

from claims.matching import CONFLICT, DISTINCT, DUPLICATE, compare
from claims.matching.normalize import analyze
from claims.matching.scoring import mask_numbers, score_analyses


@pytest.mark.parametrize(("a", "b"), [
    ("3万5千人が抗議に参加した", "35000人が抗議に参加した"),
    ("The farm sold 2 dozen eggs to the school on Monday", "The farm sold 24 eggs to the school on Monday"),
    ("Wyeth estimates that 1.2 million women continue to take the pills, the report said",
     "Wyeth estimates that 1,2 million women continue to take the pills, the report said"),
])
def test_a_settled_disagreement_is_scored_with_its_numbers_masked(a, b):
    found = compare(a, b)
    masked = score_analyses(mask_numbers(analyze(a)), mask_numbers(analyze(b)))
    assert found.decision not in (CONFLICT, DISTINCT), found
    assert found.score == max(score_analyses(analyze(a), analyze(b)), masked)
    assert found.score > score_analyses(analyze(a), analyze(b))


def test_figures_that_disagree_keep_their_conflict_and_the_same_figures_their_score():
    assert compare("The farm sold 3 dozen eggs to the school on Monday",
                   "The farm sold 24 eggs to the school on Monday").decision == CONFLICT
    same = compare("The farm sold 24 eggs to the school on Monday", "The farm sold 24 eggs to the school on Monday.")
    assert same.decision == DUPLICATE and same.score == 100.0

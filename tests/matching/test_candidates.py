"""Candidates skipped as sure misses (`dice=`) are exactly the ones the full comparison calls
distinct: the filter saves comparisons and changes no decision. (The claim-by-claim path
applies the same filter: tests/test_matching_bulk.py checks both paths agree.)"""

from __future__ import annotations

import random

from claims.matching import (
    CANDIDATES,
    DISTINCT,
    BulkCandidates,
    IdfTable,
    MatchSettings,
    compare,
    dice_floor,
    index_keys,
    rank_floor,
)
from tests.test_matching_bulk import claim_texts


def texts_with_quotes(n: int) -> list[str]:
    """Near-duplicates and figure changes (conflicts), after statements that quote some of the
    claims whole among many other words: contained, so suggested, though of low weighted Dice."""
    texts = claim_texts(n, seed=21)
    rng = random.Random(3)
    extra = sorted({w for t in texts for w in t.split()})
    quotes = [" ".join(rng.choices(extra, k=60)) + " " + quoted + " " + " ".join(rng.choices(extra, k=60))
              for quoted in rng.sample(texts, 40)]
    return quotes + texts


def outcomes(texts, settings, *, dice):
    keys = [index_keys(t) for t in texts]
    bulk = BulkCandidates()
    for k in keys:
        bulk.add(k)
    idf = IdfTable(bulk.document_frequencies(), len(texts))
    bulk.freeze(idf)
    compared, found = 0, set()
    for doc, ranked in bulk.candidates(rank_floor(settings), CANDIDATES, dice=dice):
        for other, _rank in ranked:
            compared += 1
            result = compare(texts[other], texts[doc], settings, idf)
            if result.decision != DISTINCT:
                found.add((other, doc, result.decision, result.score))
    return compared, found


def test_the_skipped_candidates_are_all_distinct():
    texts = texts_with_quotes(1_500)
    for settings in (MatchSettings(), MatchSettings(suggest_threshold=30.0, confirm_threshold=80.0)):
        everything, expected = outcomes(texts, settings, dice=None)
        compared, found = outcomes(texts, settings, dice=dice_floor(settings))
        assert found == expected
        assert compared < everything
        decisions = {d for _, _, d, _ in found}
        assert decisions == {"duplicate", "suggested", "conflict"}
    contained = [(a, b) for a, b, d, s in expected if d == "suggested" and s < settings.suggest_threshold]
    assert contained  # the quoted claims were compared though their Dice is under the floor


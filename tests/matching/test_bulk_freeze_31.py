"""Pass 31 made `BulkCandidates.add` / `freeze` set at a time: the keys numbered in one C
loop, the weights from each distinct count once (`_fixed_weights_of`), the block order
(count, then the key as Python compares strings) by a sort of the names and a stable numpy
sort of the counts. These pin that to the rule claim by claim: the same weights as
`fixed_weights`, and the same blocks where counts tie and only the names decide (names whose
code point order is neither their bytes' case-folded nor their length's)."""

from __future__ import annotations

import random

from claims.matching import (
    CANDIDATES,
    BulkCandidates,
    IdfTable,
    MatchSettings,
    dice_floor,
    rank_floor,
)
from claims.matching.candidates import _fixed_weights_of, fixed_weights
from tests.matching.test_candidates import by_the_rule

NAMES = ["Zeta", "zeta", "alpha", "Alpha", "été", "ete", "eté", "市", "งบ", "ב", "ω", "a", "aa", "a1", "1a",
         "x" * 40, "ﬁle", "file", "Ωmega", "omega", "ñandu", "nandu", "straße", "strasse"]


def test_weights_set_at_a_time_are_fixed_weights_key_by_key():
    rng = random.Random(31)
    df = {name: rng.choice([1, 1, 2, 3, 7, 120]) for name in NAMES[:-3]}  # the last three: no count
    for idf in (IdfTable(df, 500), IdfTable(df, 500, prior_docs=0), IdfTable({}, 0)):
        assert _fixed_weights_of(idf, NAMES).tolist() == list(fixed_weights(idf, NAMES).values())
    assert _fixed_weights_of(IdfTable(df, 5), []).tolist() == []


def test_blocks_where_counts_tie_are_chosen_by_name_as_the_rule_does():
    """Each key held by exactly two claims (every count ties), a claim holding 4 to 7 of them:
    which 3 are its blocks is decided by the names alone; the bulk pass brings the same
    neighbours, so ranks the same candidates, as the rule claim by claim."""
    settings = MatchSettings()
    floor, dice = rank_floor(settings), dice_floor(settings)
    for trial in range(20):
        rng = random.Random(trial)
        names = rng.sample(NAMES, len(NAMES))
        keys: list[list[str]] = [[] for _ in range(40)]
        for name in names:
            for doc in rng.sample(range(40), 2):
                keys[doc].append(name)
        common = [f"w{i}" for i in range(4)]  # words most claims share: some candidates rank high
        for mine in keys:
            mine.extend(rng.sample(common, 3))
        for chunk in (1, 3, BulkCandidates.FREEZE_CHUNK):
            bulk = BulkCandidates()
            bulk.FREEZE_CHUNK = chunk
            for mine in keys:
                bulk.add(mine)
            idf = IdfTable(bulk.document_frequencies(), len(keys))
            bulk.freeze(idf)
            assert bulk._weight.tolist() == list(fixed_weights(idf, bulk._terms).values())
            got = dict(bulk.candidates(floor, CANDIDATES, dice=dice, chunk=5))
            assert got == by_the_rule(keys, idf, floor, dice), (trial, chunk)

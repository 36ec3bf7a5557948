"""All matching pairs of a store, through blocking."""

from claims.matching import CONFLICT, DUPLICATE, find_duplicate_pairs

ITEMS = [
    (1, "Iran launched more than 200 drones and missiles at Israel overnight, the army said"),
    (2, "The central bank left interest rates unchanged for a third month in a row"),
    (3, "Iran launched more than 200 drones and missiles at Israel overnight, army officials said"),
    (4, "Iran launched more than 300 drones and missiles at Israel overnight, the army said"),
    (5, "A new bridge over the river will cost two billion dollars, the mayor said"),
    (6, ""),
    (7, "the of and"),
]


def test_finds_duplicates_and_conflicts_once_each():
    pairs = {(a, b): r.decision for a, b, r in find_duplicate_pairs(ITEMS)}
    assert pairs[(1, 3)] == DUPLICATE
    assert pairs[(1, 4)] == CONFLICT
    assert pairs[(3, 4)] == CONFLICT
    assert set(pairs) == {(1, 3), (1, 4), (3, 4)}


def test_many_claims_with_planted_copies():
    items = [
        (i, f"claim {i} mentions topic{i} and place{i % 97} with detail{i % 13}")
        for i in range(2000)
    ]
    items += [
        (f"copy{i}", f"Claim {i}: mentions topic{i} and place{i % 97}, with detail{i % 13}!")
        for i in range(0, 2000, 100)
    ]
    pairs = {frozenset((a, b)) for a, b, _ in find_duplicate_pairs(items)}
    assert all(frozenset((i, f"copy{i}")) in pairs for i in range(0, 2000, 100))


def test_empty_input():
    assert list(find_duplicate_pairs([])) == []


def test_only_pairs_with_the_new_ids():
    pairs = {(a, b) for a, b, _ in find_duplicate_pairs(ITEMS, only={4})}
    assert pairs == {(1, 4), (3, 4)}

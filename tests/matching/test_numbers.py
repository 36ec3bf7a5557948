"""Telling whether two claims' numbers disagree."""

from claims.matching import extract_numbers, number_conflicts


def conflicts(a: str, b: str) -> list[dict[str, str]]:
    return number_conflicts(extract_numbers(a), extract_numbers(b))


def test_different_numbers_conflict():
    assert conflicts("more than 200 drones", "more than 300 drones") == [{"a": "200", "b": "300"}]


def test_same_quantity_written_differently_agrees():
    assert conflicts("two hundred drones", "200 drones") == []
    assert conflicts("$1,000", "1000 dollars") == []
    assert conflicts("3.5 million", "3,460,000") == []  # agrees to the precision written


def test_integers_have_no_rounding_tolerance():
    assert conflicts("200 drones", "210 drones") == [{"a": "200", "b": "210"}]


def test_a_number_only_one_side_has_is_no_conflict():
    assert conflicts("on June 10 the ship sailed", "the ship sailed") == []
    assert conflicts("200 drones in 2024", "200 drones") == []


def test_unpaired_extras_are_listed():
    assert conflicts("5 and 7", "6") == [{"a": "5", "b": "6"}, {"a": "7", "b": ""}]

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


def test_a_round_figure_may_be_rounded_by_one_place():
    assert conflicts("770 jobs were cut", "767 jobs were cut") == []
    assert conflicts("1,000 homes", "1,004 homes") == []
    assert conflicts("770 jobs", "780 jobs") == [{"a": "770", "b": "780"}]
    assert conflicts("in 1990", "in 1987") == [{"a": "1990", "b": "1987"}]  # years are exact


def test_only_numbers_of_one_kind_disagree():
    assert conflicts("three times since 2002", "in 2001 it happened") == [{"a": "2002", "b": "2001"}]
    assert conflicts("it rose three times", "it rose in 2002") == []
    assert conflicts("unemployment rose to 5 percent", "unemployment rose to 6%") == [{"a": "5", "b": "6"}]
    assert conflicts("5 percent of 40 workers", "40 workers") == []
    assert conflicts("rose 5% in 2003", "rose 4 points") == []


def test_number_words_read_only_as_well_formed_phrases():
    from claims.matching import tokenize

    assert tokenize("sixty sixty") == ["60", "60"]  # two numbers, two words
    assert tokenize("twenty one") == ["21"]
    assert tokenize("three thousand four hundred and twelve") == ["3412"]

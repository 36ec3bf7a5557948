"""The 0..100 similarity score."""

import pytest

from claims.matching import IdfTable, score_pair

LONG = "Iran launched more than 200 drones and missiles at Israel overnight, the army said"


def test_a_text_scores_100_against_itself_and_its_restyled_self():
    assert score_pair(LONG, LONG) == 100.0
    assert score_pair(LONG, LONG.upper().replace(",", " ;")) == 100.0


def test_paraphrase_beats_unrelated():
    paraphrase = "The army said Iran fired over 200 drones and missiles toward Israel overnight"
    unrelated = "The central bank left interest rates unchanged for a third month"
    assert score_pair(LONG, paraphrase) > 60 > 20 > score_pair(LONG, unrelated)


def test_informative_words_weigh_more_than_common_ones():
    idf = IdfTable.from_texts(["officials said the report was released on monday"] * 3000)
    query = "officials said kharkiv hit"
    shares_rare = "kharkiv hit residents reported"  # two words shared either way
    shares_common = "officials said residents reported"
    assert score_pair(query, shares_rare, idf) > score_pair(query, shares_common, idf)
    # Without corpus statistics the two are alike.
    assert abs(score_pair(query, shares_rare) - score_pair(query, shares_common)) < 5


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("", "", 100.0),
        ("", "drones", 0.0),
        ("   ", "drones", 0.0),
        ("the of and", "the of and", 100.0),
        ("1 2 3", "1 2 3", 100.0),
    ],
)
def test_degenerate_inputs(a, b, expected):
    assert score_pair(a, b) == expected == score_pair(b, a)


def test_stop_word_only_and_number_only_texts_score_in_range():
    for a, b in [("the of and", "of the it"), ("12 34", "12 56"), ("the", "drones over kyiv")]:
        assert 0.0 <= score_pair(a, b) == score_pair(b, a) < 100.0


def test_long_input_is_fine():
    text = " ".join(f"word{i % 700}" for i in range(10_000))
    assert score_pair(text, text + " extra") > 90

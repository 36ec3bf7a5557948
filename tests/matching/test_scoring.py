"""The 0..100 scores: the match score and the ranking similarity."""

import pytest

from claims.matching import IdfTable, compare, score_pair
from claims.matching.scoring import similarity

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
    assert similarity(query, shares_rare, idf) > similarity(query, shares_common, idf)
    # Without corpus statistics the similarity finds the two alike.
    assert abs(similarity(query, shares_rare) - similarity(query, shares_common)) < 5


def test_a_clause_more_lowers_the_match_score_but_a_contained_claim_is_suggested():
    short = "ridership fell by 18 percent last year"
    longer = short + ", a figure he said made the fare increase reckless and unfair to riders"
    assert score_pair(short, longer) < 44
    assert compare(short, longer).decision == "suggested"
    assert compare("fell by 18 percent", "it fell by 18 percent in a year").decision != "duplicate"


def test_unrelated_texts_of_different_lengths_score_low():
    long = "The committee approved the budget for the new hospital wing on Tuesday after a long debate"
    assert score_pair(long, "Rain expected") < 5
    assert score_pair(long, "Budget talks collapsed") < 20


def test_a_negation_on_one_side_is_never_confirmed_automatically():
    said = "The minister said the new tax on fuel would be introduced in January next year"
    denied = "The minister said the new tax on fuel would not be introduced in January next year"
    assert score_pair(said, denied) < score_pair(said, said.replace("minister", "Minister") + "!")
    assert compare(said, denied).decision == "suggested"
    assert compare(said, said.replace("next year", "the next year")).decision == "duplicate"


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


def test_a_long_claim_sharing_a_few_words_with_a_short_one_scores_low():
    long = ("President Joe Biden and his national security team are seeking to limit the risk of a "
            "broader regional war following a barrage of Iranian missiles and drones aimed at Israel")
    assert score_pair(long, "Israel does not want any significant escalation with Iran") < 20
    assert score_pair(long, "We are fully committed to defending Israel, officials said") < 20

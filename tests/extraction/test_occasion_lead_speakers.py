"""An opening phrase naming where or how the words were said, with no comma after it, is not
who said them: "In a statement the ministry said ..." was stored with speaker 'In a statement the
ministry', "At a news conference on Monday the mayor said ..." with all of that. Only a phrase
ending in an occasion (statement, interview, news conference, speech, ...) is cut: any other
opening phrase may be the speaker's own words."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims

PUBLISHED = dt.date(2024, 5, 20)


def only_claim(sentence: str):
    (claim,) = extract_claims("Budget news\n\n" + sentence + "\n", published=PUBLISHED)
    return claim


@pytest.mark.parametrize(("lead", "speaker", "date"), [
    ("In a statement the ministry", "ministry", None),
    ("In a written statement the ministry", "ministry", None),
    ("At a news conference on Monday the mayor", "mayor", "2024-05-20"),
    ("At a press conference the mayor", "mayor", None),
    ("In an interview with local radio the mayor", "mayor", None),
    ("In an interview with the BBC on Sunday the minister", "minister", "2024-05-19"),
    ("During a televised debate Mayor Ann Lee", "Ann Lee", None),
    ("But in a letter to staff the chief executive", "chief executive", None),
    ("Speaking at a rally the senator", "senator", None),
])
def test_an_occasion_before_the_speaker_is_no_part_of_it(lead, speaker, date):
    claim = only_claim(f"{lead} said the city budget rose by 4 percent to 30 million dollars.")
    assert claim.speaker == speaker, claim
    if date is not None:
        assert (claim.date or "").startswith(date), claim


@pytest.mark.parametrize("sentence", [
    # not an occasion: the phrase is kept as it was
    "In Touch Weekly editor Ann Lee said the magazine sold 4 million copies last year.",
    # a pronoun or a clause after the phrase: no speaker is made up from it
    "In a statement that was released late, officials said 40 people were arrested on Sunday.",
])
def test_other_openings_are_left_as_they_were(sentence):
    before = extract_claims("Budget news\n\n" + sentence + "\n", published=PUBLISHED)
    assert before, "the sentence is a claim"
    assert all(not (c.speaker or "").startswith(("mayor", "ministry")) for c in before)


@pytest.mark.parametrize(("lead", "speaker", "role"), [
    ("In Washington Senator Ann Smith", "Ann Smith", "Senator"),
    ("In New York Gov. Kathy Hochul", "Kathy Hochul", "Gov."),
    ("At Harvard Professor Jane Doe", "Jane Doe", "Professor"),
])
def test_a_place_before_a_titled_name_is_no_part_of_the_role(lead, speaker, role):
    claim = only_claim(f"{lead} said the city budget rose by 4 percent to 30 million dollars.")
    assert (claim.speaker, claim.speaker_role) == (speaker, role), claim

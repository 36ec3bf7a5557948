"""A time phrase that opens a sentence without a comma is when the words were said, not who said
them: "On Monday the mayor said ..." was stored with speaker 'On Monday the mayor', "On April 14,
2024 the treasurer said ..." with '2024 the treasurer'. And a numeric date that can only be read
day first ("On 14/04/2024", "On 14.04.2024", as European papers write it) was no date at all, so
it stayed in the speaker too; a month-first one ("4/14/2024", American) is read as before."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.dates import find_time_phrases
from claims.extraction import extract_claims

PUBLISHED = dt.date(2024, 5, 20)


def only_claim(sentence: str):
    (claim,) = extract_claims("Budget news\n\n" + sentence + "\n", published=PUBLISHED)
    return claim


@pytest.mark.parametrize(("lead", "date"), [
    ("On Monday", "2024-05-20"),
    ("But on Monday", "2024-05-20"),
    ("Last week", None),
    ("In March", "2024-03"),
    ("On April 14, 2024", "2024-04-14"),
    ("On 2024-04-14", "2024-04-14"),
    ("On 14/04/2024", "2024-04-14"),
    ("On 14.04.2024", "2024-04-14"),
    ("On 4/14/2024", "2024-04-14"),
    ("In the spring of 2023", "2023"),
])
def test_a_time_phrase_before_the_speaker_is_no_part_of_it(lead, date):
    claim = only_claim(f"{lead} the mayor said the city budget rose by 4 percent to 30 million dollars.")
    assert claim.speaker == "mayor", claim
    if date is not None:
        assert (claim.date or "").startswith(date), claim


@pytest.mark.parametrize("speaker", ["2021 budget office", "March report author"])
def test_a_time_word_inside_the_speaker_stays(speaker):
    claim = only_claim(f"The {speaker} said the deficit fell by 2 percent over the year.")
    assert claim.speaker == speaker, claim


@pytest.mark.parametrize(("sentence", "iso"), [
    ("Prices rose on 14/04/2024 in the city.", "2024-04-14"),
    ("Prices rose on 31/12/23 in the city.", "2023-12-31"),
    ("Prices rose on 14.04.2024 in the city.", "2024-04-14"),
    ("Prices rose on 4.5.2024 in the city.", "2024-05-04"),
    ("Prices rose 01.02.2024 in the city.", "2024-02-01"),
    ("Prices rose on 04/05/2024 in the city.", "2024-04-05"),  # month first, as before
])
def test_a_numeric_day_is_read_the_only_way_it_can_be(sentence, iso):
    assert [p.date for p in find_time_phrases(sentence, published=PUBLISHED)] == [iso]


@pytest.mark.parametrize("sentence", [
    "Version 1.2.2024 of the app shipped.",  # a version, not a day (one digit, no "on")
    "The vote was 14.5.2024 in the table.",
    "On 31.02.2024 nothing happened.",  # no such day
])
def test_dotted_numbers_that_are_no_day(sentence):
    assert [p.date for p in find_time_phrases(sentence, published=PUBLISHED) if p.date] == []


@pytest.mark.parametrize(("sentence", "phrase", "iso"), [
    ("Prices rose in April last year, the mayor said.", "in April last year", "2023-04"),
    ("In June of last year prices rose.", "In June of last year", "2023-06"),
    ("Prices rose on 3 April last year.", "on 3 April last year", "2023-04-03"),
    ("The plant will open in March next year.", "in March next year", "2025-03"),
    ("Sales fell in May this year.", "in May this year", "2024-05"),
])
def test_a_month_of_last_or_next_year_is_one_phrase(sentence, phrase, iso):
    """"in April last year" was two phrases, "in April" (this year's) and "last year"."""
    found = [(p.text, p.date) for p in find_time_phrases(sentence, published=PUBLISHED)]
    assert found == [(phrase, iso)]


def test_the_claim_of_a_month_last_year_is_dated_then():
    claim = only_claim("In April last year the mayor said the city budget rose by 4 percent to 30 million dollars.")
    assert claim.speaker == "mayor" and claim.date == "2023-04", claim

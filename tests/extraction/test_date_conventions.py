"""Dates read as a reader reads them (issue 12): a weekday in a clause that looks ahead is
the coming one, day-first dates keep their day, a year before a noun is a year, and names
that hold a time word are no dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.dates import find_time_phrases

SUNDAY = dt.date(2024, 4, 14)


def dated(sentence: str, published: dt.date = SUNDAY) -> list[tuple[str, str, str]]:
    return [
        (p.text, p.date, p.precision)
        for p in find_time_phrases(sentence, published=published)
        if p.date
    ]


@pytest.mark.parametrize(
    ("sentence", "phrase", "iso"),
    [
        ("The committee will hear the two bidders on Tuesday.", "on Tuesday", "2024-04-16"),
        ("Residents are expected to return home on Thursday.", "on Thursday", "2024-04-18"),
        ("The council is scheduled to vote on Monday morning.", "on Monday morning", "2024-04-15"),
        ("Crews plan to reopen the bridge by Saturday.", "by Saturday", "2024-04-20"),
        # a Sunday article's "will ... on Sunday" is a week ahead, not today
        ("Voters will choose a new mayor on Sunday.", "on Sunday", "2024-04-21"),
    ],
)
def test_a_weekday_in_a_clause_that_looks_ahead_is_the_coming_one(sentence, phrase, iso):
    assert dated(sentence) == [(phrase, iso, "day")]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        # past tense: the most recent such day, as before
        ("The council voted on Tuesday to close the depot.", "2024-04-09"),
        # the future is in what was said, not in the saying
        ("The mayor said on Friday that the depot will close.", "2024-04-12"),
        ("The Senate on Wednesday passed the levy, and it will take effect in May.", "2024-04-10"),
    ],
)
def test_a_weekday_of_what_happened_stays_in_the_past(sentence, iso):
    assert dated(sentence)[0][1] == iso


@pytest.mark.parametrize(
    ("sentence", "phrase", "iso"),
    [
        ("The port authority said on 2 March that dredging had ended.", "on 2 March", "2024-03-02"),
        ("Flights resumed on the 9th of April after the strike.", "on the 9th of April", "2024-04-09"),
        ("The treaty was signed on 21 January 2019.", "on 21 January 2019", "2019-01-21"),
    ],
)
def test_day_first_dates_keep_their_day(sentence, phrase, iso):
    assert dated(sentence) == [(phrase, iso, "day")]


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("The agency's 2019 review found no breach of the rules.", "2019"),
        ("Its 2022 accounts show a deficit of four million.", "2022"),
        ("Their 2018 manifesto promised a new hospital.", "2018"),
    ],
)
def test_a_year_before_a_noun_dates_at_year_precision(sentence, year):
    assert dated(sentence) == [(year, year, "year")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Mail on Sunday printed the minister's letter.",
        "She told the Independent on Sunday that she would stand again.",
        "Cruz has struggled for votes since Super Tuesday.",
        "The Sunday Times obtained a copy of the memo.",
        "Shoppers queued overnight for Black Friday deals.",
        # a number before a counted noun is no year
        "Its 2000 employees were told to stay at home.",
        "The scheme reached the 1950 residents of the island.",
    ],
)
def test_names_and_counts_are_no_dates(sentence):
    assert dated(sentence) == []

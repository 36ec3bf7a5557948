"""The date resolver: weekday rules, precision, explicit dates, and words that are not dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.dates import find_time_phrases, parse_user_date, resolve_phrase

SUNDAY = dt.date(2024, 4, 14)


@pytest.mark.parametrize(
    ("phrase", "iso", "precision"),
    [
        ("Sunday", "2024-04-14", "day"),  # the publication day itself
        ("late Saturday", "2024-04-13", "day"),
        ("early Sunday local time", "2024-04-14", "day"),
        ("on Friday", "2024-04-12", "day"),
        ("last Sunday", "2024-04-07", "day"),
        ("next Tuesday", "2024-04-16", "day"),
        ("last night", "2024-04-13", "day"),
        ("yesterday", "2024-04-13", "day"),
        ("the day before", "2024-04-13", "day"),
        ("earlier this month", "2024-04", "month"),
        ("last month", "2024-03", "month"),
        ("in March", "2024-03", "month"),
        ("last week", "2024-04-07", "week"),
        ("almost two weeks ago", "2024-03-31", "week"),
        ("three days ago", "2024-04-11", "day"),
        ("April 1", "2024-04-01", "day"),
        ("Sept. 11", "2024-09-11", "day"),
        ("since October 7", "2023-10-07", "day"),
        ("14 April 2023", "2023-04-14", "day"),
        ("in 2019", "2019", "year"),
        ("last year", "2023", "year"),
        ("2024-01-05", "2024-01-05", "day"),
    ],
)
def test_resolve_phrase(phrase, iso, precision):
    assert resolve_phrase(phrase, published=SUNDAY) == (iso, precision)


def test_relative_phrases_need_a_publication_date():
    assert resolve_phrase("Sunday", published=None) is None
    assert resolve_phrase("last week", published=None) is None
    assert resolve_phrase("April 1, 2024", published=None) == ("2024-04-01", "day")


@pytest.mark.parametrize(
    "sentence",
    [
        "We are fully committed to defending our allies.",
        "Iran may respond directly if Israel retaliates.",
        "Protesters plan to march on the capital.",
        "The Sun reported that the minister resigned.",
        "Mark Smith, a spokesman, declined to comment.",
        "[ad_1]",
        "The company sold 2,500 cars and 40% of its shares.",
    ],
)
def test_words_that_look_like_dates_are_not(sentence):
    assert [p for p in find_time_phrases(sentence, published=SUNDAY) if p.date] == []


def test_find_time_phrases_offsets_and_fields():
    text = "The spokesman said Sunday that talks resumed in March."
    got = find_time_phrases(text, published=SUNDAY)
    assert [(p.text, p.date, p.precision) for p in got] == [
        ("Sunday", "2024-04-14", "day"),
        ("in March", "2024-03", "month"),
    ]
    assert all(text[p.start : p.end] == p.text for p in got)


def test_phrases_are_kept_without_a_publication_date():
    (p,) = find_time_phrases("He spoke on Sunday.", published=None)
    assert p.text == "on Sunday" and p.date is None and p.precision is None


def test_parse_user_date():
    assert parse_user_date("2024-04-14") == SUNDAY
    assert parse_user_date("14 April 2024") == SUNDAY
    assert parse_user_date("April 14, 2024") == SUNDAY
    assert parse_user_date("yesterday", today=dt.date(2024, 4, 15)) == SUNDAY
    assert parse_user_date("last Friday", today=SUNDAY) == dt.date(2024, 4, 12)


@pytest.mark.parametrize("bad", ["", "   ", "not a date", "[ad_1]", "We"])
def test_parse_user_date_rejects_clearly(bad):
    with pytest.raises(ValueError, match="date"):
        parse_user_date(bad)


def test_a_count_at_the_start_of_a_sentence_is_a_time_phrase():
    got = find_time_phrases(
        "Six months ago, he said. Almost two weeks ago, she agreed.", published=SUNDAY
    )
    assert [(p.text, p.date, p.precision) for p in got] == [
        ("Six months ago", "2023-10", "month"),
        ("Almost two weeks ago", "2024-03-31", "week"),
    ]

"""Reading the desk: the context shown around a quote, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.services.queries import ClaimFilter, list_claims, parse_since_until, sentence_context

TEXT = "Para one. Ends here.\nFirst s. A hydrologist said the river peaked. Third one here! Fourth.\nNext."


def test_context_is_one_sentence_either_side_within_the_paragraph():
    start = TEXT.index("the river peaked")
    snippet, a, b = sentence_context(TEXT, start, start + len("the river peaked"))
    assert snippet == "First s. A hydrologist said the river peaked. Third one here!"
    assert snippet[a:b] == "the river peaked"


@given(st.text(alphabet="ab .!\n\"", max_size=80), st.data())
def test_context_always_contains_the_quote(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    if not quote or quote != quote.strip():
        return  # quotes are stored trimmed
    snippet, a, b = sentence_context(text, start, end)
    assert snippet[a:b] == quote


def test_date_filters_respect_precision(db):
    from claims.models import Claim

    with db.session() as s:
        s.add_all([Claim(text="month", claim_date="2024-04"), Claim(text="day", claim_date="2024-04-20"),
                   Claim(text="old", claim_date="2023-12-31")])
    got = {r.text for r in list_claims(db, ClaimFilter(since="2024-04-10"))}
    assert got == {"month", "day"}
    got = {r.text for r in list_claims(db, ClaimFilter(until="2024-04-10"))}
    assert got == {"month", "old"}
    assert parse_since_until("2024-04", "--since") == "2024-04"


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("2024-04-02", "2024-04-02"), ("last Friday", "2024-04-12"), ("April 2023", "2023-04"),
     ("yesterday", "2024-04-13"), ("2023", "2023")],
)
def test_since_and_until_read_phrases_from_today(typed, iso):
    assert parse_since_until(typed, "--since", today=dt.date(2024, 4, 14)) == iso


@pytest.mark.parametrize("typed", ["banana", "2024-13-01", "may", "2024-4-12", "not on 2024-04-12"])
def test_since_and_until_refuse_what_is_not_a_date(typed):
    with pytest.raises(ValueError, match=r"^--until: .* is not a date"):
        parse_since_until(typed, "--until", today=dt.date(2024, 4, 14))


def test_until_keeps_the_whole_period_it_names(db):
    from claims.models import Claim

    with db.session() as s:
        s.add_all([Claim(text="mid-april", claim_date="2024-04-15"), Claim(text="april", claim_date="2024-04"),
                   Claim(text="may", claim_date="2024-05-02"), Claim(text="sunday", claim_date="2024-04-13")])
    until = parse_since_until("2024-04", "--until", end=True)
    assert {r.text for r in list_claims(db, ClaimFilter(until=until))} == {"mid-april", "april", "sunday"}
    # "last week" from Sunday 21 April 2024 is the week of the 14th, through the 20th
    week_end = parse_since_until("last week", "--until", today=dt.date(2024, 4, 21), end=True)
    assert week_end == "2024-04-20"
    assert parse_since_until("last week", "--since", today=dt.date(2024, 4, 21)) == "2024-04-14"

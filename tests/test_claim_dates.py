"""A reviewer's date for a claim: read like extraction reads dates, audited, undoable."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from claims.errors import ClaimsError, NotFound, StaleVersion
from claims.models import Appearance, Article, Claim, Event, Outlet
from claims.services.claim_dates import date_context, read_claim_date, set_claim_date
from claims.services.undo import undo_last

PUBLISHED = dt.date(2024, 4, 14)  # a Sunday


@pytest.fixture
def claim_id(db):
    with db.session() as s:
        outlet = Outlet(name="Courier")
        s.add(outlet)
        s.flush()
        article = Article(
            outlet_id=outlet.id, title="Floods", text="…", content_hash="h1", published=PUBLISHED
        )
        claim = Claim(
            text="The river peaked at 7.4 metres.",
            claim_date="2024-04-14",
            date_precision="day",
            checkworthiness=0.5,
        )
        s.add_all([article, claim])
        s.flush()
        s.add(
            Appearance(
                claim_id=claim.id,
                article_id=article.id,
                quote=claim.text,
                start=0,
                end=len(claim.text),
            )
        )
        s.flush()
        return claim.id


@pytest.mark.parametrize(
    ("typed", "date", "precision", "phrase"),
    [
        ("2024-04-12", "2024-04-12", "day", None),
        ("last Friday", "2024-04-12", "day", "last Friday"),
        ("the day before", "2024-04-13", "day", "the day before"),
        ("April 2023", "2023-04", "month", "April 2023"),
        ("2024-03", "2024-03", "month", None),
        ("almost two weeks ago", "2024-03-31", "week", "almost two weeks ago"),
        ("earlier this month", "2024-04", "month", "earlier this month"),
    ],
)
def test_typed_dates_are_read_against_the_article_date(typed, date, precision, phrase):
    got = read_claim_date(typed, PUBLISHED)
    assert (got.date, got.precision, got.phrase) == (date, precision, phrase)


@pytest.mark.parametrize(
    "typed", ["", "banana", "may", "x" * 101, "2024-4-12", "not on 2024-04-12", "banana 2023"]
)
def test_what_is_not_a_date_is_refused_in_one_line(typed):
    with pytest.raises(ClaimsError, match="^claim date: ") as info:
        read_claim_date(typed, PUBLISHED)
    assert "\n" not in str(info.value)


def test_a_relative_phrase_without_an_article_date_says_what_is_missing():
    with pytest.raises(ClaimsError, match="set-article"):
        read_claim_date("last Friday", None)


def test_setting_a_date_is_audited_and_undone(db, claim_id):
    context = date_context(db, claim_id)
    assert (context.current, context.base) == ("2024-04-14 (day)", PUBLISHED)
    result = set_claim_date(db, claim_id, "last Friday", reviewer="ana", expected_version=1)
    assert result.changed and result.previous == "2024-04-14"
    with db.session() as s:
        claim = s.get(Claim, claim_id)
        assert (claim.claim_date, claim.date_precision, claim.date_text, claim.version) == (
            "2024-04-12",
            "day",
            "last Friday",
            2,
        )
        fields = {e.field for e in s.exec(select(Event).where(Event.action == "set-date"))}
    assert fields == {"claim_date", "date_text"}
    undo_last(db, reviewer="ana")
    with db.session() as s:
        claim = s.get(Claim, claim_id)
        assert (claim.claim_date, claim.date_text) == ("2024-04-14", None)


def test_a_stale_version_or_a_missing_claim_changes_nothing(db, claim_id):
    with pytest.raises(StaleVersion):
        set_claim_date(db, claim_id, "2024-04-01", reviewer="ana", expected_version=7)
    with pytest.raises(NotFound):
        set_claim_date(db, 999, "2024-04-01", reviewer="ana")
    with db.session() as s:
        assert s.get(Claim, claim_id).claim_date == "2024-04-14"
        assert s.exec(select(Event)).all() == []


def test_set_date_command(invoke, db, claim_id):
    out = invoke("set-date", str(claim_id), "last Friday", "--reviewer", "ana")
    assert out.exit_code == 0
    assert "date 2024-04-12 (day, 'last Friday' from 2024-04-14) (was 2024-04-14)" in out.stdout
    bad = invoke("set-date", str(claim_id), "banana")
    assert bad.exit_code == 1
    assert bad.stderr.strip().startswith("claims: error: claim date: 'banana' is not a date")
    assert "Traceback" not in bad.output

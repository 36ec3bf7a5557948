"""A publication date is read whole and unambiguously, and is not in the future unless asked
(issue 15, finding 6). Through the CLI; ingest on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.dates import parse_published, read_typed_date
from claims.errors import ClaimsError
from claims.models import Article
from tui.entry import cli

BODY = "The mayor said the bridge carries 40,000 vehicles a day, up from 30,000 in 2019.\n"
TODAY = dt.date.today()


def _articles(db) -> list[Article]:
    with db.session() as s:
        return list(s.exec(select(Article)))


def _ingest(db, tmp_path, *args: str, header: str = ""):
    path = tmp_path / "a.txt"
    path.write_text(header + BODY, encoding="utf-8")
    return CliRunner().invoke(cli, ["ingest", str(path), *args, "--db", db.url])


def _one_line(result, *parts: str) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("typed", ["next tuesday blah 99", "99", "12", "2024", "April 2024", "04/05/2024",
                                   "14 April 2024 or so", "yesterday-ish", ""])
def test_ingest_refuses_a_published_date_it_cannot_read_whole(db, tmp_path, typed):
    _one_line(_ingest(db, tmp_path, "--published", typed), "--published", repr(typed))
    assert _articles(db) == []


def test_ingest_refuses_a_future_publication_date_unless_allowed(db, tmp_path):
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    _one_line(_ingest(db, tmp_path, "--published", later), "--published", later, "future", "--allow-future")
    assert _articles(db) == []
    result = _ingest(db, tmp_path, "--published", later, "--allow-future")
    assert result.exit_code == 0, result.output
    assert [a.published.isoformat() for a in _articles(db)] == [later]


@pytest.mark.parametrize(("typed", "expected"), [
    ("2024-04-14", dt.date(2024, 4, 14)),
    ("14 April 2024", dt.date(2024, 4, 14)),
    ("April 14, 2024", dt.date(2024, 4, 14)),
    ("yesterday", -1),  # days from the day the ingest ran (the run may cross midnight)
    ("today", 0),
])
def test_ingest_keeps_a_date_read_whole(db, tmp_path, typed, expected):
    before = dt.date.today()
    result = _ingest(db, tmp_path, "--published", typed)
    after = dt.date.today()
    assert result.exit_code == 0, result.output
    if isinstance(expected, int):
        expected = {before + dt.timedelta(days=expected), after + dt.timedelta(days=expected)}
    else:
        expected = {expected}
    [published] = [a.published for a in _articles(db)]
    assert published in expected


@pytest.mark.parametrize("value", ["99", "next tuesday blah 99", "2024"])
def test_a_header_date_is_read_the_same_way(db, tmp_path, value):
    _one_line(_ingest(db, tmp_path, header=f"Published: {value}\n\n"), "a.txt: header field Published", repr(value))
    assert _articles(db) == []


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-04-14T09:30:00Z", dt.date(2024, 4, 14)),
    ("2024-04-14T23:30:00-05:00", dt.date(2024, 4, 14)),  # the date the outlet printed
    ("Sun, 14 Apr 2024 09:30:00 +0000", dt.date(2024, 4, 14)),
])
def test_a_header_timestamp_gives_its_day(db, tmp_path, value, expected):
    result = _ingest(db, tmp_path, header=f"Published: {value}\n\n")
    assert result.exit_code == 0, result.output
    assert [a.published for a in _articles(db)] == [expected]


def test_a_header_date_may_be_a_day_ahead_but_no_more(db, tmp_path):
    """Somewhere it is already tomorrow: a page dated by an outlet there is not refused."""
    ahead = (TODAY + dt.timedelta(days=3)).isoformat()
    _one_line(_ingest(db, tmp_path, header=f"Published: {ahead}\n\n"), "header field Published", "future")
    result = _ingest(db, tmp_path, header=f"Published: {(TODAY + dt.timedelta(days=1)).isoformat()}\n\n")
    assert result.exit_code == 0, result.output


def test_other_commands_read_published_the_same_way(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BODY, encoding="utf-8")
    runner = CliRunner()
    for args in (["extract", str(article), "--published", "99"],
                 ["resolve-date", "last Friday", "--published", "12"],
                 ["set-article", "1", "--published", "next tuesday blah 99", "--db", str(tmp_path / "d.db")]):
        _one_line(runner.invoke(cli, args), "--published")
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    _one_line(runner.invoke(cli, ["extract", str(article), "--published", later]), "future")
    assert runner.invoke(cli, ["extract", str(article), "--published", later, "--allow-future"]).exit_code == 0


def test_the_one_reader_names_its_field():
    with pytest.raises(ClaimsError, match=r"^publication date: '99' is not a date"):
        parse_published("99")
    assert parse_published("2024-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["next tuesday 99", "14 April 2024 77", "last Friday 3 x", "the 14th of April 2024 8"])
def test_the_typed_date_reader_refuses_numbers_outside_the_date(typed):
    """One reader for every typed date (--since/--until, set-date, the desk's w, --published):
    a number it did not read as part of the date is refused, not dropped."""
    with pytest.raises(ValueError, match="not a date"):
        read_typed_date(typed, base=dt.date(2024, 4, 20))
    result = CliRunner().invoke(cli, ["list", "--since", typed])
    assert result.exit_code == 1 and "--since" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("typed", "expected"), [
    ("2 days ago", ("2024-04-18", "day")), ("April 14, 2024", ("2024-04-14", "day")),
    ("14th April 2024", ("2024-04-14", "day")), ("3 weeks ago", ("2024-03-30", "week")),
    ("the 14th of April 2024", ("2024-04-14", "day")),  # day first, as written in Britain
    ("April 2024", ("2024-04", "month")), ("2024-04-14 09:30", ("2024-04-14", "day")),
])
def test_the_typed_date_reader_keeps_whole_dates(typed, expected):
    assert read_typed_date(typed, base=dt.date(2024, 4, 20)) == expected


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("14/04/2024", "2024-04-14"), ("04/14/2024", "2024-04-14"), ("14.04.2024", "2024-04-14"),
     ("04/04/2024", "2024-04-04"), ("14/04/24", "2024-04-14"), ("2024/04/14", "2024-04-14"),
     ("2024.4.9", "2024-04-09")],
)
def test_a_numeric_date_that_reads_one_way_only_is_read(typed, iso):
    """A day over 12 says which number is the month ('14/04/2024' typed as a European writes
    it); a four-digit year first is followed by the month ('2024/04/14', which was refused)."""
    assert read_typed_date(typed, base=None) == (iso, "day")


@pytest.mark.parametrize(("typed", "why"), [("04/05/2024", "either way round"), ("31/02/2024", "not a date"),
                                                    ("2024/02/31", "not a date"), ("2024/14/04", "not a date")])
def test_a_numeric_date_that_reads_two_ways_or_none_is_refused(typed, why):
    with pytest.raises(ValueError, match=why):
        read_typed_date(typed, base=None)


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("today", [dt.date(2026, 11, 30) + dt.timedelta(days=i) for i in range(7)])
def test_this_weekday_as_a_publication_date_is_the_latest_up_to_today(today):
    """`--published "this Sunday"` typed on a Saturday is the Sunday six days before, as
    `Sunday` and `last Sunday` are read (README, Dates): a publication date is in the past, so
    every weekday phrase without `next` is the latest such day up to today, today included
    ('this Saturday' on a Saturday); `next Sunday` is tomorrow, refused as in the future."""
    for target, name in enumerate(WEEKDAY_NAMES):
        latest = today - dt.timedelta(days=(today.weekday() - target) % 7)
        assert parse_published(f"this {name}", today=today) == latest, (today, name)
        assert parse_published(name, today=today) == latest
        with pytest.raises(ClaimsError, match="in the future"):
            parse_published(f"next {name}", today=today)


def test_this_sunday_at_the_command_line_is_the_latest_sunday():
    today = dt.date.today()
    sunday = today - dt.timedelta(days=(today.weekday() - 6) % 7)
    out = CliRunner().invoke(cli, ["resolve-date", "The vote was held today", "--published", "this Sunday"])
    assert out.exit_code == 0 and f'"date": "{sunday.isoformat()}"' in out.output, out.output

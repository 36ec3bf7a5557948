"""A thirty-first hostile pass, second half (issue 15's classes 6-9 and the desk, other inputs
than passes 1-30). Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files, PostgreSQL where
the backend matters; the desk in tmux and through App.run_test) is at the end of this file (LOG)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.hostile import one_line_error, run

CLAIM = 'Mayor Jones said on Monday that "unemployment fell by 40 percent in the city since 2019".'


def _published(db) -> list:
    from claims.models import Article

    with db.session() as s:
        return list(s.exec(select(Article.published)))


# --- lenient dates: a page's date made up or its article lost --------------------------------------------
#
# A page's date was htmldate's (through trafilatura), which mends what it cannot read: a
# `<meta property="article:published_time">` (and JSON-LD datePublished) of '2024-02-30T10:00:00Z'
# was stored as 2024-02-01, one two days after today as the 1st of this month (its year and month
# read, the day made up), and one with a '+25:00' offset made trafilatura give up on the whole
# page: 'no article text found in the page'. A page's date is now the day one of its stated dates
# reads as, strictly (`read_typed_date`, as a header's); none read, the article is stored undated
# and the ingest says which date it ignored.


def _page(tmp_path, name: str, stated: str) -> str:
    path = tmp_path / name
    path.write_text(
        '<!doctype html><html><head><title>Flood page</title>\n'
        f'<meta property="article:published_time" content="{stated}">\n'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "' + stated + '"}</script>\n'
        f'</head><body><article><h1>Flood page</h1><p>{CLAIM}</p>'
        '<p>The council said the budget grew to 3 million dollars in 2023 and more.</p></article></body></html>\n',
        encoding="utf-8")
    return str(path)


def _days_ahead(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("stated", ["2024-02-30T10:00:00Z", "2024-02-30", "2024-13-01", "future"])
def test_a_pages_date_it_does_not_hold_is_not_made_up(db, tmp_path, stated):
    stated = _days_ahead(3) if stated == "future" else stated
    done = run(db, "ingest", _page(tmp_path, "p.html", stated))
    assert done.exit_code == 0, done.output
    assert _published(db) == [None]  # was: 2024-02-01 / the 1st of this month
    assert stated in done.output and "undated" in done.output, done.output


def test_a_pages_date_with_no_such_offset_does_not_lose_the_article(db, tmp_path):
    done = run(db, "ingest", _page(tmp_path, "p.html", "2024-04-14T10:00:00+25:00"))
    assert done.exit_code == 0, done.output  # was: 'no article text found in the page'
    assert _published(db) == [None]
    assert "2024-04-14T10:00:00+25:00" in done.output, done.output


@pytest.mark.parametrize("stated, day", [("2024-04-14T10:00:00Z", dt.date(2024, 4, 14)),
                                         ("2024-04-14T23:30:00-05:00", dt.date(2024, 4, 14)),
                                         ("2024-04-14", dt.date(2024, 4, 14))])
def test_a_pages_real_date_is_still_read(db, tmp_path, stated, day):
    done = run(db, "ingest", _page(tmp_path, "p.html", stated))
    assert done.exit_code == 0 and "undated" not in done.output, done.output
    assert _published(db) == [day]


# --- lenient dates: a header's 'tomorrow' -------------------------------------------------------------------
#
# A header's (or a page's) date may be a day ahead of today: where the outlet is, it may be
# tomorrow already. That slack let `Published: tomorrow` (and 'next Monday' on a Sunday) be
# stored: a day after today, here and where the outlet is. The slack is for a calendar date,
# not for a day counted from today.


def test_a_headers_tomorrow_is_in_the_future(db, tmp_path):
    path = tmp_path / "h.txt"
    path.write_text(f"Title: Test\nPublished: tomorrow\n\n{CLAIM}\n", encoding="utf-8")
    one_line_error(run(db, "ingest", str(path)), "Published", "'tomorrow'", "in the future")
    assert _published(db) == []  # was: stored as tomorrow's date
    path.write_text(f"Title: Test\nPublished: {_days_ahead(1)}\n\n{CLAIM}\n", encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0  # a calendar date a day ahead: still read
    assert _published(db) == [dt.date.today() + dt.timedelta(days=1)]


# --- the desk: a folder it cannot read through ---------------------------------------------------------------
#
# The ingest screen given a folder with a subfolder it may not read (`/proc/1` holds `cwd`, a
# link no process may follow into another's folder) said 'PermissionError: [Errno 13] Permission
# denied: ...' in a notification (a worker's unforeseen failure) and left 'Extracting…' on the
# screen for good; the CLI said '/proc/1/cwd: Permission denied' through its last-resort handler.
# Listing a folder's articles names the path it could not read, as a refusal of its own.


def _unreadable_folder(tmp_path):
    import os

    folder = tmp_path / "articles"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (folder / "a.txt").write_text(CLAIM + "\n", encoding="utf-8")
    locked.chmod(0)
    try:
        os.listdir(locked)
    except PermissionError:
        return folder, str(locked)
    locked.chmod(0o755)  # root reads any folder: /proc/1's cwd is one it may not follow, where it is so
    try:
        os.listdir("/proc/1/cwd")
    except PermissionError:
        return "/proc/1", "/proc/1/cwd"
    except OSError:
        pass
    pytest.skip("no folder here that this user may not read")


async def test_the_desk_says_which_folder_it_could_not_read(db, tmp_path):
    from tests.desk import wait_for
    from tui.app import ClaimsApp
    from tui.testing import settle

    folder, locked = _unreadable_folder(tmp_path)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *str(folder), "ctrl+e")
        screen = pilot.app.screen
        said = await wait_for(pilot, lambda: str(screen.query_one("#i-message").render()),
                              lambda text: "Extracting" not in text and text.strip() != "")
        assert f"{locked}: cannot be read" in said, said  # was: 'Extracting…' and a PermissionError notification
    one_line_error(run(db, "ingest", str(folder)), f"{locked}: cannot be read")


# --- the desk on a claim seen a thousand times: its count read as a hundred -------------------------------
#
# The queue's Seen column is 4 cells (5 from 160 wide): a claim seen 1,000 times showed '100…',
# 1,500 times '150…', read as a hundred and some. A count that does not fit is cut down to
# thousands ('1k×'; '1.5k×' where it fits), never to its first digits.


@pytest.mark.parametrize("size, seen", [((120, 40), "1k×")])
async def test_the_queue_shows_a_thousand_appearances_as_thousands(tmp_path, size, seen):
    from rich.cells import cell_len

    from tests.desk import claim_seen_desk, open_desk

    desk = claim_seen_desk(tmp_path, 1000)
    async with open_desk(desk, size=size) as (app, pilot, said):
        table = app.screen.query_one("#claims")
        widths = dict(zip([key for key, _, _ in table.shown_columns], table.widths(), strict=True))
        shown = str(table.get_row_at(0)[3])
        assert cell_len(shown) <= widths["seen"] and shown == seen, shown  # was: '1000×', drawn '100…'


# What was tried (issue 15's classes 6-9 and the desk; the installed CLI as a subprocess on SQLite
# files, PostgreSQL claims_test_h31b_x for search and page dates, the desk in tmux 120x40 and
# through App.run_test). Each entry: (class, inputs, outcome).
LOG = [
    # lenient dates (about 75 tried, 3 shapes failed)
    ("lenient dates", "ingest an HTML page whose article:published_time and JSON-LD datePublished are "
     "'2024-02-30T10:00:00Z', '2024-02-30', '2024-13-01', a day two or three days after today (both)",
     "FAILED, fixed: stored as 2024-02-01 / the 1st of this month (htmldate, through trafilatura, reads the "
     "year and month and makes up the day); now the page's date is one it states, read as a header's "
     "(read_typed_date), else undated with a warning naming the stated date"),
    ("lenient dates", "an HTML page dated '2024-04-14T10:00:00+25:00'", "FAILED, fixed: 'no article text "
     "found in the page' (htmldate raised inside trafilatura, which dropped the page): the article lost for "
     "its date; now stored undated, the date named in a warning"),
    ("lenient dates", "HTML pages dated 'tomorrow', 'yesterday', 'garbage 99', '0000-00-00T00:00:00+00:00'; "
     "2024-04-14T10:00:00Z, 2024-04-14T23:30:00-05:00", "held: undated (htmldate reads none of the first) / "
     "the day as printed"),
    ("lenient dates", "a header 'Published: tomorrow' (and 'next Monday' on a Sunday)", "FAILED, fixed: "
     "stored a day after today (a header's date may be a day ahead, for where the outlet is; that slack now "
     "only for a calendar date); a calendar date a day ahead still read"),
    ("lenient dates", "header Published: 'Tue, 14 Apr 2024 10:00:00 +0000' (a Sunday), +25:00, 0000-00-00 "
     "(00:00:00), '2024-04-14 (updated 2024-04-15)', 'April 14, 2024 at 10:00 a.m. EDT', '... 10:00 AM ET', "
     "1713088800, '... America/New_York'; '14/04/2024 10:00', '.123456789+00:00', "
     "'2024-12-31T23:00:00-12:00'", "held: refused with the reason / read"),
    ("lenient dates", "set-article --published '99999999 days ago', '9999999999 days ago' (past timedelta), "
     "'100000 weeks ago', '99999 months ago', '3000 years ago', RFC 2822 with and without the right weekday, "
     "+0530 without a colon, 'Z[UTC]', '2024-04-14/2024-04-15', '14-15 April 2024', 'April 14-15, 2024', "
     "'on 14 April 2024', 'in April 2024', a date said twice, 'the day before the day before yesterday', "
     "'24 hours ago', '1.5 days ago', 'one and a half days ago', 'eleventy days ago', '0 weeks ago', "
     "'00 days ago', '-0 days ago', 'zero days ago', 'twenty days ago', 'an hour ago'", "held: refused in one "
     "line, no OverflowError (hours, 'twenty' and 'zero' are refused: strict, not changed)"),
    ("desk", "w (the date dialog): '99999999 days ago', '+25:00', '2024-02-30T10:00:00Z', RFC 2822 of the "
     "wrong weekday, '0 weeks ago', 'the day before the day before yesterday', a range, '14–15 April 2024', "
     "a trailing tab, 'tomorrow'", "held: the reason in the dialog / stored (relative to the article's date)"),
    # superlinear ingest (SQLite; load 4.7-7.7)
    ("superlinear", "ingest one article of 1 MB / 2 MB of short lines (a third quoted claims by 388 "
     "speakers, the rest one word and a full stop)", "held: 66.9 / 94.9 s, 274 / 329 MB (11,898 / 23,810 "
     "claims): linear and bounded, over the issue's 5 s a MB (issue 13's); the desk's preview of the 1 MB "
     "file said 'Extracting…' (not watched to its end)"),
    ("superlinear", "import of 4,500 claims (20 MB of JSONL: a third 2,500 words, 4,500 outlets, 1,500 "
     "copies of one claim)", "427.7 s at load 7.4, 451 MB: not measured at other sizes (time box)"),
    # non-Latin text in matching (both backends; 13 searches)
    ("non-Latin", "list --search of '葛飾区' where '葛\\U000E0100飾区' (an ideographic variation selector) is "
     "stored, and the other way round (both)", "FOUND, NOT FIXED: nothing found (claims search scores it "
     "99.98, compare 98.8 duplicate). The search fold's invisible set (db/ignorable.py) has U+FE00-FE0F but "
     "not the supplement U+E0100-E01EF; adding it changes the fold and so needs a migration remaking the "
     "search indexes (as 0024), and outlets' stored identities (0018) are made with the same set. FIXED "
     "(fold31): the set is Unicode's default-ignorables met in words; migration 0026; tests/test_fold_31.py"),
    ("non-Latin", "list --search / claims search of '❤' and '❤️' (VS16), 👍 / 👍🏽 / 🏽 alone, Arabic presentation "
     "forms (U+FE8D...) against 'الميزانية', Thai 'ร้อยละ12' / 'ร้อยละ๑๒' against 'ร้อยละ๑๒' with no spaces, "
     "'COVID-19 в' (mixed scripts), Hebrew, 'é́' of stacked marks", "held: found (symbols alone: 'has no word "
     "in it' in claims search, as documented)"),
    # the desk on stores of other shapes
    ("desk shapes", "bench/desk_bench.py --help; --db a 4,500-claim store (a third 2,500-word texts, 4,500 "
     "outlets, one claim seen 1,500 times), 3 rounds, load 7.4", "launch 2.9 s wall (1.02 s CPU; 0.73 on the "
     "26-claim sample desk), page-down p95 104.7 ms, filter p95 94.8 ms, set-verdict 34 ms, 156 MB: the "
     "wall figures over target carry the load"),
    ("desk shapes", "the queue (tmux, 120x40) on the claim seen 1,500 times; a Pilot on one seen 1,000 "
     "times", "FAILED, fixed: its Seen cell '150…' / '100…' (read as a hundred); now '1.5k' / '1k×' (and the "
     "Dup count likewise)"),
    ("desk shapes", "tests.desk.claim_seen_desk(tmp_path, 1000)", "NOTED, not changed: it dates the i-th "
     "appearance i days after 2025-01-01, so past about 700 they are after today, left out with a note each, "
     "and the notes pass extra's 20,000 characters: the import refuses the record (the test here dates them "
     "in the past); the lead then dated them from 2020-01-01 (n up to about 2,500)"),
    # the desk under hostile typing
    ("desk", "i (ingest screen) with a folder holding a subfolder it may not read (/proc/1: cwd)",
     "FAILED, fixed: 'PermissionError: [Errno 13] Permission denied: ...' as a notification and "
     "'Extracting…' left on screen; the CLI said '/proc/1/cwd: Permission denied' by its last resort; "
     "now both '<path>: cannot be read (Permission denied), so the articles in <folder> cannot be listed'"),
    ("desk", "i with a FIFO", "held: 'not a regular file (a pipe or device)'"),
    ("desk", "l (evidence) of two URLs with a space, :99999, 'https://[::1', '%zz', a space inside",
     "held: refused naming why / '%zz' stored as written (browsers keep it)"),
]

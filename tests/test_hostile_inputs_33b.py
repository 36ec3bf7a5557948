"""Pass 33b of the hostile trial (issue 15's classes 6-9 and the desk): lenient dates, superlinear
work, non-Latin text, the desk. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files and PostgreSQL, the
desk in tmux and under Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager

import pytest

from claims.web.feeds import parse_feed

# --- lenient dates: a feed entry's date --------------------------------------------------------------------
#
# A feed's entry dates its article where the page states none. The entry's date was feedparser's
# reading of it, which mends what it cannot read: '2024-105' (the 105th day, 14 April) was
# 1 October, '2024-W15-1' and a Korean '2024년 4월 14일' 1 December, '2024-02-30' 1 March,
# '2024-04' and '2024' their first day, '2024-04-14 garbage 99' read as if the words were not
# there, a wrong weekday and '24:00' taken. A header's `Published:` refuses each of them; the
# entry's date is now read as written by the same reader (RFC 822's zone names and two-digit
# years, which a feed may write, are read as RFC 2822 says).


def _rss(stamp: str) -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title><item><title>a</title>"
            f"<link>https://news.example/a</link><guid>a</guid><pubDate>{stamp}</pubDate></item>"
            "</channel></rss>").encode()


def _atom(stamp: str) -> bytes:
    return ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry>"
            f"<title>a</title><link href='https://news.example/a'/><id>a</id><published>{stamp}</published>"
            "</entry></feed>").encode()


NOT_A_DAY = ["2024-105", "2024-W15-1", "2024-W15", "2024-02-30T10:00:00Z", "2024-04", "2024",
             "2024-04-14 garbage 99", "Mon, 14 Apr 2024 10:00:00 GMT", "2024-04-14T24:00:00Z",
             "2024년 4월 14일", "24-04-14", "240414", "2024-04-14T10:00:00 EST"]


@pytest.mark.parametrize("feed", [_rss, _atom])
@pytest.mark.parametrize("stamp", NOT_A_DAY)
def test_a_feed_entry_date_that_is_no_day_read_whole_dates_nothing(feed, stamp):
    (entry,) = parse_feed(feed(stamp), source="f.xml").entries
    assert entry.published is None


@pytest.mark.parametrize("feed", [_rss, _atom])
@pytest.mark.parametrize(("stamp", "day"), [
    ("Sun, 14 Apr 2024 10:00:00 GMT", 14), ("Sun, 14 Apr 24 10:00:00 GMT", 14),
    ("Sun, 14 Apr 2024 23:00:00 PDT", 14), ("Sun, 14 Apr 2024 10:00 UT", 14),
    ("14 Apr 2024 10:00:00 Z", 14), ("Mon, 15 Apr 2024 08:00:00 +1000", 15),
    ("2024-04-14T21:30:00-04:00", 14), ("2024-04-14", 14), ("2024-04-14T10:00:00.123Z", 14),
])
def test_a_feed_entry_date_written_as_feeds_write_it_is_still_read(feed, stamp, day):
    (entry,) = parse_feed(feed(stamp), source="f.xml").entries
    assert entry.published == dt.date(2024, 4, day)


# --- the desk: a note over the limit ------------------------------------------------------------------------
#
# The note dialog (c) closed on ctrl+s whatever it held; the store then refused a note of more than
# 20,000 characters ('note: 20,589 characters; at most 20,000') in a notification, and the text
# typed was gone with the dialog (tmux, 40x12, a note of 19,000 characters and 1,500 typed). The
# evidence and date dialogs keep what was typed and say why on their line; so does this one now.


@pytest.mark.parametrize("note", ["y" * 20_001, "\u200b"], ids=["20001-chars", "zwsp"])
async def test_a_note_the_store_refuses_keeps_its_dialog_and_text(tmp_path, note):
    from sqlmodel import select

    from claims.models import Claim
    from db import Database
    from tests.tui.conftest import seed
    from tui.app import ClaimsApp
    from tui.screens.modals import NoteModal
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    try:
        seed(db)
        async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(40, 12)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(pilot.app.screen, NoteModal)
            pilot.app.screen.query_one("#note-text").text = note
            await pilot.press("ctrl+s")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, NoteModal)  # still open, the text kept
            assert screen.query_one("#note-text").text == note
            said = str(screen.query_one("#note-error").render())
            assert ("at most 20,000" in said) if len(note) > 1 else ("shows nothing" in said)
        with db.session() as session:
            assert all(not c.verdict_note for c in session.exec(select(Claim)).all())
    finally:
        db.close()


# --- the desk: keys in a burst on the ingest screen -----------------------------------------------------------
#
# ctrl+e (preview) and ctrl+s (store) are priority keys of the ingest screen (the fields would take
# them as 'end of line'), so the desk acted on them as they arrived, before the field had read the
# keys typed before them, which wait in its own queue: a path typed and ctrl+e in one burst (tmux
# send-keys, a paste, a loaded machine) said 'Give a file or folder, or paste an article.' under the
# path it showed, and ctrl+s after an edit of a previewed form stored the preview, the edit unread.


async def _burst(app, keys: list[str]) -> None:
    """Keys as a terminal delivers a burst of them: all posted before any is handled."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@asynccontextmanager
async def _ingest_screen(tmp_path, article_text: str):
    """The desk on a new store, its ingest screen open, and an article file: (pilot, screen,
    database, the article's path)."""
    from db import Database
    from tui.app import ClaimsApp
    from tui.screens.ingest import IngestScreen
    from tui.testing import settle

    article = tmp_path / "a.txt"
    article.write_text(article_text, encoding="utf-8")
    db = Database(str(tmp_path / "desk.db"))
    try:
        async with ClaimsApp(db, reviewer="ana", watch_interval=0).run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(pilot.app.screen, IngestScreen)
            yield pilot, pilot.app.screen, db, article
    finally:
        db.close()


async def test_a_path_typed_with_ctrl_e_in_one_burst_is_previewed(tmp_path):
    from tui.testing import settle

    async with _ingest_screen(tmp_path, "Title: T\nPublished: 2024-04-14\n\nThe mayor said the budget rose by "
                              "12 percent last year, the largest rise in a decade.\n") as (pilot, screen, _, article):
        await _burst(pilot.app, [*str(article), "ctrl+e"])
        await settle(pilot)
        await settle(pilot)
        assert screen.query_one("#i-path").value == str(article)
        assert screen.preview is not None and len(screen.preview.claims) >= 1


async def test_an_edit_typed_with_ctrl_s_in_one_burst_is_not_dropped(tmp_path):
    from sqlmodel import select

    from claims.models import Article
    from tui.testing import settle

    async with _ingest_screen(tmp_path, "Title: T\n\nThe mayor said the budget rose by 12 percent last year, "
                              "the largest rise in a decade.\n") as (pilot, screen, db, article):
        await pilot.press(*str(article), "ctrl+e")
        await settle(pilot)
        assert screen.preview is not None
        screen.query_one("#i-outlet").focus()
        await pilot.pause()
        await _burst(pilot.app, [*"Daily", "ctrl+s"])
        await settle(pilot)
        await settle(pilot)
        with db.session() as session:
            stored = session.exec(select(Article)).all()
        # the outlet typed is read: the preview (of no outlet) is discarded, not stored without it
        assert stored == [], [a.outlet_id for a in stored]
        assert screen.preview is None


# What pass 33b tried (class, input, outcome). The installed `claims` as a subprocess on SQLite files
# in /tmp/h33b and PostgreSQL (database h33b) where the backend matters; the desk in tmux (40x12,
# 30x8, 60x14, 120x40, 200x50) and under Pilot. Load 3-7 from other helpers: times are wall and user.
LOG = [
    # lenient dates (about 110 forms)
    ("lenient dates", "set-date '𝟐𝟎𝟐𝟒-𝟎𝟒-𝟏𝟒' (mathematical bold digits), '𝟸𝟶𝟸𝟺-…' (monospace), '२०२४-०४-१४', "
     "'٢٠٢٤-٠٤-١٤', '١٤/٠٤/٢٠٢٤', '14/04/٢٤', '2024-04-1٤'", "held: read as the date they write, as "
     "documented (Unicode decimal digits)"),
    ("lenient dates", "set-date '2٠24-04-14', '٢٠24-04-14', '2024-0٤-14' (one number of two digit scripts; "
     "the Arabic-Indic zero looks like a dot)", "FOUND, NOT FIXED: read as 2024-04-14 (ascii_digits maps each "
     "digit alone). Low harm: the digits do say 2024; refusing a number of mixed scripts would be a change in "
     "claims/dates.py ascii_digits and each caller (parse_claim_date calls it outside its try)"),
    ("lenient dates", "set-date '14/04/24', 'April 14, 24', '14 Apr 24', 'AD 2024', '2024 AD', '14 April 2024 "
     "AD/CE', '2024-04-14T24:00:00Z', '2024-04-14T10:00:00+05:30:00', '2024-04-14T10Z', '2024-04-14T1000', "
     "'2024-04-14 T10:00', '2024‑04‑14' (U+2011), '2024－04－14', '14·04·2024', '14 Aprıl 2024', '14 APRİL "
     "2024', '14 Ａpril 2024', 'April 2024 14', '2024 14 April', '2024, April 14', '14 2024 April', "
     "'Apr-14-2024', 'April/14/2024', '14.April.2024', '14..04.2024', '14/04//2024', '᧐᧑' (New Tai Lue digits)",
     "held: refused in one line, or read as documented ('14/04/24' is 14 April 2024)"),
    ("lenient dates", "set-date '9999-12-31T23:59:60Z', '9999-12-31T23:59:59-01:00', '2024-12-31T23:59:60Z', "
     "'0001-01-01T00:00:00+01:00', '2024-04-14t10:00z', 'SUNDAY, APRIL 14, 2024', '14 aPrIl 2024', "
     "'2024.04.14'", "held: the day as printed, no OverflowError (9999 with a warning: after today)"),
    ("lenient dates", "set-date with U+200E / U+200F / U+2060 / U+FE0E / U+200D around or inside; with "
     "U+202A…U+202C around", "held: the marks refused naming them; the embedding (a direction control) is "
     "removed from every typed text before it is read (as documented for controls), the date then read"),
    ("lenient dates", "feed entry dates (RSS pubDate and Atom published, parse_feed): '2024-105', "
     "'2024-W15-1', '2024-W15', '2024-02-30T10:00:00Z', 'Sun, 30 Feb 2024', '2024-04', '2024', "
     "'2024-04-14 garbage 99', 'Mon, 14 Apr 2024 10:00:00 GMT' (a Sunday), '2024-04-14T24:00:00Z', "
     "'2024년 4월 14일', '24-04-14', '240414', '20240414', '2024-04-14T10:00:00 EST', '+2500', 'yesterday', "
     "'0024-04-14', 'April 14, 2024', '٢٠٢٤-٠٤-١٤'", "FAILED, fixed: feedparser's reading was taken: "
     "1 October, 1 December, 1 March, the 1st of a month or year, trailing words dropped, a wrong weekday and "
     "24:00 taken (the next day). Now read as written by read_typed_date (claims/web/feeds.py _written_day), "
     "RFC 822's zone names and two-digit years rewritten as RFC 2822 reads them"),
    ("lenient dates", "filter dialog (f) from / to and list --since / --until", "held: the same reader "
     "(claims.services.queries.parse_since_until)"),
    # superlinear work (two sizes each)
    ("superlinear", "parse_feed of 5,000 / 10,000 items (0.7 / 1.4 MB): 7.1 / 11.2 s wall, 88 / 98 MB "
     "(feedparser 5.6 s of the 10,000; the strict date reader 0.9 s)", "held: linear"),
    ("superlinear", "ingest --feed of 2,500 / 5,000 entries linking to one local page: 20.0 / 41.8 s wall, "
     "10.2 / 19.6 s user, 179 / 179 MB", "held: linear, memory flat (one fetch, the rest 'already stored')"),
    ("superlinear", "ingest of a folder of 400 / 800 one-claim articles: 33.8 / 42.3 s wall, 15.8 / 23.4 s "
     "user, 134 / 140 MB", "held"),
    ("superlinear", "extract of one 256 / 512 KB sentence without a full stop: 5.2 / 6.3 s, 68 MB", "held "
     "(no claim: a sentence that long is none)"),
    ("superlinear", "import of a JSON array of 8,000 / 16,000 distinct claims: 16.6 / 42.5 s wall at load 4-6, "
     "7.6 / 11.8 s user, 185 / 244 MB; then search, dupes, list --search: 4.1 / 3.9 s, 3.9 / 4.3 s, 2.9 / 3.1 s",
     "held: user time linear; the listing flat (the import reports '(jsonl)' for a JSON array: wording)"),
    ("superlinear", "extract of an HTML table of 1 / 2 MB (8,699 / 17,260 rows of a claim each): 14.2 / 30.2 s "
     "user, 147 / 222 MB", "held: about linear (the claims carry the row's cells, '| 387927 |', and speaker "
     "'Row 0 The council': extraction of tables, not changed)"),
    # non-Latin text (SQLite and PostgreSQL)
    ("non-Latin", "speakers 'José Álvarez' NFC / NFD, 'Οδυσσέας Σίσυφος' / 'ΟΔΥΣΣΈΑΣ ΣΊΣΥΦΟΣ', 'محمد‌رضا' (ZWNJ) "
     "/ 'محمدرضا', 'İsmail Işık' / 'ismail ışık', Groß / GROSS / Groẞ, 王小明 / '王 小明', '👩‍⚕️ Dr Lee', "
     "'Ana\\u202eSilva', 'Zoë' / 'Zoe\\u0308', 'ǅokić' / 'Džokić'; list --speaker of each in another case or "
     "form (both)", "held: the same rows on both backends; NFC stored, the override removed, ZWNJ kept. "
     "Noted: the VS16 of '⚕️' is dropped from a stored name (the fold's ignorables), so the desk shows the "
     "text form of the emoji (not changed)"),
    ("non-Latin", "list --speaker 🎉 / 👩🏽‍🔬, --outlet % / —, --search — / 🏳️‍🌈 / ٪ / U+200D alone (both)",
     "held: the same counts on both; ZWJ alone refused as nothing to look for"),
    ("non-Latin", "desk rows of Zalgo text, Thai without spaces, Devanagari, Arabic with RLM in the speaker, "
     "emoji ZWJ families, Japanese (tmux 40x12 and 120x40)", "held (tmux draws a ZWJ family as its parts: "
     "the terminal's width, as pass 12 noted)"),
    # the desk
    ("desk", "a claim of 10,000 characters, one of 100 evidence links (the most a claim carries) and a "
     "19,000-character note of 120 lines, one with outlet '' and no speaker: open, PageDown, l of a 101st "
     "link (tmux 40x12)", "held: 'Loading…' then the claim; the link refused naming the limit"),
    ("desk", "c on the 19,000-character note, 1,500 characters typed, ctrl+s (tmux 40x12)", "FAILED, fixed: "
     "the dialog closed and the store's refusal ('note: 20,589 characters; at most 20,000') came as a "
     "notification, the text typed lost; the note dialog checks the note first (tui/screens/modals.py "
     "NoteModal), keeps the text and says why above it (below it, at 40x12, it lay off the screen)"),
    ("desk", "i, a path and ctrl+e in one burst (tmux send-keys); a preview, then an outlet and ctrl+s in one "
     "burst (Pilot, keys posted together)", "FAILED, fixed: 'Give a file or folder, or paste an article.' under "
     "the path shown; the preview stored without the outlet typed. ctrl+e / ctrl+s are priority keys, acted "
     "on before the field's queued keys; they now wait behind them (tui/screens/ingest.py)"),
    ("desk", "resize 40x12 -> 30x8 -> 200x50 -> 60x14 -> 120x40 while the 1 MB table's preview worker ran",
     "held: the progress bar, then 8,699 claims listed"),
    ("desk", "keys typed while the queue was loading ('/' then 'Hospital' as the desk opened)", "held as "
     "Textual has it: the '/' before the queue existed did nothing, the letters then acted as keys of the "
     "queue (o, s, p, i, t, a, l), none lost data"),
    ("desk", "f (filter dialog) at 120x40 on the odd store; / of symbols", "held"),
]

"""Pass 35b of the hostile trial (issue 15's classes 6-9 and the desk): lenient dates, superlinear
work, non-Latin text, the desk on stores of other shapes. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files and PostgreSQL, the
desk under Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from claims.dates import read_typed_date
from tests.hostile import record_file, run

# --- lenient dates: a two-digit year was always this century ----------------------------------------------
#
# `set-date 1 14/04/95` stored 2095-04-14 (with only an "after today" warning), and `list --since
# 1/1/95` listed the claims dated from 2095 on: every claim of 1995-2026 silently left out. A feed's
# `Sun, 14 Apr 95` was 1995 (RFC 2822's rule) while the same year typed was 2095. A two-digit year is
# now read by one rule wherever it is met: 00-49 are 2000-2049, 50-99 1950-1999.


@pytest.mark.parametrize(("typed", "day"), [
    ("14/04/95", "1995-04-14"), ("31/12/99", "1999-12-31"), ("12-31-99", "1999-12-31"),
    ("14.5.50", "1950-05-14"), ("14/04/49", "2049-04-14"), ("1/1/00", "2000-01-01"), ("14/04/24", "2024-04-14"),
    ("week of 14/3/75", "1975-03-14"),
])
def test_a_two_digit_year_is_read_as_rfc_2822_reads_it(typed, day):
    assert read_typed_date(typed, base=dt.date(2026, 12, 7))[0] == day


def test_a_since_of_a_two_digit_year_keeps_the_claims_since_then(db, tmp_path):
    assert run(db, "import", record_file(tmp_path, date="2010-05-01")).exit_code == 0
    listed = run(db, "list", "--since", "1/1/95", "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line)["date"] for line in listed.output.splitlines()] == ["2010-05-01"]


# --- lenient dates in articles: the month said in its own month, a two-digit year ---------------------
#
# An article of 14 April 2024 saying "prices rose last April" dated the claim April 2024, the month
# it was written in, and "the plan starts next April" April 2024 too, where "last Sunday" said on a
# Sunday is a week before (so is a typed `set-date 'last April'`, `list --since 'last April'`). And
# "on 4/14/95" in an article was 2095-04-14, the two-digit year read as this century (as above).


@pytest.mark.parametrize(("text", "published", "said", "date"), [
    ("Prices rose last April.", "2024-04-14", "last April", "2023-04"),
    ("The plan starts next April.", "2024-04-14", "next April", "2025-04"),
    ("Rents fell last December.", "2024-12-31", "last December", "2023-12"),
    ("The vote was on 4/14/95.", "2024-04-20", "on 4/14/95", "1995-04-14"),
    # as before: another month, 'this', 'since' and 'by' the month it is
    ("Prices rose last April.", "2024-05-01", "last April", "2024-04"),
    ("It fell this April.", "2024-04-14", "this April", "2024-04"),
    ("Since April it rose.", "2024-04-14", "Since April", "2024-04"),
    ("By April it will.", "2024-04-14", "By April", "2024-04"),
])
def test_a_month_said_in_its_own_month_is_a_year_away(text, published, said, date):
    from claims.dates import find_time_phrases

    (phrase,) = find_time_phrases(text, published=dt.date.fromisoformat(published))
    assert (phrase.text, phrase.date) == (said, date)


def test_a_typed_last_april_in_april_is_last_year():
    assert read_typed_date("last April", base=dt.date(2024, 4, 14)) == ("2023-04", "month")
    assert read_typed_date("next April", base=dt.date(2024, 4, 14)) == ("2025-04", "month")


# --- non-Latin text: the Ethiopic word space ----------------------------------------------------------------
#
# Amharic and Tigrinya text separates words with ፡ (U+1361 ETHIOPIC WORDSPACE) as often as with a
# space. `list --search 'ሥራ፡አጥነት'` found nothing where 'የሥራ አጥነት መጠን' is stored (both backends):
# the search took it as one word holding the sign, while `claims search` and matching read two
# words. It parts words as a space does now, in the search and in the text searched alike.


@pytest.mark.parametrize(("stored", "typed"), [("የሥራ አጥነት መጠን ወደ ስምንት በመቶ ከፍ ብሏል ሲሉ ሚኒስትሩ ተናግረዋል", "ሥራ፡አጥነት"),
                                               ("የሥራ፡አጥነት፡መጠን፡ወደ፡ስምንት፡በመቶ፡ከፍ፡ብሏል", "ሥራ፡አጥነት"),
                                               ("የሥራ፡አጥነት፡መጠን፡ወደ፡ስምንት፡በመቶ፡ከፍ፡ብሏል", "መጠን ሥራ")])
def test_the_ethiopic_word_space_parts_searched_words(db, tmp_path, stored, typed):
    assert run(db, "import", record_file(tmp_path, text=stored)).exit_code == 0
    listed = run(db, "list", "--search", typed, "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    assert [json.loads(line)["text"] for line in listed.output.splitlines()] == [stored]


LOG = [
    # lenient dates (about 330 forms; SQLite and PostgreSQL where a desk was needed)
    ("lenient dates", "set-date / list --since / the desk's w and filter dialog of '14/04/95', '31/12/99', "
     "'12-31-99', '1/1/95', '14.5.50', 'week of 14/3/75'", "FAILED, fixed: 2095, 2099...: a two-digit year was "
     "always 20YY, so `list --since 1/1/95` silently left out every claim of 1995-2026 (a feed's 'Sun, 14 Apr "
     "95' was 1995). claims.dates.two_digit_year (RFC 2822 4.3: 00-49 2000s, 50-99 1900s), used by the typed "
     "reader, the article phrase reader and the feed reader"),
    ("lenient dates", "an article of 14 April 2024 saying 'last April', 'next April'; of 31 Dec 'last December'; "
     "typed set-date 'last April' in April", "FAILED, fixed: the month it was written in (April 2024), where "
     "'last Sunday' on a Sunday is a week before; now a year before / after (claims.dates._resolve_cached). "
     "'this April', 'since April', 'by April', another month's 'last April' as before"),
    ("lenient dates", "resolve-date at 2024-03-31, 2024-02-29, 2023-03-01, 2024-12-31, 2024-01-31 of 'a month "
     "ago', 'last month', 'next month', 'a year ago', 'two months ago', 'on February 29', 'earlier this "
     "month', 'yesterday', 'on Monday', 'at the end of last month', 'last February'", "held: month and year "
     "precision, no day invented at month ends; 'on February 29' in 2023 is no date"),
    ("lenient dates", "an article's 'on 04/05/2024' and 'on 14/04/2024'", "FOUND, NOT FIXED: read US-order "
     "(5 April) / not found at all; the typed reader refuses the first as either way round and reads the second "
     "as 14 April. The phrase pattern is M/D/Y by design (claims/dates.py _PATTERNS); reading it as the typed "
     "reader does changes extraction's dates: for the lead"),
    ("lenient dates", "'Rents fell in April last year' in an article of 14 April 2024", "NOT CHANGED: two phrases, "
     "'in April' (2024-04) and 'last year' (2023)"),
    ("lenient dates", "--published: 'noon', 'midnight', 'noon yesterday', 'Sunday at noon', 'last night', 'this "
     "morning', 'tonight', unix seconds / ms, '@1713088800', ISO weeks (2024-W15-7, W15 2024, week 15 2024, "
     "2024W157), ordinal 2024-105, French / Spanish / Russian / Chinese / Korean / Arabic / Japanese era / "
     "Hebrew / Hijri / Buddhist-era dates, DST gaps ('31 March 2024 02:30 CET', '2024-03-10 2:30 AM EST', "
     "'...T02:30 Europe/Berlin'), 'UTC+14', 'BST', 'IST', '10h00', '10.00', leap days (29 Feb 2023/24, 'Feb 29', "
     "'29/02/2024', '02/29/2024', '2024-2-29'), \"Apr 14 '24\", 'April 14, 99', '14 April 0099', 'end of "
     "March', 'first of the month', 'a leap year ago', '14apr2024', '14-April-2024', Go / date(1) / C "
     "timestamps, NBSP / thin / ideographic spaces, U+2010 / U+2013 dashes, Balinese / Tibetan / Mongolian / "
     "Thai / Kannada / Persian / math digits, circled / superscript / Roman numerals, Cyrillic а in "
     "'yesterdаy', fullwidth 'ｙｅｓｔｅｒｄａｙ', 'yest.', 'Christmas Day 2024', 'December 25' in December",
     "held: one line each, or read as documented (a month and day without year is this year's, a future one "
     "refused as a publication date)"),
    ("lenient dates", "the desk's w of 16 pasted texts (direction embeddings, RTL words, 5,000 combining marks, "
     "300 ZWJ flags, ESC sequences, CR LF, NUL, U+10FFFF, Arabic-Indic digits, a tab around)", "FAILED, "
     "fixed: '\\u202e2024-04-14\\u202c' and '\\u2067١٤/٠٤/٢٠٢٤\\u2069' refused ('\\u202e' is no part of a date) "
     "where set-date stores 2024-04-14; read_claim_date removes direction controls (tests/tui/"
     "test_hostile_desk_35.py); the rest held (the reason under the field, the dialog kept)"),
    # superlinear (SQLite, /usr/bin/time -v, load 3.8-8.1 on 2 shared cores)
    ("superlinear", "ingest of one article of tiny paragraphs (a sentence with figures and quotes each, blank "
     "lines) of 1 / 2 / 4 / 8 MB: 10,851 / 21,695 / 43,371 / 86,748 claims", "held: 26.2 / 53.0 / 102.8 / 218.6 s "
     "user (25.7-27.3 s a MB), 47.7 / 104.4 / 232.5 / 447.4 s wall, RSS 266 / 326 / 405 / 465 MB: linear in "
     "time, memory growing less each doubling (+60, +79, +60 MB). Still about 26 s a MB, over issue 7's 5 s (not "
     "this pass's)"),
    ("superlinear", "one giant paragraph (no line break) of 1 / 2 MB", "held: 30.2 / 55.7 s user, 265 / 328 MB"),
    ("superlinear", "HTML of 40 nested divs a sentence, 1 / 2 MB (1,934 / 3,866 claims)", "held: 15.5 / 23.8 s "
     "user, 197 / 249 MB"),
    ("superlinear", "on the 10.8k / 21.7k stores: export csv, list --format jsonl --limit 100000, dupes",
     "held: 2.17 / 3.14 s, 1.37 / 2.41 s, 1.05 / 1.11 s user; 52-119 MB"),
    # non-Latin text (SQLite and PostgreSQL hostile35b_nl: the same claims for all 20 searches)
    ("non-Latin", "list --search / claims search of Devanagari, Thai (no spaces), Georgian, Ethiopic, Hebrew "
     "with niqqud, Arabic with harakat and tatweel, Greek with final sigma, Turkish İ/ı, German ß/ẞ, fullwidth "
     "Latin, mixed RTL/LTR (29 searches); list --speaker of 11 names", "held but for below"),
    ("non-Latin", "list --search 'ሥራ፡አጥነት' (the Ethiopic word space) where 'የሥራ አጥነት' is stored", "FAILED, "
     "fixed: nothing found (one word holding the sign); it parts words as a space (claims.search_text)"),
    ("non-Latin", "list --search 'البطالة' / 'الوزير' where 'البِطَالَةِ' / 'الوَزِيرُ' (harakat) is stored; "
     "'האבטלה' where 'הָאַבְטָלָה' (niqqud) is (both backends)", "FOUND, NOT FIXED: nothing found, while "
     "`claims search` and matching drop the marks (100.0) and the desk falls back to similar claims. The "
     "filter's fold (db/ignorable, migration 0024 for tatweel) keeps them; dropping them changes stored "
     "folds: a migration (search35's 0027 is the place, if the lead agrees)"),
    ("non-Latin", "compare of a Greek claim and its all-capitals form ('ΑΝΕΡΓΙΑ', no tonos, as Greek writes "
     "capitals); list --speaker 'ΝΙΚΟΣ' for 'Νίκος'", "FOUND, NOT FIXED: 36.1 'distinct', nothing found: "
     "matching and the filter keep accents, as designed for Latin, but Greek drops the tonos in capitals by "
     "rule (French capitals score 92.8). Needs matching keys (KEYS_VERSION) and the fold: for the lead"),
    ("non-Latin", "compare --pairs of 13 pairs: niqqud / none, İ / i, ẞ / ss, ፡ / spaces, fullwidth / ASCII, "
     "8 / 9 in Bengali and Arabic-Indic digits and beside Hebrew, Tibetan", "held: duplicates, conflicts on "
     "the numbers; Ethiopic numerals ፰ / ፱ (not decimal digits) and number words no conflict (not changed)"),
    # desk filters on stores of other shapes
    ("desk shapes", "bench/desk_bench.py --db a 43,371-claim store of one article, one outlet, 8 speakers, one "
     "date, 54k conflict pairs, 3 rounds, load 5.9", "held: launch 1.0 s, page-down p95 88.7 ms, filter p95 "
     "132 ms, set-verdict p95 18 ms, 124 MB (a first run at higher load: set-verdict 56 ms); service count of "
     "has-suggestions 1,450 ms (the status line's spinner, not the page)"),
    ("desk shapes", "the desk's filter dialog (Pilot) on the non-Latin desk: 28 values (Arabic, Hebrew, Greek, "
     "Turkish, fullwidth outlet 'ＷＯＲＬＤ ＤＥＳＫ', RLM-wrapped and RLO-ended words, U+3000 alone, 501 "
     "characters, a tab in a speaker, '١٤', since '2024-W15' / '٢٠٢٤-٠٤-١٤' / 'noon yesterday' / '31/12/99')",
     "held: the CLI's rows, or the reason under the field; a search no claim holds whole shows similar claims "
     "(as designed: 'minister zebra' lists the ministers' claims ranked)"),
    # the desk
    ("desk", "every dialog and screen (f / w c l e s ? i enter a d R) at 20x6, 250x5 and 12x40, each given 14 "
     "odd keys (ctrl+@, f13, ctrl+\\, alt+x, insert, pause, ...) and 10 pastes", "held: no exception, back to "
     "the queue"),
    ("desk", "c and l of the 16 pastes, submitted", "held: ESC and NUL refused under the field; the note "
     "stored without the spaces around it; links refused naming why, an IDN Hebrew link stored"),
    ("desk", "l of 'https://example.com/' + 100 combining acute accents", "NOT CHANGED: stored (no invisible or "
     "direction character; the marks stack on the slash). A link check of marks without a base letter is "
     "the lead's call"),
]

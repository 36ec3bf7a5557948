"""A twenty-fourth hostile pass (issue 15's classes, other inputs than passes 1-23: text without
spaces, URLs refused at the doors that take a feed or a page, ...). Each test of a failure
fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import time

import pytest

# --- superlinear: an article in a script written without spaces -------------------------------------
#
# `claims ingest` of 750 KB of Chinese (sentences of figures, no space anywhere) took 212 s
# (118 s CPU) for its 0 claims; `claims extract` of 23 / 46 / 92 KB took 1.0 / 2.6 / 10.3 s CPU.
# Finding time phrases widens the window around each digit or anchor word to the spaces either
# side: with no space in the text, each of its digits walked to the end of the text again.
# A window inside the one before is that one (its end is the same first space); the phrases
# found are the same (8.7 MB of the shared data and its copies with, 70% of their spaces replaced: 35,130 phrases).


def test_time_phrases_of_text_without_spaces_are_found_in_linear_time():
    from claims.dates import find_time_phrases

    sentence = "政府表示今年的预算增加了百分之{}，市长说桥梁每天通行四万辆车。"
    text = "".join(sentence.format(i) for i in range(4_000)) + " on 14 April 2024, said the mayor."
    began = time.process_time()
    found = find_time_phrases(text)
    assert time.process_time() - began < 5  # 40 s before, 0.05 s now
    assert [p.text for p in found] == ["on 14 April 2024"], found[:3]


# --- the duplicate decision: a percent written "per cent" -------------------------------------------
#
# "Turnout was 62 per cent ..." / "Turnout was 26 percent ..." (or "26%") was a duplicate at 95.5,
# merged on arrival, though "62 per cent" / "26 per cent" and "62 percent" / "26 percent" were
# conflicts: a figure before "percent", "pct" or "%" was read as a percent, one before "per cent"
# as a figure of no kind, and figures of two kinds are never compared. "per cent" is a percent
# (claims.matching.numbers.percent_after). "one percent" / "two percent" merged at 99.7 too: "one"
# is read as a count only where it cannot be a pronoun, and before a percent it cannot. MRPC's
# fitted figures are unchanged (0.761 / 0.830 / 0.965 on 1,091, 364 conflicts; CV accuracy 0.759
# -> 0.760), the pinned scores too.

TURNOUT = "Turnout was {} in the northern province according to the election board"


@pytest.mark.parametrize(("a", "b", "decision"), [
    ("62 per cent", "26 percent", "conflict"),
    ("62 per cent", "26%", "conflict"),
    ("26 percent", "62 per cent", "conflict"),
    ("one per cent", "two percent", "conflict"),
    ("one percent", "two percent", "conflict"),
    ("One percent", "two per cent", "conflict"),
    ("one percent", "1%", "duplicate"),
    ("62 per cent", "62 percent", "duplicate"),
    ("62 per cent", "62%", "duplicate"),
])
def test_a_percent_written_per_cent_is_compared_with_one_written_percent(a, b, decision):
    from claims.matching import compare

    assert compare(TURNOUT.format(a), TURNOUT.format(b)).decision == decision


# "Prices rose 2x …" / "3x", "twofold" / "threefold" and "two-fold" / "three-fold" were duplicates at
# 99.6-99.8 where "doubled" / "tripled" and "2 times" / "3 times" conflicted: a figure glued to "x"
# and the "-fold" words are multipliers now, as "doubled" is (claims/matching/quantities.py). MRPC
# fitted and CV figures as after the percent fix above; the pinned scores unchanged.

PRICES = "Prices rose {} in the capital over the last year said the agency"


@pytest.mark.parametrize(("a", "b", "decision"), [
    ("2x", "3x", "conflict"),
    ("2.5x", "3x", "conflict"),
    ("twofold", "threefold", "conflict"),
    ("two-fold", "three-fold", "conflict"),
    ("2x", "doubled", "duplicate"),
    ("twofold", "2x", "duplicate"),
    ("two-fold", "twofold", "duplicate"),
    ("a 4x4 vehicle", "a 4x4 vehicle", "duplicate"),
])
def test_a_multiplier_written_2x_or_twofold_is_read(a, b, decision):
    from claims.matching import compare

    assert compare(PRICES.format(a), PRICES.format(b)).decision == decision


# --- unsafe links: a URL refused where a feed or a page is taken -------------------------------------
#
# `claims ingest URL`, `ingest --feed URL` and `watch add URL` refused a link that is none with the
# value as typed and no reason: 'https://e.example/\u202efeed' wrote its bidi override to the
# terminal (the line read backwards from there), a 100,000-character link was a 100 KB line
# ('https:/e.example/aaa…', read as a path, for `ingest`), 'https://exa mple.com/feed' and
# 'ftp://…' were "no such feed file" / "no such file", a password was echoed with no word of
# why. Each door now says it as a stored link's field does (`claims.links.refused_url`).

_NOT_LINKS = {
    "a space": ("https://exa mple.com/feed", "holds spaces"),
    "a bidi override": ("https://e.example/\u202efeed", "U+202E"),
    "3,000 characters": ("https://e.example/" + "a" * 3000, "at most 2000 characters"),
    "another scheme": ("ftp://e.example/feed", "is not an http(s) URL"),
    "a password": ("https://user:pw@e.example/feed", "holds a user name or password"),
}


@pytest.mark.parametrize("door", [("ingest",), ("ingest", "--feed"), ("watch", "add")])
@pytest.mark.parametrize("what", list(_NOT_LINKS))
def test_a_link_that_is_none_is_refused_saying_why_at_every_door(db, door, what):
    from tests.hostile import claims_run, one_line_stderr

    value, why = _NOT_LINKS[what]
    done = claims_run(db, *door, value)
    said = one_line_stderr(done, why)
    assert "\u202e" not in said and len(said) < 400, said
    assert value[:100] not in said or len(value) < 100  # shown cut, as every stored link's field is
    assert claims_run(db, "watch", "list").stdout.count(b"e.example") == 0
    assert b"e.example" not in claims_run(db, "articles", "--format", "jsonl").stdout


@pytest.mark.parametrize("standard_input", [True, False])
def test_the_desks_ingest_refuses_a_link_that_is_none_without_offering_standard_input(standard_input):
    # the desk reads no standard input (its terminal): its ingest form offers no '-' (tmux, `i`)
    from claims.errors import ClaimsError
    from claims.sources import read_source

    with pytest.raises(ClaimsError) as refused:
        read_source("ftp://e.example/a.txt", standard_input=standard_input)
    said = str(refused.value)
    assert said.startswith("'ftp://e.example/a.txt' is not an http(s) URL; give an article file"), said
    assert ("standard input" in said) is standard_input, said


# --- the log of pass 24 -----------------------------------------------------------------------------------
#
# (class, input, outcome): "held", or "FAILED" and what fixed it. "both" is SQLite and PostgreSQL;
# every command ran as a subprocess (the installed `claims`) unless it says tmux. Load average 5-8
# (four other helpers at work). About 300 inputs.

LOG: list[tuple[str, str, str]] = [
    # superlinear ingest (SQLite; 3 sizes each)
    ("ingest", "ingest of Chinese without a space (750 KB / 1.5 MB / 3 MB of sentences with figures); extract "
     "of 23 / 46 / 68 KB", "FAILED: 212 s wall, 118 s CPU at 750 KB for 0 claims (the 1.5 MB run was stopped); "
     "extract 1.0 / 2.6 / 10.3 s CPU: quadratic. Each digit widened its time-phrase window to the end of the "
     "text again (claims/dates.py find_time_phrases); now 3.5 / 4.7 / 5.7 s wall, extract 0.4 s, the same "
     "phrases over 8.7 MB"),
    ("ingest", "Thai without spaces (5,000 / 10,000 sentences), one 250 / 500 KB 'word' of 'said3', 1,000 / "
     "2,000 / 4,000 quotes by as many speakers (100-400 KB: 7.0 / 10.9 / 12.7 s, 137-218 MB), a transcript of "
     "1,000-4,000 '習近平：' lines, compare / search / resolve-date of 34-136 KB of Chinese", "held: linear "
     "(after the fix), memory flat; compare and resolve-date refuse past their caps"),
    # unsafe links (the doors that take a feed or a page; both)
    ("unsafe links", "ingest URL / ingest --feed URL / watch add URL of 'https://exa mple.com/feed', "
     "'https://e.example/\\u202efeed', a 3,000 and a 100,000-character link, 'ftp://…', "
     "'https://user:pw@e.example/feed', 'HTTPS://e.example/a b'", "FAILED: the value written as typed with no "
     "reason (the bidi override reversed the terminal line, a 100 KB line read as a path 'https:/e.example/…', "
     "'no such (feed) file' of a link, a password echoed without why); refused as a stored link's field is "
     "(claims.links.refused_url; the desk's ingest form offers no '-', found in tmux)"),
    ("unsafe links", "set-status --evidence 'https://e.example/a)b[x](javascript:alert(1))', '…/\"onmouseover=\"…', "
     "\"…/'><script>…\"; set-url '…/x)](javascript:alert(1))' and '…/\"onmouseover=\"alert(1)//<b>|x|'; a "
     "repeat so the report lists it; a note of Markdown and HTML; 100,000-character evidence, set-url, header URL",
     "held: the HTML report escapes the href (&#34;), the Markdown report escapes ] < > | (no link made), "
     "ClaimReview and CSV carry them as text, the desk shows '[x]' as written; past 2,000 characters refused"),
    ("watch", "a local feed: a relative link under xml:base 'javascript:alert(9)/', one link twice (with #x), "
     "HTTP://…/A4.html, //host/a4.html, javascript:, a title with ESC, a 2099 pubDate (both)", "held: "
     "javascript: refused per entry, the fragment the same article, the base not taken, the 404 said, the "
     "invalid character reference read around"),
    # search semantics (both; 37 searches: the same claims on both backends)
    ("search", "list --search istanbul / İstanbul / ISTANBUL / istanbul'un, テスト / ﾃｽﾄ (half-width), Hangul "
     "from jamo, ۱۲ (Persian digits, stored so), งบประมาณ, 👩‍🔬 / 👩 / 🔬, 'C:\\\\data', plan_b, 100%, "
     "התקציב / תקציב, ΠΡΟΫΠΟΛΟΓΙΣΜΟΣ, ﬁnal / FINAL / ofﬁcial, IZMIR; 'plan\\\\b', '[a]', '*', '\\\\', \"'\"",
     "held: the same claims on both ('προϋπολογισμός' with its accents does not find the capitals without "
     "them: accents are not folded, as documented)"),
    ("search", "list --search الميزانية where 'الميـزانية' (with a tatweel, U+0640) is stored (both)",
     "FOUND, NOT FIXED: nothing found, though matching reads them as one (compare: 100, `claims search`: "
     "98.7). The stored search fold keeps the tatweel; dropping it changes the fold (db/folding.py) and the "
     "search indexes made of it, a migration this pass may not add. Reproduce: import a claim "
     "'قال الوزير إن الميـزانية ارتفعت بنسبة 12 بالمئة هذا العام', then `claims list --search الميزانية`"),
    # the duplicate decision (claims compare; 58 pairs)
    ("matching", "compare 'Turnout was 62 per cent …' / '26 percent' (and '26%', '27 percent'), 'one percent' / "
     "'two percent', 'one per cent' / 'two per cent'", "FAILED: duplicate at 95.5-99.7 (merged on arrival); "
     "'per cent' is a percent and 'one' before a percent a count (claims/matching/numbers.py percent_after); "
     "MRPC and the pinned scores unchanged"),
    ("matching", "compare: Persian ۱۲ / ۱۵ and ۱۲ / 12, full-width １２ / 15 and / 12 (Japanese), Hindi, Thai, "
     "Russian 12 / 15 млн, не вырос, млн / млрд, million / billion, twelve / 15, Millionen / Milliarden, "
     "4.5% / 45%, 1,5 million / 15 million, -5 / 5 degrees, −5 / -5, $5bn / $5tn, £5bn / €5bn, a third / "
     "a half, 200 per cent / 200 basis points, at least / at most, Arabic with and without harakat",
     "held: conflicts, suggestions and duplicates as a reader has them"),
    ("matching", "compare '… rose 2x …' / '3x', 'twofold' / 'threefold', 'two-fold' / 'three-fold'",
     "FAILED: duplicate at 99.6-99.8 ('doubled' / 'tripled' conflicted); '2x' and the '-fold' words are "
     "multipliers (claims/matching/quantities.py), MRPC and the pinned scores unchanged; an import of CheckThat's "
     "14,231 verified claims makes the same match table (911 pairs: scores, states, conflicts, reasons) and "
     "merges as main's, after both matching fixes"),
    ("matching", "compare '₹5 crore' / '₹5 lakh' (and 'crore rupees' / 'lakh rupees'), '12 millones' / '12 mil "
     "millones', 'nearly 12' / 'over 12', '62 pc' (spaced) / '26 percent', '1.200 people' / '1.2 people'",
     "FOUND, NOT FIXED: duplicate at 95.4-99.7. South Asian scales, the Spanish billion, approximators and a "
     "spaced 'pc' are not read; each is a change to the decision, left for the lead with these pairs (e.g. "
     "claims compare 'The company lost 5 crore rupees in the third quarter, its filing showed' 'The company "
     "lost 5 lakh rupees in the third quarter, its filing showed'); '1.200' / '1,200' is a conflict (the "
     "European thousands point: ambiguous, not changed)"),
    ("matching", "compare 政府称今年预算增加了十二亿元 / 十五亿元, 12亿元 / 12万元, Korean 12억 / 15억",
     "suggested only as 'a claim under 8 words' (7 words or fewer as a reader counts them: right); Chinese "
     "numerals and 万 / 亿 are not read as figures, so no conflict is named (not changed)"),
    # silent loss in import (45 files x both)
    ("import", "CSV header only, UTF-16 and Latin-1, a 200,000-character note, 50,000 columns, ';' separated, a "
     "quoted newline; JSON [], one object, NaN, 1e400, a 23-digit id, text 12345, 'Text' and 'text', null, 1, "
     "speaker an object / a list, date 2024 / true, reviewed_at an epoch, zlib bytes, CRLF, U+2028 between "
     "records, status 'Verified' / verdict 'FALSE' / 'mostly false', text of NBSP+ZWSP, id ' ', a 5,000-"
     "character id, evidence 'a b' and with a newline, a misspelt 'verdic'", "held: refused whole naming "
     "line and field, or read as documented (the other of 'Text' / 'text' and unknown keys kept in extra "
     "and reported; evidence split on the space)"),
    ("import", "ClaimReview: @graph of two, itemReviewed a list, ratingValue 7 of 5, no rating, javascript: url "
     "and appearance, appearance a list with javascript:, @type a list, @type Review, datePublished 2024-13-45 "
     "and 'yesterday', a ClaimReview beside a plain record, claimReviewed an object", "held: refused naming "
     "the record, or kept in extra and reported (a rating off the scale is no verdict)"),
    ("import", "date / first_date / reviewed_at '2024-04-14T10:00:00+14:30', '-13:00', 'T25:00', 'Z[UTC]', "
     "'14/04/2024', '2024-04-14 extra', 'Q2 2024', ' 2024-04-14 ', full-width digits, '2024-4-14'",
     "held: refused in one line, or read whole as a typed date is"),
    ("round trip", "export csv of every status (64 claims, merged ones, markup in notes and links) -> import "
     "into a new desk -> export", "held: every column back (export's id as external_id or in extra, said)"),
    # lenient dates (40 typed at set-date)
    ("dates", "'Sunday 15 April 2024', '… 10:00 UTC+2', '+05:30:00', '2024-04-14 T10:00', 'last day of "
     "February 2024', 2024-W53, 1/1/1, 13pm, '24 hours ago', 'an hour ago', 14/4, '14 4 2024', 'April the "
     "14th, 2024', Apr-14-2024, '+1 day', '…Z[Europe/Paris]', '(Sunday)', U+2010 / U+2013 dashes, '14 Nisan "
     "2024', a range, quoted, 'two thousand twenty-four', 'April 2024 14'", "held: refused in one line "
     "naming why"),
    ("dates", "'14 Apr 2024 12:00 am', 'yesterday noon', 'noon yesterday', 'a day ago', 'one day ago', 14-04-2024, "
     "4/14/24, 'April 14, 2024.', '2024/04/14 10:00:00 +0200', a leading U+3000", "held: read as the day "
     "they name"),
    # wrong place (31 database URLs and paths)
    ("wrong place", "--db 'a.db ', ' a.db', 'g.db\\\\n', ?dbname=, ?service=, ?host=, &dbname= after another key, "
     "?options=-csearch_path, 'h24 ', 'h24/', ?target_session_attrs=read-only, duplicated sslmode, "
     "?search_path=, sqlite:///a.db?mode=ro, file:…&mode=memory, file:c.db, /tmp/h24/a.db/", "held: refused "
     "in one line, nothing made"),
    ("wrong place", "--db postgresql:///h24, %68%32%34, two hosts, ?host= with no host, ?options=-c "
     "default_transaction_read_only=on, sqlite+pysqlite:///, x.DB, e.sqlite3, '../wp/f.db', 'h.db;', '~/x.db' "
     "and 'sqlite:///~/x.db' (the home folder)", "held: the desk named (a new file only in a folder that "
     "exists); '…/a.db/.' is a.db"),
    ("tracebacks", "a 100,000-character path to ingest / import / --db / report -o / --transcript", "no traceback; "
     "the path is echoed whole on the one error line (100 KB): cosmetic, not changed"),
    # team mode (PostgreSQL, ana and bob)
    ("team", "ana note, bob note, ana undo; ana in_review, bob verified true, ana undo; ana merge 3 10, bob note "
     "on 3, ana undo", "held: the undos refused naming bob's change; the merge undone, bob's note kept"),
    ("team", "ana dupes --accept 8 & bob --reject 8 at once; ana --accept 25 & bob merge of the same pair; "
     "--accept-above 99 & --reject-below 100", "held: one outcome each, db check ok"),
    # desk (tmux 200x50)
    ("desk", "SQLite: / 'river peaked', its note and evidence of markup shown, l with U+202E (tmux sends no "
     "U+202E: not tried), i of 'ftp://…' then of the 750 KB Chinese file (previewed in under 6 s), /~ a "
     "sentence, w '2024年4月14日'", "held after the fixes ('-' was offered in the form: fixed)"),
    ("desk", "PostgreSQL, an empty desk as bob: f, d, a, R, ?, 5 with no claim", "held"),
    ("filters", "list of every filter, dupes, repeats, report, export (csv, claimreview), history, taken, "
     "search, articles, undo, redo, db check on an empty desk (both)", "held"),
]

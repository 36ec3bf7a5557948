"""A twenty-eighth hostile pass (issue 15's classes, other inputs than passes 1-27: claim ids
in other digits, an HTML page or Excel's `sep=` line given to `claims import`, ...). Each test
of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import one_line_error, run

# --- wrong place silently: claim ids read by Python's int() ---------------------------------------------
#
# `claims show 1_0` opened claim 10 (int() reads '_' between digits), `show １` (fullwidth) and
# `show ٣` (Arabic-Indic) read as 1 and 3: another claim than the one written could be changed
# (`set-status 1_0 ...`). Every id, version and limit (`POSITIVE_INT`, the one type they are
# read by) takes ASCII digits only.


@pytest.mark.parametrize("written", ["1_0", "１", "٣", "1\u00a0", "²"])
def test_a_claim_id_is_ascii_digits_only(db, tmp_path, written):
    rows = "".join(json.dumps({"id": f"c{i}", "text": f"The bridge number {i} carries {i}0,000 vehicles a day"})
                   + "\n" for i in range(1, 11))
    path = tmp_path / "ten.jsonl"
    path.write_text(rows, encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    for args in (["show", written], ["set-status", written, "--status", "verified"], ["list", "--limit", written]):
        done = run(db, *args)
        assert done.exit_code == 2 and f"{written!r} is not a number (ASCII digits 0-9 only)" in done.output, \
            (args, done.output)  # was: claim 10 / claim 1 / claim 3 shown or changed
    assert run(db, "show", "10").exit_code == 0


# --- import: an HTML page, and Excel's `sep=` line --------------------------------------------------------
#
# `claims import page.html` said "no text column ... the header has: <!DOCTYPE html>"; a CSV
# whose first line is Excel's delimiter hint `sep=;` said "no text column ... the header has:
# sep=, column 2". A page is named as one (`claims ingest` takes pages); the hint names the
# delimiter and is passed over (its rows keep their line numbers).


@pytest.mark.parametrize("start", ["<!DOCTYPE html>\n<html>", "\ufeff  <html lang='en'>", "<HEAD><title>x"])
def test_an_html_page_given_to_import_is_named_one(db, tmp_path, start):
    page = tmp_path / "page.html"
    page.write_text(f"{start}<body><p>The bridge carries 40,000 vehicles a day.</p></body></html>\n",
                    encoding="utf-8")
    one_line_error(run(db, "import", str(page)), "page.html: looks like an HTML page",
                   "`claims ingest` takes pages")


@pytest.mark.parametrize(("hint", "sep", "end"), [("sep=,", ",", "\n"), ("sep=;", ";", "\r\n"),
                                                   ("sep=\t", "\t", "\n"), ("sep=|", "|", "\n")])
def test_excels_sep_line_names_the_delimiter(db, tmp_path, hint, sep, end):
    table = tmp_path / "t.csv"
    table.write_text(end.join([hint, f"id{sep}text{sep}speaker", f"a{sep}The bridge carries 40000 vehicles a day"
                               f"{sep}Mayor Jones", f"b{sep}{sep}Nobody", ""]), encoding="utf-8")
    done = run(db, "import", str(table), "--skip-bad")
    assert done.exit_code == 0, done.output  # was: "no text column ... the header has: sep=, column 2"
    assert "line 4: " in done.output, done.output  # the empty text, at its own line
    listed = [json.loads(r) for r in run(db, "list", "--format", "jsonl").stdout.splitlines()]
    assert [(r["text"], r["speaker"]) for r in listed] == [("The bridge carries 40000 vehicles a day",
                                                             "Mayor Jones")], listed


# --- slow work: the claim page of a claim seen thousands of times -----------------------------------------
#
# Pass 27 bounded the queue's detail pane; the claim page (enter) still read every appearance
# of the cluster with its context and drew them all: a claim seen 4,000 times took seconds to
# open, and again after each change on it. It reads the first 100 (and the last 200 events),
# says how many more, and `m` shows 100 more.


async def test_the_claim_page_reads_a_page_of_appearances(tmp_path, monkeypatch):
    from tests.desk import claim_seen_desk, details_read, open_desk, press_each
    from tui.screens.claim import ClaimScreen
    from tui.widgets.claim_detail import ClaimDetailPane

    desk = claim_seen_desk(tmp_path, 250)
    read = details_read(monkeypatch)
    async with open_desk(desk, size=(180, 60)) as (app, pilot, said):
        await app.workers.wait_for_complete()
        await press_each(pilot, ["enter"])
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        assert isinstance(app.screen, ClaimScreen)
        page = app.screen.query_one(ClaimDetailPane).plain
        assert len(read[-1].appearances) == 100, len(read[-1].appearances)  # was: all 250
        assert "250 appearance(s)" in page and "… 150 more (m shows 100 more)" in page, page
        assert "Outlet 99 · Story 99" in page and "Outlet 100 · Story 100" not in page, page
        for shown, left in ((200, "… 50 more (m shows 100 more)"), (250, None)):
            await press_each(pilot, ["m"])
            await app.workers.wait_for_complete()
            await press_each(pilot, [])
            page = app.screen.query_one(ClaimDetailPane).plain
            assert len(read[-1].appearances) == shown and f"Outlet {shown - 1} · Story {shown - 1}" in page, page
            assert (left in page) if left else "more (m" not in page, page


# --- team mode: a take on a claim merged into another -------------------------------------------------------
#
# ana took claim A; bob merged A into B: the take stayed on A, a member now, so the cluster
# held two takes (bob could take B too) and the queue showed the cluster (its head B) as free.
# A take follows its claim onto the head when the head is free, else it is given back; both
# are audit rows of the merge, so undo puts the take back where it was and redo moves it again.

_THREE = [{"id": f"c{i}", "text": text} for i, text in enumerate((
    "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
    "Unemployment fell to 5 percent in March, the ministry said",
    "The river flooded 300 homes in May, officials said"), 1)]


def _three_claims(db, tmp_path) -> list[int]:
    from tests.hostile import claims_jsonl, claims_run

    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _THREE), encoding="utf-8")
    assert claims_run(db, "import", str(path)).returncode == 0
    return sorted(r["id"] for r in claims_jsonl(db, "list"))


def _takes(db) -> list[tuple[int, str]]:
    from tests.hostile import claims_jsonl

    return sorted((t["claim_id"], t["reviewer"]) for t in claims_jsonl(db, "taken"))


def test_a_take_follows_its_claim_into_the_cluster(db, tmp_path):
    from tests.hostile import claims_run

    a, b, _ = _three_claims(db, tmp_path)
    assert claims_run(db, "take", str(a), reviewer="ana").returncode == 0
    assert claims_run(db, "merge", str(b), str(a), reviewer="bob").returncode == 0
    assert _takes(db) == [(b, "ana")]  # was: [(a, 'ana')], the cluster (head b) shown as free
    grabbed = claims_run(db, "take", str(b), reviewer="bob")
    assert grabbed.returncode == 1 and f"claim {b} is being reviewed by ana" in grabbed.stderr.decode()
    shown = claims_run(db, "show", str(b), reviewer="bob")
    assert "being reviewed by ana" in shown.stdout.decode(), shown.stdout
    assert claims_run(db, "undo", reviewer="bob").returncode == 0
    assert _takes(db) == [(a, "ana")]  # the merge undone: the take back on its claim
    assert claims_run(db, "redo", reviewer="bob").returncode == 0
    assert _takes(db) == [(b, "ana")]


def test_a_take_merged_into_a_taken_cluster_is_given_back(db, tmp_path):
    from tests.hostile import claims_run

    a, b, _ = _three_claims(db, tmp_path)
    assert claims_run(db, "take", str(a), reviewer="ana").returncode == 0
    assert claims_run(db, "take", str(b), reviewer="bob").returncode == 0
    assert claims_run(db, "merge", str(b), str(a), reviewer="carl").returncode == 0
    assert _takes(db) == [(b, "bob")]  # was: [(a, 'ana'), (b, 'bob')], two takes on one cluster
    log = claims_run(db, "history", str(a), "--format", "jsonl", reviewer="carl").stdout.decode()
    assert f"given back: claim {a} was merged into claim {b}, being reviewed by bob" in log, log
    assert claims_run(db, "undo", reviewer="carl").returncode == 0
    assert _takes(db) == [(a, "ana"), (b, "bob")]
    # a take given back since the merge stays given back when the merge is undone
    assert claims_run(db, "redo", reviewer="carl").returncode == 0
    assert claims_run(db, "release", str(b), reviewer="bob").returncode == 0
    assert claims_run(db, "undo", reviewer="carl").returncode == 0
    assert _takes(db) == [(a, "ana")]


# --- tracebacks / wrong place: one damaged stored value emptied the desk's queue ---------------------------
#
# Pass 27 made a claim's evidence stored as 'not json', or an article published '2024-99-99'
# (each written with sqlite3), one line in the CLI. In the desk the same line replaced the whole
# queue: no claim listed. The queue lists every claim; the one whose evidence is damaged is
# marked so ("⚠ damaged") and its detail says what and to run `claims db check`; a damaged
# publication date counts as none for the queue's order (`claims db check` names it).


def _damaged_desk(tmp_path, column: str) -> str:
    from tests.desk import damaged_desk

    damage = [("UPDATE claim SET evidence = 'not json' WHERE id = 1", {})] if column == "evidence" else [
        ("UPDATE article SET published = '2024-99-99'", {}),
        ("UPDATE claim SET status = status", {})]  # (the queue's order read again)
    return damaged_desk(tmp_path, _THREE[1:], damage, article=(
        "Title: Bridge\nPublished: 2024-04-14\n\nThe bridge carries 40,000 vehicles a day, the mayor said on "
        "Monday, according to Mayor Jones.\n"))


async def test_a_claim_with_damaged_evidence_is_listed_marked(tmp_path):
    from tests.desk import open_desk, press_each, wait_for
    from tui.widgets.claim_detail import ClaimDetailPane
    from tui.widgets.claim_table import state_cell

    desk = _damaged_desk(tmp_path, "evidence")
    async with open_desk(desk, size=(160, 50)) as (app, pilot, said):
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        rows = app.screen.rows
        assert len(rows) >= 3, (rows, said)  # was: no claim, the damage said on one line
        damaged = [r for r in rows if r.damaged]
        assert [r.id for r in damaged] == [1] and state_cell(damaged[0]).plain == "⚠ damaged", rows
        for _ in range(rows.index(damaged[0])):
            await press_each(pilot, ["down"])
        shown = await wait_for(pilot, lambda: app.screen.query_one(ClaimDetailPane).plain, lambda t: "Damaged:" in t)
        assert "Damaged: claim 1's evidence is stored damaged ('not json'" in shown and "claims db check" in shown, \
            shown


async def test_a_damaged_publication_date_keeps_the_queue(tmp_path):
    from tests.desk import open_desk, press_each, wait_for

    desk = _damaged_desk(tmp_path, "published")
    async with open_desk(desk, size=(160, 50)) as (app, pilot, said):
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        rows = app.screen.rows
        assert len(rows) >= 3, (rows, said)  # was: none ('2024-99-99' is no date)
        for _ in range(rows.index(next(r for r in rows if r.appearances))):
            await press_each(pilot, ["down"])
        from tui.widgets.claim_detail import ClaimDetailPane

        def told() -> str:
            return "\n".join([*said, app.screen.query_one(ClaimDetailPane).plain])

        shown = await wait_for(pilot, told, lambda t: "damaged date" in t)
        assert "damaged date ('2024-99-99' is no date): `claims db check`" in shown, shown
        assert len(app.screen.rows) == len(rows)


# --- search semantics: a number written with and without its thousands grouped -----------------------------
#
# `claims list --search 40000` found no claim saying '40,000' (nor '40 000', '40.000'), and
# `--search 40,000` none saying '40000': a search word is looked for as a part of the text, and a
# number's grouping is a spelling as an apostrophe's is. '1.400' typed stays itself (1.4).


@pytest.mark.parametrize(("typed", "found"), [("40000", {"a", "b", "c", "d"}), ("40,000", {"a", "b", "c", "d"}),
                                              ("1400", {"e", "f"}), ("1.400", {"g"})])
def test_a_number_finds_its_grouped_spellings(db, tmp_path, typed, found):
    said = {"a": "40,000", "b": "40000", "c": "40\u202f000", "d": "40.000", "e": "1,400", "f": "1400", "g": "1.400"}
    path = tmp_path / "n.jsonl"
    subjects = dict(zip(said, ("bridge carries", "stadium seats", "river floods", "factory employs",
                               "school teaches", "port handles", "library lends"), strict=True))
    path.write_text("".join(json.dumps({"id": k, "text": f"The {subjects[k]} {v} of them, officials in town {k} said"})
                            + "\n" for k, v in said.items()), encoding="utf-8")  # (unlike: none merged)
    assert run(db, "import", str(path)).exit_code == 0
    listed = run(db, "list", "--search", typed, "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    assert {json.loads(r)["external_id"] for r in listed.stdout.splitlines()} == found  # was: as typed only


# --- import: other files than tables, named by what they are ------------------------------------------------
#
# An .xlsx (a ZIP) was refused as "no text column ... the header has: PK␃␄...", a PDF as "not
# UTF-8 (byte 0xe2 on line 2) ... in a spreadsheet: CSV UTF-8", an RSS feed as "no text column
# ... the header has: <?xml ...>", Excel's hint quoted ('"sep=,"') as "no text column".


@pytest.mark.parametrize(("name", "data", "said"), [
    ("t.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (an Excel .xlsx or an .ods workbook?)"),
    ("t.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    ("t.csv.gz", b"\x1f\x8b\x08\x00\x00", "a gzip-compressed file"),
    ("t.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls (or Word) file"),
    ("feed.xml", b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>\n', "looks like an XML file (a feed?)"),
])
def test_a_file_that_is_no_table_is_named(db, tmp_path, name, data, said):
    path = tmp_path / name
    path.write_bytes(data)
    one_line_error(run(db, "import", str(path)), f"{name}: {said}")


def test_excels_quoted_sep_line(db, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text('"sep=;"\nid;text\na;The bridge carries 40,000 vehicles a day\n', encoding="utf-8")
    done = run(db, "import", str(table))
    assert done.exit_code == 0, done.output  # was: "no text column ... the header has: sep=,"


# --- terminal controls: a filter holding one found nothing, without a word ---------------------------------
#
# `claims list --search $'bridge\e[31m'` (a colour pasted with the word) and `--speaker
# $'Mayor\e'` listed no claim with status 0: no door stores a control, so nothing can match.
# Refused in one line, as a NUL is.


@pytest.mark.parametrize(("option", "typed"), [("--search", "bridge\x1b[31m"), ("--speaker", "Mayor\x1b"),
                                               ("--search", "bridge\u009b"), ("--search", "a\x01b")])
def test_a_filter_holding_a_control_is_refused(db, tmp_path, option, typed):
    from tests.hostile import record_file

    assert run(db, "import", record_file(tmp_path, speaker="Mayor Jones")).exit_code == 0
    one_line_error(run(db, "list", option, typed), f"{option}: holds the control character U+")
    assert run(db, "list", "--search", "bridge\tcarries", "--format", "jsonl").stdout.count("\n") == 1


# --- tracebacks: a link added to a claim whose evidence is stored damaged ------------------------------------
#
# `claims set-status 1 --evidence URL` (and the desk's `l`) on a claim whose evidence column is
# 'not json' ended in JSONDecodeError (the desk showed "JSONDecodeError: Expecting value"). It
# is the one line every other reading of it says; nothing is changed.


@pytest.mark.parametrize("stored", ["not json", '{"a": 1}'])
def test_a_link_added_to_damaged_evidence_is_refused_in_one_line(db, tmp_path, stored):
    from sqlalchemy import text as sql

    from tests.hostile import record_file

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(sql("UPDATE claim SET evidence = :e"), {"e": stored})
    one_line_error(run(db, "set-status", "1", "--evidence", "https://e.example/1"),
                   "claim 1's evidence is stored damaged", "claims db check")
    with db.engine.begin() as conn:
        assert conn.execute(sql("SELECT evidence FROM claim")).scalar() == stored


# What was tried in pass 28: (class, input, outcome). The CLI as installed, run as a subprocess
# on SQLite files and on PostgreSQL (postgresql://postgres@127.0.0.1/claims_h28, created and
# dropped for the pass); the desk in tmux (160x45) and through Pilot.
LOG: list[tuple[str, str, str]] = [
    # pass 27's found-not-fixed, first
    ("wrong place", "ana takes claim A, bob merges A into B (`merge B A`), both backends", "FAILED, fixed: the "
     "take stayed on A (a member), the cluster shown free, bob could take B too; now moved onto B (audit rows "
     "of the merge: undo puts it back on A, redo moves it again)"),
    ("wrong place", "ana takes A, bob takes B, carl merges A into B", "FAILED, fixed: two takes on one cluster; "
     "ana's now given back with an audit row naming bob's take; undo restores both; a take released since "
     "the merge is not put back by undo"),
    ("wrong place", "a take on A when a new claim's auto-merge joins A's cluster to another (merge_pairs)",
     "NOT FIXED: the hot path of a new claim counts its statements (14 SQLite / 11 PostgreSQL, pinned by "
     "test_new_claim_statements); the take stays on the member, pass 27's release still gives it back"),
    ("tracebacks", "the desk on a desk whose claim 1 evidence is 'not json' (sqlite3)", "FAILED, fixed: the queue "
     "held no claim, one line instead; now all listed, claim 1 '⚠ damaged', its detail 'Damaged: claim 1's "
     "evidence is stored damaged ... `claims db check` ...'; the CLI still refuses it in one line"),
    ("tracebacks", "the desk on a desk whose article is published '2024-99-99' (sqlite3)", "FAILED, fixed: the "
     "queue empty (the priority's settle read the date); now it counts as undated there, every claim listed, "
     "the detail of its claim says 'cannot be shown: ... damaged date ... claims db check' (was blank)"),
    ("tracebacks", "the desk's `l` (add evidence) and `claims set-status 1 --evidence URL` on that claim",
     "FAILED, fixed: 'JSONDecodeError: Expecting value' (desk) / traceback; now the one damaged line, nothing "
     "changed"),
    ("superlinear", "the claim page (enter) of a claim seen 250 / 4,000 times (ClaimReview appearance list)",
     "FAILED, fixed: read and drew every appearance; now the first 100 and the last 200 events, '… N more (m "
     "shows 100 more)', m reads 100 more (figures in the report)"),
    ("wrong place", "show 1_0, set-status 1_0, history 1_0, take 𝟏, merge 1 １, set-status ٣, list --limit ٣, "
     "history --limit ٣, articles --limit 1_0, set-article 1_0, show '1\\u00a0', show ²", "FAILED, fixed: "
     "claim 10 / 1 / 3 read; now 'not a number (ASCII digits 0-9 only)', exit 2 (POSITIVE_INT, the one type "
     "every id, version and limit is read by)"),
    ("ids", "show 01, show ' 1', show +1, show 1.0, show 0x1, show '', show 99999999999, show -- -1, show 0",
     "held: 01 and ' 1' are claim 1; the others refused in one line"),
    ("import", "claims import page.html (doctype), p.htm (<html> only), an HTML page named .csv, BOM + <html>",
     "FAILED, fixed: 'no header row' / 'no text column; the header has: <!DOCTYPE html>'; now 'looks like an "
     "HTML page ... `claims ingest` takes pages'"),
    ("import", "CSV whose first line is sep=, / sep=; (CRLF) / sep=<TAB> / sep=| / \"sep=,\" / BOM+sep=;",
     "FAILED, fixed: 'no text column; the header has: sep=, column 2'; the hint names the delimiter, rows keep "
     "their line numbers"),
    ("import", "a file of only 'sep=,'", "held: 'no header row, nothing to import'"),
    ("import", ".xlsx (PK..), .pdf, .gz, old .xls, an RSS feed (<?xml><rss>)", "FAILED, fixed: 'no text column; "
     "the header has: PK␃␄abc' / 'not UTF-8 (byte 0xe2 ...)' / '<?xml ...'; each named ('a ZIP archive (an "
     "Excel .xlsx ...)', 'a PDF document', ..., 'looks like an XML file (a feed?) ... ingest --feed')"),
    ("lenient dates", "import date '2024-02-30', '12/04/2024', '2024-04-12T25:00:00', 20240412, '2024-W15'",
     "held: each refused with its reason, nothing imported"),
    ("lenient dates", "import / set-date / ingest Published: '٢٠٢٤-٠٤-١٢', '２０２４-０４-１２' (other digits)",
     "held as designed: read as 2024-04-12 and the phrase kept beside it (a date, not an id: another "
     "script's digits are the same date); ingest 'Published: 14.04.2024' read as 2024-04-14"),
    ("lenient dates", "set-date 2024-02-30, '31 April 2024', 'Feb 29 2023', 1e9, 'last Friday' (no article), "
     "0001-01-01, 9999-12-31; list --since 2024-13-01 / 0 / 2024-02-30 / 24-04-01 / 1/2/2024 / yesterday / "
     "'next year'; ingest 'Published: 2024-99-99'", "held: refused in one line with the reason, or stored "
     "(0001, 9999 with its warning); the ambiguous ones say why"),
    ("search semantics", "list --search 40000 (a claim says 40,000), --search 40,000 (one says 40000), "
     "40.000, 1400 / '1 400' (one says 1400万)", "FAILED, fixed: 40000 found nothing; a number's grouped "
     "spellings (',' ' ' and from 5 digits '.') are searched as an apostrophe's are; '1.400' stays itself"),
    ("search semantics", "list --search Инфляция / инфляция / ИНФЛЯЦИЯ / 'ИНФЛЯЦИЯ ВЫРОСЛА', التضخم, 東京, 人口, "
     "人口は, मुद्रास्फीति, 'bridge OR', U+202E+bridge (both backends)", "held: each finds its claim; case folded "
     "in Cyrillic; 'OR' is a word"),
    ("search semantics", "--search 'fell 5%' (the claim says '5 percent'), 東京都, 'forty thousand', -bridge",
     "held (as documented: words are found as written; no synonym of % or numbers in words)"),
    ("search semantics", "search '', '*', '\"', NOT", "held: one line each (no word / only common words)"),
    ("terminal controls", "list --search $'bridge\\e[31m', --speaker $'Mayor\\e', --search $'bridge\\u009b', "
     "--search $'a\\x01b' (both backends)", "FAILED, fixed: no claim, status 0; now 'holds the control character "
     "U+001B ... no claim is stored holding one'; a tab is still a space"),
    ("terminal controls", "claims search $'bridge\\e' (similar claims)", "held: the control is no word"),
    ("unsafe links", "set-url javascript:, data:, 'http://x y', http://[::1, user:pw@, ESC ]8;; OSC 8, U+202E; "
     "set-status --evidence file:///etc/passwd, //evil.example; import evidence javascript:, fact_check_url "
     "with U+202E", "held: each refused in one line naming the field"),
    ("unsafe links", "set-url https://例え.jp/パス", "held: stored (an IDN is a link)"),
    ("terminal controls", "set-status --note $'ok\\e[2J', a 100,000-character note; import a speaker holding "
     "ESC ]8;; ... BEL; ingest a 'Title:' holding ESC ]0;PWN BEL", "held: refused in one line / the title line "
     "not read as one (no control stored)"),
    ("round trip", "a desk of six claims in Latin, Cyrillic, Arabic, Japanese, Devanagari -> list --format "
     "jsonl -> import; export csv / claimreview -> import", "held: all six back with their speakers (jsonl); "
     "export writes the verified one (csv) and no incomplete ClaimReview (said so); 'no records' back"),
    ("round trip", "a CSV of =HYPERLINK(..), +cmd|calc, @SUM(1), -2+3 -> import -> export", "held: imported as "
     "text; export of the unverified writes none (default verified), said so"),
    ("import", "JSON ids 1_0 / 1e400 / NaN, id '１'", "held: not valid JSON, named; '１' is an external id as text"),
    ("non-Latin", "ingest one article of a German, Chinese, Russian and Arabic 'X said Y' sentence each",
     "held as documented: 0 claims (extraction reads English cues only, README)"),
    ("desk (tmux)", "the queue of the damaged desk: rows, ⚠ damaged, its detail, enter, l + a link (twice), "
     "/ 40000, / Инфляция", "FAILED then fixed (above); / 40000 lists the two 40,000 claims; / Инфляция lists its claim "
     "('search=Инфляция', 1 row)"),
    ("non-Latin", "the desk in tmux (160x45) on the six-script desk", "NOT FIXED, seen: the Devanagari row's "
     "speaker/date/status cells drawn 4 columns right of the others (tmux's width of its vowel signs against "
     "the desk's; pass 15 met this row), the Arabic, Cyrillic and Japanese rows aligned"),
    ("PostgreSQL", "a sample of the above on claims_h28: seed import, show 1_0, --search 40000 / ИНФЛЯЦИЯ / 東京, "
     "import page.html / sep.csv, set-date ٢٠٢٤..., set-url U+202E, ana take + bob merge + undo, note ESC, "
     "--search a\\x01b, --since 2024-02-30, history --limit ٣, db check", "held after the fixes (the take moved "
     "and back with undo; the control search found nothing before: fixed as on SQLite)"),
]

"""A twenty-sixth hostile pass (issue 15's classes, other inputs than passes 1-25: the
backup's URLs as --db reads them, ...). Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux and through Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import CLAIMS_BIN
from tests.hostile import one_line_stderr

# --- wrong place: `db backup` reads an SQLite URL as --db does ----------------------------------------
#
# `claims --db SQLITE:///bk.db list` opens bk.db (a URL's scheme is read in any case, as
# SQLAlchemy does), but `claims db backup SQLITE:///bk.db` was refused: "a backup is an SQLite
# file: give its path (or sqlite:///PATH)", of an SQLite URL. The backup's URL is read by
# `resolve_url`, whatever the case of its scheme.


def _claims(desk, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLAIMS_BIN), "--db", str(desk), *args], capture_output=True, timeout=120)


@pytest.mark.parametrize("scheme", ["SQLITE", "Sqlite", "SQLite+PySQLite"])
def test_a_backup_to_an_sqlite_url_in_capitals_is_its_file(tmp_path, scheme):
    desk = tmp_path / "desk.db"
    assert _claims(desk, "db", "init").returncode == 0
    done = _claims(desk, "db", "backup", f"{scheme}:///{tmp_path}/bk.db")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bk.db").is_file()
    opened = _claims(f"{scheme}:///{tmp_path}/bk.db", "list")  # as --db opens it
    assert opened.returncode == 0, opened.stderr
    # a URL of no SQLite file is still refused, whatever its case
    for url in ("POSTGRESQL://postgres@127.0.0.1/x", "SQLITE:///:memory:", "SQLITE://", "MYSQL://x@h/y"):
        one_line_stderr(_claims(desk, "db", "backup", url), "a backup is an SQLite file")
    said = one_line_stderr(_claims(desk, "db", "backup", f"SQLITE:///{tmp_path}/q.db?mode=ro"))
    assert "takes no query" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk.db", "desk.db"]


# And `claims db backup :memory:` wrote a file named ':memory:' (' :memory:' one named so, with
# its space), which `--db :memory:` reads as an in-memory database ("keeps nothing once the
# command ends"): the backup did not open with `--db FILE`, as its help promises. Refused as
# the in-memory URLs are.


@pytest.mark.parametrize("name", [":memory:", " :memory:", ":memory: "])
def test_a_backup_named_memory_is_refused(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    desk = tmp_path / "desk.db"
    assert _claims(desk, "db", "init").returncode == 0
    one_line_stderr(_claims(desk, "db", "backup", name), "a backup is an SQLite file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.db"]


def test_a_backup_to_standard_output_on_a_pipe_is_said_by_its_name(tmp_path):
    # /dev/stdout on a pipe resolves to '/proc/N/fd/pipe:[M]': the line named that path and
    # said "cannot write the backup (No such file or directory)"
    desk = tmp_path / "desk.db"
    assert _claims(desk, "db", "init").returncode == 0
    said = one_line_stderr(_claims(desk, "db", "backup", "/dev/stdout"), "/dev/stdout: not a regular file")
    assert "pipe:" not in said, said


# --- control characters reaching the terminal: the note editor ---------------------------------------
#
# The queue, the detail and every notification show a control an older version stored as its
# symbol (passes 5 and 25), but `c` opened the note editor on the stored note as it is: a note
# holding ESC ]2;PWNNOTE BEL retitled the terminal (tmux's pane title became 'PWNNOTE end'),
# and the rest of its line was eaten. The editor shows the note through `printable`; saving it
# stores what it shows (a raw ESC would be refused by the note's own check anyway).


async def test_the_note_editor_shows_a_stored_control_as_its_symbol(tmp_path):
    from textual.widgets import TextArea

    from db import Database
    from tests.desk import one_claim_desk, open_desk, press_each

    desk = one_claim_desk(tmp_path)
    raw = Database(desk)
    with raw.engine.begin() as conn:  # as an older version stored it (every door refuses it now)
        conn.exec_driver_sql("UPDATE claim SET verdict_note = ?", ("note \x1b]2;PWNNOTE\x07 end",))
    raw.close()
    async with open_desk(desk, size=(120, 40)) as (app, pilot, said):
        await press_each(pilot, ["c"])
        shown = app.screen.query_one("#note-text", TextArea).text
        assert shown == "note ␛]2;PWNNOTE␇ end", repr(shown)
        await press_each(pilot, ["ctrl+s"])
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
    again = Database(desk)
    with again.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT verdict_note FROM claim").scalar() == "note ␛]2;PWNNOTE␇ end"
    again.close()


# Siblings (tmux): `m` asked "Merge 1 claim(s) (#2) into #1 “The bridge ␛]2;PWNTEXT…”?" with the
# claim's text as it is, so a claim text an older version stored with ESC ]2;... BEL retitled
# the terminal ('PWNTEXT carries 40,000'); the conflict dialog quotes the other reviewer's
# change, old values included (a note an older version stored). Both dialogs show their text
# through `printable`.


def _rendered_text(app) -> str:
    """What the screen's Static widgets hold, as text (a Rich renderable rendered as a console would:
    BEL is dropped there, ESC kept)."""
    import io

    from rich.console import Console
    from textual.content import Content
    from textual.widgets import Static

    def text(content) -> str:
        if isinstance(content, (str, Content)):
            return str(content)
        console = Console(width=200, record=True, color_system=None, file=io.StringIO())
        console.print(content)
        return console.export_text()

    return "\n".join(text(w.content) for w in app.screen.query(Static))


async def test_the_merge_question_shows_a_stored_control_as_its_symbol(tmp_path):
    import json

    from db import Database
    from tests.desk import open_desk, press_each
    from tests.hostile import run

    desk = str(tmp_path / "desk.db")
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps({"id": f"q{i}", "text": text}) + "\n" for i, text in enumerate((
        "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
        "Unemployment fell to 5 percent in March, the ministry said"))), encoding="utf-8")
    raw = Database(desk)
    assert run(raw, "import", str(path)).exit_code == 0
    with raw.engine.begin() as conn:  # as an older version stored it (both: either may be merged into)
        conn.exec_driver_sql("UPDATE claim SET text = 'The bridge ' || char(27) || ']2;PWNTEXT' || char(7) "
                             "|| ' carries ' || external_id")
    raw.close()
    async with open_desk(desk, size=(120, 40)) as (app, pilot, said):
        await press_each(pilot, ["x", "down", "x", "m"])
        shown = _rendered_text(app)
        assert "Merge 1 claim(s)" in shown and "“The bridge ␛]2;PWNTEXT␇ carries q" in shown, shown
        assert "\x1b" not in shown and "\x07" not in shown
        await press_each(pilot, ["n"])


async def test_the_conflict_dialog_shows_a_stored_control_as_its_symbol(tmp_path):
    from tests.desk import one_claim_desk, open_desk
    from tui.screens.modals import ConflictModal
    from tui.testing import settle

    async with open_desk(one_claim_desk(tmp_path), size=(120, 40)) as (app, pilot, said):
        app.push_screen(ConflictModal(
            "claim 1 was changed by bob since you loaded it (version 1 -> 2: note 'old \x1b]2;OLD\x07' -> "
            "'new'); reload it and try again", "note \x1b[2Jmine"))
        await pilot.pause()
        await settle(pilot)
        shown = _rendered_text(app)
        assert "old ␛]2;OLD␇" in shown and "␛[2Jmine" in shown, shown
        assert "\x1b" not in shown and "\x07" not in shown


# More siblings (tmux, a desk an older version filled with ESC ]2;... BEL in its claims,
# speakers, outlets, articles' titles and links): the duplicates screen's two sides (`d`: the
# claims' words and speakers), the repeats screen's two sides (`R`: the link, outlet, speaker,
# fact-check link) and an article's page (`a`, enter: title, outlet, link, text) drew them as
# they are, each retitling the terminal. Each is shown through `with_symbols`, as the detail is.

_ARTICLE = ("Title: Bridge story\nURL: https://n.example/story\nOutlet: Northline\nPublished: 2026-12-01\n\n"
            "The bridge carries 40,000 vehicles a day, the mayor said on Monday in the city, according to "
            "Mayor Jones.\n")


def _poisoned_desk(tmp_path) -> str:
    import json

    from db import Database
    from tests.hostile import run

    desk = str(tmp_path / "desk.db")
    records = tmp_path / "two.jsonl"
    said = "vehicles a day, the mayor said on Monday in the city"
    records.write_text(json.dumps({"id": "c1", "text": f"The bridge carries 40,000 {said}", "speaker": "Mayor Jones",
                                   "verdict": "false", "status": "verified", "fact_check_url": "https://f.example/1"})
                       + "\n" + json.dumps({"id": "c2", "text": f"The bridge carries 41,000 {said}",
                                            "speaker": "Mayor Jones"}) + "\n", encoding="utf-8")
    (tmp_path / "art.txt").write_text(_ARTICLE, encoding="utf-8")
    db = Database(desk)
    assert run(db, "import", str(records)).exit_code == 0
    assert run(db, "ingest", str(tmp_path / "art.txt")).exit_code == 0
    esc = lambda tag: f"\x1b]2;{tag}\x07"  # noqa: E731
    with db.engine.begin() as conn:  # as an older version stored them
        conn.exec_driver_sql("UPDATE claim SET text = replace(text, 'bridge', 'bridge ' || ?), speaker = ? || ' Jones', "
                             "fact_check_url = 'https://f.example/' || ?", (esc("TEXT"), esc("SPK"), esc("FC")))
        conn.exec_driver_sql("UPDATE article SET title = ?, url = ?, text = replace(text, 'bridge', 'bridge ' || ?)",
                             (f"Bridge {esc('TITLE')}", f"https://n.example/{esc('URL')}", esc("ART")))
        conn.exec_driver_sql("UPDATE outlet SET name = name || ?", (esc("OUT"),))
    db.close()
    return desk


async def test_the_duplicates_repeats_and_article_screens_show_stored_controls_as_symbols(tmp_path):
    from tests.desk import open_desk, press_each

    async with open_desk(_poisoned_desk(tmp_path), size=(160, 45)) as (app, pilot, said):
        seen = {}
        for keys, name in ((["d"], "duplicates"), (["escape", "R"], "repeats"), (["escape", "a", "enter"], "article")):
            await press_each(pilot, keys)
            seen[name] = _rendered_text(app)
    for name, shown in seen.items():
        assert "\x1b" not in shown, (name, shown)
    assert "bridge ␛]2;TEXT" in seen["duplicates"] and "␛]2;SPK" in seen["duplicates"], seen["duplicates"]
    for part in ("bridge ␛]2;TEXT", "https://n.example/␛]2;URL", "Northline␛]2;OUT", "https://f.example/␛]2;FC"):
        assert part in seen["repeats"], (part, seen["repeats"])
    for part in ("Bridge ␛]2;TITLE", "Northline␛]2;OUT", "bridge ␛]2;ART"):
        assert part in seen["article"], (part, seen["article"])


# The CLI's CSV and report of such a desk (`list`, `show`, tables, already showed ␛): `claims list
# --format csv`, `claims export` (CSV, to standard output by default) and `claims report` (HTML
# or Markdown, to standard output by default) wrote ESC ]2;... BEL as it is, to the terminal
# when run there; and the CSV export did not come back (`import` refuses a control character:
# "line 2: outlets holds the control character U+001B"). Every CSV cell goes through the
# formula guard (claims.services.csv_guard), every value a report writes through its template
# environment's `finalize`: both show a control as its symbol.


def test_the_csv_and_the_report_show_a_stored_control_as_its_symbol(tmp_path):
    from db import Database
    from tests.hostile import run

    desk = Database(_poisoned_desk(tmp_path))
    try:
        for args in (["list", "--format", "csv"], ["export", "--include-incomplete"], ["report"],
                     ["report", "--format", "md"]):
            done = run(desk, *args)
            assert done.exit_code == 0, done.output
            assert "\x1b" not in done.output and "\x07" not in done.output, (args, done.output)
            assert "␛" in done.output and "TEXT" in done.output, (args, done.output)
        out = tmp_path / "all.csv"
        assert run(desk, "export", "--include-incomplete", "-o", str(out)).exit_code == 0
        again = Database(str(tmp_path / "again.db"))
        try:
            back = run(again, "import", str(out))
            assert back.exit_code == 0, back.output  # was: "outlets holds the control character U+001B"
        finally:
            again.close()
    finally:
        desk.close()


LOG: list[tuple[str, str, str]] = [
    # the duplicate decision's number readings (claims compare --pairs; 291 pairs, each also run
    # on the code before last session's readings, d72bb7b~1, to tell what they moved)
    ("matching", "compare: bounds (nearly / almost / close to / just under / over / more than / upwards of / "
     "at least / no fewer than / at most / no more than / up to / as many as / 300-plus / 300+ / some / "
     "roughly / an estimated), number words (a dozen, two dozen, twenty-one, two hundred and fifty, a "
     "thousand, 1k, 2.5k), decades ('90s, nineties, mid-1980s, late '80s, 1970s), times (9am / 9 a.m. / "
     "09:00, 9pm / 21:00, noon / 12pm, midnight / 12am, 3 o'clock, 15h30, 8pm ET / 8 p.m. Eastern), rates "
     "(an hour / per hour / hourly, a day / daily, per annum, monthly / each month, 1,000 a week / 52,000 a "
     "year), up / down (went up, is down, come down, cut by, gained, shed, slipped, tumbled, halved, cut in "
     "half, tenfold / 10-fold / 10x), units (km / kilometres, 200 m / metres, l / litres, g / grammes, mg, "
     "mm, m3 / m³, ha, km/h / kph, mph), other tongues' scales and words (German, French, Spanish, Italian, "
     "Portuguese, Dutch, Polish, Turkish, Russian, Ukrainian, Arabic, Hebrew, Hindi), CJK numerals and "
     "scales (十二亿, 拾贰亿, 廿, 1亿2千万, 12000万, 3千亿, 12兆, 十二億円, 십이억, 천이백만, 百分之十二, 二〇二四年)",
     "FOUND, NOT FIXED (in claims/matching/quantities.py, numbers.py, units.py, which numbers26 edits: "
     "/work/reports/hostile26.md lists each pair): plainly different figures merged: '3.000 millones' / '3 "
     "millones' (100), Polish miliardy / miliony, Turkish milyar / milyon, Ukrainian мільярди / мільйони, "
     "Arabic مليار / مليون, Hebrew מיליארד / מיליון, Hindi करोड़ / लाख (98.9-99.8), '60 mph' / '60 km/h' (99.3); "
     "the same figure called a conflict, new since last session: 'trois cents' / '300', '1,5 Millionen' / "
     "'1.500.000', '12 millions d'euros' / '12 M€', '12 тыс.' / '12 000', '3.000 millones' / '3 mil "
     "millones'; as before it: '3:30 pm' / '15:30', '200 m' / '200m', '1,000' / '1 000', '3.5%' / '3,5%', "
     "'1,5 million' / '1 500 000', 'two dozen' / '24', '2 miliardy' / '2 mld', CJK '1.2亿' / '1亿2千万', "
     "'3000亿' / '3千亿'. The rest held (bounds, times, rates, decades, up/down and 18 contrast pairs)"),
    ("matching", "compare of 10 texts of 9-79 words in Thai, Japanese, Korean, Hindi, Amharic, Khmer, Lao, "
     "Burmese, Ukrainian, Greek against themselves", "held: duplicate at 100, none counted 'under 8 words'"),
    # wrong place
    ("wrong place", "db backup to sqlite:///desk.db, sqlite:///./desk.db, sqlite:////abs/desk.db, %64esk.db, "
     "SQLITE:///, Sqlite:///, SQLite+PySQLite:///, sqlite+pysqlite:///, ?mode=ro, ?cache=shared, ?uri=true, "
     "#x, sqlite://, sqlite:///, sqlite:///:memory:, sqlite:///?, no/dir/, desk.db-wal, a folder URL, "
     "sqlite:///~/, file:b8.db, file:desk.db, 'b9 .db', b10.db/, sqlite:/b11.db, sqlite:b12.db, "
     "sqlite:////dev/stdout, DESK.db, desk.db., a PostgreSQL and a MySQL URL; :memory:, ' :memory:', "
     "':memory: ', ./:memory:; /dev/stdout on a pipe and a terminal, /dev/tty, /dev/stderr, /dev/null",
     "FAILED, fixed: 'SQLITE:///bk.db' (which --db opens) refused as 'give its path (or sqlite:///PATH)'; "
     "':memory:' written as a file that --db reads as an in-memory desk; /dev/stdout on a pipe said as "
     "'/proc/N/fd/pipe:[M]: cannot write the backup (No such file or directory)'. The rest held (the desk "
     "itself refused under every spelling; file:b8.db and sqlite:b12.db are files of those names, which "
     "--db opens as such)"),
    ("wrong place", "the desk's export (tmux) to the desk itself by path and by name, its -wal, its folder, "
     "/proc/self/fd/1, /dev/fd/1", "held: each refused on the dialog's error line, nothing written"),
    # tracebacks and control characters reaching the terminal
    ("tracebacks", "CLI: list --limit -1 / 0 / 2^66, --since 2024-13-01, --search '' / NUL / tab, show 0 / -1 "
     "/ 2^66 / abc, history --limit -5, dupes --accept 2^66, merge 1 2^66, set-status --status bogus, a note "
     "with ESC ]2;, set-date with NUL, search --limit 0 / -1 / 10^8, compare '' '' / one / three texts, "
     "resolve-date '' / NUL, export --format bogus / --since 99999-01-01, report --since 0001-01-01, "
     "taken --reviewer '', take 1 2 1, release 99999, articles --limit -1", "held: one line each"),
    ("tracebacks", "a damaged page (dd over page 10): db backup, db copy --to, export, report, search, "
     "repeats, dupes, history, undo, take, compare", "held: 'is damaged … restore it from a backup' where "
     "the damaged page is read; the others answer from the pages they read"),
    ("control characters", "a desk an older version filled with ESC ]2;TAG BEL (note, evidence, reviewer, "
     "date text, fact-check link, speaker, role, extra, claim text, article title / link / author / source / "
     "text, outlet, quote, speaker mention, cue, events' reviewer and note), in tmux: the queue, detail, "
     "claim page, c, l, w, a, enter, d, R, t, T, ?, ^p, m", "FAILED, fixed: the note editor (c), the merge "
     "question (m), the duplicates sides (d), the repeats sides (R) and the article page retitled the "
     "terminal (printable / with_symbols; the conflict dialog too, found by reading). The rest showed ␛"),
    ("control characters", "the same desks through the CLI: list (table, csv, jsonl), show 1-3, articles, "
     "repeats, dupes (both states), history, taken, search (table, jsonl), export (csv, claimreview), "
     "report (html, md), db check, watch list", "FAILED, fixed: list --format csv, export (CSV) and report "
     "wrote ESC raw (to the terminal on standard output), and the CSV export did not import back; every CSV "
     "cell through csv_guard.guard, every report value through the template's finalize. JSON escapes it "
     "(\\u001b): FOUND, NOT FIXED: the JSONL and ClaimReview exports of such a desk still do not import "
     "back ('text holds the control character U+001B', one line naming the record; --skip-bad takes the rest)"),
    ("control characters", "a bracketed paste (tmux paste-buffer -p) of 'bud ESC ]2;PASTED BEL get' into the "
     "desk's / search", "held: the terminal's title unchanged; the status line shows '^]2;PASTEDgetbud'"),
    ("import", "--skip-bad of 11 records: a 100,002-character id, ESC in text / date / verdict / a field "
     "name, a 50,000-character text, a 100,000-character javascript: url, a 3,000-character evidence link, "
     "'\\u202everified' without a verdict, a speaker 'a\\nb'", "held: each named on one line of its own"),
    ("unsafe links", "set-status --evidence with NBSP, U+3000, U+2028, NEL, ZWSP, U+1680, U+2003, U+001C, "
     "U+202F, BOM inside; 'https://e.example/a;' and '/;x' (the export's '; ' separator)", "held: refused "
     "naming the character, or kept whole through export and import"),
    # search semantics (both backends, the same answers)
    ("search", "claims search and list --search of NEAR(bridge flood), text:flood, ^flood, {text}:flood, "
     "flood*, '\"flood', 'flood OR budget', 'NOT flood', 'flood AND', '(flood', 'flood)', 'flood -budget', "
     "claim_search:flood, rowid:1, 'fl\\\"ood', flood's, 'flood — budget', +flood, '*', 'flood NEAR/2 "
     "budget', a tab, Ｆｌｏｏｄ, FLOOD, floods, flooding, ﬂood", "held: no query syntax read, the same "
     "counts on SQLite and PostgreSQL"),
    # team mode (PostgreSQL, ana and bob)
    ("team", "ana take 4, bob set-status 4 (a take is advisory), ana release, bob undo; ana and bob a note "
     "on 14 at once, ana undo; ana merge 34 31 & bob merge 31 34 at once, db check; bob set-status on the "
     "head, ana undo, bob undo; ana redo; ana take 1 & bob take 1 at once", "held: one winner each, undos "
     "refused naming bob's change, db check ok"),
    # superlinear work and the desk on odd stores
    ("superlinear", "compare of 4.7k / 9.5k / 19k characters of bounds, times, rates, decades, English and "
     "Spanish number words, CJK numerals and digits, thousands dots, up/down, dozens, scales, units, "
     "'1 1 1 …', '-1-1-…' (load 7)", "held: 1.5-2.7 s each, flat (start-up)"),
    ("superlinear", "import of 1,000 / 2,000 / 4,000 copies of one claim (one cluster of 4,000): 3.5 / 4.8 / "
     "8.2 s CPU, 125-199 MB; then show, list, export (csv, claimreview), report, history, repeats, db check, "
     "search, set-status, unmerge, undo, dupes at each size (load 7-9)", "held: linear (history 1: 2.0 / "
     "3.2 / 5.5 s CPU for 2,205 / 4,205 / 8,205 events)"),
    ("desk", "the desk on those stores (Pilot): launch 1.3 / 1.7 / 2.7 s CPU, the claim page 1.7 / 2.8 / 4.9 s "
     "CPU (load 9); in tmux the 4,000-member head's detail", "held: linear; the detail reads every appearance "
     "and event of the cluster to show 8 (claim_detail 0.07 / 0.19 / 0.42 s): over the 1.5 s launch target "
     "on this shape at load 9, noted, not changed"),
    ("desk", "the desk (tmux) on claims of ZWJ emoji, Zalgo, U+FDFA, soft hyphens, a 3,000-W word, a "
     "300-character speaker, markup; / 百分之十二, /~ a Chinese sentence", "held"),
]

"""A twenty-fifth hostile pass (issue 15's classes, other inputs than passes 1-24: a claim's
evidence as a list, the desk's saved filters and its export dialog, ...). Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.hostile import claims_jsonl, claims_run, one_line_stderr

# --- one limit at every door: a claim's evidence links ---------------------------------------------
#
# `claims set-status 4 --evidence URL ...` took 1,000 links of 1,900 characters (the desk's `l`
# adds them one by one through the same door); `claims export` wrote them as one CSV cell of
# 1.9 MB, and `claims import` of that export refused it whole ("a cell of 1,923,891 characters,
# more than the 1,048,576 a CSV cell may hold"): the export did not come back. A claim carries
# at most 100 evidence links (claims.limits.MAX_EVIDENCE_LINKS, ~200 KB as a cell), at
# `set-status`, the desk (which calls the same change) and `import`.


def _links(n: int, start: int = 0) -> list[str]:
    return [f"https://e.example/{i}/" + "a" * 1900 for i in range(start, start + n)]


class _Desk:  # another desk, for `claims_run`
    def __init__(self, url: str) -> None:
        self.url = url


def _one_claim(db, tmp_path) -> int:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day, the mayor said."})
                    + "\n", encoding="utf-8")
    assert claims_run(db, "import", str(path)).returncode == 0
    return claims_jsonl(db, "list")[0]["id"]


def test_a_claim_carries_at_most_100_evidence_links_at_set_status(db, tmp_path):
    claim = _one_claim(db, tmp_path)
    first = claims_run(db, "set-status", str(claim), "--verdict", "false",
                       *[a for u in _links(60) for a in ("--evidence", u)])
    assert first.returncode == 0, first.stderr
    again = claims_run(db, "set-status", str(claim), *[a for u in _links(41, 60) for a in ("--evidence", u)])
    one_line_stderr(again, f"claim {claim}: 101 evidence links; a claim carries at most 100 (it has 60)")
    assert len(claims_jsonl(db, "list")[0]["evidence"]) == 60  # nothing half-written
    # links it carries already count once; 100 are taken
    done = claims_run(db, "set-status", str(claim), *[a for u in _links(45, 55) for a in ("--evidence", u)])
    assert done.returncode == 0, done.stderr
    assert len(claims_jsonl(db, "list")[0]["evidence"]) == 100

    # and what the export writes of them comes back whole
    out = tmp_path / "verified.csv"
    assert claims_run(db, "export", "-o", str(out)).returncode == 0
    again = _Desk(str(tmp_path / "again.db"))
    back = claims_run(again, "import", str(out))
    assert back.returncode == 0, back.stderr
    assert claims_jsonl(again, "list")[0]["evidence"] == _links(100)


@pytest.mark.parametrize("shape", ["jsonl", "csv"])
def test_an_import_of_more_than_100_evidence_links_is_a_bad_record(db, tmp_path, shape):
    links = _links(101)
    if shape == "jsonl":
        path = tmp_path / "many.jsonl"
        path.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day.",
                                    "verdict": "false", "evidence": links}) + "\n", encoding="utf-8")
    else:
        path = tmp_path / "many.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["id", "text", "verdict", "evidence"],
                                      ["q1", "The bridge carries 40,000 vehicles a day.", "false", "; ".join(links)]])
    done = claims_run(db, "import", str(path))
    one_line_stderr(done, "line 2" if shape == "csv" else "line 1",
                    "evidence: 101 evidence links; a claim carries at most 100")
    assert claims_jsonl(db, "list") == []


# --- the desk's saved filters: a hand-edited filters.json ---------------------------------------------
#
# Its records were checked for their shape and their search texts' bounds, not for what the desk
# then shows and asks: a filter named '\x1b]2;PWNED\x07 x' retitled the terminal when `s` listed
# it (tmux's pane title became 'PWNED x'), one with reviewer '\x1b[2J' sent that sequence in its
# description, and reviewer 'a\x00b' ended the desk's query on PostgreSQL with the driver's "text
# fields cannot contain NUL (0x00) bytes". A name or text holding a control character, a NUL or a
# lone surrogate (a direction control in a name, too) is a record left out with the reason, as a
# status that does not exist is; a reviewer is a reviewer's name (`--reviewer`'s rule).

_HOSTILE_FILTERS = {
    "esc title \x1b]2;PWNED\x07 x": ({"status": ["verified"]}, "holds the control character U+001B"),
    "bidi \u202e name": ({"verdict": ["false"]}, "holds the direction control U+202E"),
    "esc reviewer": ({"reviewer": "\x1b]2;OWNED\x07"}, "reviewer: holds the control character U+001B"),
    "nul reviewer": ({"reviewer": "a\x00b", "status": ["in_review"]}, "reviewer: holds a NUL character"),
    "long reviewer": ({"reviewer": "r" * 101}, "reviewer"),
    "esc speaker": ({"speaker": "a\x1b[31mb"}, "speaker: holds the control character U+001B"),
    "surrogate reviewer": ({"reviewer": "\ud800x"}, "reviewer: holds a lone surrogate"),
}


def _write_filters(path, records: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records), encoding="utf-8")


def test_a_saved_filter_the_desk_could_not_show_or_ask_is_left_out_saying_why(tmp_path):
    from claims.services.saved_filters import filters_path, load_user_filters

    records = {name: record for name, (record, _) in _HOSTILE_FILTERS.items()}
    _write_filters(filters_path(), {**records, "kept": {"reviewer": " ana\u200b", "status": ["in_review"]}})
    found, problems = load_user_filters()
    assert list(found) == ["kept"] and found["kept"].reviewer == "ana", found
    assert len(problems) == len(_HOSTILE_FILTERS), problems
    for (name, (_, why)), said in zip(_HOSTILE_FILTERS.items(), problems, strict=True):
        assert repr(name[:60]) in said and why in said, (name, said)
        assert "\x1b" not in said and "\x00" not in said and "\u202e" not in said, said


def test_the_desk_saves_no_filter_under_a_name_it_could_not_show(tmp_path):
    from claims.services.queries import ClaimFilter
    from claims.services.saved_filters import SavedFiltersError, filters_path, save_filter

    with pytest.raises(SavedFiltersError, match="holds the direction control U\\+202E"):
        save_filter("mine \u202e", ClaimFilter(status=("verified",)))
    assert not filters_path().exists()


async def test_the_desks_saved_filters_list_sends_no_control_character_to_the_terminal(tmp_path, db):
    """The real dialog (`s`) over a desk on each backend: the hostile records are not listed,
    the rest are, and picking one asks the database nothing it refuses."""
    from textual.widgets import OptionList

    from claims.services.saved_filters import filters_path
    from tests.desk import open_desk, press_each

    records = {name: record for name, (record, _) in _HOSTILE_FILTERS.items()}
    _write_filters(filters_path(), {**records, "kept": {"status": ["in_review"], "reviewer": "ana"}})
    assert claims_run(db, "import", _seed(tmp_path)).returncode == 0
    async with open_desk(db.url, size=(160, 50)) as (app, pilot, said):
        await press_each(pilot, ["s"])
        options = app.screen.query_one("#saved-list", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert all("\x1b" not in s and "\x00" not in s and "\u202e" not in s for s in shown), shown
        assert [s for s in shown if s.startswith("kept")], shown
        assert sum("left out" in n for n in said) >= 3, said
        options.highlighted = next(i for i, s in enumerate(shown) if s.startswith("kept"))
        await press_each(pilot, ["enter"])
        assert not any("NUL" in n or "database" in n for n in said), said
        assert app.screen.query_one("#claims").row_count == 0  # nobody's claim is in review


def _seed(tmp_path) -> str:
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day, the mayor said."})
                    + "\n", encoding="utf-8")
    return str(path)


# --- wrong place: the desk's export into the terminal it is drawn on -----------------------------
#
# The desk's export (`e`) with the file '/dev/stdout', '/dev/tty' or '/dev/pts/N' wrote the CSV
# into the terminal the desk draws on, where the next repaint covered it, and said "Wrote 1 claims
# to /dev/stdout" (tmux): nothing kept. `claims export -o /dev/stdout` is a pipe or the user's own
# screen, as meant; the desk refuses a terminal (claims.paths.terminal_problem), by name or by
# descriptor, and writes nothing. A pseudo-terminal of the test's own stands for the desk's.


@pytest.mark.sqlite_only
@pytest.mark.parametrize("by", ["name", "descriptor"])
async def test_the_desks_export_writes_nothing_into_a_terminal(tmp_path, by):
    import os

    from textual.widgets import Input

    from tests.desk import one_claim_desk, open_desk, press_each

    desk = one_claim_desk(tmp_path)
    assert claims_run(_Desk(desk), "set-status", "1", "--verdict", "false").returncode == 0
    leader, follower = os.openpty()
    try:
        target = os.ttyname(follower) if by == "name" else f"/dev/fd/{follower}"
        async with open_desk(desk, size=(120, 40)) as (app, pilot, said):
            await press_each(pilot, ["e"])
            app.screen.query_one("#x-path", Input).value = target
            await press_each(pilot, ["ctrl+s"])
            await app.workers.wait_for_complete()
            await press_each(pilot, [])
            error = str(app.screen.query_one("#export-error").render())
            assert f"{target}: is " in error and "terminal" in error and "give a file name" in error, error
            assert not any(n.startswith("Wrote") for n in said), said
            # a file is still written
            app.screen.query_one("#x-path", Input).value = str(tmp_path / "out.csv")
            await press_each(pilot, ["ctrl+s"])
            await app.workers.wait_for_complete()
            await press_each(pilot, [])
        os.set_blocking(leader, False)
        try:
            echoed = os.read(leader, 65536)
        except BlockingIOError:
            echoed = b""
        assert b"claim" not in echoed, echoed[:200]
        assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("id,claim,")
    finally:
        os.close(leader)
        os.close(follower)


# --- search semantics: a similarity search of common words only --------------------------------------
#
# `claims search "the the"` (and 'a', 'it is', 'and or not'; the desk's `/~the`, a `--queries` line)
# printed an empty table and exited 0, whatever the desk holds: such words are no key of the index,
# so nothing is ever looked up. That read as "nothing like it was checked", the answer pass 13
# stopped giving for '🎉'. It is refused in one line naming the text, as a text of no word is
# (claims.services.matching.require_search_words); a query holding one word the index keeps
# ('he said', '2024') is answered as before.


@pytest.mark.parametrize("query", ["the the", "a", "it is", "and or not"])
def test_a_similarity_search_of_common_words_only_is_refused(db, tmp_path, query):
    _one_claim(db, tmp_path)
    done = claims_run(db, "search", query)
    one_line_stderr(done, f"text {query!r} has only common words", "nothing to search for")
    assert done.stdout == b""
    queries = tmp_path / "q.tsv"
    queries.write_text(f"q1\tbridge vehicles\nq2\t{query}\n", encoding="utf-8")
    done = claims_run(db, "search", "--queries", str(queries))
    one_line_stderr(done, "line 2: query 'q2': text", "has only common words")
    assert done.stdout == b""  # all refused before any answer
    found = claims_run(db, "search", "the bridge", "--format", "jsonl")
    assert found.returncode == 0 and len(found.stdout.splitlines()) == 1, found


async def test_the_desks_similar_search_of_common_words_only_says_so(tmp_path):
    from textual.widgets import Input

    from tests.desk import one_claim_desk, open_desk, press_each

    async with open_desk(one_claim_desk(tmp_path), size=(120, 40)) as (app, pilot, said):
        await press_each(pilot, ["slash"])
        app.screen.query_one("#search", Input).value = "~the"
        await press_each(pilot, ["enter"])
        assert any("has only common words" in n for n in said), said
        assert app.screen.query_one("#claims").row_count == 1  # the queue as it was


# --- the desk's keys: an id or a key holding a control character --------------------------------------
#
# keys.toml's `set-verdict-false = "\x1b]2;KEYED\x07"` was taken as the key: the footer and `?` wrote
# it to the terminal, which took it as a new title (tmux's pane title became 'KEYED'); an unknown id
# holding one was named raw in the desk's warning ('[keys] \x1b]2;IDED\x07: no key binding has this
# id'). keys.toml ignores such an entry, naming it with its controls shown as symbols (␛); the settings
# file's [keys] refuses it, as it refuses a verdict label holding one (`claims config show` too).

_BAD_KEYS = '[keys]\nset-verdict-false = "\\u001b]2;KEYED\\u0007"\n"\\u001b]2;IDED\\u0007" = "z"\n' \
            'set-status-in-review = "\\u009b2J"\nset-verdict-true = "9"\n'


async def test_the_desk_takes_no_key_holding_a_control_character(tmp_path):
    import os

    from tests.desk import one_claim_desk, open_desk

    keys = tmp_path / "xdg-config" / "claims" / "keys.toml"
    keys.parent.mkdir(parents=True, exist_ok=True)
    keys.write_text(_BAD_KEYS, encoding="utf-8")
    assert os.environ["XDG_CONFIG_HOME"] == str(tmp_path / "xdg-config")
    async with open_desk(one_claim_desk(tmp_path), size=(160, 40)) as (app, pilot, said):
        assert app.keys_in_force.get("set-verdict-true") == "9"  # the good entry is taken
        assert "set-verdict-false" not in app.keys_in_force and "set-status-in-review" not in app.keys_in_force
        assert all("\x1b" not in n and "\x9b" not in n for n in said), said
        assert any("ignored set-verdict-false, ␛]2;IDED␇, set-status-in-review" in n for n in said), said


def test_the_settings_files_keys_refuse_a_control_character(tmp_path):
    from tests.conftest import run_claims

    settings = tmp_path / "settings.toml"
    for body, said in ((_BAD_KEYS, "[keys] set-verdict-false: its key holds the control character U+001B"),
                       ('[keys]\n"\\u001b]2;IDED\\u0007" = "z"\n', "[keys] ␛]2;IDED␇: the id holds the control")):
        settings.write_text(body, encoding="utf-8")
        done = run_claims("config", "show", env={"CLAIMS_CONFIG": str(settings)})
        err = done.stderr.decode()
        assert done.returncode == 1 and said in err and "\x1b" not in err, err


# --- the desk's ingest screen: a file named with a control character ---------------------------------
#
# `i` with a folder holding a file named '\x1b]2;FILENAME\x07.txt' listed it as it is, and the
# terminal took the sequence as its title (tmux: 'FILENAME.txt'); the outcome and warning lines
# after ^s name the file so too (`claims ingest` and `articles` show it escaped, the desk's articles
# screen through `printable`). The ingest screen shows each such name, outcome, warning and message
# through `claims.limits.printable` (ESC as ␛), on both backends.


async def test_the_ingest_screen_shows_a_file_name_holding_esc_as_its_symbol(db, tmp_path):
    from textual.widgets import Input

    from tui.app import ClaimsApp
    from tui.screens.ingest import IngestScreen
    from tui.testing import settle

    folder = tmp_path / "in"
    folder.mkdir()
    named = folder / "\x1b]2;FILENAME\x07 x.txt"
    named.write_text("Published: 12 March 1066\n\nMayor Ana Lopez said the bridge carries 40,000 vehicles a day.\n",
                     encoding="utf-8")
    (folder / "b.txt").write_text("Engineer Ben Smith said the deck lost 12 percent of its strength since 2019.\n",
                                  encoding="utf-8")
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = pilot.app.screen
        assert isinstance(screen, IngestScreen)
        screen.query_one("#i-path", Input).value = str(folder)
        await pilot.press("ctrl+e")
        await settle(pilot)
        listed = str(screen.query_one("#i-log").render())
        assert "␛]2;FILENAME␇ x.txt" in listed and "\x1b" not in listed, listed
        await pilot.press("ctrl+s")
        await screen.workers.wait_for_complete()
        await settle(pilot)
        shown = str(screen.query_one("#i-log").render()) + str(screen.query_one("#i-message").render())
        assert "␛]2;FILENAME␇ x.txt" in shown and "\x1b" not in shown and "\x07" not in shown, shown


# --- the log of pass 25 -----------------------------------------------------------------------------------
#
# (class, input, outcome): "held", or "FAILED" and what fixed it. "both" is SQLite and PostgreSQL;
# every command ran as a subprocess (the installed `claims`) unless it says tmux or Pilot. Load
# average 3-6 (other helpers at work). About 375 inputs.

LOG: list[tuple[str, str, str]] = [
    # silent loss / one limit at every door
    ("import", "set-status --evidence x 100 and x 1,000 links of 1,900 characters, then export -> import (both)",
     "FAILED: 1,000 links stored, exported as a 1.9 MB cell the import refused; at most 100 evidence links at "
     "set-status, the desk's l and import (claims.limits.MAX_EVIDENCE_LINKS); ana and bob adding 60 each at once: "
     "one stored, the other refused (120 > 100), nothing half-written"),
    ("import", "a claim in 130 outlets of 190-character names (25,700-byte row) -> export / list csv -> import",
     "held: imported, the listing's computed outlets not counted against extra's 20,000"),
    ("round trip", "CheckThat's 14,231 claims (date words, 3 bad dates skipped) -> export csv / claimreview "
     "--include-incomplete -> import", "held: 14,166 back each way (the 62 merged members are not rows of an "
     "export, by design), the same suggestions and conflicts"),
    ("round trip", "ClaimReview of one claim with 1,000 / 2,000 / 4,000 appearances -> export csv and claimreview "
     "-> import", "held: 4,000 appearances and outlets back; 1.7 / 2.4 / 4.5 s (linear)"),
    # wrong place
    ("wrong place", "desk export (tmux) to /dev/stdout, /dev/tty, /dev/null, '-'", "FAILED for the terminals: the CSV "
     "written over the desk's own screen, 'Wrote 1 claims to /dev/stdout'; refused on the dialog's error line "
     "(claims.paths.terminal_problem). /dev/null written as asked; '-' is a file named '-' in the desk "
     "(the CLI's stdout): not changed"),
    ("wrong place", "db backup onto the desk, ./desk, a symlink and a hard link to it, -wal/-shm, another desk, "
     "a TOML file, a folder, a FIFO, /dev/null, 'x.db?mode=ro', sqlite:///bk.db, a PostgreSQL URL; --overwrite of "
     "each", "held: the desk itself refused under every name; a hard link replaced by the copy (the desk "
     "untouched); 'sqlite:///bk.db' is a path under a folder 'sqlite:' (said: no such folder)"),
    ("wrong place", "db copy --to the desk (4 spellings), a TOML file holding a desk, a text file, a new file, "
     "a missing folder, '', desk.db-wal, postgres, template1", "held: refused in one line; a new file name is "
     "a new desk"),
    ("wrong place", "CLAIMS_CONFIG=desk.db / a folder / a missing folder / /dev/null / /dev/full / a FIFO, config "
     "init with and without --force", "held: a desk is never written over; config show refuses devices and FIFOs"),
    ("wrong place", "export / report -o a symlink and hard link to a desk, desk.db-journal, /dev/full, a FIFO "
     "(with and without a reader), >(cat), /dev/stdout, a file holding 'SQLite format 3\\0', an empty file",
     "held (a FIFO with no reader waits for one, as cat > fifo does)"),
    # tracebacks and control characters the desk shows
    ("tracebacks", "filters.json (tmux, both): a name with ESC ]2;..BEL, a reviewer with ESC, with NUL, 100,000 "
     "and 101 characters, a lone surrogate; a name with U+202E; text in markup", "FAILED: the name and reviewer "
     "retitled the terminal (s lists them raw), NUL ended the desk's query on PostgreSQL; such records are left out "
     "naming why, a reviewer follows the reviewer-name rule, no filter is saved under such a name"),
    ("tracebacks", "keys.toml and config.toml [keys]: a key '\\x1b]2;KEYED\\x07', an id with ESC, a key U+009B; "
     "keys 'q', 'ctrl+q', '4', '5,5', 'f99', 'escape', 'tab', full-width 'ａ', '🎉', 'a b', '[b]x[/b]'",
     "FAILED for the controls: the footer and ? wrote the key to the terminal (tmux title 'KEYED'), the unknown "
     "id named raw; refused in config.toml, ignored in keys.toml, named with ␛. The rest held (clashes said)"),
    ("tracebacks", "the desk's i of a folder holding '\\x1b]2;FILENAME\\x07.txt', a name not UTF-8, a header "
     "Title/Outlet with ESC (tmux)", "FAILED: the file list retitled the terminal; the ingest screen shows "
     "names, outcomes and warnings through printable (␛). The CLI (ingest, watch add/run/list, history, "
     "import, articles) already showed ␛"),
    ("tracebacks", "PYTHONIOENCODING=ascii / latin-1 / cp1252 / utf-16 for list, show, list --format csv",
     "held: one line naming the character, or UTF-16 written"),
    ("tracebacks", "history 0 / 99999, dupes --accept N --reject N, --accept-above 50 --reject-below 60 (224 "
     "overlapping), --rebuild --accept 1, watch run 0 / 1 1, rescore --all --priority, take 1 2 3, set-status "
     "with one --expect-version for two ids, merge of 34 claims then undo, db check --fix, db upgrade of a "
     "read-only file, --db /proc/self/environ, /dev/zero, /dev/stdin < desk", "held: one line each (the overlap "
     "names all 224 match ids on its one line: long, not changed)"),
    ("tracebacks", "settings: thresholds crossed, 101, nan, true, timeout -1 / inf, max_mb 1e300, lease 0, "
     "max_entries 0, triage worth -5 / nan, rating best<worst and equal, a verdict value off the scale, "
     "verdicts.bogus, notify_command [] / [1,2], notify_timeout 1e9", "held: one line naming the key "
     "(worth -5 and best 1 / worst 5 are taken: in range)"),
    ("tracebacks", "the desk's repeat notification quoting a claim and outlet an older version stored with ESC "
     "(Pilot)", "FAILED: 'A checked claim came back ... “The bridge \\x1b]2;pwned\\x07 ...”' sent as it is "
     "(the queue shows ␛); every notification goes through printable in ClaimsApp.notify"),
    ("hooks", "notify_command printing ESC ]2; and \\xff\\xfe, ESC [2J on stderr, exit 3", "held: the log line "
     "shows ␛, the exit status said, the poll goes on"),
    # search semantics
    ("search", "claims search 'the the', 'a', 'I', 'it is', 'and or not' (both; --queries; the desk's /~the)",
     "FAILED: an empty table, exit 0, whatever the desk holds (no index key); refused in one line "
     "(claims.services.matching.require_search_words)"),
    ("search", "claims search 2024, ١٢, ﬁre / FIRE, Covid‐19 vaccine (U+2010), covid-19 vaccine, covid 19 vaccine, "
     "80 x 'vaccine', vaccine+ZWSP+s, ＶＡＣＣＩＮＥ (14,228 claims)", "held ('covid 19' reads 19 as a figure, "
     "ranking COVID-19 claims low: number reading, told to the lead)"),
    ("search", "history / taken --reviewer %, _, a%a, ana / ANA, a_a, 'a_a ', ΣΟΦΟΣ / σοφος; export / list "
     "--outlet %, _, case, double space, spaces around, ZWSP, full-width, 'Northline%' (both)", "held: literal, "
     "names case-sensitive as documented, the same rows on both"),
    ("search", "repeats --verdict bogus / FALSE / 'mostly false' / '' / a label from the settings; list, export "
     "and set-status --verdict 'Pants on Fire'", "held: verdicts by name (labels are shown, not typed)"),
    # dates
    ("dates", "set-date of 46: '14 April 2024 12:00 noon', 'Apr 14 2024 0930', '14th of April, 2024 AD', "
     "\"14 Apr '24\", 14.04.2024., 14-IV-2024, 'first week of April 2024', '2 weeks from now', 'a week from "
     "today', 'one week ago today', '2024-01-01 UTC+0', 'new year's day 2024', 'christmas 2024', 'Feb 29 2023', "
     "31/11/2024, 2024-00-10, 2024-001, «2024-01-01», 2024—01—01, '2024 01 01', 1.1., 2024-01-01/2024-01-02, "
     "P1D, 'a decade ago', 'the 1990s', \"'90s\", '19th century'", "held: refused in one line ('00/01/2024' is "
     "said to be either way round, where it is no date either way: wording, not changed)"),
    ("dates", "'2024-04-14 00:00:00+00', 2024.04.14, 'this morning', tonight, 'last night', 'yesterday morning', "
     "'JAN 1 2024', '1 Jan. 2024 GMT', 'Jan' (a month of the article's year), 'last year', 'Dec. 2023', "
     "'Sept. 2023', 300 spaces or NBSPs inside", "held: read as the day, month or year they name"),
    ("dates", "watch add --every 0s, 1y, 1w, 90m, 1d1h, PT1H, 1.5h, １h, 1H, ' 1h', '1 h', 0h1s, 365d, 366d, "
     "31536000s, 1d-1h, 1e3s", "held (1.5h is 1h30m; 1H an hour)"),
    # non-Latin text and the duplicate decision (claims compare; 32 pairs)
    ("matching", "Turkish %12 / %15 and yüzde, French '12 %' (U+202F), 12,5 % / 125 %, 1'200 / 1'500, Indian "
     "1,20,000 / 1,50,000, Arabic ١٢٪ / ١٥٪ and / 12%, Hindi प्रतिशत, Greek τοις εκατό, Hebrew ב-12, ％, ½ / ¾, "
     "1½ / 2½, 1e6 / 1e3, 10^6 / 10^3, km / miles, kg / lb, °C / °F, € / $, million / thousand", "held: "
     "conflicts where the figures differ, duplicates where one figure is written two ways"),
    ("matching", "compare '12 m' / '12 cm', '3 kg' / '3 g', '40C' / '40F' (glued), '12 percentage points' / "
     "'12 percent'; '1.2 m' / '120 cm'", "FOUND, NOT FIXED (told to the lead: units sit beside the number "
     "reading the lead is editing, and each moves decisions): duplicate at 98.7-99.8, since a bare 'm' is read "
     "as million, 'g', 'mg', 'mm' are no unit and a glued C/F is not read (claims/matching/units.py); "
     "'percentage points' / 'percent' are one unit by design. '1.2 m' / '120 cm' is a conflict of one "
     "quantity (no conversion: safe side)"),
    # superlinear
    ("superlinear", "extract of 10k / 20k / 40k header-like 'KeyN: value' lines (3.7 / 5.3 / 9.2 s), 20k-80k "
     "'Mr. ', 'a.' and quotations on one line; search --queries of 1k / 2k / 4k (5.6 / 10.1 / 17.8 s), compare "
     "--pairs of 1k-4k; report, history, export, claimreview, repeats, dupes, db check of 14,228 claims",
     "held: linear, memory flat (70-285 MB)"),
    ("desk filters", "bench/desk_bench.py --db on the CheckThat store (14,228 claims, verified, no outlets), "
     "5 rounds at load 6", "filters 31-72 ms p95 (target 300), set-verdict 13 ms; page-down p95 186 ms over its "
     "100 ms target with the Pilot's own no-op key at 116 ms p95 at that load: not taken as a finding"),
    # team mode (PostgreSQL, ana and bob)
    ("team", "ana set-article 1, bob set-date 4, ana undo / bob undo / ana undo; ana take 5, bob take 6, bob merge "
     "6 5, taken, ana release 5, bob unmerge 5, ana take 5; bob set-url then ana set-url, bob undo, ana undo",
     "held: undos refused naming the other's change; a take follows its claim (released by its holder only)"),
    ("merge", "merge 4 4, 4 14 14, 4 -- -1, 4 alone, 4 0, unmerge of a head / a member / 0 / 99999 twice, undo "
     "and redo of each", "held"),
    ("transcripts", "extract --transcript and ingest --transcript of a 400-character label, 'MAYOR\\u202e JONES:', "
     "an ESC-coloured label, a full-width 'DR. Ｊｏｎｅｓ:'", "held for ingest (the label left empty with a "
     "warning; controls removed, then 'MAYOR JONES:' is a label). extract reads the text as given (offsets "
     "index the input), so it shows the 400-character speaker and the two lines after it as that speaker's: "
     "a preview that differs from what ingest stores only for text holding controls; not changed"),
]


# --- the desk's notifications: a control character an older version stored ---------------------------
#
# The queue and the detail show a claim an older version stored with ESC as its symbols (pass 5),
# but a notification quoting it ("A checked claim came back (false): “…” in …", written from the
# stored claim and outlet) sent it as it is. Every notification goes through ClaimsApp.notify,
# which now shows controls through `printable` as it already kept markup out.


async def test_a_notification_quoting_a_stored_control_shows_its_symbol(tmp_path):
    from types import SimpleNamespace

    from tests.desk import one_claim_desk, open_desk
    from tui.messages import RepeatsFound
    from tui.testing import settle

    stored = "The bridge \x1b]2;pwned\x07 carries 40,000 vehicles a day"
    repeat = SimpleNamespace(kind="repeat", claim=stored, verdict="false", outlet="Ledger\x1b[31m")
    async with open_desk(one_claim_desk(tmp_path), size=(160, 40)) as (app, pilot, said):
        app.post_message(RepeatsFound([repeat]))
        await pilot.pause()
        await settle(pilot)
        shown = [(n.title, n.message) for n in app._notifications]
        quoted = [m for _, m in shown if "came back" in m]
        assert quoted and "␛]2;pwned␇" in quoted[0] and "Ledger␛[31m" in quoted[0], shown
        assert not any("\x1b" in t or "\x1b" in m or "\x07" in m for t, m in shown), shown

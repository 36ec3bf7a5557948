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

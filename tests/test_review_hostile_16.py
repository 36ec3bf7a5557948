"""What pass 16 (tests/test_hostile_inputs_16.py) and the noticed-18 work found and left: a '#'
in an SQLite URL, a watched address the HTTP client cannot fetch, unnamed CSV columns, an
empty line before a feed's summary, a file name's byte spelled two ways. Each fails before
its fix."""

from __future__ import annotations

import os
import subprocess

from click.testing import CliRunner

from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import one_line_error
from tui.entry import cli


def test_an_sqlite_url_with_a_fragment_is_refused_not_another_file(tmp_path, monkeypatch):
    """`sqlite:////tmp/x/desk.db#frag` opened (and made) the file 'desk.db#frag', a new, empty
    desk, instead of desk.db, without a word; a '#' in a name is written %23."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/desk.db#frag", "ingest",
                                      str(SAMPLES / "01-harbour-courier-floods.txt")])
    one_line_error(result, "holds no '#'", "%23")
    assert list(tmp_path.iterdir()) == []


def test_an_sqlite_file_name_holding_a_hash_is_reached_written_as_percent_23(tmp_path):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/a%23b.db", "ingest",
                                      str(SAMPLES / "01-harbour-courier-floods.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a#b.db").is_file()


def test_watch_add_refuses_a_host_the_fetcher_cannot_reach(tmp_path):
    """`watch add https://💩.la/feed` was stored (as xn--ls8h.la, the name a browser maps it
    to), and every `watch run` failed on it: httpx takes only IDNA 2008 names."""
    db = f"sqlite:///{tmp_path}/w.db"
    result = CliRunner().invoke(cli, ["--db", db, "watch", "add", "https://💩.la/feed"])
    one_line_error(result, "https://💩.la/feed", "cannot fetch")
    listed = CliRunner().invoke(cli, ["--db", db, "watch", "list", "--format", "csv"])
    assert "ls8h" not in listed.output
    ok = CliRunner().invoke(cli, ["--db", db, "watch", "add", "https://bücher.example/feed"])
    assert ok.exit_code == 0 and "xn--bcher-kva.example" in ok.output, ok.output


def test_a_csv_with_unnamed_columns_imports_and_names_them(tmp_path):
    """'id,text,,' (a spreadsheet's trailing commas) was refused as naming a column twice,
    and the message named nothing: ': the header names a column twice: '."""
    src = tmp_path / "sheet.csv"
    src.write_text("id,text,,\nq1,The mayor said 40 homes were flooded in May.,,\n"
                   "q2,The governor said 900 roads were closed in June.,,note\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "import", str(src)])
    assert result.exit_code == 0, result.output
    assert "imported 2 claims" in result.output and "column 4 (1)" in result.output, result.output


_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title>'
         "<link>http://127.0.0.1:9/x</link></item></channel></rss>")


def test_a_feed_whose_entry_fails_writes_no_empty_line_to_a_log(tmp_path):
    """`claims ingest --feed f.xml 2>log`: Rich's progress bar, stopping on a stderr that is no
    terminal, wrote an empty line between the entry's error and the feed's summary."""
    name = os.fsencode(tmp_path) + b"/caf\xe9.xml"
    with open(name, "w", encoding="utf-8") as out:
        out.write(_FEED)
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(tmp_path / "f.db"), "ingest", "--feed", name],
                          capture_output=True, timeout=120)
    lines = done.stderr.decode("utf-8", "backslashreplace").splitlines()
    assert done.returncode == 1 and len(lines) == 2 and all(line.strip() for line in lines), lines
    # the name's byte as `path_text` stores it (`articles`, sources), not as Python holds it
    assert lines[0].startswith("claims: error: ") and "caf\\xe9.xml: entry 1" in lines[0], lines
    assert "udce9" not in done.stderr.decode("utf-8", "backslashreplace")


def test_a_missing_file_whose_name_is_not_utf8_is_named_as_stored_names_are(tmp_path):
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(tmp_path / "f.db"), "ingest", os.fsencode(tmp_path) + b"/no\xe9.txt"],
                          capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == 1 and err.rstrip().endswith("no\\xe9.txt: no such file"), err

"""What pass 16 (tests/test_hostile_inputs_16.py) found and left: a '#' in an SQLite URL, and
a watched address the HTTP client cannot fetch. Each fails before its fix."""

from __future__ import annotations

from click.testing import CliRunner

from tests.conftest import SAMPLES
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

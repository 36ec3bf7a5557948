"""A fourth hostile pass (issue 15's classes, other inputs): files the user may not read or
write, `~user` paths naming no user, SQLite URLs with a query. One line each, nothing made."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from tests.conftest import CLAIMS_BIN, SAMPLES, run_claims
from tui.entry import cli

NO_USER = "~claims-no-such-user-x9"


def _no_permissions_prefix() -> list[str]:
    """How to run a command that file permissions apply to: as is for a user, and for root
    without the capabilities that let it read and write any file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps]


def _run_without_permissions(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*_no_permissions_prefix(), str(CLAIMS_BIN), *args], capture_output=True, timeout=120)


def _one_line(proc: subprocess.CompletedProcess) -> str:
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode == 1, out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
    return out.strip()


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    done = run_claims("--db", str(path), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("command", [("list",), ("list", "--search", "budget"), ("show", "1"), ("articles",)])
def test_a_desk_the_user_may_not_read_is_one_line(desk, command):
    desk.chmod(0)
    try:
        line = _one_line(_run_without_permissions("--db", str(desk), *command))
    finally:
        desk.chmod(0o644)
    assert str(desk) in line and "permissions" in line


def test_a_backup_into_a_folder_the_user_may_not_write_is_one_line(desk, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = _one_line(_run_without_permissions("--db", str(desk), "db", "backup", str(folder / "b.db")))
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
    assert line == f"claims: error: {folder / 'b.db'}: cannot write the backup (Permission denied)"


@pytest.mark.parametrize("args", [
    ("--db", f"{NO_USER}/x.db", "list"),
    ("--db", f"{NO_USER}/x.db", "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")),
    ("--db", f"sqlite:///{NO_USER}/x.db", "list"),
    ("db", "backup", f"{NO_USER}/b.db"),
    ("watch", "add", f"{NO_USER}/feed.xml"),
])
def test_a_path_under_a_user_that_does_not_exist_is_one_line(db_path, args):
    if "--db" not in args:
        args = ("--db", str(db_path), *args)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "~claims-no-such-user-x9 is no user with a home folder" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_a_settings_path_under_a_user_that_does_not_exist_is_one_line(monkeypatch):
    monkeypatch.setenv("CLAIMS_CONFIG", f"{NO_USER}/config.toml")
    result = CliRunner().invoke(cli, ["config", "path"])
    assert result.exit_code == 1 and "is no user with a home folder" in result.output, result.output


@pytest.mark.parametrize("query", ["?x=1.db", "?mode=ro", "?bogus=1"])
def test_an_sqlite_url_with_a_query_is_refused_not_half_read(tmp_path, monkeypatch, query):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///q{query}", "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")])
    assert result.exit_code == 1, result.output
    assert "an SQLite URL takes no query" in result.output and "%3F" in result.output
    assert list(tmp_path.iterdir()) == []  # no desk "q" made, the query dropped


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_an_sqlite_side_file_is_refused_as_a_desk(tmp_path, side):
    """`--db desk.db-wal` made a desk in the WAL file, which SQLite deletes as a leftover the
    next time desk.db is opened: the claims ingested into it were lost."""
    target = tmp_path / f"desk.db{side}"
    result = CliRunner().invoke(cli, ["--db", str(target), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")])
    assert result.exit_code == 1, result.output
    assert "side file SQLite keeps beside the database desk.db" in result.output
    assert "Traceback" not in result.output and not target.exists()


def test_the_article_size_cap_holds_on_standard_input_too(db_path):
    from claims.sources import MAX_ARTICLE_BYTES

    sentence = b"The mayor said the bridge carries 40,000 vehicles a day.\n"
    data = sentence * (MAX_ARTICLE_BYTES // len(sentence) + 1)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", "-"], input=data)
    assert result.exit_code == 1, result.output[-500:]
    assert result.output.strip().splitlines()[-1] == "claims: error: <stdin>: larger than 20 MB, not an article"
    listed = CliRunner().invoke(cli, ["--db", str(db_path), "articles", "--format", "jsonl"])
    assert listed.output.strip() == ""


def test_claimreview_markup_cannot_end_the_script_it_is_pasted_into(db_path, tmp_path):
    import json

    record = {"id": "x1", "text": "The mayor said </script><script>alert(1)</script> costs 4 & more",
              "speaker": "<b>Bo</b>", "url": "https://example.com/a?b=1&c=<2>", "title": "</script>",
              "status": "verified", "verdict": "false", "fact_check_url": "https://example.com/check"}
    source = tmp_path / "r.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "import", str(source)]).exit_code == 0
    out = tmp_path / "cr.json"
    done = runner.invoke(cli, ["--db", str(db_path), "export", "--format", "claimreview", "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text and "&" not in text
    (review,) = json.loads(text)
    assert review["claimReviewed"] == record["text"]
    assert review["itemReviewed"]["firstAppearance"]["url"] == record["url"]
    assert review["itemReviewed"]["author"]["name"] == "<b>Bo</b>"


@pytest.mark.parametrize("typed, other", [("o’brien", "D'Souza"), ("O'BRIEN", "D’Souza"), ("d’souza", "O'Brien"),
                                          ("d'souza", "O'Brien")])
def test_a_speaker_typed_with_either_apostrophe_finds_the_other(db, tmp_path, typed, other):
    import json

    speakers = {"O'Brien": "The minister said exports rose 12 percent in 2023",
                "D’Souza": "The mayor said the bridge carries 40,000 vehicles a day",
                "Obrien": "The chief said 300 officers were hired in 2020"}
    source = tmp_path / "s.jsonl"
    source.write_text("".join(json.dumps({"text": t, "speaker": s}) + "\n" for s, t in speakers.items()),
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db.url, "import", str(source)]).exit_code == 0
    for args in (["--speaker", typed], ["--speaker", typed, "--search", "said"]):
        listed = runner.invoke(cli, ["--db", db.url, "list", *args, "--format", "jsonl"])
        assert listed.exit_code == 0, listed.output
        found = [json.loads(line)["speaker"] for line in listed.output.splitlines()]
        assert len(found) == 1 and found[0] != other and found[0] != "Obrien", found


@pytest.mark.parametrize("typed, why", [
    ("monday 14 april 2024", "2024-04-14 is a Sunday, not a Monday"),
    ("tuesday wednesday", "is a Tuesday, not a Wednesday"),
    ("last friday last monday", "'last' is said twice"),
    ("yesterday yesterday", "'yesterday' is said twice"),
    ("1 day ago ago", "'ago' is said twice"),
])
def test_a_typed_date_with_words_the_reader_dropped_is_refused(db_path, typed, why):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"),
                                      "--published", typed])
    assert result.exit_code == 1, result.output
    assert f"--published: {typed!r} is not a date (" in result.output and why in result.output


@pytest.mark.parametrize("typed, expected", [
    ("the day before yesterday", "2026-12-01"),  # was yesterday's date
    ("the day after tomorrow", "2026-12-05"),
    ("the Monday before last", "2026-11-23"),  # was last Monday's, a week late
    ("the Friday after next", "2026-12-11"),
    ("last Monday", "2026-11-30"),
    ("the day before", "2026-12-02"),
])
def test_a_day_counted_twice_from_today_is_read_as_said(typed, expected):
    import datetime as dt

    from claims.dates import read_typed_date, resolve_phrase

    thursday = dt.date(2026, 12, 3)
    assert read_typed_date(typed, base=thursday) == (expected, "day")
    assert resolve_phrase(f"it happened {typed}", published=thursday) == (expected, "day")  # in an article too


@pytest.mark.parametrize("typed", ["sunday 14 april 2024", "Sun, 14 Apr 2024", "last friday", "on friday",
                                   "the day before", "3 days ago"])
def test_a_typed_date_read_whole_still_reads(typed):
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=dt.date(2026, 12, 3))[1] == "day"


def test_a_date_read_as_a_year_with_other_numbers_names_what_was_typed(db_path):
    typed = "2024\uff0d04\uff0d14"  # full-width hyphens: only the year is read
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"),
                                      "--published", typed])
    assert result.exit_code == 1, result.output
    assert f"--published: {typed!r} is not a date ('\uff0d' is no part of a date)" in result.output

"""A database that cannot be used, or a --db that names none we support: one line, no traceback.

Issue 15, findings 1 and 2: a damaged SQLite file, unsupported URLs, a PostgreSQL URL without
a database, in-memory SQLite, a new file in a folder that does not exist.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.conftest import SAMPLES, run_claims
from tui.entry import cli


def one_line_error(result) -> str:
    """The error line of a failed in-process run, checked to be the only line and no traceback."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    text = result.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return text


@pytest.fixture(scope="module")
def damaged_desk(tmp_path_factory):
    """The issue's recipe: a desk of the sample articles with its 11th page overwritten."""
    folder = tmp_path_factory.mktemp("damaged")
    desk = folder / "desk.db"
    done = run_claims("--db", str(desk), "ingest", str(SAMPLES))
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(desk)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damaged = folder / "zz.db"
    shutil.copy(desk, damaged)
    with damaged.open("r+b") as fh:  # dd if=/dev/zero of=zz.db bs=4096 seek=10 count=1 conv=notrunc
        fh.seek(10 * 4096)
        fh.write(b"\0" * 4096)
    con = sqlite3.connect(damaged)
    with pytest.raises(sqlite3.DatabaseError):  # the recipe did damage a page in use
        con.execute("PRAGMA integrity_check").fetchall()
    con.close()
    return damaged


def test_db_check_reports_a_damaged_file_as_its_finding(damaged_desk):
    """Through the installed command, as a person runs it."""
    done = run_claims("--db", str(damaged_desk), "db", "check")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "Traceback" not in err
    lines = [ln for ln in (done.stdout.decode() + err).splitlines() if ln.strip()]
    finding = next(ln for ln in lines if "damaged" in ln)
    assert "outlet" in finding  # what is damaged: the page zeroed belongs to the outlet table
    assert "claims db backup" in finding


@pytest.mark.parametrize("command", [["db", "check"], ["list"], ["list", "--search", "flood"]], ids=" ".join)
def test_a_desk_too_damaged_to_open_is_not_sent_to_db_check(runner, damaged_desk, tmp_path, command):
    """A file cut short loses the pages its schema is read from: no command can open it,
    `claims db check` included, so the line points to a backup, not to db check."""
    cut = tmp_path / "cut.db"
    shutil.copy(damaged_desk, cut)
    with cut.open("r+b") as fh:
        fh.truncate(40_000)
    line = one_line_error(runner.invoke(cli, ["--db", str(cut), *command]))
    assert "is damaged and cannot be opened" in line and "claims db backup" in line
    assert "claims db check" not in line


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["articles"],
                                     ["set-status", "1", "--status", "in_review"]], ids=" ".join)
def test_commands_on_a_damaged_file_say_so_in_one_line(runner, damaged_desk, tmp_path, command):
    copy = tmp_path / "zz.db"
    shutil.copy(damaged_desk, copy)
    result = runner.invoke(cli, ["--db", str(copy), *command])
    line = one_line_error(result)
    assert "damaged" in line and "claims db check" in line and "claims db backup" in line


@pytest.mark.parametrize("command", [
    ["export"], ["export", "--format", "claimreview", "--include-incomplete"], ["search", "flood"],
    ["dupes"], ["history"], ["taken"], ["db", "backup", "BACKUP"], ["db", "copy", "--to", "COPY"],
    ["undo"], ["merge", "1", "2"], ["set-url", "1", "https://example.org/x"], ["take", "1"],
    ["set-article", "1", "--published", "2024-04-14"], ["set-date", "1", "2024-04-12"],
    ["import", "IMPORT"], ["ingest", "ARTICLE"], ["dupes", "--rebuild"],
], ids=" ".join)
def test_no_command_tracebacks_on_a_damaged_file(runner, damaged_desk, tmp_path, command):
    """What a command does on a damaged file depends on the pages it reads; a traceback never."""
    copy = tmp_path / "zz.db"
    shutil.copy(damaged_desk, copy)
    (tmp_path / "in.jsonl").write_text('{"text": "The mayor said the bridge cost 4 million."}\n')
    (tmp_path / "a.txt").write_text('"The river rose two metres," the mayor said on Monday.\n')
    names = {"BACKUP": str(tmp_path / "b.db"), "COPY": str(tmp_path / "c.db"),
             "IMPORT": str(tmp_path / "in.jsonl"), "ARTICLE": str(tmp_path / "a.txt")}
    result = runner.invoke(cli, ["--db", str(copy), *[names.get(c, c) for c in command]])
    if result.exit_code != 0:
        one_line_error(result) if "damaged" in result.output else None
        assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("url", [
    "mysql://x@127.0.0.1/y",
    "foo://bar",
    "postgresql+asyncpg://postgres@127.0.0.1/x",
    "postgresql://postgres@127.0.0.1:abc/x",
    "postgresql+psycopg2://postgres@127.0.0.1/x",
    "sqlite+aiosqlite:///x.db",
    "://nothing",
])
def test_unsupported_database_urls_name_what_is_supported(runner, url):
    result = runner.invoke(cli, ["--db", url, "list"])
    line = one_line_error(result)
    assert "sqlite" in line.lower() and "postgresql://" in line, line


def test_a_bad_url_after_the_command_is_refused_too(runner):
    line = one_line_error(runner.invoke(cli, ["list", "--db", "foo://bar"]))
    assert "postgresql://" in line


# -- finding 2: the wrong place, silently ---------------------------------------------------


def test_a_postgresql_url_without_a_database_is_refused(runner, request):
    try:
        admin = request.getfixturevalue("pg_admin_url")
    except pytest.skip.Exception:
        admin = None
    before = _pg_tables(admin) if admin else None
    for url in ("postgresql://postgres@127.0.0.1/", "postgresql://postgres@127.0.0.1",
                "postgres://postgres@127.0.0.1:5432/"):
        line = one_line_error(runner.invoke(cli, ["--db", url, "ingest", str(SAMPLES)]))
        assert "names no database" in line, line
    if admin:
        assert _pg_tables(admin) == before  # nothing was created in the server's default database


def _pg_tables(admin_url: str) -> set[str]:
    from sqlalchemy import create_engine, inspect

    from db.urls import resolve_url

    engine = create_engine(resolve_url(admin_url))
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://", ":memory:", "sqlite:///:memory:",
                                 "sqlite:///file:x?mode=memory&uri=true"])
@pytest.mark.parametrize("command", [["ingest", str(SAMPLES)], ["list"]], ids=" ".join)
def test_in_memory_sqlite_is_refused(runner, tmp_path, monkeypatch, url, command):
    monkeypatch.chdir(tmp_path)
    line = one_line_error(runner.invoke(cli, ["--db", url, *command]))
    assert "in-memory" in line and "keeps nothing" in line
    assert list(tmp_path.iterdir()) == []  # no file named ':memory:' either


def test_an_empty_db_option_is_refused(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "env.db"))
    line = one_line_error(runner.invoke(cli, ["--db", "", "list"]))
    assert "empty" in line
    assert not (tmp_path / "env.db").exists()


def test_a_new_desk_only_where_its_folder_exists(runner, tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    for args in (["--db", str(target), "ingest", str(SAMPLES)], ["--db", f"sqlite:///{target}", "list"],
                 ["list", "--db", str(target)]):
        line = one_line_error(runner.invoke(cli, args))
        assert "no folder" in line and "claims db init" in line, line
    assert not (tmp_path / "nonexistent").exists()
    made = runner.invoke(cli, ["db", "init", "--db", str(target)])
    assert made.exit_code == 0, made.output
    assert target.is_file() and "created" in made.output
    again = runner.invoke(cli, ["db", "init", "--db", str(target)])
    assert again.exit_code == 0 and "already" in again.output
    listed = runner.invoke(cli, ["--db", str(target), "list", "--format", "json"])
    assert listed.exit_code == 0 and listed.stdout.strip() == "[]"


def test_a_file_that_is_no_database_is_named_as_such(runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a desk\n" * 500)
    line = one_line_error(runner.invoke(cli, ["--db", str(notes), "list"]))
    assert "is not an SQLite database" in line and str(notes) in line
    assert notes.read_text() == "not a desk\n" * 500


# -- hostile pass 3 -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["q?mode=ro.db", "a%20b.db", "c#d.db"])
def test_a_file_path_is_taken_as_written(runner, tmp_path, name):
    """A path is no URL: `?` starts no query, `%20` is no space, `#` no fragment."""
    target = tmp_path / name
    done = runner.invoke(cli, ["--db", str(target), "ingest", str(SAMPLES)])
    assert done.exit_code == 0, done.output
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))] == [name]
    shown = runner.invoke(cli, ["--db", str(target), "db", "path"])
    assert shown.output.strip() == str(target)


@pytest.mark.parametrize("url", ["postgresql://postgres@127.0.0.1/%00", "postgresql://postgres@127.0.0.1/x%00y",
                                 "postgresql://pos%00tgres@127.0.0.1/x", "sqlite:///%00x.db",
                                 "postgresql://postgres@127.0.0.1/x?application_name=a%0Ab"])
def test_a_url_holding_a_control_character_is_refused(runner, tmp_path, monkeypatch, request, url):
    """libpq cuts a URL at a NUL: ".../%00" reached the server's default database (user and all)."""
    try:
        admin = request.getfixturevalue("pg_admin_url")
    except pytest.skip.Exception:
        admin = None
    before = _pg_tables(admin) if admin else None
    monkeypatch.chdir(tmp_path)
    line = one_line_error(runner.invoke(cli, ["--db", url, "ingest", str(SAMPLES)]))
    assert "control character" in line, line
    assert list(tmp_path.iterdir()) == []
    if admin:
        assert _pg_tables(admin) == before

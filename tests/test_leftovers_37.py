"""Pass 37's leftovers of issue 15: out of open files, a BOM'd JSONL's line numbers, a desk
file named in UTF-8 under LC_ALL=C."""

from __future__ import annotations

import os
import resource
import subprocess

import pytest

from tests.conftest import CLAIMS_BIN


def _run_with_open_files(limit: int, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    def lower_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    return subprocess.run([str(CLAIMS_BIN), *args], capture_output=True, text=True, timeout=120,
                          preexec_fn=lower_limit, env={**os.environ, **(env or {})})


def test_running_out_of_open_files_is_said_as_such_not_as_a_module_file(tmp_path):
    done = _run_with_open_files(6, "--db", str(tmp_path / "desk.db"), "list")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines == ["claims: error: the system ran out of open files for claims (the limit is 6): raise it, "
                     "for example with `ulimit -n 1024`, and try again"], done.stderr


def test_a_byte_not_utf8_after_a_bom_is_named_with_its_own_line(invoke, tmp_path):
    """utf-8-sig counts its error's place after the BOM: the byte named was the one 3 before
    ('0x63', the c of 'café'), and one at the start of line 2 was said to be on line 1."""
    first = tmp_path / "first.jsonl"
    first.write_bytes(b'\xef\xbb\xbf{"text": "caf\xe9 prices rose 12 percent"}\n')
    second = tmp_path / "second.jsonl"
    second.write_bytes(b'\xef\xbb\xbf{"text": "The port moved 4 million tonnes in 2023."}\n\xe9{"text": "x"}\n')
    for path, line in ((first, 1), (second, 2)):
        result = invoke("import", str(path))
        assert result.exit_code == 1
        assert f"{path.name}: not UTF-8 (byte 0xe9 on line {line})" in result.stderr


def test_a_desk_path_with_an_unexpanded_variable_gets_no_hint_making_a_folder_of_it(runner, tmp_path, monkeypatch):
    """`--db '$HOME/x/desk.db'` from a unit or .env file: the hint `claims db init --db
    '/tmp/$HOME/x/desk.db'` would make a folder named '$HOME'."""
    from tui.entry import cli

    monkeypatch.chdir(tmp_path)
    for given, named in (("$HOME/x/desk.db", "$HOME"), ("${HOME}/x/desk.db", "${HOME}"),
                         ("%USERPROFILE%/desk.db", "%USERPROFILE%")):
        result = runner.invoke(cli, ["--db", given, "list"])
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1
        assert "db init" not in result.stderr
        assert (f"the path holds {named!r}, which nothing replaced (a shell would, a unit or .env file "
                "does not): write the folder out in full") in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_db_copy_onto_the_same_postgresql_database_by_another_host_name_is_the_desk_itself(runner, pg_url,
                                                                                            tmp_path):
    from sqlalchemy.engine import make_url

    from tui.entry import cli

    article = tmp_path / "a.txt"
    article.write_text("The port handled 4 million tonnes of cargo in 2023, officials said.\n")
    assert runner.invoke(cli, ["--db", pg_url, "ingest", str(article)]).exit_code == 0
    url = make_url(pg_url)
    other = url.set(host="localhost" if url.host != "localhost" else "127.0.0.1")
    shown = other.render_as_string(hide_password=False)
    result = runner.invoke(cli, ["--db", pg_url, "db", "copy", "--to", shown])
    assert result.exit_code == 1
    assert "is the desk itself" in result.stderr and "by another name" in result.stderr
    assert "not empty" not in result.stderr


def test_a_write_waiting_on_a_postgresql_row_lock_says_who_holds_it(fresh_pg_url, tmp_path):
    """It said only 'locked by another session' after 10 s of silence: now a line after 2 s of
    waiting, and the refusal, name the session holding the row (pg_blocking_pids)."""
    import psycopg
    from sqlalchemy.engine import make_url

    from tests.conftest import run_claims

    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server (set CLAIMS_TEST_PG_URL)")
    pg_url = fresh_pg_url("lock")  # an empty desk: the claim imported is claim 1, merged into none
    claims_file = tmp_path / "one.jsonl"
    claims_file.write_text('{"text": "The port handled 4 million tonnes of cargo in 2023."}\n')
    assert run_claims("--db", pg_url, "import", str(claims_file)).returncode == 0
    conninfo = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, application_name="holder-37") as holder:
        holder.execute("SELECT id FROM claim WHERE id = 1 FOR UPDATE")
        pid = holder.info.backend_pid
        done = run_claims("--db", pg_url, "set-status", "1", "--verdict", "false")
        holder.rollback()
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"waiting for a lock on the database held by session {pid} (")
    assert "'holder-37'" in lines[0] and "FOR UPDATE" in lines[0] and lines[0].endswith("(gives up after 10 s)")
    assert f"is locked by session {pid} (" in lines[1] and "'holder-37'" in lines[1]
    assert "another session" not in lines[1]


def test_an_output_path_with_an_unexpanded_variable_is_said_so(runner, tmp_path, monkeypatch):
    """`export -o '$HOME/e.csv'` (from a script quoting it) said only "cannot write (No such file
    or directory)"; a name that merely holds a dollar in a folder that exists is written."""
    from tui.entry import cli

    monkeypatch.chdir(tmp_path)
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    for args in (["export", "-o", "$HOME/e.csv"], ["report", "-o", "${HOME}/r.html"]):
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1
        assert "which nothing replaced (a shell would): write the folder out in full" in result.stderr
    assert runner.invoke(cli, ["--db", db, "export", "-o", "$HOME.csv"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("desk.db")) == ["$HOME.csv"]

"""A thirty-seventh hostile pass (37a: tracebacks, wrong place, unsafe links, search semantics,
silent loss in import and export), with inputs earlier passes did not try. Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files in /tmp/h37a and
the PostgreSQL database claims_h37a) is at the end of this file (LOG)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.hostile import claims_run, one_line_stderr, record_file

# --- wrong place: an export or a report written over claims' own settings files ------------------------
#
# `-o` refused the desk and its side files, but not the files claims keeps its settings in:
# `claims export -o ~/.config/claims/config.toml` (or a link to it, or $CLAIMS_CONFIG's file)
# replaced the settings with a CSV and said "wrote 2 claims"; every command after failed on
# "not valid TOML", the export too. filters.json (the desk's saved filters) and keys.toml alike.
# They are refused as the desk is, and left as they were.


def _settings(tmp_path, name: str):
    folder = tmp_path / "xdg-config" / "claims"  # conftest's XDG_CONFIG_HOME
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text({"config.toml": "[organisation]\nname = \"Desk\"\n", "keys.toml": "[keys]\n",
                     "filters.json": '{"mine": {"speaker": "Smith"}}'}[name], encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["config.toml", "filters.json", "keys.toml"])
@pytest.mark.parametrize("command", [("export",), ("export", "--format", "claimreview", "--include-incomplete"),
                                     ("report",)])
def test_an_export_or_report_is_not_written_over_a_settings_file(db, tmp_path, name, command):
    assert claims_run(db, "import", record_file(tmp_path, status="verified", verdict="false")).returncode == 0
    path = _settings(tmp_path, name)
    before = path.read_bytes()
    done = claims_run(db, *command, "-o", str(path))
    one_line_stderr(done, str(path), f"a settings file of claims ({name})", "nothing was written")
    assert path.read_bytes() == before


def test_a_link_or_claims_config_file_is_kept_too(db, tmp_path):
    path = _settings(tmp_path, "config.toml")
    before = path.read_bytes()
    (tmp_path / "soft.toml").symlink_to(path)
    os.link(path, tmp_path / "hard.toml")
    for target in ("soft.toml", "hard.toml"):
        one_line_stderr(claims_run(db, "export", "-o", str(tmp_path / target)), "(config.toml)")
    assert path.read_bytes() == before
    other = tmp_path / "other.toml"
    other.write_text("[organisation]\nname = \"Other\"\n", encoding="utf-8")
    env_done = _run_with(db, {"CLAIMS_CONFIG": str(other)}, "report", "-o", str(other))
    one_line_stderr(env_done, "(other.toml)")
    assert "Other" in other.read_text(encoding="utf-8")
    assert claims_run(db, "export", "-o", str(tmp_path / "e.csv")).returncode == 0  # any other file is written


def _run_with(db, env: dict, *args: str):
    import subprocess

    from tests.conftest import CLAIMS_BIN

    return subprocess.run([str(CLAIMS_BIN), "--db", db.url, *args], capture_output=True, timeout=120,
                          env={**os.environ, "CLAIMS_REVIEWER": "ana", **env})


# --- wrong place: a PostgreSQL connection string, or a path with an SQLite URI's query ---------------
#
# A bare --db is an SQLite path, and a new desk is made where its folder is; names surely meant for
# another database were refused (a URL without '//', `file:` URIs, a Windows path), but libpq's
# keyword/value string (`--db 'host=db1 dbname=claims user=ana'`, as psql and PostgreSQL's docs
# write it) made an empty SQLite desk of that name in the working folder, and `set-status 14` then
# said "no such claim"; `--db 'desk.db?mode=ro'` beside desk.db made a second, empty desk alike.


@pytest.mark.parametrize("typed", ["host=127.0.0.1 dbname=claims user=postgres", "dbname=claims",
                                   "postgres user=ana sslmode=disable"])
def test_a_libpq_connection_string_makes_no_desk(tmp_path, typed):
    from tests.conftest import CLAIMS_BIN

    done = subprocess.run([str(CLAIMS_BIN), "--db", typed, "list"], capture_output=True, timeout=120,
                          cwd=tmp_path, env={**os.environ, "CLAIMS_REVIEWER": "ana"})
    one_line_stderr(done, "reads as a PostgreSQL connection string", "postgresql://USER@HOST")
    assert not (tmp_path / typed).exists()


@pytest.mark.parametrize("suffix", ["?mode=ro", "?immutable=1", "#x"])
def test_a_path_with_a_query_beside_its_desk_makes_no_desk(tmp_path, suffix):
    from tests.conftest import CLAIMS_BIN

    env = {**os.environ, "CLAIMS_REVIEWER": "ana"}
    made = subprocess.run([str(CLAIMS_BIN), "--db", "desk.db", "db", "init"], capture_output=True, timeout=120,
                          cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    done = subprocess.run([str(CLAIMS_BIN), "--db", "desk.db" + suffix, "list"], capture_output=True, timeout=120,
                          cwd=tmp_path, env=env)
    one_line_stderr(done, "but desk.db is there", "give the path itself")
    assert not (tmp_path / ("desk.db" + suffix)).exists()
    other = subprocess.run([str(CLAIMS_BIN), "--db", "other.db?x", "list"], capture_output=True, timeout=120,
                           cwd=tmp_path, env=env)
    assert other.returncode == 0, other.stderr  # a name holding '?' with nothing before it is a name

"""A seventeenth hostile pass (issue 15's classes, other inputs than passes 1-16). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk in
tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import one_line_stderr


def _claims(*args: str, config=None) -> subprocess.CompletedProcess:
    """`claims ARGS` as a shell runs it, reading the settings file `config` when given."""
    env = {**os.environ, "CLAIMS_REVIEWER": "ana"}
    if config is not None:
        env["CLAIMS_CONFIG"] = str(config)
    return subprocess.run([str(CLAIMS_BIN), *args], capture_output=True, timeout=120, env=env)


def _verified_desk(tmp_path) -> str:
    """A desk of one article whose first claim is verified false, with its fact-check URL."""
    desk = str(tmp_path / "desk.db")
    assert _claims("--db", desk, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    first = json.loads(_claims("--db", desk, "list", "--format", "jsonl", "--limit", "1").stdout)["id"]
    assert _claims("--db", desk, "set-status", str(first), "--status", "verified", "--verdict", "false").returncode == 0
    assert _claims("--db", desk, "set-url", str(first), "https://desk.example/fc/1").returncode == 0
    return desk


# --- the organisation's name is exported as ClaimReview's author, which an import reads back as
# the reviewer: a name with a NUL, an escape, a line break or past 100 characters was exported
# into a file no import took back ("record 1: reviewer holds a NUL character") ---------------------

@pytest.mark.parametrize("name, problem", [
    ("Desk\\u0000x", "NUL"),
    ("Desk\\u001b[31m", "U+001B"),
    ("Desk\\nNews", "U+000A"),
    ("Desk\\tNews", "U+0009"),
    ("D" * 150, "150 characters"),
])
def test_an_organisation_name_no_import_takes_back_is_refused(tmp_path, name, problem):
    settings = tmp_path / "s.toml"
    settings.write_text(f'[organisation]\nname = "{name}"\nurl = "https://desk.example/"\n', encoding="utf-8")
    one_line_stderr(_claims("config", "show", config=settings), "s.toml", "name", problem)


def test_the_organisation_name_exported_comes_back(tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text('[organisation]\nname = "\\u00a0Faktencheck Zoë\\u00a0"\nurl = "https://desk.example/"\n',
                        encoding="utf-8")
    desk = _verified_desk(tmp_path)
    out = tmp_path / "cr.json"
    assert _claims("--db", desk, "export", "--format", "claimreview", "-o", str(out), config=settings).returncode == 0
    assert json.loads(out.read_text())[0]["author"]["name"] == "Faktencheck Zoë"
    back = _claims("--db", str(tmp_path / "back.db"), "import", str(out), config=settings)
    assert back.returncode == 0 and b"imported 1 claim" in back.stderr, back.stderr


def test_a_verdict_label_holding_a_nul_is_refused(tmp_path):
    """`[verdicts.false] label = "Fa\\u0000lse"` was exported as the rating's alternateName."""
    settings = tmp_path / "s.toml"
    settings.write_text('[verdicts.false]\nlabel = "Fa\\u0000lse"\n', encoding="utf-8")
    one_line_stderr(_claims("config", "show", config=settings), "[verdicts.false] label", "NUL")


# --- `claims config show` prints "the settings in effect, as TOML": what it printed of a
# notify_command word holding a newline (or a DEL) and of a [keys] id such as "é" was no TOML
# that `claims` could read back ("not valid TOML (Illegal character '\n')") ------------------------

def test_config_show_reads_back_as_the_same_settings(tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text('[watch]\nnotify_command = ["notify-bot", "--text", "a\\nb\\u007f\\"q\\\\ \\t\\u001b"]\n'
                        '[keys]\n"é" = "x"\n"a b" = "y"\n', encoding="utf-8")
    shown = _claims("config", "show", config=settings)
    assert shown.returncode == 0, shown.stderr
    again_file = tmp_path / "again.toml"
    again_file.write_bytes(shown.stdout)
    again = _claims("config", "show", config=again_file)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[1:] == shown.stdout.splitlines()[1:]  # all but the '# settings from' line
    assert b'"a\\nb\\u007f\\"q\\\\ \\t\\u001b"' in again.stdout


@pytest.mark.parametrize("command", ['"notify-bot \\u0000"', '["notify-bot", "a\\u0000b"]'])
def test_a_notify_command_holding_a_nul_is_refused(tmp_path, command):
    """No program can be given a NUL: Popen's ValueError (not the OSError the notifier says in
    one line) at the first repeat, where `config show` had taken it."""
    settings = tmp_path / "s.toml"
    settings.write_text(f"[watch]\nnotify_command = {command}\n", encoding="utf-8")
    one_line_stderr(_claims("config", "show", config=settings), "notify_command", "NUL")

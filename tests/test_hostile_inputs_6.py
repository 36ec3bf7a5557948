"""A sixth hostile pass (issue 15's classes, other inputs than passes 1-5): standard output
full, closed or left by its reader; `-o` naming a device or a pipe; Ctrl-C in a statement;
odd option combinations. Each fails before its fix."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from tests.conftest import CLAIMS_BIN, SAMPLES
from tui.entry import cli

ARTICLE = SAMPLES / "01-harbour-courier-floods.txt"


def _run(db, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", db.url])


def _record_file(tmp_path, name: str = "r.jsonl", **fields) -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"id": "x", "text": "The bridge carries 40,000 vehicles a day.", **fields})
                    + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(path), "ingest", str(ARTICLE)], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return path


# --- standard output ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("list",), ("list", "--format", "csv"), ("list", "--format", "jsonl"),
                                  ("export", "--status", "unverified"), ("show", "1")])
@pytest.mark.parametrize("where", ["full", "closed"])
def test_standard_output_that_cannot_be_written_is_one_line(desk, args, where):
    """`claims list > /dev/full` and `claims list >&-` were tracebacks (OSError, and
    TypeError: argument 1 must have a "write" method); `show 1 >&-` said nothing, status 0."""
    redirect = "> /dev/full" if where == "full" else ">&-"
    command = " ".join([str(CLAIMS_BIN), "--db", str(desk), *args])
    done = subprocess.run(["sh", "-c", f"{command} {redirect}"], capture_output=True, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err and "Exception ignored" not in err, err
    reason = "No space left on device" if where == "full" else "Bad file descriptor"
    assert err.strip().splitlines() == [f"claims: error: cannot write to standard output ({reason})"]


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json"])
def test_a_reader_that_leaves_is_no_error_in_any_format(desk, fmt):
    """`claims list --format jsonl | head -1` ended with status 1 (the table with 0)."""
    proc = subprocess.Popen([str(CLAIMS_BIN), "--db", str(desk), "list", "--format", fmt],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and err == "", err

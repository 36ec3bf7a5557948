"""What the hostile-input tests share: the CLI run on a test desk, a one-claim import file,
the one-line error a refusal ends in, the claims stored."""

from __future__ import annotations

import json
import os
import subprocess

from click.testing import CliRunner
from sqlmodel import select

from claims.models import Claim
from tests.conftest import CLAIMS_BIN
from tui.entry import cli


def run(db, *args: str):
    """`claims ARGS --db URL` through click's runner, on the test's desk (either backend)."""
    return CliRunner().invoke(cli, [*args, "--db", db.url])


def record_file(tmp_path, name: str = "r.jsonl", **fields) -> str:
    """A JSONL file of one claim with `fields` beside its id and text."""
    path = tmp_path / name
    path.write_text(json.dumps({"id": "x", "text": "The bridge carries 40,000 vehicles a day.", **fields})
                    + "\n", encoding="utf-8")
    return str(path)


def one_line_error(result, *parts: str) -> str:
    """The refusal's last line, after checking it is one `claims: error:` line holding each
    of `parts`, with exit status 1 and no traceback."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("claims: error: ") and "Traceback" not in result.output, result.output
    for part in parts:
        assert part in lines[-1], lines[-1]
    return lines[-1]


def one_line_stderr(done: subprocess.CompletedProcess, *parts: str) -> str:
    """`one_line_error` of a command run as a subprocess (its stderr as bytes)."""
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == 1 and "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("claims: error: "), err
    for part in parts:
        assert part in last, last
    return last


def stored_claims(db) -> list[Claim]:
    with db.session() as s:
        return list(s.exec(select(Claim).order_by(Claim.id)))


def claims_run(db, *args: str, reviewer: str = "ana") -> subprocess.CompletedProcess:
    """`claims --db DESK ARGS` as a shell runs it (the installed command, a process of its own)."""
    env = {**os.environ, "CLAIMS_REVIEWER": reviewer}
    return subprocess.run([str(CLAIMS_BIN), "--db", db.url, *args], capture_output=True, timeout=120, env=env)


def claims_jsonl(db, *args: str) -> list[dict]:
    """The records `claims ARGS --format jsonl` prints, after checking it succeeded."""
    done = claims_run(db, *args, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]

"""What the hostile-input tests share: the CLI run on a test desk, a one-claim import file."""

from __future__ import annotations

import json

from click.testing import CliRunner

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

"""`dupes --accept N` of a match accepted already said "accepted 1 suggestion(s)" again, run
after the first or three at once (pass 35a's found-not-fixed): the history held one accept. It
says what it did: none accepted, one accepted already; the same for --reject."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tui.entry import cli

TEXTS = ["The harbour bridge carries 40,000 vehicles a day, the mayor said on Monday.",
         "According to the mayor, some 40,000 vehicles cross the harbour bridge every day."]


def _desk_with_one_suggestion(db, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)),
                    encoding="utf-8")
    imported = CliRunner().invoke(cli, ["--reviewer", "ana", "import", str(path), "--db", db.url])
    assert "1 suggestion(s)" in imported.output, imported.output


def _run(db, *args):
    result = CliRunner().invoke(cli, ["--reviewer", "ana", "dupes", *args, "--db", db.url])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_an_accept_run_twice_says_the_second_did_nothing(db, tmp_path):
    _desk_with_one_suggestion(db, tmp_path)
    assert _run(db, "--accept", "1") == "accepted 1 suggestion(s)"
    assert _run(db, "--accept", "1") == "accepted 0 suggestion(s) (1 accepted already)"


def test_a_reject_run_twice_says_the_second_did_nothing(db, tmp_path):
    _desk_with_one_suggestion(db, tmp_path)
    assert _run(db, "--reject", "1") == "rejected 1 suggestion(s)"
    assert _run(db, "--reject", "1") == "rejected 0 suggestion(s) (1 rejected already)"

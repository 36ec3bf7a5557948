"""`claims import` through the CLI: pipelines, exit codes, one-line errors."""

from __future__ import annotations

import json

from sqlmodel import func, select

from claims.models import Claim
from db import Database

from .conftest import SAMPLES


def _count(path) -> int:
    db = Database(str(path))
    try:
        with db.session() as s:
            return s.exec(select(func.count()).select_from(Claim)).one()
    finally:
        db.close()


def test_list_jsonl_through_a_filter_into_import(invoke, runner, tmp_path):
    from tui.entry import cli

    assert invoke("ingest", str(SAMPLES)).exit_code == 0
    listed = invoke("list", "--format", "jsonl").output
    records = [json.loads(line) for line in listed.splitlines()]
    # What `jq -c 'select(.speaker != null) | {id, text, speaker, date, tag: "flood"}'` would do:
    piped = "".join(
        json.dumps({"id": r["id"], "text": r["text"], "speaker": r["speaker"], "date": r["date"], "tag": "flood"}) + "\n"
        for r in records if r["speaker"]
    )
    other = tmp_path / "archive.db"
    result = runner.invoke(cli, ["import", "-", "--db", str(other)], input=piped)
    assert result.exit_code == 0, result.output
    n = sum(1 for r in records if r["speaker"])
    assert f"imported {n} claims from <stdin> (jsonl)" in result.stderr
    assert f"kept fields claims has no column for (in each claim's extra): tag ({n})" in result.stderr
    # The untouched list output imports too.
    result = runner.invoke(cli, ["import", "-", "--db", str(tmp_path / "copy.db")], input=listed)
    assert result.exit_code == 0, result.output
    assert "ignored fields the desk computes itself: pending_suggestions, version" in result.stderr
    copy = Database(str(tmp_path / "copy.db"))
    try:
        with copy.session() as s:
            rows = {c.external_id: c for c in s.exec(select(Claim))}
    finally:
        copy.close()
    for r in records:
        c = rows[str(r["id"])]
        assert (c.text, c.speaker, c.speaker_role, c.claim_date, c.date_precision, c.claim_type) == (
            r["text"], r["speaker"], r["speaker_role"], r["date"], r["date_precision"], r["claim_type"])
        assert abs(c.checkworthiness - r["checkworthiness"]) < 1e-9


def test_bad_rows_exit_1_and_store_nothing(invoke, tmp_path, db_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"text": "fine"}\n{"text": "bad date", "date": "someday"}\n{"nope": true}\n')
    result = invoke("import", str(f))
    assert result.exit_code == 1
    assert f"{f}: line 2: date: 'someday' is not a date" in result.stderr
    assert f"{f}: line 3: no text" in result.stderr
    assert "2 bad records, nothing imported" in result.stderr
    assert "Traceback" not in result.output
    assert _count(db_path) == 0
    result = invoke("import", str(f), "--skip-bad")
    assert result.exit_code == 0
    assert "imported 1 claim from" in result.stderr and "skipped 2 bad records" in result.stderr
    assert f"skipped {f}: line 3: no text" in result.stderr
    assert _count(db_path) == 1


def test_non_utf8_and_missing_file(invoke, tmp_path):
    f = tmp_path / "latin.csv"
    f.write_bytes("text\nPi\u00f1a colada\n".encode("latin-1"))
    result = invoke("import", str(f))
    assert result.exit_code == 1
    assert "not UTF-8 (byte 0xf1 on line 2)" in result.stderr
    result = invoke("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_format_option_overrides_the_guess(invoke, tmp_path):
    f = tmp_path / "claims.data"
    f.write_text("text;speaker\nSemicolons are fine;Ana\n")
    result = invoke("import", str(f), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "imported 1 claim" in result.stderr


def test_progress_bar_for_big_imports(invoke, tmp_path, db_path):
    f = tmp_path / "many.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": f"Claim number {i} about the harbour"}) + "\n"
                         for i in range(500)))
    result = invoke("import", str(f))
    assert result.exit_code == 0
    assert "imported 500 claims" in result.stderr
    assert _count(db_path) == 500


def test_every_new_command_has_help(runner):
    from tui.entry import cli

    for args in (["import"], ["set-url"], ["config"], ["config", "path"], ["config", "show"],
                 ["config", "init"], ["export"], ["ingest"]):
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, args
        assert "Usage" in result.output

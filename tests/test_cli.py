"""The CLI as a user runs it: the installed console command and the in-process runner."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest

from tests.conftest import SAMPLES, require_seed, run_claims
from tui.entry import cli


def all_commands(group: click.Group, prefix=()):
    # list_commands/get_command, not .commands: the groups load their commands on demand.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", sorted(all_commands(cli)), ids=" ".join)
def test_every_command_has_help(runner, path):
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_seed_article_end_to_end(tmp_path):
    """The issue's 'done when', run through the installed `claims` command."""
    seed = require_seed()
    env = {"CLAIMS_DB": str(tmp_path / "desk.db"), "CLAIMS_REVIEWER": "ana"}
    done = run_claims("ingest", str(seed), "--published", "2024-04-14", env=env)
    assert done.returncode == 0, done.stderr
    assert b"ingested 1 article" in done.stderr
    again = run_claims("ingest", str(seed), "--published", "2024-04-14", env=env)
    assert again.returncode == 0 and b"already ingested" in again.stderr

    listed = run_claims("list", "--search", "significant damage", "--format", "json", env=env)
    records = json.loads(listed.stdout)
    claim = next(
        r for r in records
        if "no significant damage within Israel" in r["text"]
        and "military official" in (r["speaker"] or "") + (r["speaker_role"] or "")
    )
    assert claim["date"].startswith("2024-04")
    assert claim["outlets"] == ["CNN"]

    refused = run_claims("set-status", str(claim["id"]), "--status", "verified", env=env)
    assert refused.returncode == 1
    assert refused.stderr.decode().strip().count("\n") == 0 and "needs a verdict" in refused.stderr.decode()

    ok = run_claims("set-status", str(claim["id"]), "--status", "verified", "--verdict", "mostly_true",
                    "--note", "IDF and US statements agree", env=env)
    assert ok.returncode == 0, ok.stderr
    out = tmp_path / "verified.csv"
    exported = run_claims("export", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [str(claim["id"])]
    assert rows[0]["verdict"] == "mostly_true" and rows[0]["reviewer"] == "ana"
    assert rows[0]["first_outlet"] == "CNN" and rows[0]["first_date"] == "2024-04-14"
    stdout_copy = run_claims("export", env=env).stdout
    dash_copy = run_claims("export", "-o", "-", env=env).stdout
    assert stdout_copy == dash_copy == out.read_bytes()

    shown = run_claims("show", str(claim["id"]), env=env)
    assert shown.returncode == 0 and b"no significant damage within Israel" in shown.stdout
    assert b"mostly_true" in shown.stdout and b"ana" in shown.stdout


def test_ingest_stdin_and_summary(invoke):
    text = (SAMPLES / "04-harbour-courier-fares.txt").read_text(encoding="utf-8")
    result = invoke("ingest", "-", "--outlet", "Piped Post", input=text)
    assert result.exit_code == 0, result.stderr
    assert "ingested 1 article" in result.stderr
    listed = invoke("list", "--outlet", "Piped Post", "--format", "jsonl")
    assert listed.stdout.strip() and all(json.loads(x)["outlets"] == ["Piped Post"] for x in listed.stdout.splitlines())


def test_extract_offsets_index_the_article_as_stored(runner):
    # the text `claims ingest` stores (header off, cleaned: hostile30), which its appearances index
    from claims.cleaning import article_to_store
    from claims.sources import read_source

    path = SAMPLES / "01-harbour-courier-floods.txt"
    result = runner.invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records
    stored = article_to_store(read_source(str(path)).text, str(path)).text
    for r in records:
        assert stored[r["start"] : r["end"]] == r["quote"]
        for key in ("text", "quote", "speaker", "speaker_start", "speaker_end", "cue", "date",
                    "date_text", "date_precision", "checkworthiness"):
            assert key in r
    # The header said the article is from 2026-03-14: "on Friday evening" is 2026-03-13.
    assert any(r["date"] == "2026-03-13" for r in records)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "/nonexistent/article.txt"], "/nonexistent/article.txt: no such file"),
        (["ingest", "{samples}", "--published", "the twelfth of never"], "--published"),
        (["set-status", "999", "--status", "in_review"], "claim 999: no such claim"),
        (["set-status", "1", "--status", "done"], "'done' is not one of"),
        (["set-status", "1", "--verdict", "wrong"], "'wrong' is not one of"),
        (["show", "999"], "claim 999: no such claim"),
        (["list", "--since", "the twelfth of never"], "--since"),
    ],
)
def test_bad_input_is_one_line_no_traceback(tmp_path, args, message):
    env = {"CLAIMS_DB": str(tmp_path / "desk.db")}
    args = [a.replace("{samples}", str(SAMPLES)) for a in args]
    result = run_claims(*args, env=env)
    err = result.stderr.decode()
    assert result.returncode != 0
    assert message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_unwritable_database_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_claims("list", "--db", str(blocker / "desk.db"))
    err = result.stderr.decode()
    assert result.returncode == 1 and "cannot" in err and str(blocker) in err
    assert "Traceback" not in err


def test_bad_file_among_good_ones_is_named_in_summary(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02")
    env = {"CLAIMS_DB": str(tmp_path / "desk.db")}
    result = run_claims("ingest", str(SAMPLES / "04-harbour-courier-fares.txt"), str(bad), env=env)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "broken.txt: binary file" in err and "1 failed: " in err and "ingested 1 article" in err
    listed = run_claims("list", "--format", "json", env=env)
    assert json.loads(listed.stdout)


def test_db_path_prints_the_file(runner, tmp_path, monkeypatch):
    result = runner.invoke(cli, ["db", "path"])
    assert result.output.strip().endswith("claims/claims.db")
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "x.db"))
    assert runner.invoke(cli, ["db", "path"]).output.strip() == str(tmp_path / "x.db")


def test_list_formats(invoke):
    invoke("ingest", str(SAMPLES))
    as_csv = invoke("list", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(as_csv, newline="")))
    as_json = json.loads(invoke("list", "--format", "json").stdout)
    assert len(rows) == len(as_json) > 5
    for key in ("id", "text", "speaker", "speaker_role", "date", "date_precision", "status",
                "verdict", "appearances", "outlets"):
        assert key in as_json[0]
    table = invoke("list").stdout
    assert "claims" in table and "status" in table


def test_db_and_reviewer_before_the_command(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("CLAIMS_REVIEWER", "env-reviewer")
    chosen = tmp_path / "chosen.db"
    result = run_claims("--db", str(chosen), "ingest", str(SAMPLES / "04-harbour-courier-fares.txt"))
    assert result.returncode == 0, result.stderr
    assert chosen.exists() and not (tmp_path / "env.db").exists()
    path = run_claims("--db", str(chosen), "db", "path")
    assert path.stdout.decode().strip() == str(chosen)
    done = run_claims("--db", str(chosen), "--reviewer", "bo", "set-status", "1", "--status", "in_review")
    assert done.returncode == 0, done.stderr
    history = run_claims("--db", str(chosen), "show", "1").stdout.decode()
    assert " bo " in history

"""A twenty-seventh hostile pass (issue 15's classes, other inputs than passes 1-26: the JSON
exports of a desk an older version filled with controls, the desk's detail of a claim seen
4,000 times, ...). Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux and through Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import json

from sqlalchemy import text as sql

from tests.hostile import run

# --- every export imports back: the JSON ones of a desk holding a control an older version stored ------
#
# Pass 26 made the CSV write such a control as its symbol (␛), so that it imports back; the JSON
# exports (`claims list --format jsonl` / `json`, `claims export --format claimreview`) wrote
# it as JSON's escape (\u001b), which `claims import` refuses as every door refuses a control:
# "line 1: speaker holds the control character U+001B", the export did not come back. C1's
# CSI (U+009B) and a direction override, which JSON writes raw, reached the terminal. Every
# JSON output writes through `printable_data` (claims.limits), as the CSV writes through
# `printable`: the same symbols, which import back.

_TWO = [{"id": "c1", "text": "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
         "speaker": "Mayor Jones", "verdict": "false", "status": "verified", "fact_check_url": "https://f.example/1",
         "evidence": ["https://e.example/1"], "role": "mayor"},
        {"id": "c2", "text": "Unemployment fell to 5 percent in March, the ministry said", "speaker": "Ministry",
         "status": "verified", "verdict": "true", "fact_check_url": "https://f.example/2"}]


def _controlled_desk(db, tmp_path) -> None:
    """Two verified claims, then (as an older version stored them) ESC ]2;... BEL in a claim's
    text, ESC [31m in its speaker, C1's CSI and a direction override in its note, ESC in a name
    and a value of its extra fields."""
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _TWO), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(sql("UPDATE claim SET text = replace(text, 'bridge', :b), speaker = speaker || :s, "
                         "verdict_note = :n, speaker_role = :r"),
                     {"b": "bridge \x1b]2;PWN\x07", "s": "\x1b[31m", "n": "note \x9b2J \u202eevil", "r": "r\x08"})
        conn.execute(sql("UPDATE claim SET extra = :e WHERE external_id = 'c1'"),
                     {"e": json.dumps({"desk\x1b": "v\x1b[1m", "plain": "x"})})


def _no_raw_controls(output: str) -> None:
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\x08", "\\u001b", "\\u0007", "\\u0008"):
        assert ch not in output, (ch, output)


def test_the_json_exports_of_stored_controls_import_back(db, tmp_path):
    _controlled_desk(db, tmp_path)
    listed = run(db, "list", "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    _no_raw_controls(listed.stdout)
    texts = {r["external_id"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert texts["c1"]["text"].startswith("The bridge ␛]2;PWN␇ carries"), texts
    assert texts["c1"]["speaker"] == "Mayor Jones␛[31m" and texts["c1"]["verdict_note"] == "note �2J �evil"
    assert texts["c1"]["extra"] == {"desk␛": "v␛[1m", "plain": "x"}, texts["c1"]["extra"]

    whole = run(db, "list", "--format", "json")
    assert whole.exit_code == 0, whole.output
    assert {r["external_id"]: r["speaker"] for r in json.loads(whole.stdout)}["c1"] == "Mayor Jones␛[31m"
    _no_raw_controls(whole.stdout)

    jsonl = tmp_path / "all.jsonl"
    jsonl.write_text(listed.stdout, encoding="utf-8")
    review = tmp_path / "all.json"
    done = run(db, "export", "--format", "claimreview", "-o", str(review))
    assert done.exit_code == 0, done.output
    _no_raw_controls(review.read_text(encoding="utf-8"))

    from db import Database

    for name, path in (("jsonl", jsonl), ("claimreview", review)):
        again = Database(str(tmp_path / f"again-{name}.db"))
        try:
            back = run(again, "import", str(path))
            assert back.exit_code == 0, (name, back.output)  # was: "speaker holds the control character U+001B"
            got = {r["external_id"] or r["text"][:10]: r for r in map(json.loads, run(
                again, "list", "--format", "jsonl").stdout.splitlines())}
            assert any(r["text"].startswith("The bridge ␛]2;PWN␇ carries") for r in got.values()), (name, got)
            assert any(r["speaker"] == "Mayor Jones␛[31m" for r in got.values()), (name, got)
        finally:
            again.close()

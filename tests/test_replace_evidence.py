"""`claims set-status --replace-evidence`: the links given replace a claim's (none given: they are
removed). Hostile pass 28 left a claim whose evidence is stored damaged with no command to store
its links again (the desk refuses a link added to it, the CLI's `--evidence` too): this one
replaces the value without reading it, one audit row, and undo puts the old value back."""

from __future__ import annotations

import json

from sqlalchemy import text as sql

from tests.hostile import one_line_error, record_file, run


def evidence(db) -> str:
    with db.engine.begin() as conn:
        return conn.execute(sql("SELECT evidence FROM claim WHERE id = 1")).scalar()


def test_the_links_given_replace_the_claims_and_none_given_removes_them(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://a.example/1", "--evidence", "https://a.example/2"
               ).exit_code == 0
    assert run(db, "set-status", "1", "--replace-evidence", "--evidence", "https://b.example/3").exit_code == 0
    assert json.loads(evidence(db)) == ["https://b.example/3"]
    assert run(db, "set-status", "1", "--replace-evidence").exit_code == 0
    assert json.loads(evidence(db) or "[]") == []
    # without the flag, links are added, as before
    assert run(db, "set-status", "1", "--evidence", "https://c.example/4").exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://c.example/5").exit_code == 0
    assert json.loads(evidence(db)) == ["https://c.example/4", "https://c.example/5"]


def test_damaged_evidence_is_stored_again_and_undo_puts_it_back(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(sql("UPDATE claim SET evidence = 'not json' WHERE id = 1"))
    refused = run(db, "set-status", "1", "--evidence", "https://e.example/1")
    one_line_error(refused, "claim 1's evidence is stored damaged", "--replace-evidence")
    assert run(db, "set-status", "1", "--replace-evidence", "--evidence", "https://e.example/1").exit_code == 0
    assert json.loads(evidence(db)) == ["https://e.example/1"]
    assert run(db, "show", "1").exit_code == 0
    assert run(db, "undo").exit_code == 0
    assert evidence(db) == "not json"


def test_a_replacing_link_is_checked_as_every_link_is(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://a.example/1").exit_code == 0
    one_line_error(run(db, "set-status", "1", "--replace-evidence", "--evidence", "javascript:alert(1)"), "evidence")
    assert json.loads(evidence(db)) == ["https://a.example/1"]

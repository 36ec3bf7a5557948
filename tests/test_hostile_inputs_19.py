"""A nineteenth hostile pass (issue 15's classes, other inputs than passes 1-18). Each test of a
failure fails before its fix.

The log of what was tried (CLI as a subprocess, on SQLite files and PostgreSQL; the desk in
tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json
import os
import subprocess

from tests.conftest import CLAIMS_BIN, SAMPLES

NFD_EVA = "e\u0301va"  # 'éva' as macOS file names and some keyboards write it
NFC_EVA = "\u00e9va"


def _claims(db, *args: str, reviewer: str = "ana") -> subprocess.CompletedProcess:
    """`claims --db DESK ARGS` as a shell runs it."""
    env = {**os.environ, "CLAIMS_REVIEWER": reviewer}
    return subprocess.run([str(CLAIMS_BIN), "--db", db.url, *args], capture_output=True, timeout=120, env=env)


def _jsonl(db, *args: str) -> list[dict]:
    done = _claims(db, *args, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


# --- a reviewer's name with its accent decomposed was another reviewer -------------------------------
#
# `claims set-status 4 --status in_review --reviewer $'e\u0301va'` then `claims undo --reviewer éva`
# said "nothing to undo for reviewer éva"; `take` by one spelling and `release` by the other said
# "claim 5 is being reviewed by éva, not by éva". The two show the same and are one person: a
# name is stored composed (NFC), whichever door gave it, and the filters of `taken` and
# `history` read a name as it is stored.

def test_a_reviewer_name_with_a_decomposed_accent_is_the_same_reviewer(db):
    assert _claims(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    first, second = (row["id"] for row in _jsonl(db, "list", "--order", "id", "--limit", "2"))
    changed = _claims(db, "set-status", str(first), "--status", "in_review", reviewer=NFD_EVA)
    assert changed.returncode == 0, changed.stderr
    assert [e["reviewer"] for e in _jsonl(db, "history", "--reviewer", NFC_EVA)] == [NFC_EVA]
    assert [e["reviewer"] for e in _jsonl(db, "history", "--reviewer", NFD_EVA)] == [NFC_EVA]
    undone = _claims(db, "undo", reviewer=NFC_EVA)
    assert undone.returncode == 0 and f"status of claim {first}".encode() in undone.stderr, undone.stderr
    assert _claims(db, "take", str(second), reviewer=NFD_EVA).returncode == 0
    assert [t["reviewer"] for t in _jsonl(db, "taken", "--reviewer", NFC_EVA)] == [NFC_EVA]
    again = _claims(db, "take", str(second), reviewer=NFC_EVA)
    assert again.returncode == 0 and b"already yours" in again.stderr, again.stderr
    released = _claims(db, "release", str(second), reviewer=NFC_EVA)
    assert released.returncode == 0 and released.stderr.strip() == f"claim {second}: released".encode(), released

"""Two failures left by issue 15's seventeenth hostile pass (tests/test_hostile_inputs_17.py),
through the real CLI on SQLite and PostgreSQL. Each test failed before its fix."""

from __future__ import annotations

import os
import subprocess

import pytest
from sqlalchemy import text

from claims.errors import ClaimsError
from claims.services.clusters import decide_matches
from tests.conftest import CLAIMS_BIN, SAMPLES
from tests.hostile import one_line_stderr


def _claims(db, *args: str) -> subprocess.CompletedProcess:
    """`claims --db DESK ARGS` as a shell runs it; a command that loops forever fails the test."""
    env = {**os.environ, "CLAIMS_REVIEWER": "ana"}
    return subprocess.run([str(CLAIMS_BIN), "--db", db.url, *args], capture_output=True, timeout=90, env=env)


def _sql(db, *statements: str) -> list:
    with db.engine.begin() as conn:
        return [conn.execute(text(s)).all() if s.startswith("SELECT") else conn.execute(text(s))
                for s in statements]


# --- `claims show 1` looped forever on a store whose canonical ids form a cycle (written by hand:
# `db check` reports it, `list` worked) ------------------------------------------------------------

def test_show_of_a_claim_in_a_cycle_of_merges_says_so_and_stops(db):
    assert _claims(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt")).returncode == 0
    _sql(db, "UPDATE claim SET canonical_id = 2 WHERE id = 1", "UPDATE claim SET canonical_id = 1 WHERE id = 2")
    one_line_stderr(_claims(db, "show", "1"), "claim 1", "cycle (1 -> 2 -> 1)", "claims db check")
    one_line_stderr(_claims(db, "show", "2"), "claim 2", "cycle (2 -> 1 -> 2)", "claims db check")
    assert b"canonical_id cycle: " in _claims(db, "db", "check").stdout
    assert _claims(db, "list").returncode == 0


# --- `dupes --reject N` of an auto-confirmed match marked it rejected while its claims stayed
# merged; `dupes --rebuild` kept it so and `db check` said ok ---------------------------------------

def test_rejecting_a_match_whose_claims_are_merged_is_refused(db):
    assert _claims(db, "ingest", str(SAMPLES)).returncode == 0
    before = _sql(db, 'SELECT id, state FROM "match" ORDER BY id')[0]
    merged = _sql(db, 'SELECT m.id, m.claim_a_id, m.claim_b_id FROM "match" m '
                      "JOIN claim a ON a.id = m.claim_a_id JOIN claim b ON b.id = m.claim_b_id "
                      "WHERE coalesce(a.canonical_id, a.id) = coalesce(b.canonical_id, b.id) ORDER BY m.id")[0]
    pending = [i for i, state in before if state == "suggested"]
    assert merged and pending, before
    match, a, b = merged[0]
    # With a match that may be rejected first: nothing of the command is written.
    one_line_stderr(_claims(db, "dupes", "--reject", str(pending[0]), "--reject", str(match)),
                    f"match {match}", f"claims {a} and {b} are merged", "claims unmerge")
    assert _sql(db, 'SELECT id, state FROM "match" ORDER BY id')[0] == before
    # The desk's reject key goes through the same service.
    with pytest.raises(ClaimsError, match=f"match {match}: .* merged"):
        decide_matches(db, [match], accept=False, reviewer="ana")
    assert _sql(db, 'SELECT id, state FROM "match" ORDER BY id')[0] == before
    # A match of claims not merged is still rejected.
    assert _claims(db, "dupes", "--reject", str(pending[0])).returncode == 0
    assert dict(_sql(db, 'SELECT id, state FROM "match"')[0])[pending[0]] == "rejected"

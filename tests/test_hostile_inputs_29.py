"""A twenty-ninth hostile pass (issue 15's classes, other inputs than passes 1-28), and pass
28's found-not-fixed. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import claims_jsonl, claims_run

# --- wrong place: a take on a claim an automatic merge moves --------------------------------------------
#
# Pass 28 made a take follow its claim when a reviewer merges; an automatic merge (a new
# claim that is a duplicate of two clusters joins them; an import; `dupes --rebuild`) left the
# take on the claim merged away, a member now: the cluster shown free, a second take possible.
# The merge moves it as a reviewer's merge does, with audit rows of its batch (undo follows).

ORIGINAL = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987 in Halden"
RETOLD = "On Friday the river peaked at 7.4 metres, the highest level recorded in Halden since 1987"
AGAIN = "The river in Halden peaked at 7.4 metres on Friday, its highest level recorded since 1987"


def _two_apart(db) -> tuple[int, int]:
    """Two stored claims, each a duplicate of AGAIN, matched but not merged (only suggested)."""
    from claims.matching import MatchSettings
    from claims.models import Claim
    from claims.services.matching import match_new_claims

    with db.session() as s:
        claims = [Claim(text=ORIGINAL), Claim(text=RETOLD)]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims, MatchSettings(confirm_threshold=100.0))
        ids = (claims[0].id, claims[1].id)
    with db.session() as s:
        assert all(s.get(Claim, i).canonical_id is None for i in ids)
    return ids


def _takes(db) -> list[tuple[int, str]]:
    return sorted((t["claim_id"], t["reviewer"]) for t in claims_jsonl(db, "taken"))


def _heads(db) -> dict[int, int]:
    from tests.hostile import stored_claims

    return {c.id: c.canonical_id or c.id for c in stored_claims(db)}


@pytest.mark.parametrize("taken", [0, 1])
def test_a_take_follows_its_claim_when_a_new_claim_joins_two_clusters(db, tmp_path, taken):
    ids = _two_apart(db)
    assert claims_run(db, "take", str(ids[taken]), reviewer="ana").returncode == 0
    path = tmp_path / "again.jsonl"
    path.write_text(json.dumps({"id": "n", "text": AGAIN}) + "\n", encoding="utf-8")
    done = claims_run(db, "import", str(path), reviewer="bob")
    assert done.returncode == 0, done.stderr
    heads = _heads(db)
    assert heads[ids[0]] == heads[ids[1]], heads  # the new claim joined the two clusters
    head = heads[ids[0]]
    assert _takes(db) == [(head, "ana")], (heads, _takes(db))  # was: the take left on a member
    grabbed = claims_run(db, "take", str(head), reviewer="carl")
    assert grabbed.returncode == 1 and "being reviewed by ana" in grabbed.stderr.decode(), grabbed.stderr
    assert claims_run(db, "undo", reviewer="bob").returncode == 0  # the import undone: the take back
    assert _takes(db) == [(ids[taken], "ana")]
    assert claims_run(db, "redo", reviewer="bob").returncode == 0
    assert _takes(db) == [(head, "ana")]


def test_a_take_follows_its_claim_in_a_rebuild(db, tmp_path):
    from claims.matching import MatchSettings
    from claims.models import Claim
    from claims.services.matching import match_new_claims

    a, b = _two_apart(db)
    with db.session() as s:
        again = Claim(text=AGAIN)
        s.add(again)
        s.flush()
        match_new_claims(s, [again], MatchSettings(confirm_threshold=100.0))
    for claim in (a, b):
        assert claims_run(db, "take", str(claim), reviewer="ana" if claim == a else "bob").returncode == 0
    done = claims_run(db, "dupes", "--rebuild", reviewer="carl")
    assert done.returncode == 0, done.stderr
    heads = _heads(db)
    assert heads[a] == heads[b], heads
    takes = _takes(db)
    assert len(takes) == 1 and takes[0][0] == heads[a], (heads, takes)  # was: two takes on one cluster

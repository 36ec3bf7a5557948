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


# --- tracebacks: a claim's reviewed_at stored damaged ------------------------------------------------------
#
# Pass 27/28 made a damaged evidence or publication date one line (and the desk list the
# claim marked). A reviewed_at of 'garbage' (sqlite3) was a ValueError traceback from `claims
# list`, said 'a damaged moment' (no field) by `show` and `export`, made the desk's queue
# empty, and `claims db check` said 'ok': the models' moments are decorators of DATETIME,
# which its check passed over.


def _reviewed_at_damaged(tmp_path, stored: str) -> str:
    from sqlalchemy import text as sql

    from db import Database
    from tests.hostile import run

    seed = tmp_path / "seed.jsonl"
    seed.write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": "a", "text": "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
         "status": "verified", "verdict": "true", "reviewer": "ana", "reviewed_at": "2024-04-14T10:00:00+00:00"},
        {"id": "b", "text": "Unemployment fell to 5 percent in March, the ministry said"})), encoding="utf-8")
    desk = str(tmp_path / "desk.db")
    db = Database(desk)
    try:
        assert run(db, "import", str(seed)).exit_code == 0
        with db.engine.begin() as conn:
            conn.execute(sql("UPDATE claim SET reviewed_at = :v WHERE external_id = 'a'"), {"v": stored})
    finally:
        db.close()
    return desk


@pytest.mark.parametrize("stored", ["garbage", "2024-99-99"])
def test_a_damaged_reviewed_at_is_one_line_naming_it(tmp_path, stored):
    from db import Database
    from tests.hostile import one_line_error, run

    db = Database(_reviewed_at_damaged(tmp_path, stored))
    try:
        said = f"claim 1's reviewed_at is stored damaged ({stored!r} is no moment): `claims db check`"
        for args in (["list"], ["list", "--format", "jsonl"], ["list", "--search", "bridge"], ["show", "1"],
                     ["show", "1", "--format", "json"], ["export", "--format", "claimreview", "--include-incomplete"],
                     ["export", "--format", "csv", "-o", str(tmp_path / "out.csv")]):
            done = run(db, *args)
            one_line_error(done, said)  # was: a traceback (list), 'a damaged moment' (show), a review undated
            assert args[0] != "show" or done.output.count("\n") == 1, done.output  # nothing before it
        assert not (tmp_path / "out.csv").exists()
        assert run(db, "history", "1").exit_code == 0  # (reads no reviewed_at: was refused)
        checked = run(db, "db", "check")
        assert checked.exit_code == 1 and f"claim.reviewed_at: 1 value(s) that are no date: id 1 ({stored!r})" \
            in checked.output, checked.output  # was: 'ok (27 checks)'
        assert run(db, "set-status", "1", "--status", "in_review").exit_code == 0  # stamped anew
        assert run(db, "list").exit_code == 0 and run(db, "db", "check").exit_code == 0
    finally:
        db.close()


async def test_the_desk_lists_a_claim_whose_reviewed_at_is_damaged(tmp_path):
    import time

    from tests.desk import open_desk, press_each
    from tui.screens.claim import ClaimScreen
    from tui.widgets.claim_detail import ClaimDetailPane
    from tui.widgets.claim_table import state_cell

    desk = _reviewed_at_damaged(tmp_path, "garbage")
    async with open_desk(desk, size=(160, 50)) as (app, pilot, said):
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        rows = app.screen.rows
        assert len(rows) == 2, (rows, said)  # was: none, the damage said on one line
        damaged = [r for r in rows if r.damaged]
        assert [r.id for r in damaged] == [1] and state_cell(damaged[0]).plain == "⚠ damaged", rows
        for _ in range(rows.index(damaged[0])):
            await press_each(pilot, ["down"])
        deadline = time.monotonic() + 10  # the detail pane loads after a short timer
        while "Damaged:" not in app.screen.query_one(ClaimDetailPane).plain and time.monotonic() < deadline:
            await pilot.pause(0.05)
        shown = app.screen.query_one(ClaimDetailPane).plain
        assert "Damaged: claim 1's reviewed_at is stored damaged ('garbage'" in shown, shown
        await press_each(pilot, ["enter"])
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        assert isinstance(app.screen, ClaimScreen)
        assert "claims db check" in app.screen.query_one(ClaimDetailPane).plain


# --- wrong place silently: one link written two ways, a note nobody sees -----------------------------------
#
# `set-status 1 --evidence HTTPS://E.EXAMPLE/1` then `--evidence https://e.example/1#top` stored
# both (the same address, as `normal_url` reads it: the watch list already counted them one).
# `--note $'\u200b'` stored a note of a zero-width space: `show` said 'note: ', the history a change.


def test_one_link_written_two_ways_is_one_evidence_link(db, tmp_path):
    from tests.hostile import record_file, run

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    for written in ("HTTPS://E.EXAMPLE/1", "https://e.example/1#top", "https://e.example:443/1"):
        assert run(db, "set-status", "1", "--evidence", written).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://e.example/2", "--evidence",
               "https://E.example/2").exit_code == 0
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["HTTPS://E.EXAMPLE/1", "https://e.example/2"], shown  # was: all five


@pytest.mark.parametrize("note", ["\u200b", " ", "\u2060\u00ad"])
def test_a_note_that_shows_nothing_is_refused(db, tmp_path, note):
    from tests.hostile import one_line_error, record_file, run

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-status", "1", "--note", note), "note: shows nothing", "'' clears the note")
    assert run(db, "set-status", "1", "--note", "checked").exit_code == 0
    assert run(db, "set-status", "1", "--note", "").exit_code == 0  # still how a note is cleared

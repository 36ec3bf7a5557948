"""Moving and keeping a desk: copy between backends, online backup, integrity check."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim, Event, Match, Outlet
from claims.services.clusters import merge
from claims.services.dbtools import backup_desk, check_desk, copy_desk
from claims.services.review import set_status
from claims.services.team import take
from db import Database


def seed(db) -> list[int]:
    with db.session() as s:
        outlet = Outlet(name="Northline News")
        s.add(outlet)
        s.flush()
        article = Article(text="x" * 400, content_hash="h1", outlet_id=outlet.id, title="Floods")
        s.add(article)
        s.flush()
        ids = []
        for i in range(5):
            c = Claim(text=f"The river rose {i + 3} metres overnight.", checkworthiness=0.1 * i)
            s.add(c)
            s.flush()
            s.add(Appearance(claim_id=c.id, article_id=article.id, quote="q", start=i * 20, end=i * 20 + 5))
            ids.append(c.id)
        s.add(Match(claim_a_id=ids[3], claim_b_id=ids[4], score=0.7, scorer="test"))
    merge(db, [ids[2], ids[0]], reviewer="ana")  # a member with a smaller id than its canonical
    set_status(db, [ids[2]], reviewer="ana", status="verified", verdict="false", note="no")
    take(db, ids[1], reviewer="bo")
    return ids


def snapshot(db) -> dict:
    with db.session() as s:
        return {
            "claims": [(c.id, c.canonical_id, c.status, c.verdict, c.version, c.created_at)
                       for c in s.exec(select(Claim).order_by(Claim.id))],
            "events": [(e.id, e.claim_id, e.field, e.old, e.new, e.at) for e in s.exec(select(Event).order_by(Event.id))],
            "appearances": s.exec(select(func.count()).select_from(Appearance)).one(),
            "matches": [(m.claim_a_id, m.claim_b_id, m.state) for m in s.exec(select(Match))],
        }


def test_copy_round_trip_keeps_ids_and_links(db, tmp_path, fresh_pg_url):
    """Whichever backend the desk is on, copy it to the other one and back, unchanged."""
    seed(db)
    before = snapshot(db)
    if db.is_sqlite:
        if not fresh_pg_url:
            pytest.skip("no PostgreSQL server to copy to")
        other = fresh_pg_url("copy")
    else:
        other = str(tmp_path / "copy.db")
    report = copy_desk(db, other)
    assert report.counts["claim"] == 5 and report.counts["claim_lock"] == 1
    copied = Database(other)
    assert snapshot(copied) == before
    assert check_desk(copied).ok
    # Sequences continue after the copied ids: a new claim gets the next id.
    with copied.session() as s:
        c = Claim(text="A new claim after the copy.")
        s.add(c)
        s.flush()
        assert c.id == 6
    back = tmp_path / "back.db"
    copy_desk(copied, str(back))
    copied.close()
    returned = Database(str(back))
    got = snapshot(returned)
    returned.close()
    assert got["claims"][:5] == before["claims"] and got["events"] == before["events"]


def test_copy_refuses_a_target_that_is_not_empty(db, tmp_path):
    seed(db)
    target = tmp_path / "busy.db"
    busy = Database(str(target))
    with busy.session() as s:
        s.add(Outlet(name="Already here"))
    busy.close()
    with pytest.raises(ClaimsError, match=r"not empty: outlet \(1\)"):
        copy_desk(db, str(target))
    with pytest.raises(ClaimsError, match="the desk itself"):
        copy_desk(db, db.url)


def test_backup_while_the_desk_is_written(db, tmp_path):
    ids = seed(db)
    stop = threading.Event()
    writes = []

    def writer():
        i = 0
        while not stop.is_set() and i < 200:
            set_status(db, [ids[1 + i % 2 * 2]], reviewer="ana",
                       status=["in_review", "not_checkable"][i % 2])
            writes.append(i)
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        report = backup_desk(db, tmp_path / "backup.db")
    finally:
        stop.set()
        thread.join()
    assert report.claims == 5
    con = sqlite3.connect(report.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    copy = Database(str(report.path))
    assert check_desk(copy).ok
    copy.close()
    with pytest.raises(ClaimsError, match="already exists"):
        backup_desk(db, report.path)


def test_check_reports_a_chain_of_claims_and_its_remedy_mends_it(db, db_url):
    """A claim under a member (which undo and redo made before they refused it) is a
    problem db check names, with a remedy that works: unmerge it and merge it again."""
    from sqlalchemy import text

    from tui.entry import cli

    with db.session() as s:
        claims = [Claim(text=f"The bridge cost {n} million euros, the council said.") for n in (3, 4, 5)]
        s.add_all(claims)
    a, b, c = (claim.id for claim in claims)
    with db.engine.begin() as conn:  # c -> b -> a, as an old undo left it
        conn.execute(text("UPDATE claim SET canonical_id = :a WHERE id = :b"), {"a": a, "b": b})
        conn.execute(text("UPDATE claim SET canonical_id = :b WHERE id = :c"), {"b": b, "c": c})
    problems = check_desk(db).problems
    assert problems == [f"claim: 1 claim(s) under a claim merged into another ({c} -> {b} -> {a}): unmerge them "
                        "and merge them again (`claims unmerge ID`, `claims merge ID ID`)"]
    runner = CliRunner()
    for args in (["unmerge", str(c)], ["merge", str(a), str(c)]):
        result = runner.invoke(cli, [*args, "--db", db_url])
        assert result.exit_code == 0, result.output
    assert check_desk(db).ok
    with db.session() as s:
        assert [s.get(Claim, i).canonical_id for i in (a, b, c)] == [None, a, a]


@pytest.mark.sqlite_only
def test_check_reports_orphans_dangling_matches_and_cycles(db, db_path):
    ids = seed(db)
    assert check_desk(db).ok
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", date_is_reporting) "
                "VALUES (999, 1, 'q', 300, 305, 0)")
    con.execute("INSERT INTO \"match\" (claim_a_id, claim_b_id, score, scorer, explanation, state, conflict, "
                "created_at) VALUES (1, 998, 0.5, 't', '{}', 'suggested', 0, '2026-01-01')")
    con.execute(f"UPDATE claim SET canonical_id = {ids[3]} WHERE id = {ids[4]}")
    con.execute(f"UPDATE claim SET canonical_id = {ids[4]} WHERE id = {ids[3]}")
    con.commit()
    con.close()
    problems = check_desk(db).problems
    assert any("orphan appearances (claim_id)" in p and "999" in p for p in problems)
    assert any("match links (claim_b_id)" in p and "998" in p for p in problems)
    assert any("canonical_id cycle" in p for p in problems)
    from tui.entry import cli

    result = CliRunner().invoke(cli, ["db", "check", "--db", str(db_path)])
    assert result.exit_code == 1 and "problem(s) found" in result.output


def test_cli_copy_backup_check(db, tmp_path):
    from tui.entry import cli

    seed(db)
    runner = CliRunner()
    ok = runner.invoke(cli, ["db", "check", "--db", db.url])
    assert ok.exit_code == 0 and "ok" in ok.output
    target = tmp_path / "copy.db"
    result = runner.invoke(cli, ["db", "copy", "--to", str(target), "--db", db.url])
    assert result.exit_code == 0 and "counts match" in result.output and "claim\t5" in result.output
    again = runner.invoke(cli, ["db", "copy", "--to", str(target), "--db", db.url])
    assert again.exit_code == 1 and "not empty" in again.output
    backup = runner.invoke(cli, ["db", "backup", str(tmp_path / "b.db"), "--db", db.url])
    assert backup.exit_code == 0 and "backed up 5 claims" in backup.output
    with sqlite3.connect(tmp_path / "b.db") as con:
        assert con.execute("SELECT COUNT(*) FROM claim").fetchone()[0] == 5


def test_load_test_quick_loses_nothing(tmp_path):
    """The load test in miniature: 2 processes, 50 changes and 5 merges each, both backends."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import PG_ADMIN_URL, _pg_problem

    backend = "both" if _pg_problem(PG_ADMIN_URL) is None else "sqlite"
    script = Path(__file__).resolve().parents[1] / "bench" / "load_test.py"
    result = subprocess.run([sys.executable, str(script), "--quick", "--backend", backend],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == (2 if backend == "both" else 1)
    assert all("lost updates 0, audit mismatches 0" in line for line in lines)

"""Findings of the review of this session's issue 15 fixes (open items and pass 17), each with
the case that failed before its fix:

- migration 0021 copied a keyset row whose claim is gone (deleted where foreign keys were off)
  into the rebuilt table and failed; every command upgrades on open, so the desk was locked;
- on PostgreSQL the "UTC" day a claim dated ahead counts as was the session TimeZone's day;
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claims.cli import cli
from tests.test_claim_keyset import keysets
from tests.test_open_items_15 import _desk_at_0020, _engine

# --- 0021 and a keyset row whose claim is gone ---------------------------------------------------------


def test_a_keyset_row_without_its_claim_does_not_lock_the_desk_at_0020(tmp_path):
    path = tmp_path / "orphan.db"
    url = f"sqlite:///{path}"
    _desk_at_0020(url)
    with sqlite3.connect(path) as raw:  # the sqlite3 shell: foreign keys off
        raw.execute("INSERT INTO claim_keyset (claim_id, keys) VALUES (99999, 'river')")
    listed = CliRunner().invoke(cli, ["list", "--db", url, "--format", "json"])  # upgrades on open
    assert listed.exit_code == 0, listed.output
    engine = _engine(url)
    with engine.connect() as conn:
        assert keysets(conn) == {1: ["river"], 2: ["bridge"]}  # the orphan is gone, the rest kept
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


# --- the day after an article's storing is its UTC day on PostgreSQL too ------------------------------


def test_a_claim_dated_ahead_counts_the_utc_day_whatever_the_servers_timezone(fresh_pg_url, tmp_path):
    """Stored at 20:00 UTC on 1 March (already 2 March at UTC+14), published 3 March: more than a
    day after its storing's UTC day, it counts as 2 March; the session's day let 3 March through."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from claims.triage.priority import EPOCH, PriorityWeights

    url = fresh_pg_url("utcday")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"ALTER DATABASE \"{make_url(url).database}\" SET timezone TO 'Pacific/Kiritimati'"))
    admin.dispose()
    article = tmp_path / "ahead.txt"
    article.write_text("The mayor said the bridge cost 40 million euros in 2023, according to the council.\n",
                       encoding="utf-8")
    done = CliRunner().invoke(cli, ["ingest", "--db", url, "--published", "2026-03-03", str(article)])
    assert done.exit_code == 0, done.output
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE article SET ingested_at = '2026-03-01 20:00:00+00'"))
    done = CliRunner().invoke(cli, ["rescore", "--priority", "--db", url])  # the queue's own recompute
    assert done.exit_code == 0, done.output
    with engine.connect() as conn:
        assert conn.execute(text("SHOW timezone")).scalar() == "Pacific/Kiritimati"
        rows = conn.execute(text("SELECT priority - checkworthiness FROM claim")).scalars().all()
    engine.dispose()
    recency = PriorityWeights().recency * (dt.date(2026, 3, 2) - EPOCH).days / 30
    assert rows and all(r == pytest.approx(recency, abs=1e-4) for r in rows), (rows, recency)

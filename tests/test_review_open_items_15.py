"""Findings of the review of this session's issue 15 fixes (open items and pass 17), each with
the case that failed before its fix:

- migration 0021 copied a keyset row whose claim is gone (deleted where foreign keys were off)
  into the rebuilt table and failed; every command upgrades on open, so the desk was locked;
- an import's date of a year or a month in other scripts' digits ("٢٠٢٣") ended in a traceback;
- "Apr 14, 2024 @ 9:30am", "14 April 2024 | 10:00" (a byline's mark before its time of day) were
  refused once a stray character was refused;
- a feed entry a desk's own trigger refused was taken as "another run remembered it" (silently);
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


# --- dates -----------------------------------------------------------------------------------------------


def test_an_import_date_in_other_scripts_digits_is_read_as_readme_says(tmp_path):
    from tests.conftest import run_claims

    path = tmp_path / "digits.jsonl"
    path.write_text('{"id": "a", "text": "Rents rose 9 percent across the city in one year.", "date": "٢٠٢٣"}\n'
                    '{"id": "b", "text": "Bus fares rose 12 percent in the city this spring.", "date": "٢٠٢٤-٠٤"}\n'
                    '{"id": "c", "text": "The council said it planted 400 trees by the river.", "date": "２０２４"}\n',
                    encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    done = run_claims("import", "--db", url, str(path))
    assert done.returncode == 0, done.stderr.decode()
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT claim_date, date_precision FROM claim ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in stored] == [("2023", "year"), ("2024-04", "month"), ("2024", "year")]


@pytest.mark.parametrize("typed", ["Apr 14, 2024 @ 9:30am", "14 April 2024 | 10:00", "14 April 2024 · 10:00 GMT",
                                   "14 April 2024 – 10:00"])
def test_a_bylines_mark_before_its_time_of_day_is_read(typed):
    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=None) == ("2024-04-14", "day")


@pytest.mark.parametrize("typed", ["14 April @ 2024", "@ 14 April 2024", "14 April 2024 @", "10:00 | 14 April 2024"])
def test_a_mark_anywhere_else_is_still_refused(typed):
    from claims.dates import read_typed_date

    with pytest.raises(ValueError, match="is no part of a date"):
        read_typed_date(typed, base=None)


# --- a feed entry a trigger refuses -------------------------------------------------------------------------


def test_a_feed_entry_a_trigger_refuses_is_not_taken_as_remembered(tmp_path):
    from sqlalchemy.exc import IntegrityError

    from claims.web.feeds import Entry, remember, seen_keys
    from db import Database
    from tests.test_open_items_15 import SQLITE_REFUSAL

    db = Database(f"sqlite:///{tmp_path / 'desk.db'}")
    entry = Entry(index=1, key="e1", link="https://news.example/a", title=None, published=None, author=None)
    remember(db, "https://news.example/rss", entry, None)
    remember(db, "https://news.example/rss", entry, None)  # remembered already: the same outcome
    with db.engine.begin() as conn:
        conn.exec_driver_sql(SQLITE_REFUSAL.format(table="feed_entry"))
    other = Entry(index=2, key="e2", link="https://news.example/b", title=None, published=None, author=None)
    with pytest.raises(IntegrityError, match="desk rule 7"):
        remember(db, "https://news.example/rss", other, None)
    assert seen_keys(db, "https://news.example/rss") == {"e1"}
    db.close()

"""The small open items of issue 15 (hardening), each with the case that failed before its fix:

- a process of the version before 0019 deleting claims (its import undo) failed on the keyset
  rows' foreign key (migration 0021: ON DELETE CASCADE), and its `dupes --rebuild` left
  keyset rows behind that `db check` did not see;
- a desk's own trigger refusing an insert read as "another change stored one of these ids";
- a typed date with a sign or another stray character ("+2024-01-01") was read without it;
- a claim dated ahead kept the recency of the day its priority was computed (counted as
  "today"), while claims published later rose past it: it now counts as the day after its
  article was stored, the same whenever it is computed (migration 0021 recomputes those);
- `claims search` of a claim's whole text in Arabic or Chinese ranked it first with a score of
  a weak match (15-60): the exact text now reads as a strong one in any script;
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, event, text

from claims.cli import cli
from db import Database
from tests.old_desks import desk_at
from tests.test_claim_keyset import keysets, own_postings, synthetic
from tests.test_pair_blocks import store

# --- migration 0021: a claim deleted takes its keyset row along ------------------------------------


def _engine(url: str, *, defensive: bool = False):
    engine = create_engine(url)
    if url.startswith("sqlite"):
        from db.textfold import register_sqlite_functions

        def connected(dbapi_conn, _):
            register_sqlite_functions(dbapi_conn)
            if defensive:
                from tests.test_noticed_18 import _defensive

                _defensive(dbapi_conn)
            dbapi_conn.execute("PRAGMA foreign_keys=ON")  # as the desk's engine has them

        event.listen(engine, "connect", connected)
    return engine


def _desk_at_0020(url: str, *, defensive: bool = False) -> None:
    """A desk at 0020 with claims 1-3, claims 1 and 2 indexed (postings and keyset rows)."""
    engine = _engine(url, defensive=defensive)
    with engine.begin() as conn:
        desk_at(conn, "0020", [{"id": i, "text": f"claim {i}"} for i in (1, 2, 3)])
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES (:k, :c)"),
                     [{"k": k, "c": c} for c, keys in {1: ["river", "peak"], 2: ["bridge"]}.items() for k in keys])
        keys = "ARRAY[:k]" if url.startswith("postgresql") else ":k"
        conn.execute(text(f"INSERT INTO claim_keyset (claim_id, keys) VALUES (:c, {keys})"),
                     [{"c": 1, "k": "river"}, {"c": 2, "k": "bridge"}])
    engine.dispose()


def _delete_as_the_older_version(url: str, claim_ids: list[int]) -> None:
    """What the version before 0019's import undo does: postings, then the claims."""
    engine = _engine(url)
    with engine.begin() as conn:
        for cid in claim_ids:
            conn.execute(text("DELETE FROM claim_key WHERE claim_id = :c"), {"c": cid})
            conn.execute(text("DELETE FROM claim WHERE id = :c"), {"c": cid})
    engine.dispose()


def _check_cascade(url: str, *, defensive: bool = False) -> None:
    _desk_at_0020(url, defensive=defensive)
    engine = _engine(url, defensive=defensive)
    with engine.begin() as conn:  # upgraded as the desk's engine would (defensive or not)
        from alembic import command

        from db.migrate import alembic_config

        command.upgrade(alembic_config(conn), "head")
    engine.dispose()
    Database(url).close()  # at the head: opens as it is
    _delete_as_the_older_version(url, [1, 3])
    engine = _engine(url)
    with engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT id FROM claim")).scalars()) == [2]
        assert keysets(conn) == {2: ["bridge"]}
    engine.dispose()
    checked = CliRunner().invoke(cli, ["db", "check", "--db", url])
    assert checked.exit_code == 0, checked.output


def test_a_claim_deleted_by_the_older_version_takes_its_keyset_row_on_sqlite(tmp_path):
    _check_cascade(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0021_upgrades_a_desk_opened_in_defensive_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _check_cascade(url, defensive=True)
    engine = _engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name LIKE '%0021%'").scalar() == 0
    engine.dispose()


def test_a_claim_deleted_by_the_older_version_takes_its_keyset_row_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_cascade(fresh_pg_url("cascade21"))


def test_downgrade_from_0021_takes_the_cascade_off(tmp_path):
    from alembic import command

    from db.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    _desk_at_0020(url)
    engine = _engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0021")
        assert "ON DELETE CASCADE" in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'claim_keyset'").scalar()
        command.downgrade(alembic_config(conn), "0020")
        assert "CASCADE" not in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'claim_keyset'").scalar()
        assert keysets(conn) == {1: ["river"], 2: ["bridge"]}
    engine.dispose()


def test_db_copy_carries_the_keysets_and_the_cascade(db, tmp_path):
    ids = store(db, synthetic(12, seed=5))
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    done = CliRunner().invoke(cli, ["db", "copy", "--db", db.url, "--to", target])
    assert done.exit_code == 0, done.output
    with db.engine.connect() as conn:
        source = keysets(conn)
    engine = _engine(target)
    with engine.begin() as conn:
        assert keysets(conn) == source and len(source) == len(ids)
        assert "ON DELETE CASCADE" in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'claim_keyset'").scalar()
    engine.dispose()


# --- an older version's `dupes --rebuild` remade the postings, not the keyset rows ------------------


def _postings_remade_by_the_older_version(db, ids: list[int]) -> None:
    """The postings as an older version's rebuild may leave them after 0019: remade (here, of
    another scheme: one key less for ids[0], one more for ids[1], none of their own for
    ids[2]), the keyset rows as they were."""
    with db.engine.begin() as conn:
        first = conn.execute(text("SELECT key FROM claim_key WHERE claim_id = :c AND key NOT LIKE 'p:%' "
                                  "AND key NOT LIKE 't:%' ORDER BY key LIMIT 1"), {"c": ids[0]}).scalar_one()
        conn.execute(text("DELETE FROM claim_key WHERE claim_id = :c AND key = :k"), {"c": ids[0], "k": first})
        conn.execute(text("INSERT INTO claim_key (key, claim_id) VALUES ('zeppelin', :c)"), {"c": ids[1]})
        conn.execute(text("DELETE FROM claim_key WHERE claim_id = :c AND key NOT LIKE 'p:%'"), {"c": ids[2]})


def test_db_check_finds_and_rebuild_remakes_keyset_rows_an_older_rebuild_left(db):
    ids = store(db, synthetic(30, seed=19))
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "check", "--db", db.url]).exit_code == 0
    _postings_remade_by_the_older_version(db, ids)
    result = runner.invoke(cli, ["db", "check", "--db", db.url])
    assert result.exit_code == 1
    assert "claim_keyset: 3 row(s) do not hold their claim's own postings" in result.output
    assert "`claims dupes --rebuild`" in result.output
    done = runner.invoke(cli, ["dupes", "--rebuild", "--db", db.url])
    assert done.exit_code == 0, done.output
    with db.engine.connect() as conn:
        assert keysets(conn) == own_postings(conn)
        assert ids[2] not in keysets(conn)
    assert runner.invoke(cli, ["db", "check", "--db", db.url]).exit_code == 0


# --- a trigger's refusal is the database's own words, not "another change" ----------------------------

SQLITE_REFUSAL = "CREATE TRIGGER refuse BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'desk rule 7: no new claims'); END"
PG_REFUSAL = ("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              "RAISE EXCEPTION 'desk rule 7: no new claims'; END $$; "
              "CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse()")


def _refusing_desk(url: str, table: str) -> None:
    from tests.conftest import run_claims

    assert run_claims("db", "init", "--db", url).returncode == 0
    engine = _engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql((PG_REFUSAL if url.startswith("postgresql") else SQLITE_REFUSAL).format(table=table))
    engine.dispose()


def _counts(url: str) -> tuple[int, ...]:
    engine = _engine(url)
    with engine.connect() as conn:
        found = tuple(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                      for t in ("claim", "article", "event", "claim_key", "watch_source"))
    engine.dispose()
    return found


def _urls(tmp_path, fresh_pg_url) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'desk.db'}"]
    if fresh_pg_url is not None:  # (PostgreSQL's half runs where a server is reachable)
        urls.append(fresh_pg_url("refuse"))
    return urls


def test_an_import_a_trigger_refuses_says_the_databases_words(tmp_path, fresh_pg_url):
    from tests.conftest import run_claims

    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}\n', encoding="utf-8")
    for url in _urls(tmp_path, fresh_pg_url):
        _refusing_desk(url, "claim")
        done = run_claims("import", "--db", url, "--reviewer", "ana", str(path))
        err = done.stderr.decode()
        assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
        assert "desk rule 7: no new claims" in err and "another change" not in err, err
        assert "Traceback" not in err
        assert _counts(url) == (0, 0, 0, 0, 0)


def test_a_watch_add_a_trigger_refuses_says_the_databases_words(tmp_path, fresh_pg_url):
    from tests.conftest import run_claims

    for url in _urls(tmp_path, fresh_pg_url):
        _refusing_desk(url, "watch_source")
        done = run_claims("watch", "add", "--db", url, "--reviewer", "ana", "https://news.example/rss")
        err = done.stderr.decode()
        assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
        assert "desk rule 7: no new claims" in err and "already watched" not in err, err
        assert _counts(url) == (0, 0, 0, 0, 0)


def test_two_imports_of_one_id_at_once_are_still_another_change(db, monkeypatch):
    """The duplicate id another import stored between this one's check and its write (both
    backends): that message stays, and nothing more is stored."""
    from claims.errors import ClaimsError
    from claims.services import importer

    source = '{"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}\n'
    assert importer.import_text(db, source, name="c.jsonl", reviewer="ana").imported == 1
    before = _counts(db.url)
    monkeypatch.setattr(importer, "_already_stored", lambda db, ids, given=None: {})  # the check saw none
    with pytest.raises(ClaimsError, match="another change stored one of these ids meanwhile"):
        importer.import_text(db, source, name="c.jsonl", reviewer="ana")
    assert _counts(db.url) == before


def test_a_take_a_trigger_refuses_says_the_databases_words(tmp_path):
    from tests.conftest import run_claims

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n', encoding="utf-8")
    assert run_claims("import", "--db", url, "--reviewer", "ana", str(path)).returncode == 0
    engine = _engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(SQLITE_REFUSAL.format(table="claim_lock"))
    engine.dispose()
    done = run_claims("take", "--db", url, "--reviewer", "bo", "1")
    err = done.stderr.decode()
    assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
    assert "desk rule 7" in err and "taken" not in err, err


# --- a typed date is read whole: a sign or bracket is no part of it, at every door ---------------------


@pytest.mark.parametrize("typed", ["+2024-01-01", "2024-01-01+", "\u22122024", "\uff0b2024-01-01",
                                   "2024-01-01 (Monday)", "+yesterday"])
def test_a_date_with_a_stray_sign_is_refused_at_every_strict_door(tmp_path, typed):
    from tests.conftest import run_claims

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n', encoding="utf-8")
    assert run_claims("import", "--db", url, "--reviewer", "ana", str(path)).returncode == 0
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the harbour wall cost 12 million euros last year.\n", encoding="utf-8")
    doors = {"claim date": ["set-date", "--db", url, "--reviewer", "ana", "1", typed],
             "--since": ["list", "--db", url, "--since", typed],
             "--until": ["list", "--db", url, "--until", typed],
             "--published": ["ingest", "--db", url, str(article), "--published", typed]}
    for field, args in doors.items():
        done = run_claims(*args)
        err = done.stderr.decode()
        assert done.returncode != 0 and len(err.strip().splitlines()) == 1, (field, err)
        assert f"{field}: {typed!r} is not a date (" in err and "no part of a date" in err, (field, err)
    engine = _engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), max(claim_date) FROM claim")).one() == (1, None)
        assert conn.execute(text("SELECT count(*) FROM article")).scalar() == 0
    engine.dispose()


def test_an_import_date_with_a_stray_sign_is_refused_naming_the_record(tmp_path):
    from tests.conftest import run_claims

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day.", "date": "+2024-01-01"}\n',
                    encoding="utf-8")
    done = run_claims("import", "--db", url, "--reviewer", "ana", str(path))
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err, err
    assert "line 1: date: '+2024-01-01' is not a date ('+' is no part of a date)" in err.splitlines()[-1], err


@pytest.mark.parametrize("typed", ["\uff12\uff10\uff12\uff14-\uff10\uff11-\uff10\uff12",
                                   "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0662",
                                   "\u0968\u0966\u0968\u096a-\u0966\u0967-\u0966\u0968"])
def test_digits_of_other_scripts_are_still_read_as_readme_says(typed):
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=dt.date(2026, 1, 1)) == ("2024-01-02", "day")


# --- a claim dated ahead: its recency is the same whenever its priority is computed ------------------


def _on_day(monkeypatch, day):
    """`date.today()` as the triage reads it, on `day` (days passing without waiting)."""
    import datetime as dt

    from claims.triage import priority

    class Day(dt.date):
        @classmethod
        def today(cls):
            return day

    monkeypatch.setattr(priority, "date", Day)


def _priorities(db) -> dict[int, float]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, priority FROM claim ORDER BY id")).all())


def test_a_claim_dated_ahead_keeps_its_place_as_days_pass(db, tmp_path, monkeypatch):
    import datetime as dt

    from claims.triage.priority import EPOCH, PriorityWeights

    article = tmp_path / "far.txt"
    article.write_text("The mayor said the bridge cost 40 million euros in 2023, according to the council.\n",
                       encoding="utf-8")
    stored_on = dt.datetime.now(dt.UTC).date()
    _on_day(monkeypatch, stored_on)
    runner = CliRunner()
    done = runner.invoke(cli, ["ingest", "--db", db.url, "--published", "9999-12-27", "--allow-future", str(article)])
    assert done.exit_code == 0, done.output
    first = _priorities(db)
    assert first
    with db.engine.connect() as conn:
        worth = dict(conn.execute(text("SELECT id, checkworthiness FROM claim")).all())
    # counted as the day after the article was stored (UTC), not as the year 9999
    day_after = PriorityWeights().recency * (stored_on + dt.timedelta(days=1) - EPOCH).days / 30
    assert all(first[i] - worth[i] == pytest.approx(day_after, abs=1e-4) for i in first), (first, worth)
    _on_day(monkeypatch, stored_on + dt.timedelta(days=40))  # 40 days on, its priority recomputed
    done = runner.invoke(cli, ["rescore", "--priority", "--db", db.url])
    assert done.exit_code == 0, done.output
    assert _priorities(db) == pytest.approx(first)


def test_a_claim_dated_a_day_ahead_counts_its_own_day(db, tmp_path):
    """A page dated tomorrow where its outlet is (a header may be a day ahead) counts as that day."""
    import datetime as dt

    from claims.triage.priority import EPOCH, PriorityWeights

    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    article = tmp_path / "next.txt"
    article.write_text("The mayor said the bridge cost 40 million euros in 2023, according to the council.\n",
                       encoding="utf-8")
    done = CliRunner().invoke(cli, ["ingest", "--db", db.url, "--published", tomorrow.isoformat(),
                                    "--allow-future", str(article)])
    assert done.exit_code == 0, done.output
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT priority - checkworthiness FROM claim")).scalars().all()
    recency = PriorityWeights().recency * (tomorrow - EPOCH).days / 30
    assert rows and all(r == pytest.approx(recency, abs=1e-4) for r in rows)


def _check_0021_retriage(url: str) -> None:
    from tests.conftest import run_claims

    engine = _engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0020", [{"id": i, "text": f"The mayor said the bridge cost {i} million euros."}
                               for i in (1, 2)])
        conn.execute(text("INSERT INTO article (id, text, content_hash, published, ingested_at) VALUES "
                          "(:id, 'text', :h, :day, '2026-03-01 10:00:00')"),
                     [{"id": 1, "h": "h1", "day": "9999-12-27"}, {"id": 2, "h": "h2", "day": "2024-01-08"}])
        conn.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", date_is_reporting) '
                          "VALUES (:i, :i, 'q', 0, 1, false)"), [{"i": i} for i in (1, 2)])
        # as the previous version stored them: claim 1 counted as the day it was computed
        conn.execute(text("UPDATE claim SET priority = CASE id WHEN 1 THEN 9.0 ELSE 0.5 END"))
        conn.execute(text("DELETE FROM triage_dirty"))
    engine.dispose()
    done = run_claims("list", "--db", url, "--format", "json")  # upgrades, then reads the queue
    assert done.returncode == 0, done.stderr
    from claims.triage.priority import EPOCH, PriorityWeights

    engine = _engine(url)
    with engine.connect() as conn:
        priority = dict(conn.execute(text("SELECT id, priority - checkworthiness FROM claim")).all())
    engine.dispose()
    import datetime as dt

    day_after = PriorityWeights().recency * (dt.date(2026, 3, 2) - EPOCH).days / 30
    assert priority[1] == pytest.approx(day_after, abs=1e-4) and priority[2] == pytest.approx(0.0), priority


def test_migration_0021_retriages_claims_dated_ahead_on_sqlite(tmp_path):
    _check_0021_retriage(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0021_retriages_claims_dated_ahead_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_0021_retriage(fresh_pg_url("retriage21"))


# --- search: a claim's own text is a strong match in any script -----------------------------------------

WHOLE = ["قال رئيس البلدية إن الميزانية ارتفعت بنسبة عشرة في المئة هذا العام",
         "市长说今年的预算增加了百分之十",
         "市長は今年の予算が10パーセント増えたと述べた",
         "ראש העיר אמר שהתקציב עלה בעשרה אחוזים השנה",
         "महापौर ने कहा कि इस साल बजट में दस प्रतिशत की वृद्धि हुई",
         "นายกเทศมนตรีกล่าวว่างบประมาณเพิ่มขึ้นร้อยละสิบในปีนี้"]


def test_searching_a_claims_whole_text_is_a_strong_match_in_any_script(db):
    import json

    from tests.test_claim_keyset import synthetic

    store(db, WHOLE + synthetic(40, seed=23))
    runner = CliRunner()
    for text_ in WHOLE:
        done = runner.invoke(cli, ["search", "--db", db.url, "--format", "jsonl", f"  {text_}. "])
        assert done.exit_code == 0, done.output
        hits = [json.loads(line) for line in done.output.splitlines()]
        assert hits[0]["text"] == text_ and hits[0]["score"] >= 90, (text_, hits[:2])


def test_only_the_same_words_are_lifted_not_a_claim_holding_them_among_others():
    from claims.matching.idf import IdfTable
    from claims.matching.normalize import analyze
    from claims.matching.rerank import Candidate, rerank

    class Weak:  # a model that finds every candidate weak
        def score(self, row):
            return 12.0

    query = analyze(WHOLE[0])
    pool = [Candidate(1, analyze(WHOLE[0] + " وقال أيضا إن الضرائب لن ترتفع"), None, 3.0, 0.0),
            Candidate(2, analyze("«" + WHOLE[0].upper() + "!»"), None, 2.0, 0.0),
            Candidate(3, analyze(WHOLE[1]), None, 1.0, 0.0)]
    assert rerank(query, pool, IdfTable(), 3.0, Weak()) == [(2, 99.0), (1, 12.0), (3, 12.0)]

"""Issue 15: the review of the noticed-18 commits, each finding with the test that showed it.

- a blank default reviewer name ('   ', NBSP, `default_reviewer = "   "`) fell back to the
  login name, and a line break in any reviewer name was folded into a space;
- a claim stored with a far-future date kept its old recency boost (migration 0020);
- PostgreSQL's HINT line was dropped by the migration, import and db tools' one-line errors;
- a local feed stored under the previous key form with a literal `\\x` in its path forgot its entries.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_claims

# --- one rule for a default reviewer name: unset or "" falls back, blank is refused -----------------


def _desk_with_one_claim(tmp_path) -> str:
    path = tmp_path / "desk.db"
    claims_file = tmp_path / "c.jsonl"
    claims_file.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n', encoding="utf-8")
    done = run_claims("import", "--db", str(path), "--reviewer", "ana", str(claims_file))
    assert done.returncode == 0, done.stderr
    return str(path)


def _config(tmp_path, body: str) -> dict:
    folder = tmp_path / "xdg-config" / "claims"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(body, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg-config")}


def _refused_in_one_line(done, *parts: str) -> None:
    err = done.stderr.decode()
    assert done.returncode != 0 and len(err.strip().splitlines()) == 1, err
    for part in parts:
        assert part in err, err


@pytest.mark.parametrize("given", ["   ", "\u00a0", "\t"])
def test_a_blank_reviewer_variable_is_refused_not_the_login_name(tmp_path, given):
    """`CLAIMS_REVIEWER=$'\\u00a0' claims set-date 1 2024-01-08` succeeded as 'root': '.strip()'
    took the blank for unset, while '\\u200b' and `--reviewer '   '` were refused."""
    db = _desk_with_one_claim(tmp_path)
    done = run_claims("set-date", "--db", db, "1", "2024-01-08", env={"CLAIMS_REVIEWER": given})
    _refused_in_one_line(done, "$CLAIMS_REVIEWER: ")


@pytest.mark.parametrize("given", ["   ", "\u00a0"])
def test_a_blank_config_reviewer_is_refused_naming_the_key(tmp_path, given):
    db = _desk_with_one_claim(tmp_path)
    env = {**_config(tmp_path, f'[review]\ndefault_reviewer = "{given}"\n'), "CLAIMS_REVIEWER": ""}
    done = run_claims("set-date", "--db", db, "1", "2024-01-08", env=env)
    _refused_in_one_line(done, "config.toml: [review] default_reviewer: shows nothing")


def test_an_empty_variable_or_key_is_not_given(tmp_path):
    """"" is unset: the config's name, then the login name, decides."""
    db = _desk_with_one_claim(tmp_path)
    env = {**_config(tmp_path, '[review]\ndefault_reviewer = ""\n'), "CLAIMS_REVIEWER": ""}
    assert run_claims("set-date", "--db", db, "1", "2024-01-08", env=env).returncode == 0
    (tmp_path / "xdg-config" / "claims" / "config.toml").write_text('[review]\ndefault_reviewer = "bo"\n')
    assert run_claims("set-date", "--db", db, "1", "2024-01-09", env=env).returncode == 0
    history = run_claims("history", "--db", db, "1", env=env).stdout.decode()
    assert "bo" in history


@pytest.mark.parametrize("given", ["ana\nlind", "ana\rlind", "ana\u2028lind", "ana\tlind"])
def test_a_reviewer_name_with_a_line_break_is_refused_at_every_door(tmp_path, given):
    """README: a name holding a control character is refused; 'ana\\nlind' was stored 'ana lind'."""
    db = _desk_with_one_claim(tmp_path)
    _refused_in_one_line(run_claims("set-date", "--db", db, "1", "2024-01-08", "--reviewer", given),
                         "--reviewer: holds the control character")
    _refused_in_one_line(run_claims("set-date", "--db", db, "1", "2024-01-08", env={"CLAIMS_REVIEWER": given}),
                         "$CLAIMS_REVIEWER: holds the control character")
    imported = tmp_path / "r.jsonl"
    record = {"text": "The mayor said the tunnel cost 9 million euros.", "reviewer": given}
    imported.write_text(json.dumps(record) + "\n", encoding="utf-8")
    done = run_claims("import", "--db", db, "--reviewer", "ana", str(imported))
    assert done.returncode == 1 and "nothing imported: line 1: reviewer holds the control character" in (
        done.stderr.decode()), done.stderr


# --- migration 0020: a priority stored with a far-future (or pre-1900) day is recomputed ------------

STALE = 9740.55  # what the version before 2eb43fc stored for a claim published on 9999-12-27


def _desk_at_0019_with_out_of_range_days(url: str) -> None:
    """A desk at 0019 as the previous version left it: claims 1 (published 9999-12-27) and 2
    (published in year 1) with the priorities it stored, and claim 3 (2024) current."""
    from sqlalchemy import create_engine, text

    from tests.old_desks import desk_at

    engine = create_engine(url)
    if url.startswith("sqlite"):
        from sqlalchemy import event

        from db.textfold import register_sqlite_functions

        event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))
    with engine.begin() as conn:
        desk_at(conn, "0019", [{"id": i, "text": f"The mayor said the bridge cost {i} million euros."}
                               for i in (1, 2, 3)])
        conn.execute(text("INSERT INTO article (id, text, content_hash, published, ingested_at) VALUES "
                          "(:id, 'text', :h, :day, '2026-03-01 10:00:00')"),
                     [{"id": i, "h": f"h{i}", "day": day}
                      for i, day in ((1, "9999-12-27"), (2, "0001-01-01"), (3, "2024-01-08"))])
        conn.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", date_is_reporting) '
                          "VALUES (:i, :i, 'q', 0, 1, false)"), [{"i": i} for i in (1, 2, 3)])
        conn.execute(text("UPDATE claim SET priority = CASE id WHEN 1 THEN :hi WHEN 2 THEN -2433 ELSE 0.5 END"),
                     {"hi": STALE})
        conn.execute(text("DELETE FROM triage_dirty"))
    engine.dispose()


def _check_0020(url: str) -> None:
    from sqlalchemy import create_engine, text

    _desk_at_0019_with_out_of_range_days(url)
    done = run_claims("list", "--db", url, "--format", "json")  # upgrades, then reads the queue
    assert done.returncode == 0, done.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        priority = dict(conn.execute(text("SELECT id, priority FROM claim")).all())
        dirty = conn.execute(text("SELECT count(*) FROM triage_dirty")).scalar()
    engine.dispose()
    # the clamped recency, not the stored one; claim 3 was current and is left alone
    assert priority[1] < 100 and priority[2] > -200 and priority[3] == 0.5, priority
    assert dirty == 0
    # `show` prints the terms of the priority stored: they add up to it now
    shown = run_claims("show", "--db", url, "1").stdout.decode()
    assert f"{STALE}" not in shown and "9,740" not in shown, shown


def test_migration_0020_retriages_out_of_range_days_on_sqlite(tmp_path):
    _check_0020(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0020_retriages_out_of_range_days_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_0020(fresh_pg_url("retriage20"))


# --- PostgreSQL's HINT line stays in every one-line message quoting a database error -----------------

HINT = "ask the administrator of the desk"
RAISE_WITH_HINT = ("CREATE FUNCTION refuse_with_hint() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"RAISE EXCEPTION 'refused here' USING ERRCODE = 'unique_violation', HINT = '{HINT}'; END $$")


def _pg(fresh_pg_url, tag: str) -> str:
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    return fresh_pg_url(tag)


def _execute(url: str, *statements: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def test_a_failed_upgrade_keeps_postgresqls_hint(fresh_pg_url):
    url = _pg(fresh_pg_url, "hint20")
    _desk_at_0019_with_out_of_range_days(url)
    _execute(url, RAISE_WITH_HINT, "CREATE TRIGGER refuse BEFORE INSERT ON triage_dirty "
                                   "FOR EACH ROW EXECUTE FUNCTION refuse_with_hint()")
    done = run_claims("list", "--db", url)
    err = done.stderr.decode()
    assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
    assert "upgrading the schema from revision 0019 to 00" in err and " failed: refused here" in err
    assert f"(PostgreSQL's hint: {HINT})" in err


def test_an_import_refused_by_the_database_keeps_postgresqls_hint(fresh_pg_url, tmp_path):
    url = _pg(fresh_pg_url, "hintimp")
    assert run_claims("db", "init", "--db", url).returncode == 0
    _execute(url, RAISE_WITH_HINT, 'CREATE TRIGGER refuse BEFORE INSERT ON "claim" '
                                   "FOR EACH ROW EXECUTE FUNCTION refuse_with_hint()")
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n', encoding="utf-8")
    done = run_claims("import", "--db", url, "--reviewer", "ana", str(path))
    err = done.stderr.decode()
    assert done.returncode == 1 and "refused here" in err and f"(PostgreSQL's hint: {HINT})" in err, err


def test_db_copys_refusals_keep_postgresqls_hint(fresh_pg_url, tmp_path):
    """`db copy`'s lines for rows the target refused, or a write it refused, quote the error
    with its hint (a real PostgreSQL error, as the copy would meet it)."""
    from types import SimpleNamespace

    from sqlalchemy import create_engine
    from sqlalchemy.exc import IntegrityError

    from claims.services.dbtools import _refused, _rows_refused

    url = _pg(fresh_pg_url, "hintcopy")
    engine = create_engine(url)
    with engine.connect() as conn, pytest.raises(IntegrityError) as refused:
        conn.exec_driver_sql("DO $$ BEGIN RAISE EXCEPTION 'refused here' USING ERRCODE = 'foreign_key_violation', "
                             f"HINT = '{HINT}'; END $$")
    engine.dispose()
    report = SimpleNamespace(source="old.db", target="new.db")
    target = SimpleNamespace(is_postgresql=True)
    for line in (_rows_refused(refused.value, target, report, None), _refused(refused.value, "new.db", "old.db", None)):
        assert f"refused here (PostgreSQL's hint: {HINT})" in line, line


# --- a local feed's entries remembered under the key form before 0179e81 ------------------------------

FEED_PAGE = ("<html><head><title>{t}</title></head><body><article><p>The mayor said on Monday that the "
             "new harbour bridge cost {n} million euros, far more than the council had planned.</p>"
             "</article></body></html>")


def _write_feed(path: bytes, link: str) -> None:
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title>'
                f'<link>{link}</link><guid>g1</guid></item></channel></rss>'.encode())


def _ingest_feed(db: str, path: bytes) -> str:
    import os
    from pathlib import Path

    settings = Path(db).with_name("config.toml")  # the feed's links are to the test's own server, on 127.0.0.1
    settings.write_text("[web]\nallow_private_addresses = true\n", encoding="utf-8")
    done = run_claims("ingest", "--db", db, "--feed", os.fsdecode(path), env={"CLAIMS_CONFIG": str(settings)})
    assert done.returncode == 0, done.stderr
    return done.stdout.decode() + done.stderr.decode()


@pytest.mark.parametrize("name", [b"feeds\\x41/f.xml", b"feeds\\b\xe9/f.xml"])
def test_a_feed_remembered_under_the_previous_key_form_is_still_seen(web, tmp_path, name):
    """The version before 0179e81 remembered `feeds\\x41/f.xml` as itself; today's key doubles
    the backslash, and the entry was fetched again as if never seen."""
    import os
    import sqlite3

    web.add("/p1", FEED_PAGE.format(t="One", n=40))
    path = os.path.join(os.fsencode(tmp_path), name)
    _write_feed(path, web.url("/p1"))
    db = str(tmp_path / "desk.db")
    assert "1 new article" in _ingest_feed(db, path)
    old_key = os.fsencode(os.path.realpath(path)).decode("utf-8", "backslashreplace")
    with sqlite3.connect(db) as conn:  # as the previous version stored it
        assert conn.execute("UPDATE feed_entry SET feed = ?", (old_key,)).rowcount == 1
    conn.close()
    out = _ingest_feed(db, path)
    assert "1 seen before" in out, out
    assert web.hits.get("/p1") == 1  # its page was not fetched again


def test_the_previous_key_form_is_not_read_when_it_names_another_file(web, tmp_path):
    """`caf\\xe9.rss` in letters had the old key of the file holding the byte 0xe9: read first,
    the byte file's entry must not make the letters file's entry 'seen'."""
    import os

    web.add("/p1", FEED_PAGE.format(t="One", n=40))
    web.add("/p2", FEED_PAGE.format(t="Two", n=90))
    folder = os.fsencode(tmp_path)
    _write_feed(folder + b"/caf\xe9.rss", web.url("/p2"))
    _write_feed(folder + b"/caf\\xe9.rss", web.url("/p1"))
    db = str(tmp_path / "desk.db")
    assert "1 new article" in _ingest_feed(db, folder + b"/caf\xe9.rss")
    assert "1 new article" in _ingest_feed(db, folder + b"/caf\\xe9.rss")

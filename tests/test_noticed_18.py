"""Issue 15's items noticed in earlier hostile passes (hardening), each fixed at its root:

- `import --skip-bad` that stopped reading a file early ("lines 5-6 were not read") exited 0;
- a reviewer name from $CLAIMS_REVIEWER, the config file or the login name was checked by
  `--reviewer` alone (and its refusal named `--reviewer`); other callers kept what it refused;
- `path_text` gave a file named `caf\\xe9.rss` in letters and one holding the byte 0xe9 one key;
- a message quoting a path with a newline in it was printed on two lines;
- a claim published on 9999-12-27 stood +9,707 in the queue (recency counted to that day);
- after a failed ingest, the outdated match index was still said;
- a redo counted an outlet it found already stored as restored;
- migration 0018 loaded 0017 by its file's path, and failed on an SQLite in defensive mode;
- `watch run` read every new entry of a feed (60,000 held the lease for hours).
(The desk's item, PostgreSQL's hint kept in the line, is in tests/tui/test_noticed_18_desk.py.)
"""

from __future__ import annotations

import pytest

from tests.conftest import run_claims
from tests.hostile import one_line_error, run, stored_claims

# --- import --skip-bad that could not read the whole file ------------------------------------------

GOOD_THEN_OPEN_QUOTE = ('id,text\nq1,"The mayor said the bridge cost 40 million euros in 2023."\n'
                        'q2,"The quote opened here is never closed\n'
                        'q3,"The minister said inflation rose to 7 percent in 2022."\n')


def test_skip_bad_that_stopped_reading_exits_1_keeping_what_it_read(db, tmp_path):
    """A quote never closed: q3 was never read, and the import said 'imported 1 claim' with
    status 0, so a script took the file for imported. The good record before it stays
    imported (as --skip-bad promises), and the status is 1, with the reason in one line."""
    path = tmp_path / "open.csv"
    path.write_text(GOOD_THEN_OPEN_QUOTE, encoding="utf-8")
    done = run(db, "import", "--skip-bad", str(path))
    one_line_error(done, f"{path}: line 3: reading stopped there, so the file was not all imported",
                   "the claim before it was imported (`claims undo` takes it back)")
    assert "imported 1 claim" in done.output
    assert [c.external_id for c in stored_claims(db)] == ["q1"]
    assert run(db, "undo").exit_code == 0
    assert stored_claims(db) == []


def test_skip_bad_of_an_unreadable_json_array_exits_1(db, tmp_path):
    """A JSON array broken in its middle: none of its records was read, 'imported 0 claims', status 0."""
    path = tmp_path / "arr.json"
    path.write_text('[{"text": "The bridge carries 40,000 vehicles a day."}, {"text": oops}]', encoding="utf-8")
    one_line_error(run(db, "import", "--skip-bad", str(path)), f"{path}: line 1: reading stopped there",
                   "nothing was imported")


def test_skip_bad_stopped_as_a_user_sees_it(tmp_path):
    """The real command: a stray quote inside a cell of several lines ('lines 5-6 were not read')."""
    path = tmp_path / "stray.csv"
    path.write_text('id,text\nq1,"The mayor said the bridge cost 40 million euros in 2023."\n'
                    'q2,"multi\nline" x\nq3,"The minister said inflation rose to 7 percent in 2022."\nq4,four\n',
                    encoding="utf-8")
    done = run_claims("import", "--skip-bad", str(path), "--db", str(tmp_path / "desk.db"))
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "lines 5-6 were not read" in err and err.strip().splitlines()[-1].startswith("claims: error: ")


def test_skip_bad_that_read_everything_still_exits_0(db, tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n{"nope": 1}\n', encoding="utf-8")
    assert run(db, "import", "--skip-bad", str(path)).exit_code == 0



# --- one rule for a reviewer's name, whichever door gave it ---------------------------------------


@pytest.mark.parametrize("given", ["\u200b", "\u2800", "ana\u202eevil"])
def test_a_default_reviewer_is_checked_as_reviewer_is(monkeypatch, given):
    """stored_default_reviewer (the desk, an import called without a reviewer) kept '\u200b'
    (cleaned to nothing: a blank in the audit log) and a direction control `--reviewer` refuses."""
    from claims.errors import ClaimsError
    from claims.reviewer import stored_default_reviewer

    monkeypatch.setenv("CLAIMS_REVIEWER", given)
    with pytest.raises(ClaimsError, match=r"^\$CLAIMS_REVIEWER: "):
        stored_default_reviewer()


def test_a_default_reviewer_is_cleaned_as_reviewer_is(monkeypatch):
    from claims.reviewer import stored_default_reviewer

    monkeypatch.setenv("CLAIMS_REVIEWER", " ana\u200b ")
    assert stored_default_reviewer() == "ana"


def test_a_refused_environment_reviewer_is_named_as_such(db, monkeypatch):
    """'--reviewer: shows nothing' was said of a name the user never typed as --reviewer."""
    monkeypatch.setenv("CLAIMS_REVIEWER", "\u200b")
    one_line_error(run(db, "undo"), "$CLAIMS_REVIEWER: shows nothing")
    one_line_error(run(db, "undo", "--reviewer", "\u200b"), "--reviewer: shows nothing")


def test_a_refused_config_reviewer_names_the_file_and_key(tmp_path):
    folder = tmp_path / "xdg-config" / "claims"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[review]\ndefault_reviewer = "ana\\u202eevil"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "CLAIMS_REVIEWER": ""}
    done = run_claims("undo", "--db", str(tmp_path / "desk.db"), env=env)
    err = done.stderr.decode()
    assert done.returncode == 1 and len(err.strip().splitlines()) == 1, err
    assert f"{folder / 'config.toml'}: [review] default_reviewer: holds the direction control U+202E" in err


def test_an_import_without_a_reviewer_refuses_a_blank_default(db, tmp_path, monkeypatch):
    from claims.errors import ClaimsError
    from claims.services.importer import import_text

    monkeypatch.setenv("CLAIMS_REVIEWER", "\u2800")
    with pytest.raises(ClaimsError, match="CLAIMS_REVIEWER"):
        import_text(db, '{"text": "The bridge carries 40,000 vehicles a day."}\n', name="r.jsonl")
    assert stored_claims(db) == []


# --- a file named caf\xe9 in so many letters is not the file whose name holds the byte 0xe9 ----------

PAGE = ("<html><head><title>{t}</title></head><body><article><p>The mayor said on Monday that the "
        "new harbour bridge cost {n} million euros, far more than the council had planned.</p>"
        "</article></body></html>")


def _feed_file(path: bytes, link: str) -> None:
    with open(path, "wb") as f:
        f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title>'
                f'<link>{link}</link><guid>g1</guid></item></channel></rss>'.encode())


def test_two_feed_files_whose_names_read_alike_keep_their_entries_apart(db, web, tmp_path):
    """`caf\\xe9.rss` (a backslash, an x, an e, a 9) and `caf?.rss` (the byte 0xe9) were both
    remembered as the feed 'caf\\xe9.rss': the second's entry g1 was "seen before", never read."""
    import os

    web.add("/p1", PAGE.format(t="One", n=40))
    web.add("/p2", PAGE.format(t="Two", n=90))
    folder = os.fsencode(tmp_path)
    _feed_file(folder + b"/caf\\xe9.rss", web.url("/p1"))
    _feed_file(folder + b"/caf\xe9.rss", web.url("/p2"))
    first = run(db, "ingest", "--feed", os.fsdecode(folder + b"/caf\\xe9.rss"))
    assert first.exit_code == 0 and "1 new article" in first.output, first.output
    second = run(db, "ingest", "--feed", os.fsdecode(folder + b"/caf\xe9.rss"))
    assert second.exit_code == 0 and "1 new article" in second.output, second.output
    assert run(db, "ingest", "--feed", os.fsdecode(folder + b"/caf\xe9.rss")).output.count("1 seen before") == 1


@pytest.mark.parametrize(("name", "text"), [
    ("café.txt", "café.txt"),  # an ordinary name is itself, as stored before
    ("a\\b.txt", "a\\b.txt"),
    ("caf\udce9.txt", "caf\\xe9.txt"),  # the byte 0xe9, as stored before
    ("caf\\xe9.txt", "caf\\\\xe9.txt"),  # the letters: no longer the same text
    ("a\\b\udce9.txt", "a\\\\b\\xe9.txt"),
])
def test_path_text_names_one_file(name, text):
    from claims.paths import path_text

    assert path_text(name) == text


# --- a message quoting a path or a field stays one line -------------------------------------------


def test_an_error_naming_a_path_with_a_newline_is_one_line(tmp_path):
    """`claims ingest $'no\\nsuch.txt'` said 'claims: error: no' and, on a line of its own, 'such.txt: no such file'."""
    desk = str(tmp_path / "desk.db")
    done = run_claims("ingest", str(tmp_path / "no\nsuch.txt"), "--db", desk)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [f"claims: error: {tmp_path}/no\u240asuch.txt: no such file"]


def test_notes_and_progress_lines_naming_a_path_with_line_breaks_are_one_line_each(tmp_path):
    bad = tmp_path / "b\nad\r.csv"
    bad.write_text(GOOD_THEN_OPEN_QUOTE, encoding="utf-8")
    article = tmp_path / "a\u2028b.txt"
    article.write_text("The mayor said the bridge cost 40 million euros in 2023, the council said.\n", encoding="utf-8")
    desk = str(tmp_path / "desk.db")
    done = run_claims("import", "--skip-bad", str(bad), "--db", desk)
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 3 and all("b\u240aad\u240d.csv" in line for line in lines), lines
    done = run_claims("ingest", str(article), str(tmp_path / "x\x0bmissing.txt"), "--db", desk)
    lines = [line for line in done.stderr.decode().splitlines() if line]
    assert lines[0] == f"claims: error: {tmp_path}/x\u240bmissing.txt: no such file", lines
    assert len(lines) == 2 and lines[1].startswith("ingested 1 article"), lines


def test_message_line_keeps_what_has_no_break():
    from claims.limits import message_line

    assert message_line("caf\u00e9 \u202e \x1b[31m\ttab") == "caf\u00e9 \ufffd \u241b[31m\ttab"


# --- a far-future (or far-past) date does not rule the queue --------------------------------------


def test_a_claim_dated_far_in_the_future_gets_no_recency_boost(db, tmp_path):
    """`ingest --published 9999-12-27 --allow-future`: its claims stood +9,707 in the queue
    (recency counted to the year 9999), above every claim of today."""
    from datetime import date

    from claims.triage.priority import EPOCH, PriorityWeights

    article = tmp_path / "far.txt"
    article.write_text("The mayor said the bridge cost 40 million euros in 2023, according to the council.\n",
                       encoding="utf-8")
    assert run(db, "ingest", "--published", "9999-12-27", "--allow-future", str(article)).exit_code == 0
    import json

    listed = [json.loads(line) for line in run(db, "list", "--format", "jsonl").output.splitlines()]
    today = PriorityWeights().recency * (date.today() - EPOCH).days / 30  # counted as today
    assert listed and all(c["priority"] - c["checkworthiness"] == pytest.approx(today, abs=0.01) for c in listed)


@pytest.mark.parametrize(("latest", "recency"), [
    ("2026-01-02", 0.1 / 30), ("2025-12-02", -0.1), ("1900-01-01", -0.1 * 46_021 / 30),
    ("0001-01-01", -0.1 * 46_021 / 30),
])
def test_recency_is_clamped_to_1900(latest, recency):
    """(A day ahead is bounded where the standing is read: tests/test_open_items_15.py.)"""
    from datetime import date

    from claims.triage.priority import PriorityWeights, Standing, parts

    s = Standing(worth=0.5, appearances=1, outlets=1, latest=date.fromisoformat(latest), checked_as=None,
                 held=False, done=False)
    assert dict(parts(s, PriorityWeights(), today=date(2026, 1, 1)))["recency"] == pytest.approx(recency)


# --- the outdated match index is said after new claims only -----------------------------------------


def _outdated_index(db, tmp_path) -> None:
    from claims.models import KeyStat
    from claims.services.store_index import VERSION_KEY

    first = tmp_path / "first.txt"
    first.write_text("The mayor said the bridge cost 40 million euros in 2023, according to the council.\n",
                     encoding="utf-8")
    assert run(db, "ingest", str(first)).exit_code == 0
    with db.session() as s:
        s.get(KeyStat, VERSION_KEY).df = 6  # made by an older version


def test_a_failed_ingest_or_import_says_nothing_of_the_match_index(db, tmp_path):
    """`claims ingest missing.txt` on a desk whose index is outdated: one error, then the
    warning that new claims may miss their duplicates, though no claim came in."""
    from claims.cli.index_note import OUTDATED_INDEX

    _outdated_index(db, tmp_path)
    warning = OUTDATED_INDEX.removeprefix("claims: warning: ")[:40]
    one_line_error(run(db, "ingest", str(tmp_path / "missing.txt")), "no such file")
    assert warning not in run(db, "ingest", "--feed", str(tmp_path / "missing.rss")).output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"nope": 1}\n', encoding="utf-8")
    assert warning not in run(db, "import", str(bad)).output
    assert warning not in run(db, "import", "--skip-bad", str(bad)).output
    second = tmp_path / "second.txt"
    second.write_text("The governor said the tunnel cost 90 million dollars in 2021, the report found.\n",
                      encoding="utf-8")
    done = run(db, "ingest", str(second))
    assert done.exit_code == 0 and warning in done.output, done.output


# --- a redo counts what it put back, not what it found -----------------------------------------------


def test_redo_counts_as_restored_only_the_outlets_it_put_back(db, tmp_path):
    """An outlet of the import made again since the undo (GAZETTE, by another article) stands in
    for the one removed: the redo said 'restored ... 2 outlets' where it put back one."""
    from claims.services.outlets import find_or_create_outlet

    path = tmp_path / "o.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day.", "outlet": "Gazette"}\n'
                    '{"text": "The tunnel carries 9,000 cars a day.", "outlet": "Herald"}\n', encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    undone = run(db, "undo")
    assert "2 outlets" in undone.output, undone.output
    with db.session() as s:
        find_or_create_outlet(s, "GAZETTE")  # as an ingest of a page from that outlet makes it
    redone = run(db, "redo")
    assert redone.exit_code == 0 and "restored 2 claims, 2 articles, 1 outlet and" in redone.output, redone.output
    history = run(db, "history", "--format", "jsonl").output
    assert "restored 2 claims, 2 articles, 1 outlet and" in history


# --- a migration imports what it shares from a module, not from a file beside it ---------------------


def test_migration_0018_does_not_depend_on_the_file_name_of_0017(tmp_path):
    """0018 loaded 0017 by its path ('0017_one_outlet_one_reviewer.py' beside it): with the
    folder laid out otherwise (the file renamed, as alembic allows: it goes by revision ids),
    the upgrade failed on a file not found."""
    import shutil

    from alembic import command
    from sqlalchemy import create_engine, text

    from db.migrate import MIGRATIONS_DIR, alembic_config

    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "0017_one_outlet_one_reviewer.py").rename(copy / "versions" / "0017_outlets.py")
    from sqlalchemy import event

    from db.textfold import register_sqlite_functions

    engine = create_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))  # as the desk's engine
    with engine.begin() as conn:
        config = alembic_config(conn)
        config.set_main_option("script_location", str(copy))
        command.upgrade(config, "0017")
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (1, 'CNN'), (2, 'cnn')"))
        command.upgrade(config, "0018")
        assert conn.execute(text("SELECT id, name, identity FROM outlet")).all() == [(1, "CNN", "cnn")]
    engine.dispose()


# --- migration 0018 on an SQLite connection in defensive mode ----------------------------------------


def _defensive(dbapi_conn) -> None:
    """SQLITE_DBCONFIG_DEFENSIVE on (no writable_schema), as `Connection.setconfig` sets it on
    Python 3.12+; on 3.11, which has no such call, through sqlite3_db_config on the handle."""
    import sqlite3

    if hasattr(dbapi_conn, "setconfig"):
        dbapi_conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        return
    import ctypes
    import ctypes.util
    import platform
    import sys

    name = ctypes.util.find_library("sqlite3")
    if sys.version_info[:2] != (3, 11) or platform.python_implementation() != "CPython" or name is None:
        pytest.skip("no way here to set SQLITE_DBCONFIG_DEFENSIVE (Python 3.12's setconfig, or 3.11's layout)")
    lib = ctypes.CDLL(name)
    if lib.sqlite3_libversion_number() != sqlite3.sqlite_version_info[0] * 1_000_000 + \
            sqlite3.sqlite_version_info[1] * 1000 + sqlite3.sqlite_version_info[2]:
        pytest.skip(f"{name} is not the SQLite Python's sqlite3 module runs on")
    # CPython 3.11's pysqlite_Connection: PyObject_HEAD (two pointers), then the sqlite3 handle
    handle = ctypes.c_void_p.from_address(id(dbapi_conn) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
    now = ctypes.c_int(-1)
    lib.sqlite3_db_config(ctypes.c_void_p(handle), 1010, ctypes.c_int(1), ctypes.byref(now))  # DEFENSIVE
    assert now.value == 1


def test_migration_0018_upgrades_a_desk_opened_in_defensive_mode(tmp_path):
    """0018 took the default '' off outlet.identity by editing sqlite_master under
    `PRAGMA writable_schema`, which an SQLite in defensive mode refuses ('table sqlite_master
    may not be modified'): the upgrade failed, and the desk (left at 0017) could not be opened."""
    from alembic import command
    from sqlalchemy import create_engine, event, exc, text

    from db.migrate import alembic_config
    from db.textfold import register_sqlite_functions
    from tests.old_desks import desk_at

    def connected(dbapi_conn, _):
        register_sqlite_functions(dbapi_conn)
        _defensive(dbapi_conn)
        dbapi_conn.execute("PRAGMA foreign_keys=ON")  # as the desk's engine has them

    engine = create_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    event.listen(engine, "connect", connected)
    with engine.begin() as conn:
        desk_at(conn, "0017", [])
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (1, 'CNN'), (2, 'cnn'), (3, 'BBC')"))
        conn.execute(text("INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) VALUES "
                          "(1, 1, 'x', 'h1', '2026-03-01'), (2, 2, 'y', 'h2', '2026-03-01'), "
                          "(3, 3, 'z', 'h3', '2026-03-01')"))
    with engine.connect() as conn:  # defensive indeed: the schema cannot be edited
        conn.exec_driver_sql("PRAGMA writable_schema = ON")
        with pytest.raises(exc.OperationalError, match="may not be modified"):
            conn.exec_driver_sql("UPDATE sqlite_master SET sql = sql WHERE name = 'outlet'")
        conn.rollback()
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0018")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0018"
        assert conn.execute(text("SELECT id, name, identity FROM outlet ORDER BY id")).all() == [
            (1, "CNN", "cnn"), (3, "BBC", "bbc")]
        assert conn.execute(text("SELECT id, outlet_id FROM article ORDER BY id")).all() == [(1, 1), (2, 1), (3, 3)]
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert "DEFAULT" not in conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'outlet'")).scalar()
        indexes = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outlet'"))
                      .scalars())
        assert "ix_outlet_identity" in indexes
        with pytest.raises(exc.IntegrityError, match="NOT NULL"):
            conn.execute(text("INSERT INTO outlet (name) VALUES ('Herald')"))
    engine.dispose()


# --- watch run reads a bounded number of a feed's new entries per poll ----------------------------------


def test_watch_run_reads_a_bounded_number_of_new_entries_per_poll(db, web, tmp_path):
    """A feed of 60,000 new entries held the watch lease for hours: other sources (and other
    pollers) waited. A poll reads `[watch] max_entries` of them, says how many are left, and
    the source is due again at once: the next run goes on where this one stopped."""
    config = tmp_path / "xdg-config" / "claims" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[web]\ndelay = 0\n\n[watch]\nmax_entries = 2\n", encoding="utf-8")
    items = ""
    for i in range(5):
        web.add(f"/p{i}", PAGE.format(t=f"Story {i}", n=10 + i))
        items += f"<item><title>Story {i}</title><link>{web.url(f'/p{i}')}</link><guid>g{i}</guid></item>"
    web.add("/many.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>{items}</channel></rss>',
            content_type="application/rss+xml")
    assert run(db, "watch", "add", web.url("/many.xml")).exit_code == 0
    said = []
    for _ in range(3):
        done = run(db, "watch", "run")
        assert done.exit_code == 0, done.output
        said.append(done.output)
    assert "5 entries, 2 new articles" in said[0] and "3 new left for the next poll" in said[0], said[0]
    assert "2 new articles" in said[1] and "1 new left for the next poll" in said[1], said[1]
    assert "1 new article" in said[2] and "left" not in said[2], said[2]
    from sqlmodel import func, select

    from claims.models import Article

    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Article)).one() == 5

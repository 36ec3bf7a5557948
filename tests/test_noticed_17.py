"""Issue 15's list of failures noticed and left by the last session (hardening):

- an outlet name was found by computing the identity of every stored outlet (no index: 40 ms
  a lookup at 20,000 outlets); it is stored (`outlet.identity`, migration 0018) and unique;
- two PostgreSQL imports making the same new outlets in opposite orders deadlocked;
- PostgreSQL's SQL copy of the identity rule disagreed with Python's (now computed in Python only);
- migration 0017 kept no record of the outlet names it merged.
"""

from __future__ import annotations

import json
import os
import sys
import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, event, text

from claims.cli import cli
from db import Database
from db.folding import outlet_identity_key
from tests.hostile import run
from tests.old_desks import desk_at

T = "'2026-03-01 10:00:00'"
LONG = "\ufdfa" * 200  # 18 letters a character in NFKC: its identity is over 2,704 bytes
OUTLETS_17 = {1: "Reuters", 2: "REUTERS", 3: LONG, 4: "Daily Post", 5: "Straße", 6: "Strasse"}


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", url])


def _engine(url: str):
    engine = create_engine(url)
    if url.startswith("sqlite"):  # the search index's fold, as the desk's own engine registers it
        from db.textfold import register_sqlite_functions

        event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))
    return engine


def _desk_at_0017(url: str) -> None:
    """A desk at 0017 holding two outlets of one identity (written since 0017 beside each
    other), one whose identity is too long for a btree entry, and reviewer names with
    invisible characters in match and watch_source."""
    engine = _engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0017", [{"id": i, "text": f"The tunnel carries {i},000 cars a day."} for i in range(1, 4)])
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (:id, :name)"),
                     [{"id": i, "name": n} for i, n in OUTLETS_17.items()])
        conn.execute(text(f"INSERT INTO article (id, outlet_id, text, content_hash, ingested_at) "
                          f"VALUES (:id, :id, 'x', :hash, {T})"), [{"id": i, "hash": f"h{i}"} for i in OUTLETS_17])
        conn.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", date_is_reporting) '
                          "VALUES (:c, :a, 'x', 0, 1, false)"), [{"c": 1, "a": 1}, {"c": 2, "a": 2}])
        conn.execute(text("INSERT INTO match (claim_a_id, claim_b_id, score, scorer, explanation, state, conflict, "
                          f"decided_by, created_at) VALUES (1, 2, 0.9, 's', '{{}}', 'rejected', false, "
                          f"'ana\u200b', {T})"))
        conn.execute(text("INSERT INTO watch_source (source, every, added_by, added_at, next_due, failures, "
                          f"lease_holder) VALUES ('https://example.org/feed', 1800, '\u200eana', {T}, {T}, 0, "
                          "'host\ufeff-1')"))
    engine.dispose()


def _check_upgrade_0018(url: str) -> None:
    _desk_at_0017(url)
    db = Database(url)  # migrates
    try:
        with db.engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT name, identity FROM outlet")).all())
            assert stored == {n: outlet_identity_key(n) for n in ("Reuters", LONG, "Daily Post", "Straße")}
            assert dict(conn.execute(text("SELECT id, outlet_id FROM article")).all()) == {
                1: 1, 2: 1, 3: 3, 4: 4, 5: 5, 6: 5}
            assert conn.execute(text("SELECT decided_by FROM match")).scalar() == "ana"
            assert conn.execute(text("SELECT added_by, lease_holder FROM watch_source")).one() == ("ana", "host-1")
    finally:
        db.close()
    history = _cli(url, "history", "--format", "jsonl")
    events = [json.loads(line) for line in history.output.splitlines()]
    merges = [e for e in events if e["action"] == "merge-outlets"]
    assert sorted(e["new"] for e in merges) == ["Reuters", "Straße"], history.output
    assert any("'REUTERS'" in e["note"] for e in merges)
    assert _cli(url, "db", "check").exit_code == 0
    listed = _cli(url, "list", "--format", "jsonl", "--outlet", "reuters")
    assert sorted(json.loads(line)["id"] for line in listed.output.splitlines()) == [1, 2], listed.output
    assert [json.loads(line)["id"] for line in _cli(url, "list", "--format", "jsonl", "--outlet", LONG)
            .output.splitlines()] == []


def test_migration_0018_stores_identity_on_an_old_desk_on_sqlite(tmp_path):
    _check_upgrade_0018(f"sqlite:///{tmp_path / 'old.db'}")


def test_migration_0018_stores_identity_on_an_old_desk_on_postgresql(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    _check_upgrade_0018(fresh_pg_url("identity18"))


def test_migration_0017_records_the_outlets_it_merged(tmp_path):
    url = f"sqlite:///{tmp_path / 'old16.db'}"
    engine = _engine(url)
    with engine.begin() as conn:
        desk_at(conn, "0016", [])
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (1, 'CNN'), (2, 'cnn'), (3, 'ＣＮＮ')"))
    engine.dispose()
    history = _cli(url, "history", "--format", "jsonl")
    assert history.exit_code == 0
    (merge,) = [json.loads(line) for line in history.output.splitlines()]
    assert (merge["action"], merge["new"], json.loads(merge["old"])) == ("merge-outlets", "CNN", ["cnn", "ＣＮＮ"])


def test_an_outlet_is_found_through_the_identity_index(db):
    """The lookup an import makes for each new outlet name uses the index (before: a scan
    computing every stored name's identity)."""
    from sqlmodel import select

    from claims.models import Outlet
    from claims.services.outlets import outlet_named

    stmt = select(Outlet.id).where(outlet_named("Reuters"))
    compiled = stmt.compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as conn:
        if db.is_postgresql:
            conn.execute(text("SET enable_seqscan = off"))
            plan = " ".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
        else:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_outlet_identity" in plan, plan


def test_a_name_whose_identity_is_too_long_for_an_index_makes_an_outlet(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The council said the harbour tunnel cost 90 million euros in 2023.\n", encoding="utf-8")
    result = run(db, "ingest", str(article), "--outlet", LONG)
    assert result.exit_code == 0, result.output
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM outlet")).scalars().all() == [LONG]


def _waiting_on_advisory_lock(db) -> bool:
    with db.engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' "
                                      "AND datname = current_database()")).scalar())


def test_two_imports_making_two_outlets_in_opposite_orders_do_not_deadlock(db, monkeypatch):
    """Import 1 makes 'Alpha' then 'Beta', import 2 'Beta' then 'Alpha', each in its own
    transaction on its own connection. Each made its first, then waited for the other's lock
    on its second: PostgreSQL aborted one ('deadlock detected'). The first waits here until
    the second has made its first outlet or waits itself."""
    if not db.is_postgresql:
        pytest.skip("SQLite writers hold the file's write lock")
    from claims.services import importer, outlets

    made_first = {"one": threading.Event(), "two": threading.Event()}
    real = outlets.find_or_create_outlet
    calls = threading.local()

    def find_or_create(session, name, create=None):
        found = real(session, name, create)
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 1:
            made_first[calls.who].set()
            if calls.who == "one":  # hold Alpha until the other holds Beta, or waits
                while not made_first["two"].is_set() and not _waiting_on_advisory_lock(db):
                    made_first["two"].wait(0.01)
        return found

    monkeypatch.setattr(outlets, "find_or_create_outlet", find_or_create)
    texts = {"one": ["Inflation rose to 7 percent in 2023, the minister said.",
                     "Wheat exports doubled to 40 tonnes during 2021, officials reported."],
             "two": ["Unemployment fell below 3 percent last spring, according to Eurostat.",
                     "Hospital waiting lists grew by 12 weeks since 2019, nurses claimed."]}
    order = {"one": ["Alpha", "Beta"], "two": ["Beta", "Alpha"]}
    errors: dict[str, BaseException] = {}

    def one_import(who: str) -> None:
        calls.who = who
        lines = [json.dumps({"id": f"{who}{i}", "text": t, "outlet": o})
                 for i, (t, o) in enumerate(zip(texts[who], order[who], strict=True))]
        try:
            importer.import_text(db, "\n".join(lines) + "\n", name=f"{who}.jsonl", fmt="jsonl", reviewer="t")
        except BaseException as exc:  # noqa: BLE001 (shown by the assertion below)
            errors[who] = exc

    threads = [threading.Thread(target=one_import, args=(who,)) for who in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    assert errors == {}
    with db.engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT name FROM outlet")).scalars()) == ["Alpha", "Beta"]
        assert conn.execute(text("SELECT count(*) FROM article")).scalar() == 4


def test_the_default_reviewer_is_stored_without_invisible_characters(db, monkeypatch):
    """`--reviewer` was cleaned, the default it falls back on was not where it was taken
    directly (the desk without `--reviewer`, an import through the service): 'ana\\u200b' went
    into the audit log and match.decided_by, and 'ana' could not undo it."""
    from claims.reviewer import stored_default_reviewer
    from claims.services.importer import import_text

    monkeypatch.setenv("CLAIMS_REVIEWER", "\u200eana\u200b")
    assert stored_default_reviewer() == "ana"
    import_text(db, json.dumps({"id": "r1", "text": "Inflation rose to 7 percent in 2023, the minister said."}),
                name="r.jsonl", fmt="jsonl")
    with db.engine.connect() as conn:
        assert set(conn.execute(text("SELECT reviewer FROM event")).scalars()) == {"ana"}


def test_watch_source_and_match_decisions_store_the_reviewer_cleaned(db):
    from sqlmodel import select

    from claims.models import Claim, Match
    from claims.services.clusters import decide_matches
    from claims.services.watch import add_source, new_holder

    add_source(db, "https://example.org/feed.xml", reviewer="\u200eana\u200b")
    with db.session() as s:
        a, b = Claim(text="Inflation rose to 7 percent in 2023."), Claim(text="Inflation rose to 7 percent in 2023!")
        s.add_all([a, b])
        s.flush()
        s.add(Match(claim_a_id=a.id, claim_b_id=b.id, score=0.9, scorer="t"))
        s.commit()
        match_id = s.exec(select(Match.id)).one()
    decide_matches(db, [match_id], accept=False, reviewer="ana\u200b")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT added_by FROM watch_source")).scalar() == "ana"
        assert conn.execute(text("SELECT decided_by FROM match")).scalar() == "ana"
    assert new_holder().isprintable()


def test_without_pwd_the_home_folder_is_the_user_profile(monkeypatch, tmp_path):
    """Windows has no `pwd`: with HOME unset there was no home folder, so keys.toml and
    filters.json had none to live in; the profile folder is the home there."""
    import sys

    from claims.config import config_folder

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setitem(sys.modules, "pwd", None)  # import pwd fails, as on Windows
    assert config_folder() == tmp_path / ".config" / "claims"


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_keys_and_filters_live_beside_the_settings_file_on_windows_and_macos(monkeypatch, tmp_path, platform):
    """config.toml was where platformdirs says (%APPDATA%, ~/Library/...), keys.toml and
    filters.json under ~/.config apart from it."""
    import sys

    from claims import config

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(config, "user_config_path", lambda *a, **k: tmp_path / "AppData" / "claims")
    monkeypatch.delenv("CLAIMS_CONFIG", raising=False)
    assert config.config_folder() == config.config_path().parent == tmp_path / "AppData" / "claims"


DESK_KILLED_TWICE = """
import os, signal, sys, tty
from tui import app

def run(self):
    tty.setraw(0)  # as Textual's driver does
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # a service manager's stop: the clean-up starts
    except KeyboardInterrupt:
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # and again: the process ends at once
    print("still running")

app.ClaimsApp.run = run
from tui.entry import main
sys.argv = ["claims", "--db", sys.argv[1], "review"]
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_a_second_sigterm_to_the_desk_leaves_the_terminal_as_it_was(tmp_path):
    """The second SIGTERM ends the desk as the default would: Textual's clean-up did not run
    and the shell was left in raw mode (no echo, no line editing)."""
    import pty
    import subprocess
    import termios

    main, terminal = pty.openpty()
    cooked = termios.tcgetattr(terminal)
    try:
        child = subprocess.run([sys.executable, "-c", DESK_KILLED_TWICE, str(tmp_path / "d.db")],
                               stdin=terminal, stdout=terminal, stderr=subprocess.PIPE, timeout=120)
        assert child.returncode == -15, child.stderr.decode()
        after = termios.tcgetattr(terminal)
        assert after[3] & (termios.ECHO | termios.ICANON) == cooked[3] & (termios.ECHO | termios.ICANON) != 0
        assert os.read(main, 65536).endswith(b"\x1b[?1049l")  # the desk's screen left
    finally:
        os.close(main)
        os.close(terminal)


WATCH_KILLED_TWICE = """
import os, signal, threading
from claims.cli.watch_cmds import _stop_on_term

stop = threading.Event()
_stop_on_term(stop)
os.kill(os.getpid(), signal.SIGTERM)  # the poller stops once the source in hand is done
print("stopping", stop.is_set(), flush=True)
os.kill(os.getpid(), signal.SIGTERM)  # that source hangs: the sender insists
print("still running", flush=True)
"""


def test_a_second_sigterm_ends_watch_run_forever():
    import subprocess

    child = subprocess.run([sys.executable, "-c", WATCH_KILLED_TWICE], capture_output=True, text=True, timeout=60)
    assert (child.returncode, child.stdout) == (-15, "stopping True\n"), child.stderr


def test_export_to_dev_stdout_with_stdout_closed_is_refused(tmp_path):
    """`-o /dev/stdout >&-`: the closed descriptor had /dev/null put under its number, and the
    export wrote there and said 'wrote 1 claims to /dev/stdout'."""
    import subprocess

    from tests.conftest import CLAIMS_BIN
    from tests.hostile import record_file

    desk = str(tmp_path / "d.db")
    assert subprocess.run([CLAIMS_BIN, "--db", desk, "import", record_file(tmp_path)],
                          capture_output=True).returncode == 0
    for name in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        done = subprocess.run(["sh", "-c", f'exec "$0" --db "$1" export --status unverified -o {name} >&-',
                               str(CLAIMS_BIN), desk], stderr=subprocess.PIPE, text=True)
        assert done.returncode == 1, done.stderr
        assert done.stderr == (f"claims: error: {name}: is closed (the shell closed that standard stream); "
                               "nothing was written (give another file name)\n")


def test_watch_add_refuses_the_desk_itself(db_path, tmp_path):
    from tests.hostile import one_line_error

    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "list"]).exit_code == 0
    for given in (str(db_path), f"{db_path}-wal"):
        if given.endswith("-wal"):
            (tmp_path / "desk.db-wal").write_bytes(b"")
        done = runner.invoke(cli, ["--db", str(db_path), "watch", "add", given])
        one_line_error(done, "is an SQLite database (a desk or a backup) or a side file of one, not a feed")
    assert "not polled" not in runner.invoke(cli, ["--db", str(db_path), "watch", "list"]).output


def test_a_one_column_terminal_does_not_print_a_letter_a_line(db_path, tmp_path):
    from tests.hostile import record_file

    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "import", record_file(tmp_path)]).exit_code == 0
    for args in (["show", "1"], ["list"]):
        done = runner.invoke(cli, ["--db", str(db_path), *args], env={"COLUMNS": "1"})
        assert done.exit_code == 0, done.output
        assert "bridge" in done.output, done.output
        assert max(map(len, done.output.splitlines())) >= 30, done.output


def test_a_search_path_naming_no_schema_is_said(fresh_pg_url, monkeypatch):
    """PGOPTIONS='-c search_path=nosuch' hid the desk's tables: claims tried to make a desk and
    said 'upgrading the schema from revision empty to ... failed: no schema has been selected'."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from tests.hostile import one_line_error

    url = fresh_pg_url("searchpath")
    assert _cli(url, "list").exit_code == 0
    # PGOPTIONS setting search_path is refused before connecting (as a URL's options are)
    monkeypatch.setenv("PGOPTIONS", "-c search_path=nosuch")
    one_line_error(_cli(url, "list"), "the environment's PGOPTIONS sets search_path")
    monkeypatch.delenv("PGOPTIONS")
    # the database's own setting is seen after connecting
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    named = make_url(url)
    engine = create_engine(named.set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.execute(text(f'ALTER DATABASE "{named.database}" SET search_path = nosuch'))
    engine.dispose()
    one_line_error(_cli(url, "list"), "search_path (nosuch) names no schema that exists",
                   "the search_path set for the role or database")


def test_skip_bad_reads_on_after_a_row_of_bad_csv(db, tmp_path):
    """A stray quote in row q2 stopped the CSV reader: with --skip-bad, q3 and q4 were dropped
    without a word ('imported 1 claim; skipped 1 bad record')."""
    path = tmp_path / "s.csv"
    path.write_text('id,text\nq1,"The mayor said the bridge cost 40 million euros in 2023."\n'
                    'q2,"The bad row"x said the mayor in 2020\n'
                    'q3,"The minister said inflation rose to 7 percent in 2022."\n'
                    'q4,"The governor said the tunnel cost 90 million dollars in 2021."\n', encoding="utf-8")
    done = run(db, "import", "--skip-bad", str(path))
    assert done.exit_code == 0, done.output
    assert "imported 3 claims" in done.output and "skipped 1 bad record" in done.output, done.output
    assert "line 3: not valid CSV" in done.output
    with db.engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT external_id FROM claim")).scalars()) == ["q1", "q3", "q4"]


def test_reading_a_csv_holds_no_copy_of_its_text():
    """The CSV reader read from a StringIO of the whole text: 4 bytes a character more, beside
    the text, through each of an import's two passes."""
    import tracemalloc

    from claims.services.import_reading import _csv_records

    row = "q{},\"The mayor said the bridge cost {} million euros in 2023, and more.\"\r\n"
    text = "id,text\r\n" + "".join(row.format(i, i) for i in range(60_000))
    tracemalloc.start()
    try:
        rows = sum(1 for _ in _csv_records(text, "big.csv"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 60_000
    assert peak < len(text), (peak, len(text))

"""What a review of hostile pass 14 (tests/test_hostile_inputs_14.py) found left: each test
fails before its fix."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import CLAIMS_BIN

# --- db copy: a source's own bad rows are the source's, not "another writer" -------------------------


def _orphan_desk(tmp_path) -> str:
    """A desk whose event row points at a claim that is not there (`db check` reports it)."""
    from click.testing import CliRunner

    from tests.hostile import record_file
    from tui.entry import cli

    src = str(tmp_path / "orphan.db")
    assert CliRunner().invoke(cli, ["--db", src, "import", record_file(tmp_path)]).exit_code == 0
    con = sqlite3.connect(src)
    try:
        assert con.execute("SELECT COUNT(*) FROM event").fetchone()[0] > 0
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("UPDATE event SET claim_id = 99999 WHERE id = (SELECT MIN(id) FROM event)")
        con.commit()
    finally:
        con.close()
    return src


@pytest.mark.parametrize("to", ["sqlite", "postgresql"])
def test_a_copy_of_a_desk_with_orphan_rows_names_the_source(tmp_path, request, to):
    """hostile14 said every IntegrityError of `db copy` was 'another writer put rows into
    [the target] during the copy', so a desk with an orphan row (db check reports it) could
    never be copied, and the user was told to copy into a database nothing else writes to:
    the target was brand new. The source's rows are at fault; the line names the source and
    `claims db check`."""
    from click.testing import CliRunner

    from tests.hostile import one_line_error
    from tui.entry import cli

    src = _orphan_desk(tmp_path)
    if to == "postgresql":
        from tests.conftest import _empty_pg_database

        target = request.getfixturevalue("pg_url")
        _empty_pg_database(target)
    else:
        target = str(tmp_path / "cp.db")
    line = one_line_error(CliRunner().invoke(cli, ["--db", src, "db", "copy", "--to", target]),
                          "db copy from " + src, "FOREIGN KEY" if to == "sqlite" else "foreign key",
                          "nothing was copied", f"claims --db {src} db check")
    assert "another writer" not in line and "run it again" not in line
    if to == "sqlite":
        assert sorted(p.name for p in tmp_path.iterdir()) == ["orphan.db", "r.jsonl"]


# --- "another change ran at the same time ... run it again": PostgreSQL only, the driver's line kept --

def _suggestion_removed_meanwhile(db, monkeypatch) -> tuple[int, int, int]:
    """Two claims and a suggestion between them, which is deleted between a decision's read
    of it and its write (as `dupes --rebuild` beside it on PostgreSQL)."""
    from sqlalchemy import text

    import claims.services.clusters as clusters
    from claims.models import Claim, Match

    with db.session() as s:
        s.add_all([Claim(text="The bridge carries 40,000 vehicles a day, the mayor said."),
                   Claim(text="The bridge carries some 40,000 cars every day.")])
    with db.session() as s:
        a, b = sorted(s.exec(text("SELECT id FROM claim")).scalars())
        s.add(Match(claim_a_id=a, claim_b_id=b, score=80.0, scorer="test"))
    with db.session() as s:
        match_id = s.exec(text("SELECT id FROM match")).scalar_one()
    real = clusters._set_match_state

    def removed_meanwhile(session, match, *args, **kwargs):
        session.connection().execute(text("DELETE FROM match WHERE id = :i"), {"i": match.id})
        return real(session, match, *args, **kwargs)

    monkeypatch.setattr(clusters, "_set_match_state", removed_meanwhile)
    return a, b, match_id


def test_a_stale_row_is_a_clash_only_on_postgresql(db, monkeypatch):
    """hostile14 said every StaleDataError as 'another change to the same claims ran at the
    same time ... run it again', on SQLite too, where a write transaction holds the lock from
    its first read: no other writer can come between, so running it again fails the same way.
    On SQLite it is said as what it is; on PostgreSQL the clash, with SQLAlchemy's own line."""
    from tests.hostile import one_line_error, run

    a, b, _ = _suggestion_removed_meanwhile(db, monkeypatch)
    line = one_line_error(run(db, "merge", str(a), str(b)), "nothing half-written",
                          "expected to update 1 row(s); 0 were matched")
    if db.is_sqlite:
        assert "a row this change read was gone when it was written back" in line
        assert "ran at the same time" not in line and "run it again" not in line
    else:
        assert "another change to the same claims ran at the same time" in line and "run it again" in line


def test_a_foreign_key_clash_on_postgresql_keeps_the_drivers_line(db, monkeypatch):
    """On PostgreSQL a foreign key a change's write violates was said as 'another change ran at
    the same time ... run it again' alone: rows that already point nowhere (bad data, not a
    clash) fail so every time, and the user retried forever. The driver's line (the key's name)
    and `claims db check` are said too."""
    from tests.hostile import one_line_error, run

    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: no row goes between a decision's read and its write")
    _, _, match_id = _suggestion_removed_meanwhile(db, monkeypatch)
    one_line_error(run(db, "dupes", "--accept", str(match_id)),
                   "another change to the same claims ran at the same time",
                   'violates foreign key constraint "event_match_id_fkey"', "claims db check")


# --- watch run (one pass) stopped by SIGTERM or SIGHUP: the shell's status, not 0 -----------------------

_WATCH_SIGNALLED = """
import os, signal, sys
import claims.services.watch_run as watch_run
from claims.cli.main import run

signum = getattr(signal, sys.argv[1])

def run_pass(self, **kwargs):
    os.kill(os.getpid(), signum)
    return []

watch_run.Poller.run_pass = run_pass
run(sys.argv[2:])
"""


@pytest.mark.parametrize("name, code", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_single_watch_pass_stopped_by_a_signal_exits_as_stopped(tmp_path, name, code):
    """`claims watch run` (one pass: cron, a systemd timer) killed by SIGTERM printed 'watch:
    stopped' and exited 0: hostile14's Terminated is a KeyboardInterrupt, which the pass
    catches to stop the notifier. A service manager saw a clean run; on main the signal's
    status was seen. The clean-up runs, then the stop goes on."""
    done = subprocess.run([sys.executable, "-c", _WATCH_SIGNALLED, name, "--db", str(tmp_path / "w.db"),
                           "watch", "run"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == code, done.stderr
    said = [line for line in done.stderr.splitlines() if line]
    assert said[-2:] == ["watch: stopped", f"claims: stopped by {name}"], done.stderr


# --- a terminal that really closed: the stop's status, not a traceback on a dead stderr ------------------

# `claims` whose work waits for the test to close the terminal, then is stopped by a signal of its own
_AFTER_HANGUP = """
import os, signal, sys
import claims.services.dbtools as dbtools
import claims.services.watch_run as watch_run
from claims.cli.main import run

sync, signum = int(sys.argv[1]), getattr(signal, sys.argv[2], None)

def hung_up(*args, **kwargs):
    os.read(sync, 1)  # returns when the test has closed the terminal
    if signum:
        os.kill(os.getpid(), signum)
    return []

dbtools._check_same_revision = hung_up
watch_run.Poller.run_pass = hung_up
watch_run.Poller.forever = hung_up  # (as if its stop came: it returns)
run(sys.argv[3:])
"""


@pytest.mark.parametrize("args, signum, code", [
    (["db", "copy", "--to", "cp.db"], "SIGHUP", 129),
    (["watch", "run"], "SIGHUP", 129),
    (["watch", "run", "--forever"], "0", 0),
])
def test_a_stop_after_the_terminal_closed_exits_with_its_status(tmp_path, args, signum, code):
    """The desk or a command in a terminal that really closed: SIGHUP came as Terminated, which
    went out to click, whose blank line before 'Aborted' met a dead terminal (EIO): exit 1 and
    a traceback where 129 was meant (the tests sent SIGHUP over pipes, which take the line).
    `watch run --forever`'s 'watch: stopped' failed so too. Lines a closed terminal cannot take
    are dropped; the status stays the stop's."""
    import os
    import pty

    src = str(tmp_path / "d.db")
    done = subprocess.run([str(CLAIMS_BIN), "--db", src, "db", "init"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    master, slave = pty.openpty()
    sync_read, sync_write = os.pipe()
    try:
        proc = subprocess.Popen([sys.executable, "-c", _AFTER_HANGUP, str(sync_read), signum, "--db", src, *args],
                                stdin=slave, stdout=slave, stderr=slave, pass_fds=(sync_read,), cwd=tmp_path,
                                start_new_session=True)
    finally:
        os.close(slave)
        os.close(sync_read)
    os.close(master)  # the terminal closes: every write to it is now EIO
    os.close(sync_write)
    try:
        assert proc.wait(timeout=120) == code
    finally:
        proc.kill()


def test_a_stop_over_a_pipe_is_one_line_without_a_blank_one(tmp_path):
    """SIGTERM to a command whose stderr is a file or a pipe: click's blank line (meant to end
    a terminal's '^C' line) came first: stderr was '\\nclaims: stopped by SIGTERM\\n'."""
    done = subprocess.run([sys.executable, "-c", _WATCH_SIGNALLED, "SIGTERM", "--db", str(tmp_path / "w.db"),
                           "watch", "run"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 143, done.stderr
    assert done.stderr == "watch: stopped\nclaims: stopped by SIGTERM\n"


# --- a second SIGTERM (or SIGHUP) ends a clean-up that hangs ------------------------------------------

_SECOND_SIGNAL = """
import os, signal, sys
from claims.cli.signals import Terminated, stop_as_ctrl_c

first, other = getattr(signal, sys.argv[1]), getattr(signal, sys.argv[2])
stop_as_ctrl_c()
try:
    os.kill(os.getpid(), first)
    print("not stopped", flush=True)
except Terminated:
    print("cleaning up", flush=True)
    os.kill(os.getpid(), other)  # a closed terminal's SIGHUP beside a SIGTERM: the clean-up goes on
    print("still cleaning up", flush=True)
    os.kill(os.getpid(), first)  # the same again: the sender insists
    print("the second one did nothing", flush=True)
"""


@pytest.mark.parametrize("first, other", [("SIGTERM", "SIGHUP"), ("SIGHUP", "SIGTERM")])
def test_the_same_stop_signal_twice_ends_the_process(tmp_path, first, other):
    """After the first SIGTERM or SIGHUP, hostile14 ignored both for the rest of the process:
    the desk, stopped while a thread waited on a lock, sat in its shutdown for the whole wait
    and a second SIGTERM did nothing (only kill -9 or Ctrl-C ended it), and SIG_IGN was
    inherited by anything the clean-up started. The same signal again now ends the process as
    its default does; the other one still leaves the clean-up be."""
    done = subprocess.run([sys.executable, "-c", _SECOND_SIGNAL, first, other], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == -getattr(signal, first), (done.stdout, done.stderr)
    assert done.stdout == "cleaning up\nstill cleaning up\n"


# --- -o /dev/stdout >> all.csv: appended to, not replaced ------------------------------------------------

@pytest.mark.parametrize("target, fd", [("/dev/stdout", 1), ("/dev/fd/1", 1), ("/proc/self/fd/1", 1),
                                        ("/dev/stderr", 2), ("/dev/fd/2", 2)])
def test_output_to_a_standard_stream_appends_to_the_file_there(tmp_path, target, fd):
    """`claims export -o /dev/stdout >> all.csv` (or `-o /dev/stderr 2>>log`): with a regular
    file there, the name resolved to it and the export was written beside it and renamed over
    it: all.csv held only the export, the lines before it gone (and a later write to the old
    descriptor went to a deleted file). The descriptor is written as the shell opened it."""
    import json

    src = str(tmp_path / "d.db")
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}) + "\n",
                       encoding="utf-8")
    done = subprocess.run([str(CLAIMS_BIN), "--db", src, "import", str(records)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    log = tmp_path / "all.csv"
    log.write_text("previous line\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as appended:
        streams = {"stdout": appended} if fd == 1 else {"stderr": appended, "stdout": subprocess.PIPE}
        done = subprocess.run([str(CLAIMS_BIN), "--db", src, "export", "--status", "unverified", "-o", target],
                              cwd=tmp_path, timeout=120, **streams)
    assert done.returncode == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("previous line\nid,claim,speaker") and "The bridge carries 40,000" in text, text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "d.db", "r.jsonl"]


@pytest.mark.parametrize("opened", ["the desk", "its -wal", "the desk, by the shell"])
def test_output_to_a_descriptor_holding_the_desk_is_refused(tmp_path, opened):
    """`claims --db e.db export -o /dev/fd/3` with nothing opened at 3 by the shell: 3 was the
    desk's own file, which claims holds open, and the CSV header overwrote its first page
    ('wrote 0 claims', then every command: 'not an SQLite database'). A descriptor holding a
    desk or a side file of one is refused as its name is (found in review of 8df69c5)."""
    import os

    src = tmp_path / "d.db"
    done = subprocess.run([str(CLAIMS_BIN), "--db", str(src), "db", "init"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before = src.read_bytes()
    if opened == "the desk":  # the descriptor claims itself opens first for the desk
        probe = subprocess.run([sys.executable, "-c", "import os; print(os.open(os.devnull, os.O_RDONLY))"],
                               capture_output=True, text=True)
        target, keep = f"/dev/fd/{probe.stdout.strip()}", ()
    else:
        held = os.open(src if opened.endswith("shell") else tmp_path / "d.db-wal", os.O_RDWR | os.O_CREAT)
        target, keep = f"/dev/fd/{held}", (held,)
    try:
        done = subprocess.run([str(CLAIMS_BIN), "--db", str(src), "export", "--format", "csv", "-o", target],
                              capture_output=True, text=True, pass_fds=keep, cwd=tmp_path, timeout=120)
    finally:
        for fd in keep:
            os.close(fd)
    assert done.returncode != 0 and "nothing was written" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert src.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"
    assert subprocess.run([str(CLAIMS_BIN), "--db", str(src), "list"], capture_output=True, text=True).returncode == 0


# --- two db copy --to new.db at once: the loser leaves the winner's copy ----------------------------------

def test_a_copy_stopped_after_another_filled_its_new_file_leaves_that_copy(tmp_path, monkeypatch):
    """The copy that made new.db stopped (Ctrl-C, SIGTERM, a busy timeout) after another copy
    opened the empty file and filled it: its clean-up deleted the other's finished copy and its
    -wal (found in review of 9f0a572). A file that holds claims or articles is not its to remove."""
    from click.testing import CliRunner

    import claims.services.dbtools as dbtools
    from db import Database
    from tests.hostile import record_file
    from tui.entry import cli

    src = str(tmp_path / "src.db")
    assert CliRunner().invoke(cli, ["--db", src, "import", record_file(tmp_path)]).exit_code == 0
    target = str(tmp_path / "new.db")
    real = dbtools.Database

    def stopped_after_another_copy(url, *args, **kwargs):
        if url == target:
            monkeypatch.setattr(dbtools, "Database", real)
            source = real(src)
            try:
                dbtools.copy_desk(source, target)  # the other copy, start to end
            finally:
                source.close()
            raise KeyboardInterrupt
        return real(url, *args, **kwargs)

    monkeypatch.setattr(dbtools, "Database", stopped_after_another_copy)
    assert CliRunner().invoke(cli, ["--db", src, "db", "copy", "--to", target]).exit_code != 0
    assert (tmp_path / "new.db").is_file()
    copied = Database(target)
    try:
        with copied.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM claim").scalar_one() == 1
    finally:
        copied.close()


def test_a_copy_that_loses_the_race_for_a_new_file_leaves_the_winners_copy(tmp_path, monkeypatch):
    """Two `claims db copy --to new.db` at once: each saw no new.db and so took it for its own
    to remove on failure. The winner filled it ('copied ... counts match'), the loser found it
    not empty and deleted it with its clean-up: the finished copy gone. (The winner's whole copy
    runs here between the loser's look for the file and its opening it.)"""
    from click.testing import CliRunner

    import claims.services.dbtools as dbtools
    from db import Database
    from tests.hostile import one_line_error, record_file
    from tui.entry import cli

    src = str(tmp_path / "src.db")
    assert CliRunner().invoke(cli, ["--db", src, "import", record_file(tmp_path)]).exit_code == 0
    target = str(tmp_path / "new.db")
    real = dbtools.Database
    other_copy = []

    def opened_after_another_copy(url, *args, **kwargs):
        if url == target and not other_copy:
            other_copy.append(True)
            source = real(src)
            try:
                dbtools.copy_desk(source, target)
            finally:
                source.close()
        return real(url, *args, **kwargs)

    monkeypatch.setattr(dbtools, "Database", opened_after_another_copy)
    one_line_error(CliRunner().invoke(cli, ["--db", src, "db", "copy", "--to", target]), "is not empty")
    assert other_copy
    monkeypatch.setattr(dbtools, "Database", real)
    assert (tmp_path / "new.db").is_file()
    done = CliRunner().invoke(cli, ["--db", target, "db", "check"])
    assert done.exit_code == 0, done.output
    copied = Database(target)
    try:
        with copied.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM claim").scalar_one() == 1
    finally:
        copied.close()


# --- HOME="" (set, but empty): the settings files where the system says the home folder is -------------

@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_home_puts_every_settings_file_in_one_folder(tmp_path, monkeypatch, home):
    """HOME="" (set but empty): keys.toml and filters.json were looked for, and a saved filter
    written, under /.config (pathlib takes an empty HOME as '/'), while config.toml went where
    the system names the user's home folder. An empty or relative HOME is taken as unset: all
    three in one folder, the user's own."""
    import pwd

    from claims.config import config_path
    from claims.services.saved_filters import filters_path
    from tui.keymap import keymap_path

    for name in ("XDG_CONFIG_HOME", "CLAIMS_CONFIG", "CLAIMS_KEYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", home)
    real = pwd.getpwuid

    def listed_home(uid):
        entry = real(uid)
        return pwd.struct_passwd((*entry[:5], str(tmp_path / "listed"), *entry[6:]))

    monkeypatch.setattr(pwd, "getpwuid", listed_home)
    folder = tmp_path / "listed" / ".config" / "claims"
    assert (keymap_path(), filters_path()) == (folder / "keys.toml", folder / "filters.json")
    if sys.platform not in ("darwin", "win32"):
        assert config_path() == folder / "config.toml"
    monkeypatch.setenv("HOME", str(tmp_path / "given"))
    assert filters_path() == tmp_path / "given" / ".config" / "claims" / "filters.json"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert keymap_path() == tmp_path / "xdg" / "claims" / "keys.toml"

"""A twenty-sixth hostile pass (issue 15's classes, other inputs than passes 1-25: the
backup's URLs as --db reads them, ...). Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux and through Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import CLAIMS_BIN
from tests.hostile import one_line_stderr

# --- wrong place: `db backup` reads an SQLite URL as --db does ----------------------------------------
#
# `claims --db SQLITE:///bk.db list` opens bk.db (a URL's scheme is read in any case, as
# SQLAlchemy does), but `claims db backup SQLITE:///bk.db` was refused: "a backup is an SQLite
# file: give its path (or sqlite:///PATH)", of an SQLite URL. The backup's URL is read by
# `resolve_url`, whatever the case of its scheme.


def _claims(desk, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLAIMS_BIN), "--db", str(desk), *args], capture_output=True, timeout=120)


@pytest.mark.parametrize("scheme", ["SQLITE", "Sqlite", "SQLite+PySQLite"])
def test_a_backup_to_an_sqlite_url_in_capitals_is_its_file(tmp_path, scheme):
    desk = tmp_path / "desk.db"
    assert _claims(desk, "db", "init").returncode == 0
    done = _claims(desk, "db", "backup", f"{scheme}:///{tmp_path}/bk.db")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bk.db").is_file()
    opened = _claims(f"{scheme}:///{tmp_path}/bk.db", "list")  # as --db opens it
    assert opened.returncode == 0, opened.stderr
    # a URL of no SQLite file is still refused, whatever its case
    for url in ("POSTGRESQL://postgres@127.0.0.1/x", "SQLITE:///:memory:", "SQLITE://", "MYSQL://x@h/y"):
        one_line_stderr(_claims(desk, "db", "backup", url), "a backup is an SQLite file")
    said = one_line_stderr(_claims(desk, "db", "backup", f"SQLITE:///{tmp_path}/q.db?mode=ro"))
    assert "takes no query" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk.db", "desk.db"]

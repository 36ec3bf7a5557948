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


# --- control characters reaching the terminal: the note editor ---------------------------------------
#
# The queue, the detail and every notification show a control an older version stored as its
# symbol (passes 5 and 25), but `c` opened the note editor on the stored note as it is: a note
# holding ESC ]2;PWNNOTE BEL retitled the terminal (tmux's pane title became 'PWNNOTE end'),
# and the rest of its line was eaten. The editor shows the note through `printable`; saving it
# stores what it shows (a raw ESC would be refused by the note's own check anyway).


async def test_the_note_editor_shows_a_stored_control_as_its_symbol(tmp_path):
    from textual.widgets import TextArea

    from db import Database
    from tests.desk import one_claim_desk, open_desk, press_each

    desk = one_claim_desk(tmp_path)
    raw = Database(desk)
    with raw.engine.begin() as conn:  # as an older version stored it (every door refuses it now)
        conn.exec_driver_sql("UPDATE claim SET verdict_note = ?", ("note \x1b]2;PWNNOTE\x07 end",))
    raw.close()
    async with open_desk(desk, size=(120, 40)) as (app, pilot, said):
        await press_each(pilot, ["c"])
        shown = app.screen.query_one("#note-text", TextArea).text
        assert shown == "note ␛]2;PWNNOTE␇ end", repr(shown)
        await press_each(pilot, ["ctrl+s"])
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
    again = Database(desk)
    with again.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT verdict_note FROM claim").scalar() == "note ␛]2;PWNNOTE␇ end"
    again.close()

"""Found in review of noticed17 (issue 15 hardening):

- F2: `import --skip-bad` after a stray quote inside a quoted cell of several lines read the
  rest of that cell as rows, and stored its pieces as claims and outlets;
- F7: the rows after a CSV cell past the size limit were dropped without a word;
- F8: a PostgreSQL import naming 12,000 new outlets took one advisory lock an outlet, past the
  server's lock table ('out of shared memory');
- F4: redo on PostgreSQL put rows back with their ids and left the sequences below them;
- F3: on macOS and Windows keys.toml and filters.json kept where earlier versions kept them
  were no longer read;
- F5: an outlet written around claims (SQLite's identity default '') was found by no name;
- F1: a name equal to a long name's stored key was filed under that long name's outlet;
- F6: `--reviewer "(migration)" undo` said it undid an upgrade's merge of outlets.
"""

from __future__ import annotations

import hashlib
import json
import sys

import pytest
from sqlalchemy import text
from sqlmodel import select

from claims.models import Claim, Outlet
from db import Database
from db.folding import outlet_identity, outlet_identity_key
from tests.hostile import run

MULTI_LINE = ('text,outlet,note\n'
              '"The mayor said unemployment fell to 4 percent in 2023.",Gazette,"Checked with ""BLS"" data.\n'
              'See the note from "Ana" on the\n'
              'second page, it says 12 percent in 2022"\n'
              '"The port handled 9 million tonnes in 2020.",Herald,ok\n')


def _stored(db) -> tuple[list[str], list[str]]:
    with db.session() as s:
        return (sorted(c.text for c in s.exec(select(Claim))), sorted(o.name for o in s.exec(select(Outlet))))


def test_skip_bad_stores_no_piece_of_a_cell_of_several_lines(db, tmp_path):
    """F2: the stray quote is on line 3, inside the note opened on line 2. The reader went on
    at line 4, the middle of that note: 'second page' became a claim of an outlet named
    'it says 12 percent in 2022"'. Now nothing after it is read, and said so."""
    path = tmp_path / "ml.csv"
    path.write_text(MULTI_LINE, encoding="utf-8")
    result = run(db, "import", "--skip-bad", str(path))
    assert result.exit_code == 1, result.output  # not all read (noticed 18)
    assert _stored(db) == ([], [])
    assert "line 2: not valid CSV" in result.output  # the line the record starts on
    assert "at line 3" in result.output and "lines 4-5 were not read" in result.output


def test_skip_bad_stops_after_a_line_leaving_a_quote_open(db, tmp_path):
    """F2: a row of one line whose quotes do not pair up ('"a "quoted" word') may open a cell
    that goes on: its next line was stored as a claim 'second line"'."""
    path = tmp_path / "open.csv"
    path.write_text('text,outlet\n"Rents rose "sharply" by 9 percent in 2022\nsecond line",Gazette\n'
                    'The port handled 9 million tonnes in 2020.,Herald\n', encoding="utf-8")
    result = run(db, "import", "--skip-bad", str(path))
    assert result.exit_code == 1, result.output  # not all read (noticed 18)
    assert _stored(db) == ([], [])
    assert "line 2: not valid CSV" in result.output and "lines 3-4 were not read" in result.output


def test_skip_bad_goes_on_after_a_row_of_one_line_whose_quotes_pair_up(db, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text('text,outlet\n"Rents rose by 9 percent in 2022"x,Gazette\n'
                    'The port handled 9 million tonnes in 2020.,Herald\n', encoding="utf-8")
    result = run(db, "import", "--skip-bad", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(db) == (["The port handled 9 million tonnes in 2020."], ["Herald"])
    assert "line 2: not valid CSV" in result.output and "not read" not in result.output


def test_skip_bad_says_the_rows_after_an_oversized_cell_were_not_read(invoke, tmp_path):
    """F7: 'imported 1 claim; skipped 1 bad record', and line 4's claim neither imported nor named."""
    from claims.services.import_reading import MAX_CSV_CELL

    path = tmp_path / "huge.csv"
    path.write_text('text,outlet\nok claim about 5 cars in 2019,A\n"' + "x" * (MAX_CSV_CELL + 10)
                    + '",B\nlast claim 7 boats in 2020,C\n', encoding="utf-8")
    result = invoke("import", "--skip-bad", str(path))
    assert result.exit_code == 1, result.output  # not all read (noticed 18)
    assert "line 3: column 1 ('text')" in result.output
    assert "line 4 was not read" in result.output


def test_new_outlets_take_a_bounded_number_of_locks(db):
    """F8: 12,000 new outlets were 12,000 advisory locks held to commit: past the server's
    shared lock table, the import failed 'out of shared memory' after minutes of work."""
    if not db.is_postgresql:
        pytest.skip("advisory locks are PostgreSQL's")
    from claims.services.outlets import OUTLET_LOCK_BUCKETS, OUTLET_LOCK_CLASS, lock_new_outlets

    with db.session() as session:
        lock_new_outlets(session, [f"Big Outlet {i:05d}" for i in range(12000)])
        held = session.connection().execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = CAST(:kind AS oid) "
            "AND pid = pg_backend_pid()"), {"kind": OUTLET_LOCK_CLASS}).scalar()
        assert 0 < held <= OUTLET_LOCK_BUCKETS


def _jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_redo_after_a_copy_to_postgresql_moves_the_sequences_on(tmp_path, fresh_pg_url):
    """F4: `db copy` set each sequence past the ids stored; redo put the undone import's rows
    back above them, and every later import failed 'duplicate key ... claim_pkey'."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server")
    desk = Database(str(tmp_path / "desk.db"))
    a = _jsonl(tmp_path / "a.jsonl", [{"text": f"The tunnel carried {i},000 cars in 2019.", "outlet": "Gazette",
                                       "url": f"https://ex.org/a/{i}"} for i in range(1, 4)])
    b = _jsonl(tmp_path / "b.jsonl", [{"text": f"The port handled {i} million tonnes in 2020.",
                                       "outlet": f"Herald {i}", "url": f"https://ex.org/b/{i}"}
                                      for i in range(1, 4)])
    c = _jsonl(tmp_path / "c.jsonl", [{"text": f"Rents rose by {i} percent in 2022.", "outlet": f"Post {i}",
                                       "url": f"https://ex.org/c/{i}"} for i in range(1, 4)])
    for args in (("import", a), ("import", b), ("undo",)):
        assert run(desk, *args).exit_code == 0
    desk.close()
    url = fresh_pg_url("seq")
    copied = run(desk, "db", "copy", "--to", url)
    assert copied.exit_code == 0, copied.output
    pg = Database(url)
    try:
        redone = run(pg, "redo")
        assert redone.exit_code == 0, redone.output
        result = run(pg, "import", c)
        assert result.exit_code == 0, result.output
        assert len(_stored(pg)[0]) == 9
    finally:
        pg.close()


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_settings_files_kept_where_earlier_versions_kept_them_are_read(monkeypatch, tmp_path, platform):
    """F3: keys.toml and filters.json under ~/.config/claims were no longer looked at on macOS
    and Windows once config_folder() followed platformdirs: saved filters and keys vanished."""
    import claims.config
    from claims.services.saved_filters import filters_path
    from tui.keymap import keymap_path

    new = tmp_path / "Library" / "claims"
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(claims.config, "user_config_path", lambda *a, **k: new)
    old = tmp_path / "xdg-config" / "claims"  # XDG_CONFIG_HOME, as earlier versions read it
    old.mkdir(parents=True)
    (old / "keys.toml").write_text('[keys]\nquit = "x"\n', encoding="utf-8")
    (old / "filters.json").write_text("{}", encoding="utf-8")
    assert keymap_path() == old / "keys.toml"
    assert filters_path() == old / "filters.json"
    new.mkdir(parents=True)  # one in the new folder is the one read
    (new / "filters.json").write_text("{}", encoding="utf-8")
    assert filters_path() == new / "filters.json"
    assert keymap_path() == old / "keys.toml"


def test_sqlite_outlet_identity_has_no_default(db_path):
    """F5: 0018 added outlet.identity with DEFAULT '' on SQLite and left it: an INSERT naming
    no identity stored '' without a word."""
    Database(str(db_path)).close()
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        columns = {row[1]: row for row in con.execute("PRAGMA table_info(outlet)")}
        assert columns["identity"][3] == 1 and columns["identity"][4] is None  # NOT NULL, no default
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("INSERT INTO outlet (name) VALUES ('Foo Daily')")
    finally:
        con.close()


def test_db_check_names_an_outlet_whose_identity_is_not_its_names(db):
    """F5: an outlet written around claims with a wrong identity: `db check` said ok."""
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (name, identity) VALUES ('Foo Daily', '')"))
        conn.execute(text("INSERT INTO outlet (name, identity) VALUES ('Bar Daily', 'bar daily')"))
    result = run(db, "db", "check")
    assert result.exit_code != 0
    assert "1 outlet(s) whose stored identity is not their name's (1)" in result.output


def test_a_name_equal_to_a_long_names_key_is_an_outlet_of_its_own(db, tmp_path):
    """F1: the key of a long identity ('its start #<sha256>') was a name whose own identity is
    itself: 'K' was filed under the long name's outlet, and `--outlet K` found that one."""
    long = "\ufdfa" * 200
    identity = outlet_identity(long)
    crafted = identity[:100] + " #" + hashlib.sha256(identity.encode()).hexdigest()  # its key as it was
    path = _jsonl(tmp_path / "col.jsonl", [
        {"text": "The tunnel carried 5,000 cars in 2019.", "outlet": long, "url": "https://ex.org/c/1"},
        {"text": "The port handled 9 million tonnes in 2020.", "outlet": crafted, "url": "https://ex.org/c/2"}])
    result = run(db, "import", path)
    assert result.exit_code == 0, result.output
    assert _stored(db)[1] == sorted([long, crafted])
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT identity FROM outlet WHERE name = :n"), {"n": crafted}).scalar() == crafted
        assert outlet_identity_key(long) != crafted


def test_an_upgrades_merge_of_outlets_is_not_undone(db):
    """F6: the merge-outlets events migration 0017 records were the '(migration)' reviewer's
    last batch: undo said 'undid merge-outlets: outlet' and marked them undone, changing nothing."""
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO event (at, reviewer, action, field, old, new, note, batch, undone) "
                          "VALUES (:at, '(migration)', 'merge-outlets', 'outlet', 'REUTERS', 'Reuters', "
                          "'merged', 'b1', false)"), {"at": "2026-03-01 10:00:00"})
    result = run(db, "--reviewer", "(migration)", "undo")
    assert result.exit_code != 0
    assert "cannot be undone" in result.output
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM event")).scalar() == 1
        assert conn.execute(text("SELECT undone FROM event")).scalar() in (False, 0)

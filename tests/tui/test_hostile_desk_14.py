"""Desk cases of the fourteenth hostile pass (issue 15), tried with Pilot and in tmux (and see
tests/test_hostile_inputs_14.py for the log of the whole pass)."""

from __future__ import annotations

import pytest

from tests.desk import one_claim_desk, open_desk, press_each


async def _desk_with_keys(tmp_path, monkeypatch, keys_toml: str, presses: list[str]):
    """The desk on a one-claim desk with `keys_toml` as its keys file, `presses` pressed; the
    app and the notifications said."""
    keys = tmp_path / "keys.toml"
    keys.write_text(keys_toml, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_KEYS", str(keys))
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "none.toml"))
    async with open_desk(one_claim_desk(tmp_path)) as (app, pilot, said):
        await press_each(pilot, presses)
        return app, said


@pytest.mark.parametrize("keys_toml", ["keys = 5\n", 'keys = "z"\n', "keys = [1, 2]\n"])
async def test_a_keys_file_whose_keys_is_no_table_opens_the_desk(tmp_path, monkeypatch, keys_toml):
    """keys.toml with `keys = 5` (a value where `[keys]` was meant) ended the desk in an
    AttributeError traceback ('int' object has no attribute 'items'). It is not read, said in
    one line naming the file; the default keys work."""
    _, said = await _desk_with_keys(tmp_path, monkeypatch, keys_toml, ["5"])
    assert any("keys.toml: not read (keys must be a table" in n for n in said), said
    assert any("verdict false" in n for n in said), said


@pytest.mark.parametrize("value", [",,,", " , "])
async def test_a_key_list_naming_no_key_is_said_and_leaves_the_key(tmp_path, monkeypatch, value):
    """`undo = ",,,"` passed the check for an empty value and bound undo to no key at all:
    ctrl+z did nothing and nothing said why. It is ignored as an empty value is, and said."""
    _, said = await _desk_with_keys(tmp_path, monkeypatch, f'[keys]\nundo = "{value}"\n', ["5", "ctrl+z"])
    assert any("ignored undo (give keys as a string)" in n for n in said), said
    assert any(n.startswith("undid set-status") for n in said), said


def test_a_settings_key_list_naming_no_key_is_refused(tmp_path, monkeypatch):
    """The same value in the settings file's [keys] is refused, naming the file and the id."""
    from claims.config import load_settings
    from claims.errors import ClaimsError

    path = tmp_path / "c.toml"
    path.write_text('[keys]\nundo = ","\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))
    with pytest.raises(ClaimsError, match=r"c\.toml: \[keys\] undo must be a key name"):
        load_settings()


async def test_the_desk_opens_without_a_home_folder_and_says_why_a_filter_is_not_saved(tmp_path, monkeypatch):
    """HOME unset and no home for the user: the desk ended in a RuntimeError traceback while
    looking for keys.toml (and filters.json). It opens; saving a filter says why it cannot."""
    from tests.test_hostile_inputs_14 import _homeless

    desk = one_claim_desk(tmp_path)
    _homeless(monkeypatch)
    async with open_desk(desk) as (_, pilot, said):
        await press_each(pilot, ["5", "s", "tab", *"mine", "enter"])
    assert any("verdict false" in n for n in said), said
    assert any(n.startswith("Could not save the filter: saved filters: there is no home folder") for n in said), said


async def test_a_verdict_the_store_refused_is_taken_back_from_the_row(tmp_path, monkeypatch):
    """A verdict key shows the verdict at once, then stores it. When the store failed (a disk
    I/O error, a lost server, a deadlock on PostgreSQL) the error was said, but the row went on
    showing 'verified, false', which was never stored. The row is put back, as for a refusal."""
    import sqlite3

    import sqlalchemy.exc

    import tui.writer
    from tui.testing import settle

    desk = one_claim_desk(tmp_path)

    def refused(*args, **kwargs):
        raise sqlalchemy.exc.OperationalError("UPDATE claim", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(tui.writer, "set_status", refused)
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "none.toml"))
    async with open_desk(desk) as (app, pilot, said):
        await pilot.press("5")
        await settle(pilot, failures_expected=True)
        await app.workers.wait_for_complete()
        await settle(pilot, failures_expected=True)
        row = app.screen.rows[0]
    assert any("disk I/O error" in n for n in said), said
    assert (row.status, row.verdict) == ("unverified", None)

"""Desk cases a review of hostile pass 13 found left (tests/tui/test_hostile_desk_13.py):
each fails before its fix."""

from __future__ import annotations

import json

from tests.desk import one_claim_desk, open_desk, press_each


async def _desk_with_config(tmp_path, monkeypatch, config_home, keys: list[str]):
    """The desk on a one-claim desk with XDG_CONFIG_HOME=`config_home`; `keys` pressed; the
    screen on top and the notifications said."""
    desk = one_claim_desk(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "settings.toml"))  # the settings elsewhere (none)
    async with open_desk(desk) as (app, pilot, said):
        await press_each(pilot, keys)
        return app.screen, list(said)


async def test_saved_filters_under_a_path_the_system_refuses_do_not_end_the_desk(tmp_path, monkeypatch):
    """XDG_CONFIG_HOME of 300 letters (the settings named by CLAIMS_CONFIG, so the desk
    starts): `s` raised OSError [Errno 36] out of the dialog's compose and the desk ended. The dialog opens with the built-in filters and one warning."""
    from tui.screens.modals import SavedFiltersModal

    screen, said = await _desk_with_config(tmp_path, monkeypatch, tmp_path / ("x" * 300), ["s"])
    assert isinstance(screen, SavedFiltersModal) and "my queue" in screen.filters
    assert any("cannot read (File name too long)" in n for n in said), said
    # keys.toml lies there too: its exists() ended the desk as it opened
    assert any("keys.toml: not read (File name too long); using the default keys" in n for n in said), said


async def test_a_saved_filter_whose_since_is_after_its_until_is_said(tmp_path, monkeypatch):
    """A record {"since": "2025-01-01", "until": "2024-01-01"} was listed and, picked, showed an
    empty queue without a word. It is left out of the list and said, as the CLI refuses it."""
    from tui.screens.modals import SavedFiltersModal

    path = tmp_path / "cfg" / "claims" / "filters.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"backwards": {"since": "2025-01-01", "until": "2024-01-01"}}), encoding="utf-8")
    screen, said = await _desk_with_config(tmp_path, monkeypatch, tmp_path / "cfg", ["s"])
    assert isinstance(screen, SavedFiltersModal) and "backwards" not in screen.filters
    assert any("'backwards' left out: since 2025-01-01 is after until 2024-01-01" in n for n in said), said

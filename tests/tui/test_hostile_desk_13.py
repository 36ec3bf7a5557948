"""Desk cases of the thirteenth hostile pass (issue 15), tried with Pilot (and see
tests/test_hostile_inputs_13.py for the log of the whole pass).

Saved filters (`s`; `$XDG_CONFIG_HOME/claims/filters.json`, a file people edit by hand):
failed: a file with a slip (a trailing comma) showed no saved filter, and saving one then
wrote the file over with that one alone, every other filter lost without a word; a record of
the wrong shape was used as it was (`"status": "verified"` filtered on the letters,
`"since": "not a date"` showed 'no claims match', `"search": 5` an unending count). Held: a
name of 5,000 characters or of Rich markup, at 100x30 and 40x12.
"""

from __future__ import annotations

import json

import pytest

from tests.desk import one_claim_desk, open_desk, press_each


async def _saved_filters_dialog(tmp_path, monkeypatch, filters: str, keys: list[str]):
    """The desk on a one-claim desk with `filters` as filters.json; `s` then `keys` pressed;
    the notifications said."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    path = tmp_path / "cfg" / "claims" / "filters.json"
    path.parent.mkdir(parents=True)
    path.write_text(filters, encoding="utf-8")
    async with open_desk(one_claim_desk(tmp_path)) as (app, pilot, said):
        await press_each(pilot, ["s", *keys])
        return app, list(said)


async def test_saving_a_filter_never_writes_over_a_file_it_cannot_read(tmp_path, monkeypatch):
    """A filters.json with a trailing comma: saving 'new' wrote {'new': ...} over it, the
    user's two filters gone. The save is refused, naming the file; the file stays as it was."""
    broken = '{"mine": {"search": "river"}, "two": {"search": "bridge"},}'
    _, said = await _saved_filters_dialog(tmp_path, monkeypatch, broken, ["tab", *"new", "enter"])
    assert (tmp_path / "cfg" / "claims" / "filters.json").read_text(encoding="utf-8") == broken
    assert any(n.startswith("Could not save the filter") and "not valid JSON" in n for n in said), said


async def test_a_saved_filter_of_the_wrong_shape_is_left_out_and_said(tmp_path, monkeypatch):
    """Records of the wrong shape are left out of the list, each said with the field at fault;
    the good one is listed; saving another keeps every record, the bad ones as they were."""
    records = {"bad status": {"status": "verified"}, "bad date": {"since": "not a date"},
               "bad search": {"search": 5}, "good": {"search": "bridge", "status": ["unverified"]}}
    app, said = await _saved_filters_dialog(tmp_path, monkeypatch, json.dumps(records),
                                            ["tab", *"new", "enter"])
    assert any("'bad status' left out: status:" in n for n in said), said
    assert any("'bad date' left out: since: 'not a date' is not a date" in n for n in said), said
    assert any("'bad search' left out: search: not text" in n for n in said), said
    stored = json.loads((tmp_path / "cfg" / "claims" / "filters.json").read_text(encoding="utf-8"))
    assert {k: stored[k] for k in records} == records and stored["new"]["status"] == []


@pytest.mark.parametrize("record", [{"status": ["verified"], "order": "date"}, {"since": "2024-04", "until": "2024"}])
def test_a_good_saved_filter_reads_back(tmp_path, record):
    from claims.services.saved_filters import load_user_filters

    path = tmp_path / "filters.json"
    path.write_text(json.dumps({"x": record}), encoding="utf-8")
    found, problems = load_user_filters(path)
    assert problems == [] and list(found) == ["x"]

"""Pass 30's found-not-fixed (issue 15): `set-status --evidence` of a link the claim already held,
written another way, stored nothing and said only 'claim 1: unverified'; a host written fully
qualified ('https://e.example./1', its trailing dot) was a second evidence link."""

from __future__ import annotations

import json

from tests.hostile import record_file, run


def test_a_host_written_with_its_trailing_dot_is_the_same_link(db, tmp_path):
    from claims.links import normal_url

    assert normal_url("https://E.EXAMPLE./1") == normal_url("https://e.example/1") == "https://e.example/1"
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    for written in ("https://e.example/1", "https://E.EXAMPLE./1", "https://e.example.:443/1#"):  # (#x: another link, 31a)
        assert run(db, "set-status", "1", "--evidence", written).exit_code == 0
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["https://e.example/1"], shown  # was: two links


def test_set_status_names_a_link_it_did_not_add_and_how_it_is_stored(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "HTTPS://E.EXAMPLE/1").stdout == "claim 1: unverified\n"
    said = run(db, "set-status", "1", "--evidence", "https://e.example:443/1", "--evidence", "https://f.example/2")
    assert said.exit_code == 0
    assert said.stdout == ("claim 1: unverified; https://e.example:443/1 not added: it already has that "
                           "evidence link, written HTTPS://E.EXAMPLE/1\n")  # was: 'claim 1: unverified'
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["HTTPS://E.EXAMPLE/1", "https://f.example/2"], shown

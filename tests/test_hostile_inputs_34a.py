"""A thirty-fourth hostile pass (34a: tracebacks, wrong place, unsafe links, search semantics,
silent loss in import and export), with inputs earlier passes did not try. Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files in /tmp/h34a and
the PostgreSQL database claims_h34a) is at the end of this file (LOG)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tui.entry import cli

# --- wrong place: a database URL written without its '//' -------------------------------------------
#
# `--db sqlite:desk.db` (the form sqlx, dbmate or Rails write), `sqlite3:desk.db`,
# `postgresql:claims` or `postgres:claims` have no '://', so they were read as a file path: a new,
# empty desk named `sqlite:desk.db` was made in the current folder and `claims list` printed
# nothing with status 0, beside the real desk.db. `file:desk.db` was refused so already (pass 6);
# its siblings are now, and so is a Windows path (`C:\Users\ana\claims.db`), which made a file of
# that name.

URL_WITHOUT_SLASHES = ["sqlite:desk.db", "SQLite:desk.db", "sqlite3:desk.db", "sqlite+pysqlite:desk.db",
                       "postgresql:claims", "postgres:claims", "postgresql+psycopg:claims", "mysql:claims"]


@pytest.mark.parametrize("name", URL_WITHOUT_SLASHES)
@pytest.mark.parametrize("how", ["--db", "CLAIMS_DB"])
def test_a_database_url_without_its_slashes_makes_no_new_desk(tmp_path, monkeypatch, name, how):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMS_DB", raising=False)
    args = ["list"]
    if how == "--db":
        args = ["--db", name, *args]
    else:
        monkeypatch.setenv("CLAIMS_DB", name)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("claims: error: ") and "Traceback" not in result.output, result.output
    assert "reads as a database URL without its '//'" in last and "sqlite:///PATH" in last, last
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["C:\\Users\\ana\\claims.db", "d:\\desk.db"])
def test_a_windows_path_makes_no_new_desk(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", name, "list"])
    assert result.exit_code == 1 and "a Windows path" in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_a_desk_file_of_such_a_name_still_opens_and_db_init_still_refuses(tmp_path, monkeypatch):
    """A desk already stored under such a name is opened (the refusal is of a new desk only)."""
    import shutil

    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(cli, ["--db", "desk.db", "db", "init"])
    assert made.exit_code == 0, made.output
    shutil.copy(tmp_path / "desk.db", tmp_path / "sqlite:desk.db")
    assert CliRunner().invoke(cli, ["--db", "sqlite:desk.db", "list"]).exit_code == 0
    refused = CliRunner().invoke(cli, ["--db", "postgres:claims", "db", "init"])
    assert refused.exit_code == 1 and "without its '//'" in refused.output, refused.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.db", "sqlite:desk.db"]


# --- search semantics: a saved filter whose field is misspelt -------------------------------------------
#
# filters.json is edited by hand (README: a filter the desk cannot use is left out, saying why). A
# field it does not know ('speakr', 'Speaker', 'Status', 'search ' with a space) was passed over
# without a word: the filter 'Smith only' was the whole queue under that name. It is left out of
# the list, naming the field and the fields a filter takes.


@pytest.mark.parametrize("record, field", [({"speakr": "Smith"}, "speakr"),
                                           ({"Speaker": "Smith", "status": ["verified"]}, "Speaker"),
                                           ({"status": ["verified"], "Status": ["in_review"]}, "Status"),
                                           ({"search ": "budget"}, "search "),
                                           ({"verdicts": ["false"]}, "verdicts")])
def test_a_saved_filter_with_a_field_it_does_not_know_is_left_out_saying_which(tmp_path, record, field):
    import json

    from claims.services.saved_filters import load_user_filters

    path = tmp_path / "filters.json"
    path.write_text(json.dumps({"Smith only": record, "mine": {"speaker": "Smith"}}), encoding="utf-8")
    found, problems = load_user_filters(path)
    assert list(found) == ["mine"] and found["mine"].speaker == "Smith"
    assert len(problems) == 1 and "'Smith only' left out" in problems[0], problems
    assert f"no field {field!r}" in problems[0] and "speaker" in problems[0], problems[0]


def test_every_field_a_saved_filter_writes_is_read_back(tmp_path):
    from claims.services.claim_filter import ClaimFilter
    from claims.services.saved_filters import load_user_filters, save_filter

    path = tmp_path / "filters.json"
    flt = ClaimFilter(status=("verified",), verdict=("false",), outlet="Daily", speaker="Smith", since="2024",
                      until="2024-05", search="budget", has_suggestions=True, reviewer="ana", not_a_claim=True,
                      order="date")
    save_filter("all of it", flt, path)
    found, problems = load_user_filters(path)
    assert problems == [] and found == {"all of it": flt}

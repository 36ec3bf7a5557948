"""Pass 34b of the hostile trial (issue 15's classes 6-9 and the desk): lenient dates, superlinear
work, non-Latin text, the desk. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess on SQLite files and PostgreSQL, the
desk in tmux and under Pilot) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import one_line_error, record_file, run, stored_claims

# --- lenient dates: a number of two scripts' digits in an import and a --since time ---------------------
#
# The lead made a typed date refuse a number mixing two scripts' digits ('2٠24': an Arabic-Indic
# zero, which looks like a dot, among ASCII digits). An import's `date`, `first_date` and
# `reviewed_at` mapped each digit to ASCII alone before reading (claims.dates.ascii_digits), so
# '2٠24-04-14' was stored as 14 April 2024; a `history --since` time ('2024-04-14T1٠:00') was read
# by the timestamp pattern, whose \d takes any script's digit, as 10:00.


@pytest.mark.parametrize(("field", "value", "run_"), [
    ("date", "2٠24-04-14", "2٠24"), ("date", "14 April 2٠24", "2٠24"),
    ("first_date", "2024-0٤-13", "0٤"), ("first_date", "2024-04-13T1٠:00:00Z", "1٠"),
    ("reviewed_at", "2024-04-1٤T10:00:00Z", "1٤"), ("reviewed_at", "2024-04-14T10:0٠:00Z", "0٠"),
])
def test_an_import_date_mixing_two_scripts_digits_is_a_bad_record(db, tmp_path, field, value, run_):
    path = record_file(tmp_path, status="verified", verdict="false", **{field: value})
    line = one_line_error(run(db, "import", path), "1 bad record, nothing imported",
                          f"{field}: {value!r} is not a date ({run_!r} mixes the digits of two scripts)")
    assert "Traceback" not in line
    assert stored_claims(db) == []


@pytest.mark.parametrize("field", ["date", "first_date"])
def test_an_import_date_in_one_script_of_digits_is_still_read(db, tmp_path, field):
    assert run(db, "import", record_file(tmp_path, **{field: "٢٠٢٤-٠٤-١٤"})).exit_code == 0
    (row,) = [json.loads(line) for line in run(db, "list", "--format", "jsonl").output.splitlines()]
    assert row[field] == "2024-04-14"


@pytest.mark.parametrize("command", [("history",), ("repeats",), ("report", "--format", "md")])
def test_a_since_time_mixing_two_scripts_digits_is_refused(db, command):
    one_line_error(run(db, *command, "--since", "2024-04-14T1٠:00"),
                   "--since: '2024-04-14T1٠:00' is not a date ('1٠' mixes the digits of two scripts)")

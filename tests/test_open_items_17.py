"""The small open items of issue 15 (hardening) left by the last session, each with the case
that failed before its fix, through the real CLI on both backends where storage is involved:

- `claims history`, `repeats` and `report --since` read `2024-W15` and `20240414` (Python's
  ISO reader), which `claims list` and `export --since` refuse: one date reader now decides
  for every --since/--until, and an ISO date and time is the only thing added for the
  commands that filter by a moment;
"""

from __future__ import annotations

import pytest

from tests.hostile import one_line_error, run

CLAIM = "The city spent 40 million euros on the new bridge last year"


def _ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


# --- 1. one date reader for every --since/--until -----------------------------------------------

SINCE_COMMANDS = [("history", "--since"), ("repeats", "--since"), ("report", "--since"),
                  ("list", "--since"), ("list", "--until"), ("export", "--since"), ("export", "--until")]


# reading a date involves no storage: one backend is enough
@pytest.mark.sqlite_only
@pytest.mark.parametrize("value", ["2024-W15", "20240414", "20240414T0930"])
@pytest.mark.parametrize(("command", "option"), SINCE_COMMANDS)
def test_every_since_refuses_what_the_date_reader_refuses(db, tmp_path, command, option, value):
    extra = ["-o", str(tmp_path / "out.html")] if command == "report" else []
    one_line_error(run(db, command, option, value, *extra), option, repr(value), "not a date")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("value", ["2024-04", "14 April 2024", "last Friday"])
@pytest.mark.parametrize(("command", "option"), SINCE_COMMANDS)
def test_every_since_reads_the_same_dates(db, tmp_path, command, option, value):
    extra = ["-o", str(tmp_path / "out.html")] if command == "report" else []
    _ok(run(db, command, option, value, *extra))


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", ["history", "repeats"])
def test_a_moment_keeps_its_time_of_day(db, command):
    _ok(run(db, command, "--since", "2026-03-01T09:00"))
    _ok(run(db, command, "--since", "2024-04-14T09:30:00Z"))
    one_line_error(run(db, command, "--since", "2024-01-01T25:00"), "--since", "no such time of day")

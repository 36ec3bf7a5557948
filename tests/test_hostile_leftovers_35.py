"""Pass 33's found-not-fixed (issue 15, leftovers34), one section each."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.hostile import record_file, run

# --- 'two weeks earlier', '3 days later' ---------------------------------------------------------------
#
# 'a week earlier' counted one span from the day it is read from; 'two weeks earlier', 'three days
# earlier', 'a day earlier', '2 weeks later' were refused as "not a date". A count in digits or in
# words is read as '... ago' reads it, either way; counted past the calendar, one line.


@pytest.mark.parametrize(("typed", "read"), [
    ("two weeks earlier", ("2024-03-31", "week")),
    ("2 weeks earlier", ("2024-03-31", "week")),
    ("three days earlier", ("2024-04-11", "day")),
    ("a day earlier", ("2024-04-13", "day")),
    ("a day later", ("2024-04-15", "day")),
    ("two weeks later", ("2024-04-28", "week")),
    ("14 days before", ("2024-03-31", "day")),
    ("three years before", ("2021", "year")),
    ("twelve months after", ("2025-04", "month")),
    ("Two Weeks Earlier", ("2024-03-31", "week")),
    ("a week earlier", ("2024-04-07", "week")),  # (as before)
    ("the week before last", ("2024-03-31", "week")),
])
def test_a_count_of_spans_earlier_or_later_is_read(typed, read):
    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=date(2024, 4, 14)) == read


@pytest.mark.parametrize("typed", ["the two weeks earlier", "weeks earlier", "many days later",
                                   "two weeks earlier 2024", "two weeks earlier yesterday", "-2 weeks earlier"])
def test_what_is_no_count_of_spans_stays_refused(typed):
    from claims.dates import read_typed_date

    with pytest.raises(ValueError, match="is not a date"):
        read_typed_date(typed, base=date(2024, 4, 14))


def test_set_date_counts_spans_and_refuses_past_the_calendar_in_one_line(db, tmp_path):
    from tests.hostile import one_line_error

    assert run(db, "import", record_file(tmp_path, first_date="2024-04-14", url="https://e.example/a")).exit_code == 0
    done = run(db, "set-date", "1", "three days earlier")
    assert done.exit_code == 0, done.output  # was: 'three days earlier' is not a date
    assert json.loads(run(db, "list", "--format", "jsonl").stdout)["date"] == "2024-04-11"
    one_line_error(run(db, "set-date", "1", "99999999 days later"),
                   "'99999999 days later' is not a date (it falls outside the calendar, 0001-01-01 to 9999-12-31)")
    one_line_error(run(db, "set-date", "1", "5000 years earlier"),
                   "'5000 years earlier' is not a date (its year is not one of 1 to 9999)")
    assert json.loads(run(db, "list", "--format", "jsonl").stdout)["date"] == "2024-04-11"  # unchanged

"""Review of hostile pass 9's typed dates and side-file check (issue 15): each case failed
before its fix."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from click.testing import CliRunner

from claims.dates import read_typed_date
from tests.hostile import record_file, run
from tui.entry import cli

BASE = dt.date(2026, 3, 20)


@pytest.mark.parametrize("typed", ["week of 9/3/2026", "the week of 9/3/2026", "week starting 9/3/2026",
                                   "week of 5/3/2026"])
def test_a_slash_date_in_a_week_is_as_ambiguous_as_alone(typed):
    """'week of 9/3/2026' was stored as the week of 3 September, where '9/3/2026' alone is
    refused: its day and month could be either way round."""
    with pytest.raises(ValueError, match="either way round"):
        read_typed_date(typed, base=BASE)


@pytest.mark.parametrize("typed", ["week of 14/3/2026", "the week of 3/14/2026", "week of 14.3.2026",
                                   "week of 2026-03-14"])
def test_a_week_of_a_day_given_in_figures_is_that_week(typed):
    assert read_typed_date(typed, base=BASE) == ("2026-03-14", "week")


@pytest.mark.parametrize("typed, expected", [
    ("earlier in March 2026", ("2026-03", "month")), ("later in March 2026", ("2026-03", "month")),
    ("some time in March 2026", ("2026-03", "month")), ("several days in March 2026", ("2026-03", "month")),
    ("the weekend of 7 March 2026", ("2026-03-07", "day")), ("weekend of 7 March", ("2026-03-07", "day")),
    ("9 March 2026 at nine", ("2026-03-09", "day")), ("Today, 20 March 2026", ("2026-03-20", "day")),
    ("yesterday, 19 March 2026", ("2026-03-19", "day")),
])
def test_words_that_only_place_a_calendar_date_are_read_as_before(typed, expected):
    """Pass 9 refused every counting or span word beside a calendar date; these were read."""
    assert read_typed_date(typed, base=BASE) == expected


@pytest.mark.parametrize("typed", ["yesterday 9 March 2026", "Today, 9 March 2026", "tomorrow 20 March 2026"])
def test_a_day_word_that_is_not_the_date_given_is_refused(typed):
    with pytest.raises(ValueError, match="is not (yesterday|today|tomorrow)"):
        read_typed_date(typed, base=BASE)


@pytest.mark.parametrize("typed", ["last week beginning", "beginning this year", "the beginning of last year",
                                   "starting yesterday", "three weeks later 9 March 2026"])
def test_beginning_and_starting_say_nothing_outside_a_week_of(typed):
    """'beginning'/'starting' became date words: 'last week beginning' was last week,
    'starting yesterday' yesterday, each with a word dropped."""
    with pytest.raises(ValueError):
        read_typed_date(typed, base=BASE)


def test_a_week_of_a_day_named_wrongly_is_refused(db, tmp_path):
    """9 March 2026 is a Monday; 'week of Tuesday 9 March 2026' was the week of 9 March."""
    with pytest.raises(ValueError, match="is a Monday, not a Tuesday"):
        read_typed_date("week of Tuesday 9 March 2026", base=BASE)
    assert read_typed_date("week of Monday 9 March 2026", base=BASE) == ("2026-03-09", "week")
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    result = run(db, "set-date", "1", "week of Tuesday 9 March 2026")
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX only")
def test_an_export_beside_a_named_pipe_does_not_hang(db_path, tmp_path):
    """`export -o notes-wal` beside a FIFO `notes` opened the FIFO to read its header and
    waited for a writer forever."""
    os.mkfifo(tmp_path / "notes")
    target = tmp_path / "notes-wal"
    target.write_text("an older export\n", encoding="utf-8")
    done: list = []
    worker = threading.Thread(target=lambda: done.append(
        CliRunner().invoke(cli, ["--db", str(db_path), "export", "-o", str(target)])), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # free the blocked open so the test process can end
        with open(tmp_path / "notes", "wb"):
            pass
        pytest.fail("export blocked on the named pipe beside its output")
    assert done[0].exit_code == 0, done[0].output


@pytest.mark.parametrize("line", ['{"a": NaN, "b": "x y z"}', '{"a": 1e999, "b": "x y z"}',
                                  '{"a": "x y z", "b": -Infinity}'])
def test_a_pair_given_as_nan_or_infinity_is_refused(tmp_path, line):
    """JSON has no NaN nor Infinity, and 1e999 overflows: they were compared as 'nan', 'inf'."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 1 and "line 1" in result.output and "Traceback" not in result.output


def test_an_import_field_named_by_direction_controls_alone_is_refused(db, tmp_path):
    """A field named '\u202e' was kept in the claim's other fields under the name ''."""
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "q1", "text": "The mayor said the budget rose 5 percent.", "\\u202e": "x"}\n',
                       encoding="utf-8")
    result = run(db, "import", str(records))
    assert result.exit_code == 1 and "empty once its direction controls are removed" in result.output
    assert "Traceback" not in result.output

"""A thirty-third hostile pass (33a: tracebacks, wrong place, unsafe links, search semantics,
silent loss in import and export), with inputs earlier passes did not try. Each test of a
failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files in /tmp/h33a and
a PostgreSQL database) is at the end of this file (LOG)."""

from __future__ import annotations

import pytest

from tests.hostile import one_line_error, record_file, run

# --- tracebacks: a reviewer filter of bytes that are no UTF-8 ---------------------------------------
#
# `history --reviewer $'caf\xe9'` and `taken --reviewer $'caf\xe9'` (a Latin-1 terminal's é,
# which Python reads as a lone surrogate) reached the driver: a UnicodeEncodeError traceback.
# `list --search/--speaker/--outlet` refuse the same bytes in one line (pass 9); the reviewer
# filters now go through the same check.


@pytest.mark.parametrize("command", ["history", "taken"])
def test_a_reviewer_filter_of_bytes_no_utf8_is_one_line(db, tmp_path, command):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, command, "--reviewer", "caf\udce9"), "--reviewer: holds bytes that are not UTF-8 text")


@pytest.mark.parametrize("command", ["history", "taken"])
def test_a_reviewer_filter_still_finds_its_reviewer(db, tmp_path, command):
    assert run(db, "--reviewer", "éva", "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "--reviewer", "éva", "take", "1").exit_code == 0
    done = run(db, command, "--reviewer", "e\u0301va", "--format", "jsonl")
    assert done.exit_code == 0 and '"éva"' in done.output, done.output

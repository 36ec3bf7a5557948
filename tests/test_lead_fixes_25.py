"""Issue 15's found-not-fixed cases of pass 24, fixed beside pass 25 (each test fails before its fix)."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import CLAIMS_BIN
from tests.hostile import one_line_stderr

# --- a 100,000-character path echoed whole on its one error line (100 KB) ---------------------------


@pytest.mark.parametrize("args", [
    ("ingest", "{p}"), ("import", "{p}"), ("report", "-o", "{p}"), ("ingest", "--transcript", "{p}"),
    ("--db", "{p}", "list"),
])
def test_a_long_path_is_cut_on_its_error_line(tmp_path, args):
    path = str(tmp_path / ("a" * 100_000) / "end-of-the-name.txt")
    argv = [str(CLAIMS_BIN), "--db", str(tmp_path / "desk.db"), *(a.format(p=path) for a in args)]
    done = subprocess.run(argv, capture_output=True, timeout=120)
    line = one_line_stderr(done, "end-of-the-name.txt", "characters]")
    assert len(line) < 400, len(line)
    assert str(tmp_path) in line  # the start of the path is kept too


def test_a_long_line_of_words_is_cut_and_a_short_one_kept():
    from claims.limits import LONGEST_LINE, message_line

    words = "word " * 5000
    shown = message_line(f"claims: error: {words}: too long")
    assert len(shown) < LONGEST_LINE and shown.endswith(": too long") and "characters]" in shown
    short = "claims: error: " + "x" * 200  # a run of 200 is kept whole
    assert message_line(short) == short

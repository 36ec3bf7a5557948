"""A verdict note is stored as an import reads it back: without the spaces and blank lines
around it. `set-status --note '  ...  '` (and the desk's note dialog) kept them, and every
export -> import of the desk lost them: the one field whose round trip changed it (pass 34a's
found-not-fixed)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.limits import check_note
from claims.models import Claim
from db import Database
from tests.hostile import record_file, run
from tui.entry import cli

GIVEN = "  \n checked with the agency's own figures;\n  see the 2023 report  \n\t"
STORED = "checked with the agency's own figures;\n  see the 2023 report"


def _notes(database: Database) -> list[str | None]:
    with database.session() as s:
        return list(s.exec(select(Claim.verdict_note).order_by(Claim.id)))


def test_a_notes_surrounding_spaces_are_not_kept_and_its_export_imports_back_the_same(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    done = run(db, "set-status", "1", "--verdict", "false", "--note", GIVEN)
    assert done.exit_code == 0, done.output
    assert _notes(db) == [STORED]
    out = tmp_path / "out.csv"
    assert run(db, "export", "-o", str(out)).exit_code == 0
    other = tmp_path / "other.db"
    done = CliRunner().invoke(cli, ["--db", str(other), "import", str(out)])
    assert done.exit_code == 0, done.output
    back = Database(str(other))
    try:
        assert _notes(back) == [STORED]
    finally:
        back.close()


@pytest.mark.parametrize(("given", "kept"), [
    (" one line ", "one line"), ("inside  spaces stay", "inside  spaces stay"), ("", ""), (None, None),
])
def test_check_note_keeps_what_is_inside(given, kept):
    assert check_note(given) == kept


def test_a_note_of_spaces_alone_is_still_refused():
    with pytest.raises(Exception, match="shows nothing"):
        check_note("   \n ")

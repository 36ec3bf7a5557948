"""`claims import` loses nothing silently, and what the desk stores comes back from its own
export (issue 15, finding 5). Both backends, through the CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.limits import MAX_NOTE_CHARS
from claims.models import Claim
from claims.services.importer import import_text
from db import Database
from tui.entry import cli


def _claims(db) -> list[Claim]:
    with db.session() as s:
        return list(s.exec(select(Claim).order_by(Claim.id)))


def _run(db, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, [*args, "--db", db.url], input=input)


def _one_line_error(result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claims: error: "), result.output
    for part in parts:
        assert part in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_an_unterminated_quote_is_an_error_naming_its_line(db, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text('id,text\nq1,"unterminated quote\nq2,ok text here said the mayor\n', encoding="utf-8")
    result = _run(db, "import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    *listed, summary = [line for line in result.output.splitlines() if line.strip()]  # bad records, the error
    assert summary.startswith("claims: error: ") and "u.csv: 1 bad record, nothing imported: line 2: a quote" in summary
    assert len(listed) == 1 and "u.csv: line 2: a quote opened in this row is never closed" in listed[0]
    assert _claims(db) == []


@pytest.mark.parametrize("body", [
    'q1,"closed" and then more,x\n',  # text after a closing quote
    'q1,"never closed, on the last line\n',
])
def test_other_broken_quoting_stores_nothing(db, body):
    with pytest.raises(Exception, match=r"line 3: .*(quote|CSV)"):
        import_text(db, "id,text,extra\nq0,a fine first row said the mayor,x\n" + body, name="b.csv")
    assert _claims(db) == []


def test_a_quoted_newline_inside_a_closed_cell_is_still_one_cell(db):
    import_text(db, 'id,text\nq1,"two lines\nof one claim"\nq2,the next claim\n', name="ok.csv")
    assert [c.text for c in _claims(db)] == ["two lines of one claim", "the next claim"]


def test_set_status_refuses_a_note_import_would_refuse(db):
    import_text(db, '{"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}\n', name="one.jsonl")
    claim_id = _claims(db)[0].id
    result = _run(db, "set-status", str(claim_id), "--note", "n" * (MAX_NOTE_CHARS + 1))
    _one_line_error(result, "note", f"{MAX_NOTE_CHARS + 1:,}", f"at most {MAX_NOTE_CHARS:,}")
    assert _claims(db)[0].verdict_note is None


def test_an_export_with_the_longest_note_imports_again(db, tmp_path):
    import_text(db, '{"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}\n', name="one.jsonl")
    claim_id = _claims(db)[0].id
    note = "checked against the traffic count; " * (MAX_NOTE_CHARS // 35) + "x" * (MAX_NOTE_CHARS % 35)
    assert len(note) == MAX_NOTE_CHARS
    result = _run(db, "set-status", str(claim_id), "--status", "verified", "--verdict", "false", "--note", note)
    assert result.exit_code == 0, result.output
    exported = tmp_path / "out.csv"
    assert _run(db, "export", "-o", str(exported)).exit_code == 0
    back = CliRunner().invoke(cli, ["import", str(exported), "--db", str(tmp_path / "again.db")])
    assert back.exit_code == 0, back.output
    assert "imported 1 claim" in back.output


def test_ingest_refuses_an_outlet_import_would_refuse(db, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge carries 40,000 vehicles a day, up from 30,000.\n", encoding="utf-8")
    result = _run(db, "ingest", str(article), "--outlet", "O" * 201, "--published", "2024-01-02")
    assert result.exit_code == 1 and "outlet: 201 characters; at most 200" in result.output
    assert "Traceback" not in result.output and _claims(db) == []
    result = _run(db, "ingest", str(article), "--outlet", "O" * 200, "--published", "2024-01-02")
    assert result.exit_code == 0, result.output
    claim_id = _claims(db)[0].id
    assert _run(db, "set-status", str(claim_id), "--status", "verified", "--verdict", "true").exit_code == 0
    exported = tmp_path / "out.csv"
    assert _run(db, "export", "-o", str(exported)).exit_code == 0
    back = CliRunner().invoke(cli, ["import", str(exported), "--db", str(tmp_path / "again.db")])
    assert back.exit_code == 0, back.output


def test_a_reviewer_name_import_would_refuse_is_refused(db):
    import_text(db, '{"id": "q1", "text": "The bridge carries 40,000 vehicles a day."}\n', name="one.jsonl")
    claim_id = _claims(db)[0].id
    result = _run(db, "set-status", str(claim_id), "--status", "in_review", "--reviewer", "r" * 101)
    _one_line_error(result, "--reviewer: 101 characters; at most 100")
    assert _claims(db)[0].status == "unverified"


def test_ingest_stores_only_what_an_import_takes_back(db, tmp_path):
    """A quoted statement of 25,000 characters and a transcript speaker label of 320: ingest
    leaves the statement out and the name empty, says so, and the export imports again."""
    from claims.limits import MAX_LEN, MAX_TEXT_CHARS

    body = " and ".join(f"the budget for district {i} rose by {i % 90 + 2} percent" for i in range(500))
    quoted = tmp_path / "quoted.txt"
    quoted.write_text(f'Published: 2024-04-01\n\n"{body.capitalize()}," Mayor Ana Lopez said. '
                      "The mayor said the bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    spoken = tmp_path / "spoken.txt"
    spoken.write_text(f"ANA LOPEZ: {body.capitalize()}.\n{'B' * 320}: The bridge carries 40,000 vehicles a day.\n",
                      encoding="utf-8")
    first = _run(db, "ingest", str(quoted))
    assert first.exit_code == 0 and "1 statement(s) longer than 20,000 characters left out" in first.output
    second = _run(db, "ingest", "--transcript", str(spoken))
    assert second.exit_code == 0 and "1 speaker name(s) longer than 300 characters left empty" in second.output
    stored = _claims(db)
    assert stored and all(len(c.text) <= MAX_TEXT_CHARS for c in stored)
    assert all(len(c.speaker or "") <= MAX_LEN["speaker"] for c in stored)
    assert any("40,000 vehicles" in c.text and c.speaker is None for c in stored)
    exported = tmp_path / "all.csv"
    assert _run(db, "export", "-o", str(exported), "--status", "unverified").exit_code == 0
    again = Database(str(tmp_path / "again.db"))
    try:
        result = CliRunner().invoke(cli, ["import", str(exported), "--db", again.url])
        assert result.exit_code == 0, result.output
        assert len(_claims(again)) == len(stored)
    finally:
        again.close()

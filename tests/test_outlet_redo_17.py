"""Redo of an import and its outlets, since outlets that show alike are one (migration 0017,
`claims.services.outlets`) (found in review of noticed16; issue 15):
- an import undone before the upgrade named, in the rows kept for redo, an outlet 0017 merged
  away: redo failed on FOREIGN KEY and the import could never be redone;
- redo looked for its outlet by exact name, and made 'cnn' again beside a 'CNN' made since;
- undo said 'removed 1 outlet' of an outlet 0017 had merged away."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from db import Database
from tests.hostile import run


def _import(db, tmp_path, outlet: str, name: str = "imp.jsonl") -> None:
    path = tmp_path / name
    path.write_text(json.dumps({"id": name, "text": "Inflation rose to 7 percent last year, the minister said.",
                                "outlet": outlet}) + "\n", encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0


def _outlets(db) -> dict[int, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, name FROM outlet ORDER BY id")).all())


def _article_outlets(db) -> list[int]:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT outlet_id FROM article ORDER BY id")).scalars().all()


def _upgrade_again(db) -> None:
    """Run migration 0017 again, as a desk of before it meets it. (An older version's rows are
    written above with their exact name as identity: it found outlets by exact name.)"""
    from alembic import command

    from db.migrate import alembic_config

    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0016")
    Database(db.url).close()


def test_an_import_undone_before_the_upgrade_is_redone_into_the_merged_outlet(db, tmp_path):
    with db.engine.begin() as conn:  # an older version's desk: 'cnn' an outlet apart from 'CNN'
        conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (1, 'CNN', 'CNN'), (2, 'cnn', 'cnn')"))
    _import(db, tmp_path, "cnn")
    assert _article_outlets(db) == [2]
    assert run(db, "undo").exit_code == 0
    _upgrade_again(db)
    assert _outlets(db) == {1: "CNN"}
    result = run(db, "redo")
    assert result.exit_code == 0, result.output
    assert _article_outlets(db) == [1]
    assert _outlets(db) == {1: "CNN"}


def test_redo_finds_its_outlet_as_an_import_does(db, tmp_path):
    _import(db, tmp_path, "cnn")
    assert run(db, "undo").exit_code == 0
    assert _outlets(db) == {}
    with db.engine.begin() as conn:  # made since the undo
        conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (5, 'CNN', 'cnn')"))
    result = run(db, "redo")
    assert result.exit_code == 0, result.output
    assert _outlets(db) == {5: "CNN"}
    assert _article_outlets(db) == [5]


def test_undo_does_not_count_an_outlet_merged_away(db, tmp_path):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (name, identity) VALUES ('Northline News', 'northline news')"))
    _import(db, tmp_path, "BBC")
    first, created = _outlets(db)
    with db.engine.begin() as conn:  # as an older version stored it beside the import's 'BBC'
        conn.execute(text("UPDATE outlet SET name = 'bbc', identity = 'older bbc' WHERE id = :id"), {"id": first})
    _upgrade_again(db)
    assert _outlets(db) == {first: "bbc"}
    result = run(db, "undo")
    assert result.exit_code == 0, result.output
    assert "0 outlets" in result.output
    assert _outlets(db) == {first: "bbc"}


def test_an_outlet_the_undone_import_made_is_not_taken_for_one_merged_under_its_reused_id(db, tmp_path):
    """SQLite reuses a deleted outlet's id: the import made 'Gazette' (id 2), its undo deleted
    it, a later write stored 'Reuters' under id 2 beside an older 'reuters' (1); 0017 merged 2
    into 1 and rewrote the undo's rows, so redo put Gazette's article under 'reuters' (found in
    review of 782a59c). Outlets the import made itself are left to redo."""
    if db.is_postgresql:
        pytest.skip("SQLite only: PostgreSQL never reuses an id (outlet.id is a sequence's)")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (1, 'reuters', 'reuters')"))
    _import(db, tmp_path, "Gazette")
    assert _outlets(db) == {1: "reuters", 2: "Gazette"}
    assert run(db, "undo").exit_code == 0
    with db.engine.begin() as conn:  # as an older version reused the id
        conn.execute(text("INSERT INTO outlet (id, name, identity) VALUES (2, 'Reuters', 'Reuters')"))
    _upgrade_again(db)
    assert _outlets(db) == {1: "reuters"}
    result = run(db, "redo")
    assert result.exit_code == 0, result.output
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT o.name FROM article a JOIN outlet o ON o.id = a.outlet_id")).all() == [("Gazette",)]

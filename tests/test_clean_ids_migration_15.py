"""Migration 0015: import ids stored before they were cleaned (cc59fde) are cleaned as an import
cleans them, on an SQLite file and on PostgreSQL; one whose cleaned form is another claim's id
is left, and `claims db check` names the pair in a warning (the check passes: they may
be two claims) until they are merged."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, event, text

from claims.cli import cli
from db import Database
from tests.old_desks import desk_at

# claim id: the id an older version stored, and what it is after the migration
STORED = {
    1: ("q1", "q1"),
    2: ("q\u200b1", "q\u200b1"),  # cleans to claim 1's id: left
    3: ("Cafe\u0301-9", "Caf\u00e9-9"),  # accents composed
    4: ("AB\t12", "AB 12"),  # a tab a space
    5: ("AB  12", "AB  12"),  # a run of spaces kept
    6: ("\u2066z9\u2069", "z9"),  # direction isolates dropped
    7: ("z\u200c9", "z\u200c9"),  # cleans to claim 6's cleaned id: left
    8: ("\u200b\u200d", "\u200b\u200d"),  # cleans to nothing: left
    9: ("\ufeffn\u00ad7\ufe0f", "n7"),
}


def _old_desk(url: str) -> None:
    engine = create_engine(url)
    if url.startswith("sqlite"):  # the search index's fold, as the desk's own engine registers it
        from db.textfold import register_sqlite_functions

        event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))
    with engine.begin() as conn:
        desk_at(conn, "0014", [{"id": i, "text": f"The bridge carries {i},000 vehicles a day."} for i in STORED])
        for i, (raw, _) in STORED.items():
            conn.execute(text("UPDATE claim SET external_id = :raw WHERE id = :id"), {"raw": raw, "id": i})
    engine.dispose()


def _ids(db: Database) -> dict[int, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, external_id FROM claim")).all())


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", url])


def _check_upgrade(url: str, tmp_path) -> None:
    _old_desk(url)
    db = Database(url)  # migrates
    try:
        assert _ids(db) == {i: after for i, (_, after) in STORED.items()}
    finally:
        db.close()
    # the same ids, as a file gives them now, are found: nothing stored again
    path = tmp_path / "again.jsonl"
    path.write_text("".join(json.dumps({"id": after, "text": f"The bridge carries {i},000 vehicles a day."}) + "\n"
                            for i, (_, after) in STORED.items() if i in (3, 4, 6, 9)), encoding="utf-8")
    result = _cli(url, "import", str(path))
    assert "already stored as claim 3" in result.output and "already stored as claim 9" in result.output, result.output
    db = Database(url)
    try:
        assert len(_ids(db)) == len(STORED)
    finally:
        db.close()
    # the two left are named as a warning (they may be two claims): the check passes, and says
    # what to do if they are one; a merge makes the warning go
    result = _cli(url, "db", "check")
    assert result.exit_code == 0, result.output
    assert ("warning: claim: 2 import id(s) stored before ids were cleaned read as another claim's id" in result.output
            and "claim 2's 'q\\u200b1' and claim 1's 'q1'" in result.output
            and "claim 7's 'z\\u200c9' and claim 6's 'z9'" in result.output
            and "`claims merge 1 2`" in result.output and "if they are two claims, nothing needs doing" in result.output
            and "ok (" in result.output and "1 warning(s))" in result.output), result.output
    for head, member in ((1, 2), (6, 7)):
        assert _cli(url, "merge", str(head), str(member)).exit_code == 0
    result = _cli(url, "db", "check")
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def _check_downgrade(url: str) -> None:
    from alembic import command

    from db.migrate import alembic_config

    engine = create_engine(url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0014")
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0014"
        assert conn.execute(text("SELECT external_id FROM claim WHERE id = 3")).scalar() == "Caf\u00e9-9"
    engine.dispose()


def test_migration_0015_cleans_stored_ids_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _check_upgrade(url, tmp_path)
    _check_downgrade(url)


def test_migration_0015_cleans_stored_ids_on_postgresql(fresh_pg_url, tmp_path):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    url = fresh_pg_url("ids15")
    _check_upgrade(url, tmp_path)
    _check_downgrade(url)

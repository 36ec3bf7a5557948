"""Desks as an earlier version left them, for migration tests: a schema at a revision and
claims written with plain SQL (the ORM knows only the current schema)."""

from __future__ import annotations

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine


def old_desk_engine(url: str) -> Engine:
    """A plain engine on `url` for writing an old desk, with the search index's fold
    registered on SQLite as the desk's own engine registers it."""
    engine = create_engine(url)
    if url.startswith("sqlite"):
        from db.textfold import register_sqlite_functions

        event.listen(engine, "connect", lambda conn, _: register_sqlite_functions(conn))
    return engine


def desk_at(conn, revision: str, claims: list[dict]) -> None:
    """Upgrade `conn`'s empty database to `revision` and store `claims` ({text, speaker}, and
    an id where given) with the columns every revision since 0007 has."""
    from alembic import command

    from db.migrate import alembic_config

    command.upgrade(alembic_config(conn), revision)
    if not claims:
        return
    with_id = "id" in claims[0]
    conn.execute(text(
        f"INSERT INTO claim ({'id, ' if with_id else ''}text, speaker, checkworthiness, claim_type, status,"
        " evidence, version, created_at, updated_at)"
        f" VALUES ({':id, ' if with_id else ''}:text, :speaker, 0.5, 'other', 'unverified', '[]', 1,"
        " '2026-03-01 10:00:00', '2026-03-01 10:00:00')"),
        [{"speaker": None, **c} for c in claims])

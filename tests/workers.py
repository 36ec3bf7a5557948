"""Test helpers for work spread over worker processes (`claims.workers`)."""

from __future__ import annotations

from sqlmodel import func, select

from claims.models import Appearance, Article, Claim, Match


def interrupt_at_answer(monkeypatch, pool: type, n: int) -> tuple[list, list]:
    """Make the ``n``-th answer taken from ``pool``'s workers a Ctrl-C; the workers started
    and the answers asked for are recorded in the two lists returned."""
    procs: list = []
    received: list[int] = []
    enter, receive = pool.__enter__, pool._receive

    def entered(self):
        out = enter(self)
        procs.extend(self._procs)
        return out

    def interrupted(self, proc):
        received.append(1)
        if len(received) == n:
            raise KeyboardInterrupt
        return receive(self, proc)

    monkeypatch.setattr(pool, "__enter__", entered)
    monkeypatch.setattr(pool, "_receive", interrupted)
    return procs, received


def empty_twin(db, tmp_path):
    """An empty store of the same kind as ``db`` whose ids start at 1 again: on PostgreSQL
    ``db`` itself emptied, on SQLite another file."""
    if db.engine.dialect.name == "postgresql":
        from tests.conftest import _empty_pg_database

        _empty_pg_database(db.url)
        return db
    from db import Database

    return Database(str(tmp_path / "again.db"))


def ingest_fails_in_one_line(db_path, tmp_path, text: str, message: str) -> None:
    """`claims ingest` of ``text`` exits 1 saying ``message`` (no traceback), nothing stored."""
    from click.testing import CliRunner

    from db import Database
    from tui.entry import cli

    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(path)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    db = Database(str(db_path))
    try:
        assert nothing_stored(db)
    finally:
        db.close()


def nothing_stored(db) -> bool:
    with db.session() as s:
        return all(s.exec(select(func.count()).select_from(table)).one() == 0
                   for table in (Article, Claim, Appearance, Match))

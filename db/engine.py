"""Engines and sessions: one `Database` per URL, migrated to the current schema when opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from db.errors import DatabaseError
from db.migrate import upgrade_to_head
from db.urls import display_url, resolve_url, sqlite_path

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _prepare_sqlite_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder for the database {path}: {exc.strerror}") from None
    if path.exists() and not path.is_file():
        raise DatabaseError(f"the database path {path} is not a file")


class Database:
    """An open desk: an engine on a migrated schema, and sessions on it."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        path = sqlite_path(self.url)
        if path is not None:
            _prepare_sqlite_file(path)
        self.engine = make_engine(self.url)
        if migrate:
            try:
                upgrade_to_head(self.engine)
            except OperationalError as exc:
                self.engine.dispose()
                raise DatabaseError(_describe_operational_error(self.url, exc)) from None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _describe_operational_error(url: str, exc: OperationalError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    first = text.strip().splitlines()[0] if text.strip() else "unknown error"
    where = display_url(url)
    if "unable to open" in first or "readonly" in first or "read-only" in first:
        return f"cannot write the database {where}: {first} (check the path and its permissions)"
    return f"cannot open the database {where}: {first}"

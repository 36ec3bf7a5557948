"""Engines and sessions: one `Database` per URL, migrated to the current schema when opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from db.errors import DatabaseError
from db.migrate import upgrade_to_head
from db.urls import display_url, resolve_url, sqlite_path

SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 10


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # first: the others may wait
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {}
    if url.startswith("postgresql") and "connect_timeout" not in make_url(url).query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


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
            except DBAPIError as exc:
                self.engine.dispose()
                raise DatabaseError(describe_error(self.url, exc)) from None
            except DatabaseError:
                self.engine.dispose()
                raise

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.

        `write=True` is for read-check-write units: on SQLite the transaction starts with
        `BEGIN IMMEDIATE`, so it holds the write lock from its first read and writers queue
        (up to the busy timeout) instead of failing; on PostgreSQL the service takes row
        locks itself (`SELECT ... FOR UPDATE`).
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if write and self.is_sqlite:
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def describe_error(url: str, exc: DBAPIError) -> str:
    """One line saying what is wrong with opening `url`, and what to do about it."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    first = lines[0] if lines else "unknown error"
    where = display_url(url)
    if not url.startswith("postgresql"):
        if "unable to open" in first or "readonly" in first or "read-only" in first:
            return f"cannot write the database {where}: {first} (check the path and its permissions)"
        if "locked" in first:
            return (f"the database {where} is locked by another program: {first} "
                    "(try again when it has finished)")
        return f"cannot open the database {where}: {first}"
    parsed = make_url(url)
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    reason = first.split("FATAL:", 1)[-1].strip() if "FATAL:" in first else first
    low = text.lower()
    if "does not exist" in low and "database" in low:
        name = parsed.database or "?"
        return (f"the PostgreSQL server {server} has no database {name!r}: create it "
                f"(`createdb -h {parsed.host or 'localhost'} {name}`) or fix the name in the URL")
    if ("password authentication failed" in low or "role" in low and "does not exist" in low
            or "no password supplied" in low or "pg_hba.conf" in low
            or "authentication" in low):
        return (f"the PostgreSQL server {server} refused user {parsed.username or '(default)'!r}: "
                f"{reason} (check the user name and password in the URL, PGPASSWORD or ~/.pgpass)")
    if any(s in low for s in ("connection refused", "timeout expired", "could not translate",
                              "failed to resolve host", "no route to host", "name or service",
                              "network is unreachable", "could not connect", "connection timed out")):
        return (f"cannot reach the PostgreSQL server at {server}: {reason} "
                "(is it running? check the host and port in the URL)")
    return f"cannot open the database {where}: {reason}"

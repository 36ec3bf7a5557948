"""Engines and sessions: one `Database` per URL, migrated to the current schema when opened."""

from __future__ import annotations

import os
import random
import re
import shlex
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlmodel import Session, create_engine

from db.commit_hooks import HOOKS
from db.errors import DatabaseError, error_line, files_ran_out, out_of_open_files
from db.lock_wait import LockWatch, last_holder
from db.migrate import upgrade_to_head
from db.stored_dates import read_dates_safely
from db.textfold import register_sqlite_functions
from db.urls import (
    default_sqlite_path,
    display_url,
    is_in_memory,
    os_path,
    resolve_url,
    sqlite_path,
    unexpanded_variable,
)

SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 10
PG_PING_IDLE_S = 5.0  # ping a pooled connection before use when it has been idle this long
PG_POOL_SIZE = 8  # connections kept per process: the desk's worker threads, a CLI's one
# How long a statement waits for a lock another session holds (`LOCK TABLE claim IN ACCESS
# EXCLUSIVE MODE` in psql, a migration run by hand) before it is refused, naming the holder:
# SQLite's busy timeout. `claims list` waited silently for as long as the lock was held.
# A schema upgrade waits for its own lock without a bound (`db.migrate`).
PG_LOCK_TIMEOUT_MS = SQLITE_BUSY_TIMEOUT_MS


def _note_write(conn, _cursor, statement, _params, _context, _executemany) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info["wrote"] = True


def note_write(conn: Connection) -> None:
    """Record that `conn`'s transaction wrote through the driver itself (a DB-API cursor,
    which the event above does not see): its commit runs the before-commit hooks."""
    conn.info["wrote"] = True


def _forget_write(conn) -> None:
    # A connection Ctrl-C invalidated mid-statement is thrown away, its info with it; asking
    # for its info would raise PendingRollbackError out of the rollback (a traceback).
    if not conn.invalidated:
        conn.info.pop("wrote", None)


def _finish(conn: Connection) -> None:
    """The before-commit hooks, if this transaction wrote."""
    if conn.info.get("wrote"):
        for hook in HOOKS:
            hook(conn)


def _sqlite_pragmas(dbapi_conn, _record, *, read_only: bool = False) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # first: the others may wait
    cur.execute("PRAGMA foreign_keys=ON")
    if not read_only:  # switching a desk to WAL writes its header
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A 32 MB page cache, not SQLite's 2 MB: a lookup in a store of a million claims reads a
    # few hundred index pages, most of them the same from one lookup to the next (a new claim
    # matched at 1M: p50 8.8 -> 6.9 ms, bench/scale_matching.py). Grows only as used.
    cur.execute("PRAGMA cache_size=-32768")
    cur.close()
    register_sqlite_functions(dbapi_conn)


def _upgrade_waiting(engine: Engine, beside_others: bool = False) -> str | None:
    """`upgrade_to_head`, retried while another opener of a new SQLite file holds it.

    Some of SQLite's lock waits skip the busy handler (switching a new file to WAL, reading a
    WAL index another connection is building) and fail at once with "database is locked"
    while a second process creates or migrates the same file; the upgrade re-checks the
    revision under its own lock, so trying again is safe. Waits up to the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return upgrade_to_head(engine, beside_others=beside_others)
        except OperationalError as exc:
            locked = isinstance(exc.orig, sqlite3.OperationalError) and "locked" in str(exc.orig)
            if not locked or time.monotonic() >= deadline:
                raise
            engine.dispose()
            time.sleep(random.uniform(0.01, 0.05))


def _sqlite_table_hint(compiler, table, text: str) -> str:
    return text


# `Select.with_hint(table, "INDEXED BY ix", "sqlite")`: SQLAlchemy renders a table hint only
# for dialects that say how, and leaves SQLite's out; SQLite writes it after the table name.
SQLiteCompiler.get_from_hint_text = _sqlite_table_hint


def read_only_reason(path: Path) -> str | None:
    """Why this user may read the SQLite desk at ``path`` but not write it, or None (it can
    be written, or it is not there, or not readable either: opening says so). A desk in WAL
    mode (every desk) is written with two side files beside it, `-wal` and `-shm`: a folder
    the user may not write in makes the desk read-only even when the file itself is not."""
    import os

    if not path.is_file() or not os.access(path, os.R_OK):
        return None
    if not os.access(path, os.W_OK):
        return f"the file {path} is read-only for you"
    if os.access(path.parent, os.W_OK | os.X_OK):
        return None
    if all(os.access(path.with_name(path.name + side), os.W_OK) for side in ("-wal", "-shm")):
        return None  # both side files are there for SQLite to write
    return (f"its folder {path.parent} is read-only for you, and SQLite writes its side files "
            f"{path.name}-wal and -shm there")


def unreadable_side_file(path: Path) -> Path | None:
    """A side file SQLite keeps beside the desk at `path` (`-wal`, `-shm`, `-journal`) that is
    there but this user may not read, or None. SQLite then cannot open the desk ('unable to
    open database file'), which was said as 'cannot write the database', of a desk the user
    may read and write."""
    for side in ("-wal", "-shm", "-journal"):
        beside = path.with_name(path.name + side)
        try:
            with open(beside, "rb"):
                pass
        except FileNotFoundError:
            continue
        except OSError:
            return beside
    return None


def _read_only_engine(path: Path) -> Engine:
    """An engine that only reads the desk at ``path`` (`mode=ro`).

    SQLite reads a desk in WAL mode through its side files, which it must be able to make
    when they are not there. Where it cannot (a folder read-only for this user), the one
    way to read is `immutable`, a promise that nobody changes the file while it is open:
    kept only on a file system mounted read-only. Elsewhere the desk's owner may start
    writing at any moment (SQLite removes the side files when the last writer closes, so
    their absence says nothing of the next minute), and an immutable reader then showed a
    frozen queue, wrong joins, and "database disk image is malformed" on a healthy desk:
    refused instead, saying what would work."""
    import os
    from urllib.parse import quote

    sides = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    cannot_make = not any(s.exists() for s in sides) and not os.access(path.parent, os.W_OK | os.X_OK)
    immutable = cannot_make and _on_read_only_mount(path)
    if cannot_make and not immutable:
        raise DatabaseError(
            f"cannot read the desk {path} here: its folder {path.parent} is read-only for you, and SQLite, "
            f"to read a desk someone else may be writing, makes its side files {path.name}-wal and -shm "
            "there; ask its owner for a copy (claims db backup FILE) or for write access to the folder")
    uri = f"file:{quote(os.fsencode(path))}?mode=ro" + ("&immutable=1" if immutable else "")

    def connect():
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect)
    read_dates_safely(engine)
    event.listen(engine, "connect", lambda conn, record: _sqlite_pragmas(conn, record, read_only=True))
    return engine


def _on_read_only_mount(path: Path) -> bool:
    """Whether the file system holding ``path`` is mounted read-only (nobody writes there)."""
    import os

    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    path = sqlite_path(url) if read_only else None
    engine = _read_only_engine(path) if path is not None else _make_engine(url)
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _forget_write)
    event.listen(engine, "rollback", _forget_write)
    return engine


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "do_connect", _open_by_os_name)
        read_dates_safely(engine)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Claims and names in any script go through this connection: a client encoding other than
    # UTF-8 (`?client_encoding=LATIN1` in the URL, $PGCLIENTENCODING) ended the first '预算'
    # sent or read in psycopg's UnicodeEncodeError traceback. connect_args win over the URL's.
    connect_args: dict = {"client_encoding": "utf8"}
    if url.startswith("postgresql") and "connect_timeout" not in make_url(url).query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    engine = create_engine(url, pool_size=PG_POOL_SIZE, connect_args=connect_args)
    event.listen(engine, "connect", _utf8_database)
    event.listen(engine, "connect", _session_formats)
    event.listen(engine, "connect", _stamp_checkin)
    event.listen(engine, "checkin", _stamp_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _open_by_os_name(_dialect, _record, cargs: list, _cparams: dict) -> None:
    """SQLite is given the file by the name Python holds it under, not the URL's UTF-8 text:
    under a C locale 'désk.db' is no ASCII name (`db.urls.url_name`)."""
    if cargs and isinstance(cargs[0], str) and cargs[0] != ":memory:":
        cargs[0] = str(os_path(cargs[0]))


def _utf8_database(dbapi_conn, _record) -> None:
    """Refuse a database not encoded UTF8, naming its encoding: claims and names in any script
    are stored, and `db init` on a LATIN1 or SQL_ASCII database failed in the schema upgrade's
    first Greek letter or conversion with a line that named neither the database nor its
    encoding ('character with byte sequence 0xcf 0x82 in encoding "UTF8" has no equivalent in
    encoding "LATIN1"'). No desk can be on one: the upgrade never got through. The server
    sends the encoding when the connection opens (no query is made)."""
    info = getattr(dbapi_conn, "info", None)
    encoding = info.parameter_status("server_encoding") if info is not None else None
    if encoding is None or encoding.upper().replace("-", "") in ("UTF8", "UNICODE"):
        return
    name = info.dbname
    dbapi_conn.close()
    raise DatabaseError(
        f"the PostgreSQL database {name} is encoded {encoding}; claims needs UTF8 (claims and names "
        f"in any script): create a UTF8 database (createdb -E UTF8 -T template0 NAME) and give its URL")


def _session_formats(dbapi_conn, _record) -> None:
    """The text forms psycopg reads and writes, set on every connection whatever $PGDATESTYLE
    (libpq sends it), PGOPTIONS, the URL's options or ALTER ROLE / DATABASE ... SET chose.
    DateStyle ISO: psycopg reads a timestamp only so (SQL, Postgres or German ended the first
    read of a time in a NotImplementedError traceback). extra_float_digits 1: below 0 the server
    writes floats rounded, so a check-worthiness of 0.4574 was read, listed, exported and
    `db copy`-ed as 0.5. array_nulls on: off, an array's NULL is a string, and set-status,
    merge, undo and import failed ('invalid input syntax for type integer: "NULL"').
    lock_timeout: `PG_LOCK_TIMEOUT_MS`, as SQLite waits at most its busy timeout."""
    dbapi_conn.execute("SET DateStyle TO ISO; SET extra_float_digits TO 1; SET array_nulls TO on; "
                       f"SET lock_timeout TO {int(PG_LOCK_TIMEOUT_MS)}")
    dbapi_conn.commit()


def _stamp_checkin(_dbapi_conn, record) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_conn, record, _proxy) -> None:
    """Pessimistic disconnect handling, only where it can matter: a connection that sat in
    the pool for a while (the server may have restarted or dropped it) is pinged before use;
    one handed back a moment ago is not (`pool_pre_ping` costs a round trip every checkout,
    a tenth of a short write's time). A dead one is replaced by a fresh connection."""
    idle = time.monotonic() - record.info.get("checked_in", 0.0)
    if idle < PG_PING_IDLE_S and not dbapi_conn.closed:
        return
    try:
        dbapi_conn.execute("SELECT 1")
        dbapi_conn.commit()  # not rollback(): psycopg drops its prepared statements on ROLLBACK
    except Exception as exc:  # any failure: let the pool open a new connection
        raise DisconnectionError(str(exc)) from exc


def begin_immediate(raw, timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    """`BEGIN IMMEDIATE` on a sqlite3 connection, retried with short jittered sleeps.

    SQLite's own busy handler backs off up to 100 ms between tries, so under a few busy
    writers a waiting transaction sleeps long after the lock is free (p99 about 1 s with 8
    writers). Here the wait for the write lock polls every 0.2-4 ms (random, growing);
    `busy_timeout` stays the outer bound (and the connection's setting for every other
    statement): past it, "database is locked" is raised as before.
    """
    deadline = None
    delay = 0.0005
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise OperationalError("BEGIN IMMEDIATE", None, exc) from None
                now = time.monotonic()
                deadline = deadline or now + timeout_ms / 1000
                if now > deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, exc) from None
            time.sleep(random.uniform(0.4, 1.0) * delay)
            delay = min(delay * 1.5, 0.004)
    finally:
        raw.execute(f"PRAGMA busy_timeout={timeout_ms}")


_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _is_default_file(path: Path) -> bool:
    """Whether `path` is the default desk (whose folder a first run makes); no default where
    there is no home folder, which a desk given by --db does not need."""
    try:
        return path == default_sqlite_path().resolve()
    except DatabaseError:
        return False


def _prepare_sqlite_file(path: Path, *, make_folder: bool) -> None:
    """A new database goes only where its folder exists (a typo in --db must not build a
    tree of folders and an empty desk); `make_folder` is for `claims db init` and the
    default desk in the user data folder. SQLite's own side files are never a desk: SQLite
    deletes or rewrites them when it opens the database they belong to."""
    side = next((s for s in _SQLITE_SIDE_FILES if path.name.endswith(s) and len(path.name) > len(s)), None)
    if side:
        raise DatabaseError(
            f"{path} is a side file SQLite keeps beside the database {path.name[:-len(side)]} "
            f"(it deletes or rewrites it), not a database: give the database's own path")
    if path.exists():
        if not path.is_file():
            raise DatabaseError(f"the database path {path} is not a file")
        return
    _refuse_new_desk_at(path)
    folder = path.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise DatabaseError(f"cannot create the database {path}: {folder} is not a folder")
    if not make_folder:
        if unexpanded := unexpanded_variable(str(path)):
            # the hint below would make a folder named '$HOME' (a unit or .env file that expands nothing)
            raise DatabaseError(
                f"no database at {path}, and no folder {folder} to create it in: the path holds "
                f"{unexpanded!r}, which nothing replaced (a shell would, a unit or .env file does not): "
                "write the folder out in full")
        raise DatabaseError(
            f"no database at {path}, and no folder {folder} to create it in: check the path, "
            f"or create a new desk there with `claims db init --db {shlex.quote(str(path))}` (which makes the folder)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder for the database {path}: {exc.strerror}") from None




def make_sqlite_file(path: Path) -> bool:
    """Create `path` as an empty database file, after the checks a new desk gets; False when a
    file is there (before, or made meanwhile by another process: O_EXCL decides). A command that
    removes a database it made on failure asks this, not whether the name was free a moment
    ago: two `db copy --to new.db` at once both took it for their own, and the one that failed
    deleted the other's finished copy."""
    _prepare_sqlite_file(path, make_folder=False)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))  # SQLite's own mode
    except FileExistsError:
        return False
    return True


# `--db sqlite:desk.db` (as sqlx, dbmate or Rails write it), `postgres:claims`: no '://', so a
# path, which made a new, empty desk of that name beside the real one.
_URL_WITHOUT_SLASHES = re.compile(r"(?:sqlite3?|postgres(?:ql)?|mysql|mariadb)(?:\+[\w-]+)?:", re.IGNORECASE)
_WINDOWS_PATH = re.compile(r"[A-Za-z]:\\")
# libpq's keyword/value connection string (`host=db1 dbname=claims user=ana`, as psql and the
# PostgreSQL docs write it): a path to SQLite, which made a new desk of that name.
_LIBPQ_CONNINFO = re.compile(r"(?:^|\s)(?:host|hostaddr|port|dbname|user|password|service|sslmode)\s*=",
                             re.IGNORECASE)


def _refuse_new_desk_at(path: Path) -> None:
    """A new desk is not made where the name was surely meant for another file: a name with
    spaces around it (`CLAIMS_DB=' '`, `--db "desk.db "` made a second, empty desk beside
    the real one), an SQLite URI typed as a path (`file:desk.db` made a file of that name), a
    URL without its '//' (`sqlite:desk.db`), a Windows path (`C:\\Users\\ana\\claims.db`),
    or a database whose WAL or journal is still there (SQLite would delete it on creating the
    new file: the last changes of a desk that was moved without its side files)."""
    name = path.name
    if name != name.strip():
        raise DatabaseError(f"no database at {str(path)!r}, and its name begins or ends with a space: "
                            "check the path (a new desk is not made under such a name)")
    if name.startswith("file:"):
        raise DatabaseError(f"no database at {path}: SQLite's file: URIs are not read as such; give the "
                            f"path itself (or sqlite:///PATH)")
    if _URL_WITHOUT_SLASHES.match(name):
        raise DatabaseError(f"no database at {path}: {name!r} reads as a database URL without its '//' "
                            "(a URL is sqlite:///PATH or postgresql://USER@HOST/DATABASE); give one, or the "
                            "file's path (a new desk is not made under such a name)")
    if _WINDOWS_PATH.match(name):
        raise DatabaseError(f"no database at {path}: {name!r} is a Windows path, read here as one file name "
                            "holding backslashes; give the path as this system writes it (a new desk is not "
                            "made under such a name)")
    if _LIBPQ_CONNINFO.search(name):
        raise DatabaseError(f"no database at {str(path)!r}: it reads as a PostgreSQL connection string "
                            "(key=value), which claims does not read; give a URL, "
                            "postgresql://USER@HOST[:PORT]/DATABASE (a new desk is not made under such a name)")
    for mark in "?#":
        before = name.partition(mark)[0]
        if mark in name and before and path.with_name(before).is_file():
            raise DatabaseError(f"no database at {str(path)!r}, but {before} is there: a path takes no "
                                f"'{mark}...' (SQLite's URI options are not read); give the path itself "
                                "(a new desk is not made under such a name)")
    for side in ("-wal", "-journal"):
        left = path.with_name(name + side)
        if left.exists():
            raise DatabaseError(
                f"no database at {path}, but its side file {left.name} is there: the database was moved or "
                f"deleted without it (a new desk here would make SQLite delete it); put the database back, or "
                f"move {left.name} away to start a new desk")


class Database:
    """An open desk: an engine on a migrated schema, and sessions on it.

    `created` says whether this open made the desk (its schema was new), so a front door
    can say so: a mistyped path should not pass for an empty desk.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, make_folder: bool = False,
                 beside_others: bool = False) -> None:
        self.url = resolve_url(url)
        self.created = False
        if is_in_memory(self.url):
            raise DatabaseError(
                "an in-memory SQLite database keeps nothing once the command ends: give an SQLite "
                "file path or a PostgreSQL URL"
            )
        path = sqlite_path(self.url)
        self.read_only: str | None = None  # why this desk can only be read here, or None
        if path is not None:
            _prepare_sqlite_file(path, make_folder=make_folder or _is_default_file(path))
            self.read_only = read_only_reason(path)
        self.engine = make_engine(self.url, read_only=bool(self.read_only))
        # who holds a lock a statement waits for: said after 2 s by `lock_watch.notice`, if set
        self.lock_watch: LockWatch | None = None
        if self.url.startswith("postgresql"):
            conninfo = make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)
            self.lock_watch = LockWatch(self.url, conninfo, lambda: PG_LOCK_TIMEOUT_MS / 1000).attach(self.engine)
        if migrate:
            try:
                self.created = _upgrade_waiting(self.engine, beside_others) is None
            except DBAPIError as exc:
                self.engine.dispose()
                if self.read_only:  # the one write opening does: its schema upgraded
                    raise DatabaseError(
                        f"the desk {self.display_url} is from an older version of claims and must be upgraded "
                        f"to open, but it can only be read here ({self.read_only}): open it once where it can "
                        "be written") from None
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
        locks itself (`SELECT ... FOR NO KEY UPDATE`).
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if write and self.is_sqlite:
                    begin_immediate(session.connection().connection.dbapi_connection)
                yield session
                session.flush()
                if session.in_transaction():
                    _finish(session.connection())
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A Core connection in one write transaction, for lean hot paths (set_status).

        Like `session(write=True)` without the ORM: committed when the block ends, rolled
        back if it raises; on SQLite the transaction holds the write lock from its start.
        """
        with self.engine.connect() as conn:
            try:
                if self.is_sqlite:
                    begin_immediate(conn.connection.dbapi_connection)
                yield conn
                _finish(conn)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


# PostgreSQL's SQLSTATEs for a change aborted because of another: deadlock, serialisation failure.
_CLASHED = {"40P01", "40001"}
_LOCK_TIMEOUT = "55P03"  # lock_not_available: waited `PG_LOCK_TIMEOUT_MS` for another session's lock
# A foreign key violated by a change's write: the row it refers to (a suggestion `dupes
# --accept` read) was deleted by another writer since (`dupes --rebuild` remaking the matches).
_REFERENCE_GONE = "23503"


def stale_row_message(url: str | None, exc: BaseException | None = None) -> str:
    """The line for SQLAlchemy's StaleDataError: a row this change read was removed or
    rewritten before it was written back (on PostgreSQL, `merge 10 11` while `dupes
    --rebuild` remade the matches ended in its traceback). The session rolled back whole, as
    for a deadlock. Only PostgreSQL has another writer between a read and its write: SQLite's
    write transactions hold the lock from their first read, so there it is no clash, and
    "run it again" would only fail again."""
    first = (str(exc).strip().splitlines() or [""])[0] if exc is not None else ""
    said = f" ({first})" if first else ""
    where = f" in {display_url(url)}" if url else ""
    if url is not None and not url.startswith("postgresql"):
        return (f"the database {display_url(url)}: a row this change read was gone when it was written "
                f"back{said}; what was being stored was rolled back whole, nothing half-written")
    return (f"another change to the same claims ran at the same time{where} (a row this change "
            f"read was changed or removed before it was stored{': ' + first if first else ''}); what was being "
            "stored then was rolled back whole, nothing half-written: run it again")


def describe_error(url: str | None, exc: DBAPIError, *, opening: bool = True) -> str:
    """One line saying what is wrong with opening (or, `opening=False`, using) the database
    at `url` (None: not known here), and what to do about it."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    first = error_line(exc, "unknown error")
    where = display_url(url) if url else "in use"
    failed = "cannot open the database" if opening else "the database"
    if url is None or not url.startswith("postgresql"):
        damage = sqlite_damage(first, exc.orig) if isinstance(exc.orig, sqlite3.Error) or exc.orig is None else None
        if write_failed(exc.orig):
            return f"{failed} {where}: {write_failure(first)}"
        if damage:
            return damage_message(where, damage, opening=opening)
        if url is None:
            return f"{failed} {where}: {first}"
        if "unable to open" in first and (code := files_ran_out()):
            return f"{failed} {where}: {out_of_open_files(code)}"
        if "unable to open" in first or "readonly" in first or "read-only" in first:
            path = sqlite_path(url)
            why = read_only_reason(path) if path is not None else None
            if why and not opening:  # opened to read: what was asked is a change
                return (f"the desk {where} can only be read here ({why}): reading works, "
                        "but no change can be saved; open a copy in a folder you may write in to change it")
            if path is not None and (side := unreadable_side_file(path)):
                return (f"cannot open the database {where}: its side file {side} cannot be read "
                        "(check its permissions)")
            return f"cannot write the database {where}: {first} (check the path and its permissions)"
        if "locked" in first:
            return (f"the database {where} is locked by another program: {first} "
                    "(try again when it has finished)")
        return f"{failed} {where}: {first}"
    parsed = make_url(url)
    if not opening and getattr(exc.orig, "sqlstate", None) == _REFERENCE_GONE:
        # most often another writer; rows already pointing nowhere fail the same way every
        # time, so the driver's line (the key's name) and `db check` are said too
        return (f"another change to the same claims ran at the same time in {display_url(url)} (a row this "
                f"change refers to was removed before it was stored: {first}); what was being stored then "
                "was rolled back whole, nothing half-written: run it again (if it fails again, "
                "`claims db check` says which rows point at one missing)")
    if not opening and getattr(exc.orig, "sqlstate", None) in _CLASHED:
        # PostgreSQL aborted this change for another one running beside it (each waiting for
        # rows the other held): the transaction is rolled back whole, so running it again is safe.
        # (a command that stores in steps, `ingest a b c`, keeps the steps before: said so)
        return (f"another change to the same claims ran at the same time in {display_url(url)} "
                f"({first}); what was being stored then was rolled back whole, nothing half-written: "
                "run it again")
    if getattr(exc.orig, "sqlstate", None) == _LOCK_TIMEOUT:
        holders = lock_holders(url) or last_holder(url)  # a table's lock, else a row's a statement waited for
        held = f" by {holders}" if holders else " by another session"
        return (f"the database {display_url(url)} is locked{held}: waited {PG_LOCK_TIMEOUT_MS / 1000:g} s for "
                "it and gave up; nothing was half-written (try again when it has finished)")
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    reason = first.split("FATAL:", 1)[-1].strip() if "FATAL:" in first else first
    low = text.lower()
    if "does not exist" in low and "database" in low:
        name = parsed.database or "?"
        # quoted for a shell: the hint is pasted as it is, and a URL's name can hold '; rm -rf ~'
        return (f"the PostgreSQL server {server} has no database {name!r}: create it "
                f"(`createdb -h {shlex.quote(parsed.host or 'localhost')} {shlex.quote(name)}`) "
                "or fix the name in the URL")
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
    return f"{failed} {where}: {reason}"


def lock_holders(url: str) -> str | None:
    """Who holds a table of the database at `url` locked against readers (ACCESS EXCLUSIVE:
    `LOCK TABLE`, a schema change), as PostgreSQL tells it, or None (none now, or not known:
    asked on a connection of its own that waits for nothing)."""
    import psycopg

    query = """
        SELECT l.pid, l.relation::regclass::text, a.usename, a.application_name, a.query
        FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.granted AND l.mode = 'AccessExclusiveLock' AND l.locktype = 'relation'
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.pid <> pg_backend_pid()
        ORDER BY l.pid, 2 LIMIT 3"""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, connect_timeout=3, options="-c lock_timeout=1000") as conn:
            rows = conn.execute(query).fetchall()
    except Exception:  # noqa: BLE001 - who holds it is a courtesy; the refusal is said anyway
        return None
    if not rows:
        return None
    pid, table, user, app, statement = rows[0]
    said = " ".join(str(statement or "").split())
    said = said if len(said) <= 80 else said[:77] + "..."
    who = ", ".join(x for x in (f"user {user}" if user else "", f"{app!r}" if app else "",
                                f"running {said!r}" if said else "") if x)
    return f"session {pid} (the table {table} is held ACCESS EXCLUSIVE{'; ' + who if who else ''})"


# SQLite's words for a file it cannot trust (SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR).
_DAMAGE_SIGNS = ("malformed", "corrupt", "file is not a database", "disk i/o error")


# SQLite's I/O errors of a write the system refused (the disk full, a file size limit such as
# `ulimit -f`, no memory for the -shm map): the file is whole, only this change was not stored.
# Said to be damage, `claims db check` passed and the advice was to restore a backup.
_WRITE_FAILURES = {"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_TRUNCATE",
                   "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_DIR_FSYNC", "SQLITE_IOERR_NOMEM", "SQLITE_IOERR_SHMMAP"}


def write_failed(error: BaseException | None) -> bool:
    """Whether `error` (an sqlite3 error) is a write the system refused, not damage."""
    return getattr(error, "sqlite_errorname", None) in _WRITE_FAILURES


def write_failure(reason: str, kept: str = "the desk is not damaged and nothing was half-written") -> str:
    """What to say of a write the system refused (`write_failed`)."""
    return (f"the system refused to write ({reason}): the disk may be full or a file size limit "
            f"(`ulimit -f`) reached; {kept}: free some space (or raise the limit) and run it again")


def sqlite_damage(message: str, error: BaseException | None = None) -> str | None:
    """The reason, when an SQLite error says the file itself is damaged (never a refused write,
    `write_failed`, when `error` is given)."""
    if write_failed(error):
        return None
    low = message.lower()
    return message.strip() if any(sign in low for sign in _DAMAGE_SIGNS) else None


def damage_message(where: str, reason: str, damaged: str | None = None, *, opening: bool = False) -> str:
    """One line for a damaged desk: what is damaged (when known) and what to do about it.
    `opening`: the damage stops the desk from opening at all (its schema cannot be read), so
    `claims db check` cannot open it either and is not offered."""
    restore = "restore it from a backup (`claims db backup FILE` makes one; `--db FILE` opens it)"
    if "not a database" in reason:  # no SQLite header: another kind of file, or its first page lost
        return (f"{where} is not an SQLite database ({reason}): check --db, or if it was your desk, "
                f"its first page is damaged; {restore}")
    if damaged:
        return f"the database {where} is damaged: {damaged} cannot be read ({reason}); {restore}"
    if opening:
        return f"the database {where} is damaged and cannot be opened ({reason}); {restore}"
    return f"the database {where} is damaged ({reason}): `claims db check` says where; {restore}"

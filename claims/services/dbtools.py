"""Moving and keeping a desk: copy between backends, online backup, integrity check."""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData, Table, bindparam, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

import claims.models  # noqa: F401  (the tables' definitions, with their portable types)
import claims.services.team  # noqa: F401  (claim_lock)
from claims.errors import ClaimsError
from claims.leftovers import remove_leftovers, temp_prefix
from claims.limits import clean_id, shows_nothing
from claims.paths import resolved_path, side_file_problem
from claims.services.flat_clusters import cycle_repair, cycle_text
from db import Database, DatabaseError
from db.engine import damage_message, make_sqlite_file, sqlite_damage, write_failed, write_failure
from db.errors import error_line, is_duplicate_key
from db.urls import display_url, resolve_url, sqlite_path

SKIP_TABLES = {"alembic_version"}
BATCH = 2000


@dataclass
class CopyReport:
    source: str
    target: str
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows copied (equal at both ends)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _desk_tables(conn: Connection) -> list[Table]:
    """The desk's tables present in this database, parents before children.

    Tables the models define use the models' types (so times stay UTC-aware across
    backends); any other table is reflected from the database.
    """
    from sqlmodel import SQLModel

    # the search index (migration 0008) is filled by the target's own triggers
    present = {t for t in inspect(conn).get_table_names() if not t.startswith("claim_search")} - SKIP_TABLES
    known = [t for t in SQLModel.metadata.sorted_tables if t.name in present]
    others = present - {t.name for t in known}
    if others:
        reflected = MetaData()
        reflected.reflect(bind=conn, only=sorted(others))
        known += [t for t in reflected.sorted_tables if t.name in others]
    return known


def _columns(conn: Connection, table: Table) -> list[str]:
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    return [c.name for c in table.columns if c.name in have]


def _count(conn: Connection, name: str) -> int:
    return conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()


def _self_refs(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]


def copy_desk(source: Database, target_url: str, *, progress: Callable[[str, int], None] | None = None
              ) -> CopyReport:
    """Copy every row of `source` into the empty desk at `target_url`, ids preserved.

    One transaction on the target: on any failure (including a count mismatch at the end)
    the target is left as empty as it was, and an SQLite file the copy made is removed (a
    4 KB or 250 KB empty desk left by a full disk looked like a copy to the next command).
    """
    _refuse_the_desk_itself(source, target_url)
    made = _file_to_make(target_url)
    # side files there before the copy are not its own: a -wal left where a database was
    # deleted, which the refusal says to put back or move, was deleted with the failed copy
    sides = [] if made is None else [made.with_name(made.name + end) for end in ("-wal", "-shm", "-journal")]
    own = [made, *(side for side in sides if not os.path.lexists(side))] if made is not None else []
    try:
        return _copy_desk(source, target_url, progress, made)
    except _TargetTaken:
        raise
    except BaseException:
        if made is not None and _filled(made):
            raise  # another copy opened the empty file and filled it: that copy is not ours
        for leftover in own:
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def _refuse_the_desk_itself(source: Database, target_url: str) -> None:
    """Refuse a target that is the desk's own file under another name (a hard link, a symbolic
    link) before anything opens it: SQLite names its write-ahead log after the path, so the
    copy opened a second log beside the link (a 0-byte `-wal` left there, which a later
    `db backup --overwrite` onto that name refused), and then found the desk "not empty"."""
    here = sqlite_path(source.url)
    try:
        there = sqlite_path(resolve_url(target_url))
        same = here is not None and there is not None and os.path.exists(there) and os.path.samefile(here, there)
    except (ClaimsError, DatabaseError, ValueError, OSError):  # said as Database(target_url) opens it
        return
    if same:
        named = "" if there == here else f" (the same file as {here}: a link to it)"
        raise ClaimsError(f"db copy: the target {there} is the desk itself{named}; nothing was written: "
                          "copy into a new, empty database")


def _pg_identity(database: Database) -> tuple:
    """Which server and database `database` is, whatever its URL calls the host: the server's
    start (to the microsecond) and port, and the database's name."""
    with database.engine.connect() as conn:
        return tuple(conn.exec_driver_sql(
            "SELECT pg_postmaster_start_time(), current_setting('port'), current_database()").one())


def _filled(path: Path) -> bool:
    """Does the SQLite file `path` hold claims or articles (committed by another connection)?
    Unreadable or without the tables: no (a failed copy's own half-made file)."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=0)
        try:
            return any(conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() for name in ("claim", "article"))
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _file_to_make(target_url: str) -> Path | None:
    """The SQLite file `target_url` names, made here, empty, when no file was there (the copy
    removes it on failure); None for any other target."""
    try:
        path = sqlite_path(resolve_url(target_url))
        if path is None or os.path.lexists(path):
            return None
        return path if make_sqlite_file(path) else None
    except (ClaimsError, DatabaseError, ValueError, OSError):  # said as Database(target_url) opens it
        return None


class _TargetTaken(ClaimsError):
    """The target held rows when the copy took its write lock: in a file the copy made, another
    copy filled it meanwhile (it opened the empty file), and that copy is not this one's to remove."""


def _copy_desk(source: Database, target_url: str, progress: Callable[[str, int], None] | None,
               made: Path | None) -> CopyReport:
    try:
        target = Database(target_url)
    except DatabaseError as exc:  # the new file's schema refused (said of it as of a desk that stays)
        opened = exc.__context__
        if made is None or not isinstance(opened, DBAPIError) or not write_failed(opened.orig):
            raise
        raise DatabaseError(_refused(opened, str(made), display_url(source.url), made)) from None
    try:
        if target.url == source.url:
            raise ClaimsError("db copy: the target is the desk itself")
        if source.is_postgresql and target.is_postgresql and _pg_identity(source) == _pg_identity(target):
            # 'localhost' for '127.0.0.1', another port forwarded to it: "not empty" was said
            raise ClaimsError(f"db copy: the target {display_url(target.url)} is the desk itself "
                              f"({display_url(source.url)} by another name); nothing was written: "
                              "copy into a new, empty database")
        report = CopyReport(source=display_url(source.url), target=display_url(target.url))
        src_conn = source.engine.connect()
        if source.is_postgresql:
            src_conn = src_conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            if source.is_sqlite:
                src_conn.exec_driver_sql("BEGIN")  # one snapshot for the whole read (WAL)
            with target.engine.begin() as dst:
                if target.is_sqlite:
                    dst.exec_driver_sql("BEGIN IMMEDIATE")
                _check_same_revision(src_conn, dst)
                tables = _desk_tables(src_conn)
                target_tables = set(inspect(dst).get_table_names())
                missing = [t.name for t in tables if t.name not in target_tables]
                if missing:
                    raise ClaimsError(f"db copy: the target lacks table(s) {', '.join(missing)}")
                busy = {t.name: n for t in tables if (n := _count(dst, t.name))}
                if busy:
                    held = ", ".join(f"{name} ({n})" for name, n in busy.items())
                    raise _TargetTaken(f"db copy: the target {report.target} is not empty: {held}; "
                                       "copy into a new, empty database")
                for table in tables:
                    report.counts[table.name] = _copy_table(src_conn, dst, table, progress)
                # The target's triggers marked every copied claim for a priority refresh; the
                # priorities came over as they are, so only the source's marks stand.
                dirty = next((t for t in tables if t.name == "triage_dirty"), None)
                if dirty is not None:
                    dst.execute(dirty.delete())
                    report.counts[dirty.name] = _copy_table(src_conn, dst, dirty, progress)
                if target.is_postgresql:
                    _reset_sequences(dst, tables)
                for table in tables:
                    n_src, n_dst = _count(src_conn, table.name), _count(dst, table.name)
                    if n_src != n_dst or n_dst != report.counts[table.name]:
                        raise ClaimsError(f"db copy: {table.name} has {n_src} rows in the source but "
                                          f"{n_dst} in the target; nothing was copied")
        except IntegrityError as exc:
            raise DatabaseError(_rows_refused(exc, target, report, made)) from None
        except DBAPIError as exc:
            # The source is only read: a write the system refused (a full disk, `ulimit -f`) is
            # the target's, which the command's own line named as the desk copied from.
            if not (target.is_sqlite and write_failed(exc.orig)):
                raise
            raise DatabaseError(_refused(exc, report.target, report.source, made)) from None
        finally:
            src_conn.rollback()
            src_conn.close()
        return report
    finally:
        target.close()


def _rows_refused(exc: IntegrityError, target: Database, report: CopyReport, made: Path | None) -> str:
    """The line for rows the target refused. Only a duplicate key in a PostgreSQL target that
    holds rows now (committed by another writer since the emptiness check: two copies into one
    database at once) is another writer's; an SQLite target was held by BEGIN IMMEDIATE. Any
    other refusal (a foreign key, NOT NULL) is the source's own rows: a desk with an orphan row
    was told to retry into "a database nothing else writes to", which never helped."""
    first = error_line(exc, "a constraint failed")
    if target.is_postgresql and is_duplicate_key(exc) and _holds_rows(target):
        return (f"db copy to {report.target}: another writer put rows into it during the copy ({first}); "
                f"nothing was copied, and {report.source} is untouched: copy into a new, empty database "
                "that nothing else writes to")
    kept = f"{report.target} was removed" if made is not None else f"{report.target} is left as it was"
    return (f"db copy from {report.source}: the target refused its rows ({first}); nothing was copied "
            f"({kept}): `claims --db {shlex.quote(report.source)} db check` says which rows are at fault")


def _holds_rows(target: Database) -> bool:
    """Whether the target holds rows now, seen from a fresh connection (the copy's own rolled back)."""
    try:
        with target.engine.connect() as conn:
            return any(_count(conn, t.name) for t in _desk_tables(conn))
    except DBAPIError:
        return True  # unknown: the duplicate key is then most likely another writer's


def _refused(exc: DBAPIError, target: str, source: str, made: Path | None) -> str:
    """The line for a copy whose target the system refused to write (`write_failed`)."""
    reason = error_line(exc)
    kept = (f"{target} was removed" if made is not None else f"{target} is left as it was") + \
        f", and {source} is untouched"
    return f"db copy to {target}: {write_failure(reason, kept)}"


def _check_same_revision(src: Connection, dst: Connection) -> None:
    from db.migrate import current_revision

    a, b = current_revision(src), current_revision(dst)
    if a != b:
        raise DatabaseError(f"db copy: the source is at schema revision {a} but the target at {b}")


def _copy_table(src: Connection, dst: Connection, table: Table,
                progress: Callable[[str, int], None] | None) -> int:
    cols = [c for c in _columns(src, table) if c in set(_columns(dst, table))]
    deferred = [c for c in _self_refs(table) if c in cols]
    pk = [c.name for c in table.primary_key.columns]
    order = [table.c[c] for c in pk] or [table.c[cols[0]]]
    result = src.execute(select(*[table.c[c] for c in cols]).order_by(*order))
    later: list[dict] = []
    n = 0
    while rows := result.fetchmany(BATCH):
        batch = []
        for row in rows:
            values = dict(row._mapping)
            if deferred and any(values[c] is not None for c in deferred):
                later.append({**{f"k_{k}": values[k] for k in pk}, **{f"v_{c}": values[c] for c in deferred}})
                values.update({c: None for c in deferred})
            batch.append(values)
        dst.execute(table.insert(), batch)
        n += len(batch)
        if progress:
            progress(table.name, n)
    if later:
        # Rows pointing at rows of the same table (a claim's canonical claim) are linked once
        # every row exists, so the foreign key holds at every step on both backends.
        stmt = (table.update()
                .where(*[table.c[k] == bindparam(f"k_{k}") for k in pk])
                .values({c: bindparam(f"v_{c}") for c in deferred}))
        dst.execute(stmt, later)
    return n


def _reset_sequences(dst: Connection, tables: list[Table]) -> None:
    """Ids were copied as they are: move each serial sequence past the largest one."""
    for table in tables:
        pk = list(table.primary_key.columns)
        try:
            if len(pk) != 1 or pk[0].type.python_type is not int:
                continue
        except NotImplementedError:
            continue
        col = pk[0].name
        dst.execute(
            text(f'SELECT setval(pg_get_serial_sequence(:t, :c), '
                 f'(SELECT COALESCE(MAX("{col}"), 0) + 1 FROM "{table.name}"), false)'),
            {"t": f'"{table.name}"', "c": col},
        )


# --- backup -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    size: int
    claims: int


def _side_files_there(path: Path) -> str | None:
    """The first side file SQLite keeps beside the database `path` that is there now (its
    -wal, -shm or -journal), or None. `db backup old.db --overwrite` renamed the backup over
    old.db while a desk had it open: the desk's write-ahead log was then read into the new
    file, which `db check` found damaged (rows out of order, claims missing)."""
    for suffix in ("-wal", "-shm", "-journal"):
        if os.path.lexists(f"{path}{suffix}"):
            return path.name + suffix
    return None


def _backup_file(dest: str | os.PathLike) -> str | os.PathLike:
    """Where a backup goes: a path, or an SQLite URL as `--db` reads one (`sqlite:///bk.db`
    was taken for a folder named 'sqlite:' and refused as no such folder, pass 25); any other
    URL is refused, saying what a backup is."""
    given = os.fspath(dest)
    if "://" not in given and given.strip() != ":memory:":  # ':memory:' is --db's in-memory desk, no file
        return dest
    try:  # as --db reads it, its scheme in any case ('SQLITE:///bk.db' was refused, pass 26)
        path = sqlite_path(resolve_url(given))  # None in memory or on a server
    except DatabaseError as exc:
        if given.partition("://")[0].lower().startswith("sqlite"):
            raise ClaimsError(str(exc)) from None
        path = None
    if path is not None:
        return path
    raise ClaimsError(f"{given}: a backup is an SQLite file: give its path (or sqlite:///PATH); to copy the desk "
                      "into another database, use `claims db copy --to URL`")


def backup_desk(db: Database, dest: str | os.PathLike, *, overwrite: bool = False) -> BackupReport:
    """A consistent SQLite copy of the desk, taken while it is in use.

    SQLite: the online backup API (readers and writers carry on meanwhile). PostgreSQL: the
    desk is copied into a new SQLite file, which `--db FILE` opens like any desk.
    """
    given = _backup_file(dest)
    path = resolved_path(given, "db backup")
    if path.exists() and not path.is_file():  # renaming over /dev/null would replace the device
        raise ClaimsError(f"{path}: not a regular file; a backup is a database file of its own")
    if not path.exists() and os.path.exists(given):
        # /dev/stdout on a pipe resolves to '/proc/N/fd/pipe:[M]', no path at all: it was said as
        # "/proc/N/fd/pipe:[M]: cannot write the backup (No such file or directory)" (pass 26)
        raise ClaimsError(f"{os.fspath(given)}: not a regular file; a backup is a database file of its own")
    if problem := side_file_problem(path):
        raise ClaimsError(f"{path}: {problem}; give another file name for the backup")
    if path.exists() and not overwrite:
        raise ClaimsError(f"{path}: already exists (use --overwrite to replace it)")
    if sqlite_path(db.url) == path:
        raise ClaimsError(f"{path}: that is the desk itself")
    if side := _side_files_there(path):  # (a -wal left where the database was deleted: the same)
        raise ClaimsError(f"{path}: its {side} is there: a desk has it open, or one was not closed cleanly, and "
                          "SQLite would read that log into the backup renamed over it, damaging both; nothing "
                          "was written (close what has it open, or give another file name)")
    if not path.parent.is_dir():
        raise ClaimsError(f"{path.parent}: no such folder")
    try:
        remove_leftovers(path.parent)  # a killed backup's copy of the desk
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix("backup"), suffix=".db", dir=path.parent)
    except OSError as exc:  # a folder we may not write in
        raise ClaimsError(f"{path}: cannot write the backup ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if db.is_sqlite:
            raw = db.engine.raw_connection()
            try:
                dst = sqlite3.connect(tmp)
                try:
                    raw.driver_connection.backup(dst, pages=1024)
                finally:
                    dst.close()
            finally:
                raw.close()
        else:
            tmp.unlink()
            copy_desk(db, str(tmp))
        con = sqlite3.connect(tmp)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            claims = con.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        if ok != "ok":
            raise ClaimsError(f"backup: the copy failed its integrity check ({ok}); nothing written")
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
        return BackupReport(path=path, size=path.stat().st_size, claims=claims)
    except sqlite3.DatabaseError as exc:  # the online backup reads every page: a damaged desk fails here
        if write_failed(exc):
            raise ClaimsError(f"{path}: cannot write the backup: "
                              f"{write_failure(str(exc), 'the desk is not damaged; no backup was written')}") from None
        if sqlite_damage(str(exc)):
            raise DatabaseError(damage_message(db.display_url, str(exc))) from None
        raise ClaimsError(f"{path}: cannot write the backup ({exc})") from None
    except OSError as exc:
        raise ClaimsError(f"{path}: cannot write the backup ({exc.strerror})") from None
    finally:
        # with its rollback journal: a write that failed (a full disk, `ulimit -f`) leaves one
        for p in (tmp, *(Path(f"{tmp}{side}") for side in ("-wal", "-shm", "-journal"))):
            p.unlink(missing_ok=True)


# --- check --------------------------------------------------------------------------------


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    # what a person should look at but may be right as it is: told, the check still passes
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_desk(db: Database, *, sample: int = 5) -> CheckReport:
    """Integrity, foreign keys, orphan appearances, dangling match links, canonical cycles."""
    report = CheckReport()
    with db.engine.connect() as conn:
        if db.is_sqlite:
            report.checks.append("sqlite integrity_check")
            try:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            except DBAPIError as exc:  # a page SQLite cannot even walk: the check itself fails
                reason = error_line(exc)
                conn.rollback()
                if write_failed(exc.orig):  # not the file: what reading it needs written (its -shm)
                    raise DatabaseError(f"cannot check the database {db.display_url}: "
                                        f"{write_failure(reason)}") from None
                report.problems.append(damage_message(db.display_url, reason, _unreadable(conn)))
                return report  # the other checks would read the damaged pages
            if rows != ["ok"]:
                report.problems.append(damage_message(db.display_url, f"{len(rows)} integrity problem(s)",
                                                      _unreadable(conn)))
                report.problems += [f"integrity: {r}" for r in rows[:sample]]
        tables = _desk_tables(conn)
        for table in tables:
            for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
                child, parent = fk.parent, fk.column
                report.checks.append(f"{table.name}.{child.name} -> {parent.table.name}")
                p = parent.table.alias("p")
                missing = select(table.c[child.name]).select_from(
                    table.outerjoin(p, table.c[child.name] == p.c[parent.name])
                ).where(table.c[child.name].is_not(None), p.c[parent.name].is_(None))
                n = conn.execute(select(func.count()).select_from(missing.subquery())).scalar_one()
                if n:
                    ids = [str(r[0]) for r in conn.execute(missing.distinct().limit(sample))]
                    report.problems.append(
                        f"{_describe_fk(table.name, child.name)}: {n} row(s) point at missing "
                        f"{parent.table.name} {', '.join(ids)}"
                    )
        names = {t.name for t in tables}
        if "claim" in names:
            report.checks.append("canonical_id cycles")
            cycles = _canonical_cycles(conn)
            report.problems += [f"canonical_id cycle: {cycle_text(c)} (merged claims leading round in a loop): "
                                f"{cycle_repair(c)}" for c in cycles[:sample]]
            if len(cycles) > sample:
                report.problems.append(f"canonical_id cycle: {len(cycles) - sample} more, repaired the same way")
            report.checks.append("clusters are flat (a member points at a head)")
            report.problems += _chains(conn, sample, on_cycles={i for c in cycles for i in c})
            report.checks.append("import ids that read as another claim's once cleaned (a warning)")
            report.warnings += _look_alike_ids(conn, sample, postgres=not db.is_sqlite)
            report.checks.append("verified claims have a verdict")
            n = conn.execute(text("SELECT COUNT(*) FROM claim WHERE status = 'verified' AND verdict IS NULL")).scalar_one()
            if n:
                report.problems.append(f"claim: {n} verified claim(s) without a verdict")
            report.checks.append("only verified claims carry a verdict")
            n = conn.execute(text("SELECT COUNT(*) FROM claim WHERE status <> 'verified' AND verdict IS NOT NULL")).scalar_one()
            if n:
                report.problems.append(f"claim: {n} claim(s) not verified carry a verdict "
                                       "(set their status: verified keeps it, another status clears it)")
        if {"claim_key", "claim_keyset"} <= names:
            report.checks.append("each indexed claim has its keyset row")
            report.problems += _missing_keysets(conn)
            report.checks.append("each keyset row holds its claim's own postings")
            report.problems += _stale_keysets(conn, postgresql=not db.is_sqlite)
        if "watch_source" in names:
            from claims.services.watch import same_source_warnings

            report.checks.append("each watched URL is watched once (a warning)")
            rows = conn.execute(text("SELECT id, source FROM watch_source ORDER BY id"))
            report.warnings += same_source_warnings((r[0], r[1]) for r in rows)
        if "claim" in names:
            report.checks.append("claims' dates are dates")
            report.problems += _month_or_day_00(conn, sample)
            report.checks.append("claims' evidence is a list of links")
            report.problems += _damaged_evidence(conn, sample)
        if db.is_sqlite:
            report.checks.append("stored dates and moments are dates")
            report.problems += _damaged_dates(conn, tables, sample)
        outlet = next((t for t in tables if t.name == "outlet"), None)
        if outlet is not None and "identity" in outlet.c:
            report.checks.append("each outlet's identity is its name's")
            report.problems += _outlet_identities(conn, sample)
        if "match" in names:
            report.checks.append("matches pair two different claims")
            n = conn.execute(text('SELECT COUNT(*) FROM "match" WHERE claim_a_id = claim_b_id')).scalar_one()
            if n:
                report.problems.append(f"match: {n} match(es) pair a claim with itself")
    return report


def _missing_keysets(conn: Connection) -> list[str]:
    """Claims with postings of their own keys and no `claim_keyset` row (migration 0019):
    indexed by an older version still running after another process migrated the desk. A
    new claim's lookup reads their postings instead, but a row each is what it expects."""
    from claims.services.store_index import WITHOUT_KEYSET

    n = conn.execute(text(f"SELECT COUNT(DISTINCT ck.claim_id) {WITHOUT_KEYSET}")).scalar_one()
    if not n:
        return []
    return [f"claim_keyset: {n} indexed claim(s) have no row of their keys (indexed by an older version "
            "after the upgrade): `claims dupes --rebuild` stores them"]


def _stale_keysets(conn: Connection, *, postgresql: bool) -> list[str]:
    """Keyset rows out of step with their claim's postings (`stale_keysets`): left by an older
    version's `dupes --rebuild`, which remade the postings and knows nothing of the rows. A
    lookup would read keys the claim no longer has, or miss some it has."""
    from claims.services.store_index import stale_keysets

    n = conn.execute(text(f"SELECT COUNT(*) FROM ({stale_keysets(postgresql)}) AS s")).scalar_one()
    if not n:
        return []
    return [f"claim_keyset: {n} row(s) do not hold their claim's own postings (left by an older version's "
            "`dupes --rebuild`): `claims dupes --rebuild` remakes them"]


def _damaged_evidence(conn: Connection, sample: int) -> list[str]:
    """Claims whose evidence column is no JSON list of text (edited by hand or by another
    program): every command reading it says so (`claims.links.stored_links`), this names them."""
    from claims.links import DamagedEvidence, stored_links

    bad = []
    for row in conn.execute(text("SELECT id, evidence FROM claim WHERE evidence IS NOT NULL AND evidence <> '[]' "
                                 "ORDER BY id")):
        try:
            stored_links(row.evidence)
        except DamagedEvidence:
            bad.append(row)
    if not bad:
        return []
    shown = ", ".join(f"{row.id} ({str(row.evidence)[:40]!r})" for row in bad[:sample])
    return [f"claim: {len(bad)} claim(s) whose evidence is no JSON list of links ({shown}): restore them from a "
            "backup, or write their links as a JSON list"]


def _damaged_dates(conn: Connection, tables: list[Table], sample: int) -> list[str]:
    """Values of SQLite DATE and DATETIME columns that are no date (SQLite stores any text
    there): every command reading one says so (`db.stored_dates`), this says where. '+0 days'
    makes SQLite carry 2024-02-30 over to March, which it otherwise gives back as it is."""
    from sqlalchemy import Date, DateTime, TypeDecorator

    found = []
    for table in tables:
        for column in table.columns:
            # the models' moments are decorators of DATETIME (claim.reviewed_at was never checked)
            kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
            if not isinstance(kind, Date | DateTime):
                continue
            as_date = "date" if isinstance(kind, Date) and not isinstance(kind, DateTime) else "datetime"
            width = 10 if as_date == "date" else 19
            name = f'"{column.name}"'
            key = next(iter(table.primary_key.columns)).name if table.primary_key.columns else "rowid"
            written = f"substr(replace(CAST({name} AS TEXT), 'T', ' '), 1, {width})"
            # SQLite reads a moment to the millisecond, rounded: '09:11:12.999548' (one stored
            # moment in about 2,000) came back '09:11:13', and db check called it damaged
            whole_seconds = "" if as_date == "date" else (
                f" AND NOT (substr(CAST({name} AS TEXT), {width + 1}) GLOB '.[0-9]*' AND "
                f"substr(CAST({name} AS TEXT), {width + 2}) NOT GLOB '*[^0-9]*' AND "
                f"datetime({written}, '+0 days') IS {written})")
            rows = conn.execute(text(
                f'SELECT "{key}", CAST({name} AS TEXT) FROM "{table.name}" WHERE {name} IS NOT NULL AND '
                f"({as_date}({name}, '+0 days') IS NULL OR {as_date}({name}, '+0 days') <> {written})"
                f"{whole_seconds} LIMIT {sample + 1}")).all()
            if rows:
                shown = ", ".join(f"{key} {r[0]} ({str(r[1])[:30]!r})" for r in rows[:sample])
                found.append(f"{table.name}.{column.name}: {'more than ' if len(rows) > sample else ''}"
                             f"{min(len(rows), sample)} value(s) that are no date: {shown}; restore them from a backup")
    return found


def _month_or_day_00(conn: Connection, sample: int) -> list[str]:
    """Claims dated with a month or day 00 ('2024-00', '2024-01-00'), which versions before
    053318f stored from `set-date` as a year or a month: no command reads such a date back
    (an export of it is refused on import)."""
    rows = conn.execute(text("SELECT id, claim_date FROM claim WHERE claim_date LIKE '%-00' "
                             "OR claim_date LIKE '%-00-%' ORDER BY id")).all()
    if not rows:
        return []
    shown = ", ".join(f"{row.id} ({row.claim_date})" for row in rows[:sample])
    return [f"claim: {len(rows)} claim(s) dated with a month or day 00, which is no date ({shown}): "
            "date each again with `claims set-date ID DATE`"]


def _outlet_identities(conn: Connection, sample: int) -> list[str]:
    """Outlets whose stored identity is not their name's (`outlet_identity_key`): one written
    around claims (an INSERT naming no identity stored SQLite's '') is found by no name, and
    an import or ingest of it failed on its name or made a second outlet."""
    from db.folding import outlet_identity_key

    wrong = [row.id for row in conn.execute(text("SELECT id, name, identity FROM outlet ORDER BY id"))
             if row.identity != outlet_identity_key(row.name)]
    if not wrong:
        return []
    shown = ", ".join(map(str, wrong[:sample]))
    return [f"outlet: {len(wrong)} outlet(s) whose stored identity is not their name's ({shown}), written "
            "around claims: no name finds them, and importing one fails or makes it twice"]


def _unreadable(conn: Connection) -> str | None:
    """The tables and indexes of an SQLite file that cannot be read through, named for a
    person ("table outlet, index ix_claim_verdict"); None when each one reads (or the
    schema itself cannot be read). Walks every object once: only for a damaged file."""
    try:
        objects = conn.exec_driver_sql(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE rootpage > 0 ORDER BY type DESC, name").all()
    except DBAPIError:
        conn.rollback()
        return None
    bad: list[str] = []
    for kind, name, table in objects:
        sql = (f'SELECT COUNT(*) FROM "{table}" INDEXED BY "{name}"' if kind == "index"
               else f'SELECT * FROM "{name}" NOT INDEXED')
        try:
            for _ in conn.exec_driver_sql(sql):
                pass
        except DBAPIError:
            conn.rollback()
            bad.append(f"{kind} {name}")
    return ", ".join(bad) or None


def _describe_fk(table: str, column: str) -> str:
    if table == "appearance":
        return f"orphan appearances ({column})"
    if table == "match":
        return f"match links ({column})"
    return f"{table}.{column}"


def _chains(conn: Connection, sample: int, *, on_cycles: set[int]) -> list[str]:
    """Claims under a claim that is itself under another: every read takes a claim's head
    to be one pointer away (made by undo and redo before they refused it). A claim on a cycle
    is not one (the cycle is reported, with its own repair)."""
    chained = ("FROM claim c JOIN claim h ON h.id = c.canonical_id WHERE h.canonical_id IS NOT NULL "
               "AND h.canonical_id <> c.id")  # a cycle of two is reported as a cycle
    if not conn.execute(text(f"SELECT 1 {chained} LIMIT 1")).first():
        return []
    rows = [row for row in conn.execute(text(f"SELECT c.id, h.id, h.canonical_id {chained} ORDER BY c.id"))
            if row[0] not in on_cycles]  # (only a damaged store has any)
    n = len(rows)
    if not n:
        return []
    shown = ", ".join(" -> ".join(map(str, row)) for row in rows[:sample])
    return [f"claim: {n} claim(s) under a claim merged into another ({shown}): unmerge them and merge "
            "them again (`claims unmerge ID`, `claims merge ID ID`)"]


def _look_alike_ids(conn: Connection, sample: int, *, postgres: bool) -> list[str]:
    """Import ids stored before ids were cleaned (cc59fde) that migration 0015 left as they
    were, their cleaned form being another claim's id ('q\u200b1' beside 'q1'): two claims
    whose ids show alike, unless a merge made them one cluster."""
    outside = "external_id ~ '[^ -~]'" if postgres else "external_id GLOB '*[^ -~]*'"
    rows = conn.execute(text("SELECT id, external_id, COALESCE(canonical_id, id) AS head FROM claim "
                             f"WHERE {outside} ORDER BY id")).all()
    dirty = {}
    for row in rows:
        cleaned = clean_id(row.external_id)
        if cleaned != row.external_id and cleaned and not shows_nothing(cleaned):
            dirty[row.id] = (row.external_id, cleaned, row.head)
    holders: dict[str, tuple[int, int]] = {}
    wanted = sorted({cleaned for _, cleaned, _ in dirty.values()})
    for i in range(0, len(wanted), BATCH):
        holders.update((r.external_id, (r.id, r.head)) for r in conn.execute(
            text("SELECT id, external_id, COALESCE(canonical_id, id) AS head FROM claim WHERE external_id IN :ids")
            .bindparams(bindparam("ids", expanding=True)), {"ids": wanted[i:i + BATCH]}))
    pairs = [(claim_id, raw, holders[cleaned][0], cleaned) for claim_id, (raw, cleaned, head) in dirty.items()
             if cleaned in holders and holders[cleaned][1] != head]
    if not pairs:
        return []
    shown = "; ".join(f"claim {a}'s {ascii(raw)} and claim {b}'s {cleaned!r}"
                      for a, raw, b, cleaned in pairs[:sample])
    first = pairs[0]
    # A warning, not a problem: two claims may truly have ids that differ only so, and no
    # command changes an import id, so a problem here would fail the check for good.
    return [f"claim: {len(pairs)} import id(s) stored before ids were cleaned read as another claim's id once "
            f"cleaned (invisible characters or accents apart), left as they were by migration 0015: {shown}. "
            f"If a pair is one claim stored twice, merge them (`claims merge {first[2]} {first[0]}`) and this "
            "goes; if they are two claims, nothing needs doing (an import of either id is taken as stored "
            "already)"]


def _canonical_cycles(conn: Connection) -> list[list[int]]:
    """Every cycle of canonical ids, each in pointer order from its smallest id."""
    parent = dict(conn.execute(text("SELECT id, canonical_id FROM claim WHERE canonical_id IS NOT NULL")).all())
    cycles, seen = [], set()
    for start in sorted(parent):
        if start in seen:
            continue
        path, node = [], start
        while node in parent and node not in path and node not in seen:
            path.append(node)
            node = parent[node]
        seen.update(path)
        if node in path:
            cycle = path[path.index(node):]
            low = cycle.index(min(cycle))
            cycles.append(cycle[low:] + cycle[:low])
    return cycles

"""SQLite: cheaper writes of postings and of the search index (issue 13): the foreign key of
`claim_key.claim_id` dropped, as 0023 dropped it on PostgreSQL, and `claim_search` fills in
larger batches

- SQLite checked the key on each posting written (a lookup of its claim): writing a 100k
  import's 1.74M postings (`StoreIndex.settle`) took 4.3-4.8 s CPU with it, 2.6-2.8 s
  without. Postings are written only for claims the same transaction stores or reads, and
  removed before their claims (import undo, the index's `remove`); `claims db check` still
  tests that every posting's claim exists (the models keep the reference). SQLite has no
  ALTER for a constraint: the table's definition is edited as SQLite documents for removing
  a FOREIGN KEY (https://www.sqlite.org/lang_altertable.html#otheralter; the rows and their
  b-tree are untouched: 0.2 s CPU, alembic's start included, on an empty desk and at 100k
  claims alike), or, where that is refused (defensive mode: 'table sqlite_master may not be
  modified') or the definition is not 0012's, the table is made again (its postings copied in
  key order: 2.9 s for 1.74M postings at 100k claims, some 30-40 s at 1M).
- FTS5's `hashsize` (how much a writer gathers in memory before writing a segment to the
  index; 1 MB by default) is 16 MB: fewer, larger segments, less merging. A persistent option
  (the table's `claim_search_config` row), read by every connection. 100k claims' index in
  one statement: 2.0 -> 1.3 s CPU (64 MB gained nothing more); as an import fills it, 5,000
  claims a statement: 2.0 -> 1.7 s.

PostgreSQL is unchanged by this step. Downgrade adds the key again (refused, saying which
claims, if a posting's claim does not exist) and the default hashsize.

Revision ID: 0025
Revises: 0024
"""

from alembic import op

from db.errors import DatabaseError

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

KEY = ", FOREIGN KEY(claim_id) REFERENCES claim (id)"  # as 0012 wrote it
PRIMARY = "PRIMARY KEY (key, claim_id)"
COLUMNS = f"key VARCHAR(100) NOT NULL, claim_id INTEGER NOT NULL, {PRIMARY}"  # 0012's, without the key
HASHSIZE = 16 * 1024 * 1024
DEFAULT_HASHSIZE = 1024 * 1024  # FTS5's


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if _has_key(bind):
        sql = _definition(bind)
        _define(bind, sql.replace(KEY, "") if sql.count(KEY) == 1 else None, with_key=False)
    _hashsize(bind, HASHSIZE)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _hashsize(bind, DEFAULT_HASHSIZE)
    gone = bind.exec_driver_sql("SELECT DISTINCT claim_id FROM claim_key WHERE claim_id NOT IN "
                                "(SELECT id FROM claim) ORDER BY claim_id").scalars().all()
    if gone:
        named = ", ".join(map(str, gone[:10])) + (f" and {len(gone) - 10:,} more" if len(gone) > 10 else "")
        raise DatabaseError(f"downgrade from 0025 refused: the matching index holds postings of claims that do "
                            f"not exist (claim ids {named}), which the foreign key would refuse; "
                            "`claims dupes --rebuild` remakes the index")
    if not _has_key(bind):
        sql = _definition(bind)
        _define(bind, sql.replace(PRIMARY, PRIMARY + KEY) if sql.count(PRIMARY) == 1 else None, with_key=True)


def _has_key(bind) -> bool:
    return bool(bind.exec_driver_sql("PRAGMA foreign_key_list(claim_key)").all())


def _definition(bind) -> str:
    return bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claim_key'").scalar()


def _define(bind, edited: str | None, *, with_key: bool) -> None:
    """`claim_key` defined by `edited` (its stored definition, the key taken off or put on),
    as 0018 took a default off; made again when that is refused or `edited` is None."""
    if edited is not None:
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema = ON")
        try:
            bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'claim_key'",
                                 (edited,))
            bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
            return
        except Exception as exc:  # (sqlalchemy's OperationalError)
            if "may not be modified" not in str(exc):
                raise
        finally:
            bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    _rebuild(bind, with_key=with_key)


def _rebuild(bind, *, with_key: bool) -> None:
    """`claim_key` made again as 0012 made it (with or without the key), its postings in key
    order, its indexes as they were. No table refers to it."""
    indexes = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE tbl_name = 'claim_key' "
                                   "AND type IN ('index', 'trigger') AND sql IS NOT NULL").scalars().all()
    columns = COLUMNS + (KEY if with_key else "")
    bind.exec_driver_sql(f"CREATE TABLE claim_key_0025 ({columns}) WITHOUT ROWID")
    bind.exec_driver_sql("INSERT INTO claim_key_0025 (key, claim_id) SELECT key, claim_id FROM claim_key "
                         "ORDER BY key, claim_id")
    bind.exec_driver_sql("DROP TABLE claim_key")
    bind.exec_driver_sql("ALTER TABLE claim_key_0025 RENAME TO claim_key")
    for sql in indexes:
        bind.exec_driver_sql(sql)


def _hashsize(bind, size: int) -> None:
    """FTS5's command sets the option (stored, and taken up by this connection too). (Its row
    stays at the default: an SQLite in defensive mode refuses to delete it.)"""
    if not bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'claim_search'").first():
        return  # (an SQLite without FTS5 has no search index)
    bind.exec_driver_sql(f"INSERT INTO claim_search (claim_search, rank) VALUES ('hashsize', {int(size)})")

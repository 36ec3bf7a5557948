"""outlet.identity: what makes two outlet names one, stored and indexed (UNIQUE)

An import naming a new outlet computed the identity (`db.textfold.outlet_identity`) of every
stored outlet to find it was new: 40 ms a name at 20,000 outlets. The identity is now stored
with the outlet and found by equality through a unique index, which also keeps two writers
from making one outlet twice. It is computed in Python only (PostgreSQL's expression for it
read a few control characters as spaces where Python did not).

- Outlets of one identity still apart (written since 0017 by a path that did not look first)
  are made one as 0017 does (its code, as it is at that step: `db.migrations.outlets_0017`), so the unique index can be made.
- Every outlet's identity is filled with the rule below (copied as it is at this step;
  tests/test_outlet_identity.py keeps it equal to `outlet_identity`); one over 1,000 bytes is
  kept as its start and a SHA-256 of the whole (PostgreSQL's index takes no entry over 2,704).
- On SQLite the column is added with a default of '' (SQLite adds a NOT NULL column only with
  one), which is taken off once it is filled: no outlet is stored without its identity (by
  editing the table's definition, or by making the table again where SQLite refuses that).
- Reviewer names in `match.decided_by`, `watch_source.added_by` and `watch_source.lease_holder`
  lose their invisible characters, as 0017 did for the other tables.

The upgrade is one transaction: a desk it fails on is left at 0017, as it was.
Downgrade drops the column and its index.

Revision ID: 0018
Revises: 0017
"""

import hashlib
import unicodedata

import sqlalchemy as sa
from alembic import op

from db.migrations.outlets_0017 import merge_outlets

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
          (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
_DROP = dict.fromkeys(c for lo, hi in RANGES for c in range(lo, hi + 1))
_INVISIBLE = {c: None for c in _DROP if c not in (0x200C, 0x200D)}  # joiners stay in a name
_STRAIGHT = str.maketrans({**dict.fromkeys("\u2019\u2018\u02bc", "'"), **dict.fromkeys("\u2010\u2011", "-")})
INDEX = "ix_outlet_identity"


def identity(name: str) -> str:
    """What makes two outlet names one (`db.textfold.outlet_identity`, as it is at this step)."""
    folded = (unicodedata.normalize("NFKC", name.translate(_DROP)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return " ".join(unicodedata.normalize("NFC", folded).translate(_STRAIGHT).split())


def key(name: str) -> str:
    """The identity as stored (`db.textfold.outlet_identity_key`, as it is at this step)."""
    found = identity(name)
    if len(found.encode()) <= 1000:
        return found
    return found[:100] + "\n#" + hashlib.sha256(found.encode()).hexdigest()  # (no identity holds "\n")


def visible(name: str) -> str | None:
    """`name` as stored now (`claims.limits.visible_name`), or None when nothing is left."""
    return " ".join(name.translate(_INVISIBLE).split()) or None


def _fill_identity(bind) -> None:
    rows = bind.execute(sa.text("SELECT id, name FROM outlet")).all()
    changes = [{"id": i, "identity": key(name)} for i, name in rows]
    for n in range(0, len(changes), 1000):
        bind.execute(sa.text("UPDATE outlet SET identity = :identity WHERE id = :id"), changes[n:n + 1000])


def _clean_names(bind) -> None:
    for table, column in (("match", "decided_by"), ("watch_source", "added_by"), ("watch_source", "lease_holder")):
        outside = f"{column} ~ '[^ -~]'" if bind.dialect.name == "postgresql" else f"{column} GLOB '*[^ -~]*'"
        names = bind.execute(sa.text(f"SELECT DISTINCT {column} FROM {table} WHERE {outside}")).scalars().all()
        changes = [{"raw": raw, "cleaned": cleaned} for raw in names
                   if (cleaned := visible(raw)) is not None and cleaned != raw]
        if changes:
            bind.execute(sa.text(f"UPDATE {table} SET {column} = :cleaned WHERE {column} = :raw"), changes)


def _drop_sqlite_default(bind) -> None:
    """The default '' SQLite needed to add the column, taken off once every row holds its
    identity (each was updated above): an outlet written without one (another tool) was stored
    under '', found by no name. SQLite has no ALTER for it: the table's definition is edited as
    SQLite documents for removing a default (https://www.sqlite.org/lang_altertable.html#otheralter),
    or, where that is refused (an SQLite in defensive mode, SQLITE_DBCONFIG_DEFENSIVE: 'table
    sqlite_master may not be modified'), the table is made again (`_rebuild_outlet`)."""
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outlet'").scalar()
    without = sql.replace("identity VARCHAR DEFAULT '' NOT NULL", "identity VARCHAR NOT NULL")
    if without == sql:  # (not as this step made it: left as it is)
        return
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        bind.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'outlet'"),
                     {"sql": without})
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    except sa.exc.OperationalError as exc:
        if "may not be modified" not in str(exc):
            raise
        refused = True
    else:
        refused = False
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    if refused:
        _rebuild_outlet(bind, without)


def _rebuild_outlet(bind, definition: str) -> None:
    """The outlet table made again by `definition`, its rows, indexes and triggers as they were.
    Foreign keys cannot be turned off in the upgrade's transaction (the usual way to rebuild a
    table referred to): they are checked at its commit instead, when every article's outlet is
    back under its id. (A failed statement under SQLite undoes itself alone: the transaction
    goes on.)"""
    others = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE tbl_name = 'outlet' "
                                  "AND type IN ('index', 'trigger') AND sql IS NOT NULL").scalars().all()
    bind.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # (off again at the commit)
    bind.exec_driver_sql("CREATE TEMP TABLE outlet_0018 AS SELECT * FROM outlet")
    bind.exec_driver_sql("DROP TABLE outlet")
    bind.exec_driver_sql(definition)
    bind.exec_driver_sql("INSERT INTO outlet SELECT * FROM outlet_0018")
    bind.exec_driver_sql("DROP TABLE outlet_0018")
    for sql in others:
        bind.exec_driver_sql(sql)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # SQLite adds a NOT NULL column only with a default
        op.add_column("outlet", sa.Column("identity", sa.String(), nullable=False, server_default=""))
    else:
        op.add_column("outlet", sa.Column("identity", sa.String(), nullable=True))
    merge_outlets(bind, "0018")
    _fill_identity(bind)
    if bind.dialect.name != "sqlite":
        op.alter_column("outlet", "identity", nullable=False)
    else:
        _drop_sqlite_default(bind)
    op.create_index(INDEX, "outlet", ["identity"], unique=True)
    _clean_names(bind)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="outlet")
    op.drop_column("outlet", "identity")

"""add indexes for the filters that cannot use a plain one: a trigram index of the searchable
(folded) claim text, speaker and role, and an index on the reviewer

A filter that matches few claims must find them without reading every claim, and a typed
search is a substring test on the folded text (`db.textfold`). The trigram index finds a
superset of the claims holding a substring (of 3 characters or more); the query still
applies the exact test to those.

- SQLite: `claim_search`, an FTS5 table (trigram tokenizer, contentless: it keeps only the
  index, not a second copy of the text), its rowid the claim's id. Triggers keep it current;
  they call `claims_fold`, the function every connection of this program registers (a
  connection without it, such as the sqlite3 shell, cannot insert or change claims).
  SQLite builds without FTS5 skip it; the filters then read the claims as before.
- PostgreSQL: GIN trigram indexes (`pg_trgm`) on the folded text, speaker and role, where the
  extension can be installed; otherwise nothing (the filters read the claims as before).

A change to `fold_text` must refill `claim_search` (`'delete-all'`, then the INSERT below).

Revision ID: 0008
Revises: 0007
"""

import sys

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = {"text": "text", "speaker": "speaker", "role": "speaker_role"}  # index column: claim column
PG_ONLY_INDEXES = {f"ix_claim_{name}_trgm": column for name, column in COLUMNS.items()}


def _pg_fold(x: str) -> str:  # db.textfold's PostgreSQL fold, spelled as its queries spell it
    return f"lower(CASE WHEN {x} IS NFKC NORMALIZED THEN {x} ELSE normalize({x}, NFKC) END)"


def _fts_values(row: str) -> str:
    return ", ".join(f"claims_fold({row}.{column})" for column in COLUMNS.values())


def upgrade() -> None:
    op.create_index("ix_claim_reviewer", "claim", ["reviewer"])
    bind = op.get_bind()
    claims = bind.exec_driver_sql("SELECT count(*) FROM claim").scalar_one()
    if claims >= 100_000:  # minutes on a large desk, once: say why the desk is slow to open
        print(f"claims: indexing the text of {claims:,} claims for search (once; about a minute "
              "per 300,000 claims)", file=sys.stderr, flush=True)
    if bind.dialect.name == "postgresql":
        _upgrade_postgresql(bind)
    else:
        _upgrade_sqlite(bind)


def _upgrade_sqlite(bind) -> None:
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(
                "CREATE VIRTUAL TABLE claim_search USING fts5(text, speaker, role, content='', "
                "columnsize=0, detail=column, tokenize='trigram case_sensitive 1')")
    except sa.exc.OperationalError:
        return  # no FTS5 (or no trigram tokenizer) in this SQLite
    names = ", ".join(COLUMNS)
    op.execute(f"INSERT INTO claim_search (rowid, {names}) SELECT id, {_fts_values('claim')} FROM claim")
    delete = (f"INSERT INTO claim_search (claim_search, rowid, {names}) "
              f"VALUES ('delete', OLD.id, {_fts_values('OLD')});")
    insert = f"INSERT INTO claim_search (rowid, {names}) VALUES (NEW.id, {_fts_values('NEW')});"
    op.execute(f"CREATE TRIGGER claim_search_insert AFTER INSERT ON claim BEGIN {insert} END")
    op.execute("CREATE TRIGGER claim_search_update AFTER UPDATE OF text, speaker, speaker_role ON claim "
               f"BEGIN {delete} {insert} END")
    op.execute(f"CREATE TRIGGER claim_search_delete AFTER DELETE ON claim BEGIN {delete} END")


def _upgrade_postgresql(bind) -> None:
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return  # not installed on the server, or not ours to install
    for name, column in PG_ONLY_INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON claim USING gin (({_pg_fold(column)}) gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name in PG_ONLY_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_search_{event}")
        op.execute("DROP TABLE IF EXISTS claim_search")
    op.drop_index("ix_claim_reviewer", table_name="claim")

"""store SQLite's candidate index in its keys' order: `claim_key` and `key_stat` WITHOUT ROWID

A rowid table keeps each row once and its primary key again in an index, so every lookup of
the matching index went through two b-trees: `key_stat` by key, then its row by rowid, and a
claim's keys through `ix_claim_key_claim_id` (claim id -> rowid) and then the table, one
random page per key (most of a new claim's lookup: the keys of ~100 candidates, bench
`scale_matching.py`). WITHOUT ROWID, the primary key is the table, and the claim-id index
holds the key too: a claim's keys are read from that index alone, a key's df from one
b-tree. Both tables also get smaller (a third less file for the postings).

PostgreSQL is unchanged by this step.

Revision ID: 0012
Revises: 0011
"""

import sys

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLES = {
    "claim_key": ("key VARCHAR(100) NOT NULL, claim_id INTEGER NOT NULL, PRIMARY KEY (key, claim_id), "
                  "FOREIGN KEY(claim_id) REFERENCES claim (id)", "key, claim_id"),
    "key_stat": ("key VARCHAR(100) NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (key)", "key, df"),
}


def upgrade() -> None:
    _rebuild(rowid=False)


def downgrade() -> None:
    _rebuild(rowid=True)


def _rebuild(*, rowid: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    postings = bind.exec_driver_sql("SELECT count(*) FROM claim_key").scalar_one()
    if postings >= 2_000_000:  # a minute or two on a large desk, once
        print(f"claims: rewriting the matching index ({postings:,} postings; once)",
              file=sys.stderr, flush=True)
    for table, (columns, names) in TABLES.items():
        option = "" if rowid else " WITHOUT ROWID"
        op.execute(f"CREATE TABLE {table}_new ({columns}){option}")
        op.execute(f"INSERT INTO {table}_new ({names}) SELECT {names} FROM {table} ORDER BY {names}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    op.execute("CREATE INDEX ix_claim_key_claim_id ON claim_key (claim_id)")

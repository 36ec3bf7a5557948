"""claim_keyset: each indexed claim's own keys in one row, read by a new claim's lookup

A new claim's lookup (`StoreIndex.block_neighbours`) reads the keys of its ~300 neighbours
(the latest earlier holders of its block and pair keys). From the postings that is ~4,500
rows found through `ix_claim_key_claim_id` and, on PostgreSQL, fetched from the table's pages
one by one: most of the lookup's server time after the keys' counts. `claim_keyset` holds a
claim's own keys (its postings less its title's `t:` and pair `p:` keys, which never decide
a pair) as one row under its claim id: a text[] on PostgreSQL, the keys joined by U+001F on
SQLite (no key holds it). A claim without such keys has no row, as it had no such postings.

The table is filled here from the postings, so the lookup finds every neighbour's keys right
after the upgrade (no `claims dupes --rebuild` needed: a lookup reading an empty table would
find no one). About a minute for a million claims on PostgreSQL (15M postings grouped once).

The upgrade is one transaction: a desk it fails on is left at 0018, as it was.
Downgrade drops the table.

Revision ID: 0019
Revises: 0018
"""

import sys

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

SEPARATOR = "\x1f"  # claims.models.KEY_SEPARATOR, as it is at this step
OWN = "key NOT LIKE 't:%' AND key NOT LIKE 'p:%'"  # title keys and pair keys left out


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    keys = "TEXT[]" if postgresql else "TEXT"
    op.execute(f"CREATE TABLE claim_keyset (claim_id INTEGER NOT NULL, keys {keys} NOT NULL, "
               "PRIMARY KEY (claim_id), FOREIGN KEY(claim_id) REFERENCES claim (id))")
    postings = bind.exec_driver_sql("SELECT count(*) FROM claim_key").scalar_one()
    if postings >= 2_000_000:
        print(f"claims: storing each claim's keys in one row ({postings:,} postings; once)",
              file=sys.stderr, flush=True)
    joined = "array_agg(key)" if postgresql else "group_concat(key, char(31))"
    op.execute(f"INSERT INTO claim_keyset (claim_id, keys) SELECT claim_id, {joined} FROM claim_key "
               f"WHERE {OWN} GROUP BY claim_id ORDER BY claim_id")
    if postgresql:
        op.execute("ANALYZE claim_keyset")


def downgrade() -> None:
    op.execute("DROP TABLE claim_keyset")

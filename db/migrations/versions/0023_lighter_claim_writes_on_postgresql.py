"""PostgreSQL: cheaper writes of claims and postings (issue 13): the foreign key of
`claim_key.claim_id` and two claim indexes that PostgreSQL's own indexes replaced are dropped

Measured on a 100k import (server CPU, replayed into empty tables): the foreign key's check
of each posting (a trigger and a `FOR KEY SHARE` lookup of its claim, 1.74M of them) was
the largest single cost, ~6 s of ~31 s; rewriting those postings into a copy of `claim_key`
took 12.2 s without it and 20.4-22.7 s with it. Postings are written only for claims the
same transaction stores or reads, and removed before their claims (import undo, the
index's `remove`); `claims db check` still tests that every posting's claim exists (the
models keep the reference). SQLite keeps the foreign key (changing it there means
rewriting the table).

`ix_claim_queue` and `ix_claim_date_order` serve SQLite's queue and period orders; on
PostgreSQL the partial indexes of 0005 and 0010 serve those orders, and no statement of
the desk, search or matching was planned on either (EXPLAIN of every statement on `claim`
the PostgreSQL tests run, on a 100k desk, with and without them: none used
`ix_claim_date_order`; the two that used `ix_claim_queue` took `ix_claim_kind` at the same
cost). Each was maintained on every claim stored. Kept on PostgreSQL: `ix_claim_priority`
(a cluster's first member in priority order, `_HEADS_WITH_MEMBERS`), `ix_claim_status_order`
(a status among all claims), `ix_claim_claim_date`, `ix_claim_kind` (claims by head).

The triggers of 0007 that mark a new claim, match or appearance for a priority refresh
(`triage_dirty`) fire once per statement, over its new rows (a transition table), not once
per row: a plpgsql call and an INSERT a row were ~1.2 s of a 100k import's claims alone.
The same claims are marked, in the same order, in the same transaction. (SQLite's triggers
are unchanged; `claims.services.claim_rows` writes its batches set at a time.)

Revision ID: 0023
Revises: 0022
"""

import sys

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# SQLite's own since this revision (claims.models declares them; tests/test_db.py knows)
SQLITE_ONLY_INDEXES = {
    "ix_claim_queue": "canonical_id, checkworthiness, claim_date, id",
    "ix_claim_date_order": "claim_date, canonical_id, priority, id, status",
}
FK = "claim_key_claim_id_fkey"  # PostgreSQL's name for 0002's unnamed constraint
# 0007's insert triggers: table -> the columns naming the claims each new row marks
MARKED_ON_INSERT = {"claim": ("id",), "appearance": ("claim_id",), "match": ("claim_a_id", "claim_b_id")}


def _marks(table: str, columns: tuple[str, ...], *, per_statement: bool) -> None:
    name = f"triage_{table}_insert"
    if per_statement:  # each row's claims in the rows' order, as the row triggers marked them
        ids = ", ".join(f"({c})" for c in columns)
        body = (f"INSERT INTO triage_dirty (claim_id) SELECT m.id FROM new_rows, LATERAL (VALUES {ids}) "
                "AS m(id) WHERE m.id IS NOT NULL;")
        when = "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    else:  # 0007's
        body = " ".join(f"INSERT INTO triage_dirty (claim_id) SELECT NEW.{c} WHERE NEW.{c} IS NOT NULL;"
                        for c in columns)
        when = "FOR EACH ROW"
    op.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
    op.execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               f"{body} RETURN NULL; END $$")
    op.execute(f'CREATE TRIGGER {name} AFTER INSERT ON "{table}" {when} EXECUTE FUNCTION {name}()')


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # found by what it is, not by name (a desk made another way may name it otherwise)
    names = bind.exec_driver_sql("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                                 "AND conrelid = 'claim_key'::regclass").scalars().all()
    for name in names:
        bind.exec_driver_sql(f'ALTER TABLE claim_key DROP CONSTRAINT "{name}"')
    for name in SQLITE_ONLY_INDEXES:
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for table, columns in MARKED_ON_INSERT.items():
        _marks(table, columns, per_statement=True)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, columns in MARKED_ON_INSERT.items():
        _marks(table, columns, per_statement=False)
    for name, columns in SQLITE_ONLY_INDEXES.items():
        bind.exec_driver_sql(f"CREATE INDEX {name} ON claim ({columns})")
    # a posting whose claim is gone (none, unless written around the program) would fail the
    # key: deleted, and said (which claims, how many postings), not dropped without a word
    gone = bind.exec_driver_sql("DELETE FROM claim_key ck WHERE NOT EXISTS (SELECT 1 FROM claim c "
                                "WHERE c.id = ck.claim_id) RETURNING ck.claim_id").scalars().all()
    if gone:
        claims = sorted(set(gone))
        named = ", ".join(map(str, claims[:10])) + (f" and {len(claims) - 10:,} more" if len(claims) > 10 else "")
        print(f"claims: downgrade from 0023 deleted {len(gone):,} matching-index postings of claims that do not "
              f"exist (claim ids {named})", file=sys.stderr, flush=True)
    # Added unchecked, then checked: the form that lets writers on during the scan (SHARE UPDATE
    # EXCLUSIVE) where a checked ADD scans under SHARE ROW EXCLUSIVE on both tables. Inside the one
    # transaction a migration runs in, the ADD's lock is held to the commit all the same: no lock
    # is gained here (the end state, a validated key, is the same); it would be with the VALIDATE
    # in a transaction of its own, which would leave a downgrade half done if it failed.
    bind.exec_driver_sql(f"ALTER TABLE claim_key ADD CONSTRAINT {FK} FOREIGN KEY (claim_id) REFERENCES claim (id) "
                         "NOT VALID")
    bind.exec_driver_sql(f"ALTER TABLE claim_key VALIDATE CONSTRAINT {FK}")

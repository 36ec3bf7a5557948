"""add queue-order indexes on PostgreSQL

The queue is read in pages ordered by check-worthiness, then date (undated last), then id.
SQLite walks `ix_claim_queue` backwards for that order because it sorts NULL lowest;
PostgreSQL sorts NULL highest, so it needs indexes spelled in the order itself, or it sorts
the whole table for every page. SQLite cannot declare NULLS LAST in an index, so these
exist on PostgreSQL only (`PG_ONLY_INDEXES`, left out of the models/migrations check).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Partial indexes: the queue shows canonical claims only, and PostgreSQL will not use
# `canonical_id IS NULL` on a leading column to serve the order.
PG_ONLY_INDEXES = {
    "ix_claim_queue_worth_pg": "checkworthiness DESC, claim_date DESC NULLS LAST, id DESC",
    "ix_claim_queue_date_pg": "claim_date DESC NULLS LAST, id DESC",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in PG_ONLY_INDEXES.items():
        op.execute(sa.text(f"CREATE INDEX {name} ON claim ({columns}) WHERE canonical_id IS NULL"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in PG_ONLY_INDEXES:
        op.execute(sa.text(f"DROP INDEX {name}"))

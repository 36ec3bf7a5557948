"""add PostgreSQL's own indexes for a status's or a period's claims in the queue's order

Migration 0009's indexes serve SQLite. PostgreSQL cannot take `canonical_id IS NULL` on a
column before the order's to serve the order (see migration 0005), so on the 1M-claim bench
desk it kept walking the whole queue's priority index for a verified status or an earlier
period (0.7-3.9 s a page). These partial indexes hold the queue's claims only:

- `ix_claim_status_order_pg`: a status's claims in priority order;
- `ix_claim_date_order_pg`: a period's claims with their priority and status, so the top of
  a period is sorted from the index alone.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PG_ONLY_INDEXES = {
    "ix_claim_status_order_pg": "(status, priority DESC, id DESC)",
    "ix_claim_date_order_pg": "(claim_date, priority, id) INCLUDE (status)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in PG_ONLY_INDEXES.items():
        op.execute(sa.text(f"CREATE INDEX {name} ON claim {columns} WHERE canonical_id IS NULL"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in PG_ONLY_INDEXES:
        op.execute(sa.text(f"DROP INDEX {name}"))

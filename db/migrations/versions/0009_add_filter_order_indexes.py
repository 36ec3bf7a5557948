"""add indexes that read a status's or a period's claims in the queue's order

The queue is read in priority order (`ix_claim_priority`). A filter on a status or on a
period whose claims sit deep in that order (verified claims, last year's claims: the
priority falls with both) made a page walk most of the queue to find its rows. These
indexes hold the order's columns after the filtered one, so such a page is read from the
filtered claims alone (`claims.services.narrowing`):

- `ix_claim_status_order`: a status's claims in priority order, with their date, so a
  period within a status is tested in the index too. Its leading column serves every
  lookup by status, so it replaces `ix_claim_status`.
- `ix_claim_date_order`: a period's claims with their priority and status, so the top of a
  period is sorted from the index alone.

Revision ID: 0009
Revises: 0008
"""

import sys

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_claim_status_order": ["status", "canonical_id", "priority", "id", "claim_date"],
    "ix_claim_date_order": ["claim_date", "canonical_id", "priority", "id", "status"],
}


def upgrade() -> None:
    claims = op.get_bind().exec_driver_sql("SELECT count(*) FROM claim").scalar_one()
    if claims >= 300_000:  # seconds on a large desk, once: say why the desk is slow to open
        print(f"claims: indexing {claims:,} claims by status and date (once; about 10 seconds "
              "per million claims)", file=sys.stderr, flush=True)
    for name, columns in INDEXES.items():
        op.create_index(name, "claim", columns)
    op.drop_index("ix_claim_status", table_name="claim")


def downgrade() -> None:
    op.create_index("ix_claim_status", "claim", ["status"])
    for name in INDEXES:
        op.drop_index(name, table_name="claim")

"""add claim_lock: who is reviewing which claim

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_lock",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index("ix_claim_lock_reviewer", "claim_lock", ["reviewer"])


def downgrade() -> None:
    op.drop_index("ix_claim_lock_reviewer", table_name="claim_lock")
    op.drop_table("claim_lock")

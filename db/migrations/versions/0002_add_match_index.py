"""add the candidate index for matching: postings and key frequencies

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_key",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("key", "claim_id"),
    )
    op.create_index("ix_claim_key_claim_id", "claim_key", ["claim_id"])
    op.create_table(
        "key_stat",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("key_stat")
    op.drop_index("ix_claim_key_claim_id", table_name="claim_key")
    op.drop_table("claim_key")

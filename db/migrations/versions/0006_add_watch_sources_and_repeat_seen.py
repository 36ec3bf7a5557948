"""add watched sources (with their poller lease) and when each reviewer saw a claim's repeats

Also indexes the article's ingest time and the claim's creation time: repeats and the
morning report ask for "since yesterday".

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("outlet", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("next_due", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_polled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_ok_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_summary", sa.Text(), nullable=True),
        sa.Column("lease_holder", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("lease_expires", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source"),
    )
    op.create_index("ix_watch_source_next_due", "watch_source", ["next_due"])
    op.create_table(
        "repeat_seen",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("claim_id", "reviewer"),
    )
    op.create_index("ix_article_ingested_at", "article", ["ingested_at"])
    op.create_index("ix_claim_created_at", "claim", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_claim_created_at", table_name="claim")
    op.drop_index("ix_article_ingested_at", table_name="article")
    op.drop_table("repeat_seen")
    op.drop_index("ix_watch_source_next_due", table_name="watch_source")
    op.drop_table("watch_source")

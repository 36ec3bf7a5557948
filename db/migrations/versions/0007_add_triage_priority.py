"""add the triage priority: the model that scored each claim, the queue's priority and the
verdict of a checked claim it matches, with triggers that mark a claim whose priority is due
for a refresh (``triage_dirty``)

Existing claims keep their scores (from the formula before the trained model, so their model
is NULL) and get an approximate priority (their score, done claims last); ``claims rescore``
recomputes both.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PG_ONLY_INDEXES = {"ix_claim_queue_priority_pg": "priority DESC, id DESC"}

# (table, event, claim ids to mark): what a claim's priority reads
_MARKS = (
    ("claim", "INSERT", ("NEW.id",)),
    ("claim", "UPDATE OF canonical_id, status, verdict, checkworthiness",
     ("NEW.id", "OLD.canonical_id", "NEW.canonical_id")),
    ("claim", "DELETE", ("OLD.canonical_id",)),
    ("appearance", "INSERT", ("NEW.claim_id",)),
    ("appearance", "DELETE", ("OLD.claim_id",)),
    ("match", "INSERT", ("NEW.claim_a_id", "NEW.claim_b_id")),
    ("match", "UPDATE OF state", ("NEW.claim_a_id", "NEW.claim_b_id")),
    ("match", "DELETE", ("OLD.claim_a_id", "OLD.claim_b_id")),
    ("claim_lock", "INSERT", ("NEW.claim_id",)),
    ("claim_lock", "DELETE", ("OLD.claim_id",)),
)
_ARTICLE_DATE = "INSERT INTO triage_dirty (claim_id) SELECT claim_id FROM appearance WHERE article_id = NEW.id"


def _name(table: str, event: str) -> str:
    return f"triage_{table}_{event.split()[0].lower()}"


def _inserts(ids) -> str:
    return " ".join(
        f"INSERT INTO triage_dirty (claim_id) SELECT {x} WHERE {x} IS NOT NULL;" for x in ids
    )


def upgrade() -> None:
    op.add_column("claim", sa.Column("checkworthiness_model",
                                     sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
    op.add_column("claim", sa.Column("priority", sa.Float(), nullable=False, server_default="0"))
    op.add_column("claim", sa.Column("checked_as", sqlmodel.sql.sqltypes.AutoString(length=20),
                                     nullable=True))
    op.execute("UPDATE claim SET priority = checkworthiness"
               " - CASE WHEN status IN ('verified', 'not_checkable') THEN 2 ELSE 0 END")
    op.create_index("ix_claim_priority", "claim", ["canonical_id", "priority", "id"])
    op.create_table(
        "triage_dirty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for name, columns in PG_ONLY_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON claim ({columns}) WHERE canonical_id IS NULL")
        for table, event, ids in _MARKS:
            name = _name(table, event)
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       f"{_inserts(ids)} RETURN NULL; END $$")
            op.execute(f'CREATE TRIGGER {name} AFTER {event} ON "{table}" '
                       f"FOR EACH ROW EXECUTE FUNCTION {name}()")
        op.execute("CREATE FUNCTION triage_article_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN {_ARTICLE_DATE}; RETURN NULL; END $$")
        op.execute("CREATE TRIGGER triage_article_update AFTER UPDATE OF published ON article "
                   "FOR EACH ROW EXECUTE FUNCTION triage_article_update()")
    else:
        for table, event, ids in _MARKS:
            op.execute(f'CREATE TRIGGER {_name(table, event)} AFTER {event} ON "{table}" '
                       f"BEGIN {_inserts(ids)} END")
        op.execute("CREATE TRIGGER triage_article_update AFTER UPDATE OF published ON article "
                   f"BEGIN {_ARTICLE_DATE}; END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    names = [_name(t, e) for t, e, _ in _MARKS] + ["triage_article_update"]
    tables = [t for t, _, _ in _MARKS] + ["article"]
    for name, table in zip(names, tables, strict=False):
        op.execute(f'DROP TRIGGER {name} ON "{table}"' if postgres else f"DROP TRIGGER {name}")
        if postgres:
            op.execute(f"DROP FUNCTION {name}()")
    if postgres:
        for name in PG_ONLY_INDEXES:
            op.execute(f"DROP INDEX {name}")
    op.drop_table("triage_dirty")
    op.drop_index("ix_claim_priority", table_name="claim")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("checked_as")
        batch.drop_column("priority")
        batch.drop_column("checkworthiness_model")

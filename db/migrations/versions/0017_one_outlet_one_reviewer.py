"""outlets and reviewers stored by older versions under names that show alike are made one

Since 9cbe919 and b8a434d an outlet's and a reviewer's name is stored without the invisible
characters web text and chats carry (a zero-width space, a direction mark, a BOM, a soft
hyphen; the joiners U+200C and U+200D stay), and since the fix of issue 15's "noticed" list an
import or an ingest finds an outlet as `--outlet` does (case, NFKC width forms, straight or
curly apostrophes and hyphens). A desk written before holds 'Northline\\u200b News', 'CNN' and
'ＣＮＮ' as outlets of their own (triage counts a claim's spread over each), and 'ana\\u200b' as
a reviewer apart from 'ana' (who could neither release what it took nor undo its change).

- Outlets of one identity (the rule in `db.migrations.outlets_0017`, as it is at this step: case, width, straight
  or curly apostrophes and hyphens, runs of whitespace) become the first stored (lowest id): the others' articles are moved to it and they are deleted; its name loses
  its invisible characters. The claims seen in moved articles are marked for triage (their
  spread over outlets changed). An undone import's rows kept for redo name the outlet its
  article moved to. Each merge is an audit event (`claims history`: action 'merge-outlets',
  reviewer '(migration)') naming the outlets that went.
- Reviewers' names lose their invisible characters in `claim`, `event`, `claim_lock` and
  `repeat_seen` (where one reviewer then has two marks for a claim, the later is kept). A name
  that would show nothing is left as it is.

Downgrade leaves both: the version before reads one outlet and cleaned names as its own.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.outlets_0017 import identity, merge_outlets, visible  # noqa: F401 - identity: the step's rule (tested)

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _outside_ascii(bind, column: str) -> str:
    return f"{column} ~ '[^ -~]'" if bind.dialect.name == "postgresql" else f"{column} GLOB '*[^ -~]*'"


def _clean_reviewers(bind) -> None:
    for table in ("claim", "event", "claim_lock"):
        names = bind.execute(sa.text(f"SELECT DISTINCT reviewer FROM {table} "
                                     f"WHERE {_outside_ascii(bind, 'reviewer')}")).scalars().all()
        changes = [{"raw": raw, "cleaned": cleaned} for raw in names
                   if (cleaned := visible(raw)) is not None and cleaned != raw]
        if changes:
            bind.execute(sa.text(f"UPDATE {table} SET reviewer = :cleaned WHERE reviewer = :raw"), changes)
    rows = bind.execute(sa.text(f"SELECT claim_id, reviewer, seen_at FROM repeat_seen "
                                f"WHERE {_outside_ascii(bind, 'reviewer')}")).all()
    for claim_id, raw, seen_at in rows:
        cleaned = visible(raw)
        if cleaned is None or cleaned == raw:
            continue
        key = {"claim": claim_id, "cleaned": cleaned}
        other = bind.execute(sa.text("SELECT seen_at FROM repeat_seen WHERE claim_id = :claim AND reviewer = :cleaned"),
                             key).first()
        if other is None:
            bind.execute(sa.text("UPDATE repeat_seen SET reviewer = :cleaned WHERE claim_id = :claim AND reviewer = :raw"),
                         {**key, "raw": raw})
            continue
        if other.seen_at < seen_at:
            bind.execute(sa.text("UPDATE repeat_seen SET seen_at = :at WHERE claim_id = :claim AND reviewer = :cleaned"),
                         {**key, "at": seen_at})
        bind.execute(sa.text("DELETE FROM repeat_seen WHERE claim_id = :claim AND reviewer = :raw"),
                     {"claim": claim_id, "raw": raw})


def upgrade() -> None:
    bind = op.get_bind()
    merge_outlets(bind)
    _clean_reviewers(bind)


def downgrade() -> None:
    pass  # the names as they were are not kept; the version before reads these as its own

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

from alembic import op

from db.migrations.outlets_0017 import identity, merge_outlets, visible  # noqa: F401 - identity: the step's rule (tested)
from db.migrations.reviewer_names import rename_reviewers

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    merge_outlets(bind)
    rename_reviewers(bind, visible)


def downgrade() -> None:
    pass  # the names as they were are not kept; the version before reads these as its own

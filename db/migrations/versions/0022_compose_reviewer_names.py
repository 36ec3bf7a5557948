"""reviewers' names stored with decomposed accents are composed (NFC)

Since 0aa1dc8 a reviewer's name is stored with its accents composed ('e\\u0301va', as macOS and
some keyboards give it, is stored 'éva'), so that one person is one reviewer however the name
was typed. A desk written before holds 'e\\u0301va' where that was typed: after the upgrade of
the code alone, the same reviewer could neither release the claims it took nor undo its changes
('being reviewed by éva, not by éva'). Names in `claim`, `event`, `claim_lock`, `repeat_seen`
and `watch_source.added_by` are composed (where one reviewer then has two marks for a claim in
`repeat_seen`, the later is kept). Outlets need nothing: they are found by identity, which folds
accents' forms already.

The upgrade is one transaction: a desk it fails on is left at 0021, as it was.
Downgrade leaves the names composed: the version before reads them as its own.

Revision ID: 0022
Revises: 0021
"""

import unicodedata

from alembic import op

from db.migrations.reviewer_names import rename_reviewers

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _composed(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def upgrade() -> None:
    rename_reviewers(op.get_bind(), _composed, columns=(("watch_source", "added_by"),))


def downgrade() -> None:
    pass

"""retriage claims whose day lies after today or before 1900

Since 2eb43fc triage's recency counts a day after today as today and one before 1900 as
1900-01-01 (`claims.triage.priority.counted_day`). A priority stored by an earlier version
was not recomputed: a claim published on 9999-12-27 kept its +9,707 boost at the top of the
queue, and `claims show` printed terms that did not add up to it. Each claim appearing in an
article published (or, without a publication day, ingested) after the day of this upgrade
or before 1900 is marked in ``triage_dirty``, as migrations 0007 and 0017 mark theirs: the
next command that reads the queue recomputes its priority.

The upgrade is one transaction: a desk it fails on is left at 0019, as it was.
Downgrade marks nothing back (the priorities recomputed are the ones the code gives).

Revision ID: 0020
Revises: 0019
"""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

FIRST_DAY = date(1900, 1, 1)  # claims.triage.priority.FIRST_DAY, as it is at this step


def upgrade() -> None:
    tomorrow = date.today() + timedelta(days=1)
    day, moment = sa.Date(), sa.DateTime()
    op.get_bind().execute(
        sa.text("INSERT INTO triage_dirty (claim_id) SELECT DISTINCT a.claim_id FROM appearance a "
                "JOIN article r ON r.id = a.article_id "
                "WHERE r.published >= :tomorrow OR r.published < :first "
                "OR (r.published IS NULL AND (r.ingested_at >= :tomorrow_at OR r.ingested_at < :first_at))")
        .bindparams(sa.bindparam("tomorrow", type_=day), sa.bindparam("first", type_=day),
                    sa.bindparam("tomorrow_at", type_=moment), sa.bindparam("first_at", type_=moment)),
        {"tomorrow": tomorrow, "first": FIRST_DAY,
         "tomorrow_at": datetime.combine(tomorrow, time()), "first_at": datetime.combine(FIRST_DAY, time())})


def downgrade() -> None:
    pass

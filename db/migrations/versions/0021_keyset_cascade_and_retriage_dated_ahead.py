"""claim_keyset.claim_id: ON DELETE CASCADE (a claim deleted takes its keyset row along);
claims dated after the day their article was stored are re-triaged

A process of the version before 0019, opened before another migrated the desk, knows nothing
of `claim_keyset`: undoing an import it deletes the claims' postings and then the claims, and
the keyset rows still pointing at them made the delete fail on a foreign key (rolled back,
nothing lost, but the undo could not be done). With the cascade the database removes them.

- PostgreSQL: the foreign key is dropped and made again with the cascade.
- SQLite has no ALTER for a foreign key: the table is made again (a new table, its rows
  copied, the old one dropped, the new one renamed; its indexes and triggers made again). No
  edit of sqlite_master: an SQLite in defensive mode refuses that (see 0018). No table refers to
  claim_keyset, so the rebuild needs no foreign key deferred.

Recency also changed with it (`claims.services.triage.standings`): a publication day after
the day following the article's storing counts as that day, no longer as the day the priority
was computed, which a stored priority kept while newer claims rose past it. Each claim
appearing in an article published after the day it was stored is marked in ``triage_dirty``,
as 0020 marks its own: the next command that reads the queue recomputes its priority.

The upgrade is one transaction: a desk it fails on is left at 0020, as it was.
Downgrade takes the cascade off again (the priorities recomputed stay).

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

FK = "claim_keyset_claim_id_fkey"  # PostgreSQL's name for 0019's unnamed constraint, kept


def _sqlite_rebuild(bind, on_delete: str) -> None:
    others = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE tbl_name = 'claim_keyset' "
                                  "AND type IN ('index', 'trigger') AND sql IS NOT NULL").scalars().all()
    bind.exec_driver_sql("CREATE TABLE claim_keyset_0021 (claim_id INTEGER NOT NULL, keys TEXT NOT NULL, "
                         f"PRIMARY KEY (claim_id), FOREIGN KEY(claim_id) REFERENCES claim (id){on_delete})")
    # a row whose claim is gone (deleted where foreign keys were off: the sqlite3 shell) is
    # left behind, as the cascade would have taken it: copied, it failed the upgrade, and every
    # command upgrades on open, so none could have removed it
    bind.exec_driver_sql("INSERT INTO claim_keyset_0021 (claim_id, keys) SELECT claim_id, keys FROM claim_keyset "
                         "WHERE claim_id IN (SELECT id FROM claim)")
    bind.exec_driver_sql("DROP TABLE claim_keyset")
    bind.exec_driver_sql("ALTER TABLE claim_keyset_0021 RENAME TO claim_keyset")
    for sql in others:
        bind.exec_driver_sql(sql)


def _postgresql_fk(bind, on_delete: str) -> None:
    # found by what it is, not by name (a desk made another way may name it otherwise)
    names = bind.exec_driver_sql("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                                 "AND conrelid = 'claim_keyset'::regclass").scalars().all()
    for name in names:
        bind.exec_driver_sql(f'ALTER TABLE claim_keyset DROP CONSTRAINT "{name}"')
    bind.exec_driver_sql(f"ALTER TABLE claim_keyset ADD CONSTRAINT {FK} FOREIGN KEY (claim_id) "
                         f"REFERENCES claim (id){on_delete}")


def _set(on_delete: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _postgresql_fk(bind, on_delete)
    else:
        _sqlite_rebuild(bind, on_delete)


def _retriage_dated_ahead(bind) -> None:
    # the UTC day, whatever the server's or the session's TimeZone (a timestamptz cast to a date
    # takes the session's day)
    stored_day = ("CAST(r.ingested_at AT TIME ZONE 'UTC' AS DATE)" if bind.dialect.name == "postgresql"
                  else "date(r.ingested_at)")
    bind.exec_driver_sql("INSERT INTO triage_dirty (claim_id) SELECT DISTINCT a.claim_id FROM appearance a "
                         f"JOIN article r ON r.id = a.article_id WHERE r.published > {stored_day}")


def upgrade() -> None:
    _set(" ON DELETE CASCADE")
    _retriage_dated_ahead(op.get_bind())


def downgrade() -> None:
    _set("")

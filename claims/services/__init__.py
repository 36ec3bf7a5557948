"""The one core both front doors use: each function is one unit of work in one transaction."""

from db.commit_hooks import before_commit


def _refresh_priorities(conn) -> None:
    from claims.services.triage import refresh_dirty  # SQLAlchemy: imported once something writes

    refresh_dirty(conn)


before_commit(_refresh_priorities)  # every write keeps the queue's priorities in step

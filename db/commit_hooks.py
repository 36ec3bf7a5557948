"""What runs before each commit of a transaction that wrote (a session's or a write_connection's).

The domain registers what must stay in step with every write (the queue's priorities); db
knows nothing of it, as the import direction is claims -> db. Plain data, so registering
costs no import of SQLAlchemy.
"""

from __future__ import annotations

HOOKS: list = []


def before_commit(hook) -> None:
    """Run ``hook(connection)`` before each commit of a transaction that wrote something."""
    if hook not in HOOKS:
        HOOKS.append(hook)

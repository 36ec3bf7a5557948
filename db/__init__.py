"""Storage: engines from a URL, sessions, SQLite pragmas, Alembic migrations.

`Database` (and with it SQLAlchemy) is imported on first use, so that `db.errors` and
`db.urls` stay cheap for commands that never open a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.errors import DatabaseError
from db.urls import default_sqlite_path, resolve_url

if TYPE_CHECKING:
    from db.engine import Database

__all__ = ["Database", "DatabaseError", "default_sqlite_path", "resolve_url"]


def __getattr__(name: str):
    if name == "Database":
        from db.engine import Database

        return Database
    raise AttributeError(f"module 'db' has no attribute {name!r}")

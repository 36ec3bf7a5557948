"""Storage: engines from a URL, sessions, SQLite pragmas, Alembic migrations."""

from db.engine import Database
from db.errors import DatabaseError
from db.urls import default_sqlite_path, resolve_url

__all__ = ["Database", "DatabaseError", "default_sqlite_path", "resolve_url"]

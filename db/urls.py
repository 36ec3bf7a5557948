"""Where the desk lives: a database URL from an option, the environment, or the default file."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "CLAIMS_DB"


def default_sqlite_path() -> Path:
    return user_data_path("claims", appauthor=False) / "claims.db"


def resolve_url(value: str | None = None) -> str:
    """Turn `--db`, `$CLAIMS_DB` or nothing into an SQLAlchemy URL.

    A value with `://` is a URL as given; anything else is a path to an SQLite file.
    """
    value = value or os.environ.get(ENV_VAR) or str(default_sqlite_path())
    if "://" in value:
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; a bare postgresql:// would ask for psycopg2.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value
    path = Path(value).expanduser()
    return f"sqlite:///{path.resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other backends and in-memory databases."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def display_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

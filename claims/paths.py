"""A file path as a person typed it: `~` and `~user` expanded, or one line saying why not."""

from __future__ import annotations

from pathlib import Path

from claims.errors import ClaimsError


def typed_path(value: str | Path) -> Path:
    """`value` with `~` expanded; a ClaimsError when `~user` names no user with a home folder
    (pathlib raises RuntimeError there)."""
    try:
        return Path(value).expanduser()
    except RuntimeError:
        user = str(value).split("/", 1)[0]
        raise ClaimsError(f"{value}: {user} is no user with a home folder; give the path in full") from None


def resolved_path(value: str | Path) -> Path:
    """`typed_path(value)` made absolute with its symbolic links followed; a ClaimsError when
    they lead round in a loop (pathlib raises RuntimeError there too)."""
    path = typed_path(value)
    try:
        return path.resolve()
    except RuntimeError:
        raise ClaimsError(f"{value}: its symbolic links lead round in a loop; give the path of a file") from None

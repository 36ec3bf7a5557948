"""Who is reviewing: `--reviewer`, `$CLAIMS_REVIEWER`, the config file, or the OS user."""

from __future__ import annotations

import getpass
import os


def default_reviewer() -> str:
    """The name as given (`--reviewer` checks it: one that shows nothing, or holds a direction
    control, is refused there); `stored_default_reviewer` for a caller that takes it directly."""
    env = os.environ.get("CLAIMS_REVIEWER", "").strip()
    if env:
        return env
    from claims.config import load_settings  # read only when no environment value decides

    configured = load_settings().default_reviewer
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"


def stored_default_reviewer() -> str:
    """`default_reviewer` as `--reviewer` stores it (`reviewer_name`): the desk and an import
    called without one stored 'ana\u200b' from $CLAIMS_REVIEWER in match.decided_by and the
    audit log."""
    name = default_reviewer()
    return reviewer_name(name) or name


def reviewer_name(name: str) -> str:
    """A reviewer's name as stored: one line without invisible characters (`visible_name`),
    or '' when nothing is left."""
    from claims.limits import visible_name

    return visible_name(name.strip()) or ""

"""Who is reviewing: `--reviewer`, `$CLAIMS_REVIEWER`, the config file, or the OS user."""

from __future__ import annotations

import getpass
import os


def default_reviewer() -> str:
    """The name, as `--reviewer` stores it (`reviewer_name`): the desk and an import called
    without one stored 'ana\u200b' from $CLAIMS_REVIEWER in match.decided_by and the audit log."""
    env = reviewer_name(os.environ.get("CLAIMS_REVIEWER", ""))
    if env:
        return env
    from claims.config import load_settings  # read only when no environment value decides

    configured = reviewer_name(load_settings().default_reviewer or "")
    if configured:
        return configured
    try:
        return reviewer_name(getpass.getuser()) or "reviewer"
    except Exception:  # no login name in some containers
        return "reviewer"


def reviewer_name(name: str) -> str:
    """A reviewer's name as stored: one line without invisible characters (`visible_name`),
    or '' when nothing is left."""
    from claims.limits import visible_name

    return visible_name(name.strip()) or ""

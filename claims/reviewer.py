"""Who is reviewing: `--reviewer`, `$CLAIMS_REVIEWER`, the config file, or the OS user."""

from __future__ import annotations

import getpass
import os


def default_reviewer() -> str:
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

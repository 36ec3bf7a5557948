"""Who is reviewing: `--reviewer`, `$CLAIMS_REVIEWER`, or the OS user."""

from __future__ import annotations

import getpass
import os


def default_reviewer() -> str:
    env = os.environ.get("CLAIMS_REVIEWER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "reviewer"

"""Who is reviewing: `--reviewer`, `$CLAIMS_REVIEWER`, the config file, or the OS user.

One rule for the name, whichever door gave it (`checked_reviewer`): the default was checked
only when it passed through `--reviewer` (and a refusal named `--reviewer` though the name came
from $CLAIMS_REVIEWER), while the desk and an import stored it as it was, blank or not."""

from __future__ import annotations

import getpass
import os


def checked_reviewer(value: str, source: str) -> str:
    """`value` as a reviewer's name is stored (`claims.limits.checked_name`), or ClaimsError
    naming `source` (`--reviewer`, `$CLAIMS_REVIEWER`, the config file's key)."""
    from claims.limits import checked_name, typed_text

    return checked_name(typed_text(value), source)


def _default_and_source() -> tuple[str, str]:
    """The name when no `--reviewer` is given, as given, with where it came from. An unset or
    empty ("") variable or key is not given (the next source decides); anything else is the
    name, and one that cleans to nothing (spaces, NBSP, ZWSP) is refused by `checked_reviewer`
    naming it: stripping first let '   ' fall through to the login name."""
    env = os.environ.get("CLAIMS_REVIEWER", "")
    if env != "":
        return env, "$CLAIMS_REVIEWER"
    from claims.config import load_settings  # read only when no environment value decides

    settings = load_settings()
    if settings.default_reviewer is not None:
        return settings.default_reviewer, f"{settings.source or 'the config file'}: [review] default_reviewer"
    try:
        return getpass.getuser(), "your login name"
    except Exception:  # no login name in some containers
        return "reviewer", "the default reviewer name"


def default_reviewer() -> str:
    """The reviewer when no `--reviewer` is given, checked and cleaned by `checked_reviewer`
    (ClaimsError naming $CLAIMS_REVIEWER or the config file's key when it is refused)."""
    return checked_reviewer(*_default_and_source())


# the name callers outside the CLI know it by (the desk, an import called without a reviewer)
stored_default_reviewer = default_reviewer


def reviewer_name(name: str) -> str:
    """A reviewer's name as stored: one line without invisible characters (`visible_name`),
    or '' when nothing is left."""
    from claims.limits import visible_name

    return visible_name(name.strip()) or ""

"""The desk under a settings file the system refuses to look at (issue 15, noticed by earlier
passes): load_settings's path.exists() raised OSError (PermissionError for a folder the user
may not look in, a name too long), which the desk's keys and verdict labels, catching only
ClaimsError, let out: the desk ended in a traceback as it opened. They fall back to the
defaults, the keys saying why in one line naming the file."""

from __future__ import annotations

import pytest

from tui.keymap import settings_keymap
from tui.verdict_labels import configured_labels


@pytest.mark.parametrize("name", ["z" * 300 + ".toml", "locked/c.toml"])
def test_the_desks_settings_fall_back_when_the_file_cannot_be_looked_at(tmp_path, monkeypatch, name):
    from pathlib import Path

    path = tmp_path / name
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))
    if name.startswith("locked"):  # as a folder chmod 000 is to a user (the tests may run as root)
        real_exists = Path.exists

        def refused(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(path))
            return real_exists(self, *args, **kwargs)

        monkeypatch.setattr(Path, "exists", refused)
    keys, problem = settings_keymap()
    assert keys == {} and problem is not None and problem.startswith(f"{path}: ") \
        and problem.endswith("; using the default keys"), problem
    assert configured_labels() == {}

"""User key remapping: binding ids to keys, read from a TOML file and given to `App.set_keymap`.

`$XDG_CONFIG_HOME/claims/keys.toml` (or `~/.config/claims/keys.toml`), for example::

    [keys]
    set-verdict-false = "f"
    undo = "ctrl+z,U"

Every binding id is listed on the help screen (`?`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def keymap_path() -> Path:
    base = os.environ.get("CLAIMS_KEYS") or ""
    if base:
        return Path(base)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "claims" / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap in the file (empty when there is none) and a problem to show, if any."""
    path = path or keymap_path()
    if not path.exists():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: not read ({exc}); using the default keys"
    table = data.get("keys", data)
    keymap: dict[str, str] = {}
    bad: list[str] = []
    for binding_id, keys in table.items():
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            bad.append(binding_id)
            continue
        keymap[binding_id] = keys.replace(" ", "")
    problem = f"{path}: ignored {', '.join(bad)} (give keys as a string)" if bad else None
    return keymap, problem

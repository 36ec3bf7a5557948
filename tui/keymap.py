"""User key remapping: binding ids to keys, given to `App.set_keymap`.

The `[keys]` table of the settings file (`claims config path`) and, over it,
`$XDG_CONFIG_HOME/claims/keys.toml` (or `~/.config/claims/keys.toml`), for example::

    [keys]
    set-verdict-false = "z"
    undo = "ctrl+z,ctrl+u"

An entry that would give a key a second action on one screen (`set-verdict-true = "5"`
while 5 is still verdict false; `f`, the filter) is left out with a warning.

Every binding id is listed on the help screen (`?`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from claims import untrusted
from claims.config import MAX_SETTINGS_BYTES, load_settings, own_settings_file
from claims.errors import ClaimsError
from claims.limits import message_line, text_problem
from claims.paths import read_regular_file


def keymap_path() -> Path | None:
    """The keys file, or None where there is none to look for (no home folder: HOME unset and
    none for the user, which ended the desk in a RuntimeError traceback)."""
    base = os.environ.get("CLAIMS_KEYS") or ""
    if base:
        return Path(base)
    return own_settings_file("keys.toml")  # beside config.toml and filters.json, whatever HOME holds


def settings_keymap() -> tuple[dict[str, str], str | None]:
    """The `[keys]` of the settings file, and a problem to show if the file cannot be read."""
    try:
        return {k: v.replace(" ", "") for k, v in load_settings().keys.items()}, None
    except ClaimsError as exc:
        return {}, f"{exc}; using the default keys"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap (settings file, then keys.toml over it) and a problem to show, if any."""
    base, problem = settings_keymap()
    path = path or keymap_path()
    keymap, own_problem = _load_keys_file(path) if path is not None else ({}, None)
    return {**base, **keymap}, own_problem or problem


def _load_keys_file(path: Path) -> tuple[dict[str, str], str | None]:
    try:  # exists() too: a name longer than the system takes (a long XDG_CONFIG_HOME) ended the desk
        if not path.exists():
            return {}, None
        data = untrusted.toml_loads(read_regular_file(path, limit=MAX_SETTINGS_BYTES, what="keys file").decode())
    except OSError as exc:
        return {}, f"{path}: not read ({exc.strerror or exc}); using the default keys"
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: not read ({exc}); using the default keys"
    except ClaimsError as exc:  # a pipe, a device, too large: said by read_regular_file
        return {}, f"{exc}; using the default keys"
    table = data.get("keys", data)
    if not isinstance(table, dict):  # `keys = 5` or `keys = "z"`: its .items() ended the desk
        return {}, f"{path}: not read (keys must be a table: [keys] then id = \"key\" lines); using the default keys"
    keymap: dict[str, str] = {}
    bad: list[str] = []
    for binding_id, keys in table.items():
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        # an id or key holding a control character (ESC retitled the terminal from the footer and `?`)
        if not isinstance(keys, str) or not _names_a_key(keys) or text_problem(binding_id) or text_problem(keys):
            bad.append(binding_id)
            continue
        keymap[binding_id] = keys.replace(" ", "")
    problem = f"{path}: ignored {', '.join(message_line(b) for b in bad)} (give keys as a string)" if bad else None
    return keymap, problem


def _names_a_key(keys: str) -> bool:
    """Whether `keys` ("z", "ctrl+z,ctrl+u") names at least one key: "," or " , " named none,
    and took the action's own key away without a word (undo could not be reached)."""
    return any(part.strip() for part in keys.split(","))


def bindings_of(*classes) -> list:
    """Every binding of these classes and their bases (Textual's own too: ctrl+q, ctrl+c, tab)."""
    from textual.binding import Binding

    out = []
    for cls in classes:
        for klass in reversed(cls.__mro__):
            out += [b if isinstance(b, Binding) else Binding(*b) for b in vars(klass).get("BINDINGS", ())]
    return out


def key_hint(node, binding_id: str, owner: type | None = None) -> str:
    """How the key in force for the binding `binding_id` (of `owner`, else of `node`'s class)
    reads, as the footer shows it ('^s', or the key the keymap moved it to): the hints written
    into dialogs and messages ('ctrl+s save') named the default keys after [keys] moved them."""
    from dataclasses import replace

    for b in bindings_of(owner or type(node)):
        if b.id == binding_id:
            moved = getattr(node.app, "keys_in_force", {}).get(binding_id)
            key = (moved or b.key).split(",")[0].strip()
            return node.app.get_key_display(replace(b, key=key, key_display=None if moved else b.key_display))
    raise LookupError(f"no binding {binding_id!r}")


def unknown_ids(keymap: dict[str, str], places: dict[str, list]) -> tuple[dict[str, str], list[str]]:
    """The keymap less the ids no binding of the desk has, and a line for each: Textual ignores
    such an entry, so a misspelt id (`set-verdict-flase = "9"`) was ignored without a word."""
    known = {b.id for bindings in places.values() for b in bindings if b.id}
    unknown = sorted(set(keymap) - known)
    return ({k: v for k, v in keymap.items() if k in known},
            [f"[keys] {k}: no key binding has this id (`?` lists them)" for k in unknown])


def without_clashes(keymap: dict[str, str], places: dict[str, list]) -> tuple[dict[str, str], list[str]]:
    """The keymap less the entries that would give a key a second action where both answer
    (`set-verdict-true = "5"` with 5 still verdict false: one of them silently lost), and
    what was left out. An entry left out leaves its binding on its own key, which is checked
    again; a swap (true = "5", false = "1") clashes nowhere and stays."""
    keymap, left_out = dict(keymap), []
    while True:
        clash = _first_clash(keymap, places)
        if clash is None:
            return keymap, left_out
        binding_id, key, other, place = clash
        left_out.append(f'[keys] {binding_id} = "{keymap.pop(binding_id)}" not applied: {key} is '
                        f"{other}'s key on {place}")


def taken_by_focus(keymap: dict[str, str], focused: dict[str, tuple[list, list]]) -> tuple[dict[str, str], list[str]]:
    """The keymap less the entries moving a dialog's binding to a key the field that always
    has its focus takes itself (`note-save = "ctrl+w"`: the note's TextArea deletes a word
    with it, so the note could not be saved by any key), and what was left out. `focused`:
    per dialog, its own bindings and the focused widget's."""
    keymap, left_out = dict(keymap), []
    for place, (bindings, widget_bindings) in focused.items():
        taken = {k.strip() for b in widget_bindings for k in b.key.split(",")}
        for b in bindings:
            if b.id not in keymap or b.priority:
                continue
            lost = [k.strip() for k in keymap[b.id].split(",") if k.strip() in taken]
            if lost:
                left_out.append(f'[keys] {b.id} = "{keymap.pop(b.id)}" not applied: the text field of {place} '
                                f"takes {lost[0]} itself")
    return keymap, left_out


def _first_clash(keymap: dict[str, str], places: dict[str, list]) -> tuple[str, str, str, str] | None:
    for place, bindings in places.items():
        owner: dict[str, object] = {}
        for b in bindings:
            for key in (keymap.get(b.id, b.key) if b.id else b.key).split(","):
                seen = owner.setdefault(key.strip(), b)
                if seen.action == b.action:
                    continue
                mine = b if b.id in keymap else seen if seen.id in keymap else None
                if mine is not None:
                    other = seen if mine is b else b
                    return mine.id, key.strip(), other.id or other.action, place
    return None


def keys_in_place(remapped, original) -> None:
    """Put `remapped`'s keys (a node's bindings, keymap applied) in the order of its bindings
    in `original` (before): Textual's keymap moves every rebound binding after the others."""
    place: dict[str, int] = {}
    for i, (key, bindings) in enumerate(original.key_to_bindings.items()):
        place.setdefault(f"key {key}", i)
        for b in bindings:
            if b.id:
                place.setdefault(f"id {b.id}", i)
    end = len(place)

    def where(key: str) -> int:
        found = [place[f"id {b.id}"] for b in remapped.key_to_bindings[key] if f"id {b.id}" in place]
        return min(found) if found else place.get(f"key {key}", end)

    remapped.key_to_bindings = {k: remapped.key_to_bindings[k] for k in sorted(remapped.key_to_bindings, key=where)}


class KeysInPlace:
    """For every screen of the desk: a key moved by the keymap (`set-verdict-false = "z"`)
    stands where its binding stands, in the footer and in `?` help. Textual puts each moved
    binding last, so the footer's verdict keys read '1 2 3 4 6 7' and z fell off its right
    end. (Textual has no public hook: this wraps the screen's binding chain, which the
    footer, the help and the key dispatch all read; the order changes nothing else.)"""

    @property
    def _binding_chain(self):
        chain = super()._binding_chain
        for node, bindings in chain:
            keys_in_place(bindings, node._bindings)
        return chain

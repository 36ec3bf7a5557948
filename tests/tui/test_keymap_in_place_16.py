"""A key moved by a keymap (`[keys] set-verdict-false = "z"`) kept its place in neither the
footer nor `?` help (issue 15): Textual's keymap puts every moved binding after all the others,
so on a 120-column desk the footer's verdict keys read '1 2 3 4 6 7' and z and the note's key
fell off its right end; the palette's help still said '(key c)'. A moved key now stands
where its binding stands, and the palette names it."""

from __future__ import annotations

import inspect

from textual.screen import Screen

import tui.screens as screens_package
from tui.app import ClaimsApp
from tui.commands import screen_commands
from tui.keymap import KeysInPlace
from tui.screens.help import SCREEN, binding_rows
from tui.testing import notifications_told, settle

KEYMAP = {"set-verdict-false": "z", "edit-note": "N", "open-articles": "A"}


async def test_moved_keys_show_in_their_place(seeded):
    db, _ = seeded
    app = ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=KEYMAP)
    said = notifications_told(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        footer = [k for k in screen.query("FooterKey") if k.key != "ctrl+p"]
        keys = [k.key for k in footer]
        assert keys[:9] == ["1", "2", "3", "4", "z", "6", "7", "r", "u"], keys
        assert keys.index("N") == keys.index("n") + 1 and keys.index("A") == keys.index("s") + 1, keys
        for key in ("z", "N"):
            shown = next(k for k in footer if k.key == key)
            assert screen.region.contains_region(shown.region), f"{key} at {shown.region}: off the screen"
        rows = [(keys, bid) for where, keys, _, bid, _ in binding_rows(screen) if where == SCREEN]
        ids = [bid for _, bid in rows]
        assert ids.index("set-verdict-false") == ids.index("set-verdict-mostly-false") + 1, ids
        assert ("z", "set-verdict-false") in rows and ("N", "edit-note") in rows
        # the palette names the key in force
        helps = {action: help_text for _, help_text, action in screen_commands(screen)}
        assert helps["edit_note"] == "Write the verdict note (key N)"
        assert helps["set_verdict('false')"].endswith("(key z)") and helps["set_verdict('true')"].endswith("(key 1)")
        await pilot.press("z")  # and the keys still do what they did
        await settle(pilot)
        assert "verdict false" in "\n".join(said)


def test_every_desk_screen_keeps_moved_keys_in_place():
    import importlib
    import pkgutil

    missing = []
    for info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ and not issubclass(cls, KeysInPlace):
                missing.append(cls.__name__)
    assert not missing, missing

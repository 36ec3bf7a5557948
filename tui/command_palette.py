"""The desk's command palette: Textual's, with page up / page down that wait for the list.

`ctrl+p` then PageDown (or PageUp) in one burst of keys reached the palette's list before it
was laid out: Textual's `OptionList._move_page` looks up the highlighted option's line in
a line table that is filled at layout, and its KeyError ended the desk. Here a page key
does nothing until the list has a size (a page of nothing is no move).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from tui.screens.dialog import DismissOnce


class DeskCommandPalette(DismissOnce, CommandPalette):
    """Closed once, as every dialog of the desk (a burst of enter or escape in it)."""

    BINDINGS = [  # in place of the palette's own bindings of these keys
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.scrollable_content_region:  # not laid out yet: no lines, no page
            return
        if direction > 0:
            commands.action_page_down()
        else:
            commands.action_page_up()

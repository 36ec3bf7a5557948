"""`?`: every key that works on the screen below, read from its live bindings (keymap applied)."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static, TextArea

from tui.keymap import KeysInPlace
from tui.literal_text import shown_tooltip
from tui.screens.dialog import DismissOnce


def binding_rows(screen: Screen) -> list[tuple[str, str, str, str, str]]:
    """(where, keys, description, binding id, tooltip) for every binding that applies on
    `screen`: this screen's own first, then the focused widget's, then those of the whole desk."""
    app = screen.app
    rows: dict[tuple[str, str], list] = {}
    order: list[tuple[str, str]] = []
    for _key, active in screen.active_bindings.items():
        b = active.binding
        if b.system or not b.description:
            continue
        where = _group(active.node, app)
        ident = (where, b.id or b.action)
        if ident not in rows:
            rows[ident] = [where, [], b.description, b.id or "", shown_tooltip(b.tooltip)]
            order.append(ident)
        rows[ident][1].append(app.get_key_display(b))
    rank = {SCREEN: 0, DESK: 2}
    # stable: each group keeps its order, but Textual's own screen keys (tab, copy; no id) follow ours
    order.sort(key=lambda ident: (rank.get(ident[0], 1), ident[0] == SCREEN and not rows[ident][3]))
    out = []
    for ident in order:
        where, keys, desc, bid, tip = rows[ident]
        out.append((where, " ".join(dict.fromkeys(keys)), desc, bid, tip))
    return out


SCREEN, DESK = "this screen", "everywhere"


def _group(node, app) -> str:
    """The heading of a binding's group. A widget's own (the list's cursor keys, a scrolling
    pane's) was headed by its class name ('ClaimTable', 'VerticalScroll') and came first,
    above the screen's keys a reviewer looks for."""
    if node is app:
        return DESK
    if isinstance(node, Screen):
        return SCREEN
    named = getattr(node, "HELP_GROUP", None)
    if named:
        return named
    if isinstance(node, DataTable):
        return "the list"
    if isinstance(node, Input | TextArea):
        return "typing"
    if isinstance(node, ScrollableContainer):
        return "scrolling"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(node).__name__).lower()


class HelpScreen(KeysInPlace, DismissOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help-close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column("key", style="bold yellow", no_wrap=True)
        table.add_column("does")
        table.add_column("id (keys.toml)", style="grey50", no_wrap=True)
        last = None
        for where, keys, desc, bid, tip in binding_rows(self.below):
            if where != last:
                table.add_row(Text(where, style="bold cyan"), "", "")
                last = where
            text = Text(desc)
            if tip:
                text.append(f" — {tip}", style="grey62")
            table.add_row(Text(keys), text, Text(bid))  # keys from the settings file: never markup
        title = getattr(self.below, "sub_title", "") or type(self.below).__name__
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(f"Keys: {title}  [dim]escape closes[/]", classes="dialog-title")
            yield Static(table)
            yield Static(
                Text.assemble(
                    ("ctrl+p", "bold yellow"), " opens the command palette with every action.\n",
                    "Remap any key by its id in ", ("$XDG_CONFIG_HOME/claims/keys.toml", "bold"),
                    " (else ~/.config/claims/keys.toml), e.g. ",
                    ('[keys] set-verdict-false = "z"', "italic"), " (a key that is already another action's here is not taken).",
                ),
                classes="hint",
            )

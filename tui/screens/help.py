"""`?`: every key that works on the screen below, read from its live bindings (keymap applied)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keymap import KeysInPlace
from tui.literal_text import shown_tooltip


def binding_rows(screen: Screen) -> list[tuple[str, str, str, str, str]]:
    """(where, keys, description, binding id, tooltip) for every binding that applies on `screen`."""
    app = screen.app
    rows: dict[tuple[str, str], list] = {}
    order: list[tuple[str, str]] = []
    for _key, active in screen.active_bindings.items():
        b = active.binding
        if b.system or not b.description:
            continue
        node = active.node
        where = "desk" if node is app else (type(node).__name__ if not isinstance(node, Screen) else "screen")
        ident = (where, b.id or b.action)
        if ident not in rows:
            rows[ident] = [where, [], b.description, b.id or "", shown_tooltip(b.tooltip)]
            order.append(ident)
        rows[ident][1].append(app.get_key_display(b))
    out = []
    for ident in order:
        where, keys, desc, bid, tip = rows[ident]
        out.append((where, " ".join(dict.fromkeys(keys)), desc, bid, tip))
    return out


class HelpScreen(KeysInPlace, ModalScreen[None]):
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

"""The command palette: every desk action, titled "category: action"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.literal_text import markup_literal
from tui.verdict_labels import relabelled

# Actions on the app, available on every screen: (title, help, action).
APP_COMMANDS = [
    ("view: queue", "The claims queue", "app.open_queue"),
    ("view: articles", "The ingested articles", "app.open_articles"),
    ("view: duplicates", "Suggested duplicates to accept or reject", "app.open_duplicates"),
    ("view: repeats", "Checked claims that came back today, and possible repeats to decide", "app.open_repeats"),
    ("view: help", "Every key that works here", "app.help"),
    ("ingest: files or pasted text", "Add articles, with a preview of their claims", "app.open_ingest"),
    ("export: verified claims as CSV", "Write the verified claims, as `claims export` does", "app.open_export"),
    ("review: undo last change", "Undo your most recent change", "app.undo"),
    ("review: redo", "Redo the change you undid", "app.redo"),
    ("desk: refresh from the database", "Reload what this screen shows", "app.refresh_screen"),
]

# Commands that go to a screen first, then run one of its actions there: (title, help, screen action).
ELSEWHERE_COMMANDS = [
    ("matching: rebuild all matches", "Open the duplicates and recompute every automatic match (asks first)",
     "app.open_duplicates", "rebuild"),
]


def _go_then(app, open_action: str, action: str) -> None:
    async def run() -> None:
        await app.run_action(open_action)
        app.call_after_refresh(app.screen.run_action, action)

    app.call_later(run)


def screen_commands(screen) -> list[tuple[str, str, str]]:
    labels = getattr(screen.app, "verdict_labels", None)  # "review: verdict Pants on Fire"
    keys = _keys_of(screen)
    return [_with_key(relabelled(entry, labels), keys) for entry in getattr(screen, "PALETTE", [])]


def _keys_of(screen) -> dict[str, str]:
    """action -> the key that runs it on `screen` now (a keymap applied)."""
    keys: dict[str, str] = {}
    for active in screen.active_bindings.values():
        keys.setdefault(active.binding.action, screen.app.get_key_display(active.binding))
    return keys


def _with_key(entry: tuple[str, str, str], keys: dict[str, str]) -> tuple[str, str, str]:
    """The help's '(key c)' naming the key in force: a keymap's 'N' for the note, not 'c'."""
    title, help_text, action = entry
    if action in keys:
        help_text = re.sub(r"\(key [^)]+\)$", lambda _: f"(key {keys[action]})", help_text)
    return title, help_text, action


class DeskCommands(Provider):
    def _all(self) -> Iterator[tuple[str, str, object]]:
        screen = self.screen
        seen = set()
        for title, help_text, action in screen_commands(screen):
            seen.add(title)
            yield title, help_text, partial(screen.run_action, action)
        for title, help_text, action in APP_COMMANDS:
            if title not in seen:
                yield title, help_text, partial(self.app.run_action, action)
        for title, help_text, open_action, action in ELSEWHERE_COMMANDS:
            if title not in seen:
                yield title, help_text, partial(_go_then, self.app, open_action, action)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._all():
            # a verdict label's '[' is no markup: the title as Content, the help (read as markup) made literal
            yield DiscoveryHit(Content(title), callback, text=title, help=markup_literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._all():
            score = matcher.match(title)
            if score > 0:
                # highlight reads its text as markup: a verdict label's '[/]' is shown as typed, unhighlighted
                shown = Content(title) if "[" in title else matcher.highlight(title)
                yield Hit(score, shown, callback, text=title, help=markup_literal(help_text))

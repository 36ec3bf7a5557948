"""The desk's header: Textual's, but a title change that reaches it as its screen closes is let go."""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.widgets import Header


class DeskHeader(Header):
    """Textual's Header sets its title from watchers (on the app's and its screen's title) that
    run after the screen sets its `sub_title` on mount; a screen opened and closed within one
    burst of keys (enter escape, as a paste into the queue sends them) had the header's parts
    removed by then, and the watcher's NoMatches ended the desk. Header's watchers (its only
    ones) are kept, with that case let go, as Header lets NoScreen go."""

    def watch(self, obj, attribute_name, callback, init=True) -> None:
        async def guarded() -> None:
            with contextlib.suppress(NoMatches):
                await callback()

        super().watch(obj, attribute_name, guarded, init=init)

"""The desk's one-line text field: enter submits what the field holds when enter arrives."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextInput(Input):
    """An `Input` whose enter is acted on in the field's own turn, as the key arrives.

    Textual runs a field's enter binding once the key has bubbled up to the app, after the
    keys queued behind it in the field: in one burst ('Ana Lopez', enter, 'G' for the queue's
    end: tmux, a paste, a loaded machine) the field took 'G' first and submitted 'Ana LopezG'
    (the filter dialog then matched nothing, the export dialog wrote the file 'x', the date
    dialog refused '2024-04-14j'). `Input.Submitted.value` is now the text as enter found it;
    a form that reads its fields puts it back first (`tui.screens.dialog.as_submitted`)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()
            return
        await super()._on_key(event)

"""The desk's text fields: enter (a line) or the dialog's keys (a text box) act on what the field
holds when the key arrives."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea


class TextInput(Input):
    """An `Input` whose enter is acted on in the field's own turn, as the key arrives.

    Textual runs a field's enter binding once the key has bubbled up to the app, after the
    keys queued behind it in the field: in one burst ('Ana Lopez', enter, 'G' for the queue's
    end: tmux, a paste, a loaded machine) the field took 'G' first and submitted 'Ana LopezG'
    (the filter dialog then matched nothing, the export dialog wrote the file 'x', the date
    dialog refused '2024-04-14j'). `Input.Submitted.value` is now the text as enter found it;
    a form that reads its fields puts it back first (`tui.screens.dialog.as_submitted`).

    The keys the field takes after enter are held until the form has handled the submission
    (`KeysHeld` bubbles up behind `Submitted`), then given to whatever a key typed then goes
    to: the queue under a closed dialog or the search box (they were typed into the field the
    form had just read, and lost), the field itself if the form kept it (a date refused)."""

    class KeysHeld(Message):
        """Behind the field's `Submitted`, on the same way up: at the app, the form is done."""

        def __init__(self, field: TextInput) -> None:
            super().__init__()
            self.field = field

    _held: list[events.Key] | None = None  # while a submission is on its way to the form

    async def _on_key(self, event: events.Key) -> None:
        if passed_on(self, event):
            return
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(event)
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._held = []
            await self.action_submit()
            self.post_message(self.KeysHeld(self))
            return
        if not await run_screen_key(self, event):
            await super()._on_key(event)

    def release_held(self) -> None:
        """The form handled the submission: the keys held since go where a key typed now goes
        (through the app, in the order typed)."""
        held, self._held = self._held or [], None
        for key in held:
            self.app.post_message(events.Key(key.key, key.character))


class TextBox(TextArea):
    """A `TextArea` whose dialog's keys (the note's save, cancel) act in the field's own turn.

    The dialog's bindings run once the key has bubbled up to the app, after the keys queued
    behind it in the field: 'abc', ctrl+s and 'jj' in one burst saved the note 'abcjj' (hostile
    pass 36b). A key the field does not take itself, bound by its screen (with the `[keys]`
    keymap applied), runs that action as it arrives; the field's own keys (ctrl+w deletes a
    word) stay its own."""

    async def _on_key(self, event: events.Key) -> None:
        if not passed_on(self, event) and not await run_screen_key(self, event):
            await super()._on_key(event)


def passed_on(field, event: events.Key) -> bool:
    """Give a key to the screen now on top if the field's own screen was closed (or covered),
    or the field lost the focus (the search box closed), since the key reached it; whether it
    did. The app hands each key of a burst to the focused field as it reads it, before the field has acted on the first: 'abc', ctrl+s, 'jj' gave the
    j's to the note box, and they died with the closed dialog instead of moving the queue's
    cursor. Posted back to the app in the order they came, they go where a key typed now goes."""
    if field.screen is field.app.screen and field.screen.focused is field:
        return False
    event.stop()
    event.prevent_default()
    field.app.post_message(events.Key(event.key, event.character))
    return True


async def run_screen_key(field, event: events.Key) -> bool:
    """Run the action the field's screen binds to this key now, in the field's turn, if the
    key is no text and the field does not bind it itself (the keymap applied); whether it ran.
    (ctrl+s in the filter dialog, 'mayor', ctrl+s, 'G' in one burst, applied 'mayorG'.)"""
    if event.is_printable:
        return False
    active = field.screen.active_bindings.get(event.key)  # the field's own first, if it binds the key
    if active is None or active.node is not field.screen or not active.enabled or active.binding.priority:
        return False
    event.stop()
    event.prevent_default()
    await field.screen.run_action(active.binding.action)
    return True

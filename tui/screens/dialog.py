"""A dialog closes once: what every modal screen of the desk is built on.

Enter pressed two or three times quickly in a dialog (saved filters, the date, an evidence
link, the conflict's buttons, export) turns into two or three messages (OptionSelected,
Input.Submitted, Button.Pressed) before the dialog handles the first. Each handler dismissed
the dialog, and Textual's `Screen.dismiss` pops whatever screen is on top: the second took
the queue under the dialog (a blank desk), the third found no screen to pop
(ScreenStackError) and ended the desk.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import Input


class DismissOnce:
    """Put before `ModalScreen` in a dialog's bases: `dismiss` (and the `dismiss` action)
    closes the dialog only while it is the screen on top and was not dismissed already;
    otherwise it does nothing (the late message's result is dropped, never given to the
    screen below's callback). The screen on top is not the dialog when it was closed, or
    when the command palette opened over it (then closing would pop the palette)."""

    _dismissed = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._dismissed or not self.is_active:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)

    def on_screen_resume(self) -> None:
        # pushed again (an instance shown a second time): it can be closed again
        self._dismissed = False


def as_submitted(event: Input.Submitted) -> None:
    """Put back in the field that took enter what it held when enter was pressed (a
    `tui.widgets.text_input.TextInput`'s `value`), before a form that enter submits reads its
    fields. Keys typed right after enter (one burst: 'Ana Lopez', enter, 'G' for the queue's
    end) reach the field before the form handles enter's message: the filter dialog filtered
    on 'Ana LopezG', the export dialog wrote the file 'x'."""
    if event.input.value != event.value:
        event.input.value = event.value

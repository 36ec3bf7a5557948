"""A dialog's error line (or the date dialog's reason), kept in sight on a small terminal."""

from __future__ import annotations

from textual.widgets import Static

# A dialog's screen under 16 rows has the class "-short" (VERTICAL_BREAKPOINTS = SHORT): its
# title takes one line and its fields one row each (desk.tcss), so that on a 30x8 terminal the
# field typed in and the error about it both show, with the title above them.
SHORT = [(0, "-short"), (16, "-roomy")]


class ErrorLine(Static):
    """Whenever it says something it is scrolled into view, wrapped and whole: on a 30x8
    terminal a refusal lay below the screen's edge and enter seemed to do nothing (issue 15).
    `keep`, the field it speaks of (else the focused one, typed in), is scrolled into view
    first, so it stays just above when both fit. An empty line scrolls nothing (the dialog opens at its top, title shown)."""

    def __init__(self, content="", *, keep: str | None = None, **kwargs) -> None:
        super().__init__(content, **kwargs)
        self.keep = keep

    def update(self, content="", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.call_after_refresh(self.show)  # once the new text is laid out (same height: no resize)

    def on_resize(self) -> None:
        self.show()

    def show(self) -> None:
        # Not attached: its dialog was closed between `update` and the refresh after it (a burst
        # of keys, e enter escape, as a paste into the queue makes): the call Textual forwarded
        # to the next screen found no screen above this line and ended the desk (NoScreen).
        if not self.is_mounted or not self.is_attached or not str(self.render()).strip():
            return
        field = self.screen.query_one(self.keep) if self.keep is not None else self.screen.focused
        if field is not None:  # the field it speaks of (the one typed in), just above it
            field.scroll_visible(animate=False)
        self.scroll_visible(animate=False)

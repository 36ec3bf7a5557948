"""The one error kind the front doors (CLI, desk) show to people as a single line."""

from __future__ import annotations

from collections.abc import Callable


class ClaimsError(Exception):
    """A problem the user can act on; the message names the file, field or id at fault."""


class NotFound(ClaimsError):
    pass


class StaleVersion(ClaimsError):
    """A change was made on a claim that someone else changed in the meantime. `changes`:
    what they changed, as `claims.services.change_log.SeenChange`s, for a front door that
    tells it in its own words (the desk names a verdict by its label)."""

    def __init__(self, message: str, changes: tuple = ()) -> None:
        super().__init__(message)
        self.changes = tuple(changes)


class ChangedSince(ClaimsError):
    """An undo or redo refused: `field` of the claim (or match) holds `now`, not `expected`,
    someone changed it since. The values are carried, as StaleVersion carries its changes, for
    a front door that names them in its own words (the desk: a verdict by its label)."""

    def __init__(self, head: str, field: str, now: str | None, expected: str | None, tail: str) -> None:
        self.head, self.field, self.now, self.expected, self.tail = head, field, now, expected, tail
        super().__init__(self.describe())

    def describe(self, show: Callable[[str, str], str] | None = None) -> str:
        """'claim 3 has changed since (...): its verdict is 'mostly_false', not 'false'; ...'; `show`
        gives how a (field, value) reads (the stored value when not given)."""
        def value(text: str | None) -> str:
            return repr(show(self.field, text) if show and text is not None else text)

        return f"{self.head}: its {self.field} is {value(self.now)}, not {value(self.expected)}; {self.tail}"


class MovedWhileWaiting(StaleVersion):
    """A claim's cluster was merged into another while a change waited for its lock, and
    the new head was another change's then: nothing was written, and trying the change
    again from its start (from before its locks) goes through (a merge of matches does so
    itself)."""


class StopRun(ClaimsError):
    """Stops a batch as a whole (not one item of it): e.g. a poller whose lease was taken over."""

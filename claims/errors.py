"""The one error kind the front doors (CLI, desk) show to people as a single line."""


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


class MovedWhileWaiting(StaleVersion):
    """A claim's cluster was merged into another while a change waited for its lock, and
    the new head was another change's then: nothing was written, and trying the change
    again from its start (from before its locks) goes through (a merge of matches does so
    itself)."""


class StopRun(ClaimsError):
    """Stops a batch as a whole (not one item of it): e.g. a poller whose lease was taken over."""

"""Helpers for driving the desk headless (Pilot tests and the bench)."""

from __future__ import annotations

from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot, rounds: int = 20, *, failures_expected: bool = False) -> None:
    """Wait until no worker is running and every message posted meanwhile has been handled.

    An exclusive worker may be cancelled by a newer one while we wait (that is the point of
    `exclusive`); Textual reports that as WorkerCancelled, which here just means "look again".
    With `failures_expected` (a desk on a damaged database) a worker that fails while we wait
    is the desk's to report, not the test's to raise: whether the wait sees it raise depends
    on whether it failed before or during the wait.
    """
    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        except WorkerFailed:
            if not failures_expected:
                raise
            continue
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return


def notifications_told(app) -> list[str]:
    """Every notification `app` gives from now on, in order, as it was given. `app._notifications`
    drops one once its timeout has passed (a verdict's notice lasts 3 s): a test reading it after
    several keys found it gone when those keys took longer, as on a loaded machine."""
    told: list[str] = []
    give = app.notify

    def notify(message, *args, **options):
        told.append(str(message))
        return give(message, *args, **options)

    app.notify = notify  # screens and widgets notify through their app
    return told

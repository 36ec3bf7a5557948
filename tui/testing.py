"""Helpers for driving the desk headless (Pilot tests and the bench)."""

from __future__ import annotations

from textual.worker import WorkerCancelled


async def settle(pilot, rounds: int = 20) -> None:
    """Wait until no worker is running and every message posted meanwhile has been handled.

    An exclusive worker may be cancelled by a newer one while we wait (that is the point of
    `exclusive`); Textual reports that as WorkerCancelled, which here just means "look again".
    """
    app = pilot.app
    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return

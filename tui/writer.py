"""Review changes from the desk: shown at once, stored one at a time, in the order made.

A verdict key changes the row on screen straight away (`optimistic`), then the change goes
to `set_status` in a worker. Changes are written strictly in the order they were made (a
FIFO drained under a lock, one worker per change), so two quick keys on the same claim end
with the second. Each change is checked against the version of the claim the reviewer saw;
a version moved by this desk's own earlier change is followed (the reviewer saw that
change), a version moved by anyone else is a conflict (StaleVersion) that the screen shows
in a dialog. The screen that made the change gets `ClaimsChanged` (the stored rows, which
replace the optimistic ones) or `ReviewFailed` (the rows as they were, to put back).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, replace

from claims.errors import ClaimsError, StaleVersion
from claims.services.paging import rows_by_id
from claims.services.review import set_status
from claims.services.views import ClaimRow
from tui.messages import ClaimsChanged, ReviewFailed


def describe_change(change: dict) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v if isinstance(v, str) else ' '.join(v)}"
                     for k, v in change.items() if v)


def optimistic(row: ClaimRow, change: dict, reviewer: str) -> ClaimRow:
    """The row as it will be once `change` is stored (the row itself if it would be refused)."""
    status = change.get("status") or row.status
    verdict = change.get("verdict") or row.verdict
    if status == "verified" and not verdict:
        return row  # the service refuses this; the row stays as it is
    values: dict = {"status": status, "verdict": verdict, "reviewer": reviewer}
    if "note" in change:
        values["verdict_note"] = change["note"] or None
    if change.get("evidence"):
        values["evidence"] = row.evidence + [u for u in change["evidence"] if u not in row.evidence]
    return replace(row, **values)


@dataclass
class _Change:
    screen: object
    claim_ids: list[int]
    versions: dict[int, int] | None
    change: dict
    before: list[ClaimRow]
    overwrite: bool
    summary: str


class ReviewWriter:
    def __init__(self, app) -> None:
        self.app = app
        self._queue: deque[_Change] = deque()
        self._lock = threading.Lock()
        self._own: dict[int, dict[int, int]] = {}  # claim id -> {version before: after} of our writes

    def submit(self, screen, claim_ids: list[int], versions: dict[int, int] | None, change: dict, *,
               before: list[ClaimRow] = (), overwrite: bool = False) -> None:
        who = f"claim {claim_ids[0]}" if len(claim_ids) == 1 else f"{len(claim_ids)} claims"
        self._queue.append(_Change(screen, list(claim_ids), versions, change, list(before), overwrite,
                                   f"{who}: {describe_change(change)}"))
        self.app.run_worker(self._write_next, thread=True, group="review", exit_on_error=False)

    def _seen(self, claim_id: int, version: int) -> int:
        """The version the reviewer saw, moved on by this desk's own writes since."""
        chain = self._own.get(claim_id, {})
        for _ in range(len(chain)):
            if version not in chain:
                break
            version = chain[version]
        return version

    def _write_next(self) -> None:
        with self._lock:
            item = self._queue.popleft()
            db, reviewer = self.app.db, self.app.reviewer
            try:
                if item.overwrite:
                    # Deliberately over someone else's change: check against the version now stored.
                    expected = {r.id: r.version for r in rows_by_id(db, item.claim_ids)}
                elif item.versions is None:
                    expected = None
                else:
                    expected = {cid: self._seen(cid, v) for cid, v in item.versions.items()}
                rows = set_status(db, item.claim_ids, reviewer=reviewer, expected_versions=expected,
                                  **item.change)
            except StaleVersion as exc:
                item.screen.post_message(ReviewFailed(str(exc), before=item.before, claim_ids=item.claim_ids,
                                                      change=item.change, conflict=True))
                return
            except ClaimsError as exc:
                item.screen.post_message(ReviewFailed(str(exc), before=item.before, claim_ids=item.claim_ids,
                                                      change=item.change))
                return
            for row in rows:
                old = (expected or {}).get(row.id)
                if old is not None and old != row.version:
                    self._own.setdefault(row.id, {})[old] = row.version
            item.screen.post_message(ClaimsChanged(rows, item.summary))

"""Review changes from the desk: shown at once, stored one at a time, in the order made.

A verdict key changes the row on screen straight away (`optimistic`), then the change goes
to `set_status` in a worker. Changes are written strictly in the order they were made (a
FIFO drained under a lock, one worker per change), so two quick keys on the same claim end
with the second. Each change is checked against the version of the claim the reviewer saw;
a version moved by this desk's own earlier change is followed (the reviewer saw that
change), a version moved by anyone else is a conflict (StaleVersion) that the screen shows
in a dialog. The screen that made the change gets `ClaimsChanged` (the stored rows, which
replace the optimistic ones) or `ReviewFailed` (the rows as they were, to put back).

Undo and redo (ctrl+z, ctrl+y: `submit_undo`) go through the same queue, each press one.
Merges and decisions on duplicate suggestions (`MergeRequest`) go through the same queue,
in order with the review changes, and are checked the same way: against the versions of
the clusters the reviewer saw (and the state of the suggestions), followed through this
desk's own writes. The screen gets `ClaimsMerged` or `MergeFailed` (a conflict asks
reload / merge anyway, as for review changes). Nothing is shown before it is stored.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from claims.errors import ClaimsError, StaleVersion
from claims.services.clusters import ClusterChange, cluster_heads, decide_matches, merge
from claims.services.paging import rows_by_id
from claims.services.review import set_status
from claims.services.views import ClaimRow
from claims.vocab import parse_status, parse_verdict, review_outcome
from db import DatabaseError
from tui.messages import ClaimsChanged, ClaimsMerged, MergeFailed, ReviewFailed
from tui.verdict_labels import Labels, verdict_named
from tui.worker_failures import failure_line

# What a write can fail with besides a refusal: the store (a lost server, a full disk, a
# deadlock) or another writer removing a row it read. Left to the worker, the line was said
# but the row kept showing the optimistic verdict that was never stored.
STORE_FAILED = (DBAPIError, StaleDataError, DatabaseError)


def describe_change(change: dict, labels: Labels | None = None) -> str:
    """'status verified, verdict Pants on Fire (false)': a verdict by its label, as the desk shows it."""
    def value(k: str, v) -> str:
        return verdict_named(v, labels) if k == "verdict" else v if isinstance(v, str) else " ".join(v)

    return ", ".join(f"{k.replace('_', ' ')} {value(k, v)}" for k, v in change.items() if v)


def optimistic(row: ClaimRow, change: dict, reviewer: str) -> ClaimRow:
    """The row as it will be once `change` is stored (the row itself if it would be refused)."""
    try:
        status, verdict = review_outcome(
            parse_status(change["status"]) if change.get("status") else None,
            parse_verdict(change["verdict"]) if change.get("verdict") else None,
            current=(row.status, row.verdict))
    except ValueError:
        return row  # the service refuses this; the row stays as it is
    values: dict = {"status": status, "verdict": verdict, "reviewer": reviewer}
    if "note" in change:
        values["verdict_note"] = change["note"] or None
    if change.get("evidence"):
        from claims.links import new_links  # one link per address, as the service stores them

        values["evidence"] = row.evidence + new_links(row.evidence, change["evidence"])
    return replace(row, **values)


def read_with_heads(db, read: Callable[[], object], claim_ids_of: Callable[[object], Iterable[int]],
                    known: Iterable[int] = ()) -> tuple[object, dict[int, tuple[int, int]]]:
    """`read()`, with the clusters (claim id -> (canonical id, version)) of the claims it shows.

    The versions are read *before* the result that is shown: a change landing in between
    leaves a version older than what the screen shows, so a merge of it asks first (a
    conflict) instead of silently undoing a change nobody saw. `known` are the ids shown
    last time (read first); new ids are read, then `read()` again, a few times at most
    (were the list to keep changing, the last new ids' versions are read just after it).
    """
    heads = cluster_heads(db, list(known))
    for _attempt in range(3):
        result = read()
        missing = [i for i in claim_ids_of(result) if i not in heads]
        if not missing:
            break
        heads.update(cluster_heads(db, missing))
    return result, heads


@dataclass
class MergeRequest:
    """A merge from the desk, or a decision on duplicate suggestions, as the reviewer saw it."""

    claim_ids: list[int]  # a merge: the claims, into the first; a decision: the claims of the pairs
    seen: dict[int, tuple[int, int]]  # claim id -> (canonical claim id, its version) as shown
    attempted: str  # what the reviewer asked for, in words (the conflict dialog shows it)
    match_ids: list[int] = field(default_factory=list)  # a decision: the suggestions
    match_states: dict[int, str] = field(default_factory=dict)  # match id -> state shown
    accept: bool = True
    summary: str = ""  # a decision: the notice once stored


@dataclass
class _Merge:
    screen: object
    request: MergeRequest
    overwrite: bool


@dataclass
class _Undo:
    undo: bool  # False: a redo


@dataclass
class _Change:
    screen: object
    claim_ids: list[int]
    versions: dict[int, int] | None
    change: dict
    before: list[ClaimRow]
    overwrite: bool
    summary: str
    # id -> the cluster (canonical claim id) it was shown as: a claim merged into another
    # since is a conflict even when that cluster's version equals the one seen by chance
    heads: dict[int, int] | None = None


class ReviewWriter:
    def __init__(self, app) -> None:
        self.app = app
        self._queue: deque[_Change | _Merge | _Undo] = deque()
        self._lock = threading.Lock()
        self._own: dict[int, dict[int, int]] = {}  # claim id -> {version before: after} of our writes

    def submit(self, screen, claim_ids: list[int], versions: dict[int, int] | None, change: dict, *,
               before: list[ClaimRow] = (), overwrite: bool = False, heads: dict[int, int] | None = None) -> None:
        who = f"claim {claim_ids[0]}" if len(claim_ids) == 1 else f"{len(claim_ids)} claims"
        self._queue.append(_Change(screen, list(claim_ids), versions, change, list(before), overwrite,
                                   f"{who}: {describe_change(change, getattr(self.app, 'verdict_labels', None))}",
                                   heads))
        self.app.run_worker(self._write_next, thread=True, group="review", exit_on_error=False)

    def submit_merge(self, screen, request: MergeRequest, *, overwrite: bool = False) -> None:
        """Queue a merge (or a decision on suggestions); `overwrite` skips the checks, on purpose."""
        self._queue.append(_Merge(screen, request, overwrite))
        self.app.run_worker(self._write_next, thread=True, group="review", exit_on_error=False)

    def submit_undo(self, *, undo: bool) -> None:
        """Queue an undo (or a redo) of the reviewer's last change: each press one, in the order
        pressed, after the changes made before it (an exclusive worker of its own let a press
        cancel the one before: ctrl+z three times undid one change, and a verdict key then ctrl+z
        in one burst could undo the change before the verdict)."""
        self._queue.append(_Undo(undo))
        self.app.run_worker(self._write_next, thread=True, group="review", exit_on_error=False)

    def _seen(self, claim_id: int, version: int) -> int:
        """The version the reviewer saw, moved on by this desk's own writes since."""
        chain = self._own.get(claim_id, {})
        for _ in range(len(chain)):
            if version not in chain:
                break
            version = chain[version]
        return version

    def write_own(self, write: Callable[[], object], versions_of: Callable[[object], dict[int, tuple[int, int]]]):
        """Run `write()` (in the calling worker thread) between the queued changes, and
        remember the versions it moved as this desk's own, so a verdict pressed right after
        is no conflict. Returns what `write()` returned; raises what it raised."""
        with self._lock:
            result = write()
            for claim_id, (old, new) in versions_of(result).items():
                if old != new:
                    self._own.setdefault(claim_id, {})[old] = new
            return result

    def _write_next(self) -> None:
        with self._lock:
            item = self._queue.popleft()
            if isinstance(item, _Undo):
                self.app.undo_redo_now(undo=item.undo)
            elif isinstance(item, _Merge):
                self._write_merge(item)
            else:
                self._write_change(item)

    def _note_own(self, changes: list[ClusterChange]) -> None:
        for change in changes:
            for claim_id, (old, new) in change.versions.items():
                if old != new:
                    self._own.setdefault(claim_id, {})[old] = new

    def _write_merge(self, item: _Merge) -> None:
        request, db, reviewer = item.request, self.app.db, self.app.reviewer
        if item.overwrite:  # deliberately, over whatever changed: the claims as they are now
            versions = canonical = states = None
        else:
            versions = {cid: self._seen(head, v) for cid, (head, v) in request.seen.items()}
            canonical = {cid: head for cid, (head, _v) in request.seen.items()}
            states = request.match_states or None
        try:
            if request.match_ids:
                changes = decide_matches(db, request.match_ids, accept=request.accept, reviewer=reviewer,
                                         expected_versions=versions, expected_canonical=canonical,
                                         expected_states=states)
                summary = request.summary
            else:
                changes = [merge(db, request.claim_ids, reviewer=reviewer, expected_versions=versions,
                                 expected_canonical=canonical)]
                moved = ", ".join(f"#{i}" for i in changes[0].moved) or "nothing (already one cluster)"
                summary = f"merged {moved} into #{changes[0].canonical_id}"
        except StaleVersion as exc:
            item.screen.post_message(MergeFailed(str(exc), request=request, conflict=True, changes=exc.changes))
            return
        except ClaimsError as exc:
            item.screen.post_message(MergeFailed(str(exc), request=request))
            return
        except STORE_FAILED as exc:
            item.screen.post_message(MergeFailed(failure_line(exc, db.url), request=request))
            return
        self._note_own(changes)
        canonical_id = next((c.canonical_id for c in changes if c.canonical_id is not None), None)
        item.screen.post_message(ClaimsMerged(summary, canonical_id))

    def _write_change(self, item: _Change) -> None:
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
                              expected_canonical=None if item.overwrite else item.heads, **item.change)
        except StaleVersion as exc:
            item.screen.post_message(ReviewFailed(str(exc), before=item.before, claim_ids=item.claim_ids,
                                                  change=item.change, conflict=True, changes=exc.changes))
            return
        except ClaimsError as exc:
            item.screen.post_message(ReviewFailed(str(exc), before=item.before, claim_ids=item.claim_ids,
                                                  change=item.change))
            return
        except STORE_FAILED as exc:
            item.screen.post_message(ReviewFailed(failure_line(exc, db.url), before=item.before,
                                                  claim_ids=item.claim_ids, change=item.change))
            return
        for row in rows:
            old = (expected or {}).get(row.id)
            if old is not None and old != row.version:
                self._own.setdefault(row.id, {})[old] = row.version
        item.screen.post_message(ClaimsChanged(rows, _links_already_there(item, expected, rows) or item.summary))


def _links_already_there(item: _Change, expected: dict[int, int] | None, rows: list[ClaimRow]) -> str | None:
    """The notice of a change of evidence alone that stored nothing (each claim already had the
    links, perhaps written another way: 'HTTPS://E.EXAMPLE/1' for 'https://e.example/1'):
    it named the link typed as if added. Known when every claim's version is the one it had."""
    if set(k for k, v in item.change.items() if v) != {"evidence"} or expected is None:
        return None
    if len(rows) != len(item.claim_ids) or any(
            expected.get(cid) != row.version for cid, row in zip(item.claim_ids, rows, strict=True)):
        return None
    who = f"claim {rows[0].id}: unchanged: it already has" if len(rows) == 1 else \
        f"{len(rows)} claims: unchanged: each already has"
    return f"{who} {'that evidence link' if len(item.change['evidence']) == 1 else 'those evidence links'}"

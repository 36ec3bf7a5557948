"""Past-tense events that workers post and screens handle (workers never touch widgets)."""

from __future__ import annotations

from textual.message import Message

from claims.services.views import ClaimDetail, ClaimRow


class ClaimsPageLoaded(Message):
    """A window of queue rows came back from SQL.

    `mode` says how it joins what the table holds: "replace" (a new window starting at
    `start`), "append" after the row `anchor`, or "prepend" before it.
    """

    def __init__(self, rows: list[ClaimRow], *, mode: str, start: int | None, anchor: int | None,
                 generation: int, focus_id: int | None = None, at_end: bool = False,
                 ranked: bool = False) -> None:
        super().__init__()
        self.rows = rows
        self.ranked = ranked  # claims by similarity to the search, best first (one fixed list)
        self.mode = mode
        self.start = start
        self.anchor = anchor
        self.generation = generation
        self.focus_id = focus_id
        self.at_end = at_end


class ClaimsCounted(Message):
    def __init__(self, total: int, generation: int) -> None:
        super().__init__()
        self.total = total
        self.generation = generation


class ClaimDetailLoaded(Message):
    def __init__(self, detail: ClaimDetail, matches: list | None = None, taken=None,
                 heads: dict[int, tuple[int, int]] | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.matches = matches or []
        self.taken = taken  # claims.services.team.Taken when someone is on the claim
        self.heads = heads or {}  # claim id -> (canonical id, version) of the matches' claims, as shown


class ClaimsChanged(Message):
    """A review change was stored; screens refresh the rows it touched."""

    def __init__(self, rows: list[ClaimRow], summary: str) -> None:
        super().__init__()
        self.rows = rows
        self.summary = summary


class ChangeUndone(Message):
    """An undo or redo was applied to these claims."""

    def __init__(self, claim_ids: list[int], summary: str, *, from_app: bool = False) -> None:
        super().__init__()
        self.claim_ids = claim_ids
        self.summary = summary
        self.from_app = from_app  # posted by an app worker: the app forwards it to the screen


class ActionFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class StoreChanged(Message):
    """Another process wrote to the database; the screen on top refreshes what it shows."""

    def __init__(self, summary: str, *, from_app: bool = False) -> None:
        super().__init__()
        self.summary = summary
        self.from_app = from_app  # posted by the app's watcher: the app forwards it to the screen


class ReviewFailed(Message):
    """A review change was refused; the rows shown before it (optimistically changed) come back.

    `conflict` is set when the claim had been changed by someone else since it was loaded
    (StaleVersion): the screen then asks whether to reload or to overwrite deliberately;
    `changes` are the other reviewer's (`SeenChange`s), to tell in the desk's words.
    """

    def __init__(self, message: str, *, before: list[ClaimRow], claim_ids: list[int], change: dict,
                 conflict: bool = False, changes: tuple = ()) -> None:
        super().__init__()
        self.message = message
        self.changes = changes
        self.before = before
        self.claim_ids = claim_ids
        self.change = change
        self.conflict = conflict


class ClaimsTaken(Message):
    """Who is on which claims of the window (claim id -> "ana since 10:42")."""

    def __init__(self, taken: dict, generation: int) -> None:
        super().__init__()
        self.taken = taken
        self.generation = generation


class ClaimsTakenChanged(Message):
    """Claims were taken or released; `refused` holds (claim id, why) for someone else's claims."""

    def __init__(self, claim_ids: list[int], summary: str, refused: list[tuple[int, str]]) -> None:
        super().__init__()
        self.claim_ids = claim_ids
        self.summary = summary
        self.refused = refused


class ClaimsMerged(Message):
    """A merge, or a decision on duplicate suggestions, made on this screen was stored."""

    def __init__(self, summary: str, canonical_id: int | None) -> None:
        super().__init__()
        self.summary = summary
        self.canonical_id = canonical_id


class MergeFailed(Message):
    """A merge or a decision on suggestions was refused; nothing was written.

    `conflict` is set when a claim (or a suggestion) had been changed by someone else since
    it was loaded (StaleVersion): the screen then asks whether to reload or to merge anyway.
    `request` is the `tui.writer.MergeRequest` refused, to submit again on purpose.
    """

    def __init__(self, message: str, *, request, conflict: bool = False, changes: tuple = ()) -> None:
        super().__init__()
        self.message = message
        self.changes = changes  # as ReviewFailed's
        self.request = request
        self.conflict = conflict


class RepeatsLoaded(Message):
    """The repeats screen's list came back: repeats and possible repeats found in its period."""

    def __init__(self, repeats: list, seen: dict, heads: dict[int, tuple[int, int]], period: str) -> None:
        super().__init__()
        self.repeats = repeats  # claims.services.repeats.Repeat, repeats first
        self.seen = seen  # checked claim id -> when this reviewer last looked at its repeats
        self.heads = heads  # claim id -> (canonical id, version) of the matches' claims, as shown
        self.period = period


class RepeatsFound(Message):
    """An ingest (anyone's) brought repeats of checked claims while the desk was open."""

    def __init__(self, repeats: list) -> None:
        super().__init__()
        self.repeats = repeats


class RepeatMarks(Message):
    """Which claims of the queue's window have repeats this reviewer has not seen (id -> count)."""

    def __init__(self, counts: dict[int, int], generation: int) -> None:
        super().__init__()
        self.counts = counts
        self.generation = generation


class RepeatsSeen(Message):
    """This reviewer's view of these checked claims' repeats was recorded as seen."""

    def __init__(self, claim_ids: list[int]) -> None:
        super().__init__()
        self.claim_ids = claim_ids

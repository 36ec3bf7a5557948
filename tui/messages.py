"""Past-tense events that workers post and screens handle (workers never touch widgets)."""

from __future__ import annotations

from textual.message import Message

from claims.services.views import ClaimDetail, ClaimRow


class ClaimsPageLoaded(Message):
    def __init__(self, rows: list[ClaimRow], offset: int, total: int, keep_cursor: int | None) -> None:
        super().__init__()
        self.rows = rows
        self.offset = offset
        self.total = total
        self.keep_cursor = keep_cursor


class ClaimDetailLoaded(Message):
    def __init__(self, detail: ClaimDetail) -> None:
        super().__init__()
        self.detail = detail


class ClaimsChanged(Message):
    """A review change was stored; the queue refreshes the rows it touched."""

    def __init__(self, rows: list[ClaimRow], summary: str) -> None:
        super().__init__()
        self.rows = rows
        self.summary = summary


class ActionFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

"""Which claims a listing shows, and in what order: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, replace

ORDERS = ("priority", "worth", "date", "id")


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to show; every field narrows the list."""

    status: tuple[str, ...] = ()
    verdict: tuple[str, ...] = ()
    outlet: str | None = None
    speaker: str | None = None
    since: str | None = None  # ISO date, compared at the claim date's own precision
    until: str | None = None
    search: str | None = None
    has_suggestions: bool = False
    reviewer: str | None = None
    # statements extraction marked not_a_claim (fragments, questions) that nobody has
    # reviewed stay out of the queue unless asked for
    not_a_claim: bool = False
    # priority: the triage priority (claims.triage.priority); worth: check-worthiness then
    # date; date: newest first; id
    order: str = "priority"

    def describe(self) -> str:
        parts = []
        if self.status:
            parts.append("status=" + ",".join(self.status))
        if self.verdict:
            parts.append("verdict=" + ",".join(self.verdict))
        for name in ("outlet", "speaker", "since", "until", "search", "reviewer"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value}")
        if self.has_suggestions:
            parts.append("has suggestions")
        if self.not_a_claim:
            parts.append("with not_a_claim")
        return " ".join(parts) or "all claims"

    def with_(self, **changes) -> ClaimFilter:
        return replace(self, **changes)

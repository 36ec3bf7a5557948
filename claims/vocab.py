"""The review vocabulary: workflow status and finding (verdict) are separate on purpose."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    UNVERIFIED = "unverified"
    IN_REVIEW = "in_review"
    VERIFIED = "verified"
    NOT_CHECKABLE = "not_checkable"


class Verdict(StrEnum):
    TRUE = "true"
    MOSTLY_TRUE = "mostly_true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNPROVEN = "unproven"


# Numeric ratings for ClaimReview (5 best .. 1 worst); misleading and unproven have no place
# on the true-false scale, so they carry none.
VERDICT_RATING: dict[Verdict, int | None] = {
    Verdict.TRUE: 5,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.MIXED: 3,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.FALSE: 1,
    Verdict.MISLEADING: None,
    Verdict.UNPROVEN: None,
}

VERDICT_LABEL: dict[Verdict, str] = {
    Verdict.TRUE: "True",
    Verdict.MOSTLY_TRUE: "Mostly true",
    Verdict.MIXED: "Mixed",
    Verdict.MOSTLY_FALSE: "Mostly false",
    Verdict.FALSE: "False",
    Verdict.MISLEADING: "Misleading",
    Verdict.UNPROVEN: "Unproven",
}


# How both front doors colour a verdict (Rich style names): one finding, one colour.
VERDICT_STYLE: dict[str, str] = {
    Verdict.TRUE: "bold green",
    Verdict.MOSTLY_TRUE: "green",
    Verdict.MIXED: "yellow",
    Verdict.MOSTLY_FALSE: "dark_orange",
    Verdict.FALSE: "bold red",
    Verdict.MISLEADING: "magenta",
    Verdict.UNPROVEN: "grey50",
}


class MatchState(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ValueError(f"unknown status {value!r} (one of: {allowed})") from None


def parse_verdict(value: str) -> Verdict:
    try:
        return Verdict(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise ValueError(f"unknown verdict {value!r} (one of: {allowed})") from None


def review_outcome(status: Status | None, verdict: Verdict | None, *, current: tuple[str, str | None]
                   ) -> tuple[str, str | None]:
    """The (status, verdict) a change leaves a claim in; the one rule every door applies.

    A verdict is what `verified` records, so only a verified claim carries one: a verdict
    given without a status verifies the claim (as the desk's verdict keys do); a status other
    than verified, given alone, takes the claim's verdict away (reopened, it is no longer a
    finding; the audit log keeps it, undo puts it back); both given and contradicting each
    other is a ValueError, as is `verified` with no verdict.
    """
    if verdict is not None and status is not None and status != Status.VERIFIED:
        raise ValueError(f"a verdict belongs to a verified claim, not to status {status.value} "
                         f"(verdict {verdict.value} with status {status.value})")
    if verdict is not None:
        return Status.VERIFIED.value, verdict.value
    if status is not None and status != Status.VERIFIED:
        return status.value, None
    status_after = status.value if status is not None else current[0]
    if status_after == Status.VERIFIED and not current[1]:
        raise ValueError("status verified needs a verdict")
    return status_after, current[1]

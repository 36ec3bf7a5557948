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

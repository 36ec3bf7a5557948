"""The queue's priority: check-worthiness combined with what the desk knows about a claim.

    priority = worth x score                      (the model's check-worthiness, 0..1)
             + spread x ln(appearances) + outlets x ln(distinct outlets)
             + recency x (days from 2000-01-01 to the latest appearance) / 30
             - checked   if it matches a claim already checked (shown with that verdict)
             - held      if a reviewer holds it
             - done      if it is verified or not checkable

Recency counts from a fixed day, not from today, so a priority never goes stale as days
pass: a claim seen a month later simply stands ``recency`` higher. A publication day after
the day following the article's storing counts as that day (`claims.services.triage.standings`:
a fact stored with the article, not today, which a stored priority would keep from the day it
was computed), and one before 1900 as 1900-01-01 (`counted_day`): a claim dated 9999-12-27 (a
typo, or a date read wrong) stood +9,707 above every other, and one dated year 1 -2,433 below.
The weights are settings (``[triage]`` in the settings file).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

EPOCH = date(2000, 1, 1)
FIRST_DAY = date(1900, 1, 1)  # an older day counts as this one


def counted_day(day: date) -> date:
    """The day recency counts for `day` (bounded above by the day after its article was stored,
    `standings`): no earlier than FIRST_DAY."""
    return max(day, FIRST_DAY)


@dataclass(frozen=True, slots=True)
class PriorityWeights:
    worth: float = 1.0
    spread: float = 0.2
    outlets: float = 0.3
    recency: float = 0.1  # per 30 days
    checked: float = 1.0
    held: float = 0.5
    done: float = 2.0

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_settings(cls, overrides: dict[str, float]) -> PriorityWeights:
        return cls(**overrides)


@dataclass(frozen=True, slots=True)
class Standing:
    """What the desk knows about a queue head (a claim and the claims merged into it)."""

    worth: float
    appearances: int
    outlets: int
    latest: date | None  # the latest appearance's day (published, else ingested)
    checked_as: str | None  # verdict of an already checked claim it matches
    held: bool
    done: bool


def parts(s: Standing, w: PriorityWeights, *, today: date | None = None) -> list[tuple[str, float]]:
    """Each term of the priority, named; recency is shown from ``today`` when given (the stored
    priority counts it from EPOCH: the same order, a constant apart)."""
    base = today or EPOCH
    days = (counted_day(s.latest) - base).days if s.latest else 0
    out = [
        ("check-worthiness", w.worth * s.worth),
        ("spread", w.spread * math.log(max(s.appearances, 1)) + w.outlets * math.log(max(s.outlets, 1))),
        ("recency", w.recency * days / 30),
    ]
    if s.checked_as:
        out.append(("already checked", -w.checked))
    if s.held:
        out.append(("held", -w.held))
    if s.done:
        out.append(("done", -w.done))
    return out


def priority(s: Standing, w: PriorityWeights) -> float:
    return round(sum(x for _, x in parts(s, w)), 6)

"""Plain data the services hand to the CLI and the desk (never live ORM rows)."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    text: str
    speaker: str | None
    speaker_role: str | None
    date: str | None
    date_precision: str | None
    status: str
    verdict: str | None
    checkworthiness: float
    claim_type: str
    appearances: int
    outlets: list[str]
    external_id: str | None = None
    verdict_note: str | None = None
    evidence: list[str] = field(default_factory=list)
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    version: int = 1
    pending_suggestions: int = 0
    priority: float = 0.0  # the queue's order (claims.triage.priority)
    checked_as: str | None = None  # the verdict of an already checked claim it matches
    # What is stored damaged (its evidence column edited by hand): the desk lists the claim
    # marked so (one such claim emptied its whole queue, hostile28); what is written out or
    # shown whole (`links`, `to_record`) refuses it in one line.
    damaged: str | None = None

    def links(self) -> list[str]:
        """The evidence links, refusing a claim whose evidence is stored damaged."""
        if self.damaged:
            from claims.links import DamagedEvidence

            raise DamagedEvidence(self.damaged)
        return self.evidence

    def to_record(self) -> dict:
        self.links()
        record = asdict(self)
        del record["damaged"]
        record["reviewed_at"] = self.reviewed_at.isoformat() if self.reviewed_at else None
        return record


def moment_or_damage(at: datetime | None, damaged: str | None, claim_id: int
                     ) -> tuple[datetime | None, str | None]:
    """A claim's reviewed_at and what of the claim is damaged: a reviewed_at stored damaged
    (`db.stored_dates.DamagedMoment`) is none, and said (unless something else is already)."""
    # a DamagedMoment exists only once its module is loaded; a plain listing never loads it
    # (it imports SQLAlchemy, which `claims list` on a current desk does without)
    stored_dates = sys.modules.get("db.stored_dates")
    if stored_dates is not None and isinstance(at, stored_dates.DamagedMoment):
        return None, damaged or (f"claim {claim_id}'s reviewed_at is stored damaged ({at.stored[:60]!r} is no "
                                 "moment): `claims db check` names every such claim; restore it from a backup")
    return at, damaged


def claim_row(c, *, appearances: int, outlets: list[str], pending: int,
              reviewed_at: datetime | None) -> ClaimRow:
    """A ClaimRow from a mapping of the claim's columns (as the `claim` table names them) and
    what is counted over its cluster."""
    from claims.links import evidence_or_damage

    evidence, damaged = evidence_or_damage(c["evidence"], c["id"])
    reviewed_at, damaged = moment_or_damage(reviewed_at, damaged, c["id"])
    return ClaimRow(
        id=c["id"], text=c["text"], speaker=c["speaker"], speaker_role=c["speaker_role"],
        date=c["claim_date"], date_precision=c["date_precision"], status=c["status"],
        verdict=c["verdict"], checkworthiness=c["checkworthiness"], claim_type=c["claim_type"],
        appearances=appearances, outlets=outlets, external_id=c["external_id"],
        verdict_note=c["verdict_note"], evidence=evidence, damaged=damaged, reviewer=c["reviewer"],
        reviewed_at=reviewed_at, version=c["version"], pending_suggestions=pending,
        priority=c["priority"], checked_as=c["checked_as"],
    )


@dataclass(frozen=True, slots=True)
class AppearanceView:
    id: int
    claim_id: int
    article_id: int
    outlet: str | None
    article_title: str | None
    article_url: str | None
    published: date | None
    quote: str
    start: int
    end: int
    context: str  # the sentences around the quote
    context_quote_start: int  # where the quote sits inside `context`
    context_quote_end: int
    speaker_mention: str | None
    cue: str | None
    date_text: str | None
    date_resolved: str | None
    date_precision: str | None


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    at: datetime
    reviewer: str
    claim_id: int | None
    action: str
    field: str | None
    old: str | None
    new: str | None
    note: str | None
    batch: str
    undone: bool


@dataclass(frozen=True, slots=True)
class TriageView:
    claim_id: int  # the queue head
    score: float
    model: str | None  # what scored it (None: the formula before the trained model)
    current_model: str
    reasons: list[dict] = field(default_factory=list)  # [] when scored by another model
    terms: list[tuple[str, float]] = field(default_factory=list)  # priority's parts, recency from today
    priority: float = 0.0  # as stored (recency counted from 2000-01-01)
    checked_as: str | None = None
    position: int | None = None  # 1-based place in the default queue; None when not in it

    @property
    def stale(self) -> bool:
        return self.model != self.current_model

    def to_record(self) -> dict:
        return {
            "claim_id": self.claim_id, "score": self.score, "model": self.model,
            "current_model": self.current_model, "reasons": self.reasons,
            "terms": [{"term": n, "value": round(v, 3)} for n, v in self.terms],
            "priority": self.priority, "checked_as": self.checked_as, "position": self.position,
        }


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    claim: ClaimRow
    date_text: str | None
    members: list[int]  # ids of claims merged into this one
    appearances: list[AppearanceView]
    history: list[EventView]
    triage: TriageView | None = None  # filled by triage_view.detail_with_triage
    extra: dict | None = None  # the fields its import kept that claims has no column for
    # How many appearances and events the cluster has, where `appearances` holds only the
    # first few and `history` only the last few (`claim_detail(..., most=N)`); None: all.
    appearance_count: int | None = None
    event_count: int | None = None
    # Its stored evidence links not shown as links (`claims.links.withheld_links`): each said.
    withheld_evidence: list[str] = field(default_factory=list)

    @property
    def appearances_total(self) -> int:
        return len(self.appearances) if self.appearance_count is None else self.appearance_count

    @property
    def events_total(self) -> int:
        return len(self.history) if self.event_count is None else self.event_count


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    claims: int
    ingested_at: datetime
    source: str | None


@dataclass(frozen=True, slots=True)
class MatchSummary:
    duplicates: int = 0  # pairs found to be duplicates (matches confirmed automatically)
    suggestions: int = 0
    conflicts: int = 0
    # claims merged into another by those duplicates: 20 identical claims are 19 merged, and
    # the 85 pairs among them that matching confirmed said "85 duplicate(s) merged"
    merged: int = 0

    def __add__(self, other: MatchSummary) -> MatchSummary:
        return MatchSummary(self.duplicates + other.duplicates, self.suggestions + other.suggestions,
                            self.conflicts + other.conflicts, self.merged + other.merged)

    def describe(self) -> str:
        # the pairs too where they differ: `dupes --rebuild` remakes a store's automatic matches
        # without merging anything again ("0 duplicate(s) merged (85 automatic matches)")
        pairs = f" ({self.duplicates} automatic matches)" if self.duplicates != self.merged else ""
        return (f"{self.merged} duplicate(s) merged{pairs}, {self.suggestions} suggestion(s), "
                f"{self.conflicts} conflict(s)")


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one input: added, already there, or refused with a reason."""

    source: str
    article_id: int | None = None
    claims_added: int = 0
    appearances_added: int = 0
    duplicate_of: int | None = None  # the article id it already is
    error: str | None = None
    matches: MatchSummary | None = None  # what matching found for the new claims
    reviews_added: int = 0  # claims recorded from the page's ClaimReview markup (among claims_added)
    warnings: list[str] = field(default_factory=list)  # e.g. markup that could not be read

    @property
    def ok(self) -> bool:
        return self.error is None

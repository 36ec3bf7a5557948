"""What an import reads and reports: the fields a record may have and their aliases, a checked
record (`ImportRecord`), a bad one (`BadRecord`) and the report of an import."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from claims.errors import ClaimsError
from claims.services.views import MatchSummary
from claims.vocab import Status
from db.ignorable import drop_ignorable

FORMATS = ("jsonl", "csv", "claimreview")
MAX_INPUT_BYTES = 1024 * 1024 * 1024

# canonical field -> the names it may go by (already folded: lower case, no spaces/dashes/_)
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "claim", "claimtext", "claimreviewed", "statement"),
    "external_id": ("externalid", "id"),
    "speaker": ("speaker", "claimant"),
    "speaker_role": ("speakerrole",),
    "date": ("date", "claimdate"),
    "date_precision": ("dateprecision",),
    "url": ("url", "firsturl", "sourceurl", "articleurl"),
    "outlet": ("outlet", "firstoutlet"),
    "title": ("title", "articletitle", "firsttitle"),
    "first_date": ("firstdate", "published", "articledate"),
    "status": ("status",),
    "verdict": ("verdict", "rating"),
    "note": ("note", "verdictnote"),
    "evidence": ("evidence", "evidencelinks"),
    "reviewer": ("reviewer",),
    "reviewed_at": ("reviewedat",),
    "fact_check_url": ("factcheckurl", "reviewurl"),
    "checkworthiness": ("checkworthiness",),
    "claim_type": ("claimtype",),
    "other_appearances": ("otherappearances",),
}
ALIAS_TO_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
# Computed by the desk on the way out; meaningless on the way in (reported as ignored).
IGNORED_FIELDS = {"version", "pendingsuggestions"}


class KeptName(str):
    """A field name kept as it is, never read as a desk field's alias: a ClaimReview's own keys
    are schema.org's, which are case-sensitive. Its `URL` (not `url`) was read as where the
    claim appeared, its `Url` or `Speaker` as the desk's `url` or `speaker`."""

    __slots__ = ()


_FOLD_SEPARATORS = re.compile(r"[\s_\-]+")
_FOLDED: dict[str, str] = {}  # field name -> fold_field_name of it: a file's records share a few names
_FOLDED_MOST = 10_000


def fold_field_name(name: str) -> str:
    # invisible characters too: a BOM in the middle of a header ('id,\ufefftext', two files
    # joined) hid the text column while the message showed it
    if type(name) is str and (folded := _FOLDED.get(name)) is not None:
        return folded
    folded = _FOLD_SEPARATORS.sub("", drop_ignorable(str(name))).casefold()
    if type(name) is str and len(_FOLDED) < _FOLDED_MOST:
        _FOLDED[name] = folded
    return folded


def some_names(names: list[str], most: int = 20) -> str:
    """Names for a message: the first `most`, then how many more."""
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


class ImportFailed(ClaimsError):
    """The import stopped and stored nothing; `bad` names every bad record."""

    def __init__(self, message: str, bad: list[BadRecord]):
        super().__init__(message)
        self.bad = bad


@dataclass(frozen=True, slots=True)
class BadRecord:
    where: str  # "line 4", "record 2"
    reason: str
    stopped: bool = False  # the reading stopped at it: the rest of the file was not read

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class RecordError(ValueError):
    pass


class ReadingStopped(RecordError):
    """A bad record past which the file cannot be read (a quote never closed, a JSON array
    broken): what follows it was not read, so even `--skip-bad` has not imported the file."""


@dataclass(frozen=True, slots=True)
class SeenIn:
    """Where else a record's claim appeared (besides its `url`/`outlet`/`title`/`first_date`)."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    first_date: date | None = None


@dataclass(slots=True)
class ImportRecord:
    """One checked record, ready to become a claim."""

    where: str
    text: str
    external_id: str | None = None
    id_given: str | None = None  # the id as the file gave it, when cleaning changed it
    # (field name, value) when the external id is the record's `id`, there being no `external_id`:
    # what `desk_id_kept` keeps in `extra` instead when a file's explicit external id has it
    id_field: tuple[str, Any] | None = None
    # its `id` beside an empty `external_id`: an exporting desk's id, as `claims export` and the
    # listings write a claim that has no external id (another store's id '3' is no repeat of it)
    id_beside_blank: bool = False
    speaker: str | None = None
    speaker_role: str | None = None
    claim_date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    first_date: date | None = None
    status: str = Status.UNVERIFIED.value
    verdict: str | None = None
    note: str | None = None
    evidence: list[str] = field(default_factory=list)
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    fact_check_url: str | None = None
    checkworthiness: float | None = None  # None: the model scores it when it is stored
    checkworthiness_model: str | None = None
    claim_type: str = "other"
    also_seen: list[SeenIn] = field(default_factory=list)  # the other appearances, each an article
    extra: dict[str, Any] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportReport:
    source: str
    format: str
    records: int = 0
    imported: int = 0
    claim_ids: list[int] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    extra_fields: Counter = field(default_factory=Counter)  # unknown field -> records holding it
    ignored_fields: Counter = field(default_factory=Counter)
    matches: MatchSummary | None = None
    future_dated: list[tuple[str, str]] = field(default_factory=list)  # (where, date) of claims dated after today
    batch: str | None = None  # the audit batch the import was logged as (what `claims undo` undoes)

    @property
    def stopped_at(self) -> BadRecord | None:
        """The bad record the reading stopped at (the rest of the file unread), if any."""
        return next((b for b in self.bad if b.stopped), None)

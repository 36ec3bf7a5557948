"""The records extraction returns: a contract shared by ingest, `claims extract` and the desk."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One checkable statement found in a text.

    Offsets are character offsets into the text handed to the extractor, so
    ``text[start:end] == quote`` and ``text[speaker_start:speaker_end]`` is the
    speaker mention the cue attaches to.
    """

    text: str  # the claim as a statement (quote marks and debris trimmed)
    quote: str  # verbatim span of the source text
    start: int
    end: int
    speaker: str | None = None  # resolved name, or a role for anonymous sources
    speaker_role: str | None = None  # "White House national security spokesman"
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # "said", "told", "according to"
    date: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    date_text: str | None = None  # the phrase as written, e.g. "late Saturday"
    date_precision: str | None = None  # day | week | month | year
    date_is_reporting: bool = False  # True when the date is the article's own date
    checkworthiness: float = 0.0  # 0..1
    claim_type: str = (
        "other"  # quantity, correlation, law, prediction, personal, other, not_a_claim
    )

    def to_record(self) -> dict:
        return asdict(self)

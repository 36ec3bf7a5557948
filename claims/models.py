"""The schema: outlets, articles, claims, appearances, matches and the audit log.

Confirmed duplicates form a cluster: each member keeps its own row and appearances and points
at the cluster's canonical claim through `canonical_id`. The verdict lives on the canonical
claim, so one check covers every appearance, and unmerging is setting `canonical_id` back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from db.folding import outlet_identity_key
from db.stored_dates import name_stored_dates

metadata = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def _identity_of_name(context) -> str:
    return outlet_identity_key(context.get_current_parameters()["name"])


class Outlet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    # What makes two names one outlet (`outlet_identity_key`), filled from the name on insert and
    # found by equality (migration 0018): computing it for every stored name cost 40 ms a
    # lookup at 20,000 outlets. Unique: one outlet per identity on both backends.
    identity: str | None = Field(default=None, sa_column=Column(
        String, nullable=False, unique=True, index=True, default=_identity_of_name))
    domain: str | None = Field(default=None, max_length=200)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=500)
    published: date | None = Field(default=None, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(unique=True, max_length=64)
    source: str | None = Field(default=None, max_length=2000)  # file path, "-" or URL it came from
    ingested_at: datetime = Field(default_factory=utcnow, index=True)  # index: repeats, the report


class Claim(SQLModel, table=True):
    __table_args__ = (
        # SQLite's alone since migration 0023: PostgreSQL has partial indexes for those orders
        Index("ix_claim_queue", "canonical_id", "checkworthiness", "claim_date", "id").ddl_if(dialect="sqlite"),
        Index("ix_claim_priority", "canonical_id", "priority", "id"),
        # a status's or a period's claims in the priority order (migration 0009)
        Index("ix_claim_status_order", "status", "canonical_id", "priority", "id", "claim_date"),
        Index("ix_claim_date_order", "claim_date", "canonical_id", "priority", "id", "status").ddl_if(dialect="sqlite"),
        # the queue counted from the index alone (migration 0011)
        Index("ix_claim_kind", "canonical_id", "status", "claim_type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    external_id: str | None = Field(default=None, unique=True, max_length=200)
    speaker: str | None = Field(default=None, max_length=300, index=True)
    speaker_role: str | None = Field(default=None, max_length=300)
    claim_date: str | None = Field(default=None, max_length=10, index=True)  # ISO, by precision
    date_precision: str | None = Field(default=None, max_length=5)
    date_text: str | None = Field(default=None, max_length=200)
    checkworthiness: float = 0.0
    checkworthiness_model: str | None = Field(default=None, max_length=40)  # None: the old formula
    # The queue's order (claims.triage.priority), kept current by the store (triage_dirty)
    priority: float = 0.0
    checked_as: str | None = Field(default=None, max_length=20)  # verdict of a checked claim it matches
    claim_type: str = Field(default="other", max_length=20)
    status: str = Field(default="unverified", max_length=20)  # indexed by ix_claim_status_order
    verdict: str | None = Field(default=None, max_length=20, index=True)
    verdict_note: str | None = Field(default=None, sa_column=Column(Text))
    evidence: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    reviewer: str | None = Field(default=None, max_length=100, index=True)
    reviewed_at: datetime | None = None
    canonical_id: int | None = Field(default=None, foreign_key="claim.id")
    extra: str | None = Field(default=None, sa_column=Column(Text))  # JSON of imported fields
    fact_check_url: str | None = Field(default=None, max_length=2000)  # the published fact-check
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, index=True)  # index: the morning report
    updated_at: datetime = Field(default_factory=utcnow)


class Appearance(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "start", "end", name="uq_appearance_span"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    speaker_mention: str | None = Field(default=None, max_length=300)
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = Field(default=None, max_length=100)
    date_text: str | None = Field(default=None, max_length=200)
    date_resolved: str | None = Field(default=None, max_length=10)
    date_precision: str | None = Field(default=None, max_length=5)
    date_is_reporting: bool = False


class Match(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id", name="uq_match_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_a_id: int = Field(foreign_key="claim.id", index=True)  # always the smaller id
    claim_b_id: int = Field(foreign_key="claim.id", index=True)
    score: float
    scorer: str = Field(max_length=50)
    explanation: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    state: str = Field(default="suggested", max_length=10, index=True)
    conflict: bool = False
    decided_by: str | None = Field(default=None, max_length=100)
    decided_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Event(SQLModel, table=True):
    """The audit log: one row per field changed; a `batch` groups one user action for undo."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    reviewer: str = Field(max_length=100, index=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    match_id: int | None = Field(default=None, foreign_key="match.id", index=True)
    action: str = Field(max_length=30)  # set-status, merge, unmerge, accept-match, undo, ...
    field: str | None = Field(default=None, max_length=30)
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))
    note: str | None = Field(default=None, sa_column=Column(Text))
    batch: str = Field(max_length=36, index=True)
    undone: bool = False


class ClaimKey(SQLModel, table=True):
    """Postings of the candidate index: each claim under each of its informative keys."""

    __tablename__ = "claim_key"
    __table_args__ = {"sqlite_with_rowid": False}  # the primary key is the table (migration 0012)

    key: str = Field(primary_key=True, max_length=100)
    # A reference the database does not enforce since migration 0023 (PostgreSQL) and 0025
    # (SQLite): its check of each posting was the largest cost of an import. `claims db check`
    # tests it on both backends.
    claim_id: int = Field(primary_key=True, foreign_key="claim.id", index=True)


KEY_SEPARATOR = "\x1f"  # U+001F: no key holds it (keys are words, see claims.matching.index_keys)


class KeyList(TypeDecorator):
    """A list of keys: a text[] on PostgreSQL, the keys joined by `KEY_SEPARATOR` elsewhere
    (a desk copied between backends carries the same lists)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(ARRAY(Text) if dialect.name == "postgresql" else Text())

    def process_bind_param(self, value, dialect):
        if value is None or dialect.name == "postgresql":
            return value
        return KEY_SEPARATOR.join(value)

    def process_result_value(self, value, dialect):
        if value is None or dialect.name == "postgresql":
            return value
        return value.split(KEY_SEPARATOR)


class ClaimKeyset(SQLModel, table=True):
    """Each indexed claim's own keys (its postings' keys less its title's and pair keys) in one
    row (migration 0019): a new claim's lookup reads its ~300 neighbours' keys by claim id,
    a row each, instead of their ~4,500 postings. Kept in step with `claim_key` by the
    matching index (`StoreIndex`) and import undo; a claim without such keys has no row.
    A claim deleted takes its row along (ON DELETE CASCADE, migration 0021): a process of the
    version before 0019 deletes claims knowing nothing of this table."""

    __tablename__ = "claim_keyset"

    claim_id: int = Field(sa_column=Column(Integer, ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True,
                                           autoincrement=False))
    keys: list[str] = Field(sa_column=Column(KeyList, nullable=False))


class KeyStat(SQLModel, table=True):
    """How many claims hold each key (document frequency, for weighing rare words)."""

    __tablename__ = "key_stat"
    __table_args__ = {"sqlite_with_rowid": False}

    key: str = Field(primary_key=True, max_length=100)
    df: int = 0


class FeedEntry(SQLModel, table=True):
    """A feed entry already ingested (or found already stored), so each page is read once."""

    __tablename__ = "feed_entry"
    __table_args__ = (UniqueConstraint("feed", "entry_key", name="uq_feed_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    feed: str = Field(max_length=2000)  # the feed's URL or file path as given
    entry_key: str = Field(max_length=2000)  # the entry's id (guid), else its link
    link: str | None = Field(default=None, max_length=2000)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    seen_at: datetime = Field(default_factory=utcnow)


class ClaimLock(SQLModel, table=True):
    """A claim (cluster) someone is working on; one row per taken claim (migration 0004)."""

    __tablename__ = "claim_lock"

    claim_id: int = Field(primary_key=True, foreign_key="claim.id")
    reviewer: str = Field(max_length=100, index=True)
    since: datetime = Field(default_factory=utcnow)


class TriageDirty(SQLModel, table=True):
    """Claims whose queue priority is out of date (migration 0007).

    Database triggers add a claim here whenever something its priority reads changes (its
    score or status, its cluster's appearances, matches and locks); the write's own commit
    recomputes those priorities (``claims.services.triage.refresh_dirty``) and empties it.
    """

    __tablename__ = "triage_dirty"

    # Not unique: concurrent writers marking the same claim never wait on each other
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int


class WatchSource(SQLModel, table=True):
    """A feed or a page `claims watch run` polls on a schedule (migration 0006).

    The lease makes one poller at a time work on a source: it is taken with one conditional
    UPDATE (free, expired, or already ours), renewed inside each article's ingest
    transaction, and taken over by another poller once it has expired (a crashed poller).
    """

    __tablename__ = "watch_source"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(unique=True, max_length=2000)  # a URL, or a file path as given
    kind: str | None = Field(default=None, max_length=10)  # "feed" or "page", known after a poll
    outlet: str | None = Field(default=None, max_length=200)
    every: int = 1800  # seconds between polls
    added_by: str = Field(max_length=100)
    added_at: datetime = Field(default_factory=utcnow)
    next_due: datetime = Field(default_factory=utcnow, index=True)
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    failures: int = 0  # consecutive failed polls (the back-off grows with them)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_summary: str | None = Field(default=None, sa_column=Column(Text))
    lease_holder: str | None = Field(default=None, max_length=200)
    lease_expires: datetime | None = None


class RepeatSeen(SQLModel, table=True):
    """When a reviewer last looked at a checked claim's repeats (the desk's unseen mark)."""

    __tablename__ = "repeat_seen"

    claim_id: int = Field(primary_key=True, foreign_key="claim.id")
    reviewer: str = Field(primary_key=True, max_length=100)
    seen_at: datetime = Field(default_factory=utcnow)


# A date or moment stored damaged (SQLite keeps any text) names its column in the error.
name_stored_dates(SQLModel.metadata)

"""`claims import`: claims from JSONL, CSV or ClaimReview JSON-LD, all or nothing.

Every input becomes a list of records (one per JSONL line, CSV row or ClaimReview object).
Each record is checked on its own; a bad one is named by its line (or record number) and
reason. Then, unless `skip_bad`, one bad record stops the import and nothing is stored; with
`skip_bad` the good records are stored and the bad ones listed. All good records go in one
transaction either way.

Fields (names are matched ignoring case, spaces and dashes; aliases in `FIELD_ALIASES`):
`text` (required), `id` (kept as the external id), `speaker`, `speaker_role`, `date`,
`date_precision`, `url`, `outlet`, `title`, `first_date`, `status`, `verdict`, `note`,
`evidence`, `reviewer`, `reviewed_at`, `fact_check_url`, `checkworthiness`, `claim_type`,
`other_appearances`. Any other field is kept in `Claim.extra` (JSON) and reported. `url`,
`outlet`, `title` and `first_date` say where the claim appeared: they become an appearance in
that article (an article already stored under that URL when the claim's text stands in it,
else a small article record holding the claim's text); `other_appearances` (a list of objects
with those four fields: a ClaimReview's `appearance`) say where else, each one more.

`create_imported_claim` is the one place a record becomes Claim rows: the matcher hooks in
there.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims.config import Settings, load_settings
from claims.errors import ClaimsError
from claims.limits import fitted
from claims.models import Appearance, Article, Claim, Event, Match, utcnow
from claims.services.audit import audit_row, insert_event_rows, insert_events
from claims.services.claim_dates import after_today
from claims.services.claim_rows import (
    claim_indexes_made_after,
    insert_claims,
    search_rows_written_after,
)
from claims.services.import_audit import IMPORT_ACTION, IMPORT_FIELD, ImportSummary
from claims.services.import_checks import (
    check_record,
    desk_id_kept,
    flatten_claimreview,
    is_claimreview,
    kept_desk_id,
    same_id,
)
from claims.services.import_reading import (
    decode_input,
    detect_format,
    format_read,
    read_input,
    records_of,
)
from claims.services.import_records import (
    FORMATS,
    BadRecord,
    ImportFailed,
    ImportRecord,
    ImportReport,
    ReadingStopped,
    RecordError,
    SeenIn,
)
from claims.services.matching import bulk_work, match_new_claims, wait_to_add_claims
from claims.services.triage import standalone_priorities, standalone_priority
from db import Database
from db.errors import error_line, is_duplicate_key

# -- storing ------------------------------------------------------------------------------------

BULK_CHUNK = 5_000  # plain records stored per multi-row insert batch


@dataclass(slots=True)
class ImportContext:
    """What one import shares across its records: its name, a batch id, lookups done once,
    and the articles and outlets it created (so that undoing it removes exactly those)."""

    source: str
    batch: str = field(default_factory=lambda: uuid.uuid4().hex)
    known_urls: set[str] | None = None  # article URLs already stored (None: look each one up)
    outlet_ids: dict[str, int] = field(default_factory=dict)
    created_articles: list[int] = field(default_factory=list)
    created_outlets: list[int] = field(default_factory=list)


def _claim_values(record: ImportRecord) -> dict[str, Any]:
    return dict(
        text=record.text,
        external_id=record.external_id,
        speaker=record.speaker,
        speaker_role=record.speaker_role,
        claim_date=record.claim_date,
        date_precision=record.date_precision,
        date_text=record.date_text,
        checkworthiness=record.checkworthiness,
        checkworthiness_model=record.checkworthiness_model,
        claim_type=record.claim_type,
        status=record.status,
        verdict=record.verdict,
        verdict_note=record.note,
        evidence=json.dumps(record.evidence, ensure_ascii=False) if record.evidence else "[]",
        reviewer=record.reviewer,
        reviewed_at=record.reviewed_at,
        fact_check_url=record.fact_check_url,
        extra=json.dumps(record.extra, ensure_ascii=False, sort_keys=True) if record.extra else None,
    )


def _score(records: list[ImportRecord]) -> None:
    """A score the file gave is kept (its model: GIVEN); the others are the model's, in one batch."""
    from claims.checkworthiness import GIVEN, model_name, score_many

    missing = [r for r in records if r.checkworthiness is None]
    for r in records:
        if r.checkworthiness is not None and r.checkworthiness_model is None:
            r.checkworthiness_model = GIVEN
    if missing:
        name = model_name()
        for r, score in zip(missing, score_many([r.text for r in missing]), strict=True):
            r.checkworthiness, r.checkworthiness_model = score, name


def _has_appearance(record: ImportRecord) -> bool:
    return bool(record.url or record.outlet or record.title or record.first_date or record.also_seen)


def create_imported_claim(*, session: Session, record: ImportRecord, context: ImportContext) -> Claim:
    """The one place an import record becomes rows: the claim, and where it appeared.

    Matching hooks in here (a later change): the claim is flushed and has its id.
    """
    _score([record])
    claim = Claim(**_claim_values(record))
    claim.priority = standalone_priority(claim.checkworthiness, claim.status)  # refreshed at commit if not
    session.add(claim)
    session.flush()
    if record.url or record.outlet or record.title or record.first_date:
        _add_appearance(session, claim, record, context,
                        SeenIn(record.url, record.outlet, record.title, record.first_date))
    for n, seen in enumerate(record.also_seen, start=1):
        _add_appearance(session, claim, record, context, seen, n)
    return claim


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim stored by the bulk path: its id (matching reads the text back from the store:
    a million texts need not stay in memory through the import)."""

    id: int
    text: str | None = None


class StoredClaims(Sequence[StoredClaim]):
    """Claims stored by the bulk path, given by their ids (a StoredClaim made on demand: a
    million objects need not sit in memory through matching)."""

    def __init__(self, ids: Sequence[int]) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return StoredClaims(self._ids[i])
        return StoredClaim(self._ids[i])


def create_imported_claims(*, session: Session, records: list[ImportRecord]) -> list[StoredClaim]:
    """Records without appearance information, stored as one multi-row INSERT ... RETURNING
    per few hundred records instead of one ORM object and flush each (the same columns and
    defaults as `create_imported_claim`). Ids come back in record order."""
    if not records:
        return []
    session.flush()
    _score(records)
    now = datetime.now(UTC)
    fixed = {"canonical_id": None, "version": 1, "created_at": now, "updated_at": now}
    rows = list(map(_claim_values, records))
    priorities = standalone_priorities((row["checkworthiness"], row["status"]) for row in rows)
    for row, p in zip(rows, priorities, strict=True):  # (in place: no second dict a claim)
        row.update(fixed)
        row["priority"] = p
    return [StoredClaim(cid) for cid in insert_claims(session, rows)]


def _add_appearance(session: Session, claim: Claim, record: ImportRecord, context: ImportContext,
                    seen: SeenIn, n: int = 0) -> None:
    """The claim's appearance in the article `seen` names (the record's first, or its `n`th other)."""
    article = None
    start = -1
    if seen.url and (context.known_urls is None or seen.url in context.known_urls):
        for candidate in session.exec(select(Article).where(Article.url == seen.url).limit(5)):
            start = candidate.text.find(record.text)
            taken = start >= 0 and session.exec(select(Appearance.id).where(
                Appearance.article_id == candidate.id, Appearance.start == start,
                Appearance.end == start + len(record.text))).first() is not None
            if start >= 0 and not taken:
                article = candidate
                break
    if article is None:
        outlet_id = None
        if seen.outlet:
            outlet_id = context.outlet_ids.get(seen.outlet)
            if outlet_id is None:
                outlet_id = context.outlet_ids[seen.outlet] = _outlet_id(session, seen.outlet, context)
        where = f"{record.where} appearance {n + 1}" if n else record.where  # one article each
        digest = hashlib.sha256(f"import\0{context.batch}\0{where}\0{record.text}".encode()).hexdigest()
        article = Article(
            outlet_id=outlet_id, url=seen.url, title=seen.title,
            published=seen.first_date, text=record.text, content_hash=digest,
            source=fitted(f"import:{context.source}:{where}"),
        )
        session.add(article)
        session.flush()
        context.created_articles.append(article.id)
        start = 0
    session.add(Appearance(
        claim_id=claim.id, article_id=article.id, quote=record.text, start=start,
        end=start + len(record.text), date_text=record.date_text, date_resolved=record.claim_date,
        date_precision=record.date_precision,
    ))


def _outlet_id(session: Session, name: str, context: ImportContext) -> int:
    """The outlet of this name, created (and noted as the import's own) when there is none."""
    name = name.strip()
    from claims.services.outlets import find_or_create_outlet

    found, created = find_or_create_outlet(session, name)
    if created:
        context.created_outlets.append(found)
    return found


@dataclass(frozen=True, slots=True)
class _DeskId:
    """Not a record: the record at `where` (this one or one before) gives as its `id` the
    `external_id` another record of the file gives explicitly, `external_id`: its `id` is kept
    in `extra` (`desk_id_kept`), not as its external id. (`claims export` writes both: an
    ingested claim's `id` is the desk's; an imported claim's external id may be '3' too.)"""

    where: str
    external_id: str


def _checked(text: str, fmt: str, name: str, settings: Settings, *, skip: set[str] | None = None,
             start: int = 0, allow_future: bool = False,
             only: set[str] | None = None) -> Iterator[ImportRecord | BadRecord | _DeskId]:
    """Each record checked, in order: an ImportRecord, or a BadRecord (a later record with
    an id already seen is one; but an `id` met as another's explicit `external_id` yields a
    `_DeskId`, before this record or the other). With `skip` (the records found bad before),
    those are left out unchecked and ids are not compared again; so are the first `start`
    records (those the first pass kept, see `_Scan.kept`)."""
    first_seen: dict[str, str] = {}
    first_given: dict[str, str] = {}  # an id as given on its first line, when cleaning changed it
    explicit: set[str] = set()  # the ids of first_seen given as an `external_id`, not an `id`
    for n, (where, raw) in enumerate(records_of(text, fmt, name, unread=start)):
        if n < start or (skip is not None and where in skip) or (only is not None and where not in only):
            continue
        try:
            if isinstance(raw, RecordError):
                raise raw
            # a review past the first 4,000 characters read to detect the format (a large
            # inline @context) is one still: read as a plain record, its URL was an appearance's
            if fmt == "claimreview" or isinstance(raw, dict) and is_claimreview(raw):
                try:
                    raw = flatten_claimreview(raw, settings)
                except (TypeError, AttributeError, KeyError) as exc:
                    # A shape of JSON-LD we did not foresee: name it rather than crash.
                    raise RecordError(f"a ClaimReview of a shape claims cannot read ({exc})") from None
            rec = check_record(raw, where, settings, allow_future=allow_future)
        except RecordError as exc:
            yield BadRecord(where, str(exc), stopped=isinstance(exc, ReadingStopped))
            continue
        except RecursionError:
            yield BadRecord(where, "nested too deeply")
            continue
        if rec.external_id is not None and skip is None:
            if rec.external_id in first_seen and (rec.id_field is None) != (rec.external_id in explicit):
                if rec.id_field is not None:  # this record's `id` is another's explicit external id
                    yield _DeskId(where, rec.external_id)
                    yield rec
                    continue
                # the earlier record's `id` was the one: this explicit external id takes it
                yield _DeskId(first_seen[rec.external_id], rec.external_id)
                first_given.pop(rec.external_id, None)
                del first_seen[rec.external_id]
            if rec.external_id in first_seen:
                also, there = first_seen[rec.external_id], first_given.get(rec.external_id, rec.external_id)
                here = rec.id_given or rec.external_id
                # either may be the one cleaned: name both as given when they differ
                yield BadRecord(where, f"id {ascii(here)} differs from {ascii(there)} (on {also}) only in invisible "
                                       f"characters or how its accents are composed: both are {rec.external_id!r} "
                                       "once cleaned, a duplicate id"
                                if here != there else
                                f"duplicate id {rec.external_id!r} (also on {also})")
                continue
            first_seen[rec.external_id] = where
            if rec.id_field is None:
                explicit.add(rec.external_id)
            if rec.id_given is not None:
                first_given[rec.external_id] = rec.id_given
        yield rec


def check_records(text: str, fmt: str, name: str, settings: Settings) -> tuple[list[ImportRecord], list[BadRecord]]:
    good: list[ImportRecord] = []
    bad: list[BadRecord] = []
    desk_ids: set[str] = set()
    for item in _checked(text, fmt, name, settings):
        if isinstance(item, _DeskId):
            desk_ids.add(item.where)
        else:
            (bad if isinstance(item, BadRecord) else good).append(item)
    for rec in good:
        if rec.where in desk_ids:
            desk_id_kept(rec)
    return good, bad


# Good records the first pass keeps for the second (~0.6 KB each): those after them are
# checked again as they are stored (1M records are ~0.6 GB), these not (checking a record
# was a seventh of a 100k import's time, twice).
KEEP_RECORDS = 200_000


@dataclass(slots=True)
class _Scan:
    """What the first pass over the records keeps: the first `KEEP_RECORDS` good records
    (`kept`, read from the first `resume` records), not all (the second pass checks the rest
    again a chunk at a time as it stores them)."""

    good: int = 0
    kept: list[ImportRecord] = field(default_factory=list)
    resume: int = 0  # records read (good or bad) through the last one kept
    bad: list[BadRecord] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # external id -> where, of good records
    given: dict[str, str] = field(default_factory=dict)  # external id -> as the file gave it, when cleaned
    urls: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)  # outlet names of good records
    desk_ids: set[str] = field(default_factory=set)  # where a record's `id` is kept in extra (`_DeskId`)
    # where -> `_desk_record` of those records: what finds one imported before (`_desk_ids_stored`)
    desk_records: dict[str, tuple[str, str, str]] = field(default_factory=dict)


SCORE_APART = 20_000  # records to score from which the model runs in another process meanwhile


class _Scores:
    """The model's scores of the records that need one (in record order), computed by a
    `BackgroundScorer` while the import goes on, once there are `SCORE_APART` of them."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._held: list[str] = []  # texts not sent yet
        self._worker = None
        self._model: str | None = None

    def add(self, text: str) -> None:
        self._held.append(text)
        if len(self._held) >= (BULK_CHUNK if self._worker else SCORE_APART):
            self._send()

    def _send(self) -> None:
        if self._worker is None:
            from claims.checkworthiness import model_name
            from claims.triage.background import BackgroundScorer

            self._worker = self._stack.enter_context(BackgroundScorer())
            self._model = model_name()
        self._worker.submit(self._held)
        self._held = []

    def finish(self) -> None:
        """The first pass is over: the rest sent, or (too few for a worker) left to score inline."""
        if self._worker is not None and self._held:
            self._send()
        self._held = []

    def fill(self, record: ImportRecord) -> None:
        """Give a record that needs a score the one computed for it (no worker: left as it is)."""
        if self._worker is not None and record.checkworthiness is None:
            record.checkworthiness, record.checkworthiness_model = self._worker.take(1)[0], self._model


def _scan(text: str, fmt: str, name: str, settings: Settings, scores: _Scores, *,
          allow_future: bool = False) -> _Scan:
    scan = _Scan()
    keeping = True  # the records kept are the first good ones: none after one not kept
    n = 0  # records read
    for item in _checked(text, fmt, name, settings, allow_future=allow_future):
        if isinstance(item, _DeskId):
            scan.desk_ids.add(item.where)
            if scan.ids.get(item.external_id) == item.where:  # a record before: the id is the next one's
                del scan.ids[item.external_id]
                scan.given.pop(item.external_id, None)
                # (past KEEP_RECORDS it is not at hand: read again once the scan is over)
                earlier = next((r for r in reversed(scan.kept) if r.where == item.where), None)
                if earlier is not None and earlier.id_field is not None:
                    scan.desk_records[item.where] = _desk_record(earlier)
            continue
        n += 1
        if isinstance(item, BadRecord):
            scan.bad.append(item)
            continue
        scan.good += 1
        if scan.desk_ids and item.where in scan.desk_ids:  # (one before: in the second pass)
            if item.id_field is not None:
                scan.desk_records[item.where] = _desk_record(item)
            desk_id_kept(item)
        if keeping and len(scan.kept) < KEEP_RECORDS:
            scan.kept.append(item)
            scan.resume = n
        else:
            keeping = False
        if item.external_id is not None:
            scan.ids[item.external_id] = item.where
            if item.id_given is not None:
                scan.given[item.external_id] = item.id_given
        for seen in (item, *item.also_seen):
            if seen.url:
                scan.urls.add(seen.url)
            if seen.outlet:
                scan.outlets.add(seen.outlet)
        if item.checkworthiness is None:
            scores.add(item.text)
    scores.finish()
    if missing := scan.desk_ids - scan.desk_records.keys():  # those records alone read again
        for item in _checked(text, fmt, name, settings, skip=set(), allow_future=allow_future, only=missing):
            if isinstance(item, ImportRecord) and item.id_field is not None:
                scan.desk_records[item.where] = _desk_record(item)
    return scan


def _taken(records: list[ImportRecord]) -> Iterator[ImportRecord]:
    """The records in order, each let go of by the list as it is taken (stored claims are
    what memory then holds, not the records too)."""
    records.reverse()
    while records:
        yield records.pop()


def _stored_urls(db: Database, urls: set[str]) -> set[str]:
    """Which of these URLs name a stored article (one query per 500, not one per record)."""
    found: set[str] = set()
    wanted = sorted(urls)
    with db.session() as session:
        for i in range(0, len(wanted), 500):
            found.update(session.exec(
                select(Article.url).where(col(Article.url).in_(wanted[i : i + 500])).distinct()
            ))
    return found


def _already_stored(db: Database | Session, ids: list[str], given: dict[str, str] | None = None) -> dict[str, int]:
    """Which of these (cleaned) ids a stored claim has, as its claim id (read in a session of
    its own, or in the one given). An id stored before
    ids were cleaned is as the file gave it ('q\u200b1'): ``given`` (cleaned id -> as given)
    is looked up too, so the same file imported again is refused, not stored as a look-alike."""
    found: dict[str, int] = {}
    given = given or {}
    wanted = {i: i for i in ids} | {raw: ext for ext, raw in given.items()}
    keys = list(wanted)
    with ExitStack() as stack:
        session = db if isinstance(db, Session) else stack.enter_context(db.session())
        if keys and session.exec(select(Claim.id).where(col(Claim.external_id).is_not(None)).limit(1)).first() is None:
            return found  # no stored claim has an id (a first load): none to look up, 500 at a time
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            for ext, cid in session.exec(
                select(Claim.external_id, Claim.id).where(col(Claim.external_id).in_(chunk))
            ):
                found.setdefault(wanted[ext], cid)
    return found


def _desk_record(rec: ImportRecord) -> tuple[str, str, str]:
    """(the name its `id` is kept under in `extra`, that id as an external id is cleaned, its text)."""
    return kept_desk_id(rec)[0], rec.external_id, rec.text


REREAD_MOST = 10_000


def _ids_of_another_desk(db: Database, stored: dict[str, int], scan: _Scan, text: str, fmt: str, name: str,
                         settings: Settings, allow_future: bool) -> dict[str, ImportRecord]:
    """Of the records whose id a stored claim has as its external id (`stored`: id -> claim),
    those whose id is an exporting desk's (`id_beside_blank`) and whose text is not that claim's:
    another store's claim 3 is no repeat of the desk's claim '3' (an export of a desk of ingested
    claims was refused by a desk holding an imported claim whose id is '3'). Id -> record.
    Records past KEEP_RECORDS are read again for it, at most `REREAD_MOST` of them (a large file
    imported twice is not read a third time: its ids stay duplicates, as they were)."""
    wanted = {scan.ids[ext]: ext for ext in stored if ext in scan.ids}
    records = {r.where: r for r in scan.kept if r.where in wanted}
    if (missing := wanted.keys() - records.keys()) and len(missing) <= REREAD_MOST:
        records |= {r.where: r for r in _checked(text, fmt, name, settings, skip=set(), allow_future=allow_future,
                                                 only=missing) if isinstance(r, ImportRecord)}
    records = {w: r for w, r in records.items() if r.id_beside_blank and r.id_field is not None}
    if not records:
        return {}
    with db.session() as session:
        texts = dict(session.exec(select(Claim.id, Claim.text)
                                  .where(col(Claim.id).in_([stored[wanted[w]] for w in records]))).all())
    return {wanted[w]: r for w, r in records.items() if texts.get(stored[wanted[w]]) != r.text}


def _desk_ids_stored(db: Database, records: dict[str, tuple[str, str, str]]) -> dict[str, int]:
    """Which records whose `id` is kept in `extra` (`desk_id_kept`; where -> `_desk_record`) a
    stored claim without an external id holds already: the same text, the same id under that
    name in its `extra` (3 from a JSON listing, '3' from a CSV). They have no external id to be
    found by: the same export imported twice with --skip-bad stored them twice."""
    if not records:
        return {}
    texts = sorted({text for _, _, text in records.values()})
    held: dict[str, list[tuple[int, dict]]] = {}
    with db.session() as session:
        for i in range(0, len(texts), 500):
            for cid, text, extra in session.exec(
                    select(Claim.id, Claim.text, Claim.extra)
                    .where(col(Claim.text).in_(texts[i : i + 500]), col(Claim.external_id).is_(None),
                           col(Claim.extra).is_not(None))
                    .order_by(Claim.id)):
                try:
                    kept = json.loads(extra)
                except ValueError:  # damaged: `claims db check` names it
                    continue
                if isinstance(kept, dict):
                    held.setdefault(text, []).append((cid, kept))
    found: dict[str, int] = {}
    for where, (name, value, text) in records.items():
        cid = next((cid for cid, kept in held.get(text, ()) if name in kept and same_id(kept[name], value)), None)
        if cid is not None:
            found[where] = cid
    return found


def _claims_mark(db: Database | Session) -> tuple:
    """The stored claims' highest id and count: a claim stored or removed changes it (a
    PostgreSQL id is never given twice; SQLite's may be, after a removal, not with the count
    alike too)."""
    with ExitStack() as stack:
        session = db if isinstance(db, Session) else stack.enter_context(db.session())
        return tuple(session.execute(select(func.max(Claim.id), func.count()).select_from(Claim)).one())


def _add_stored(bad: list[BadRecord], stored: dict[str, int], where: dict[str, str]) -> int:
    """The records whose ids are `stored` added to `bad` (in file order); how many."""
    bad.extend(BadRecord(where[ext], f"duplicate id {ext!r}: already stored as claim {cid}")
               for ext, cid in stored.items())
    bad.sort(key=lambda b: _order(b.where))
    return len(stored)


def _refused(name: str, bad: list[BadRecord]) -> ImportFailed:
    listing = "; ".join(map(str, bad[:5])) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
    return ImportFailed(f"{name}: {len(bad)} bad record{'s' * (len(bad) != 1)}, nothing imported: {listing} "
                        "(fix them, or --skip-bad to import the rest)", bad)


def import_text(
    db: Database,
    text: str,
    *,
    name: str,
    fmt: str | None = None,
    skip_bad: bool = False,
    settings: Settings | None = None,
    reviewer: str | None = None,
    on_checked: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_matching: Callable[[int, int], None] | None = None,
    allow_future: bool = False,
) -> ImportReport:
    """Check every record, then store the good ones in one transaction (see the module doc),
    checked again a chunk at a time as they are stored: a large file's records never all
    sit in memory.

    The import is one action in the audit log (one batch, see `IMPORT_ACTION`), so
    `claims undo` removes what it added and `claims redo` puts it back."""
    return _import_held(db, [text], name=name, fmt=fmt, skip_bad=skip_bad, settings=settings, reviewer=reviewer,
                        on_checked=on_checked, on_progress=on_progress, on_matching=on_matching,
                        allow_future=allow_future)


def _import_held(
    db: Database,
    held: list[str],
    *,
    name: str,
    fmt: str | None = None,
    skip_bad: bool = False,
    settings: Settings | None = None,
    reviewer: str | None = None,
    on_checked: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_matching: Callable[[int, int], None] | None = None,
    allow_future: bool = False,
) -> ImportReport:
    """`import_text` of the text `held` alone holds: taken out of it, so that it is freed
    once the records are stored (an argument of a call made with **kwargs stays referenced
    by the call until it returns: 200 MB through matching, for 1M claims)."""
    text = held.pop()
    settings = settings or load_settings()
    if reviewer is None:
        from claims.reviewer import stored_default_reviewer

        reviewer = stored_default_reviewer()
    fmt = fmt or detect_format(text, name)
    if fmt not in FORMATS:
        raise ClaimsError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    with ExitStack() as stack:  # a scoring worker, if one is started, stops with the import
        scores = _Scores(stack)
        scan = _scan(text, fmt, name, settings, scores, allow_future=allow_future)
        bad, good = scan.bad, scan.good
        found_bad = {b.where for b in bad}  # what the second pass leaves out unchecked
        mark = _claims_mark(db)  # before the check: what another import stores after it changes it
        stored = _already_stored(db, list(scan.ids), scan.given)
        if stored and fmt != "claimreview":
            for ext, rec in _ids_of_another_desk(db, stored, scan, text, fmt, name, settings, allow_future).items():
                del stored[ext], scan.ids[ext]  # imported, its id kept in extra (`desk_id_kept`)
                scan.given.pop(ext, None)
                scan.desk_ids.add(rec.where)
                scan.desk_records[rec.where] = _desk_record(rec)
        if stored:
            good -= _add_stored(bad, stored, scan.ids)
        again = _desk_ids_stored(db, scan.desk_records)  # where -> claim id
        if again:
            bad.extend(BadRecord(where, f"already stored as claim {cid} (the same text, and its id "
                                        f"{scan.desk_records[where][1]!r} kept in extra)")
                       for where, cid in again.items())
            bad.sort(key=lambda b: _order(b.where))
            good -= len(again)
        scan.desk_records = {}
        report = ImportReport(source=name, format=format_read(text, fmt, name), records=good + len(bad), bad=bad)
        today = date.today()
        if bad and not skip_bad:
            raise _refused(name, bad)
        if not good:
            if not bad:
                raise ClaimsError(f"{name}: no records to import")
            return report
        if on_checked:
            on_checked(good)
        context = ImportContext(source=name, known_urls=_stored_urls(db, scan.urls))
        try:
            # one transaction, holding the write lock from its start (SQLite's BEGIN IMMEDIATE):
            # the ids checked again under it stay as they are until it commits
            with db.session(write=True) as session, bulk_work(session):  # its pages cached
                from claims.services.outlets import lock_new_outlets

                wait_to_add_claims(session)  # before the outlets' locks: one order, no deadlock
                if _claims_mark(session) != mark:
                    # Claims were stored (or removed) since the ids were checked: another import
                    # at once. Checked again, now that no other can store any, each id found is
                    # named as it is when the imports run one after the other (it failed at the
                    # insert with "another change stored one of these ids meanwhile").
                    meanwhile = {ext: cid for ext, cid in _already_stored(session, list(scan.ids), scan.given)
                                 .items() if ext not in stored}
                    if meanwhile:
                        good -= _add_stored(bad, meanwhile, scan.ids)
                        stored |= meanwhile
                        if not skip_bad:
                            raise _refused(name, bad)
                        if not good:
                            return report
                scan.ids, scan.given = {}, {}  # (held until here: a file's ids are many)
                desk_ids = scan.desk_ids
                lock_new_outlets(session, scan.outlets)  # in one order: two imports do not deadlock
                scan.outlets = set()
                created: list[int] = []  # the ids of the claims stored, in record order
                plain: list[ImportRecord] = []  # records without appearance information, stored in bulk
                pending: list[ImportRecord] = []  # stored, their audit rows not written yet
                now = utcnow()

                def store_plain() -> None:
                    created.extend(c.id for c in create_imported_claims(session=session, records=plain))
                    plain.clear()

                def log_stored() -> None:
                    store_plain()
                    session.flush()
                    # audit_row's values, in EVENT_COLUMNS' order (no dict a claim)
                    insert_event_rows(session.connection(), [
                        [now, reviewer, cid, None, IMPORT_ACTION, None, None, None, f"{name} {r.where}"[:2000],
                         context.batch, False]
                        for cid, r in zip(created[len(created) - len(pending):], pending, strict=True)])
                    pending.clear()

                # The second pass: the records kept, then the rest checked again, stored a chunk
                # at a time. The records already stored were scored in the first pass: their
                # scores are passed over.
                records = itertools.chain(_taken(scan.kept),
                                          _checked(text, fmt, name, settings, skip=found_bad, start=scan.resume,
                                                   allow_future=allow_future))
                # An import into an empty (or small) store: the claim table's indexes made after.
                # (the search index's rows of the claims stored at once: in one statement at the end)
                with claim_indexes_made_after(session, good), search_rows_written_after(session):
                    i = 0
                    for rec in records:
                        if isinstance(rec, BadRecord):  # checking is deterministic: never
                            raise ClaimsError(f"{name}: {rec}, though it passed the first check; nothing imported")
                        scores.fill(rec)
                        if desk_ids and rec.where in desk_ids:
                            desk_id_kept(rec)
                        if rec.external_id in stored or rec.where in again:
                            continue
                        i += 1
                        if rec.extra:  # (a Counter's update of nothing is no free call, 100k times)
                            report.extra_fields.update(rec.extra.keys())
                        if rec.ignored:
                            report.ignored_fields.update(rec.ignored)
                        if rec.claim_date and after_today(rec.claim_date, today):
                            report.future_dated.append((rec.where, rec.claim_date))
                        pending.append(rec)
                        if _has_appearance(rec):
                            store_plain()  # keeps ids in record order
                            created.append(create_imported_claim(session=session, record=rec, context=context).id)
                        else:
                            plain.append(rec)
                        if len(pending) >= BULK_CHUNK:
                            log_stored()
                        if on_progress and (i % 100 == 0 or i == good):
                            on_progress(i)
                    log_stored()
                stack.close()  # every score taken: the scoring worker leaves
                del records, text  # stored: a file of 1M claims is ~200 MB of text
                report.claim_ids = created
                # Matching runs in the same transaction: an import that fails leaves no match behind.
                first_match = session.execute(select(func.max(Match.id))).scalar() or 0
                batches = set(session.info.get("batches", ()))
                report.matches = match_new_claims(session, StoredClaims(created), settings.match_settings(),
                                                  on_matching)
                last_match = session.execute(select(func.max(Match.id))).scalar() or 0
                # The merges matching made are part of the import: one batch, undone as one action.
                merged = set(session.info.get("batches", ())) - batches - {context.batch}
                if merged:
                    session.execute(update(Event).where(col(Event.batch).in_(sorted(merged)))
                                    .values(batch=context.batch))
                summary = ImportSummary(source=name, format=report.format, claims=len(report.claim_ids),
                                        articles=context.created_articles, outlets=context.created_outlets,
                                        matches=(first_match, last_match))
                insert_events(session.connection(), [audit_row(
                    batch=context.batch, reviewer=reviewer, action=IMPORT_ACTION, field=IMPORT_FIELD,
                    new=summary.to_json(), note=summary.describe(), at=now)])
                report.batch = context.batch
        except IntegrityError as exc:
            report.claim_ids.clear()
            if not is_duplicate_key(exc):  # a trigger's refusal, a CHECK: the database's own words
                raise
            raise ClaimsError(
                f"{name}: another change stored one of these ids meanwhile; nothing imported ({error_line(exc)})"
            ) from None
    report.imported = len(report.claim_ids)
    return report


def _order(where: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", where))


def import_source(db: Database, source: str, **kwargs) -> ImportReport:
    """Import a file (or `-` for standard input)."""
    read = dict(zip(("data", "name"), read_input(source), strict=True))
    # Only the list holds the text (and nothing the bytes), so it is freed once stored.
    return _import_held(db, [decode_input(read.pop("data"), read["name"])], name=read["name"], **kwargs)

"""Ingest: one article in, its claims and appearances stored, all in one transaction."""

from __future__ import annotations

import hashlib
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims.cleaning import CleanedArticle, article_to_store
from claims.dates import FUTURE_HINT
from claims.errors import ClaimsError
from claims.extraction import extract_claims
from claims.extraction.sections import extract_sections, sectioned
from claims.extraction.types import ExtractedClaim
from claims.limits import (
    MAX_LEN,
    MAX_TEXT_CHARS,
    check_length,
    fitted,
    one_line,
    shows_nothing,
    visible_name,
    without_controls,
)
from claims.links import check_url
from claims.models import Appearance, Article, Outlet, utcnow
from claims.services.claim_rows import insert_claims
from claims.services.matching import match_new_claims, wait_to_add_claims
from claims.services.views import IngestOutcome
from claims.sources import (
    ArticleSource,
    header_published,
    ignored_header_date,
    read_source,
    source_warnings,
)
from claims.transcripts import extract_transcript
from db import Database

# Called inside an article's transaction once it is stored and matched, with the session and
# the new article's id: more writes that must stand or fall with the article (a feed entry
# remembered, a poller's lease renewed); raising rolls the whole article back.
InTransaction = Callable[[Session, int], None]
Progress = Callable[[str, int, "int | None"], None]  # (phase, done, total or None)


def _quiet(phase: str, done: int, total: int | None) -> None:
    pass


# What one copy of an article may hold and another not, and nobody sees: a CMS's soft hyphens,
# word joiners, invisible operators, zero-width spaces ('per\u00adcent' was stored as another
# article than 'percent', hostile30). The text keeps them (offsets index it as read).
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]")


def content_hash(text: str) -> str:
    """Same words, same hash: whitespace, case and invisible characters do not make a new article."""
    return _digest(_INVISIBLE_RE.sub("", text))


def _digest(text: str) -> str:
    canonical = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_hashes(text: str) -> list[str]:
    """The hashes an article of ``text`` may be stored under: :func:`content_hash`, and the hash
    of its invisible characters kept, as an article holding one was hashed before (7 December
    2026): ingested again, it is found, with no migration rewriting every article's hash."""
    return list(dict.fromkeys((content_hash(text), _digest(text))))


def get_or_create_outlet(session: Session, name: str | None) -> Outlet | None:
    name = visible_name(check_length(name, "outlet", MAX_LEN["outlet"], name=True))
    if not name:
        return None
    from claims.services.outlets import find_or_create_outlet

    return session.get(Outlet, find_or_create_outlet(session, name)[0])


@dataclass(frozen=True, slots=True)
class NewClaimRow:
    """A claim just stored: what matching and the summary need of it."""

    id: int
    text: str


def _fits(value: str | None, field: str) -> str | None:
    """An extracted name or phrase as stored: None when it is longer than an import takes
    back (`claims.limits`), which only a misread sentence gives."""
    return value if value is None or len(value) <= MAX_LEN[field] else None


def store_claims(
    session: Session, article: Article, found: Iterable[ExtractedClaim], *, by_speaker: bool = False,
    warnings: list[str] | None = None,
) -> tuple[list[NewClaimRow], int]:
    """Add one claim per distinct statement and one appearance per place it stands.

    With ``by_speaker`` (transcripts) the same words from two speakers are two claims.
    Returns the new claims and the number of appearances added. ``found`` is read
    ``STORE_CHUNK`` places at a time, each chunk's rows written before the next is read (a
    long article's claims arrive section by section: they need not all sit in memory); rows
    go in as one executemany a chunk (`claim_rows.insert_claims`, as an import writes them)
    and multi-row INSERTs: one ORM object and flush per claim made a large article's store
    grow with the session (13,500 claims: 70 s).

    Whatever is stored fits the limits an import checks, so an export imports again: a
    statement longer than a claim may be is left out, a speaker, role or date phrase longer
    than its field is left empty; each counted in ``warnings``.
    """
    from claims.checkworthiness import model_name

    model = model_name()  # extraction scored them with the shipped model
    claim_of: dict[str, int] = {}  # statement key -> its claim's id (stored) or -1 - row (pending)
    new: list[NewClaimRow] = []
    claim_rows: list[dict] = []  # the chunk's new claims
    placed: list[tuple[int, ExtractedClaim]] = []  # (claim id or -1 - row, where it stands)
    keys: list[str] = []  # the chunk's new claims' keys
    now = utcnow()
    too_long = unnamed = appearances = 0

    def flush() -> None:
        nonlocal appearances
        ids = insert_claims(session, claim_rows)  # one executemany, triggers set at a time
        for key, cid, row in zip(keys, ids, claim_rows, strict=True):
            claim_of[key] = cid
            new.append(NewClaimRow(cid, row["text"]))
        text = article.text
        session.execute(insert(Appearance.__table__), [{
            "claim_id": ids[-1 - ref] if ref < 0 else ref, "article_id": article.id, "quote": item.quote,
            "start": item.start, "end": item.end,
            "speaker_mention": (text[item.speaker_start : item.speaker_end]
                                if item.speaker_start is not None and item.speaker_end is not None
                                else None),
            "speaker_start": item.speaker_start, "speaker_end": item.speaker_end, "cue": item.cue,
            "date_text": item.date_text, "date_resolved": item.date,
            "date_precision": item.date_precision, "date_is_reporting": item.date_is_reporting,
        } for ref, item in placed])
        appearances += len(placed)
        claim_rows.clear()
        placed.clear()
        keys.clear()

    for item in found:
        if len(item.text) > MAX_TEXT_CHARS:
            too_long += 1
            continue
        if item.speaker != _fits(item.speaker, "speaker") or item.speaker_role != _fits(item.speaker_role,
                                                                                       "speaker_role"):
            unnamed += 1
            item = replace(item, speaker=_fits(item.speaker, "speaker"),
                           speaker_role=_fits(item.speaker_role, "speaker_role"),
                           speaker_start=None, speaker_end=None)
        if item.date_text is not None and len(item.date_text) > MAX_LEN["date_text"]:
            item = replace(item, date_text=None)
        key = re.sub(r"\W+", " ", item.text).strip().casefold()
        if not key:
            continue
        if by_speaker:
            key = f"{(item.speaker or '').casefold()}\x00{key}"
        ref = claim_of.get(key)
        if ref is None:
            ref = claim_of[key] = -1 - len(claim_rows)
            keys.append(key)
            claim_rows.append({
                "text": item.text, "speaker": item.speaker, "speaker_role": item.speaker_role,
                "claim_date": item.date, "date_precision": item.date_precision,
                "date_text": item.date_text, "checkworthiness": round(float(item.checkworthiness), 4),
                "checkworthiness_model": model, "claim_type": item.claim_type, "canonical_id": None, "version": 1,
                "created_at": now, "updated_at": now,
            })
        placed.append((ref, item))
        if len(placed) >= STORE_CHUNK:
            flush()
    if placed:
        flush()
    if warnings is not None and too_long:
        warnings.append(f"{too_long} statement(s) longer than {MAX_TEXT_CHARS:,} characters left out")
    if warnings is not None and unnamed:
        warnings.append(f"{unnamed} speaker name(s) longer than {MAX_LEN['speaker']} characters left empty")
    return new, appearances


STORE_CHUNK = 5_000  # places stored at a time: a dict per place of a 20 MB article is ~150 MB


def ingest_source(
    db: Database,
    src: ArticleSource,
    *,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    author: str | None = None,
    published: date | None = None,
    allow_future: bool = False,
    transcript: bool = False,
    min_score: float | None = None,
    in_transaction: InTransaction | None = None,
    progress: Progress | None = None,
    future_hint: str = FUTURE_HINT,
) -> IngestOutcome:
    """Store one article and its claims; an article already stored changes nothing.

    A ``transcript`` (lines ``SPEAKER: text``) is stored as read, and every sentence becomes a
    claim of its speaker. ``min_score`` keeps only claims at least that check-worthy.
    ``in_transaction`` runs inside the article's transaction once it is stored (see
    `store_article`).
    ``allow_future`` accepts a header's publication date after today (``future_hint``: how
    the refusal says to).
    ``progress(phase, done, total)`` hears how a large article goes: "extracting",
    "storing", "matching".
    """
    step = progress or _quiet
    title = check_length(title, "--title", MAX_LEN["title"], name=True)  # typed: refused whole
    if title and shows_nothing(title):  # stored, it was a title nobody sees (hostile30)
        raise ClaimsError("--title: shows nothing: it is made only of invisible characters or spaces")
    outlet = check_length(outlet, "--outlet", MAX_LEN["outlet"], name=True) if outlet else None
    if transcript:  # stored as read, but for the controls a terminal acts on and direction controls
        cleaned = CleanedArticle(text=without_controls(src.text), outlet=None)
        if not cleaned.text.strip():
            raise ClaimsError(f"{src.source}: empty transcript")
    else:
        cleaned = article_to_store(src.text, src.source)
    date_ignored = None
    if published is None:
        published = header_published(src, allow_future=allow_future, future_hint=future_hint)
        date_ignored = ignored_header_date(src) if published is None else None
    known = stored_article_id(db, cleaned.text)
    if known is not None:
        # Stored already: skip the extraction (store_article checks again, in its transaction).
        return IngestOutcome(source=src.source, duplicate_of=known)
    article = ArticleFields(
        source=src.source,
        text=cleaned.text,
        outlet=outlet or header_field(src, "outlet") or cleaned.outlet,
        url=article_url(src, url),
        title=title or header_field(src, "title") or first_line_title(cleaned.text),
        author=author or header_field(src, "author"),
        published=published,
        claimreviews=tuple(getattr(src, "claimreviews", ())),  # a web page's ClaimReview markup
    )
    step("extracting", 0, None)
    if transcript:
        found = _worthy(extract_transcript(cleaned.text, published=published), min_score)
    elif sectioned(cleaned.text):
        # Read section by section and kept on disk until stored: bounded memory, and the
        # write lock is not held through the extraction.
        found = SpilledClaims.read(cleaned.text, published, min_score, step)
    else:
        found = _worthy(extract_claims(cleaned.text, published=published), min_score)
    with closing(found) if isinstance(found, SpilledClaims) else nullcontext():  # its file goes
        outcome = store_article(db, article, found, by_speaker=transcript, in_transaction=in_transaction,
                                progress=progress)
    outcome.warnings[:0] = source_warnings(src, published, future_hint)
    outcome.warnings += header_warnings(src, date_ignored)
    return outcome


def header_warnings(src: ArticleSource, date_ignored: str | None) -> list[str]:
    """What of the header an ingest leaves out, one line each: its `Published:` (``date_ignored``,
    from `ignored_header_date`), a title, outlet or author an import would not take back. The desk's
    ingest screen shows the same lines."""
    warnings = [date_ignored] if date_ignored else []
    for key in ("title", "outlet", "author"):
        if src.header.get(key) and header_field(src, key) is None:
            warnings.append(f"{src.source}: its {key} is left out ({_problem(src.header[key], key)})")
    return warnings


def _worthy(found: list[ExtractedClaim], min_score: float | None) -> list[ExtractedClaim]:
    return found if min_score is None else [c for c in found if c.checkworthiness >= min_score]


class SpilledClaims:
    """A long text's claims, read a section at a time (`claims.extraction.sections`) into a
    temporary file, then taken back from it a section at a time as they are stored: the
    extracted claims never all sit in memory, and the extraction is done before the
    article's transaction takes the write lock (the desk and other ingests wait out a
    store, not an extraction)."""

    def __init__(self, spill, count: int) -> None:
        self._spill, self.count = spill, count

    @classmethod
    def read(cls, text: str, published: date | None, min_score: float | None, step: Progress) -> SpilledClaims:
        spill = tempfile.TemporaryFile(prefix="claims-")  # noqa: SIM115 (closed by close(), or below)
        count = 0
        try:
            with closing(extract_sections(text, published=published,
                                          progress=lambda done, total: step("extracting", done, total))) as parts:
                for part in parts:
                    kept = _worthy(part, min_score)
                    pickle.dump(kept, spill, protocol=pickle.HIGHEST_PROTOCOL)
                    count += len(kept)
            spill.seek(0)
        except BaseException:
            spill.close()
            raise
        return cls(spill, count)

    def __iter__(self) -> Iterator[ExtractedClaim]:
        while True:
            try:
                part = pickle.load(self._spill)  # our own file, written above
            except EOFError:
                return
            yield from part

    def close(self) -> None:
        self._spill.close()


def _problem(value: str, key: str) -> str | None:
    try:
        check_length(value, key, MAX_LEN[key], name=True)
    except ClaimsError as exc:
        return str(exc).removeprefix(f"{key}: ")
    return None


def header_field(src: ArticleSource, key: str) -> str | None:
    """The header's or the page's title, outlet or author, when an import would take it back
    (a page may carry a title of any length, or control characters; an author past its
    column's 500 characters failed the whole ingest on PostgreSQL, stored on SQLite)."""
    found = src.header.get(key)
    return check_length(found, key, MAX_LEN[key], name=True) if found and _problem(found, key) is None else None


def article_url(src: ArticleSource, url: str | None) -> str | None:
    """The article's URL: the one given, else its header's; an http(s) link or ClaimsError."""
    if url:
        return check_url(url, "url")
    header = src.header.get("url")
    return check_url(header, f"{src.source}: header field URL") if header else None


@dataclass(frozen=True, slots=True)
class ArticleFields:
    """An article ready to store: its cleaned text and what is known about it."""

    source: str
    text: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    claimreviews: tuple[dict, ...] = ()  # ClaimReview objects the page carries, recorded with it


def stored_article_id(db: Database, text: str) -> int | None:
    """The id of the stored article with these words, if there is one."""
    with db.session() as session:
        return session.exec(select(Article.id).where(col(Article.content_hash).in_(content_hashes(text)))).first()


def store_article(
    db: Database, fields: ArticleFields, found: Iterable[ExtractedClaim], *, by_speaker: bool = False,
    in_transaction: InTransaction | None = None,
    progress: Progress | None = None,
) -> IngestOutcome:
    """Store an article with the claims found in it, matched against the store, in one
    transaction; an article already stored changes nothing.

    A list of ``found`` claims is emptied once they are stored (a 20 MB article's 240,000
    would otherwise sit in memory through matching); `SpilledClaims` are read back from
    their file as they are stored.

    The transaction takes the write lock from its start (SQLite's BEGIN IMMEDIATE): several
    ingesting processes then queue for it instead of one failing when another committed
    between its first read and its first write.
    """
    digest = content_hash(fields.text)
    outcome = IngestOutcome(source=fields.source)
    try:
        with db.session(write=True) as session:
            wait_to_add_claims(session)  # (PostgreSQL; SQLite's BEGIN IMMEDIATE is that lock)
            existing = session.exec(
                select(Article.id).where(col(Article.content_hash).in_(content_hashes(fields.text)))).first()
            if existing is not None:
                outcome.duplicate_of = existing
                return outcome
            outlet_row = get_or_create_outlet(session, fields.outlet)
            article = Article(
                outlet_id=outlet_row.id if outlet_row else None,
                url=check_url(fields.url, "url") if fields.url else None,  # whatever door it came by
                # one line, as the outlet's name is: a header's or a page's tab stayed a tab
                # without the invisible characters a name drops: a header's 'A\u200bB' was stored so
                title=visible_name(fields.title),
                author=visible_name(fields.author),
                published=fields.published,
                text=fields.text,
                content_hash=digest,
                source=fitted(fields.source),  # a file's path may be longer than the column
            )
            session.add(article)
            session.flush()
            step = progress or _quiet
            step("storing", 0, len(found) if isinstance(found, list) else getattr(found, "count", None))
            new_claims, outcome.appearances_added = store_claims(
                session, article, found, by_speaker=by_speaker, warnings=outcome.warnings
            )
            if isinstance(found, list):
                found.clear()  # stored: the extracted claims need not sit in memory through matching
            if fields.claimreviews:
                from claims.services.claimreview import store_page_reviews

                reviewed, markup_warnings = store_page_reviews(
                    session, article, fields.claimreviews, source=fields.source, page_url=fields.url)
                outcome.warnings += markup_warnings
                outcome.reviews_added = len(reviewed)
                # each review's claim is new: all its appearances (in the page, and the ones
                # its markup names elsewhere) were added now
                outcome.appearances_added += _appearances_of(session, [c.id for c in reviewed])
                new_claims += reviewed
            outcome.claims_added = len(new_claims)
            step("matching", 0, len(new_claims))
            outcome.matches = match_new_claims(
                session, new_claims, progress=lambda done, total: step("matching", done, total),
                # the page's new claims appeared under its title alone (a review's may elsewhere too)
                titles=None if fields.claimreviews else {c.id: article.title for c in new_claims})
            outcome.article_id = article.id
            if in_transaction is not None:
                in_transaction(session, article.id)
    except IntegrityError:
        # Another process stored the same article between our check and our insert.
        existing = stored_article_id(db, fields.text)
        if existing is None:
            raise
        return IngestOutcome(source=fields.source, duplicate_of=existing)
    return outcome


def _appearances_of(session: Session, claim_ids: list[int]) -> int:
    if not claim_ids:
        return 0
    return session.exec(select(func.count()).select_from(Appearance)
                        .where(col(Appearance.claim_id).in_(claim_ids))).one()


def first_line_title(text: str) -> str | None:
    """The first line as a title, when it is short enough to be one."""
    first = one_line(text.strip().split("\n", 1)[0])
    return first[:120] if first and len(first) <= 200 else None


def ingest_paths(
    db: Database,
    sources: list[str],
    *,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    allow_future: bool = False,
    on_done: Callable[[IngestOutcome], None] | None = None,
    transcript: bool = False,
    min_score: float | None = None,
    progress: Progress | None = None,
) -> list[IngestOutcome]:
    """Ingest each source in its own transaction; a bad one is reported and the rest go on.
    ``progress`` hears the phases of each (see ``ingest_source``)."""
    outcomes: list[IngestOutcome] = []
    for source in sources:
        try:
            src = read_source(source)
            outcome = ingest_source(db, src, outlet=outlet, url=url, title=title, published=published,
                                    allow_future=allow_future,
                                    transcript=transcript, min_score=min_score, progress=progress)
        except ClaimsError as exc:
            outcome = IngestOutcome(source=source, error=str(exc))
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes

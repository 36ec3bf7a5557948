"""Ingest in two steps for the desk: extract and show the claims, then store the ones accepted.

`ingest.ingest_source` does both at once (the CLI's way); here the same cleaning, extraction
and storage run apart so a person can drop a claim before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from claims.cleaning import article_to_store
from claims.dates import FUTURE_HINT
from claims.extraction.sections import read_claims
from claims.extraction.types import ExtractedClaim
from claims.services.ingest import (
    ArticleFields,
    Progress,
    article_url,
    first_line_title,
    header_field,
    header_warnings,
    store_article,
    stored_article_id,
)
from claims.services.views import IngestOutcome
from claims.sources import (
    ArticleSource,
    decode_article,
    header_published,
    ignored_header_date,
    read_source,
    source_warnings,
    split_header,
)
from db import Database


@dataclass(slots=True)
class Preview:
    source: str
    text: str  # the cleaned article text the offsets point into
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None
    claims: list[ExtractedClaim] = field(default_factory=list)
    author: str | None = None  # the header's, stored with the article as an ingest stores it
    claimreviews: tuple[dict, ...] = ()  # a web page's ClaimReview markup, stored with it as by an ingest
    duplicate_of: int | None = None  # an article with the same text is already stored
    warnings: list[str] = field(default_factory=list)  # what `claims ingest` would warn of, one line each


def _preview(db: Database, src: ArticleSource, *, outlet: str | None, published: date | None,
             title: str | None, url: str | None, allow_future: bool = False,
             future_hint: str = FUTURE_HINT, progress: Progress | None = None) -> Preview:
    cleaned = article_to_store(src.text, src.source)
    date_ignored = None
    if published is None:
        published = header_published(src, allow_future=allow_future, future_hint=future_hint)
        date_ignored = ignored_header_date(src) if published is None else None
    preview = Preview(
        source=src.source,
        text=cleaned.text,
        # the header's as an ingest takes them: one it leaves out is left out here too, and told
        outlet=outlet or header_field(src, "outlet") or cleaned.outlet,
        title=title or header_field(src, "title") or first_line_title(cleaned.text),
        url=article_url(src, url),
        published=published,
        claims=read_claims(cleaned.text, published=published,  # by sections, as ingest reads it
                           progress=(lambda done, total: progress("extracting", done, total)) if progress else None),
        warnings=[*source_warnings(src, published, future_hint), *header_warnings(src, date_ignored)],
        author=header_field(src, "author"),
        claimreviews=tuple(getattr(src, "claimreviews", ())),
    )
    preview.duplicate_of = stored_article_id(db, cleaned.text)
    if preview.duplicate_of is not None:
        preview.warnings = []  # nothing will be stored: `claims ingest` says only that it is there
    return preview


def preview_path(db: Database, path: str, *, outlet: str | None = None, published: date | None = None,
                 title: str | None = None, url: str | None = None, allow_future: bool = False,
                 future_hint: str = FUTURE_HINT, progress: Progress | None = None) -> Preview:
    """The claims of the article at `path` (the desk's: `-` is no standard input), nothing stored. A future date in its header is
    refused unless `allow_future` (as `claims ingest --allow-future`). ``progress`` hears a
    long article's sections read (phase "extracting", characters read, all)."""
    return _preview(db, read_source(path, standard_input=False), outlet=outlet, published=published, title=title, url=url,
                    allow_future=allow_future, future_hint=future_hint, progress=progress)


def preview_text(db: Database, raw: str, *, outlet: str | None = None, published: date | None = None,
                 title: str | None = None, url: str | None = None, allow_future: bool = False,
                 future_hint: str = FUTURE_HINT, progress: Progress | None = None) -> Preview:
    text = decode_article(raw.encode("utf-8"), "pasted text")
    header, offset = split_header(text, "pasted text")
    src = ArticleSource(source="pasted text", text=text[offset:], header=header, body_offset=offset)
    return _preview(db, src, outlet=outlet, published=published, title=title, url=url,
                    allow_future=allow_future, future_hint=future_hint, progress=progress)


def store_preview(db: Database, preview: Preview, accepted: list[int], *,
                  progress: Progress | None = None) -> IngestOutcome:
    """Store the article and the accepted claims (indexes into `preview.claims`) in one
    transaction; ``progress`` hears its phases (storing, matching), as an ingest's."""
    chosen = [preview.claims[i] for i in sorted(set(accepted)) if 0 <= i < len(preview.claims)]
    fields = ArticleFields(source=preview.source, text=preview.text, outlet=preview.outlet,
                           url=preview.url, title=preview.title, author=preview.author,
                           published=preview.published, claimreviews=preview.claimreviews)
    outcome = store_article(db, fields, chosen, progress=progress)
    outcome.warnings[:0] = preview.warnings
    return outcome

"""Ingest in two steps for the desk: extract and show the claims, then store the ones accepted.

`ingest.ingest_source` does both at once (the CLI's way); here the same cleaning, extraction
and storage run apart so a person can drop a claim before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from claims.cleaning import clean_article
from claims.dates import parse_user_date
from claims.errors import ClaimsError
from claims.extraction import extract_claims
from claims.extraction.types import ExtractedClaim
from claims.models import Article
from claims.services.ingest import content_hash, get_or_create_outlet, store_claims
from claims.services.views import IngestOutcome
from claims.sources import ArticleSource, decode_article, read_source, split_header
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
    duplicate_of: int | None = None  # an article with the same text is already stored


def parse_published(value: str | None) -> date | None:
    """A publication date as a person types it (any form dateparser reads), or None."""
    if not value or not value.strip():
        return None
    try:
        return parse_user_date(value.strip())
    except ValueError as exc:
        raise ClaimsError(f"publication date: {exc}") from None


def _preview(db: Database, src: ArticleSource, *, outlet: str | None, published: date | None,
             title: str | None, url: str | None) -> Preview:
    cleaned = clean_article(src.text)
    if not cleaned.text.strip():
        raise ClaimsError(f"{src.source}: nothing left after removing scraper debris")
    if published is None and src.header.get("published"):
        published = parse_published(src.header["published"])
    first = cleaned.text.strip().split("\n", 1)[0].strip()
    preview = Preview(
        source=src.source,
        text=cleaned.text,
        outlet=outlet or src.header.get("outlet") or cleaned.outlet,
        title=title or src.header.get("title") or (first[:120] if first and len(first) <= 200 else None),
        url=url or src.header.get("url"),
        published=published,
        claims=list(extract_claims(cleaned.text, published=published)),
    )
    with db.session() as session:
        preview.duplicate_of = session.exec(
            select(Article.id).where(Article.content_hash == content_hash(cleaned.text))
        ).first()
    return preview


def preview_path(db: Database, path: str, *, outlet: str | None = None, published: date | None = None,
                 title: str | None = None, url: str | None = None) -> Preview:
    return _preview(db, read_source(path), outlet=outlet, published=published, title=title, url=url)


def preview_text(db: Database, raw: str, *, outlet: str | None = None, published: date | None = None,
                 title: str | None = None, url: str | None = None) -> Preview:
    text = decode_article(raw.encode("utf-8"), "pasted text")
    header, offset = split_header(text)
    src = ArticleSource(source="pasted text", text=text[offset:], header=header, body_offset=offset)
    return _preview(db, src, outlet=outlet, published=published, title=title, url=url)


def _match(session, new_claims):
    """Match the new claims against the store as `claims ingest` does (when matching is there)."""
    try:
        from claims.services.matching import match_new_claims
    except ImportError:
        return None
    return match_new_claims(session, new_claims)


def store_preview(db: Database, preview: Preview, accepted: list[int]) -> IngestOutcome:
    """Store the article and the accepted claims (indexes into `preview.claims`) in one transaction."""
    outcome = IngestOutcome(source=preview.source)
    digest = content_hash(preview.text)
    try:
        with db.session() as session:
            existing = session.exec(select(Article.id).where(Article.content_hash == digest)).first()
            if existing is not None:
                outcome.duplicate_of = existing
                return outcome
            outlet_row = get_or_create_outlet(session, preview.outlet)
            article = Article(
                outlet_id=outlet_row.id if outlet_row else None, url=preview.url, title=preview.title,
                published=preview.published, text=preview.text, content_hash=digest,
                source=preview.source,
            )
            session.add(article)
            session.flush()
            chosen = [preview.claims[i] for i in sorted(set(accepted)) if 0 <= i < len(preview.claims)]
            stored = store_claims(session, article, chosen)
            # `store_claims` returned (count, count) at first and (new claims, count) since matching.
            new_claims, outcome.appearances_added = stored
            if isinstance(new_claims, int):
                outcome.claims_added = new_claims
            else:
                outcome.claims_added = len(new_claims)
                outcome.matches = _match(session, new_claims)
            outcome.article_id = article.id
    except IntegrityError:
        with db.session() as session:
            existing = session.exec(select(Article.id).where(Article.content_hash == digest)).first()
        if existing is None:
            raise
        outcome.duplicate_of = existing
    return outcome

"""ClaimReview out: schema.org JSON-LD for reviewed claims, checked before it is written; and
ClaimReview in from the markup of an ingested web page (`store_page_reviews`).

Google's fact-check markup needs `claimReviewed`, `reviewRating.alternateName` and `url` (the
published fact-check); a claim lacking any of them is listed and, unless asked, left out.
The organisation (the review's `author`) and the verdict labels and numbers are settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlmodel import col, select

from claims.config import Settings, load_settings
from claims.limits import printable_data
from claims.links import check_url, safe_url, safe_urls
from claims.models import Appearance, Article, Claim, Outlet
from claims.services.audit import new_batch, set_claim_field, touch
from claims.services.export import extra_fields, fact_check_urls
from claims.services.queries import ClaimFilter, canonical_claim, list_claims, rows_for
from claims.services.views import ClaimRow
from db import Database

REQUIRED = ("claimReviewed", "reviewRating.alternateName", "url")


@dataclass(frozen=True, slots=True)
class Incomplete:
    claim_id: int
    missing: list[str]

    def __str__(self) -> str:
        hints = []
        if "url" in self.missing:
            hints.append(f"`claims set-url {self.claim_id} URL`")
        if "reviewRating.alternateName" in self.missing:
            hints.append(f"`claims set-status {self.claim_id} --status verified --verdict V`")
        hint = f" (set with {' and '.join(hints)})" if hints else ""
        return f"claim {self.claim_id}: lacks {', '.join(self.missing)}{hint}"


@dataclass(slots=True)
class ClaimReviewExport:
    reviews: list[dict] = field(default_factory=list)  # what is written
    incomplete: list[Incomplete] = field(default_factory=list)  # claims lacking required fields
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Seen:
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None


def _appearances(db: Database, ids: list[int]) -> dict[int, list[_Seen]]:
    """Where each claim (with its merged members) appeared, earliest first, one per article."""
    out: dict[int, list[_Seen]] = {i: [] for i in ids}
    with db.session() as session:
        members = session.exec(select(Claim.id, Claim.canonical_id).where(col(Claim.canonical_id).in_(ids))).all()
        cluster_of = {i: i for i in ids} | dict(members)
        rows = session.exec(
            select(Appearance.claim_id, Article.id, Article.url, Outlet.name, Article.published, Article.title)
            .join(Article, Article.id == Appearance.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
            .where(col(Appearance.claim_id).in_(list(cluster_of)))
        ).all()
    ordered = sorted(rows, key=lambda r: (r[4] is None, r[4] or 0, r[1]))
    seen_articles: dict[int, set[int]] = {i: set() for i in ids}
    for claim_id, article_id, url, outlet, published, title in ordered:
        canonical = cluster_of[claim_id]
        if article_id in seen_articles[canonical]:
            continue
        seen_articles[canonical].add(article_id)
        out[canonical].append(_Seen(safe_url(url), outlet, published.isoformat() if published else None, title))
    return out


def _kept_urls(extra: dict | None, seen: list[_Seen]) -> list[_Seen]:
    """The other appearances' URLs an import of an earlier version kept in `extra`
    (`appearance_urls`) rather than as appearances: written out again, not lost."""
    urls = (extra or {}).get("appearance_urls")
    if not isinstance(urls, list):
        return []
    known = {s.url for s in seen}
    return [_Seen(u, None, None, None) for u in dict.fromkeys(safe_urls(u for u in urls if isinstance(u, str)))
            if u not in known]


def _creative_work(seen: _Seen) -> dict:
    work: dict = {"@type": "CreativeWork"}
    if seen.url:
        work["url"] = seen.url
    if seen.title:
        work["headline"] = seen.title
    if seen.published:
        work["datePublished"] = seen.published
    if seen.outlet:
        work["publisher"] = {"@type": "Organization", "name": seen.outlet}
    return work


def claimreview_for(row: ClaimRow, *, url: str | None, seen: list[_Seen], settings: Settings) -> dict:
    """One claim as a ClaimReview object (fields it lacks are simply absent)."""
    if row.damaged:  # a damaged reviewed_at read as none wrote a review of no date (hostile29)
        row.links()  # (refused in one line, as every other writing out of the claim is)
    review: dict = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if url:
        review["url"] = url
    review["claimReviewed"] = row.text
    if row.reviewed_at:
        review["datePublished"] = row.reviewed_at.date().isoformat()
    if settings.organisation_name:
        author = {"@type": "Organization", "name": settings.organisation_name}
        if safe_url(settings.organisation_url):
            author["url"] = safe_url(settings.organisation_url)
        review["author"] = author
    if row.verdict:
        rating: dict = {"@type": "Rating"}
        value = settings.rating(row.verdict)
        if value is not None:
            rating |= {"ratingValue": value, "bestRating": settings.best_rating,
                       "worstRating": settings.worst_rating}
        rating["alternateName"] = settings.label(row.verdict)
        review["reviewRating"] = rating
    item: dict = {"@type": "Claim"}
    if row.speaker:
        speaker: dict = {"@type": "Person" if row.speaker != row.speaker_role else "Organization",
                         "name": row.speaker}
        if row.speaker_role and row.speaker_role != row.speaker:
            speaker["jobTitle"] = row.speaker_role
        item["author"] = speaker
    if row.date:
        item["datePublished"] = row.date
    if seen:
        item["firstAppearance"] = _creative_work(seen[0])
        if len(seen) > 1:
            item["appearance"] = [_creative_work(s) for s in seen[1:]]
    review["itemReviewed"] = item
    if row.external_id:
        review["identifier"] = row.external_id
    return review


def missing_fields(review: dict) -> list[str]:
    missing = []
    if not str(review.get("claimReviewed") or "").strip():
        missing.append("claimReviewed")
    if not (review.get("reviewRating") or {}).get("alternateName"):
        missing.append("reviewRating.alternateName")
    if not review.get("url"):
        missing.append("url")
    return missing


def iter_rows(db: Database, flt: ClaimFilter, batch: int = 1000) -> Iterator[list[ClaimRow]]:
    offset = 0
    while True:
        page = list_claims(db, flt.with_(order="id"), limit=batch, offset=offset)
        if not page:
            return
        yield page
        offset += len(page)


def build_claimreviews(db: Database, flt: ClaimFilter, *, include_incomplete: bool = False,
                       settings: Settings | None = None) -> ClaimReviewExport:
    settings = settings or load_settings()
    result = ClaimReviewExport()
    if not settings.organisation_name:
        result.warnings.append(
            "no organisation set: the reviews have no author (set [organisation] name in "
            "the settings file; `claims config path` shows where)"
        )
    for page in iter_rows(db, flt):
        ids = [r.id for r in page]
        urls = fact_check_urls(db, ids)
        seen = _appearances(db, ids)
        kept = extra_fields(db, ids)
        for row in page:
            review = claimreview_for(row, url=urls.get(row.id), seen=seen[row.id] + _kept_urls(kept[row.id], seen[row.id]),
                                     settings=settings)
            missing = missing_fields(review)
            if missing:
                result.incomplete.append(Incomplete(row.id, missing))
                if not include_incomplete:
                    continue
            result.reviews.append(review)
    return result


def dumps(reviews: list[dict]) -> str:
    """A JSON array of ClaimReview objects (what `claims import --format claimreview` reads).

    `<`, `>` and `&` are written as JSON escapes (the same strings to any JSON reader): the
    markup is made to be pasted into a page's `<script type="application/ld+json">`, where
    a claim or headline holding `</script>` would otherwise end the script and run as HTML.
    A control an older version stored is written as its symbol, as every export writes it."""
    text = json.dumps(printable_data(reviews), ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def set_fact_check_url(db: Database, claim_id: int, url: str | None, *, reviewer: str) -> ClaimRow:
    """Record where the fact-check on a claim is published (on its cluster's canonical claim)."""
    if url is not None:
        url = check_url(url, "url")
    with db.session() as session:
        claim = canonical_claim(session, claim_id)
        if set_claim_field(session, claim, "fact_check_url", url or None, batch=new_batch(),
                           reviewer=reviewer, action="set-url"):
            touch(claim)
        session.flush()
    with db.session() as session:
        return rows_for(session, [session.get(Claim, claim.id)])[0]


# -- ClaimReview in, from a web page ---------------------------------------------------------------


def store_page_reviews(session, article: Article, reviews, *, source: str, page_url: str | None = None,
                       settings: Settings | None = None) -> tuple[list[Claim], list[str]]:
    """Record the ClaimReview markup of a page being ingested, in the ingest's transaction.

    Each review becomes a claim as `claims import --format claimreview` makes one (the claim
    reviewed, its speaker and date, the rating as verdict, the review's URL, else the page's,
    as the published fact-check), with an appearance in the page where the page quotes it.
    A review that cannot be read, or that is stored already (the same identifier, or the same
    claim with the same fact-check URL), is skipped with a warning. Returns the new claims
    (for matching) and the warnings.
    """
    from claims.services.import_checks import check_record, flatten_claimreview
    from claims.services.import_records import RecordError
    from claims.services.importer import ImportContext, create_imported_claim

    settings = settings or load_settings()
    context = ImportContext(source=source, known_urls=None)
    claims: list[Claim] = []
    warnings: list[str] = []
    for n, obj in enumerate(reviews, start=1):
        where = f"ClaimReview {n}"
        try:
            raw = flatten_claimreview(obj, settings)
            if page_url and not raw.get("fact_check_url"):
                raw["fact_check_url"] = page_url  # the page is the published check
            record = check_record(raw, where, settings)
        except RecordError as exc:
            warnings.append(f"{source}: {where}: {exc}; not recorded")
            continue
        except (TypeError, AttributeError, KeyError, ValueError, RecursionError) as exc:
            warnings.append(f"{source}: {where}: markup of a shape claims cannot read ({type(exc).__name__}); "
                            "not recorded")
            continue
        same = None
        if record.external_id:
            same = session.exec(select(Claim.id).where(Claim.external_id == record.external_id)).first()
        if same is None and record.fact_check_url:
            same = session.exec(select(Claim.id).where(Claim.text == record.text,
                                                       Claim.fact_check_url == record.fact_check_url)).first()
        if same is not None:
            warnings.append(f"{source}: {where}: already recorded as claim {same}")
            continue
        claim = create_imported_claim(session=session, record=record, context=context)
        _appear_in_page(session, claim, article, record)
        claims.append(claim)
    return claims, warnings


def _appear_in_page(session, claim: Claim, article: Article, record) -> None:
    """An appearance in the page, where its text quotes the claim (and the span is free)."""
    start = article.text.find(record.text)
    if start < 0:
        return
    end = start + len(record.text)
    taken = session.exec(select(Appearance.id).where(Appearance.article_id == article.id,
                                                     Appearance.start == start, Appearance.end == end)).first()
    if taken is None:
        session.add(Appearance(claim_id=claim.id, article_id=article.id, quote=record.text, start=start, end=end,
                               date_text=record.date_text, date_resolved=record.claim_date,
                               date_precision=record.date_precision))
        session.flush()

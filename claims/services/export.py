"""Export: the reviewed claims as a CSV a spreadsheet opens safely."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from sqlmodel import col, select

from claims.links import safe_url
from claims.models import Appearance, Article, Claim, Outlet
from claims.services.csv_guard import guard
from claims.services.plain_list import kept_fields
from claims.services.queries import ClaimFilter, list_claims
from claims.services.views import ClaimRow
from db import Database

CSV_COLUMNS = [
    "id", "claim", "speaker", "speaker_role", "claim_date", "date_precision", "status", "verdict",
    "verdict_note", "evidence_links", "first_outlet", "first_url", "first_title", "first_date", "appearances",
    "outlets", "reviewer", "reviewed_at", "fact_check_url", "claim_type", "external_id",
]

neutralise = guard  # a spreadsheet runs a cell starting =, +, -, @ as a formula: see csv_guard


@dataclass(frozen=True, slots=True)
class FirstAppearance:
    outlet: str | None
    url: str | None
    date: str | None
    title: str | None = None


def first_appearances(db: Database, claim_ids: list[int]) -> dict[int, FirstAppearance]:
    """For each claim (with its merged members), the earliest article it stood in."""
    out: dict[int, FirstAppearance] = {}
    with db.session() as session:
        members = session.exec(
            select(Claim.id, Claim.canonical_id).where(col(Claim.canonical_id).in_(claim_ids))
        ).all()
        cluster_of = {i: i for i in claim_ids} | {m: c for m, c in members}
        rows = session.exec(
            select(Appearance.claim_id, Outlet.name, Article.url, Article.published, Article.id, Article.title)
            .join(Article, Article.id == Appearance.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
            .where(col(Appearance.claim_id).in_(list(cluster_of)))
        ).all()
    best: dict[int, tuple] = {}
    for claim_id, outlet, url, published, article_id, title in rows:
        canonical = cluster_of[claim_id]
        key = (published is None, published or 0, article_id)
        if canonical not in best or key < best[canonical][0]:
            best[canonical] = (key, FirstAppearance(outlet, safe_url(url), published.isoformat() if published else None,
                                                    title))
    for canonical, (_, first) in best.items():
        out[canonical] = first
    return out


def fact_check_urls(db: Database, ids: list[int]) -> dict[int, str | None]:
    """Where each claim's fact-check is published (`claims set-url`), http(s) links only."""
    with db.session() as session:
        rows = session.exec(select(Claim.id, Claim.fact_check_url).where(col(Claim.id).in_(ids))).all()
    return {claim_id: safe_url(url) for claim_id, url in rows}


def extra_fields(db: Database, ids: list[int]) -> dict[int, dict | None]:
    """`kept_fields` of each claim, by id."""
    with db.session() as session:
        rows = session.exec(select(Claim.id, Claim.extra).where(col(Claim.id).in_(ids))).all()
    return {claim_id: kept_fields(extra) for claim_id, extra in rows}


def export_rows(db: Database, flt: ClaimFilter, *, batch: int = 2000) -> Iterator[dict[str, str]]:
    offset = 0
    while True:
        page = list_claims(db, flt, limit=batch, offset=offset)
        if not page:
            return
        ids = [r.id for r in page]
        firsts, checks = first_appearances(db, ids), fact_check_urls(db, ids)
        for row in page:
            yield csv_record(row, firsts.get(row.id), checks.get(row.id))
        offset += len(page)


def csv_record(row: ClaimRow, first: FirstAppearance | None, fact_check_url: str | None = None) -> dict[str, str]:
    first = first or FirstAppearance(None, None, None)
    values = {
        "id": row.id,
        "claim": row.text,
        "speaker": row.speaker,
        "speaker_role": row.speaker_role,
        "claim_date": row.date,
        "date_precision": row.date_precision,
        "status": row.status,
        "verdict": row.verdict,
        "verdict_note": row.verdict_note,
        # '; ' as every list of the CLI's CSVs: the import reads a ';' before a space as the end
        # of a link, so with spaces alone 'https://x.org/?a=1&amp;' came back without its ';'.
        "evidence_links": "; ".join(row.links()),
        "first_outlet": first.outlet,
        "first_url": first.url,
        "first_title": first.title,  # so an export imports again with it
        "first_date": first.date,
        "appearances": row.appearances,
        "outlets": "; ".join(row.outlets),
        "reviewer": row.reviewer,
        # whole, as `list --format jsonl/csv` write it: cut to the second, an export imported
        # again lost the microseconds (the import reads either form)
        "reviewed_at": row.reviewed_at.isoformat() if row.reviewed_at else None,
        "fact_check_url": fact_check_url,  # so an export imports again with it
        "claim_type": row.claim_type,  # likewise (an import without it makes every claim 'other')
        # An imported claim's own id: without it an export came back under this desk's id
        # (the import reads `external_id` before `id`, which it keeps in `extra`).
        "external_id": row.external_id,
    }
    return {k: neutralise("" if v is None else str(v)) for k, v in values.items()}


def write_csv(records: Iterable[dict[str, str]], out: TextIO) -> int:
    """RFC 4180: CRLF line ends, a header row, quotes where needed. Returns rows written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(record)
        n += 1
    return n


def export_csv(db: Database, flt: ClaimFilter, out: TextIO) -> int:
    return write_csv(export_rows(db, flt), out)


def appearance_fields(db: Database, ids: list[int]) -> dict[int, dict]:
    """`plain_list.first_appearances` through SQLAlchemy: the fields a listing carries so
    that `claims import` of it keeps where each claim appeared and its fact-check's URL."""
    firsts, checks, extras = first_appearances(db, ids), fact_check_urls(db, ids), extra_fields(db, ids)
    out = {}
    for i in ids:
        first = firsts.get(i) or FirstAppearance(None, None, None)
        out[i] = {"first_outlet": first.outlet, "first_url": first.url, "first_title": first.title,
                  "first_date": first.date, "fact_check_url": checks.get(i), "extra": extras.get(i)}
    return out

"""Articles for the repeats and report tests (our own writing about invented events): a claim
that gets checked, the same claim later in other words (merged at ingest), in words only close
enough for a suggestion, and an unrelated one."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Claim
from claims.services.ingest import ingest_source
from claims.sources import ArticleSource

CHECKED = "More than 2,000 residents were moved to safety overnight"
FIRST = (f'"{CHECKED}," Governor Maria Ostrander told reporters on Saturday. '
         'Fire Chief Daniel Okafor said the levee had "failed in three places" shortly after midnight.')
MERGED = '"Over 2,000 valley residents were evacuated to safety overnight," Ostrander said on Sunday.'
SUGGESTED = ('"More than 2,000 residents of the valley were moved to safety during the night," '
             "spokesperson Tove Lind told the radio station on Monday.")
UNRELATED = '"No commuter will pay more than 90 euros a month," minister Elin Sund told the assembly.'
UNRELATED_CLAIM = "No commuter will pay more than 90 euros a month"


def ingest_text(db, text: str, name: str, outlet: str = "Northline News", url: str | None = None):
    """Ingest `text` as an article from `outlet`, published 2026-03-15."""
    header = {"outlet": outlet, "published": "2026-03-15", "url": url or f"https://news.example/{name}"}
    return ingest_source(db, ArticleSource(source=name, text=text, header=header))


def claim_id(db, text: str) -> int:
    with db.session() as s:
        return s.exec(select(Claim.id).where(Claim.text == text)).one()

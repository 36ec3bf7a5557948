"""The title each claim appeared under (its first appearance's article with a title), and its
keys: titles weigh in retrieval and the reranker, never in the decision between two claims."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

from sqlmodel import Session, select

from claims.matching.rerank import title_keys
from claims.models import Appearance, Article
from claims.services.id_reads import chunks, read_ids


def titles_of(session: Session, claim_ids: Sequence[int], *, between: tuple[int, int] | None = None
              ) -> dict[int, str]:
    """The title each claim appeared under (its first appearance's article with a title).
    `between` (lowest, highest id) reads a range of ids in one query instead of by ids."""
    if between is not None:
        reads = [session.execute(_TITLES.where(Appearance.__table__.c.claim_id.between(*between)))]
    else:
        reads = [read_ids(session, _TITLES_OF, chunk) for chunk in chunks(sorted(claim_ids), 500)]
    return first_titles(chain.from_iterable(reads))


def first_titles(rows: Iterable[tuple]) -> dict[int, str]:
    """Each claim's first title not blank, of (claim id, [appearance id,] title) rows in order."""
    out: dict[int, str] = {}
    for cid, *_, title in rows:
        if title.strip():
            out.setdefault(cid, title)
    return out


_TITLES = (select(Appearance.__table__.c.claim_id, Article.__table__.c.title)
           .join(Article.__table__, Article.__table__.c.id == Appearance.__table__.c.article_id)
           .where(Article.__table__.c.title.is_not(None))
           .order_by(Appearance.__table__.c.claim_id, Appearance.__table__.c.id))
_TITLES_OF = ("SELECT a.claim_id, ar.title FROM appearance a JOIN article ar ON ar.id = a.article_id "
              "WHERE ar.title IS NOT NULL AND a.claim_id {ids} ORDER BY a.claim_id, a.id")  # see read_ids


def title_keys_of(session: Session, claim_ids: Sequence[int], *, between: tuple[int, int] | None = None
                  ) -> dict[int, list[str]]:
    return keys_of_titles(titles_of(session, claim_ids, between=between))


def keys_of_titles(titles: dict[int, str]) -> dict[int, list[str]]:
    # An article's claims share its title: its keys are computed once (never changed after).
    keys_of: dict[str, list[str]] = {}
    return {cid: keys_of[title] if title in keys_of else keys_of.setdefault(title, title_keys(title))
            for cid, title in titles.items()}

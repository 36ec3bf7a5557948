"""Matching against the store: a candidate index kept in the database, matches made at
ingest and import, `claims dupes --rebuild`, and similarity search.

The index is two tables: `claim_key` (postings: each claim under each informative key, see
`claims.matching.index_keys`) and `key_stat` (how many claims hold each key). A lookup
fetches the postings of the query's rarest keys only, ranks them with BM25, and scores the
best few candidates with the full scorer: never a scan of the store.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, text
from sqlmodel import Session, col, select

from claims.matching import (
    DUPLICATE,
    IdfTable,
    MatchResult,
    MatchSettings,
    compare,
    find_duplicate_pairs,
    index_keys,
    plan_query,
    rank_postings,
    rescore,
)
from claims.models import Claim, ClaimKey, Event, KeyStat, Match, utcnow
from claims.services.audit import new_batch
from claims.services.clusters import merge_in_session
from claims.services.views import MatchSummary
from claims.vocab import MatchState
from db import Database

SYSTEM_REVIEWER = "claims"  # who the audit log names for automatic decisions
CANDIDATES = 10  # candidates scored in full per new claim
# Postings one lookup may read, rarest keys first: keeps a lookup's cost flat as the store grows.
POSTINGS_BUDGET = 3_000
SEARCH_POOL = 30  # candidates rescored per search query (as the in-memory index does)


def matching_settings() -> MatchSettings:
    """The thresholds in force (the config file's, where it sets them)."""
    try:
        from claims.config import load_settings
    except ImportError:
        return MatchSettings()
    return load_settings().match_settings()


class StoreIndex:
    """The candidate index, read and written inside one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._doc_count: int | None = None

    def doc_count(self) -> int:
        if self._doc_count is None:
            self._doc_count = self.session.exec(select(func.count()).select_from(Claim)).one()
        return self._doc_count

    def idf_for(self, keys: Iterable[str]) -> IdfTable:
        keys = list(set(keys))
        df: dict[str, int] = {}
        for chunk in _chunks(keys, 500):
            df.update(self.session.exec(select(KeyStat.key, KeyStat.df).where(col(KeyStat.key).in_(chunk))).all())
        return IdfTable(df, self.doc_count())

    def add(self, items: Sequence[tuple[int, list[str]]]) -> None:
        """Index claims given as (claim id, keys)."""
        postings = [{"key": k, "claim_id": cid} for cid, keys in items for k in keys]
        if not postings:
            return
        # Plain executemany: the ORM's bulk insert costs several times more at this volume.
        self.session.execute(_INSERT_POSTING, postings)
        self._bump(Counter(k for _, keys in items for k in keys))
        if self._doc_count is not None:
            self._doc_count += len(items)

    def _bump(self, counts: Counter) -> None:
        self.session.execute(_UPSERT_DF, [{"key": k, "df": n} for k, n in counts.items()])

    def remove(self, claim_id: int) -> None:
        keys = list(self.session.exec(select(ClaimKey.key).where(ClaimKey.claim_id == claim_id)))
        if not keys:
            return
        self.session.execute(delete(ClaimKey).where(col(ClaimKey.claim_id) == claim_id))
        self._bump(Counter({k: -1 for k in keys}))

    def candidates(self, keys: list[str], *, limit: int, exclude: set[int] = frozenset()) -> list[tuple[int, float]]:
        idf = self.idf_for(keys)
        chosen = plan_query(keys, idf, max_postings=POSTINGS_BUDGET)
        if not chosen:
            return []
        postings: dict[str, list[int]] = {k: [] for k in chosen}
        # Core rows, not ORM objects: a lookup reads thousands of postings.
        for key, claim_id in self.session.execute(_SELECT_POSTINGS, {"keys": chosen}):
            postings[key].append(claim_id)
        # Keys are distinct per claim, so BM25's length factor is the only thing left out here.
        return rank_postings(postings, idf, lambda _: 1.0, limit, skip=exclude.__contains__)


# ON CONFLICT ... DO UPDATE is the same on SQLite (3.24+) and PostgreSQL.
_SELECT_POSTINGS = text("SELECT key, claim_id FROM claim_key WHERE key IN :keys").bindparams(
    bindparam("keys", expanding=True)
)
_INSERT_POSTING = text("INSERT INTO claim_key (key, claim_id) VALUES (:key, :claim_id)")
_UPSERT_DF = text(
    "INSERT INTO key_stat (key, df) VALUES (:key, :df) "
    "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df"
)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _store_match(session: Session, a: int, b: int, result: MatchResult) -> Match | None:
    lo, hi = _pair(a, b)
    existing = session.exec(select(Match).where(Match.claim_a_id == lo, Match.claim_b_id == hi)).first()
    if existing is not None:
        return None  # a pair already decided (or suggested) keeps its state
    match = Match(
        claim_a_id=lo, claim_b_id=hi, score=round(result.score, 2), scorer=result.scorer,
        explanation=json.dumps(result.to_dict(), ensure_ascii=False),
        state=MatchState.CONFIRMED.value if result.decision == DUPLICATE else MatchState.SUGGESTED.value,
        conflict=bool(result.conflict),
        decided_by=SYSTEM_REVIEWER if result.decision == DUPLICATE else None,
        decided_at=utcnow() if result.decision == DUPLICATE else None,
    )
    session.add(match)
    session.flush()
    return match


def _apply(session: Session, a: int, b: int, result: MatchResult, batch: str) -> MatchSummary:
    match = _store_match(session, a, b, result)
    if match is None:
        return MatchSummary()
    if result.decision == DUPLICATE:
        merge_in_session(session, [a, b], reviewer=SYSTEM_REVIEWER, batch=batch, action="auto-merge")
        return MatchSummary(duplicates=1)
    if result.conflict:
        return MatchSummary(conflicts=1)
    return MatchSummary(suggestions=1)


# A batch this large, and a fifth of the store or more, is matched in one blocked pass over
# the store (as `dupes --rebuild` does) instead of one index lookup per claim.
BULK_MIN_CLAIMS = 2_000
BULK_MIN_SHARE = 0.2


def match_new_claims(
    session: Session,
    claims: Sequence[Claim],
    settings: MatchSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MatchSummary:
    """Index new claims and match each against everything stored before it."""
    settings = settings or matching_settings()
    index = StoreIndex(session)
    if len(claims) >= BULK_MIN_CLAIMS and len(claims) >= BULK_MIN_SHARE * index.doc_count():
        return _match_in_bulk(session, index, claims, settings, progress)
    batch = new_batch()
    summary = MatchSummary()
    for n, claim in enumerate(claims, 1):
        keys = index_keys(claim.text)
        found = index.candidates(keys, limit=CANDIDATES, exclude={claim.id})
        index.add([(claim.id, keys)])
        if progress and n % 100 == 0:
            progress(n, len(claims))
        if not found:
            continue
        ids = [cid for cid, _ in found]
        texts = dict(session.exec(select(Claim.id, Claim.text).where(col(Claim.id).in_(ids))).all())
        idf = index.idf_for(set(keys).union(*(index_keys(t) for t in texts.values())))
        for other_id in ids:
            result = compare(texts[other_id], claim.text, settings, idf)
            if result.decision != "distinct":
                summary += _apply(session, other_id, claim.id, result, batch)
    return summary


def _match_in_bulk(
    session: Session,
    index: StoreIndex,
    claims: Sequence[Claim],
    settings: MatchSettings,
    progress: Callable[[int, int], None] | None,
) -> MatchSummary:
    new_ids = {c.id for c in claims}
    for chunk in _chunks(list(claims), 5000):
        index.add([(c.id, index_keys(c.text)) for c in chunk])
    items = list(session.exec(select(Claim.id, Claim.text).order_by(col(Claim.id))).all())
    batch = new_batch()
    summary = MatchSummary()
    report = (lambda n: progress(n, len(items))) if progress else None
    for a, b, result in find_duplicate_pairs(items, settings, progress=report):
        if a in new_ids or b in new_ids:
            summary += _apply(session, a, b, result, batch)
    return summary


@dataclass(frozen=True, slots=True)
class SearchHit:
    claim_id: int
    external_id: str | None
    text: str
    score: float


def search_claims(db: Database, text: str, *, limit: int = 10) -> list[SearchHit]:
    """Stored claims ranked by similarity to `text`, best first."""
    with db.session() as session:
        return search_in_session(session, text, limit=limit)


def search_in_session(session: Session, text: str, *, limit: int) -> list[SearchHit]:
    index = StoreIndex(session)
    keys = index_keys(text)
    found = index.candidates(keys, limit=max(SEARCH_POOL, limit))
    if not found:
        return []
    ids = [cid for cid, _ in found]
    rows = {r[0]: r for r in session.exec(
        select(Claim.id, Claim.external_id, Claim.text).where(col(Claim.id).in_(ids))
    ).all()}
    idf = index.idf_for(set(keys).union(*(index_keys(r[2]) for r in rows.values())))
    ranked = rescore(text, [(cid, rows[cid][2]) for cid in ids if cid in rows], idf, limit=limit)
    return [SearchHit(cid, rows[cid][1], rows[cid][2], round(score, 2)) for cid, score in ranked]


def rebuild_matches(
    db: Database, *, settings: MatchSettings | None = None, progress: Callable[[int, int], None] | None = None
) -> MatchSummary:
    """Rebuild the index and recompute every automatic match of the store, in one transaction.

    Decisions a person made (accepted, rejected, merged) are kept; suggestions and automatic
    matches are computed afresh.
    """
    settings = settings or matching_settings()
    batch = new_batch()
    with db.session() as session:
        session.execute(delete(ClaimKey))
        session.execute(delete(KeyStat))
        # Matches the audit log points at stay: a person acted on them, and history needs them.
        in_history = select(Event.match_id).where(col(Event.match_id).is_not(None))
        session.execute(delete(Match).where(
            (Match.state == MatchState.SUGGESTED.value) | (Match.decided_by == SYSTEM_REVIEWER),
            col(Match.id).not_in(in_history),
        ))
        items = list(session.exec(select(Claim.id, Claim.text).order_by(col(Claim.id))).all())
        total = len(items)
        index = StoreIndex(session)
        for chunk in _chunks(items, 5000):
            index.add([(cid, index_keys(text)) for cid, text in chunk])
        summary = MatchSummary()
        seen_progress = (lambda n: progress(n, total)) if progress else None
        # The idf find_duplicate_pairs computes over `items` is the store's own: no need to pass it.
        for a, b, result in find_duplicate_pairs(items, settings, progress=seen_progress):
            summary += _apply(session, a, b, result, batch)
        if progress:
            progress(total, total)
        return summary


@dataclass(frozen=True, slots=True)
class SuggestionView:
    match_id: int
    score: float
    state: str
    conflict: bool
    claim_a_id: int
    claim_b_id: int
    text_a: str
    text_b: str
    explanation: dict

    def to_record(self) -> dict:
        return {
            "match_id": self.match_id, "score": self.score, "state": self.state,
            "conflict": self.conflict, "claim_a": self.claim_a_id, "claim_b": self.claim_b_id,
            "text_a": self.text_a, "text_b": self.text_b, **{
                k: self.explanation.get(k) for k in ("scorer", "shared", "only_a", "only_b")
            }, "numbers": self.explanation.get("conflict") or [],
        }


def list_suggestions(
    db: Database, *, state: str = MatchState.SUGGESTED.value, limit: int | None = 200,
    min_score: float | None = None, max_score: float | None = None, claim_id: int | None = None,
) -> list[SuggestionView]:
    """Matches waiting for a person (or in another state), best score first."""
    from sqlalchemy.orm import aliased

    a, b = aliased(Claim), aliased(Claim)
    with db.session() as session:
        stmt = (
            select(Match, a.text, b.text)
            .join(a, a.id == Match.claim_a_id)
            .join(b, b.id == Match.claim_b_id)
            .where(Match.state == state)
            .order_by(col(Match.score).desc(), col(Match.id))
        )
        if min_score is not None:
            stmt = stmt.where(Match.score >= min_score)
        if max_score is not None:
            stmt = stmt.where(Match.score < max_score)
        if claim_id is not None:
            stmt = stmt.where((Match.claim_a_id == claim_id) | (Match.claim_b_id == claim_id))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [
            SuggestionView(m.id, m.score, m.state, m.conflict, m.claim_a_id, m.claim_b_id, ta, tb,
                           json.loads(m.explanation or "{}"))
            for m, ta, tb in session.exec(stmt).all()
        ]

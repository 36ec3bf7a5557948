"""Repeats: a claim the desk has checked, coming back in an article that arrived after the check.

A checked claim is a cluster whose canonical claim is `verified` with a verdict. It was
checked at `verified_at`: the first time a claim of the cluster got a verdict in this store
(its first audit event setting a verdict, or its import; a claim recorded from a page's
ClaimReview markup, which has no such event, when it was created).

- A **repeat** is an appearance of a claim of the cluster that came in without a verdict of
  its own (a claim extracted from a new article), in an article ingested after `verified_at`,
  however it joined the cluster: an automatic merge at ingest, an accepted suggestion, a
  merge by hand. Articles in which a claim carrying the verdict itself appears (the check's
  own page) do not count. One repeat per checked claim and article; it was `found_at` when
  both had happened (the article ingested, the claim merged in).
- A **possible repeat** is a pending suggestion between a claim of a checked cluster and a
  claim, without a verdict and outside any checked cluster, that appears in an article
  ingested after `verified_at`; found when the suggestion was made. One per checked claim
  and new claim (the best-scored suggestion).

Everything is read from the store as it is (no state of its own), driven from the checked
clusters (a few thousand at most) through indexed columns, so it costs the same whatever
the size of the store. The desk's "unseen" mark uses `repeat_seen`: when a reviewer last
looked at a claim's repeats.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from claims.links import safe_url
from claims.models import Appearance, Article, Claim, Event, Match, Outlet, RepeatSeen, utcnow
from claims.services.id_reads import chunks
from claims.services.queries import sentence_context
from claims.vocab import MatchState, Status
from db import Database

REPEAT = "repeat"
POSSIBLE = "possible"

# The fields of `claims repeats --format jsonl`, a stable contract for cron jobs and chat bots
# (documented in the README): add new ones at the end, never rename or drop one.
RECORD_FIELDS = (
    "kind", "found_at", "claim_id", "claim", "verdict", "fact_check_url", "verified_at",
    "new_claim_id", "article_id", "outlet", "url", "title", "speaker", "published", "sentence",
    "match_id", "score", "scorer", "reason", "shared", "only_checked", "only_new", "conflict",
)

_claim, _app, _article, _outlet = Claim.__table__, Appearance.__table__, Article.__table__, Outlet.__table__
_event, _match = Event.__table__, Match.__table__


@dataclass(frozen=True, slots=True)
class Repeat:
    kind: str  # REPEAT or POSSIBLE
    found_at: datetime
    claim_id: int  # the checked claim (its cluster's canonical claim)
    claim: str
    verdict: str
    fact_check_url: str | None
    verified_at: datetime
    new_claim_id: int  # the claim of the new appearance
    new_claim: str
    article_id: int
    outlet: str | None
    url: str | None
    title: str | None
    speaker: str | None
    published: date | None
    ingested_at: datetime
    sentence: str  # the sentence of the new appearance, in its article
    quote: str
    quote_start: int  # where the quote stands in the article's text
    quote_end: int
    match_id: int | None = None  # the match that links the two (None: merged by hand)
    match_state: str | None = None
    match_claims: tuple[int, int] | None = None  # the match's two claims (a, b), for deciding it
    # A possible repeat: every pending suggestion between its claim and the checked cluster,
    # as (match id, claim a, claim b): rejecting it rejects them all.
    pending: tuple[tuple[int, int, int], ...] = ()
    score: float | None = None
    scorer: str | None = None
    explanation: dict = field(default_factory=dict)
    conflict: bool = False

    @property
    def key(self) -> tuple[str, int, int]:
        """One repeat per checked claim and article; one possible repeat per pair of claims."""
        return (self.kind, self.claim_id, self.article_id if self.kind == REPEAT else self.new_claim_id)

    def to_record(self) -> dict:
        """The documented JSON record (`RECORD_FIELDS`), dates as ISO 8601 text."""
        exp = self.explanation
        return {
            "kind": self.kind,
            "found_at": self.found_at.isoformat(),
            "claim_id": self.claim_id,
            "claim": self.claim,
            "verdict": self.verdict,
            "fact_check_url": safe_url(self.fact_check_url),
            "verified_at": self.verified_at.isoformat(),
            "new_claim_id": self.new_claim_id,
            "article_id": self.article_id,
            "outlet": self.outlet,
            "url": safe_url(self.url),
            "title": self.title,
            "speaker": self.speaker,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
            "match_id": self.match_id,
            "score": self.score,
            "scorer": self.scorer,
            "reason": exp.get("reason"),
            "shared": list(exp.get("shared") or []),
            "only_checked": list(exp.get("only_a") or []),
            "only_new": list(exp.get("only_b") or []),
            "conflict": self.conflict,
        }


def _rows(session: Session, make, ids: Iterable[int]) -> list:
    """`make(chunk)` run over the ids 500 at a time (a bound on query parameters)."""
    out: list = []
    for chunk in chunks(sorted(set(ids))):
        out.extend(session.execute(make(list(chunk))).all())
    return out


def _suggested_touching(session: Session, ids: Iterable[int], *columns) -> list:
    """The pending suggestions with a side in ``ids`` (``columns`` of them, else every one).

    Their state is tested here, not in SQL: on an SQLite desk without statistics the planner
    walks the state index (every pending suggestion, 40,000 in a busy desk) instead of the two
    id indexes, which made each watched article's repeat check cost 60 ms instead of 2.
    """
    rows = _rows(session, lambda ch: select(*(columns or _match.c), _match.c.state.label("state_")).where(
        or_(_match.c.claim_a_id.in_(ch), _match.c.claim_b_id.in_(ch))), ids)
    return [r for r in rows if r.state_ == MatchState.SUGGESTED.value]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(slots=True)
class _Cluster:
    head: Claim
    verified_at: datetime
    carriers: set[int]  # claims of the cluster carrying a verdict of their own
    members: set[int]


def _checked_clusters(session: Session, heads: set[int] | None, verdicts: Sequence[str] | None
                      ) -> dict[int, _Cluster]:
    """The checked clusters (all, or those of `heads`), with when each was checked."""
    stmt = select(Claim).where(Claim.canonical_id.is_(None), Claim.status == Status.VERIFIED.value,
                               Claim.verdict.is_not(None))
    if verdicts:
        stmt = stmt.where(Claim.verdict.in_(list(verdicts)))
    if heads is None:
        found = list(session.scalars(stmt))
    else:
        found = [c for chunk in chunks(sorted(heads)) for c in session.scalars(stmt.where(Claim.id.in_(chunk)))]
    clusters = {c.id: _Cluster(c, c.created_at, {c.id}, {c.id}) for c in found}
    if not clusters:
        return {}
    created = {c.id: c.created_at for c in found}
    for cid, head, verdict, made in _rows(session, lambda ch: select(
            _claim.c.id, _claim.c.canonical_id, _claim.c.verdict, _claim.c.created_at)
            .where(_claim.c.canonical_id.in_(ch)), clusters):
        clusters[head].members.add(cid)
        if verdict is not None:
            clusters[head].carriers.add(cid)
            created[cid] = made
    carriers = {c for cl in clusters.values() for c in cl.carriers}
    first = dict(_rows(session, lambda ch: select(_event.c.claim_id, func.min(_event.c.at))
                       .where(_event.c.claim_id.in_(ch), _event.c.undone.is_(False),
                              or_(and_(_event.c.field == "verdict", _event.c.new.is_not(None)),
                                  _event.c.action == "import"))
                       .group_by(_event.c.claim_id), carriers))
    for cl in clusters.values():
        cl.verified_at = min(_aware(first.get(c) or created[c]) for c in cl.carriers)
    return clusters


def _heads_of_article(session: Session, article_id: int) -> tuple[set[int], set[int]]:
    """The claims of an article, and the clusters they or their suggestions touch."""
    claims = dict(session.execute(
        select(_claim.c.id, _claim.c.canonical_id).join(_app, _app.c.claim_id == _claim.c.id)
        .where(_app.c.article_id == article_id)).all())
    heads = {head or cid for cid, head in claims.items()}
    others = {r.claim_b_id if r.claim_a_id in claims else r.claim_a_id
              for r in _suggested_touching(session, claims, _match.c.claim_a_id, _match.c.claim_b_id)}
    heads |= {head or cid for cid, head in _rows(session, lambda ch: select(
        _claim.c.id, _claim.c.canonical_id).where(_claim.c.id.in_(ch)), others)}
    return set(claims), heads


def _heads_since(session: Session, since: datetime) -> set[int]:
    """The clusters anything found since `since` can belong to, read through indexed times:
    those of the claims in articles ingested since then (and of their suggestions' other
    sides), and of the claims that joined a cluster since then (merges, accepted suggestions,
    as the audit log has them)."""
    claims = {cid for cid, in session.execute(
        select(_app.c.claim_id).join(_article, _article.c.id == _app.c.article_id)
        .where(_article.c.ingested_at >= since))}
    claims |= {cid for cid, in session.execute(select(_event.c.claim_id).where(
        _event.c.at >= since, _event.c.field == "canonical_id", _event.c.claim_id.is_not(None)))}
    others = {r.claim_b_id if r.claim_a_id in claims else r.claim_a_id
              for r in _suggested_touching(session, claims, _match.c.claim_a_id, _match.c.claim_b_id)}
    return {head or cid for cid, head in _rows(session, lambda ch: select(
        _claim.c.id, _claim.c.canonical_id).where(_claim.c.id.in_(ch)), claims | others)}


@dataclass(frozen=True, slots=True)
class _Seen:
    """An appearance of a candidate claim, with its article."""

    claim_id: int
    article_id: int
    start: int
    end: int
    quote: str
    speaker: str | None
    ingested_at: datetime
    url: str | None
    title: str | None
    published: date | None
    outlet: str | None


def _appearances(session: Session, claim_ids: Iterable[int], article_id: int | None) -> list[_Seen]:
    def make(chunk):
        stmt = (select(_app.c.claim_id, _app.c.article_id, _app.c.start, _app.c.end, _app.c.quote,
                       _app.c.speaker_mention, _article.c.ingested_at, _article.c.url, _article.c.title,
                       _article.c.published, _outlet.c.name)
                .join(_article, _article.c.id == _app.c.article_id)
                .join(_outlet, _outlet.c.id == _article.c.outlet_id, isouter=True)
                .where(_app.c.claim_id.in_(chunk)))
        return stmt if article_id is None else stmt.where(_app.c.article_id == article_id)

    return sorted((_Seen(*r[:6], _aware(r[6]), *r[7:]) for r in _rows(session, make, claim_ids)),
                  key=lambda s: (s.ingested_at, s.article_id, s.start))


def _explanation(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def find_repeats(
    session: Session,
    *,
    since: datetime | None = None,
    verdicts: Sequence[str] | None = None,
    heads: Iterable[int] | None = None,
    article_id: int | None = None,
    kinds: Sequence[str] = (REPEAT, POSSIBLE),
) -> list[Repeat]:
    """Repeats and possible repeats found since `since` (all when None): of every checked
    claim, of the clusters of `heads`, or brought by one article (`article_id`). Repeats come
    first, newest first; then possible repeats, best score first."""
    wanted: set[int] | None = None if heads is None else set(heads)
    in_article: set[int] | None = None
    if article_id is not None:
        in_article, touched = _heads_of_article(session, article_id)
        wanted = touched if wanted is None else wanted & touched
    elif since is not None and wanted is None:
        wanted = _heads_since(session, _aware(since))
    if wanted is not None and not wanted:
        return []
    clusters = _checked_clusters(session, wanted, verdicts)
    if not clusters:
        return []
    cluster_of = {m: h for h, cl in clusters.items() for m in cl.members}
    since = _aware(since) if since is not None else None
    found: list[Repeat] = []
    texts: dict[int, str] = {}  # article id -> text, read once for the sentences
    if REPEAT in kinds:
        found += _repeats(session, clusters, cluster_of, since, in_article, article_id)
    if POSSIBLE in kinds:
        found += _possible(session, clusters, cluster_of, since, in_article, article_id)
    need = sorted({r.article_id for r in found})
    for chunk in chunks(need):
        texts.update(session.execute(select(_article.c.id, _article.c.text).where(_article.c.id.in_(chunk))).all())
    done = []
    for r in found:
        text = texts.get(r.article_id, "")
        if text[r.quote_start:r.quote_end] == r.quote:
            r = replace(r, sentence=sentence_context(text, r.quote_start, r.quote_end, sentences=0)[0])
        done.append(r)
    repeats = sorted((r for r in done if r.kind == REPEAT), key=lambda r: (r.found_at, r.article_id), reverse=True)
    possible = sorted((r for r in done if r.kind == POSSIBLE), key=lambda r: (-(r.score or 0), r.found_at))
    return repeats + possible


def _new_claims(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, int | None, str | None]]:
    """id -> (text, canonical id, verdict) of the claims asked."""
    return {cid: (text, head, verdict) for cid, text, head, verdict in _rows(session, lambda ch: select(
        _claim.c.id, _claim.c.text, _claim.c.canonical_id, _claim.c.verdict).where(_claim.c.id.in_(ch)), ids)}


def _repeats(session, clusters, cluster_of, since, in_article, article_id) -> list[Repeat]:
    fresh = {m for cl in clusters.values() for m in cl.members - cl.carriers}
    if in_article is not None:
        fresh &= in_article
    if not fresh:
        return []
    carriers = {c for cl in clusters.values() for c in cl.carriers}
    own_pages: set[tuple[int, int]] = {  # (head, article) where a verdict carrier itself appears
        (cluster_of[cid], aid) for cid, aid in _rows(session, lambda ch: select(
            _app.c.claim_id, _app.c.article_id).where(_app.c.claim_id.in_(ch)), carriers)}
    joined = {cid: _aware(at) for cid, at in _rows(session, lambda ch: select(
        _event.c.claim_id, func.max(_event.c.at)).where(
            _event.c.claim_id.in_(ch), _event.c.field == "canonical_id", _event.c.undone.is_(False))
        .group_by(_event.c.claim_id), fresh)}
    links: dict[int, tuple] = {}  # new claim -> its best confirmed match inside the cluster
    for row in _rows(session, lambda ch: select(_match).where(
            _match.c.state == MatchState.CONFIRMED.value,
            or_(_match.c.claim_a_id.in_(ch), _match.c.claim_b_id.in_(ch))), fresh):
        for new, other in ((row.claim_a_id, row.claim_b_id), (row.claim_b_id, row.claim_a_id)):
            if new in fresh and cluster_of.get(other) == cluster_of[new]:
                best = links.get(new)
                if best is None or row.score > best.score:
                    links[new] = row
    texts = _new_claims(session, fresh)
    out: dict[tuple[int, int], Repeat] = {}
    for seen in _appearances(session, fresh, article_id):
        head = cluster_of[seen.claim_id]
        cl = clusters[head]
        if seen.ingested_at <= cl.verified_at or (head, seen.article_id) in own_pages:
            continue
        found_at = max(seen.ingested_at, joined.get(seen.claim_id, seen.ingested_at))
        if since is not None and found_at < since:
            continue
        link = links.get(seen.claim_id)
        key = (head, seen.article_id)
        known = out.get(key)
        if known is not None and (known.score or -1) >= (link.score if link is not None else -1):
            continue
        out[key] = _make(REPEAT, cl, seen, texts[seen.claim_id][0], found_at, link)
    return list(out.values())


def _possible(session, clusters, cluster_of, since, in_article, article_id) -> list[Repeat]:
    ids = set(cluster_of)
    pending = _suggested_touching(session, ids)
    pairs: dict[int, list[tuple[int, object]]] = {}  # new claim -> [(checked head, match)]
    for row in pending:
        created = _aware(row.created_at)
        if since is not None and created < since:
            continue
        for mine, other in ((row.claim_a_id, row.claim_b_id), (row.claim_b_id, row.claim_a_id)):
            if mine in cluster_of and other not in cluster_of:
                pairs.setdefault(other, []).append((cluster_of[mine], row))
    if in_article is not None:
        pairs = {cid: v for cid, v in pairs.items() if cid in in_article}
    if not pairs:
        return []
    claims = _new_claims(session, pairs)
    other_heads = {head for _, head, _ in claims.values() if head is not None}
    checked_elsewhere = {h for h, in session.execute(select(_claim.c.id).where(
        _claim.c.id.in_(sorted(other_heads)), _claim.c.status == Status.VERIFIED.value,
        _claim.c.verdict.is_not(None)))} if other_heads else set()
    first_seen: dict[int, list[_Seen]] = {}
    for seen in _appearances(session, pairs, article_id):
        first_seen.setdefault(seen.claim_id, []).append(seen)
    out: dict[tuple[int, int], Repeat] = {}
    for cid, links in pairs.items():
        text, head, verdict = claims.get(cid, ("", None, None))
        if verdict is not None or head in checked_elsewhere:
            continue  # a claim with its own check: two checks, not a repeat
        for checked, row in links:
            cl = clusters[checked]
            seen = next((s for s in first_seen.get(cid, ()) if s.ingested_at > cl.verified_at), None)
            if seen is None:
                continue
            known = out.get((checked, cid))
            if known is not None and (known.score or 0) >= row.score:
                continue
            pending = tuple(sorted((m.id, m.claim_a_id, m.claim_b_id) for h, m in links if h == checked))
            out[(checked, cid)] = replace(_make(POSSIBLE, cl, seen, text, _aware(row.created_at), row),
                                          pending=pending)
    return list(out.values())


def _make(kind: str, cl: _Cluster, seen: _Seen, new_text: str, found_at: datetime, link) -> Repeat:
    head = cl.head
    return Repeat(
        kind=kind, found_at=found_at, claim_id=head.id, claim=head.text, verdict=head.verdict,
        fact_check_url=head.fact_check_url, verified_at=cl.verified_at, new_claim_id=seen.claim_id,
        new_claim=new_text, article_id=seen.article_id, outlet=seen.outlet, url=seen.url, title=seen.title,
        speaker=seen.speaker, published=seen.published, ingested_at=seen.ingested_at, sentence=seen.quote,
        quote=seen.quote, quote_start=seen.start, quote_end=seen.end,
        match_id=link.id if link is not None else None,
        match_state=link.state if link is not None else None,
        match_claims=(link.claim_a_id, link.claim_b_id) if link is not None else None,
        score=round(float(link.score), 2) if link is not None else None,
        scorer=link.scorer if link is not None else None,
        explanation=_explanation(link.explanation) if link is not None else {},
        conflict=bool(link.conflict) if link is not None else False,
    )


# -- entry points ---------------------------------------------------------------------------


def list_repeats(db: Database, *, since: datetime | None = None, verdicts: Sequence[str] | None = None,
                 kinds: Sequence[str] = (REPEAT, POSSIBLE), limit: int | None = None) -> list[Repeat]:
    """Repeats then possible repeats found since `since`, as `claims repeats` lists them."""
    with db.session() as session:
        found = find_repeats(session, since=since, verdicts=verdicts, kinds=kinds)
    return found[:limit] if limit else found


def repeats_in_article(db: Database, article_id: int) -> list[Repeat]:
    """What one newly ingested article brought: its repeats and possible repeats."""
    with db.session() as session:
        return find_repeats(session, article_id=article_id)


# -- what a reviewer has seen ----------------------------------------------------------------


def mark_seen(db: Database, claim_ids: Iterable[int], *, reviewer: str, at: datetime | None = None) -> int:
    """The reviewer has looked at these claims' repeats (up to now). Only checked claims have
    repeats: others are left alone (no write). Returns how many checked claims were marked."""
    at = at or utcnow()
    ids = sorted(set(claim_ids))
    if not ids:
        return 0
    table = RepeatSeen.__table__
    with db.session() as session:
        heads = {head or cid for cid, head in _rows(session, lambda ch: select(
            _claim.c.id, _claim.c.canonical_id).where(_claim.c.id.in_(ch)), ids)}
        checked = [h for h, in _rows(session, lambda ch: select(_claim.c.id).where(
            _claim.c.id.in_(ch), _claim.c.status == Status.VERIFIED.value, _claim.c.verdict.is_not(None)), heads)]
        rows = [{"claim_id": h, "reviewer": reviewer, "seen_at": at} for h in sorted(checked)]
        if not rows:
            return 0
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(table).values(rows)
        session.execute(stmt.on_conflict_do_update(index_elements=["claim_id", "reviewer"],
                                                   set_={"seen_at": stmt.excluded.seen_at}))
    return len(rows)


def seen_times(session: Session, claim_ids: Iterable[int], *, reviewer: str) -> dict[int, datetime]:
    """Checked claim id -> when the reviewer last looked at its repeats (ids never looked at
    are left out)."""
    return {cid: _aware(at) for cid, at in _rows(session, lambda ch: select(
        RepeatSeen.claim_id, RepeatSeen.seen_at).where(RepeatSeen.reviewer == reviewer,
                                                       RepeatSeen.claim_id.in_(ch)), claim_ids)}


def is_unseen(repeat: Repeat, seen: dict[int, datetime]) -> bool:
    last = seen.get(repeat.claim_id)
    return last is None or repeat.found_at > last


def unseen_counts(db: Database, claim_ids: Iterable[int], *, reviewer: str) -> dict[int, int]:
    """Checked claim id -> how many of its repeats and possible repeats the reviewer has not
    seen (found after they last looked), for the claims asked that have any."""
    ids = set(claim_ids)
    if not ids:
        return {}
    with db.session() as session:
        found = find_repeats(session, heads=ids)
        if not found:
            return {}
        seen = seen_times(session, {r.claim_id for r in found}, reviewer=reviewer)
    counts: dict[int, int] = {}
    for r in found:
        if is_unseen(r, seen):
            counts[r.claim_id] = counts.get(r.claim_id, 0) + 1
    return counts


def repeats_with_seen(db: Database, *, since: datetime | None, reviewer: str
                      ) -> tuple[list[Repeat], dict[int, datetime]]:
    """The repeats found since `since`, and when the reviewer last looked at each claim's."""
    with db.session() as session:
        found = find_repeats(session, since=since)
        return found, seen_times(session, {r.claim_id for r in found}, reviewer=reviewer)

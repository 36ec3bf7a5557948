"""The queue's priority, kept in step with every write.

Database triggers (migration 0007) mark a claim in ``triage_dirty`` whenever something its
priority reads changes; ``refresh_dirty`` runs before each commit of a transaction that wrote
(``db.commit_hooks.before_commit``) and recomputes the priority of the queue heads concerned, so
the queue's order is always paged by an index over a stored number.

On PostgreSQL a head another writer holds is skipped (``SKIP LOCKED``) and stays marked: that
writer refreshes it at its own commit, and the next refresh (any write, or the next read of
the queue) settles whatever it could not see.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import chain

from sqlalchemy import Date, Integer, case, cast, func, select, text, union_all
from sqlalchemy.engine import Connection

from claims.models import Appearance, Article, Claim, ClaimLock, Match, TriageDirty
from claims.triage.priority import PriorityWeights, Standing, parts, priority
from claims.vocab import MatchState, Status
from db import Database

_claim, _app, _article = Claim.__table__, Appearance.__table__, Article.__table__
_match, _lock, _dirty = Match.__table__, ClaimLock.__table__, TriageDirty.__table__
CHUNK = 900  # ids per IN list (SQLite's variable limit is far above; PostgreSQL's plans stay small)
DONE = (Status.VERIFIED.value, Status.NOT_CHECKABLE.value)
SUGGESTED = MatchState.SUGGESTED.value


def current_weights() -> PriorityWeights:
    """The [triage] weights of the settings file (read again when the file changes)."""
    from claims.config import settings_path

    path = settings_path()
    if path is None:  # no home folder: no settings file
        return PriorityWeights()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _weights_at(str(path), stamp)


@lru_cache(maxsize=4)
def _weights_at(path: str, stamp: int | None) -> PriorityWeights:
    from pathlib import Path

    from claims.config import load_settings

    if stamp is None:
        return PriorityWeights()
    return PriorityWeights.from_settings(load_settings(Path(path)).triage)


def standalone_priority(checkworthiness: float, status: str, weights: PriorityWeights | None = None) -> float:
    """The priority of a claim standing alone (no appearance, match, cluster or hold), as
    ``refresh`` computes it. An import writes it with each new claim: the refresh at its
    commit then finds most rows current and leaves them alone (rewriting a row of a million-claim
    import writes it again in each of the claim's twenty indexes)."""
    return priority(Standing(worth=checkworthiness, appearances=0, outlets=0, latest=None, checked_as=None,
                             held=False, done=status in DONE), weights or current_weights())


def standalone_priorities(claims: Iterable[tuple[float, str]], weights: PriorityWeights | None = None
                          ) -> list[float]:
    """`standalone_priority` of each (checkworthiness, status), the terms no claim standing
    alone changes computed once: the same terms summed in the same order, so the same floats
    (a Standing and its parts a claim were a tenth of a 100k import's storing)."""
    w = weights or current_weights()
    alone = _alone_terms(w)
    return [round(sum((w.worth * worth, *alone[status in DONE])), 6) for worth, status in claims]


def _alone_terms(w: PriorityWeights) -> dict[bool, tuple[float, ...]]:
    """The terms after check-worthiness of the priority of a claim standing alone (no
    appearance, nothing checked, not held), open (False) or done (True), as `parts` has them."""
    return {done: tuple(x for _, x in parts(Standing(worth=0.0, appearances=0, outlets=0, latest=None,
                                                     checked_as=None, held=False, done=done), w)[1:])
            for done in (False, True)}


def _priorities(found: Iterable[Standing], w: PriorityWeights) -> list[float]:
    """`priority` of each standing, a claim standing alone's as `standalone_priorities` has it
    (after an import, most of a refresh's heads)."""
    alone = _alone_terms(w)
    return [round(sum((w.worth * s.worth, *alone[s.done])), 6)
            if not (s.appearances or s.outlets or s.latest or s.checked_as or s.held) else priority(s, w)
            for s in found]


def _chunks(ids: Iterable[int]):
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def refresh_dirty(conn: Connection) -> int:
    """Recompute the priorities the marks in ``triage_dirty`` call for; returns how many heads."""
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        taken = select(_dirty.c.id).with_for_update(skip_locked=True).scalar_subquery()
        marked = [r[0] for r in conn.execute(
            _dirty.delete().where(_dirty.c.id.in_(taken)).returning(_dirty.c.claim_id))]
        marked = sorted(set(marked))
    else:
        top = conn.execute(select(func.max(_dirty.c.id))).scalar()
        if top is None:
            return 0
        # An import of 1M claims marks each: read as an array of distinct ids, not 1M rows.
        marked = array("q", conn.execute(
            select(_dirty.c.claim_id).distinct().where(_dirty.c.id <= top).order_by(_dirty.c.claim_id)).scalars())
        conn.execute(_dirty.delete().where(_dirty.c.id <= top))
    if not marked:
        return 0
    runs, scattered = _runs(marked)
    done = 0
    for lo, hi in runs:  # a bulk write (an import, an ingest) marks ids in long runs
        done += refresh_range(conn, lo, hi)
        scattered.extend(_heads_outside(conn, lo, hi))
    return done + refresh(conn, affected_heads(conn, scattered))


RUN = 64  # marked ids this close together, this many or more, are refreshed as one id range


def _runs(ordered: Sequence[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """Split distinct ids in ascending order into long runs of near-consecutive ids (gaps
    under 8) and the rest."""
    runs: list[tuple[int, int]] = []
    rest: list[int] = []
    start = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] - ordered[i - 1] >= 8:
            if i - start >= RUN:
                runs.append((ordered[start], ordered[i - 1]))
            else:
                rest.extend(ordered[start:i])
            start = i
    return runs, rest


def _heads_outside(conn: Connection, lo: int, hi: int) -> list[int]:
    """Claims outside ids lo..hi whose priority (or whose head's) reads a claim inside: the
    heads of members inside, the members of heads inside, the other side of a pending
    suggestion; ``affected_heads`` takes them to their heads."""
    inside = _claim.c.id.between(lo, hi)
    out = list(conn.execute(select(_claim.c.canonical_id).distinct().where(
        inside, _claim.c.canonical_id.is_not(None), ~_claim.c.canonical_id.between(lo, hi))).scalars())
    # members outside of heads inside: their suggestions read the head's verdict too
    out += conn.execute(select(_claim.c.id).where(
        _claim.c.canonical_id.between(lo, hi), ~inside)).scalars().all()
    for a, b, state in conn.execute(select(_match.c.claim_a_id, _match.c.claim_b_id, _match.c.state).where(
            _match.c.claim_a_id.between(lo, hi) | _match.c.claim_b_id.between(lo, hi))):
        if state == SUGGESTED:
            out += [x for x in (a, b) if not lo <= x <= hi]
    return out


def affected_heads(conn: Connection, ids: Iterable[int]) -> set[int]:
    """The queue heads whose priority reads the claims ``ids``: their own heads, and heads with
    a pending suggestion to a claim of those clusters (a verdict there changes theirs)."""
    heads: set[int] = set()
    for part in _chunks(ids):
        for cid, canonical in conn.execute(
            select(_claim.c.id, _claim.c.canonical_id).where(_claim.c.id.in_(part))
        ):
            heads.add(canonical or cid)
    members = set(heads)
    for part in _chunks(heads):
        members.update(conn.execute(select(_claim.c.id).where(_claim.c.canonical_id.in_(part))).scalars())
    others: set[int] = set()
    for part in _chunks(members):
        for a, b, state in conn.execute(
            select(_match.c.claim_a_id, _match.c.claim_b_id, _match.c.state).where(
                _match.c.claim_a_id.in_(part) | _match.c.claim_b_id.in_(part))
        ):
            if state == SUGGESTED:  # not in SQL: the state index would be read instead of the ids'
                others.update((a, b))
    others -= members
    for part in _chunks(others):
        for cid, canonical in conn.execute(
            select(_claim.c.id, _claim.c.canonical_id).where(_claim.c.id.in_(part))
        ):
            heads.add(canonical or cid)
    return heads


def refresh(conn: Connection, heads: Iterable[int], weights: PriorityWeights | None = None) -> int:
    """Store the priority (and the verdict it was checked as) of each head in ``heads``."""
    weights = weights or current_weights()
    postgres = conn.dialect.name == "postgresql"
    done = 0
    for part in _chunks(heads):
        if postgres:  # heads another writer holds stay marked for later (see the module doc)
            got = set(conn.execute(select(_claim.c.id).where(_claim.c.id.in_(part))
                                   .order_by(_claim.c.id).with_for_update(skip_locked=True, key_share=True)).scalars())
            later = [h for h in part if h not in got]
            if later:
                conn.execute(_dirty.insert(), [{"claim_id": h} for h in later])
            part = sorted(got)
        done += _store(conn, standings(conn, part), weights)
    return done


RANGE_STEP = 50_000  # ids refreshed at a time: the standings of a 1M-claim import at once held ~0.5 GB


def refresh_range(conn: Connection, lo: int, hi: int, weights: PriorityWeights | None = None) -> int:
    """``refresh`` for every head with an id from ``lo`` to ``hi`` (a rescore's batch): the
    same answer, read with range conditions instead of lists of ids, `RANGE_STEP` ids at a
    time (a head's cluster is read with it: the parts do not overlap)."""
    weights = weights or current_weights()
    return sum(_store(conn, standings(conn, Scope.between(start, min(hi, start + RANGE_STEP - 1))), weights)
               for start in range(lo, hi + 1, RANGE_STEP))


def _store(conn: Connection, found: dict[int, Standing], weights: PriorityWeights) -> int:
    if found and conn.dialect.name == "postgresql":
        # One statement over arrays, an unchanged row left alone: an executemany is one
        # execution per head, and every row rewritten is a new version of it in each of the
        # claim's indexes (the trigram ones too: after an import, most of the refresh).
        heads = list(found)
        standing = [found[h] for h in heads]
        conn.exec_driver_sql(_STORE_PG, (heads, _priorities(standing, weights),
                                         [s.checked_as for s in standing]))
    elif found:  # plain DB-API executemany: a rescore stores 1M of these; an unchanged row is left alone
        conn.exec_driver_sql(
            "UPDATE claim SET priority = ?, checked_as = ? WHERE id = ? AND (priority IS NOT ? OR checked_as IS NOT ?)",
            [(p, s.checked_as, h, p, s.checked_as)
             for (h, s), p in zip(found.items(), _priorities(found.values(), weights), strict=True)],
        )
    return len(found)


_STORE_PG = ("UPDATE claim SET priority = v.p, checked_as = v.c "
             "FROM unnest(%s::int[], %s::float8[], %s::text[]) AS v(id, p, c) "
             "WHERE claim.id = v.id AND (claim.priority IS DISTINCT FROM v.p OR claim.checked_as IS DISTINCT FROM v.c)")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which heads to read: a list of ids, or every id from lo to hi."""

    ids: tuple[int, ...] | None = None
    lo: int = 0
    hi: int = 0

    @classmethod
    def between(cls, lo: int, hi: int) -> Scope:
        return cls(None, lo, hi)

    def head(self, table) -> object:
        """``table`` (a claim alias) is one of the heads."""
        # `+ 0`: the ids are the way in, never an index scan of every head (canonical_id IS
        # NULL) filtered by id, which made each refresh cost more as the store grew
        own = table.c.id.in_(self.ids) if self.ids is not None else table.c.id.between(self.lo, self.hi)
        return own & (table.c.canonical_id + 0).is_(None)

    def cluster(self, table) -> object:
        """``table`` is a head in scope or a claim merged into one."""
        if self.ids is not None:
            return self.head(table) | table.c.canonical_id.in_(self.ids)
        return ((table.c.id.between(self.lo, self.hi) | table.c.canonical_id.between(self.lo, self.hi))
                & func.coalesce(table.c.canonical_id, table.c.id).between(self.lo, self.hi))


def standings(conn: Connection, heads: list[int] | Scope) -> dict[int, Standing]:
    """What the priority reads for each head in scope (a claim no longer a head is left out):
    a handful of aggregate queries, one row per head, whatever the size of the scope."""
    scope = heads if isinstance(heads, Scope) else Scope(tuple(heads))
    if scope.ids is not None and not scope.ids:
        return {}
    c = _claim.alias("c")
    rows = {r.id: r for r in conn.execute(
        select(c.c.id, c.c.checkworthiness, c.c.status).where(scope.head(c))).all()}
    if not rows:
        return {}
    head = func.coalesce(c.c.canonical_id, c.c.id)
    published, ingested = _article.c.published, _article.c.ingested_at
    if conn.dialect.name == "sqlite":
        # SQLite keeps any text in a DATE column: one article published '2024-99-99' (written
        # by hand) failed this read, and with it the desk's whole queue (hostile28). Read as
        # undated here; `claims db check` names it, and reading it elsewhere says so.
        published = case((func.date(published) == published, published))
    bound = _day_after(conn, ingested)
    # The appearances counted per article first, each article's dates then read once: read per
    # appearance, a claim seen 1,000,000 times in a few articles took 8 s to stand.
    per_article = (select(head.label("h"), _app.c.article_id.label("a"), func.count().label("n"))
                   .select_from(c.join(_app, _app.c.claim_id == c.c.id)).where(scope.cluster(c))
                   .group_by(head, _app.c.article_id).subquery("per_article"))
    spread = {r.h: r for r in conn.execute(
        select(per_article.c.h, cast(func.sum(per_article.c.n), Integer).label("n"),
               func.count(func.distinct(_article.c.outlet_id)).label("outlets"),
               func.max(case((published <= bound, published))).label("published"),
               func.max(case((published.is_(None), ingested))).label("ingested"),
               func.max(case((published > bound, ingested))).label("ahead"))
        .select_from(per_article.join(_article, _article.c.id == per_article.c.a))
        .group_by(per_article.c.h)).all()}
    held = set(conn.execute(
        select(head).select_from(c.join(_lock, _lock.c.claim_id == c.c.id)).where(scope.cluster(c))).scalars())
    checked = _checked_as(conn, scope, {h for h, r in rows.items() if r.status not in DONE})
    out = {}
    for h, r in rows.items():
        x = spread.get(h)
        days = [d for d in (_day(x.published), _day(x.ingested), _next_day(x.ahead)) if d is not None] if x else []
        out[h] = Standing(
            worth=r.checkworthiness, appearances=x.n if x else 0, outlets=x.outlets if x else 0,
            latest=max(days) if days else None, checked_as=checked.get(h), held=h in held,
            done=r.status in DONE,
        )
    return out


def _checked_as(conn: Connection, scope: Scope, open_heads: set[int]) -> dict[int, str]:
    """Per open head: the verdict of the checked claim its best-scored pending suggestion to a
    checked claim points to.

    The suggestions are held as arrays and the checked heads found before they are paired up:
    an article of near-duplicates gives 200,000 of them, to claims just ingested (no verdict),
    and tuples and per-head lists of them held 145 MB at the ingest's commit."""
    if not open_heads:
        return {}
    if not _checked_heads(conn, bound=0):  # nothing verified with a verdict (a new desk, a first
        return {}  # import): no verdict to show, nor a cluster of the scope to read (100k rows)
    c = _claim.alias("c")
    head_of = dict(conn.execute(
        select(c.c.id, func.coalesce(c.c.canonical_id, c.c.id)).where(scope.cluster(c))).all())
    firsts, seconds, scores = array("q"), array("q"), array("d")
    # Only a match with a checked claim at one end can count: the others are never read.
    mine = [m for m, h in head_of.items() if h in open_heads]
    checked = _checked_heads(conn, bound=len(mine))
    if not checked:  # nothing verified with a verdict (a new desk, a first import): no verdict to show
        return {}
    # The cheaper side: the scope's (two index probes per claim in it; on PostgreSQL a scan
    # of every match for each 900 ids when the planner judges the ids many, as it did for a
    # million-claim import's commit: ~1,100 reads of 1-2 s) or the checked clusters' (their
    # matches, wherever they are), read only while it is no longer than the scope's.
    rows = _suggestions_of_checked(conn, limit=2 * len(mine)) if len(checked) <= len(mine) else None
    if rows is None:
        rows = _suggestions_of(conn, mine)
    for a, b, score, state in rows:
        # Only a pair with an end in scope under an open head counts (what the scope's side reads).
        if state == SUGGESTED and (head_of.get(a) in open_heads or head_of.get(b) in open_heads):
            firsts.append(a)
            seconds.append(b)
            scores.append(score)
    for part in _chunks({x for x in chain(firsts, seconds) if x not in head_of}):
        head_of.update(conn.execute(select(_claim.c.id, func.coalesce(_claim.c.canonical_id, _claim.c.id))
                                    .where(_claim.c.id.in_(part))).all())
    verdict_of: dict[int, str] = {}
    for part in _chunks({head_of[x] for x in chain(firsts, seconds) if x in head_of}):
        for cid, status, verdict in conn.execute(
            select(_claim.c.id, _claim.c.status, _claim.c.verdict).where(_claim.c.id.in_(part))
        ):
            if status == Status.VERIFIED.value and verdict:
                verdict_of[cid] = verdict
    if not verdict_of:
        return {}
    best: dict[int, tuple[float, int]] = {}  # open head -> (score, -checked head): the max wins
    for a, b, score in zip(firsts, seconds, scores, strict=True):
        for mine, other in ((head_of.get(a), head_of.get(b)), (head_of.get(b), head_of.get(a))):
            if mine in open_heads and other in verdict_of and other != mine:
                key = (score, -other)
                if mine not in best or key > best[mine]:
                    best[mine] = key
    return {h: verdict_of[-other] for h, (_, other) in best.items()}


def _checked_heads(conn: Connection, *, bound: int) -> list[int]:
    """Claims verified with a verdict (heads, or a cluster's member that kept its own), up to
    `bound` + 1 of them: enough to choose a side."""
    return list(conn.execute(select(_claim.c.id).where(*_CHECKED).limit(bound + 1)).scalars())


def _suggestions_of(conn: Connection, ids: list[int]) -> Iterator[tuple]:
    """The matches with an end among `ids` and an end in a checked cluster (the database
    leaves the others out: an article of near-duplicates brought 130,000 rows here, none of
    them to a verdict)."""
    x, xh = _claim.alias("x"), _claim.alias("xh")
    to_verdict = (select(x.c.id).select_from(x.join(xh, xh.c.id == func.coalesce(x.c.canonical_id, x.c.id)))
                  .where(x.c.id.in_([_match.c.claim_a_id, _match.c.claim_b_id]), *_checked(xh))
                  .exists())
    for part in _chunks(ids):
        # state not in SQL: the state index would be read instead of the ids'
        yield from conn.execute(
            select(_match.c.claim_a_id, _match.c.claim_b_id, _match.c.score, _match.c.state)
            .where(_match.c.claim_a_id.in_(part) | _match.c.claim_b_id.in_(part), to_verdict))


def _suggestions_of_checked(conn: Connection, *, limit: int) -> list | None:
    """The matches with an end in a cluster whose head is verified with a verdict, from the
    checked heads through their members' ids to the matches' ends, all by index; None when
    there are more than `limit` of them."""
    # A claim's cluster is its head's (coalesce(canonical_id, id)), as in `_suggestions_of`:
    # a checked claim that is its own head, and every claim whose head is a checked claim.
    # A pair checked at both ends comes twice: the best suggestion is the same.
    xh, x = _claim.alias("xh"), _claim.alias("x")
    own = select(xh.c.id).where(*_checked(xh), xh.c.canonical_id.is_(None))
    under = select(x.c.id).join(xh, x.c.canonical_id == xh.c.id).where(*_checked(xh))
    members = own.union_all(under).subquery()
    ends = [select(_match.c.claim_a_id, _match.c.claim_b_id, _match.c.score, _match.c.state)
            .select_from(members.join(_match, end == members.c.id))
            for end in (_match.c.claim_a_id, _match.c.claim_b_id)]
    rows = conn.execute(union_all(*ends).limit(limit + 1)).all()
    return None if len(rows) > limit else rows


def _checked(table) -> tuple:
    return table.c.status == Status.VERIFIED.value, table.c.verdict.is_not(None)


_CHECKED = _checked(_claim)


def _day_after(conn: Connection, ingested):
    """The day after the day an article was stored (UTC): the latest publication day its
    recency counts (`standings`). A day further ahead (`--published 9999-12-27 --allow-future`,
    a plan, a typo) counts as this one, which is stored with the article: a priority read
    from it is the same whenever it is computed, so it never goes stale as days pass (counted
    as today, it stood at the day it was computed while newer claims rose past it)."""
    if conn.dialect.name == "postgresql":
        # its UTC day: a timestamptz cast to a date takes the session's TimeZone
        return cast(func.timezone("UTC", ingested) + text("interval '1 day'"), Date)
    return func.date(ingested, "+1 day")


def _next_day(value) -> date | None:
    day = _day(value)
    return None if day is None or day == date.max else day + timedelta(days=1)


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def settle(db: Database) -> None:
    """Refresh what writes left marked (a head another writer held, a copy made without the
    hook): a read of the queue first settles its order. One indexed probe when nothing is."""
    with db.session() as session:
        if session.execute(select(_dirty.c.id).limit(1)).first() is None:
            return
    with db.write_connection() as conn:
        refresh_dirty(conn)

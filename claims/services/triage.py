"""The queue's priority, kept in step with every write.

Database triggers (migration 0007) mark a claim in ``triage_dirty`` whenever something its
priority reads changes; ``refresh_dirty`` runs before each commit of a transaction that wrote
(``db.engine.before_commit``) and recomputes the priority of the queue heads concerned, so
the queue's order is always paged by an index over a stored number.

On PostgreSQL a head another writer holds is skipped (``SKIP LOCKED``) and stays marked: that
writer refreshes it at its own commit, and the next refresh (any write, or the next read of
the queue) settles whatever it could not see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection

from claims.models import Appearance, Article, Claim, ClaimLock, Match, TriageDirty
from claims.triage.priority import PriorityWeights, Standing, priority
from claims.vocab import MatchState, Status
from db import Database

_claim, _app, _article = Claim.__table__, Appearance.__table__, Article.__table__
_match, _lock, _dirty = Match.__table__, ClaimLock.__table__, TriageDirty.__table__
CHUNK = 900  # ids per IN list (SQLite's variable limit is far above; PostgreSQL's plans stay small)
DONE = (Status.VERIFIED.value, Status.NOT_CHECKABLE.value)


def current_weights() -> PriorityWeights:
    """The [triage] weights of the settings file (read again when the file changes)."""
    from claims.config import config_path

    path = config_path()
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
    else:
        rows = conn.execute(select(_dirty.c.id, _dirty.c.claim_id)).all()
        if rows:
            conn.execute(_dirty.delete().where(_dirty.c.id <= max(r[0] for r in rows)))
        marked = [r[1] for r in rows]
    if not marked:
        return 0
    return refresh(conn, affected_heads(conn, marked))


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
        for a, b in conn.execute(
            select(_match.c.claim_a_id, _match.c.claim_b_id).where(
                _match.c.state == MatchState.SUGGESTED.value,
                _match.c.claim_a_id.in_(part) | _match.c.claim_b_id.in_(part),
            )
        ):
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
                                   .order_by(_claim.c.id).with_for_update(skip_locked=True)).scalars())
            later = [h for h in part if h not in got]
            if later:
                conn.execute(_dirty.insert(), [{"claim_id": h} for h in later])
            part = sorted(got)
        found = standings(conn, part)
        if found:
            conn.execute(
                update(_claim).where(_claim.c.id == bindparam("head")).values(
                    priority=bindparam("p"), checked_as=bindparam("c")),
                [{"head": h, "p": priority(s, weights), "c": s.checked_as} for h, s in found.items()],
            )
        done += len(found)
    return done


def standings(conn: Connection, heads: list[int]) -> dict[int, Standing]:
    """What the priority reads for each head (a claim no longer a head is left out)."""
    rows = {
        r.id: r for r in conn.execute(
            select(_claim.c.id, _claim.c.checkworthiness, _claim.c.status, _claim.c.verdict)
            .where(_claim.c.id.in_(heads), _claim.c.canonical_id.is_(None))
        )
    }
    if not rows:
        return {}
    head_of = {h: h for h in rows}
    for cid, canonical in conn.execute(
        select(_claim.c.id, _claim.c.canonical_id).where(_claim.c.canonical_id.in_(list(rows)))
    ):
        head_of[cid] = canonical
    members = list(head_of)
    seen: dict[int, int] = defaultdict(int)
    outlets: dict[int, set] = defaultdict(set)
    latest: dict[int, date] = {}
    for part in _chunks(members):
        for cid, outlet, published, ingested in conn.execute(
            select(_app.c.claim_id, _article.c.outlet_id, _article.c.published, _article.c.ingested_at)
            .join(_article, _article.c.id == _app.c.article_id)
            .where(_app.c.claim_id.in_(part))
        ):
            h = head_of[cid]
            seen[h] += 1
            if outlet is not None:
                outlets[h].add(outlet)
            day = published or _day(ingested)
            if day is not None and (h not in latest or day > latest[h]):
                latest[h] = day
    checked = _checked_as(conn, head_of, rows)
    held = set()
    for part in _chunks(members):
        held.update(head_of[c] for c in conn.execute(
            select(_lock.c.claim_id).where(_lock.c.claim_id.in_(part))).scalars())
    return {
        h: Standing(
            worth=r.checkworthiness, appearances=seen[h], outlets=len(outlets[h]),
            latest=latest.get(h), checked_as=checked.get(h), held=h in held, done=r.status in DONE,
        )
        for h, r in rows.items()
    }


def _checked_as(conn: Connection, head_of: dict[int, int], rows) -> dict[int, str]:
    """Per head not itself done: the verdict of the checked claim its best-scored pending
    suggestion to a checked claim points to."""
    open_members = [m for m, h in head_of.items() if rows[h].status not in DONE]
    candidates: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for part in _chunks(open_members):
        for a, b, score in conn.execute(
            select(_match.c.claim_a_id, _match.c.claim_b_id, _match.c.score).where(
                _match.c.state == MatchState.SUGGESTED.value,
                _match.c.claim_a_id.in_(part) | _match.c.claim_b_id.in_(part),
            )
        ):
            for mine, other in ((a, b), (b, a)):
                if mine in head_of and head_of.get(other) != head_of[mine]:
                    candidates[head_of[mine]].append((score, other))
    if not candidates:
        return {}
    verdict_of: dict[int, str] = {}
    head = _claim.alias("head")
    for part in _chunks({o for found in candidates.values() for _, o in found}):
        for cid, status, verdict in conn.execute(
            select(_claim.c.id, head.c.status, head.c.verdict)
            .join(head, head.c.id == func.coalesce(_claim.c.canonical_id, _claim.c.id))
            .where(_claim.c.id.in_(part))
        ):
            if status == Status.VERIFIED.value and verdict:
                verdict_of[cid] = verdict
    out = {}
    for h, found in candidates.items():
        checked = [(score, -o) for score, o in found if o in verdict_of]
        if checked:
            out[h] = verdict_of[-max(checked)[1]]
    return out


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

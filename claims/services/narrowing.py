"""Which claims a filter can match at most, read from an index, so a filter that matches few
claims never reads the whole table to fill a page.

A page is read one of two ways. Walking the queue's order index and testing each claim costs
about `page size / share of claims matching`: cheap when the filter matches many claims, a
full scan when it matches few or none. Fetching the ids that can match and sorting them costs
their number. `candidates` asks each index the filter can use for at most `CAP + 1` ids (a
bounded read, whatever the store's size) and intersects the answers of `CAP` or fewer; the
page is then read from those ids (`among`), with every condition of the filter still
applied, so the rows and their order are exactly the full query's. When every index answers
with more, the filter is not rare enough to need this, and the page walks the order's index
(SQLite, which keeps no statistics, is told which index that is; it would otherwise
take a date range or a status for the rarer condition and sort everything it matches).

Indexes used: status, verdict, reviewer, claim date, suggested matches, an outlet's articles'
appearances, and for a search or speaker the trigram index of migration 0008 (SQLite's FTS5
`claim_search`, PostgreSQL's pg_trgm indexes on the folded columns), which narrows a
substring of 3 characters or more.

In the priority order, two more indexes (migration 0009) keep a page from walking claims
the filter leaves out when its claims sit deep in that order (verified claims, an earlier
period: the priority falls with both). A filter on a status walks `ix_claim_status_order`,
that status's claims in priority order with their dates (so a period is tested in the
index too); it beats sorting the candidates once there are more than `STATUS_WALK_OVER`.
A period with no status, and of at most `PERIOD_CAP` claims, is read from
`ix_claim_date_order` (`Plan.period`): its claims' ids and priorities are sorted from the
index alone, a chunk at a time, and each chunk's rows read and tested (`period_page`).
PostgreSQL, which plans from statistics and cannot serve the order past `canonical_id IS
NULL`, gets partial indexes of the queue's claims for both (migration 0010). There, a
condition its statistics put over half of CAP is not read at all (`_bounded`), and the
candidates go to the page's query as one array.

A count (`ordered=False`) of more than CAP claims reads the claims of the pending
suggestions by id (both backends); on SQLite, those the outlet or the FTS index name
(`count_source`); with neither, `ix_claim_kind` (migration 0011) counts
the whole queue or a status's share of it from the index alone.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ARRAY, Boolean, Integer, String, bindparam, func, literal, or_, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement, UnaryExpression
from sqlalchemy.sql.util import ClauseAdapter
from sqlmodel import Session, col, select

from claims.models import Appearance, Article, Claim, Match, Outlet
from claims.search_text import search_name, search_words, spellings
from claims.services.outlets import outlet_named
from db.folding import fold_text
from db.textfold import fold

CAP = 20_000  # ids fetched and sorted at most; past this a filter's page walks the order index
STATUS_WALK_OVER = 2_000  # candidates past which walking a status's claims in order is cheaper
PERIOD_CAP = 200_000  # a period's claims sorted by priority from ix_claim_date_order, at most
_TRIGRAMS_PER_NEEDLE = 12  # a subset of a needle's trigrams narrows as well as all of them

_has_trigram_index: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


ORDER_INDEX = {"priority": "ix_claim_priority", "worth": "ix_claim_queue", "date": "ix_claim_claim_date"}


def candidates(session: Session, flt, *, cap: int | None = None, text_index: bool = True) -> list[int] | None:
    """A superset of the claims `flt` (a ClaimFilter) matches, of at most `cap` (CAP) ids,
    or None when no index the filter can use finds so few (`text_index`: asking the trigram
    index too)."""
    cap = CAP if cap is None else cap
    found: list[set[int]] = []
    sources = (_outlet, _text_index, _status, _verdict, _reviewer, _suggested, _dated)
    for source in sources if text_index else [s for s in sources if s is not _text_index]:
        ids = source(session, flt, cap)
        if ids is None or len(ids) > cap:
            continue
        if not ids:
            return []
        found.append(set(ids))
    if not found:
        return None
    return sorted(set.intersection(*found))


@dataclass(frozen=True, slots=True)
class Plan:
    """How a filter's rows are read: among candidate `ids`, or walking `index` (a hint to
    SQLite; None: as planned) within `bounds` (conditions the filter's imply, that the
    index can seek). `period`: a page is read from the period's claims sorted by priority
    (`period_page`); as one statement, the period is read through its index. `source`: a
    count reads the claims a subquery of ids names (`count_source`), which answers the
    filter's field `covers` exactly (that condition need not be tested again). `unplanned`:
    as the database plans it (a count with no narrower index)."""

    ids: list[int] | None = None
    index: str | None = None  # None: the table in rowid order (SQLite's NOT INDEXED)
    bounds: tuple = ()
    period: bool = False
    source: object = None
    covers: str | None = None
    unplanned: bool = False

    def apply(self, stmt):
        """`stmt` (a select from claim under the filter's conditions) read this way."""
        if self.ids is not None:
            return among(stmt, self.ids)
        if self.source is not None:
            return stmt.where(_IdAmongRows(self.source)).with_hint(Claim.__table__, "NOT INDEXED", "sqlite")
        if self.unplanned:
            return stmt
        stmt = stmt.where(*self.bounds) if self.bounds else stmt
        return stmt.with_hint(Claim.__table__, f"INDEXED BY {self.index}" if self.index else "NOT INDEXED",
                              "sqlite")


def plan(session: Session, flt, *, ordered: bool) -> Plan | None:
    """The cheapest way to read `flt`'s rows (`ordered`: a page in `flt.order`), or None
    when no claim can match."""
    in_priority = ordered and flt.order == "priority"
    # With a status, more candidates than STATUS_WALK_OVER are of no use: ask for no more.
    cap = STATUS_WALK_OVER if in_priority and flt.status else CAP
    # PostgreSQL: a search or speaker its statistics call rare (or any, for a count) is
    # left to its own plan with the LIKE its trigram indexes answer (`_pg_like`); read as
    # candidates first, each candidate's row was read twice (for its id, then for the page).
    like = _pg_like(session, flt, rare_only=ordered) if _is_postgresql(session) else []
    ids = candidates(session, flt, cap=cap, text_index=not like)
    if ids == []:
        return None
    if (not ordered and flt.has_suggestions and (ids is None or len(ids) > cap)
            and not (like and _pg_like(session, flt, rare_only=True))):
        # Two claims a pending pair at most, read by id: on SQLite 17,000 pairs counted in 0.1 s,
        # not 1.4 s; on PostgreSQL with a common word searched too, 1 s, not 10-18 s (it took
        # the word's trigram LIKE for the narrower condition). A rare word's LIKE stays narrower.
        return Plan(source=pending_suggestion_ids(), covers="has_suggestions")
    if like and (ids is None or len(ids) > cap):
        return Plan(bounds=tuple(like))
    if in_priority and flt.status and (ids is None or len(ids) > STATUS_WALK_OVER):
        return Plan(index="ix_claim_status_order")
    if ids is not None:
        return Plan(ids=ids)
    if ((flt.since or flt.until) and not flt.status and (in_priority or not ordered)
            and _period_size(session, flt) <= PERIOD_CAP):
        return Plan(index="ix_claim_date_order", bounds=tuple(period_range(flt)), period=in_priority)
    if not ordered:
        source, covers = count_source(session, flt)
        return Plan(unplanned=True) if source is None else Plan(source=source, covers=covers)
    return Plan(index=ORDER_INDEX.get(flt.order))  # id: the table's own (rowid) order


def narrowed(session: Session, stmt, flt, *, ordered: bool):
    """`stmt` (a select from claim under `flt`'s conditions) read the cheapest way that is
    one statement, or None when no claim can match."""
    how = plan(session, flt, ordered=ordered)
    return None if how is None else how.apply(stmt)


def period_range(flt) -> list:
    """The filter's period widened to a range of the date index (a coarser date the filter
    keeps, a month or year that contains `since`, and any day inside an `until` month)."""
    d = col(Claim.claim_date)
    conds = [d.is_not(None)]
    if flt.since:
        conds.append(d >= flt.since[:4])
    if flt.until:
        conds.append(d <= flt.until + "~")  # "~" sorts after every date character
    return conds


def _period_size(session: Session, flt) -> int:
    """The period's claims counted from the date index, up to PERIOD_CAP + 1."""
    inner = (sa_select(literal(1)).select_from(Claim).where(*period_range(flt)).limit(PERIOD_CAP + 1)
             .with_hint(Claim.__table__, "INDEXED BY ix_claim_date_order", "sqlite"))
    return session.connection().execute(sa_select(func.count()).select_from(inner.subquery())).scalar_one()


def period_page(session: Session, stmt, covered: list, order: list, limit: int,
                past: Callable[[int, float], object]) -> list[Claim]:
    """A page of `stmt` (its filter's conditions, order and `limit`) read from the period's
    claims in `order`: ids and priorities sorted from ix_claim_date_order under the
    conditions it `covered` (the period, canonical claims, the page's start), a chunk at a
    time, each chunk's rows read with every condition, until the page is full. `past(id,
    priority)` is the condition for the rows after a chunk's last."""
    ids_in_order = (sa_select(Claim.id, Claim.priority).where(*covered).order_by(*order)
                    .with_hint(Claim.__table__, "INDEXED BY ix_claim_date_order", "sqlite"))
    rows: list[Claim] = []
    after, chunk = None, limit * 4
    while True:
        stmt_ids = ids_in_order.where(past(*after)) if after else ids_in_order
        if _is_postgresql(session):
            stmt_ids = _sorted_after_reading(stmt_ids, order)
        got = session.connection().execute(stmt_ids.limit(chunk)).all()
        if got:
            rows += session.exec(among(stmt, [i for i, _ in got]).limit(limit - len(rows))).all()
        if len(rows) >= limit or len(got) < chunk:
            return rows
        after, chunk = got[-1], chunk * 4


def _sorted_after_reading(stmt_ids, order: list):
    """PostgreSQL: `stmt_ids` read whole from the date index, then sorted. Its statistics
    cannot tell that a period's claims sit deep in the priority order, so it walked the
    queue's priority index instead, past every later claim (0.3-0.5 s at 1M claims, 60 ms
    read this way); OFFSET 0 keeps the subquery from being merged into the ordered query."""
    inner = stmt_ids.order_by(None).offset(0).subquery()
    adapt = ClauseAdapter(inner).traverse  # (it leaves a bare column as it is)
    return sa_select(inner.c.id, inner.c.priority).order_by(
        *(adapt(o) if isinstance(o, UnaryExpression) else inner.c[o.key] for o in order))


def among(stmt, ids: list[int]):
    """`stmt` (a select from claim) kept to the candidates, read by id: SQLite is told not
    to walk an order index instead (without statistics it takes `canonical_id IS NULL` for
    a rare value). PostgreSQL gets the ids as one array (`= ANY`): a list of 10,000 bound
    values cost it 3-6 times as much to parse and plan as the rows cost to read."""
    return stmt.where(_IdAmong(ids)).with_hint(Claim.__table__, "NOT INDEXED", "sqlite")


class _IdAmong(ColumnElement):
    """`claim.id IN (ids)`, spelled `claim.id = ANY(array)` for PostgreSQL."""

    inherit_cache = False
    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: SQLite is not to get `(... IN ...) = 1`

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids


@compiles(_IdAmong)
def _id_in_list(element: _IdAmong, compiler, **kw) -> str:
    return compiler.process(col(Claim.id).in_(element.ids), **kw)


@compiles(_IdAmong, "postgresql")
def _id_any_array(element: _IdAmong, compiler, **kw) -> str:
    return compiler.process(col(Claim.id) == func.any(bindparam(None, element.ids, type_=ARRAY(Integer))), **kw)


class _IdAmongRows(ColumnElement):
    """`claim.id IN (subquery)`, spelled `claim.id = ANY(ARRAY(subquery))` for PostgreSQL: the
    ids are collected first, then read by primary key. Given the IN, it joined the subquery
    with the whole claim table (17,000 pending suggestions at 1M claims: a count in 0.5 s,
    0.14-0.24 s this way)."""

    inherit_cache = False
    type = Boolean()
    _is_implicitly_boolean = True

    def __init__(self, rows) -> None:
        self.rows = rows


@compiles(_IdAmongRows)
def _id_in_rows(element: _IdAmongRows, compiler, **kw) -> str:
    return compiler.process(col(Claim.id).in_(element.rows), **kw)


@compiles(_IdAmongRows, "postgresql")
def _id_any_array_of_rows(element: _IdAmongRows, compiler, **kw) -> str:
    return f"{compiler.process(col(Claim.id), **kw)} = ANY(ARRAY({compiler.process(element.rows, **kw)}))"


def _bounded(session: Session, stmt, cap: int) -> list[int] | None:
    """Up to `cap + 1` ids of `stmt`; None, without reading them, where PostgreSQL's
    statistics say there are more than half as many (its estimates of these single
    conditions came within 25% at 1M claims; reading 20,000 ids to learn they are too many
    cost it up to 0.5 s, walking the order index past a filter that common 40 ms)."""
    if _is_postgresql(session) and _estimated_rows(session, stmt) > cap / 2:
        return None
    return list(dict.fromkeys(session.connection().execute(stmt.limit(cap + 1)).scalars()))


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _estimated_rows(session: Session, stmt) -> float:
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
    return plan[0]["Plan"]["Plan Rows"]


def _status(session: Session, flt, cap: int) -> list[int] | None:
    if not flt.status:
        return None
    return _bounded(session, select(Claim.id).where(col(Claim.status).in_(flt.status)), cap)


def _verdict(session: Session, flt, cap: int) -> list[int] | None:
    if not flt.verdict:
        return None
    return _bounded(session, select(Claim.id).where(col(Claim.verdict).in_(flt.verdict)), cap)


def _reviewer(session: Session, flt, cap: int) -> list[int] | None:
    return _bounded(session, select(Claim.id).where(Claim.reviewer == flt.reviewer), cap) if flt.reviewer else None


def _suggested(session: Session, flt, cap: int) -> list[int] | None:
    if not flt.has_suggestions:
        return None
    pending = select(Match.claim_a_id, Match.claim_b_id).where(Match.state == "suggested")
    # A pair names two claims: past cap / 2 pairs, the claims are (all but always) past cap,
    # and fetching the pairs to find out cost more than the page (17,000: 55 ms on PostgreSQL).
    pairs_counted = sa_select(func.count()).select_from(pending.limit(cap // 2 + 1).subquery())
    if session.connection().execute(pairs_counted).scalar_one() > cap // 2:
        return None
    pairs = session.connection().execute(pending).all()
    return list(dict.fromkeys(i for pair in pairs for i in pair))


def pending_suggestion_ids():
    """The ids of claims with a pending suggestion (either side of the pair), as a subquery."""
    return select(Match.claim_a_id).where(Match.state == "suggested").union(
        select(Match.claim_b_id).where(Match.state == "suggested"))


def _dated(session: Session, flt, cap: int) -> list[int] | None:
    """Claims dated within the filter's period (widened: `period_range`)."""
    if not (flt.since or flt.until):
        return None
    return _bounded(session, select(Claim.id).where(*period_range(flt)), cap)


def _outlet(session: Session, flt, cap: int) -> list[int] | None:
    """Claims seen in the outlet's articles, and the canonical claims of those merged."""
    name = search_name(flt.outlet, "outlet")
    if not name:
        return None
    outlets = session.exec(select(Outlet.id).where(outlet_named(name))).all()
    if not outlets:
        return []
    seen = _bounded(session, select(Appearance.claim_id).join(Article, Article.id == Appearance.article_id)
                    .where(col(Article.outlet_id).in_(outlets)), cap)
    if not seen or len(seen) > cap:
        return seen
    heads = session.exec(select(Claim.canonical_id).where(col(Claim.id).in_(seen),
                                                          col(Claim.canonical_id).is_not(None))).all()
    return list(dict.fromkeys([*seen, *heads]))


def count_source(session: Session, flt) -> tuple[object, str | None]:
    """For a count of more claims than CAP on SQLite: the ids of the claims the filter's
    outlet (or its search or speaker) can match, as a subquery read from their indexes, and
    the field it answers exactly (the outlet: a canonical claim seen in it or with a member
    seen in it); (None, None) when there is none.
    Read one by one, they cost less than testing every claim: at 1M claims on SQLite a
    speaker's 20,000 claims are counted in 0.4 s, not 15 s, an outlet's 124,000 in 0.7 s,
    not 8 s. PostgreSQL plans these counts well from its statistics (given the outlet's
    subquery, it hashed the whole claim table twice: 3 s, not 0.8 s)."""
    if _is_postgresql(session):
        return None, None
    name = search_name(flt.outlet, "outlet")
    if name:
        member = aliased(Claim)
        outlets = select(Outlet.id).where(outlet_named(name))  # as the filter names it
        articles = select(Article.id).where(col(Article.outlet_id).in_(outlets))
        # a claim seen in the outlet shows as itself or as its cluster's head
        return (sa_select(func.coalesce(member.canonical_id, member.id))
                .select_from(Appearance).join(member, member.id == Appearance.claim_id)
                .where(col(Appearance.article_id).in_(articles))), "outlet"
    if not _trigram_index(session):
        return None, None
    query = _fts_query([spellings(word) for word in search_words(flt.search)], search_name(flt.speaker, "speaker"))
    if query is None:
        return None, None
    return text("SELECT rowid FROM claim_search WHERE claim_search MATCH :q").bindparams(q=query).columns(
        rowid=Integer), None


def _text_index(session: Session, flt, cap: int) -> list[int] | None:
    """Claims whose folded text holds every searched word, and whose speaker or role holds
    the speaker searched for, as far as their trigrams tell (needles of 3+ characters)."""
    words = [spellings(word) for word in search_words(flt.search)]
    speaker = search_name(flt.speaker, "speaker")
    if not (words or speaker) or not _trigram_index(session):
        return None
    if _is_postgresql(session):
        return _pg_trigrams(session, words, speaker, cap)
    return _fts_trigrams(session, words, speaker, cap)


def _trigram_index(session: Session) -> bool:
    engine = session.get_bind().engine
    known = _has_trigram_index.get(engine)
    if known is None:
        if engine.dialect.name == "postgresql":
            sql = "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_claim_text_trgm'"
        else:
            sql = "SELECT count(*) FROM sqlite_master WHERE name = 'claim_search'"
        known = _has_trigram_index[engine] = bool(session.exec(text(sql)).one()[0])
    return known


def _trigrams(needle: str) -> list[str]:
    starts = list(range(0, len(needle) - 2))
    if len(starts) > _TRIGRAMS_PER_NEEDLE:  # spread over the needle, its end included
        step = len(starts) / (_TRIGRAMS_PER_NEEDLE - 1)
        starts = sorted({starts[min(len(starts) - 1, round(i * step))] for i in range(_TRIGRAMS_PER_NEEDLE)})
    return [needle[i:i + 3] for i in starts]


def _fts_trigrams(session: Session, words: list[list[str]], speaker: str | None, cap: int) -> list[int] | None:
    """SQLite: the claims of an FTS5 query (`_fts_query`)."""
    query = _fts_query(words, speaker)
    if query is None:
        return None
    ids = session.exec(text("SELECT rowid FROM claim_search WHERE claim_search MATCH :q LIMIT :n"),
                       params={"q": query, "n": cap + 1}).all()
    return [i for (i,) in ids]


def _fts_query(words: list[list[str]], speaker: str | None) -> str | None:
    """An FTS5 query ANDing the trigrams of each needle (any of a word's spellings)."""

    def needle(value: str) -> str | None:
        grams = _trigrams(fold_text(value))
        return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams) or None

    parts = []
    for spelled in words:
        either = [needle(w) for w in spelled]
        if all(either):
            parts.append("text : (" + " OR ".join(f"({n})" for n in either) + ")")
    if speaker:
        either = [needle(name) for name in spellings(speaker)]
        if all(either):
            parts.append("{speaker role} : (" + " OR ".join(f"({n})" for n in either) + ")")
    return " AND ".join(parts) or None


def _like_pattern(folded: str) -> str:
    return "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _pg_trigrams(session: Session, words: list[list[str]], speaker: str | None, cap: int) -> list[int] | None:
    """PostgreSQL: the claims of `_like_conditions`."""
    conds = _like_conditions(session, words, speaker)
    return _bounded(session, select(Claim.id).where(*conds), cap) if conds else None


def _pg_like(session: Session, flt, *, rare_only: bool) -> list:
    """PostgreSQL: the filter's search and speaker as `_like_conditions` (`rare_only`: where
    its statistics put at most CAP / 2 claims under them, as `_bounded`); [] otherwise."""
    words = [spellings(word) for word in search_words(flt.search)]
    speaker = search_name(flt.speaker, "speaker")
    if not (words or speaker) or not _trigram_index(session):
        return []
    conds = _like_conditions(session, words, speaker)
    if not conds or (rare_only and _estimated_rows(session, select(Claim.id).where(*conds)) > CAP / 2):
        return []
    return conds


def _like_conditions(session: Session, words: list[list[str]], speaker: str | None) -> list:
    """PostgreSQL: LIKE on the folded columns, which their pg_trgm indexes answer (needles of
    3 characters or more). Needles are folded by the server first, as the exact condition
    folds them."""
    names = spellings(speaker) if speaker else []
    needles = [w for spelled in words for w in spelled] + names
    if not any(len(n) >= 3 for n in needles):
        return []
    folded_by_server = session.execute(
        sa_select(*(fold(bindparam(f"n{i}", n, type_=String)) for i, n in enumerate(needles)))).one()
    folded = dict(zip(needles, folded_by_server, strict=True))
    conds = []
    for spelled in words:
        if all(len(folded[w]) >= 3 for w in spelled):
            conds.append(or_(*(fold(Claim.text).like(_like_pattern(folded[w]), escape="\\") for w in spelled)))
    if names and all(len(folded[name]) >= 3 for name in names):
        patterns = [_like_pattern(folded[name]) for name in names]
        conds.append(or_(*(found for pattern in patterns
                           for found in (fold(Claim.speaker).like(pattern, escape="\\"),
                                         fold(Claim.speaker_role).like(pattern, escape="\\")))))
    return conds


"""Reading the desk: filtered, paged claim lists, one claim in full, the articles."""

from __future__ import annotations

import bisect
import re
from contextlib import nullcontext
from datetime import date, timedelta

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from claims.dates import read_typed_date
from claims.errors import NotFound
from claims.links import evidence_or_damage, hidden_credentials, safe_url, withheld_links
from claims.models import Appearance, Article, Claim, Event, Match, Outlet
from claims.search_text import search_name, search_words, spellings
from claims.services import narrowing
from claims.services.claim_filter import ClaimFilter
from claims.services.flat_clusters import MergeCycle
from claims.services.views import (
    AppearanceView,
    ArticleRow,
    ClaimDetail,
    ClaimRow,
    EventView,
    claim_row,
    moment_or_damage,
)
from db import Database
from db.interrupt import Interrupt
from db.textfold import contains, fold


def _conditions(flt: ClaimFilter) -> list:
    conds: list = [col(Claim.canonical_id).is_(None)]  # merged members show through their canonical
    if flt.status:
        conds.append(col(Claim.status).in_(flt.status))
    if flt.verdict:
        conds.append(col(Claim.verdict).in_(flt.verdict))
    speaker = search_name(flt.speaker, "speaker")
    if speaker:  # "O’Brien" typed finds "O'Brien" stored, and the other way round
        conds.append(or_(*(found for name in spellings(speaker)
                           for found in (contains(fold(Claim.speaker), _folded(name)),
                                         contains(fold(Claim.speaker_role), _folded(name))))))
    if flt.reviewer:
        conds.append(Claim.reviewer == flt.reviewer)
    if not flt.not_a_claim and (not flt.status or "unverified" in flt.status):
        # (a status filter without `unverified` leaves unreviewed claims out already: left
        # out, the test of claim_type leaves a status's count to ix_claim_kind alone)
        conds.append(or_(Claim.claim_type != "not_a_claim", Claim.status != "unverified"))
    if flt.since:
        # A month-precision date "2024-04" is within "since 2024-04-10": it may be.
        conds.append(or_(Claim.claim_date >= flt.since, func.substr(flt.since, 1, func.length(Claim.claim_date)) == Claim.claim_date))
    if flt.until:
        # "--until 2024-04" keeps all of April: a date inside the period is not past it
        conds.append(or_(Claim.claim_date <= flt.until, func.substr(Claim.claim_date, 1, len(flt.until)) == flt.until))
    for word in search_words(flt.search):
        conds.append(or_(*(contains(fold(Claim.text), _folded(w)) for w in spellings(word))))
    outlet = search_name(flt.outlet, "outlet")
    if outlet:
        cluster = _cluster_ids_subquery()
        in_outlet = (
            select(Appearance.claim_id)
            .join(Article, Article.id == Appearance.article_id)
            .join(Outlet, Outlet.id == Article.outlet_id)
            .where(narrowing.outlet_named(outlet))
        )
        conds.append(or_(col(Claim.id).in_(in_outlet), col(Claim.id).in_(
            select(cluster.c.canonical_id).where(cluster.c.member_id.in_(in_outlet))
        )))
    if flt.has_suggestions:
        conds.append(col(Claim.id).in_(narrowing.pending_suggestion_ids()))
    return conds


def _suggestion_condition():
    """A claim with a pending suggestion, tested row by row: for a page, which can stop early.

    As an IN over every pending pair (`_conditions`), PostgreSQL joins the set with the whole
    claim table and sorts the result (17,000 suggestions at 1M claims: 0.4-0.8 s a page);
    two EXISTS under an OR cannot become a join, so it walks the queue's order index and tests
    each claim against a hash of the pairs built once (35 ms). A count keeps the IN: row by
    row over every claim, it took 5.6 s.
    """
    pending = (Match.state == "suggested")
    return or_(select(Match.id).where(Match.claim_a_id == Claim.id, pending).exists(),
               select(Match.id).where(Match.claim_b_id == Claim.id, pending).exists())


def _outlet_condition(outlet: str):
    """Claims (or a member of their cluster) seen in the outlet, checked row by row.

    `queries._conditions` spells this as an IN over every appearance in the outlet, which
    materialises a large set before the first row; a correlated test lets a page stop early.
    It is a scalar subquery with LIMIT 1, not EXISTS: PostgreSQL turns an EXISTS into a hash
    of every appearance in the outlet (0.8 s before the first row at 1M claims), but runs a
    LIMIT subquery row by row (the page's 100 rows in 40 ms).
    """
    member = aliased(Claim)
    in_outlet = (
        sa_select(literal(1))
        .select_from(Appearance)
        .join(Article, Article.id == Appearance.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(narrowing.outlet_named(outlet))
    )
    direct = in_outlet.where(Appearance.claim_id == Claim.id)
    via_member = in_outlet.join(member, member.id == Appearance.claim_id).where(member.canonical_id == Claim.id)
    return or_(*(q.limit(1).correlate(Claim).scalar_subquery().is_not(None) for q in (direct, via_member)))


def row_conditions(flt: ClaimFilter) -> list:
    """`_conditions` with the outlet and pending suggestions tested row by row: for a page,
    which can stop early."""
    outlet = search_name(flt.outlet, "outlet")
    row_by_row = [_outlet_condition(outlet)] if outlet else []
    if flt.has_suggestions:
        row_by_row.append(_suggestion_condition())
    return [*_conditions(flt.with_(outlet=None, has_suggestions=False)), *row_by_row]


def _folded(value: str):
    return fold(literal(value, String))


def _cluster_ids_subquery():
    return select(Claim.id.label("member_id"), Claim.canonical_id.label("canonical_id")).where(
        col(Claim.canonical_id).is_not(None)
    ).subquery()


def _order_by(order: str, *, pg: bool = False) -> list:
    # Undated claims last on both backends, as the desk's pages have them (`paging`): a plain
    # DESC puts NULLs first on PostgreSQL, so `claims list --order date` there began with every
    # undated claim (hostile29). Spelled out on PostgreSQL only, where its queue indexes hold
    # that order (migration 0005); SQLite's DESC is it already.
    d = col(Claim.claim_date).desc().nulls_last() if pg else col(Claim.claim_date).desc()
    if order == "date":
        return [d, col(Claim.id).desc()]
    if order == "id":
        return [col(Claim.id)]
    if order == "priority":
        return [col(Claim.priority).desc(), col(Claim.id).desc()]
    return [col(Claim.checkworthiness).desc(), d, col(Claim.id).desc()]


def count_claims(db: Database, flt: ClaimFilter = ClaimFilter(), *, interrupt: Interrupt | None = None) -> int:
    """All claims under the filter (the set-based outlet condition is faster for a full count).
    `interrupt`: another thread may stop the count (it raises Interrupted)."""
    with db.session() as session, (interrupt.watching(session) if interrupt else nullcontext()):
        how = narrowing.plan(session, flt, ordered=False)
        if how is None:
            return 0
        tested = flt.with_(**{how.covers: None}) if how.covers else flt  # the source answers it
        # among a few candidates, the outlet row by row (set-based, it reads every appearance
        # in the outlet: 5 s at 1M claims for an outlet with 500 claims)
        conds = row_conditions(tested) if how.ids is not None else _conditions(tested)
        return session.exec(how.apply(select(func.count()).select_from(Claim).where(and_(*conds)))).one()


def list_claims(
    db: Database, flt: ClaimFilter = ClaimFilter(), *, limit: int | None = 100, offset: int = 0
) -> list[ClaimRow]:
    if flt.order == "priority":
        from claims.services.triage import settle

        settle(db)
    with db.session() as session:
        pg = session.get_bind().dialect.name == "postgresql"
        stmt = select(Claim).where(and_(*row_conditions(flt))).order_by(*_order_by(flt.order, pg=pg))
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        stmt = narrowing.narrowed(session, stmt, flt, ordered=True)
        claims = [] if stmt is None else list(session.exec(stmt))
        return rows_for(session, claims)


def rows_for(session: Session, claims: list[Claim]) -> list[ClaimRow]:
    """ClaimRows with appearances and outlets counted over each claim's whole cluster."""
    if not claims:
        return []
    ids = [c.id for c in claims]
    members = session.exec(
        select(Claim.id, Claim.canonical_id).where(col(Claim.canonical_id).in_(ids))
    ).all()
    cluster_of: dict[int, int] = {i: i for i in ids}
    for member_id, canonical_id in members:
        cluster_of[member_id] = canonical_id
    # Counted by the database, one row per claim and outlet: a row per appearance read a
    # claim seen 1,000,000 times into Python to show its row (12 s).
    appearance_rows = session.exec(
        select(Appearance.claim_id, Outlet.name, func.count())
        .join(Article, Article.id == Appearance.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
        .where(col(Appearance.claim_id).in_(list(cluster_of)))
        .group_by(Appearance.claim_id, Outlet.name)
    ).all()
    counts: dict[int, int] = {i: 0 for i in ids}
    outlets: dict[int, set[str]] = {i: set() for i in ids}
    for claim_id, outlet, n in appearance_rows:
        canonical = cluster_of[claim_id]
        counts[canonical] += n
        if outlet:
            outlets[canonical].add(outlet)
    pending: dict[int, int] = {i: 0 for i in ids}
    for a, b, state in session.exec(  # the state tested here: see PENDING_BY_IDS
        select(Match.claim_a_id, Match.claim_b_id, Match.state).where(
            or_(col(Match.claim_a_id).in_(ids), col(Match.claim_b_id).in_(ids)),
        )
    ).all():
        if state != "suggested":
            continue
        for side in (a, b):
            if side in pending:
                pending[side] += 1
    links = {c.id: evidence_or_damage(c.evidence, c.id) for c in claims}
    reviewed = {c.id: moment_or_damage(c.reviewed_at, links[c.id][1], c.id) for c in claims}
    return [
        ClaimRow(
            id=c.id,
            text=c.text,
            speaker=c.speaker,
            speaker_role=c.speaker_role,
            date=c.claim_date,
            date_precision=c.date_precision,
            status=c.status,
            verdict=c.verdict,
            checkworthiness=c.checkworthiness,
            claim_type=c.claim_type,
            appearances=counts[c.id],
            outlets=sorted(outlets[c.id]),
            external_id=c.external_id,
            verdict_note=c.verdict_note,
            evidence=links[c.id][0],
            damaged=reviewed[c.id][1],
            reviewer=c.reviewer,
            reviewed_at=reviewed[c.id][0],
            version=c.version,
            pending_suggestions=pending[c.id],
            priority=c.priority,
            checked_as=c.checked_as,
        )
        for c in claims
    ]


# PENDING_BY_IDS: the pending suggestions of given claims are found through the two id
# indexes of `match`, their state tested after (in Python, or counted). With `state` in the
# WHERE, SQLite without statistics walks the state index instead: every pending suggestion
# of the desk, for each claim shown.


def _row_extras_statement():
    """Built once (construction costs more than execution): appearances with outlets over
    each claim's cluster, and pending suggestions, for the ids in the expanding `ids`."""
    cl, ap, ar, ou, ma = (Claim.__table__, Appearance.__table__, Article.__table__, Outlet.__table__,
                          Match.__table__)
    ids = bindparam("ids", expanding=True)
    own = case((cl.c.id.in_(ids), cl.c.id), else_=cl.c.canonical_id)
    appearances = (  # counted per claim and outlet (y), as in rows_for
        sa_select(literal("a").label("kind"), own.label("x"), cast(func.count(), Integer).label("y"),
                  ou.c.name.label("outlet"))
        .select_from(ap.join(cl, cl.c.id == ap.c.claim_id).join(ar, ar.c.id == ap.c.article_id)
                     .outerjoin(ou, ou.c.id == ar.c.outlet_id))
        .where(or_(cl.c.id.in_(ids), cl.c.canonical_id.in_(ids)))
        .group_by(own, ou.c.name)
    )
    suggestions = (  # every match of the ids, its state in the last column: see PENDING_BY_IDS
        sa_select(literal("s"), ma.c.claim_a_id, ma.c.claim_b_id, ma.c.state)
        .where(or_(ma.c.claim_a_id.in_(ids), ma.c.claim_b_id.in_(ids)))
    )
    return union_all(appearances, suggestions)


_ROW_EXTRAS = _row_extras_statement()


OUTLET_SEP = "\x1f"  # between outlet names in row_extra_columns' aggregate


def row_extra_columns() -> list:
    """What a ClaimRow needs beyond the claim's own columns, as scalar subqueries correlated
    to the claim table (for a SELECT or UPDATE ... RETURNING on `claim`): the cluster's
    appearances counted (`x_appearances`), their outlets' names as one string (`x_outlets`:
    each name once; NULL when there are none) and the pending suggestions
    (`x_pending`). Read with `row_from_record`."""
    cl, ap, ar, ou, ma = (Claim.__table__, Appearance.__table__, Article.__table__, Outlet.__table__,
                          Match.__table__)
    member = cl.alias("member")
    cluster = (ap.join(member, member.c.id == ap.c.claim_id).join(ar, ar.c.id == ap.c.article_id)
               .outerjoin(ou, ou.c.id == ar.c.outlet_id))
    in_cluster = or_(member.c.id == cl.c.id, member.c.canonical_id == cl.c.id)
    count = (sa_select(func.count()).select_from(cluster).where(in_cluster)
             .correlate(cl).scalar_subquery().label("x_appearances"))
    names = (sa_select(ou.c.name.label("name")).select_from(cluster).where(in_cluster, ou.c.name.is_not(None))
             .group_by(ou.c.name).correlate(cl).subquery("names"))
    outlets = (  # each name once: one per appearance was a string of 1,000,000 for a claim seen so often
        sa_select(func.aggregate_strings(names.c.name, OUTLET_SEP)).select_from(names)
        .correlate(cl).scalar_subquery().label("x_outlets")
    )
    pending = (  # the state counted, not filtered on: see PENDING_BY_IDS
        sa_select(func.count(case((ma.c.state == "suggested", 1)))).select_from(ma)
        .where(or_(ma.c.claim_a_id == cl.c.id, ma.c.claim_b_id == cl.c.id))
        .correlate(cl).scalar_subquery().label("x_pending")
    )
    return [count, outlets, pending]


def row_from_record(r) -> ClaimRow:
    """A ClaimRow from a mapping of the claim's columns plus `row_extra_columns`."""
    names = r["x_outlets"].split(OUTLET_SEP) if r["x_outlets"] is not None else []
    return claim_row(r, appearances=r["x_appearances"], outlets=sorted({n for n in names if n}),
                     pending=r["x_pending"], reviewed_at=r["reviewed_at"])


def rows_from_records(conn, records: list) -> list[ClaimRow]:
    """`rows_for` from plain claim rows (mappings of the claim's columns), in one query.

    For write paths that already hold the claims' columns (set_status): the cluster's
    appearances with their outlets and the pending suggestions come back as one UNION ALL,
    instead of the three queries `rows_for` makes.
    """
    if not records:
        return []
    ids = [r["id"] for r in records]
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    outlets: dict[int, set[str]] = {i: set() for i in ids}
    pending: dict[int, int] = dict.fromkeys(ids, 0)
    for kind, x, y, outlet in conn.execute(_ROW_EXTRAS, {"ids": ids}):
        if kind == "a":
            counts[x] += y
            if outlet:
                outlets[x].add(outlet)
        elif outlet == "suggested":  # the match's state (see _row_extras_statement)
            for side in (x, y):
                if side in pending:
                    pending[side] += 1
    return [claim_row(r, appearances=counts[r["id"]], outlets=sorted(outlets[r["id"]]),
                      pending=pending[r["id"]], reviewed_at=r["reviewed_at"]) for r in records]


ROW_COLUMNS = ("id", "text", "speaker", "speaker_role", "claim_date", "date_precision", "status", "verdict",
               "checkworthiness", "claim_type", "external_id", "verdict_note", "evidence", "reviewer",
               "reviewed_at", "version", "priority", "checked_as")  # the claim columns rows_from_records reads


def load_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"claim {claim_id}: no such claim")
    return claim


def canonical_claim(session: Session, claim_id: int) -> Claim:
    """The claim that carries the verdict for `claim_id` (itself unless merged)."""
    claim = load_claim(session, claim_id)
    path = [claim_id]
    while claim.canonical_id is not None:
        if claim.canonical_id in path:  # a damaged store (hand-edited): followed, it never ends
            raise MergeCycle(claim_id, path[path.index(claim.canonical_id):])
        path.append(claim.canonical_id)
        claim = load_claim(session, claim.canonical_id)
    return claim


_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+")


def sentence_context(text: str, start: int, end: int, *, sentences: int = 1) -> tuple[str, int, int]:
    """The quote with up to `sentences` sentences either side, within its paragraph.

    Returns the snippet and where the quote sits inside it.
    """
    return _context_in(text, _paragraph_starts(text, start, end), start, end, sentences)


def _paragraph_starts(text: str, start: int, end: int) -> tuple[int, int, list[int]]:
    """The paragraph around text[start:end] and its sentence starts, as offsets into `text`."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return _sentences_of(text, para_start, len(text) if para_end < 0 else para_end)


def _sentences_of(text: str, para_start: int, para_end: int) -> tuple[int, int, list[int]]:
    return para_start, para_end, [para_start] + [m.end() for m in _SENTENCE_END.finditer(text, para_start, para_end)]


class _ContextReader:
    """`sentence_context` of many quotes, each article's line ends and each paragraph's
    sentences found once: a claim thousands of times in one long paragraph searched the
    paragraph again for each."""

    def __init__(self) -> None:
        self._newlines: dict[int, list[int]] = {}
        self._paragraphs: dict[tuple[int, int, int], tuple[int, int, list[int]]] = {}

    def context(self, article: Article, start: int, end: int) -> tuple[str, int, int]:
        text = article.text
        newlines = self._newlines.get(article.id)
        if newlines is None:
            newlines = self._newlines[article.id] = [m.start() for m in re.finditer("\n", text)]
        before = bisect.bisect_left(newlines, start)
        after = bisect.bisect_left(newlines, end)
        para_start = newlines[before - 1] + 1 if before else 0
        para_end = newlines[after] if after < len(newlines) else len(text)
        key = (article.id, para_start, para_end)
        if key not in self._paragraphs:
            self._paragraphs[key] = _sentences_of(text, para_start, para_end)
        return _context_in(text, self._paragraphs[key], start, end, 1)


def _context_in(text: str, paragraph: tuple[int, int, list[int]], start: int, end: int,
                sentences: int) -> tuple[str, int, int]:
    para_start, para_end, starts = paragraph
    at, past = bisect.bisect_right(starts, start), bisect.bisect_left(starts, end)
    left = starts[at - 1 - sentences] if at > sentences else para_start
    right = starts[past + sentences] if len(starts) - past > sentences else para_end
    snippet = text[left:right]
    lead = len(snippet) - len(snippet.lstrip())
    snippet = snippet.strip()
    return snippet, start - left - lead, end - left - lead


def claim_detail(db: Database, claim_id: int, *, most: tuple[int, int] | None = None) -> ClaimDetail:
    """The claim (its cluster's canonical claim) with every appearance and event of its
    cluster, or with `most` = (A, E) its first A appearances and last E events, and how many
    there are: the desk's detail pane shows 8 and 12, and read all 4,000 appearances of a
    claim seen 4,000 times to show them (the launch linear in appearances, hostile27)."""
    from claims.services.plain_list import kept_fields

    with db.session() as session:
        claim = canonical_claim(session, claim_id)
        member_ids = list(session.exec(select(Claim.id).where(Claim.canonical_id == claim.id)))
        cluster = [claim.id, *member_ids]
        in_cluster = col(Appearance.claim_id).in_(cluster)
        # The appearances without their articles, then each article once: joined, every
        # appearance's row carried its article's whole text (a claim 8,000 times in one 500 KB
        # page took 43 s to show).
        chosen = (select(Appearance).join(Article, Article.id == Appearance.article_id).where(in_cluster)
                  .order_by(col(Article.published), col(Article.id), col(Appearance.start)))
        apps = session.exec(chosen if most is None else chosen.limit(most[0])).all()
        articles = {
            article.id: (article, outlet)
            for article, outlet in session.exec(
                select(Article, Outlet)
                .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
                .where(col(Article.id).in_({app.article_id for app in apps}))
            )
        } if apps else {}
        rows = [(app, *articles[app.article_id]) for app in apps]
        contexts = _ContextReader()
        appearances = []
        for app, article, outlet in rows:
            context, qs, qe = contexts.context(article, app.start, app.end)
            appearances.append(
                AppearanceView(
                    id=app.id,
                    claim_id=app.claim_id,
                    article_id=article.id,
                    outlet=outlet.name if outlet else None,
                    article_title=article.title,
                    article_url=safe_url(article.url),
                    published=article.published,
                    quote=app.quote,
                    start=app.start,
                    end=app.end,
                    context=context,
                    context_quote_start=qs,
                    context_quote_end=qe,
                    speaker_mention=app.speaker_mention,
                    cue=app.cue,
                    date_text=app.date_text,
                    date_resolved=app.date_resolved,
                    date_precision=app.date_precision,
                )
            )
        of_cluster = col(Event.claim_id).in_(cluster)
        if most is None:
            events = session.exec(select(Event).where(of_cluster).order_by(col(Event.at), col(Event.id))).all()
            counts = (None, None)
        else:
            events = session.exec(select(Event).where(of_cluster).order_by(col(Event.at).desc(), col(Event.id).desc())
                                  .limit(most[1])).all()[::-1]
            counts = tuple(  # counted only where the first few may not be all
                session.exec(select(func.count()).select_from(table).where(where)).one() if len(got) == n else None
                for table, where, got, n in ((Appearance, in_cluster, apps, most[0]), (Event, of_cluster, events, most[1])))
        return ClaimDetail(
            claim=rows_for(session, [claim])[0],
            date_text=claim.date_text,
            members=member_ids,
            appearances=appearances,
            history=[event_view(e) for e in events],
            extra=kept_fields(claim.extra),
            appearance_count=counts[0],
            event_count=counts[1],
            withheld_evidence=withheld_links(claim.evidence),
        )


def event_view(e: Event) -> EventView:
    return EventView(
        id=e.id, at=e.at, reviewer=e.reviewer, claim_id=e.claim_id, action=e.action,
        field=e.field, old=_shown(e), new=_links_shown(e, e.new), note=e.note, batch=e.batch, undone=e.undone,
    )


def _shown(e: Event) -> str | None:
    """The undo of an import keeps the rows it removed in `old` (for redo): not for display."""
    if e.action == "undo" and e.field == "import" and e.old:
        return "(the removed rows, kept for redo)"
    return _links_shown(e, e.old)


def _links_shown(e: Event, value: str | None) -> str | None:
    """A change of evidence as shown: a link's user name and password (an older version stored
    them) hidden, as the claim's detail hides them (`withheld_links`)."""
    return hidden_credentials(value) if e.field == "evidence" and value else value


def list_articles(db: Database, *, limit: int = 500, offset: int = 0) -> list[ArticleRow]:
    with db.session() as session:
        n_claims = (
            select(Appearance.article_id, func.count(func.distinct(Appearance.claim_id)).label("n"))
            .group_by(Appearance.article_id)
            .subquery()
        )
        rows = session.exec(
            select(Article, Outlet.name, n_claims.c.n)
            .join(Outlet, Outlet.id == Article.outlet_id, isouter=True)
            .join(n_claims, n_claims.c.article_id == Article.id, isouter=True)
            .order_by(col(Article.published).desc(), col(Article.id).desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return [
            ArticleRow(
                id=a.id, title=a.title, outlet=outlet, url=safe_url(a.url), published=a.published,
                claims=n or 0, ingested_at=a.ingested_at, source=a.source,
            )
            for a, outlet, n in rows
        ]


def count_articles(db: Database) -> int:
    with db.session() as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def article_text(db: Database, article_id: int) -> tuple[ArticleRow, str, list[tuple[int, int, int]]]:
    """An article's stored text and the (start, end, claim id) of each claim in it."""
    with db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise NotFound(f"article {article_id}: no such article")
        outlet = session.get(Outlet, article.outlet_id) if article.outlet_id else None
        spans = session.exec(
            select(Appearance.start, Appearance.end, Appearance.claim_id)
            .where(Appearance.article_id == article_id)
            .order_by(col(Appearance.start))
        ).all()
        row = ArticleRow(
            id=article.id, title=article.title, outlet=outlet.name if outlet else None,
            url=safe_url(article.url), published=article.published, claims=len({s[2] for s in spans}),
            ingested_at=article.ingested_at, source=article.source,
        )
        return row, article.text, [tuple(s) for s in spans]


def parse_since_until(
    value: str | None, field: str, *, today: date | None = None, end: bool = False
) -> str | None:
    """A --since/--until value as an ISO date, year-month or year: typed as one, or as a
    phrase of date words read from today ("last Friday", "April 2024", "last week").
    ``end`` (for --until) takes a week's last day; a month or a year stays whole, and the
    filter keeps the dates inside it."""
    if value is None:
        return None
    try:
        iso, precision = read_typed_date(value, base=today or date.today())
    except ValueError as exc:  # its reason ("either way round", "'after' does not fit ...")
        raise ValueError(f"{field}: {exc} (use YYYY-MM-DD, YYYY-MM, YYYY or e.g. 'last Friday')") from None
    if precision == "week" and end:
        return (date.fromisoformat(iso) + timedelta(days=6)).isoformat()
    return iso


def check_since_until(since: str | None, until: str | None, since_field: str, until_field: str) -> None:
    """ValueError when no date lies from `since` to `until` (parsed ISO dates, months or
    years, as `parse_since_until` gives them): an empty listing would pass for no claims."""
    if since is None or until is None:
        return
    first = since + "-01-01"[len(since) - 4:] if len(since) < 10 else since
    last = until + "-12-31"[len(until) - 4:] if len(until) < 10 else until
    if first > last:
        raise ValueError(f"{since_field} {since} is after {until_field} {until}: no date lies between them")

"""The figures of the morning report, read from the store for one period (since -> now)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, cast, func, select

from claims.models import Appearance, Article, Claim, Event, Outlet, utcnow
from claims.services.repeats import POSSIBLE, REPEAT, Repeat, find_repeats
from claims.vocab import Status, Verdict
from db import Database

MIN_CHART_DAYS = 14  # the claims-per-day chart shows at least two weeks, for a sense of normal
# and at most a year: '--since 0001-01-01' drew a column for each of 739,000 days (an 86 MB
# page, 22 s), and its labels (month-day) would repeat after a year anyway
MAX_CHART_DAYS = 366


@dataclass(frozen=True, slots=True)
class TopRepeat:
    """A checked claim and how often it came back in the period."""

    claim_id: int
    claim: str
    verdict: str
    fact_check_url: str | None
    times: int
    outlets: list[str]
    latest: Repeat


@dataclass(frozen=True, slots=True)
class WorthChecking:
    claim_id: int
    text: str
    speaker: str | None
    outlet: str | None
    checkworthiness: float
    created_at: datetime


@dataclass(slots=True)
class MorningReport:
    since: datetime
    until: datetime
    since_text: str
    new_articles: int = 0
    new_claims: int = 0  # claims first seen in the period (not merged into known ones)
    known_again: int = 0  # claims of the period merged into claims known before
    verdicts_given: list[tuple[str, int]] = field(default_factory=list)  # verdict, claims given it
    repeats: list[Repeat] = field(default_factory=list)
    possible: list[Repeat] = field(default_factory=list)
    top_repeats: list[TopRepeat] = field(default_factory=list)
    worth_checking: list[WorthChecking] = field(default_factory=list)
    per_day: list[tuple[date, int]] = field(default_factory=list)  # claims created per (UTC) day
    labels: dict[str, str] = field(default_factory=dict)  # verdict -> its label in the settings

    @property
    def repeats_by_verdict(self) -> list[tuple[str, int]]:
        counts = Counter(r.verdict for r in self.repeats)
        return [(v.value, counts[v.value]) for v in Verdict if counts[v.value]]

    @property
    def repeats_by_outlet(self) -> list[tuple[str, int]]:
        counts = Counter(r.outlet or "(no outlet)" for r in self.repeats)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def label(self, verdict: str | None) -> str:
        return self.labels.get(verdict or "", (verdict or "").replace("_", " ").capitalize())

    def summary(self) -> str:
        given = sum(n for _, n in self.verdicts_given)
        return (f"{self.new_articles} new article(s), {self.new_claims} new claim(s), {given} verdict(s) given, "
                f"{len(self.repeats)} repeat(s), {len(self.possible)} possible repeat(s)")


def _day(column, dialect: str):
    """A timestamp column's UTC day, in SQL (grouped by the database, not read row by row)."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)  # SQLite keeps UTC text: its date() is the UTC day


def build_report(db: Database, *, since: datetime | None, since_text: str = "", top: int = 10,
                 until: datetime | None = None, settings=None) -> MorningReport:
    """Everything the report shows, for the period from `since` (default: a day ago) to now."""
    if settings is None:
        from claims.config import load_settings

        settings = load_settings()
    until = until or utcnow()
    since = (since or until - timedelta(days=1)).astimezone(UTC)
    report = MorningReport(since=since, until=until, since_text=since_text or since.isoformat(),
                           labels={v.value: settings.label(v.value) for v in Verdict})
    claim, article, event = Claim.__table__, Article.__table__, Event.__table__
    with db.session() as session:
        dialect = session.get_bind().dialect.name
        report.new_articles = session.execute(select(func.count()).select_from(article).where(
            article.c.ingested_at >= since, article.c.ingested_at <= until)).scalar() or 0
        fresh = (claim.c.created_at >= since) & (claim.c.created_at <= until)
        for merged, n in session.execute(select(claim.c.canonical_id.is_not(None), func.count())
                                         .where(fresh).group_by(claim.c.canonical_id.is_not(None))):
            if merged:
                report.known_again = n
            else:
                report.new_claims = n
        given = session.execute(
            select(event.c.new, func.count(func.distinct(event.c.claim_id)))
            .where(event.c.at >= since, event.c.at <= until, event.c.field == "verdict",
                   event.c.new.is_not(None), event.c.undone.is_(False))
            .group_by(event.c.new)).all()
        counts = dict(given)
        report.verdicts_given = [(v.value, counts[v.value]) for v in Verdict if counts.get(v.value)]
        found = find_repeats(session, since=since)
        report.repeats = [r for r in found if r.kind == REPEAT and r.found_at <= until]
        report.possible = [r for r in found if r.kind == POSSIBLE and r.found_at <= until][:top]
        report.top_repeats = _top(report.repeats, top)
        report.worth_checking = _worth_checking(session, since, until, top)
        two_weeks = until.date() - timedelta(days=MIN_CHART_DAYS - 1)
        first_day = max(min(since.date(), two_weeks), until.date() - timedelta(days=MAX_CHART_DAYS - 1))
        start = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
        day = _day(claim.c.created_at, dialect)
        rows = dict(session.execute(select(day, func.count()).where(
            claim.c.created_at >= start, claim.c.created_at <= until).group_by(day)).all())
    by_day = {(d if isinstance(d, date) else date.fromisoformat(str(d))): n for d, n in rows.items()}
    first_day = max(first_day, min([two_weeks, *by_day]))  # no empty days before the first claim
    days = (until.date() - first_day).days + 1
    report.per_day = [(first_day + timedelta(days=i), by_day.get(first_day + timedelta(days=i), 0))
                      for i in range(days)]
    return report


def _top(repeats: list[Repeat], top: int) -> list[TopRepeat]:
    """Checked claims by how often they came back (then the latest first)."""
    groups: dict[int, list[Repeat]] = {}
    for r in repeats:  # newest first already
        groups.setdefault(r.claim_id, []).append(r)
    ranked = sorted(groups.values(), key=lambda rs: (-len(rs), -rs[0].found_at.timestamp()))
    return [TopRepeat(rs[0].claim_id, rs[0].claim, rs[0].verdict, rs[0].fact_check_url, len(rs),
                      sorted({r.outlet for r in rs if r.outlet}), rs[0]) for rs in ranked[:top]]


def _worth_checking(session, since: datetime, until: datetime, top: int) -> list[WorthChecking]:
    """The period's new claims nobody has reviewed yet, most check-worthy first."""
    claim = Claim.__table__
    rows = session.execute(
        select(claim.c.id, claim.c.text, func.coalesce(claim.c.speaker, claim.c.speaker_role),
               claim.c.checkworthiness, claim.c.created_at)
        .where(claim.c.created_at >= since, claim.c.created_at <= until, claim.c.canonical_id.is_(None),
               claim.c.status == Status.UNVERIFIED.value)
        .order_by(claim.c.checkworthiness.desc(), claim.c.id.desc()).limit(top)).all()
    outlets: dict[int, str] = {}
    if rows:
        ids = [r[0] for r in rows]
        for cid, name in session.execute(
                select(Appearance.claim_id, Outlet.name).join(Article, Article.id == Appearance.article_id)
                .join(Outlet, Outlet.id == Article.outlet_id).where(Appearance.claim_id.in_(ids))
                .order_by(Appearance.id)):
            outlets.setdefault(cid, name)
    return [WorthChecking(cid, text, speaker, outlets.get(cid), round(float(worth), 2),
                          made if made.tzinfo else made.replace(tzinfo=UTC))
            for cid, text, speaker, worth, made in rows]

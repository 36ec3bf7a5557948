"""Polling watched sources: `claims watch run` (one pass) and `--forever` (on schedule).

A poll reads the source once, politely (robots.txt, the per-host pause, the fetch limits of
`claims.web`): an RSS or Atom document is a feed, whose new entries are ingested as
`claims ingest --feed` ingests them; an HTML page (or a text or HTML file) is a single page,
ingested when its text changed (the same text is the same article). Each article is one
transaction that also remembers its feed entry and renews the poller's lease
(`claims.services.watch`), so two pollers never store an entry twice. After each new article
the poller asks what it brought back (`repeats_in_article`), counts it in the status line and
hands each repeat to the `notify_command` (`claims.services.notify`), which never blocks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from claims.errors import ClaimsError
from claims.services import watch
from claims.services.notify import Notifier
from claims.services.repeats import POSSIBLE, REPEAT, Repeat, repeats_in_article
from claims.services.watch import LeaseLost, SourceView, describe_every
from db import Database

MAX_IDLE = 60.0  # --forever looks at the sources at least this often (others may add some)


@dataclass(slots=True)
class PollReport:
    """What one poll of one source did (or why it did not happen)."""

    source: SourceView
    ok: bool = True
    kind: str | None = None
    error: str | None = None  # the source could not be read: a failure, backed off
    skipped: str | None = None  # not polled: another poller holds it
    stopped: str | None = None  # the lease was lost mid-way: what was stored stays
    entries: int = 0
    articles: int = 0
    claims: int = 0
    already: int = 0  # entries whose article was stored already
    seen: int = 0  # entries read on an earlier poll
    left: int = 0  # new entries past the per-poll cap ([watch] max_entries): read on the next poll
    entry_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    after: SourceView | None = None  # the source once released (its next due time)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.repeats if r.kind == kind)

    def summary(self) -> str:
        """The outcome in a few words (kept in the database for `claims watch list`)."""
        if self.kind == "page":
            parts = [f"{self.articles} new version" if self.articles else "unchanged"]
        else:
            parts = [_n(self.entries, "entry", "entries"), _n(self.articles, "new article")]
        if self.articles:
            parts[-1] += f" ({_n(self.claims, 'claim')})"
        if self.already:
            parts.append(f"{self.already} already stored")
        if self.entry_errors:
            parts.append(f"{len(self.entry_errors)} failed")
        if self.left:
            parts.append(f"{self.left} new left for the next poll")
        for kind, word in ((REPEAT, "repeat"), (POSSIBLE, "possible repeat")):
            if self.count(kind):
                parts.append(_n(self.count(kind), word))
        return ", ".join(parts)

    def line(self) -> str:
        """The one-line status of the poll."""
        name = f"#{self.source.id} {self.source.source}"
        if self.skipped:
            return f"watch: {name}: skipped, {self.skipped}"
        if self.error:
            nxt = f"; next try {_when(self.after.next_due)}" if self.after else ""
            failures = self.after.failures if self.after else self.source.failures + 1
            times = "" if failures < 2 else f" ({failures} failures in a row, backing off)"
            return f"watch: {name}: failed: {self.error}{times}{nxt}"
        text = f"watch: {name}: {self.summary()}"
        if self.stopped:
            return f"{text}; stopped: {self.stopped}"
        if self.after:
            text += f"; next {_when(self.after.next_due)}"
        return text


def _n(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _when(at) -> str:
    return at.astimezone().strftime("%H:%M:%S") if at else "-"


class Poller:
    """Polls the sources of one database under one lease holder name."""

    def __init__(self, db: Database, *, holder: str | None = None, lease: float | None = None,
                 notifier: Notifier | None = None, check_repeats: bool = True, settings=None,
                 on_report: Callable[[PollReport], None] | None = None,
                 on_warning: Callable[[str], None] | None = None) -> None:
        if settings is None:
            from claims.config import load_settings

            settings = load_settings()
        self.db = db
        self.holder = holder or watch.new_holder()
        self.lease = float(lease or settings.watch_lease)
        # a feed's new entries one poll reads: a feed of 60,000 held its lease (and the poller) for hours
        self.max_entries = settings.watch_max_entries
        self.limits = settings.fetch_limits()
        self.notifier = notifier or Notifier(None)
        self.check_repeats = check_repeats
        self.on_report = on_report or (lambda report: None)
        self.on_warning = on_warning or (lambda line: None)
        self.repeat_seconds = 0.0  # time spent asking what each new article brought back

    # -- passes --------------------------------------------------------------------------------

    def run_pass(self, *, everything: bool = False, only: Sequence[int] | None = None,
                 stop: threading.Event | None = None) -> list[PollReport]:
        """Poll each due source (every source with `everything`, the ids of `only` whether due
        or not) that no other poller holds, once. Sources are taken one at a time, so pollers
        running side by side share the work."""
        force = everything or only is not None
        wanted = set(only) if only is not None else None
        done: set[int] = set()
        reports: list[PollReport] = []
        while stop is None or not stop.is_set():
            candidates = [s for s in watch.due_sources(self.db, watch.now(), everything=force)
                          if s.id not in done and (wanted is None or s.id in wanted)]
            taken = None
            for src in candidates:
                done.add(src.id)
                if watch.acquire(self.db, src.id, self.holder, ttl=self.lease, force=force):
                    taken = src
                    break
            if taken is None:
                break
            report = self.poll(taken)
            reports.append(report)
            self.on_report(report)
        at = watch.now()
        for src in watch.list_sources(self.db):  # say which due sources another poller holds
            due = force or src.next_due <= at
            if due and src.id not in done and (wanted is None or src.id in wanted) and src.leased(at):
                report = PollReport(source=src, ok=True, skipped=src.state(at))
                reports.append(report)
                self.on_report(report)
        if wanted:
            missing = wanted - {s.id for s in watch.list_sources(self.db)}
            if missing:
                raise ClaimsError(f"source {min(missing)}: no such watched source (see `claims watch list`)")
        return reports

    def forever(self, stop: threading.Event) -> None:
        """Poll on schedule until `stop` is set: a pass, then a wait until the next source is
        due (at most MAX_IDLE seconds, so sources added meanwhile are picked up)."""
        while not stop.is_set():
            self.run_pass(stop=stop)
            nxt = watch.next_due_at(self.db)
            wait = MAX_IDLE if nxt is None else (nxt - watch.now()).total_seconds()
            stop.wait(min(MAX_IDLE, max(0.2, wait)))

    # -- one source ----------------------------------------------------------------------------

    def poll(self, src: SourceView) -> PollReport:
        """Poll a source whose lease this poller holds, and give the lease back."""
        report = PollReport(source=src)
        try:
            self._poll(src, report)
        except LeaseLost as exc:
            report.stopped = str(exc)
            return report  # the poller that took over records the outcome
        except ClaimsError as exc:
            report.ok, report.error = False, str(exc)
        except BaseException:
            watch.drop_lease(self.db, src.id, self.holder)  # interrupted: free it for the next poller
            raise
        report.after = watch.release(self.db, src.id, self.holder, ok=report.ok, kind=report.kind,
                                     summary=report.summary() if report.ok else None, error=report.error,
                                     again=report.left > 0)
        if report.after is None:
            report.stopped = "another poller took it over"
        return report

    def _renew_in(self, session, source_id: int) -> None:
        watch.renew_in(session, source_id, self.holder, ttl=self.lease)

    def _poll(self, src: SourceView, report: PollReport) -> None:
        from claims.web.feeds import parse_feed

        data, url, charset = self._read(src)
        try:
            feed = parse_feed(data, source=src.source, base=url)
        except ClaimsError as not_a_feed:
            report.kind = "page"
            self._poll_page(src, report, data, url, charset, not_a_feed)
            return
        report.kind = "feed"
        self._poll_feed(src, report, feed)

    def _read(self, src: SourceView) -> tuple[bytes, str | None, str | None]:
        """The source's bytes (a URL fetched as a feed or a page), its final URL and charset."""
        from claims.links import is_http_url
        from claims.web.fetch import fetch_url

        if is_http_url(src.source):
            fetched = fetch_url(src.source, accept="feed", limits=self.limits, typed=True)
            return fetched.body, fetched.final_url, fetched.charset
        from claims.paths import read_regular_file
        from claims.web.feeds import MAX_FEED_BYTES

        # as `ingest --feed FILE` reads one: a named pipe put in its place was waited on forever
        return read_regular_file(src.source, limit=MAX_FEED_BYTES, what="feed or page file"), None, None

    def _poll_feed(self, src: SourceView, report: PollReport, feed) -> None:
        from claims.web.feeds import ingest_feed

        if feed.warning:
            report.warnings.append(f"{src.source}: {feed.warning}")

        def entry_done(outcome) -> None:
            if outcome.status == "added" and outcome.ingest:
                self._added(report, outcome.ingest)
            elif outcome.status == "already_stored":
                report.already += 1
            elif outcome.status == "failed":
                report.entry_errors.append(outcome.error)
                self.on_warning(f"{src.source}: {outcome.error}")
            for warning in outcome.ingest.warnings if outcome.ingest else ():
                self.on_warning(warning)

        result = ingest_feed(
            self.db, src.source, outlet=src.outlet, limits=self.limits, feed=feed, on_entry=entry_done,
            before_entry=lambda entry: watch.renew(self.db, src.id, self.holder, ttl=self.lease),
            in_transaction=lambda session, _article: self._renew_in(session, src.id), most=self.max_entries)
        report.entries = len(feed.entries)
        report.seen = result.count("seen")
        report.left = result.left

    def _poll_page(self, src: SourceView, report: PollReport, data: bytes, url: str | None,
                   charset: str | None, not_a_feed: ClaimsError) -> None:
        from claims.services.ingest import ingest_source
        from claims.sources import read_source
        from claims.web.fetch import FetchedPage, FetchError, check_kind
        from claims.web.pages import html_source

        if url is not None:
            try:
                check_kind(FetchedPage(src.source, url, "", charset, data), "html")
            except FetchError:
                raise ClaimsError(f"{src.source}: neither a feed ({not_a_feed}) nor a web page") from None
            page = html_source(data, source=src.source, url=url, charset=charset)
        else:
            page = read_source(src.source)
        report.entries = 1
        outcome = ingest_source(self.db, page, outlet=src.outlet,
                                in_transaction=lambda session, _article: self._renew_in(session, src.id))
        for warning in outcome.warnings:
            self.on_warning(warning)
        if outcome.article_id is not None:  # else the page has not changed: the same article
            self._added(report, outcome)

    def _added(self, report: PollReport, outcome) -> None:
        report.articles += 1
        report.claims += outcome.claims_added
        found = outcome.matches
        if not self.check_repeats or not found or not (found.duplicates or found.suggestions or found.conflicts):
            return  # a claim that matched nothing at ingest joined no cluster: it repeats nothing
        started = time.perf_counter()
        found = repeats_in_article(self.db, outcome.article_id)
        self.repeat_seconds += time.perf_counter() - started
        report.repeats.extend(found)
        for repeat in found:
            self.notifier.submit(repeat)


def describe_source(src: SourceView) -> str:
    return f"#{src.id} {src.source} every {describe_every(src.every)}"

"""RSS and Atom feeds: read the entries, ingest each new entry's page once.

A feed is named by its URL or a file path. Each entry is known by its id (guid), or its link
when it has none; an entry whose page was stored (or found already stored) is remembered in the
`feed_entry` table and never fetched again from that feed. A stored entry is remembered in its
article's own transaction, so an article is never stored without its entry being known (a
poller killed in between leaves neither). An entry that failed (a 404, a PDF, a page with no
text) is reported and not remembered, so the next run tries it again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims.dates import EARLIEST_PUBLISHED_YEAR, read_typed_date, two_digit_year
from claims.errors import ClaimsError, StopRun
from claims.limits import fitted
from claims.links import MAX_URL_CHARS, is_http_url, normal_url, refused_url
from claims.models import FeedEntry
from claims.paths import file_problem, os_name, path_text
from claims.services.ingest import InTransaction, ingest_source
from claims.services.views import IngestOutcome
from claims.web.feed_dates import dates_written_twice
from claims.web.fetch import DEFAULT_LIMITS, FetchLimits, fetch_url, make_client
from claims.web.pages import url_source
from db import Database
from db.errors import is_duplicate_key

MAX_FEED_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    index: int  # 1-based position in the feed, to name an entry that has no title
    key: str | None
    link: str | None
    title: str | None
    published: date | None
    author: str | None

    @property
    def name(self) -> str:
        label = f"entry {self.index}"
        if self.title:
            label += f" ({self.title[:60]!r})"
        return label


@dataclass(frozen=True, slots=True)
class Feed:
    source: str
    title: str | None
    entries: list[Entry]
    warning: str | None  # the feed was not well-formed but entries could still be read


@dataclass(slots=True)
class EntryOutcome:
    entry: Entry
    status: str  # "added", "already_stored", "seen" (skipped: read on an earlier run), "failed"
    ingest: IngestOutcome | None = None
    error: str | None = None


@dataclass(slots=True)
class FeedReport:
    feed: Feed
    outcomes: list[EntryOutcome] = field(default_factory=list)
    left: int = 0  # new entries past `most`, left unread for the next run

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def claims_added(self) -> int:
        return sum(o.ingest.claims_added for o in self.outcomes if o.status == "added" and o.ingest)

    def summary(self) -> str:
        added = [o for o in self.outcomes if o.status == "added"]
        claims = sum(o.ingest.claims_added for o in added if o.ingest)
        parts = [f"feed {self.feed.title or self.feed.source}: {len(self.feed.entries)} entries",
                 f"{len(added)} new article{'s' * (len(added) != 1)} ({claims} claims)"]
        if self.count("already_stored"):
            parts.append(f"{self.count('already_stored')} already stored")
        if self.count("seen"):
            parts.append(f"{self.count('seen')} seen before")
        if self.count("failed"):
            parts.append(f"{self.count('failed')} failed")
        if self.left:
            parts.append(f"{self.left} new entr{'ies' if self.left != 1 else 'y'} left for the next run")
        return "; ".join(parts)


def _entry_date(raw, twice: set[str] = frozenset()) -> date | None:
    """The entry's date as the feed wrote it, read as strictly as a header's `Published:`; a
    year before 1800 is none (Hugo dates an undated page 'Mon, 01 Jan 0001'), and so is a day
    past tomorrow (a scheduled post, a feed whose clock is wrong): the page's own date or none,
    not a failed entry. A feed's date only fills a gap; as a header's date it was refused 'in
    the future', the entry failed on every poll. feedparser's own reading (`published_parsed`)
    is not used: it mends what it cannot read ('2024-105' was 1 October, '2024-W15' and
    '2024-02-30' the 1st of the next month, '2024-04' its 1st, '2024-04-14 garbage 99' read
    as if the words were not there; hostile33b). The first date the entry writes (its
    publication, else its update or creation) is the one read: an update is no stand-in for a
    publication date that is none (`<published>2024-02-30</published>` beside
    `<updated>2024-05-01</updated>` dated the page 1 May; hostile34b). One written twice with
    other values (`twice`: two `<pubDate>`, of which feedparser keeps the last) dates nothing."""
    latest = date.today() + timedelta(days=1)  # where the outlet is, it may be tomorrow already
    for key in ("published", "updated", "created"):
        # `key in raw` first: feedparser's raw["updated"] of an entry without one is its
        # published again, with a DeprecationWarning (a fallback it will remove)
        written = raw[key] if key in raw and isinstance(raw[key], str) else ""
        if not written.strip():
            continue
        if key in twice:
            return None
        day = _written_day(written)
        if day is not None and day.year >= EARLIEST_PUBLISHED_YEAR and day <= latest:
            return day
        return None
    return None


# RFC 822's forms that a typed date does not take: a zone's name (`EST`, `PDT`, `UT`, `Z`) and a
# two-digit year (`Sun, 14 Apr 24 10:00:00 GMT`); each is written as RFC 2822 reads it and the
# whole is then read as any typed date (its weekday checked, its clock and offset real)
_RFC822_RE = re.compile(
    r"((?:(?:mon|tue|wed|thu|fri|sat|sun),\s*)?\d{1,2}\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+)(\d{2}|\d{4})"
    r"(\s+\d{2}:\d{2}(?::\d{2})?\s+)(ut|gmt|z|[ecmp][sd]t|[+-]\d{4})",
    re.IGNORECASE | re.ASCII,
)
_RFC822_ZONES = {"ut": "+0000", "gmt": "+0000", "z": "+0000", "est": "-0500", "edt": "-0400",
                 "cst": "-0600", "cdt": "-0500", "mst": "-0700", "mdt": "-0600", "pst": "-0800",
                 "pdt": "-0700"}
_WRITTEN_MAX = 200  # characters of an entry's date read; a longer text is no date


def _written_day(text: str) -> date | None:
    """The day of an entry's time as written (RSS's RFC 822 `Sun, 14 Apr 2024 20:00:00 -0500`,
    Atom's ISO `2024-04-14T20:00:00-05:00`), at its own offset, or None where it is no day
    read whole (`claims.dates.read_typed_date`, the reader of every typed date)."""
    text = " ".join(text.split())
    if not text or len(text) > _WRITTEN_MAX:
        return None
    rfc822 = _RFC822_RE.fullmatch(text)
    if rfc822:
        year = int(rfc822[2])
        if len(rfc822[2]) == 2:
            year = two_digit_year(year)
        zone = _RFC822_ZONES.get(rfc822[4].lower(), rfc822[4])
        text = f"{rfc822[1]}{year:04d}{rfc822[3]}{zone}"
    try:
        iso, precision = read_typed_date(text, base=None)
    except ValueError:
        return None
    return date.fromisoformat(iso) if precision == "day" else None


def parse_feed(data: bytes, *, source: str, base: str | None = None) -> Feed:
    """Entries of an RSS or Atom document, or ClaimsError when it is not a feed at all.

    `base` is the URL the feed was read from (after redirects): an entry's link relative to
    it (`/2026/03/story`, as many sites write them) is read as the page it names; it was an
    entry 'not an http(s) URL', failed on every poll."""
    import feedparser

    if not data.strip():
        raise ClaimsError(f"{source}: empty, not an RSS or Atom feed")
    # the type as a file of it is read (no header at all): what a server said was checked already.
    # No base is given to feedparser: it would resolve the entries' ids against it as well
    # (a guid `story-1` became `http://host/news/story-1`: every entry stored before was
    # fetched again, and an id changed whenever the feed moved); only the link is resolved.
    base = base if base and is_http_url(base) else None
    parsed = feedparser.parse(data, response_headers={"content-type": "application/xml"} if base else None)
    version = parsed.get("version") or ""
    raw_entries = list(parsed.get("entries") or [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not version and not raw_entries:
        why = f" ({_reason(problem)})" if problem else ""
        raise ClaimsError(f"{source}: not an RSS or Atom feed{why}")
    twice = dates_written_twice(data) if raw_entries else {}
    entries = []
    for i, raw in enumerate(raw_entries, start=1):
        link = (raw.get("link") or "").strip() or None
        if link and base:
            link = urljoin(base, link)  # a link relative to the feed; another scheme stays as it is
        key = (raw.get("id") or "").strip() or link
        title = " ".join((raw.get("title") or "").split()) or None
        entries.append(Entry(index=i, key=key, link=link, title=title,
                             published=_entry_date(raw, twice.get(i, frozenset())), author=raw.get("author") or None))
    feed_info = parsed.get("feed") or {}
    title = " ".join((feed_info.get("title") or "").split()) or None
    warning = f"not well-formed ({_reason(problem)}); read what could be read" if problem else None
    return Feed(source=source, title=title, entries=entries, warning=warning)


def _reason(exc) -> str:
    text = str(exc).strip() if exc is not None else ""
    return text.splitlines()[0] if text else type(exc).__name__


def read_feed(source: str, *, limits: FetchLimits = DEFAULT_LIMITS, client=None) -> Feed:
    if is_http_url(source):
        fetched = fetch_url(source, accept="feed", limits=limits, client=client, typed=True)
        return parse_feed(fetched.body, source=source, base=fetched.final_url)
    if "://" in source:  # a link that is none (a space, a password, 3,000 characters): not a file
        raise ClaimsError(f"{refused_url(source)}; give a feed file or an http(s) URL")
    path = Path(os_name(source))  # a watched file's name is stored as UTF-8 text
    if problem := file_problem(source, path, "feed file", missing="no such feed file"):
        raise ClaimsError(f"{problem} (give a feed file or an http(s) URL)")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise ClaimsError(f"{source}: larger than {MAX_FEED_BYTES // 2**20} MB, not a feed")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClaimsError(f"{source}: cannot read ({exc.strerror})") from None
    return parse_feed(data, source=source)


MAX_KEY = 2000  # feed_entry.entry_key


def stored_key(key: str) -> str:
    """An entry's key as `feed_entry` keeps it: a key longer than the column is cut, and ends
    in a digest of the whole, so it is still found next time (compared whole, a cut key never
    was: each such entry's page was fetched again on every poll) and two long keys that begin
    alike stay two."""
    return fitted(key, MAX_KEY)


def feed_key(source: str) -> str:
    """The name a feed's entries are remembered under (`feed_entry.feed`): a URL in its one
    form (`normal_url`, as `watch add` stores it), a file as its absolute path, so that
    `ingest --feed HTTP://News.example/rss` and the watched `http://news.example/rss` share
    what they remember. What was remembered under the form given before is read too."""
    value = source.strip()
    if is_http_url(value):
        normal = normal_url(value)  # escapes may make it longer than the column: then as given
        return fitted(normal if len(normal) <= MAX_URL_CHARS else value)
    path = Path(os_name(value))
    # stored as text: a file name that is not UTF-8 has its bytes written \\xNN (`path_text`);
    # a path of more than 2,000 characters cut as the column keeps it
    return fitted(path_text(path.resolve()) if path.is_file() else path_text(value))


def earlier_file_keys(source: str, key: str) -> list[str]:
    """The other names a local feed's entries were remembered under: the path as given, and
    the form `path_text` wrote before 0179e81 (`os.fsencode(v).decode('utf-8',
    'backslashreplace')`, of the path as given and of its absolute path), which differs from
    today's for a path holding a literal `\\x` or a non-UTF-8 name holding a backslash: such
    a feed forgot what it had seen and fetched every entry's page again. An old form that
    today names another existing file (`caf\\xe9` in letters, whose old form is the key of
    the file holding the byte 0xe9) is not read: the two feeds' entries stay apart."""
    value = source.strip()
    if is_http_url(value):
        return []
    path = Path(os_name(value))
    forms = {path_text(value)}
    for given in (os_name(value), str(path.resolve())) if path.is_file() else (os_name(value),):
        old = os.fsencode(given).decode("utf-8", "backslashreplace")
        if not _names_another_file(old, path):
            forms.add(old)
    forms.discard(key)
    return sorted(forms)


_WRITTEN = re.compile(r"\\\\|\\x([0-9a-f]{2})|\\")


def _names_another_file(text: str, path: Path) -> bool:
    """Whether `text`, read as `path_text` writes a name today (a backslash doubled, a byte
    that is not UTF-8 as \\xNN), names an existing file other than `path`."""
    if "\\" not in text:
        return False  # then it is the name itself, as today
    parts: list[bytes] = []
    pos = 0
    for found in _WRITTEN.finditer(text):
        if found[0] == "\\":  # a lone backslash: no name today writes this text
            return False
        parts += [os.fsencode(text[pos:found.start()]), b"\\" if found[1] is None else bytes([int(found[1], 16)])]
        pos = found.end()
    named = b"".join([*parts, os.fsencode(text[pos:])])
    try:
        return os.path.exists(named) and not (path.exists() and os.path.samefile(named, path))
    except OSError:
        return False


def seen_keys(db: Database, feed: str) -> set[str]:
    """The entry keys remembered for `feed` (its `feed_key`) under any form of its name: an
    older version remembered a URL as given ('HTTP://News.example/rss'), or in a one form
    since widened ('/a|b', now '/a%7Cb'), and a watched source polled under the one form
    read none of them, so each entry's page was fetched and stored again. Feeds are few."""
    with db.session() as session:
        names = [feed] + [name for name in session.exec(select(FeedEntry.feed).distinct())
                          if name != feed and is_http_url(name) and feed_key(name) == feed]
        return set(session.exec(select(FeedEntry.entry_key).where(col(FeedEntry.feed).in_(names))))


def remember(db: Database, feed: str, entry: Entry, article_id: int | None) -> None:
    try:
        with db.session() as session:
            remember_in(session, feed, entry, article_id)
    except IntegrityError as exc:
        if not is_duplicate_key(exc):  # a desk's own trigger or CHECK refusing it: not "the same outcome"
            raise
        # another run remembered it meanwhile: the same outcome


def remember_in(session: Session, feed: str, entry: Entry, article_id: int | None) -> None:
    """Remember an entry inside the caller's transaction (unless it is remembered already)."""
    key = stored_key(entry.key)
    known = session.exec(select(FeedEntry.id).where(FeedEntry.feed == feed, FeedEntry.entry_key == key)).first()
    if known is None:
        session.add(FeedEntry(feed=feed, entry_key=key, link=entry.link, article_id=article_id))
        session.flush()


def ingest_feed(
    db: Database,
    source: str,
    *,
    outlet: str | None = None,
    limits: FetchLimits | None = None,
    on_start: Callable[[Feed, int], None] | None = None,
    on_entry: Callable[[EntryOutcome], None] | None = None,
    feed: Feed | None = None,
    before_entry: Callable[[Entry], None] | None = None,
    in_transaction: InTransaction | None = None,
    most: int | None = None,
) -> FeedReport:
    """Ingest the page of every entry not seen before; one article, one transaction each.

    A broken entry (no link, a link that is not http(s), a page that cannot be read) is
    reported by name and the others go on. Without `limits`, the settings file's [web] apply.
    A `feed` already read is not read again. A poller's hooks: `before_entry` runs before
    each entry's page is fetched, and `in_transaction` inside each new article's transaction;
    a `StopRun` raised by either stops the feed there (the article in hand is not stored).
    With `most`, at most that many new entries are read (in the feed's order); the others are
    counted in `left`, not remembered, so the next run reads them.
    """
    if limits is None:
        from claims.config import load_settings

        limits = load_settings().fetch_limits()
    with make_client(limits) as client:
        feed = feed or read_feed(source, limits=limits, client=client)
        report = FeedReport(feed=feed)
        key = feed_key(source)
        seen = seen_keys(db, key).union(*(seen_keys(db, earlier) for earlier in earlier_file_keys(source, key)))
        todo = []
        for entry in feed.entries:
            if entry.key and stored_key(entry.key) in seen:
                report.outcomes.append(EntryOutcome(entry, "seen"))
            else:
                todo.append(entry)
        if most is not None and len(todo) > most:
            todo, report.left = todo[:most], len(todo) - most
        if on_start:
            on_start(feed, len(todo))
        read: dict[str, int] = {}  # a link read on this run -> its article
        for entry in todo:
            if before_entry is not None:
                before_entry(entry)
            if entry.link in read:  # entries sharing a page: fetched once, not once each
                outcome = _read_already(db, key, entry, read[entry.link])
            else:
                outcome = _ingest_entry(db, key, feed, entry, outlet=outlet, limits=limits, client=client,
                                        in_transaction=in_transaction)
                if outcome.ingest is not None and (article := outcome.ingest.article_id or outcome.ingest.duplicate_of):
                    read[entry.link] = article
            report.outcomes.append(outcome)
            if on_entry:
                on_entry(outcome)
    report.outcomes.sort(key=lambda o: o.entry.index)
    return report


def _read_already(db: Database, source: str, entry: Entry, article_id: int) -> EntryOutcome:
    """An entry linking to a page an earlier entry of this run stored (or found stored): a
    feed of 200 entries all linking to one page fetched it 200 times, a second each (the
    pause between requests to one site), to find it stored 199 times."""
    remember(db, source, entry if entry.key else replace(entry, key=entry.link), article_id)
    return EntryOutcome(entry, "already_stored", ingest=IngestOutcome(source=entry.link, duplicate_of=article_id))


def _ingest_entry(db: Database, source: str, feed: Feed, entry: Entry, *, outlet, limits, client,
                  in_transaction: InTransaction | None = None) -> EntryOutcome:
    if not entry.link:
        return EntryOutcome(entry, "failed", error=f"{entry.name}: has no link to an article")
    if not is_http_url(entry.link):
        return EntryOutcome(entry, "failed", error=f"{entry.name}: link {entry.link!r} is not an http(s) URL")
    try:
        src = url_source(entry.link, limits=limits, client=client)
        header = dict(src.header)
        # What the page says wins; the feed fills the gaps (many pages carry no date markup).
        if entry.published and not header.get("published"):
            header["published"] = entry.published.isoformat()
        if entry.title and not header.get("title"):
            header["title"] = entry.title
        if entry.author and not header.get("author"):
            header["author"] = entry.author
        if feed.title and not header.get("outlet"):
            header["outlet"] = feed.title
        src = replace(src, header=header)
    except ClaimsError as exc:
        return EntryOutcome(entry, "failed", error=f"{entry.name}: {exc}")
    key_entry = entry if entry.key else replace(entry, key=entry.link)

    def stored(session: Session, article_id: int) -> None:
        remember_in(session, source, key_entry, article_id)
        if in_transaction is not None:
            in_transaction(session, article_id)

    try:
        result = ingest_source(db, src, outlet=outlet, in_transaction=stored)
    except StopRun:
        raise
    except ClaimsError as exc:
        return EntryOutcome(entry, "failed", error=f"{entry.name}: {exc}")
    if result.duplicate_of is not None:
        remember(db, source, key_entry, result.duplicate_of)
        return EntryOutcome(entry, "already_stored", ingest=result)
    return EntryOutcome(entry, "added", ingest=result)



def forget_feed(db: Database, feed: str) -> int:
    """Forget what a feed has shown (its entries will be read again next time)."""
    with db.session() as session:
        rows = list(session.exec(select(FeedEntry).where(col(FeedEntry.feed) == feed)))
        for row in rows:
            session.delete(row)
        return len(rows)

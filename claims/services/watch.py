"""Watched sources in the database: adding, listing, removing, and the poller's lease.

A source is a feed or a single page, by URL or file path, polled every `every` seconds by
`claims watch run` (`claims.services.watch_run`). Several pollers may run on one database
(cron on two machines, a `--forever` poller and a manual run): each source is worked on by
one of them at a time, the holder of its **lease**:

- taking it is one conditional UPDATE, atomic on SQLite and PostgreSQL alike:
  `SET lease_holder = me, lease_expires = now + ttl WHERE id = :id AND next_due <= now AND
  (lease_holder IS NULL OR lease_expires < now OR lease_holder = me)`; one row changed means
  it is ours;
- the holder renews it before each page it fetches and inside each article's ingest
  transaction (`UPDATE ... WHERE lease_holder = me`): when that changes no row the lease was
  taken over (the poll outran it), and the article's transaction rolls back, so an entry is
  never stored by two pollers;
- a poller that crashed leaves its lease to expire; the next poller takes the source over
  and starts with the entries the crashed one had not stored.

A poll that fails (the feed cannot be fetched or read) backs off: the next try waits
`every * 2^(failures - 1)`, at most `MAX_BACKOFF`, and `claims watch list` says why.
Times come from this module's `now`, looked up at each use, so tests move the clock.
"""

from __future__ import annotations

import os
import re
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from claims.errors import ClaimsError, NotFound, StopRun
from claims.limits import MAX_LEN, check_length, visible_name
from claims.models import WatchSource
from claims.paths import (
    file_problem,
    is_utf8_name,
    path_text,
    refuse_blank,
    side_file_problem,
    typed_path,
)
from db import Database
from db.errors import is_duplicate_key

DEFAULT_EVERY = 30 * 60  # seconds between polls
DEFAULT_LEASE = 5 * 60  # seconds a poller holds a source without renewing it
MAX_BACKOFF = 24 * 3600  # the longest wait after failures
MAX_EVERY = 365 * 86400  # the longest time between polls



def now() -> datetime:
    """The time leases and schedules are read against (tests replace this function)."""
    return datetime.now(UTC)


_table = WatchSource.__table__

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}  # largest first, the order a duration is written in
# ASCII digits: `\d` took '٣٠m' and '３０m'
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)([smhd])")


def parse_every(text: str, *, field: str = "--every") -> int:
    """'30m', '2h', '1h30m', '1d', '45s' as seconds; anything else is a ClaimsError. Each unit
    once, largest first: '1h1h' was 2h and '30m1h' 1h30m. An upper-case M is refused, not read
    as minutes: `--every 1M` meant as a month polled a site every minute."""
    value = "".join(str(text).split())
    if "M" in value:
        raise ClaimsError(f"{field}: {text!r} is not a duration (m is minutes; for a month write 30d)")
    value = value.lower()
    parts = _DURATION.findall(value)
    order = [list(_UNITS).index(u) for _, u in parts]
    if not value or "".join(f"{n}{u}" for n, u in parts) != value or order != sorted(set(order)):
        raise ClaimsError(f"{field}: {text!r} is not a duration (use e.g. 30m, 2h, 1h30m, 1d, 45s: "
                          "each unit once, largest first)")
    total = sum(float(n) * _UNITS[u] for n, u in parts)  # inf for a number of 400 digits
    if total > MAX_EVERY:  # 99999999999d was stored, and the poll after it ran past year 9999
        raise ClaimsError(f"{field}: {text!r} is longer than a year (365d, the longest)")
    seconds = round(total)
    if seconds < 1:
        raise ClaimsError(f"{field}: {text!r} is shorter than a second")
    return seconds


def describe_every(seconds: int) -> str:
    out = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            n, seconds = divmod(seconds, size)
            out.append(f"{n}{unit}")
    return "".join(out) or "0s"


def new_holder() -> str:
    """This poller's name in a lease: host, process and a random tag (pids are reused)."""
    return f"{visible_name(socket.gethostname()) or 'host'}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def backoff(every: int, failures: int) -> int:
    """Seconds to wait after `failures` failed polls in a row (0: on schedule)."""
    if failures <= 0:
        return every
    return int(min(every * 2 ** min(failures - 1, 30), max(MAX_BACKOFF, every)))


class LeaseLost(StopRun):
    """Another poller took the source over (this one outran its lease); it stops there."""


@dataclass(frozen=True, slots=True)
class SourceView:
    id: int
    source: str
    kind: str | None
    outlet: str | None
    every: int
    added_by: str
    added_at: datetime
    next_due: datetime
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    failures: int
    last_error: str | None
    last_summary: str | None
    lease_holder: str | None
    lease_expires: datetime | None

    def leased(self, at: datetime) -> bool:
        return self.lease_holder is not None and self.lease_expires is not None and self.lease_expires >= at

    def state(self, at: datetime) -> str:
        """What `claims watch list` says about it: polling, failing and why, or how it went."""
        if self.leased(at):
            return f"being polled by {self.lease_holder} (lease until {_local(self.lease_expires)})"
        if self.failures:
            times = "once" if self.failures == 1 else f"{self.failures} times in a row"
            return f"failing ({times}, backing off): {self.last_error}"
        if self.last_polled_at is None:
            return "not polled yet"
        return f"ok: {self.last_summary}" if self.last_summary else "ok"

    def to_record(self, at: datetime) -> dict:
        return {
            "id": self.id, "source": self.source, "kind": self.kind, "outlet": self.outlet,
            "every": describe_every(self.every), "next_due": self.next_due, "last_polled_at": self.last_polled_at,
            "last_ok_at": self.last_ok_at, "failures": self.failures, "last_error": self.last_error,
            "last_summary": self.last_summary, "lease_holder": self.lease_holder if self.leased(at) else None,
            "last_poll": self.state(at),
        }


def _local(when: datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S") if when else "-"


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _view(row) -> SourceView:
    m = row._mapping if hasattr(row, "_mapping") else row
    return SourceView(**{f: _aware(m[f]) if isinstance(m[f], datetime) else m[f]
                         for f in SourceView.__dataclass_fields__})


def normalise_source(source: str) -> str:
    """A URL in its one form (`normal_url`: 'HTTP://Example.com/feed#top' is
    'http://example.com/feed'); a file as its absolute path (cron runs elsewhere). Refuses
    the rest."""
    from claims.links import is_http_url, normal_url, refused_url

    refuse_blank(source, "watch add")  # Path('') is the current folder
    value = source.strip()
    if is_http_url(value):
        from claims.web.fetch import unfetchable

        if why := unfetchable(normal := normal_url(value)):
            raise ClaimsError(f"{value}: claims cannot fetch this address ({why}); watch it under "
                              "another name of the site, or save its feed to a file")
        return normal
    if "://" in value:
        raise ClaimsError(f"{refused_url(value)}; give a feed or page URL, or a file")
    path = typed_path(value)
    if not is_utf8_name(path):  # kept, and shown in `watch list`, as text
        raise ClaimsError(f"{path_text(value)}: the file name is not UTF-8 text; rename it (or serve it "
                          "by http) to watch it")
    try:
        if problem := file_problem(value, path, "feed file"):
            raise ClaimsError(f"{problem} (give a feed or page URL, or a feed file)")
        with open(path, "rb") as fh:  # one the user may not read (chmod 000) failed each poll instead
            start = fh.read(16)
    except OSError as exc:
        raise ClaimsError(f"{value}: {exc.strerror or exc}") from None
    if start == b"SQLite format 3\x00" or side_file_problem(path):
        # `watch add desk.db` (the desk itself, or a backup) was taken, and failed each poll
        raise ClaimsError(f"{value}: is an SQLite database (a desk or a backup) or a side file of one, "
                          "not a feed (give a feed or page URL, or a feed file)")
    # as text (under a C locale Python holds a UTF-8 name's bytes as surrogates, which no
    # database takes: a traceback); `read_feed` opens it by that text's bytes
    return path_text(path.resolve())


def add_source(db: Database, source: str, *, every: int = DEFAULT_EVERY, outlet: str | None = None,
               reviewer: str) -> SourceView:
    """Watch a source; it is due at once. A source watched already is refused, naming it."""
    value = normalise_source(source)
    # Stored in its one form, unless percent-encoding made that too long for the column (a path
    # of 700 'é' is 4,200 characters encoded): then as typed, as `ingest --feed` keeps it; a
    # second spelling is still found by the one form (`_watched_as`).
    stored = value if len(value) <= 2000 else source.strip()
    if len(stored) > 2000:
        raise ClaimsError(f"{stored[:60]}…: longer than 2000 characters")
    # as `ingest --outlet` takes it: each article the source brings is stored with it (a name of
    # invisible characters alone is none: it was stored, shown as '(outlet \u200b)': hostile32)
    outlet = visible_name(check_length(outlet, "--outlet", MAX_LEN["outlet"], name=True)) if outlet else None
    same = _watched_as(db, value)
    if same is not None:
        raise _already_watched(source, *same)
    at = now()
    try:
        with db.session() as session:
            row = WatchSource(source=stored, outlet=outlet or None, every=every,
                              added_by=visible_name(reviewer) or reviewer, added_at=at, next_due=at)
            session.add(row)
            session.flush()
            new_id = row.id
            _logged(session, WATCH_ADD, row.added_by, new_id, new=stored,
                    settings=f"every {describe_every(every)}" + (f", outlet {outlet}" if outlet else ""))
    except IntegrityError as exc:
        if not is_duplicate_key(exc):  # a trigger's refusal, a CHECK: the database's own words
            raise
        with db.session() as session:
            known = session.execute(select(_table.c.id).where(_table.c.source == stored)).scalar()
        raise _already_watched(source, known, stored) from None
    return get_source(db, new_id)


def _already_watched(given: str, source_id: int, stored: str) -> ClaimsError:
    given = given.strip()
    as_stored = "" if given == stored else f", as {stored}"
    return ClaimsError(f"{given}: already watched{as_stored} (source {source_id})")


def _watched_as(db: Database, value: str) -> tuple[int, str] | None:
    """The source (id, as stored) that `value` (normalised) is: one stored in its own form
    by an older version ('HTTP://Example.com/feed') too. Sources are few: all are read."""
    from claims.links import is_http_url, normal_url

    if "://" not in value:  # (not is_http_url: a one form past 2,000 characters is one too)
        return None  # a file: its absolute path is its one form
    with db.session() as session:
        for source_id, stored in session.execute(select(_table.c.id, _table.c.source).order_by(_table.c.id)):
            if stored == value or (is_http_url(stored) and normal_url(stored) == value):
                return source_id, stored
    return None


def get_source(db: Database, source_id: int) -> SourceView:
    with db.session() as session:
        row = session.execute(select(_table).where(_table.c.id == source_id)).first()
    if row is None:
        raise NotFound(f"source {source_id}: no such watched source (see `claims watch list`)")
    return _view(row)


def list_sources(db: Database) -> list[SourceView]:
    with db.session() as session:
        return [_view(r) for r in session.execute(select(_table).order_by(_table.c.id))]


def same_source_warnings(rows: Iterable[tuple[int, str]]) -> list[str]:
    """Warnings naming the watched sources (id, source) that are one URL written in ways an
    older version stored apart ('HTTP://Example.com/feed' and 'http://example.com/feed#top'):
    each is polled, so the feed is read twice. `watch add` refuses such a second form now;
    the rows stored before are left to the user, who knows which outlet and schedule to keep."""
    from claims.links import is_http_url, normal_url

    groups: dict[str, list[int]] = {}
    for source_id, source in rows:
        if is_http_url(source):
            groups.setdefault(normal_url(source), []).append(source_id)
    warnings = []
    for url, ids in groups.items():
        if len(ids) > 1:
            listed = ", ".join(map(str, ids[:-1])) + f" and {ids[-1]}"
            extra = ", ".join(f"`claims watch remove {i}`" for i in ids[1:])
            warnings.append(f"watched sources {listed} are one URL ({url}), which each pass reads "
                            f"{len(ids)} times: keep one ({extra})")
    return warnings


def remove_source(db: Database, source_id: int, *, reviewer: str) -> SourceView:
    """Stop watching a source. The entries it brought stay (and stay remembered, so watching
    it again does not read them again). A poller working on it stops at its next renewal."""
    view = get_source(db, source_id)
    with db.session() as session:
        gone = session.execute(_table.delete().where(_table.c.id == source_id)).rowcount
        if not gone:  # removed by someone else since it was read
            raise NotFound(f"source {source_id}: no such watched source (see `claims watch list`)")
        _logged(session, WATCH_REMOVE, visible_name(reviewer) or reviewer, source_id, old=view.source,
                settings=f"every {describe_every(view.every)}" + (f", outlet {view.outlet}" if view.outlet else ""))
    return view


# Watching is in the audit log (`claims history`), as `--reviewer` says: who started or stopped
# polling what. No claim field changes, so `claims undo` passes these by (`UNDOABLE_EXCLUDE`).
WATCH_ADD, WATCH_REMOVE = "watch-add", "watch-remove"


def _logged(session: Session, action: str, reviewer: str, source_id: int, *, settings: str,
            old: str | None = None, new: str | None = None) -> None:
    from claims.services.audit import new_batch, record

    record(session, batch=new_batch(), reviewer=reviewer, action=action, field="source", old=old, new=new,
           note=f"source {source_id}, {settings}")


def due_sources(db: Database, at: datetime, *, everything: bool = False) -> list[SourceView]:
    """Sources due (or all with `everything`) that no live lease holds, earliest due first."""
    free = or_(_table.c.lease_holder.is_(None), _table.c.lease_expires < at)
    cond = free if everything else and_(free, _table.c.next_due <= at)
    with db.session() as session:
        rows = session.execute(select(_table).where(cond).order_by(_table.c.next_due, _table.c.id))
        return [_view(r) for r in rows]


def next_due_at(db: Database) -> datetime | None:
    """When the next source falls due (a lease running out counts: its source may be taken over)."""
    with db.session() as session:
        due = session.execute(select(_table.c.next_due, _table.c.lease_expires)).all()
    times = [max(_aware(d), _aware(e)) if e is not None else _aware(d) for d, e in due]
    return min(times) if times else None


# -- the lease ---------------------------------------------------------------------------------


def acquire(db: Database, source_id: int, holder: str, *, ttl: float, force: bool = False) -> bool:
    """Take the source's lease if it is free, expired or ours (and, unless `force`, the source
    is due): one atomic UPDATE. True when this poller now holds it."""
    at = now()
    cond = [_table.c.id == source_id,
            or_(_table.c.lease_holder.is_(None), _table.c.lease_expires < at, _table.c.lease_holder == holder)]
    if not force:
        cond.append(_table.c.next_due <= at)
    with db.session() as session:
        changed = session.execute(update(_table).where(*cond).values(
            lease_holder=holder, lease_expires=at + timedelta(seconds=ttl))).rowcount
    return changed == 1


def renew_in(session: Session, source_id: int, holder: str, *, ttl: float) -> None:
    """Renew the lease inside the caller's transaction; LeaseLost (roll it back) if not ours."""
    changed = session.execute(update(_table).where(_table.c.id == source_id, _table.c.lease_holder == holder)
                              .values(lease_expires=now() + timedelta(seconds=ttl))).rowcount
    if changed != 1:
        raise LeaseLost(f"source {source_id}: another poller took it over (or it was removed); "
                        "this poll stopped")


def renew(db: Database, source_id: int, holder: str, *, ttl: float) -> None:
    with db.session() as session:
        renew_in(session, source_id, holder, ttl=ttl)


def release(db: Database, source_id: int, holder: str, *, ok: bool, kind: str | None = None,
            summary: str | None = None, error: str | None = None, again: bool = False) -> SourceView | None:
    """Give the lease back with the poll's outcome and the next time the source is due (on
    schedule after a success, backed off after a failure; at once, behind the sources already
    due, when `again`: its new entries past the per-poll cap are still to read). None when the
    lease was no longer ours (nothing is written then: the poller that took over records its
    own outcome)."""
    at = now()
    with db.session() as session:
        row = session.execute(select(_table).where(_table.c.id == source_id, _table.c.lease_holder == holder)
                              ).first()
        if row is None:
            return None
        failures = 0 if ok else row.failures + 1
        values = {"lease_holder": None, "lease_expires": None, "last_polled_at": at, "failures": failures,
                  "next_due": at if again and ok else at + timedelta(seconds=backoff(row.every, failures))}
        if kind:
            values["kind"] = kind
        if ok:
            values.update(last_ok_at=at, last_summary=summary, last_error=None)
        else:
            values["last_error"] = error
        session.execute(update(_table).where(_table.c.id == source_id, _table.c.lease_holder == holder)
                        .values(**values))
    return get_source(db, source_id)


def drop_lease(db: Database, source_id: int, holder: str) -> None:
    """Let go without a poll outcome (interrupted): the source stays due for the next poller."""
    with db.session() as session:
        session.execute(update(_table).where(_table.c.id == source_id, _table.c.lease_holder == holder)
                        .values(lease_holder=None, lease_expires=None))

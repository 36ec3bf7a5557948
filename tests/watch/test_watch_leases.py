"""Leases: one poller per source at a time, an entry stored once, a crashed poller taken over.

The in-process tests move a fake clock (no waiting); the subprocess tests run real `claims
watch run` processes side by side and kill one with SIGKILL, waiting on conditions (a
request reaching the server, a row in the database), never on the clock.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import func, select

from claims.models import Article, FeedEntry, WatchSource
from claims.services import watch
from claims.services.watch_run import Poller
from db import Database
from tests.conftest import CLAIMS_BIN

from .site import filler
from .util import count, wait_for


def _entries(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return sorted(s.exec(select(FeedEntry.feed, FeedEntry.entry_key)).all())


def test_the_lease_is_taken_atomically_and_expires(db, site, watch_clock):
    src = watch.add_source(db, site.web.url("/courier.xml"), reviewer="ana")
    assert watch.acquire(db, src.id, "A", ttl=60)
    assert not watch.acquire(db, src.id, "B", ttl=60)  # held
    assert watch.acquire(db, src.id, "A", ttl=60)  # ours: renewed
    watch_clock.advance(61)
    assert watch.acquire(db, src.id, "B", ttl=60)  # expired: taken over
    with pytest.raises(watch.LeaseLost, match="another poller took it over"):
        watch.renew(db, src.id, "A", ttl=60)
    assert watch.release(db, src.id, "A", ok=True) is None  # not ours: nothing written
    after = watch.release(db, src.id, "B", ok=True, kind="feed", summary="fine")
    assert after.lease_holder is None and after.last_summary == "fine"
    assert not watch.acquire(db, src.id, "A", ttl=60)  # polled: not due until its next time


def test_a_poller_that_outran_its_lease_stores_nothing_twice(db, site, watch_clock):
    """A is fetching entry 2 when its lease runs out and B takes the source over: A's article
    transaction finds the lease gone and rolls back; B stores entries 2-4; each entry once."""
    src = watch.add_source(db, site.web.url("/courier.xml"), reviewer="ana")
    for n in (2, 3, 4):
        site.story("/courier.xml", f"s{n}", f"Story {n}", filler(2, f"topic{n}"))
    site.feeds["/courier.xml"].reverse()  # oldest first: the levee story, then entry 2 (s2), ...
    site._publish("/courier.xml")
    took_over = threading.Event()

    def slow_page():  # runs in the server while A fetches the second entry
        if not took_over.is_set():
            watch_clock.advance(watch.DEFAULT_LEASE + 1)
            assert watch.acquire(db, src.id, "B", ttl=watch.DEFAULT_LEASE)
            took_over.set()

    site.web.routes["/s2.html"].before = slow_page
    a = Poller(db, holder="A", lease=watch.DEFAULT_LEASE)
    assert watch.acquire(db, src.id, "A", ttl=watch.DEFAULT_LEASE)
    report = a.poll(watch.get_source(db, src.id))
    assert took_over.is_set() and report.stopped and "took it over" in report.stopped
    assert report.articles == 1 and count(db, Article) == 1  # the levee story only
    b = Poller(db, holder="B", lease=watch.DEFAULT_LEASE)
    done = b.poll(watch.get_source(db, src.id))
    assert done.ok and done.articles == 3 and done.seen == 1
    assert count(db, Article) == 4 and len(_entries(db)) == 4 == len(set(_entries(db)))
    assert watch.get_source(db, src.id).lease_holder is None


# -- real processes ---------------------------------------------------------------------------


def _popen(url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CLAIMS_DB": url}
    return subprocess.Popen([str(CLAIMS_BIN), "watch", "run", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)



@pytest.fixture(params=["sqlite", "postgresql"])
def shared_url(request, tmp_path, fresh_pg_url):
    """One database several processes share: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.db")
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable")
    return fresh_pg_url("watch")


def test_two_pollers_side_by_side_ingest_each_entry_once(shared_url, site, config_file):
    feeds = [f"/feed{i}.xml" for i in range(4)]
    for i, feed in enumerate(feeds):
        site.feed(feed, f"Outlet {i}")
        for j in range(3):
            site.story(feed, f"f{i}s{j}", f"Story {i}.{j}", filler(1, f"feed{i}story{j}"))
    db = Database(shared_url)
    try:
        for feed in feeds:
            watch.add_source(db, site.web.url(feed), reviewer="ana")
        pollers = [_popen(shared_url), _popen(shared_url)]
        outputs = [p.communicate(timeout=180) for p in pollers]
        assert [p.returncode for p in pollers] == [0, 0], outputs
        polled = [[line for line in err.splitlines() if line.startswith("watch: #") and ": skipped, " not in line]
                  for _, err in outputs]
        assert sum(len(lines) for lines in polled) == len(feeds), polled  # each source once in all
        assert not any("failed" in line for lines in polled for line in lines), polled
        assert count(db, Article) == 12 and len(_entries(db)) == 12
        with db.session() as s:  # no article twice (content, and the link it came from)
            assert s.exec(select(func.count(func.distinct(Article.url)))).one() == 12
    finally:
        db.close()


def test_a_killed_poller_is_taken_over_once_its_lease_expires(shared_url, site, config_file):
    for j in range(1, 5):
        site.story("/courier.xml", f"k{j}", f"Story {j}", filler(2, f"killed{j}"))
    site.feeds["/courier.xml"].reverse()  # the levee story, k1, then k2 (which hangs), k3, k4
    site._publish("/courier.xml")
    hold = threading.Event()
    reached = threading.Event()

    def stuck():
        reached.set()
        hold.wait(60)

    site.web.routes["/k2.html"].before = stuck  # the third entry hangs until released
    db = Database(shared_url)
    try:
        src = watch.add_source(db, site.web.url("/courier.xml"), reviewer="ana")
        first = _popen(shared_url)
        wait_for(reached.is_set, "the first poller to fetch the third entry")
        wait_for(lambda: count(db, Article) == 2, "the first two entries to be stored")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        held = watch.get_source(db, src.id)
        assert held.lease_holder is not None and held.leased(watch.now())
        blocked = subprocess.run([str(CLAIMS_BIN), "watch", "run", "--db", shared_url], capture_output=True,
                                 text=True, timeout=120)
        assert blocked.returncode == 0 and f"#{src.id}" in blocked.stderr and "skipped, being polled by" in blocked.stderr
        assert count(db, Article) == 2
        with db.session() as s:  # time passes: the crashed poller's lease runs out
            s.execute(update(WatchSource.__table__).values(lease_expires=watch.now() - timedelta(seconds=1)))
        hold.set()
        second = subprocess.run([str(CLAIMS_BIN), "watch", "run", "--db", shared_url], capture_output=True,
                                text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert "5 entries, 3 new articles" in second.stderr
        assert count(db, Article) == 5 and len(_entries(db)) == 5 == len(set(_entries(db)))
        assert watch.get_source(db, src.id).lease_holder is None
    finally:
        hold.set()
        db.close()

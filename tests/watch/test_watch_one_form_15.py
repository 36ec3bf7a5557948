"""One watched feed written two more ways (issue 15, after ea6e2ac): a host in Unicode and in
punycode (`Bücher.example` / `xn--bcher-kva.example`), in full-width letters, and a path with
`%7e`, `%7E` or `~` were each watched again. `normal_url` writes a host in ASCII (IDNA/UTS 46)
and percent-escapes in one way (RFC 3986 6.2.2). And `claims ingest --feed HTTP://X/feed`
remembered the feed's entries under the form given, so it and the watched `http://x/feed`
did not share what they had seen (README: they share it)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.links import normal_url, url_problem
from claims.models import FeedEntry
from claims.services.watch_run import Poller


@pytest.mark.parametrize("forms, stored", [
    (["http://Bücher.example/feed", "http://xn--bcher-kva.example/feed", "http://XN--BCHER-KVA.example/feed"],
     "http://xn--bcher-kva.example/feed"),
    (["http://ＥＸＡＭＰＬＥ.com/feed", "http://example.com/feed"], "http://example.com/feed"),
    (["http://example.com/a%7efeed", "http://example.com/a%7Efeed", "http://example.com/a~feed"],
     "http://example.com/a~feed"),
    (["http://example.com/a%2ffeed?q=%2f", "http://example.com/a%2Ffeed?q=%2F"], "http://example.com/a%2Ffeed?q=%2F"),
    (["http://example.com/café", "http://example.com/caf%c3%a9"], "http://example.com/caf%C3%A9"),
])
def test_one_form_of_a_url(forms, stored):
    assert {normal_url(f) for f in forms} == {stored}
    assert url_problem(stored) is None


def test_a_unicode_host_of_a_watched_punycode_one_is_refused(invoke_for, db):
    assert invoke_for(db, "watch", "add", "http://xn--bcher-kva.example/feed").exit_code == 0
    for again in ("http://Bücher.example/feed", "http://xn--bcher-kva.example/%66eed"):
        refused = invoke_for(db, "watch", "add", again)
        assert refused.exit_code == 1 and "already watched" in refused.stderr and "(source 1)" in refused.stderr
    assert invoke_for(db, "watch", "add", "http://ＥＸＡＭＰＬＥ.com/a%7efeed").exit_code == 0
    refused = invoke_for(db, "watch", "add", "http://example.com/a~feed")
    assert refused.exit_code == 1 and "(source 2)" in refused.stderr


def test_ingest_feed_and_watch_share_what_they_have_seen(invoke_for, db, site, watch_clock):
    feed = site.web.url("/courier.xml")
    assert invoke_for(db, "watch", "add", feed).exit_code == 0
    Poller(db).run_pass()
    assert site.web.hits["/levee.html"] == 1
    story_hits = dict(site.web.hits)
    again = invoke_for(db, "ingest", "--feed", feed.replace("http://", "HTTP://") + "#latest")
    assert again.exit_code == 0, again.output
    fetched = {p: n - story_hits.get(p, 0) for p, n in site.web.hits.items() if n != story_hits.get(p, 0)}
    assert "/levee.html" not in fetched and fetched["/courier.xml"] == 1  # the feed is read, its entry's page is not
    with db.session() as s:
        assert set(s.exec(select(FeedEntry.feed))) == {feed}


def test_a_feed_url_longer_once_encoded_keeps_its_entries_under_the_form_given():
    from claims.web.feeds import feed_key

    url = "http://example.com/" + "é" * 990  # 1009 characters; 5959 once percent-encoded
    assert feed_key(url) == url and feed_key("HTTP://Example.com/feed") == "http://example.com/feed"


def test_a_url_too_long_once_percent_encoded_is_watched_as_typed(invoke_for, db):
    """A path of 700 'é' is 719 characters typed, 4,219 once encoded: refused as 'longer than
    2000 characters' (naming the encoded form) though `ingest --feed` of it works."""
    typed = "http://example.com/" + "é" * 700
    added = invoke_for(db, "watch", "add", typed)
    assert added.exit_code == 0, added.stderr
    listed = invoke_for(db, "watch", "list", "--format", "json")
    assert typed in listed.stdout
    again = invoke_for(db, "watch", "add", "HTTP://EXAMPLE.com/" + "é" * 700)  # another spelling of it
    assert again.exit_code == 1 and "already watched" in again.stderr and "(source 1)" in again.stderr

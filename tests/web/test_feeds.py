"""Feeds: each new entry's page once; broken entries reported by name; the rest go on."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Article, FeedEntry
from claims.web.feeds import ingest_feed, parse_feed
from claims.web.fetch import FetchLimits

from .pages import (
    MESSY_ARTICLE,
    METADATA_DATE_ARTICLE,
    NO_DATE_ARTICLE,
    PAYWALL_ARTICLE,
    atom_feed,
    rss_feed,
)

FAST = FetchLimits(connect_timeout=2, read_timeout=1, total_timeout=5, max_bytes=2 * 1024 * 1024)


def _articles(db) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(Article)).one()


@pytest.fixture
def feed_site(web):
    web.add("/a", MESSY_ARTICLE)
    web.add("/b", PAYWALL_ARTICLE)
    web.add("/c", NO_DATE_ARTICLE)
    web.add("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    items = [
        ("g1", "/a", "Sat, 14 Mar 2026 08:30:00 GMT"),
        ("g2", "/b", None),
        ("g3", None, None),  # no link
        ("g4", "/gone", None),  # 404
        ("g5", "/report.pdf", None),
        ("g6", "/c", "Tue, 10 Feb 2026 07:00:00 GMT"),  # the page has no date: the feed's is used
        ("g7", "mailto:desk@example.org", None),
    ]
    web.add("/feed.xml", rss_feed(web.base, items), content_type="application/rss+xml")
    return web


def test_feed_ingests_good_entries_and_names_bad_ones(db, feed_site):
    seen = []
    report = ingest_feed(db, feed_site.url("/feed.xml"), limits=FAST,
                         on_start=lambda feed, n: seen.append(n))
    assert seen == [7]
    by_key = {o.entry.key: o for o in report.outcomes}
    assert [by_key[k].status for k in ("g1", "g2", "g6")] == ["added"] * 3
    assert "entry 3 ('Story g3'): has no link" in by_key["g3"].error
    assert "HTTP 404" in by_key["g4"].error
    assert "PDF" in by_key["g5"].error
    assert "not an http(s) URL" in by_key["g7"].error
    assert report.count("failed") == 4
    assert "3 new articles" in report.summary() and "4 failed" in report.summary()
    assert _articles(db) == 3
    with db.session() as s:
        published = {a.title: a.published for a in s.exec(select(Article))}
    assert published["Ferry timetable changes"].isoformat() == "2026-02-10"
    assert published["Port flood damage disputed"].isoformat() == "2026-03-14"


def test_second_run_fetches_only_what_is_new_or_failed(db, feed_site):
    ingest_feed(db, feed_site.url("/feed.xml"), limits=FAST)
    hits_a = feed_site.hits["/a"]
    report = ingest_feed(db, feed_site.url("/feed.xml"), limits=FAST)
    assert feed_site.hits["/a"] == hits_a  # seen: not fetched again
    assert report.count("seen") == 3 and report.count("added") == 0
    assert feed_site.hits["/gone"] == 2  # a failed entry is tried again
    assert _articles(db) == 3
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(FeedEntry)).one() == 3


def test_an_entry_already_stored_from_elsewhere_is_remembered(db, web, tmp_path):
    from claims.services.ingest import ingest_source
    from claims.web.pages import html_source

    ingest_source(db, html_source(METADATA_DATE_ARTICLE.encode(), source="saved.html"))
    web.add("/m", METADATA_DATE_ARTICLE)
    web.add("/atom", atom_feed(web.base, [("urn:1", "/m", "2025-11-03T06:00:00Z")]),
            content_type="application/atom+xml")
    report = ingest_feed(db, web.url("/atom"), limits=FAST)
    assert [o.status for o in report.outcomes] == ["already_stored"]
    assert ingest_feed(db, web.url("/atom"), limits=FAST).count("seen") == 1


def test_malformed_feed_still_yields_its_entries(db, web):
    web.add("/a", MESSY_ARTICLE)
    broken = rss_feed(web.base, [("g1", "/a", None)]).replace("</channel></rss>", "<item><title>cut off")
    web.add("/broken.xml", broken, content_type="application/xml")
    report = ingest_feed(db, web.url("/broken.xml"), limits=FAST)
    assert report.feed.warning and "not well-formed" in report.feed.warning
    assert report.count("added") == 1


def test_feed_from_a_file(db, web, tmp_path):
    web.add("/a", MESSY_ARTICLE)
    f = tmp_path / "feed.xml"
    f.write_text(rss_feed(web.base, [("g1", "/a", None)]))
    assert ingest_feed(db, str(f), limits=FAST).count("added") == 1


@pytest.mark.parametrize("body", [b"", b"just text, no feed", b"<html><body><p>a page</p></body></html>",
                                  b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_not_a_feed(body):
    with pytest.raises(ClaimsError, match="not an RSS or Atom feed"):
        parse_feed(body, source="x.xml")


def test_feed_url_errors_name_the_url(db, web):
    with pytest.raises(ClaimsError, match=r"/missing.xml: HTTP 404"):
        ingest_feed(db, web.url("/missing.xml"), limits=FAST)
    web.add("/pic", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    with pytest.raises(ClaimsError, match="image"):
        ingest_feed(db, web.url("/pic"), limits=FAST)
    assert _articles(db) == 0


def test_missing_feed_file(db, tmp_path):
    with pytest.raises(ClaimsError, match="no such feed file"):
        ingest_feed(db, str(tmp_path / "nope.xml"))


def test_entry_dates_are_read_without_feedparsers_deprecated_fallback():
    """The year-1 entry (Hugo's stamp for an undated page) was read again through
    raw.get("updated_parsed"), which feedparser answers for an entry without one with its
    published_parsed and a DeprecationWarning; only the fields an entry has are read now."""
    import warnings

    hugo = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Hugo</title>'
            "<item><title>A</title><link>https://hugo.example/a</link><guid>a</guid>"
            "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>"
            "<item><title>B</title><link>https://hugo.example/b</link><guid>b</guid>"
            "<pubDate>Sat, 14 Mar 2026 23:30:00 -0300</pubDate></item></channel></rss>")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            "<entry><title>C</title><id>c</id><link href='https://hugo.example/c'/>"
            "<updated>2026-03-15T10:00:00Z</updated></entry></feed>")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DeprecationWarning fails the read
        dates = [e.published for e in parse_feed(hugo.encode(), source="hugo.xml").entries]
        updated = [e.published for e in parse_feed(atom.encode(), source="atom.xml").entries]
    assert [d and d.isoformat() for d in dates] == [None, "2026-03-14"]  # the day written (UTC's was the 15th)
    assert [d.isoformat() for d in updated] == ["2026-03-15"]  # an entry's updated date still read

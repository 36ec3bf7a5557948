"""A feed entry's date is the day the feed wrote, at its own offset, as `claims import` reads a
date: `<pubDate>Sun, 14 Apr 2024 20:00:00 -0500</pubDate>` (a Sunday evening in New York) dated
its undated page 2024-04-15, feedparser's time moved to UTC (review of pass 23)."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.web.feeds import parse_feed

ITEM = "<item><title>t{i}</title><link>https://news.example/{i}</link><guid>g{i}</guid>{date}</item>"


def _rss(*stamps: str) -> bytes:
    items = "".join(ITEM.format(i=i, date=f"<pubDate>{s}</pubDate>") for i, s in enumerate(stamps))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()


def _atom(*stamps: str) -> bytes:
    entries = "".join(f"<entry><title>t{i}</title><link href='https://news.example/{i}'/><id>g{i}</id>"
                      f"<updated>{s}</updated></entry>" for i, s in enumerate(stamps))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>'.encode()


@pytest.mark.parametrize(("stamp", "day"), [
    ("Sun, 14 Apr 2024 20:00:00 -0500", 14),   # evening in New York: Monday in UTC
    ("Sun, 14 Apr 2024 23:30:00 -1200", 14),
    ("Mon, 15 Apr 2024 08:00:00 +1000", 15),   # morning in Sydney: Sunday in UTC
    ("Sun, 14 Apr 2024 20:00:00 EST", 14),
    ("Sun, 14 Apr 2024 10:00:00 GMT", 14),
])
def test_an_rss_date_is_the_day_written(stamp, day):
    (entry,) = parse_feed(_rss(stamp), source="f.xml").entries
    assert entry.published == dt.date(2024, 4, day)


@pytest.mark.parametrize(("stamp", "day"), [
    ("2024-04-14T21:30:00-04:00", 14),
    ("2024-04-15T09:00:00+14:00", 15),
    ("2024-04-14T12:00:00Z", 14),
])
def test_an_atom_date_is_the_day_written(stamp, day):
    (entry,) = parse_feed(_atom(stamp), source="f.xml").entries
    assert entry.published == dt.date(2024, 4, day)

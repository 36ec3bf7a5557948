"""An eleventh hostile pass (issue 15's classes, other inputs than passes 1-10): web servers
and feeds saying odd things about their pages, undo and redo by two reviewers, round trips.
Each test fails before its fix."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.models import Article
from tests.hostile import run
from tests.web.conftest import LocalWeb

PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor of Zürich said on Monday "
        "that the new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


def _articles(db) -> list[Article]:
    with db.session() as s:
        return list(s.exec(select(Article).order_by(Article.id)))


# --- a feed entry dated in the future --------------------------------------------------------


def test_a_feed_entry_dated_in_the_future_is_stored_undated(db, web):
    """A feed's date only fills a gap, but an entry dated 2099 (a scheduled post, a feed whose
    clock is wrong) became the page's header date and was refused 'in the future': the entry
    failed on every poll and its article was never stored. Tomorrow's date is still read."""
    from datetime import date, timedelta

    tomorrow = date.today() + timedelta(days=1)
    items = "".join(
        f"<item><title>Story {i}</title><link>{web.url(f'/p{i}')}</link><guid>g{i}</guid>"
        f"<pubDate>{when}</pubDate></item>"
        for i, when in enumerate(["Mon, 01 Jun 2099 10:00:00 +0000", tomorrow.strftime("%a, %d %b %Y 09:00:00 +0000")]))
    for i in range(2):
        web.add(f"/p{i}", PAGE.replace("40 million", f"{40 + i} million"))
    feed = web.add("/f.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>{items}'
                   "</channel></rss>", content_type="application/rss+xml")
    result = run(db, "ingest", "--feed", feed)
    assert result.exit_code == 0 and "2 new articles" in result.output, result.output
    assert [a.published for a in _articles(db)] == [None, tomorrow]


# --- a server's charset that cannot be the page's -----------------------------------------------


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be"])
def test_a_server_saying_utf16_over_utf8_bytes_is_read_as_utf8(db, web, charset):
    """A server's `charset=utf-16` over a UTF-8 page (no NUL byte: no UTF-16 text can be
    that) decoded it as UTF-16 when its length was even: 'no article text found', or
    gibberish stored as the article. The meta's own charset was already read so."""
    body = PAGE.encode("utf-8")
    body += b" " * (len(body) % 2)  # even: UTF-16 decodes it without an error
    url = web.add("/p", body, content_type=f"text/html; charset={charset}")
    result = run(db, "ingest", url)
    assert result.exit_code == 0, result.output
    [article] = _articles(db)
    assert "The mayor of Zürich said" in article.text


def test_a_real_utf16_page_without_a_byte_order_mark_is_still_read():
    from claims.web.html import decode_html

    assert "Zürich" in decode_html(PAGE.encode("utf-16-le"), "utf-16-le")

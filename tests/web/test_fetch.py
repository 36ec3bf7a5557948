"""Fetching: every kind of bad URL is refused by name, quickly, without reading what it need not."""

from __future__ import annotations

import pytest

from claims.web.fetch import USER_AGENT, FetchError, FetchLimits, fetch_url

from .pages import MESSY_ARTICLE

FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, total_timeout=5, max_bytes=2 * 1024 * 1024,
                   max_redirects=5)


def test_fetches_a_page_with_a_clear_user_agent(web):
    url = web.add("/story", MESSY_ARTICLE)
    page = fetch_url(url, limits=FAST)
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert b"harbour authority" in page.body
    assert USER_AGENT.startswith("claims/")


def test_follows_redirects_to_the_final_url(web):
    final = web.add("/final", MESSY_ARTICLE)
    web.add("/old", status=301, headers={"Location": "/final"})
    page = fetch_url(web.url("/old"), limits=FAST)
    assert page.final_url == final


def test_timeout_is_reported_by_name(web):
    url = web.add("/slow", MESSY_ARTICLE, delay=2)
    with pytest.raises(FetchError, match=r"/slow: timed out"):
        fetch_url(url, limits=FAST)


@pytest.mark.parametrize("status, words", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_http_errors_are_reported_with_the_status(web, status, words):
    url = web.add(f"/e{status}", "<html><body>oops</body></html>", status=status)
    with pytest.raises(FetchError, match=words) as info:
        fetch_url(url, limits=FAST)
    assert str(info.value).startswith(url)


def test_a_missing_page_is_a_404(web):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(web.url("/nowhere"), limits=FAST)


def test_redirect_loop_stops_at_the_cap(web):
    web.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    web.add("/loop-b", status=302, headers={"Location": "/loop-a"})
    with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
        fetch_url(web.url("/loop-a"), limits=FAST)
    assert web.hits["/loop-a"] + web.hits["/loop-b"] <= 7


def test_a_huge_body_is_cut_off_at_the_limit(web):
    # 200 MB offered without a Content-Length: we stop after the limit.
    url = web.add("/huge", stream_bytes=200 * 1024 * 1024)
    with pytest.raises(FetchError, match=r"larger than the 2 MB limit"):
        fetch_url(url, limits=FAST)


def test_a_declared_huge_body_is_refused_before_reading(web):
    url = web.add("/huge-declared", b"", declare_length=200 * 1024 * 1024)
    with pytest.raises(FetchError, match=r"200 MB, more than the 2 MB limit"):
        fetch_url(url, limits=FAST)


def test_pdf_is_refused(web):
    url = web.add("/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf")
    with pytest.raises(FetchError, match="is a PDF document, not a web page"):
        fetch_url(url, limits=FAST)


def test_pdf_served_as_html_is_still_refused(web):
    url = web.add("/sneaky", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", content_type="text/html")
    with pytest.raises(FetchError, match="PDF"):
        fetch_url(url, limits=FAST)


def test_image_is_refused(web):
    url = web.add("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    with pytest.raises(FetchError, match=r"is an image \(image/png\), not a web page"):
        fetch_url(url, limits=FAST)


@pytest.mark.parametrize("ctype, body", [
    ("application/json", b'{"said": "nothing"}'),
    ("text/plain", b"Just some words, said nobody."),
    ("text/csv", b"a,b\n1,2\n"),
])
def test_non_html_is_refused(web, ctype, body):
    url = web.add("/data", body, content_type=ctype)
    with pytest.raises(FetchError, match=f"is {ctype}, not a web page"):
        fetch_url(url, limits=FAST)


def test_html_without_content_type_is_sniffed(web):
    url = web.add("/bare", MESSY_ARTICLE, content_type=None)
    assert fetch_url(url, limits=FAST).body.startswith(b"<!DOCTYPE html>")


def test_empty_body_is_refused(web):
    url = web.add("/empty", b"")
    with pytest.raises(FetchError, match="empty page"):
        fetch_url(url, limits=FAST)


def test_nothing_listening_is_a_connection_error():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_url(f"http://127.0.0.1:{port}/x", limits=FAST, typed=True)  # as `ingest URL` gives it


def test_not_a_url():
    with pytest.raises(FetchError, match="not an http"):
        fetch_url("ftp://example.org/file")

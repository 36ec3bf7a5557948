"""A redirect's Location written as servers write it, not as a URL is stored (issue 15):
`Location: /my story` (a raw space), `/café`, `/a|b^c`, `../x`, `//host/x`. httpx requests
the encoded URL (`/my%20story`) and the page was stored under it, until the check of a
redirect's target (453dbf2) read the raw header and refused it ("holds spaces"). The check
reads the URL httpx will request."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.models import Article
from tests.hostile import run, stored_claims

PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor said on Monday that the "
        "new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


@pytest.mark.parametrize("location, requested", [
    ("/my story", "/my%20story"),
    ("/café", "/caf%C3%A9"),
    ("/a|b^c", "/a|b^c"),
    ("../x", "/news/x"),
    ("//127.0.0.1:{port}/x", "/x"),
    ("/q?a=1 2", "/q?a=1%202"),
])
def test_a_redirect_is_followed_to_the_url_httpx_requests(db, web, location, requested):
    web.add(requested, PAGE)
    port = web.base.rsplit(":", 1)[1]
    url = web.add("/news/a/go", status=302, headers={"Location": location.format(port=port)})
    result = run(db, "ingest", url)
    assert result.exit_code == 0, result.output
    assert web.hits.get(requested) == 1
    assert stored_claims(db)
    with db.session() as s:
        assert [a.url for a in s.exec(select(Article))] == [web.url(requested)]


def test_a_redirect_to_a_space_in_a_password_url_is_still_refused(db, web):
    web.add("/story", PAGE)
    target = web.url("/my story").replace("http://", "http://ana:secret@")
    url = web.add("/go", status=302, headers={"Location": target})
    result = run(db, "ingest", url)
    assert result.exit_code == 1 and "user name or password" in result.output
    assert "secret" not in result.output and stored_claims(db) == []

"""A page that redirects to a URL that cannot be stored (issue 15): one holding a user name
and password, or longer than 2,000 characters. The page was refused naming a "header field
URL" the user never gave (the page's address after the redirect is kept as its header's URL);
the refusal names the redirect."""

from __future__ import annotations

from tests.hostile import one_line_error, run, stored_claims

PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor said on Monday that the "
        "new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


def test_a_redirect_to_a_url_with_a_password_names_the_redirect(db, web):
    web.add("/story", PAGE)
    target = web.url("/story").replace("http://", "http://ana:secret@")
    url = web.add("/go", status=302, headers={"Location": target})
    line = one_line_error(run(db, "ingest", url), url, "redirected to a URL that cannot be stored",
                          "user name or password")
    assert "header field" not in line and "secret" not in line  # nor the password repeated
    assert stored_claims(db) == []


def test_a_redirect_to_a_very_long_url_names_the_redirect(db, web):
    long_path = "/story?" + "q=" + "a" * 2100
    web.add(long_path, PAGE)
    url = web.add("/go", status=302, headers={"Location": web.url(long_path)})
    line = one_line_error(run(db, "ingest", url), url, "redirected to a URL that cannot be stored",
                          "2000 characters")
    assert "header field" not in line and len(line) < 400
    assert stored_claims(db) == []

"""Internal addresses (`claims.web.addresses`): a feed's links and a server's redirects do not
reach this machine or its network unless `[web] allow_private_addresses = true`; a URL the
user types does. The server here is on 127.0.0.1 and is not treated as allowed (`guarded_web`)."""

from __future__ import annotations

import pytest

from .pages import MESSY_ARTICLE, rss_feed


def _settings(tmp_path, monkeypatch, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))


def _feed_linking(web, link: str) -> str:
    return web.add("/rss", rss_feed(web.base, [("1", link, None)]), content_type="application/rss+xml")


def test_a_feed_link_to_a_name_resolving_to_loopback_is_refused(invoke, guarded_web):
    web = guarded_web
    web.add("/inside", MESSY_ARTICLE)
    port = web.server.server_address[1]
    inside = f"http://localhost:{port}/inside"  # the host string is no address: its DNS answer is
    result = invoke("ingest", "--feed", _feed_linking(web, inside))
    assert result.exit_code == 1
    assert (f"{inside}: refused: localhost resolves to 127.0.0.1, a loopback address "
            "(set [web] allow_private_addresses = true to fetch it)") in result.stderr
    assert "Traceback" not in result.stderr
    assert web.hits.get("/inside") is None


@pytest.mark.parametrize(("link", "kind"), [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.1.2.3/x", "10.1.2.3 is a private address"),
    ("http://[fd00::1]/x", "fd00::1 is a private address"),
    ("http://[::ffff:127.0.0.1]:9/x", "::ffff:127.0.0.1 is a loopback address"),
    ("http://0.0.0.0:9/x", "0.0.0.0 is an unspecified address"),
    ("http://224.0.0.1/x", "224.0.0.1 is a multicast address"),
])
def test_a_feed_link_to_an_internal_address_is_refused_before_any_request(invoke, guarded_web, link, kind):
    result = invoke("ingest", "--feed", _feed_linking(guarded_web, link))
    assert result.exit_code == 1
    assert f"{link}: refused: {kind}" in result.stderr


def test_the_setting_allows_internal_links(invoke, guarded_web, tmp_path, monkeypatch):
    web = guarded_web
    web.add("/inside", MESSY_ARTICLE)
    _settings(tmp_path, monkeypatch, "[web]\nallow_private_addresses = true\n")
    inside = f"http://localhost:{web.server.server_address[1]}/inside"
    result = invoke("ingest", "--feed", _feed_linking(web, inside))
    assert result.exit_code == 0, result.stderr
    assert web.hits["/inside"] == 1


def test_a_typed_url_is_fetched_but_not_its_redirect_to_another_internal_host(invoke, guarded_web):
    web = guarded_web
    web.add("/page", MESSY_ARTICLE)
    port = web.server.server_address[1]
    same = web.add("/same", status=302, headers={"Location": "/page"})
    away = web.add("/away", status=302, headers={"Location": f"http://localhost:{port}/page"})
    assert invoke("ingest", same).exit_code == 0  # the host typed, 127.0.0.1, is the user's choice
    result = invoke("ingest", away)
    assert result.exit_code == 1
    assert (f"{away}: redirects to http://localhost:{port}/page, refused: localhost resolves to "
            "127.0.0.1, a loopback address") in result.stderr
    assert web.hits["/page"] == 1


def test_the_setting_must_be_true_or_false(runner, tmp_path, monkeypatch):
    from tui.entry import cli

    def invoke(*args):
        return runner.invoke(cli, list(args))

    _settings(tmp_path, monkeypatch, '[web]\nallow_private_addresses = "yes"\n')
    result = invoke("config", "show")
    assert result.exit_code != 0
    assert "[web] allow_private_addresses must be true or false, not 'yes'" in result.output + result.stderr
    _settings(tmp_path, monkeypatch, "[web]\nallow_private_addresses = true\n")
    assert "allow_private_addresses = true" in invoke("config", "show").output

"""Fetching politely: robots.txt for the claims user agent, and a pause per host (on a fake
clock: `clock.sleeps` lists the pauses, nothing waits)."""

from __future__ import annotations

import json
import socket

import pytest

from claims.web.fetch import USER_AGENT, FetchError, FetchLimits, fetch_url, make_client
from claims.web.polite import MAX_CRAWL_DELAY, Courtesy, fetch_robots, polite_fetching

from ..conftest import run_claims
from .pages import MESSY_ARTICLE, NO_DATE_ARTICLE, PAYWALL_ARTICLE, rss_feed

# Nothing here tests a timeout: limits a loaded CI machine never reaches against a local server.
LIMITS = FetchLimits(connect_timeout=30, read_timeout=30, total_timeout=60)

ROBOTS = """# our own rules for the test site
User-agent: *
Disallow: /

User-agent: claims
Disallow: /private/
Crawl-delay: 2.5
"""
CRAWL_DELAY = 3.0  # 2.5 read as whole seconds, rounded up


def robots(web, body: str, **kw) -> None:
    web.add("/robots.txt", body, content_type="text/plain", **kw)


def test_a_disallowed_url_is_refused_by_name(web, clock):
    robots(web, ROBOTS)
    url = web.add("/private/story", MESSY_ARTICLE)
    with pytest.raises(FetchError) as info:
        fetch_url(url, limits=LIMITS)
    message = str(info.value)
    assert message.startswith(f"{url}: disallowed by robots.txt ({web.base}/robots.txt)")
    assert "--ignore-robots" in message and "\n" not in message
    assert web.hits.get("/private/story") is None  # never asked for
    assert web.agents["/robots.txt"] == USER_AGENT


def test_robots_txt_is_read_once_per_host_and_the_claims_section_applies(web, clock):
    robots(web, ROBOTS)
    a, b = web.add("/a", MESSY_ARTICLE), web.add("/b", PAYWALL_ARTICLE)  # `*` would forbid both
    with polite_fetching():
        fetch_url(a, limits=LIMITS)
        fetch_url(b, limits=LIMITS)
        with pytest.raises(FetchError, match="robots.txt"):
            fetch_url(web.url("/private/c"), limits=LIMITS)
    assert web.hits["/robots.txt"] == 1


def test_crawl_delay_and_the_pause_between_requests_to_one_host(web, clock):
    robots(web, ROBOTS)  # Crawl-delay 2.5 (so 3) for claims: longer than the 1 s default
    urls = [web.add(f"/p{i}", MESSY_ARTICLE) for i in range(3)]
    courtesy = Courtesy(delay=1)
    for url in urls:
        fetch_url(url, limits=LIMITS, courtesy=courtesy)
    assert clock.sleeps == [CRAWL_DELAY, CRAWL_DELAY]  # none before the first page, nor for robots.txt itself


def test_the_default_pause_is_one_second_and_per_host(web, clock):
    first = web.add("/one", MESSY_ARTICLE)
    second = web.add("/two", PAYWALL_ARTICLE)
    other_host = second.replace("127.0.0.1", "localhost")  # the same server under another name
    with polite_fetching():
        fetch_url(first, limits=LIMITS)
        fetch_url(other_host, limits=LIMITS)  # another host: no pause
        fetch_url(second, limits=LIMITS)
    assert clock.sleeps == [1.0]


def test_time_already_spent_counts_towards_the_pause(web, clock):
    url = web.add("/one", MESSY_ARTICLE)
    courtesy = Courtesy(delay=1)
    fetch_url(url, limits=LIMITS, courtesy=courtesy)
    clock.now += 0.75  # reading the page took a while
    fetch_url(url, limits=LIMITS, courtesy=courtesy)
    clock.now += 5
    fetch_url(url, limits=LIMITS, courtesy=courtesy)
    assert clock.sleeps == [0.25]


def test_an_overlong_crawl_delay_is_capped(web, clock):
    robots(web, "User-agent: *\nCrawl-delay: 86400\n")
    courtesy = Courtesy(delay=1)
    for path in ("/x", "/y"):
        fetch_url(web.add(path, MESSY_ARTICLE), limits=LIMITS, courtesy=courtesy)
    assert clock.sleeps == [MAX_CRAWL_DELAY]


@pytest.mark.parametrize("route", [
    dict(body="", status=404),
    dict(body="<html>down</html>", status=503),
    dict(body="<!DOCTYPE html><html><body>Page not found</body></html>"),  # a soft 404
])
def test_a_missing_or_broken_robots_txt_allows_everything(web, clock, route):
    web.add("/robots.txt", route.pop("body"), **route)
    page = fetch_url(web.add("/story", MESSY_ARTICLE), limits=LIMITS)
    assert b"harbour authority" in page.body


def test_an_unreachable_robots_txt_allows_everything():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with make_client(LIMITS, polite=False) as client:
        assert fetch_robots(f"http://127.0.0.1:{port}", client) is None


def test_a_redirect_into_a_disallowed_path_is_refused(web, clock):
    robots(web, ROBOTS)
    web.add("/private/final", MESSY_ARTICLE)
    web.add("/moved", status=301, headers={"Location": "/private/final"})
    with pytest.raises(FetchError, match=r"/private/final: disallowed by robots.txt"):
        fetch_url(web.url("/moved"), limits=LIMITS)
    assert web.hits.get("/private/final") is None


def test_ignoring_robots_fetches_anyway_but_keeps_the_pause(web, clock):
    robots(web, ROBOTS)
    url = web.add("/private/story", MESSY_ARTICLE)
    courtesy = Courtesy(delay=1, respect_robots=False)
    fetch_url(url, limits=LIMITS, courtesy=courtesy)
    fetch_url(url, limits=LIMITS, courtesy=courtesy)
    assert web.hits.get("/robots.txt") is None
    assert clock.sleeps == [1.0]  # the settings' pause, not robots.txt's Crawl-delay


# -- through the CLI ------------------------------------------------------------------------------


def _claims(invoke) -> list[dict]:
    return [json.loads(line) for line in invoke("list", "--format", "jsonl").output.splitlines()]


def test_cli_ingest_refuses_a_disallowed_url_and_goes_on(invoke, web, clock):
    robots(web, ROBOTS)
    blocked = web.add("/private/story", MESSY_ARTICLE)
    fine = web.add("/story", PAYWALL_ARTICLE)
    result = invoke("ingest", blocked, fine)
    assert result.exit_code == 1
    assert f"claims: error: {blocked}: disallowed by robots.txt" in result.stderr
    assert "Traceback" not in result.output
    assert "ingested 1 article" in result.stderr and "1 failed" in result.stderr
    assert clock.sleeps == []  # the refused page was never asked for: the other one is the first
    again = invoke("ingest", "--ignore-robots", blocked)
    assert again.exit_code == 0, again.output
    assert {c["outlets"][0] for c in _claims(invoke)} == {"Harbour Courier", "Northline News"}


def test_cli_delay_from_the_settings(invoke, web, clock, tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[web]\ndelay = 4\n")
    monkeypatch.setenv("CLAIMS_CONFIG", str(cfg))
    urls = [web.add("/a", MESSY_ARTICLE), web.add("/b", PAYWALL_ARTICLE), web.add("/c", NO_DATE_ARTICLE)]
    assert invoke("ingest", *urls).exit_code == 0
    assert clock.sleeps == [4.0, 4.0]
    cfg.write_text("[web]\ndelay = 0\n")
    clock.sleeps.clear()
    assert invoke("ingest", "--feed", web.add("/rss", rss_feed(web.base, [("1", "/a", None), ("2", "/b", None)]),
                                              content_type="application/rss+xml")).exit_code == 0
    assert clock.sleeps == []


def test_cli_settings_reject_a_negative_delay(invoke, tmp_path, monkeypatch, web):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[web]\ndelay = -1\n")
    monkeypatch.setenv("CLAIMS_CONFIG", str(cfg))
    result = invoke("ingest", web.add("/a", MESSY_ARTICLE))
    assert result.exit_code == 1
    assert "delay must be a number from 0 to 600" in result.stderr and "Traceback" not in result.output


def test_cli_feed_entries_follow_robots(invoke, web, clock):
    robots(web, ROBOTS)
    web.add("/a", MESSY_ARTICLE)
    web.add("/private/b", PAYWALL_ARTICLE)
    feed = web.add("/rss", rss_feed(web.base, [("1", "/a", None), ("2", "/private/b", None)]),
                   content_type="application/rss+xml")
    result = invoke("ingest", "--feed", feed)
    assert result.exit_code == 1
    assert "entry 2 ('Story 2'): " in result.stderr and "/private/b: disallowed by robots.txt" in result.stderr
    assert "1 new article" in result.stderr
    assert web.hits["/robots.txt"] == 1
    assert clock.sleeps == [CRAWL_DELAY]  # the feed, then its first entry: one pause (robots.txt's own)
    again = invoke("ingest", "--feed", feed, "--ignore-robots")
    assert again.exit_code == 0 and "1 new article" in again.stderr


def test_cli_extract_url_follows_robots(runner, web):
    from tui.entry import cli

    robots(web, ROBOTS)
    blocked = web.add("/private/story", MESSY_ARTICLE)
    result = runner.invoke(cli, ["extract", blocked])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"claims: error: {blocked}: disallowed by robots.txt ({web.base}/robots.txt) "
                                     "for the claims user agent; --ignore-robots fetches it anyway")
    assert runner.invoke(cli, ["extract", blocked, "--ignore-robots"]).exit_code == 0


def test_installed_command_follows_robots(web, tmp_path):
    robots(web, ROBOTS)
    blocked = web.add("/private/story", MESSY_ARTICLE)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[web]\ndelay = 0\n")  # a real process: no fake clock, so no pause either
    db = str(tmp_path / "sub.db")
    env = {"CLAIMS_CONFIG": str(cfg)}
    refused = run_claims("ingest", blocked, "--db", db, env=env)
    assert refused.returncode == 1
    assert refused.stderr.decode().strip() == (
        f"claims: error: {blocked}: disallowed by robots.txt ({web.base}/robots.txt) for the claims user agent; "
        "--ignore-robots fetches it anyway")
    taken = run_claims("ingest", blocked, "--ignore-robots", "--db", db, env=env)
    assert taken.returncode == 0, taken.stderr

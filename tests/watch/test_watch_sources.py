"""Watched sources: adding, listing, polling on schedule, backing off, and single pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from claims.errors import ClaimsError
from claims.models import Article, FeedEntry
from claims.services import watch
from claims.services.watch_run import Poller

from .site import CHECKED, POSSIBLE_STORY, REPEAT_STORY, filler, news_page
from .util import count


@pytest.mark.parametrize("text, seconds", [("30m", 1800), ("1h30m", 5400), ("1d", 86400), ("45s", 45),
                                           (" 2 h ", 7200), ("1.5h", 5400)])
def test_durations(text, seconds):
    assert watch.parse_every(text) == seconds


@pytest.mark.parametrize("text", ["30", "abc", "0s", "1x", "", "m30"])
def test_bad_durations_are_refused_by_name(text):
    with pytest.raises(ClaimsError, match="--every: .* is (not a duration|shorter than a second)"):
        watch.parse_every(text)


def test_backoff_doubles_and_is_capped():
    assert [watch.backoff(1800, n) for n in range(5)] == [1800, 1800, 3600, 7200, 14400]
    assert watch.backoff(1800, 40) == watch.MAX_BACKOFF
    assert watch.backoff(2 * 86400, 3) == 2 * 86400  # a source polled every two days waits no longer


def test_add_list_remove(invoke, site, tmp_path, monkeypatch):
    feed = site.web.url("/courier.xml")
    added = invoke("watch", "add", feed, "--every", "2h", "--outlet", "Courier")
    assert added.exit_code == 0, added.output
    assert "watching source 1" in added.stderr and "every 2h" in added.stderr
    (tmp_path / "saved.xml").write_text("<rss version='2.0'><channel><title>x</title></channel></rss>")
    monkeypatch.chdir(tmp_path)
    assert invoke("watch", "add", "saved.xml").exit_code == 0
    again = invoke("watch", "add", feed)
    assert again.exit_code == 1 and f"{feed}: already watched (source 1)" in again.stderr
    for bad, why in (("ftp://x.example/feed", "not an http(s) URL"), ("nothere.xml", "no such file")):
        refused = invoke("watch", "add", bad)
        assert refused.exit_code == 1 and why in refused.stderr
        assert refused.stderr.count("\n") == 1  # one line, no traceback
    listed = [json.loads(line) for line in invoke("watch", "list", "--format", "jsonl").output.splitlines()]
    assert [(r["id"], r["every"], r["outlet"], r["last_poll"]) for r in listed] == [
        (1, "2h", "Courier", "not polled yet"), (2, "30m", None, "not polled yet")]
    assert listed[1]["source"] == str(tmp_path / "saved.xml")  # absolute: cron runs elsewhere
    assert invoke("watch", "remove", "1").exit_code == 0
    gone = invoke("watch", "remove", "1")
    assert gone.exit_code == 1 and "source 1: no such watched source" in gone.stderr
    assert len(invoke("watch", "list", "--format", "jsonl").output.splitlines()) == 1


def test_a_pass_polls_what_is_due_once(db, site, watch_clock):
    courier = watch.add_source(db, site.web.url("/courier.xml"), every=1800, reviewer="ana")
    northline = watch.add_source(db, site.web.url("/northline.xml"), every=3600, reviewer="ana")
    poller = Poller(db)
    reports = poller.run_pass()
    assert [(r.source.id, r.articles, r.ok) for r in reports] == [(courier.id, 1, True), (northline.id, 1, True)]
    assert poller.run_pass() == []  # nothing is due
    site.story("/courier.xml", "more", "More rain", filler(3, "drainage"))
    site.story("/northline.xml", "later", "Bus lanes", filler(2, "bus"))
    watch_clock.advance(1800)  # the courier feed is due again; the northline one in half an hour
    reports = poller.run_pass()
    assert [(r.source.id, r.articles, r.seen) for r in reports] == [(courier.id, 1, 1)]
    assert count(db, Article) == 3 and count(db, FeedEntry) == 3
    after = watch.get_source(db, courier.id)
    assert after.kind == "feed" and after.failures == 0 and after.lease_holder is None
    assert after.next_due == watch_clock.at + timedelta(seconds=1800)
    assert after.last_summary == "2 entries, 1 new article (3 claims)"


def test_failing_source_backs_off_and_says_why(db, web, watch_clock, invoke_for):
    web.add("/down.xml", "<html>down for maintenance</html>", status=503)
    src = watch.add_source(db, web.url("/down.xml"), every=600, reviewer="ana")
    poller = Poller(db)
    [first] = poller.run_pass()
    assert not first.ok and "HTTP 503" in first.error
    assert first.after.failures == 1 and first.after.next_due == watch_clock.at + timedelta(seconds=600)
    watch_clock.advance(600)
    [second] = poller.run_pass()
    assert second.after.failures == 2 and second.after.next_due == watch_clock.at + timedelta(seconds=1200)
    assert "(2 failures in a row, backing off)" in second.line()
    watch_clock.advance(600)
    assert poller.run_pass() == []  # backing off: not due yet
    listed = invoke_for(db, "watch", "list", "--format", "jsonl")
    state = json.loads(listed.output)["last_poll"]
    assert state.startswith("failing (2 times in a row, backing off): ") and "HTTP 503" in state
    web.add("/down.xml", "<rss version='2.0'><channel><title>Back</title></channel></rss>",
            content_type="application/rss+xml")
    watch_clock.advance(600)
    [third] = poller.run_pass()
    assert third.ok and third.after.failures == 0 and third.after.last_error is None
    assert watch.get_source(db, src.id).state(watch_clock.at) == "ok: 0 entries, 0 new articles"


def test_a_single_page_is_stored_again_only_when_it_changed(db, web, watch_clock):
    page = web.add("/live.html", news_page("Live", "Valley Ledger", "2026-03-14", REPEAT_STORY))
    src = watch.add_source(db, page, every=60, reviewer="ana")
    poller = Poller(db)
    [first] = poller.run_pass()
    assert first.kind == "page" and first.articles == 1 and first.summary().startswith("1 new version")
    watch_clock.advance(60)
    [same] = poller.run_pass()
    assert same.articles == 0 and same.summary() == "unchanged"
    web.add("/live.html", news_page("Live", "Valley Ledger", "2026-03-14", REPEAT_STORY + POSSIBLE_STORY))
    watch_clock.advance(60)
    [changed] = poller.run_pass()
    assert changed.articles == 1 and count(db, Article) == 2
    assert watch.get_source(db, src.id).kind == "page"


def test_what_is_neither_feed_nor_page_fails_the_source(db, web, watch_clock):
    web.add("/data.json", '{"not": "a feed"}', content_type="application/json")
    watch.add_source(db, web.url("/data.json"), reviewer="ana")
    [report] = Poller(db).run_pass()
    assert not report.ok and "not an RSS or Atom feed" in report.error


def test_ids_given_are_polled_now_and_unknown_ids_are_named(db, site, watch_clock):
    src = watch.add_source(db, site.web.url("/courier.xml"), reviewer="ana")
    poller = Poller(db)
    poller.run_pass()
    assert [r.source.id for r in poller.run_pass(only=[src.id])] == [src.id]  # not due, polled anyway
    with pytest.raises(ClaimsError, match="source 42: no such watched source"):
        poller.run_pass(only=[42])


def test_watch_run_from_a_fresh_desk_finds_the_repeat(invoke, site, db_path):
    """The issue's 'done when': two watched feeds, a verified claim, a new entry repeating it in
    other words; `claims repeats` lists it with the verdict and the published fact-check."""
    for feed in ("/courier.xml", "/northline.xml"):
        assert invoke("watch", "add", site.web.url(feed)).exit_code == 0
    first = invoke("watch", "run")
    assert first.exit_code == 0, first.output
    assert first.stderr.count("1 new article") == 2
    claims = [json.loads(line) for line in invoke("list", "--format", "jsonl").output.splitlines()]
    checked = next(c["id"] for c in claims if c["text"] == CHECKED)
    assert invoke("set-status", str(checked), "--status", "verified", "--verdict", "false").exit_code == 0
    assert invoke("set-url", str(checked), "https://factdesk.example/checks/evacuations").exit_code == 0
    site.story("/northline.xml", "again", "Evacuation praised", REPEAT_STORY, published="2026-03-15")
    site.story("/courier.xml", "maybe", "Radio interview", POSSIBLE_STORY, published="2026-03-16")
    second = invoke("watch", "run", "--all")
    assert second.exit_code == 0, second.output
    assert "1 repeat" in second.stderr and "1 possible repeat" in second.stderr
    found = [json.loads(line) for line in invoke("repeats", "--format", "jsonl").output.splitlines()]
    assert [r["kind"] for r in found] == ["repeat", "possible"]
    repeat, possible = found
    assert repeat["claim_id"] == checked and repeat["verdict"] == "false"
    assert repeat["fact_check_url"] == "https://factdesk.example/checks/evacuations"
    assert repeat["outlet"] == "Northline News" and repeat["url"] == site.web.url("/again.html")
    assert "Over 2,000 valley residents were evacuated to safety overnight" in repeat["sentence"]
    assert repeat["score"] >= 90 and repeat["published"] == "2026-03-15"
    assert possible["outlet"] == "Harbour Courier" and 44 <= possible["score"] < 90
    assert possible["claim"] == CHECKED and "during the night" in possible["sentence"]
    listed = {r["id"]: r["last_poll"] for r in
              map(json.loads, invoke("watch", "list", "--format", "jsonl").output.splitlines())}
    assert listed == {1: "ok: 2 entries, 1 new article (1 claim), 1 possible repeat",
                      2: "ok: 2 entries, 1 new article (2 claims), 1 repeat"}


def test_watch_run_says_what_failed_and_exits_1(invoke, web):
    web.add("/down.xml", "<html>down</html>", status=503)
    assert invoke("watch", "add", web.url("/down.xml")).exit_code == 0
    failed = invoke("watch", "run")
    assert failed.exit_code == 1
    assert f"watch: #1 {web.url('/down.xml')}: failed: {web.url('/down.xml')}: HTTP 503" in failed.stderr
    idle = invoke("watch", "run")  # backing off: nothing is due
    assert idle.exit_code == 0 and "watch: nothing due" in idle.stderr
    forced = invoke("watch", "run", "1")
    assert forced.exit_code == 1 and "(2 failures in a row, backing off)" in forced.stderr
    table = invoke("watch", "list")
    assert table.exit_code == 0 and "failing (2 times" in table.output
    usage = invoke("watch", "run", "--forever", "--all")
    assert usage.exit_code == 2 and "--forever polls every source on its schedule" in usage.stderr

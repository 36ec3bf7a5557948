"""`claims ingest URL`, `claims ingest page.html`, `claims ingest --feed`: through the CLI."""

from __future__ import annotations

import json

from .pages import MESSY_ARTICLE, PAYWALL_ARTICLE, rss_feed


def _claims(invoke) -> list[dict]:
    out = invoke("list", "--format", "jsonl").output
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_ingest_urls_reports_each_bad_one_and_goes_on(invoke, web):
    good = web.add("/story", MESSY_ARTICLE)
    pdf = web.add("/doc.pdf", b"%PDF-1.5 x", content_type="application/pdf")
    img = web.add("/pic.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, content_type="image/jpeg")
    err500 = web.add("/broken", "<html>fail</html>", status=500)
    txt = web.add("/notes", "said nobody", content_type="text/plain")
    result = invoke("ingest", good, pdf, img, err500, web.url("/missing"), txt)
    assert result.exit_code == 1
    err = result.stderr
    assert f"{pdf}: is a PDF document, not a web page" in err
    assert f"{img}: is an image (image/jpeg)" in err
    assert f"{err500}: HTTP 500" in err
    assert "/missing: HTTP 404" in err
    assert f"{txt}: is text/plain, not a web page" in err
    assert "ingested 1 article" in err and "5 failed" in err
    claims = _claims(invoke)
    assert {c["outlets"][0] for c in claims} == {"Harbour Courier"}
    articles = json.loads(invoke("articles", "--format", "json").output)
    assert articles[0]["url"] == good and articles[0]["title"] == "Port flood damage disputed"


def test_ingest_html_file_and_extract_offsets(invoke, runner, tmp_path):
    f = tmp_path / "paywalled.html"
    f.write_text(PAYWALL_ARTICLE)
    result = invoke("ingest", str(f))
    assert result.exit_code == 0, result.output
    from tui.entry import cli

    out = runner.invoke(cli, ["extract", str(f), "--format", "json"]).output
    from claims.sources import read_source

    text = read_source(str(f)).text
    records = json.loads(out)
    assert records
    for r in records:
        assert text[r["start"]:r["end"]] == r["quote"]


def test_ingest_feed_with_progress_summary_and_memory(invoke, web):
    web.add("/a", MESSY_ARTICLE)
    web.add("/b", PAYWALL_ARTICLE)
    feed = web.add("/rss", rss_feed(web.base, [("1", "/a", None), ("2", "/b", None), ("3", "/gone", None)]),
                   content_type="application/rss+xml")
    first = invoke("ingest", "--feed", feed)
    assert first.exit_code == 1  # one entry failed
    assert "entry 3 ('Story 3'): " in first.stderr and "HTTP 404" in first.stderr
    assert "feed Harbour Courier: 3 entries; 2 new articles" in first.stderr
    second = invoke("ingest", "--feed", feed)
    assert "0 new articles" in second.stderr and "2 seen before" in second.stderr
    assert web.hits["/a"] == 1


def test_ingest_needs_something(invoke):
    result = invoke("ingest")
    assert result.exit_code == 2
    assert "--feed" in result.stderr


def test_bad_feed_is_one_line(invoke, web):
    page = web.add("/page", MESSY_ARTICLE)
    result = invoke("ingest", "--feed", page)
    assert result.exit_code == 1
    assert "not an RSS or Atom feed" in result.stderr
    assert "Traceback" not in result.output


def test_settings_web_limits_apply(invoke, web, tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[web]\nmax_mb = 1\ntimeout = 0.5\n")
    monkeypatch.setenv("CLAIMS_CONFIG", str(cfg))
    big = web.add("/big", stream_bytes=3 * 1024 * 1024)
    slow = web.add("/slow", MESSY_ARTICLE, delay=2)
    result = invoke("ingest", big, slow)
    assert f"{big}: the page is larger than the 1 MB limit" in result.stderr
    assert f"{slow}: timed out" in result.stderr
    assert result.exit_code == 1

"""The morning report: its figures, a valid self-contained page, Markdown, the command, and the
page as a real browser renders it (headless Chromium; skipped where it is not installed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from claims.models import Article, Claim, utcnow
from claims.report import build_report, render_html, render_markdown
from claims.services.review import set_status
from tests.browser import CHROMIUM, Chromium
from tests.stories import CHECKED, FIRST, MERGED, SUGGESTED, UNRELATED, claim_id, ingest_text

HOSTILE = ('"The <script>alert(1)</script> budget | will double," councillor Ada Rook said on Tuesday.')


@pytest.fixture
def morning(db):
    """A checked claim, a repeat (from an article whose stored URL is a script), a possible
    repeat, and new claims nobody reviewed (one with markup in its text and outlet)."""
    ingest_text(db, FIRST, "levee.txt", outlet="Harbour Courier")
    cid = claim_id(db, CHECKED)
    set_status(db, [cid], reviewer="ana", status="verified", verdict="false")
    with db.session() as s:
        s.get(Claim, cid).fact_check_url = "https://factdesk.example/checks/evacuations"
    repeat = ingest_text(db, MERGED, "again.txt")
    ingest_text(db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    ingest_text(db, UNRELATED, "fares.txt")
    ingest_text(db, HOSTILE, "council.txt", outlet="Town <b>Crier</b>")
    with db.session() as s:  # as an older version may have stored it: the report must not link it
        s.get(Article, repeat.article_id).url = "javascript:alert(2)"
    return db, cid


def test_the_figures(morning):
    db, cid = morning
    report = build_report(db, since=utcnow() - timedelta(hours=1), since_text="an hour ago")
    assert report.new_articles == 5
    assert report.known_again == 1  # the merged wording joined the checked claim
    assert report.verdicts_given == [("false", 1)]
    assert [r.kind for r in report.repeats] == ["repeat"] and [p.outlet for p in report.possible] == ["Valley Radio"]
    assert report.repeats[0].to_record()["url"] is None  # never written out
    [top] = report.top_repeats
    assert (top.claim_id, top.times, top.outlets, top.verdict) == (cid, 1, ["Northline News"], "false")
    assert report.repeats_by_verdict == [("false", 1)] and report.repeats_by_outlet == [("Northline News", 1)]
    worth = [c.text for c in report.worth_checking]
    assert CHECKED not in worth and len(worth) == report.new_claims - 1  # the checked one is reviewed
    assert len(report.per_day) >= 14 and report.per_day[-1][1] == report.new_claims + report.known_again
    later = build_report(db, since=utcnow() + timedelta(minutes=1))
    assert (later.new_articles, later.repeats, later.verdicts_given) == (0, [], [])


def test_the_page_is_valid_self_contained_and_escaped(morning):
    import html5lib

    db, _ = morning
    page = render_html(build_report(db, since=utcnow() - timedelta(hours=1), since_text="an hour ago"))
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)  # raises on any parse error
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    assert tree.findall(".//script") == [] and tree.findall(".//link") == [] and tree.findall(".//img") == []
    links = [a.get("href") for a in tree.iter("a")]
    assert "https://factdesk.example/checks/evacuations" in links
    assert all(re.match(r"https?://", href) for href in links)  # never javascript:
    assert "javascript:" not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Town &lt;b&gt;Crier&lt;/b&gt;" in page
    svgs = tree.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 3
    bars = [len(s.findall(".//{http://www.w3.org/2000/svg}rect")) for s in svgs]
    assert bars[0] >= 14 and bars[1] == 1 and bars[2] == 1  # days; one verdict given; one outlet
    assert "More than 2,000 residents were moved to safety overnight" in page


def test_markdown_for_a_chat_channel(morning):
    db, _ = morning
    text = render_markdown(build_report(db, since=utcnow() - timedelta(hours=1), since_text="an hour ago"))
    assert text.startswith("**Morning report**")
    assert "| More than 2,000 residents were moved to safety overnight | False | 1 | Northline News | " \
           "https://factdesk.example/checks/evacuations |" in text
    assert "Valley Radio" in text and "\\| will double" in text  # a pipe in a cell is escaped
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert re.search(r"^\d\d-\d\d +\d+ █+$", text, re.M)  # the claims-per-day bars


def test_report_command(invoke, db_path, tmp_path):
    from db import Database

    db = Database(str(db_path))
    try:
        ingest_text(db, FIRST, "levee.txt", outlet="Harbour Courier")
    finally:
        db.close()
    out = tmp_path / "morning.html"
    done = invoke("report", "--since", "yesterday", "-o", str(out))
    assert done.exit_code == 0, done.output
    assert f"wrote {out}: 1 new article(s), 2 new claim(s)" in done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = invoke("report", "--format", "md")
    assert md.exit_code == 0 and md.output.startswith("**Morning report**")
    bad = invoke("report", "--since", "banana")
    assert bad.exit_code == 1 and "--since:" in bad.stderr and "Traceback" not in bad.stderr
    nowhere = invoke("report", "-o", str(tmp_path / "missing" / "r.html"))
    assert nowhere.exit_code == 1 and "cannot write" in nowhere.stderr and nowhere.stderr.count("\n") == 1
    assert not (tmp_path / "missing").exists()


RENDERED = """JSON.stringify({
  charts: [...document.querySelectorAll('figure svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
    return {id: svg.parentElement.id, width: box.width, height: box.height, bars: bars.length,
            drawn: bars.filter(b => b.height > 0 && b.width > 0).length,
            inside: bars.every(b => b.left >= box.left - 0.5 && b.right <= box.right + 0.5
                                  && b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5)};
  }),
  tables: [...document.querySelectorAll('table')].map(t => ({
    rows: t.tBodies[0].rows.length, height: t.getBoundingClientRect().height,
    first: t.tBodies[0].rows[0].innerText})),
  fetched: performance.getEntriesByType('resource').length,
  title: document.title,
})"""


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
@pytest.mark.sqlite_only
def test_the_page_renders_in_a_real_browser(morning, tmp_path):
    import json

    db, _ = morning
    path = tmp_path / "morning.html"
    report = build_report(db, since=utcnow() - timedelta(hours=1))
    path.write_text(render_html(report), encoding="utf-8")
    browser = Chromium()
    try:
        browser.open(path.as_uri())
        seen = json.loads(browser.evaluate(RENDERED))
    finally:
        browser.close()
    assert seen["title"].startswith("Morning report")
    assert seen["fetched"] == 0  # nothing loaded from anywhere: self-contained
    charts = {c["id"]: c for c in seen["charts"]}
    assert set(charts) == {"claims-per-day", "verdicts-given", "repeats-per-outlet"}
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 20 and chart["inside"], chart
    assert charts["claims-per-day"]["drawn"] == sum(1 for _, n in report.per_day if n)  # bars of height > 0
    assert charts["verdicts-given"]["drawn"] == 1 and charts["repeats-per-outlet"]["drawn"] == 1
    tables = seen["tables"]
    assert all(t["height"] > 0 for t in tables)
    assert "More than 2,000 residents were moved to safety overnight" in tables[0]["first"]
    assert "False" in tables[0]["first"] and any("Valley Radio" in t["first"] for t in tables)


def test_an_empty_desk_still_makes_a_report(db):
    report = build_report(db, since=None)
    page = render_html(report)
    assert "No checked claim came back in this period." in page and "nothing in this period" in page
    assert "None waiting." in render_markdown(report)


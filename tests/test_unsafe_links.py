"""Only http(s) links are stored, and only http(s) links are written out (issue 15, finding 3)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.links import check_url, safe_url
from claims.models import Appearance, Article, Claim, Outlet
from claims.services.import_records import ImportFailed
from claims.services.importer import import_text
from tui.entry import cli

JS = "javascript:alert(document.cookie)"
BAD = [JS, "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
       "file:///etc/passwd", "ftp://example.org/x", "vbscript:msgbox", "//example.org/x", "http:///x",
       "https://", "http://exa mple.org/", "https://example.org/\nx", "https:\\\\example.org",
       "http://example.org:port/", "mailto:a@example.org", "https://" + "x" * 2000 + ".org/",
       # hostile pass 3: invisible characters (a bidi override makes the link read as another),
       # a host of no letter or digit, port 0
       "https://example.org/\u202egnp.exe", "https://exa\u200bmple.org/", "https://example.org/\ufeff",
       "https://.", "https://-/", "http://example.org:0/"]
GOOD = ["https://example.org/a?b=1#c", "http://example.org", "HTTPS://Example.org/x",
        "https://[::1]:8080/x", "https://例え.jp/記事"]


@pytest.mark.parametrize("url", BAD)
def test_the_one_check_refuses_what_is_no_http_link(url):
    with pytest.raises(ClaimsError, match="is not an http"):
        check_url(url, "url")
    assert safe_url(url) is None


@pytest.mark.parametrize("url", GOOD)
def test_the_one_check_keeps_http_links(url):
    assert check_url(f"  {url} ", "url") == url
    assert safe_url(url) == url


def _stored(db, model) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("field", ["url", "first_url", "articleUrl", "fact_check_url", "evidence"])
def test_import_refuses_a_javascript_link_in_any_url_field(db, field):
    record = {"text": "The bridge carries 40,000 vehicles a day.", field: JS}
    with pytest.raises(ImportFailed, match=r"line 1: \w+: .*is not an http\(s\) URL"):
        import_text(db, json.dumps(record) + "\n", name="links.jsonl")
    assert _stored(db, Claim) == 0 and _stored(db, Article) == 0


def test_csv_import_refuses_first_url(db):
    text = f"id,claim,first_url\nq1,The bridge carries 40000 vehicles a day.,{JS}\n"
    with pytest.raises(ImportFailed, match="line 2: url: "):
        import_text(db, text, name="links.csv")
    assert _stored(db, Claim) == 0


def test_claimreview_import_refuses_a_javascript_first_appearance(db):
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "Fares fell",
              "url": "https://factdesk.example/fares", "reviewRating": {"alternateName": "False"},
              "itemReviewed": {"@type": "Claim", "firstAppearance": {"@type": "CreativeWork", "url": JS},
                               "appearance": [{"url": "data:text/html,x"}, {"url": "https://ok.example/a"}]}}
    with pytest.raises(ImportFailed, match="is not an http"):
        import_text(db, json.dumps([review]), name="reviews.json", fmt="claimreview")
    review["itemReviewed"]["firstAppearance"]["url"] = "https://courier.example/fares"
    import_text(db, json.dumps([review]), name="reviews.json", fmt="claimreview")
    with db.session() as s:
        claim = s.exec(select(Claim)).one()
    # the other appearances are the claim's too (an article each), the unsafe one left out
    with db.session() as s:
        urls = s.exec(select(Article.url).join(Appearance, Appearance.article_id == Article.id)
                      .where(Appearance.claim_id == claim.id).order_by(Article.id)).all()
    assert urls == ["https://courier.example/fares", "https://ok.example/a"]
    # and said: kept, with why, as a value of the claim's extra (never a link anything writes out)
    left = json.loads(claim.extra)["other_appearances_left_out"]
    assert [(x["field"], x["value"]) for x in left] == [("url", "data:text/html,x")]


def test_an_article_header_url_is_checked(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"Title: Bridge\nURL: {JS}\n\n"
                       "\"The bridge carries 40,000 vehicles a day,\" Mayor Ana Lopez said on Sunday.\n")
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 1
    assert f"{article}: header field URL: " in result.output and "is not an http(s) URL" in result.output
    ok = CliRunner().invoke(cli, ["ingest", str(article), "--url", "https://courier.example/bridge",
                                  "--db", str(tmp_path / "d.db")])
    assert ok.exit_code == 0, ok.output  # --url wins over the header, as for every field


def test_ingest_url_option_is_checked(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("\"The bridge carries 40,000 vehicles a day,\" Mayor Ana Lopez said on Sunday.\n")
    result = CliRunner().invoke(cli, ["ingest", str(article), "--url", JS, "--db", str(tmp_path / "d.db")])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        f"claims: error: --url: {JS!r} is not an http(s) URL"]
    assert not (tmp_path / "d.db").exists() or _count_articles(tmp_path / "d.db") == 0


def _count_articles(path) -> int:
    import sqlite3

    with sqlite3.connect(path) as con:
        return con.execute("SELECT COUNT(*) FROM article").fetchone()[0]


def test_a_page_claiming_a_javascript_url_keeps_no_url(invoke, tmp_path, db_path):
    page = tmp_path / "page.html"
    page.write_text(
        f'<html><head><title>Bridge</title><link rel="canonical" href="{JS}">'
        f'<meta property="og:url" content="{JS}"></head><body><article><p>'
        + "\"The bridge carries 40,000 vehicles a day,\" Mayor Ana Lopez said on Sunday. " * 3
        + "</p><p>The council will vote on the tolls next week, officials said.</p></article></body></html>")
    result = invoke("ingest", str(page))
    assert result.exit_code == 0, result.output
    import sqlite3

    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT url FROM article").fetchall() == [(None,)]


def test_set_url_and_evidence_refuse_other_schemes(invoke, tmp_path):
    assert invoke("import", _one_claim(tmp_path)).exit_code == 0
    refused = invoke("set-url", "1", JS)
    assert refused.exit_code == 1 and "is not an http(s) URL" in refused.output
    refused = invoke("set-status", "1", "--evidence", "data:text/html,x")
    assert refused.exit_code == 1 and "is not an http(s) URL" in refused.output


def _one_claim(tmp_path) -> str:
    path = tmp_path / "one.jsonl"
    path.write_text('{"text": "The bridge carries 40,000 vehicles a day."}\n')
    return str(path)


def test_settings_refuse_an_organisation_url_of_another_scheme(tmp_path, monkeypatch):
    from claims.config import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[organisation]\nname = "Desk"\nurl = "{JS}"\n')
    with pytest.raises(ClaimsError, match=r"\[organisation\] url: .*is not an http\(s\) URL"):
        load_settings(cfg)


def _store_unsafe_rows(db) -> int:
    """Rows as an older version could have stored them: links of any scheme."""
    with db.session() as s:
        outlet = Outlet(name="Courier")
        s.add(outlet)
        s.flush()
        article = Article(text="The bridge carries 40,000 vehicles a day.", content_hash="h-old",
                          url=JS, outlet_id=outlet.id, title="Bridge")
        s.add(article)
        s.flush()
        claim = Claim(text="The bridge carries 40,000 vehicles a day.", status="verified", verdict="false",
                      fact_check_url="javascript:alert(2)",
                      evidence=json.dumps(["javascript:alert(3)", "https://records.example/bridge"]))
        s.add(claim)
        s.flush()
        s.add(Appearance(claim_id=claim.id, article_id=article.id, quote=claim.text, start=0,
                         end=len(claim.text)))
        return claim.id


def test_no_export_writes_a_link_of_another_scheme(db, tmp_path, monkeypatch):
    """CSV, ClaimReview, list and show in every format: the stored javascript: links stay in."""
    _store_unsafe_rows(db)
    cfg = tmp_path / "c.toml"
    cfg.write_text('[organisation]\nname = "Desk"\nurl = "https://desk.example"\n')
    monkeypatch.setenv("CLAIMS_CONFIG", str(cfg))
    runner = CliRunner()
    outputs = {}
    for args in (["export"], ["export", "--format", "claimreview", "--include-incomplete"],
                 ["list", "--format", "json"], ["list", "--format", "csv"], ["list", "--format", "jsonl"],
                 ["show", "1", "--format", "json"], ["show", "1"],
                 ["articles", "--format", "json"], ["articles", "--format", "csv"]):
        result = runner.invoke(cli, [*args, "--db", db.url])
        assert result.exit_code == 0, (args, result.output)
        outputs[" ".join(args)] = result.stdout
    for name, out in outputs.items():
        assert "javascript" not in out.lower(), (name, out)
    rows = list(csv.DictReader(io.StringIO(outputs["export"])))
    assert rows[0]["first_url"] == "" and rows[0]["evidence_links"] == "https://records.example/bridge"
    (review,) = json.loads(outputs["export --format claimreview --include-incomplete"])
    assert "url" not in review["itemReviewed"]["firstAppearance"] and "url" not in review


def test_an_export_with_stored_unsafe_links_imports_back(db, tmp_path):
    _store_unsafe_rows(db)
    runner = CliRunner()
    exported = runner.invoke(cli, ["export", "--db", db.url])
    assert exported.exit_code == 0
    path = tmp_path / "verified.csv"
    path.write_text(exported.stdout)
    back = runner.invoke(cli, ["import", str(path), "--db", str(tmp_path / "other.db")])
    assert back.exit_code == 0, back.output


@pytest.mark.parametrize("typed", ["gauges.example.gov/lindqvist", "www.bbc.co.uk", "example.org/a?b=1"])
def test_a_link_typed_without_its_scheme_is_refused_saying_what_to_write(typed):
    """Refused, as every link without http(s) is (nothing guessed), and the message says what
    was probably meant: a bare 'not an http(s) URL' left the reviewer to work out why."""
    from claims.links import url_problem

    assert url_problem(typed) == f"is not an http(s) URL (it has no scheme: did you mean 'https://{typed}'?)"
    # no guess without a host, nor for a file's name or an address
    for other in ("notaurl", "foo/bar", "notes.txt", "claims.db", "article.html", "10.0.0.1", "a..b/c"):
        assert url_problem(other) == "is not an http(s) URL", other

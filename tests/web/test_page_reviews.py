"""ClaimReview markup in a web page is recorded with the page's ingest (from a URL or an .html
file), as `claims import --format claimreview` records a review; bad JSON-LD is a warning."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim
from claims.services import ingest as ingest_service
from claims.services.claimreview import store_page_reviews
from claims.services.ingest import ingest_paths
from claims.web.jsonld import claimreviews_in_html

from .pages import FACTCHECK_PAGE, MESSY_ARTICLE, REVIEW_LIST_PAGE, rss_feed

REVIEW_URL = "https://factdesk.example/checks/waiting-lists"
CLAIM = "Hospital waiting lists have halved since 2024"


def _count(db, model) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _reviewed(db) -> list[Claim]:
    with db.session() as s:
        return list(s.exec(select(Claim).where(Claim.fact_check_url.is_not(None)).order_by(Claim.id)))


def test_reviews_are_found_in_a_graph_with_references_resolved():
    reviews, warnings = claimreviews_in_html(FACTCHECK_PAGE, source="fc.html")
    [review] = reviews
    assert review["claimReviewed"] == CLAIM
    assert review["itemReviewed"]["author"]["name"] == "Ines Caldera"  # given as {"@id": "#claim"}
    assert review["author"]["name"] == "Harbour Fact Desk"
    assert warnings == ["fc.html: JSON-LD block 2 is not valid JSON (Expecting value, line 1 column 54); "
                        "its markup was ignored"]


@pytest.mark.parametrize("markup", [
    '{"@type": "ClaimReview", "claimReviewed": "A"}',
    '[{"@type": "Thing"}, {"@type": "ClaimReview", "claimReviewed": "A"}]',
    '{"@graph": [{"@type": "ClaimReview", "claimReviewed": "A"}]}',
    '{"@type": "NewsArticle", "review": {"@type": "schema:ClaimReview", "claimReviewed": "A"}}',
    '<!-- {"@type": "https://schema.org/ClaimReview", "claimReviewed": "A"} -->',
    '//<![CDATA[\n{"@type": ["CreativeWork", "ClaimReview"], "claimReviewed": "A"}\n//]]>',
])
def test_every_usual_shape_is_read(markup):
    page = f'<html><head><script type="application/ld+json">{markup}</script></head><body></body></html>'
    reviews, warnings = claimreviews_in_html(page, source="p")
    assert [r["claimReviewed"] for r in reviews] == ["A"] and warnings == []


def test_a_page_from_a_url_records_its_review_in_the_same_ingest(db, web):
    url = web.add("/checks/waiting-lists", FACTCHECK_PAGE)
    [outcome] = ingest_paths(db, [url])
    assert outcome.error is None and outcome.reviews_added == 1
    assert any("JSON-LD block 2 is not valid JSON" in w for w in outcome.warnings)
    [claim] = _reviewed(db)
    assert claim.text == CLAIM
    assert (claim.speaker, claim.speaker_role) == ("Ines Caldera", "Health minister")
    assert (claim.claim_date, claim.date_precision) == ("2026-03-12", "day")
    assert (claim.status, claim.verdict) == ("verified", "mostly_false")
    assert claim.fact_check_url == REVIEW_URL
    assert claim.reviewer == "Harbour Fact Desk" and claim.reviewed_at.date().isoformat() == "2026-03-16"
    with db.session() as s:
        places = {s.get(Article, a.article_id).id: a for a in s.exec(select(Appearance).where(
            Appearance.claim_id == claim.id))}
        page = s.get(Article, outcome.article_id)
        assert page.id in places  # quoted in the page itself, at its place in the stored text
        quote = places[page.id]
        assert page.text[quote.start:quote.end] == CLAIM
        first = next(s.get(Article, i) for i in places if i != page.id)  # and its first appearance
        assert first.url == "https://courier.example/health-debate"


def test_the_page_url_stands_in_for_a_review_without_one(db, web):
    url = web.add("/two", REVIEW_LIST_PAGE)
    [outcome] = ingest_paths(db, [url])
    assert outcome.reviews_added == 1
    [claim] = _reviewed(db)
    assert claim.fact_check_url == url and claim.speaker == "Island Ferries"
    # A label the desk has no verdict for is kept with the claim, which stays unverified.
    assert claim.status == "unverified" and json.loads(claim.extra)["reviewRating"]["alternateName"] == "Pants on Fire"
    assert outcome.warnings == [f"{url}: ClaimReview 2: no text: claimReviewed is missing (the claim itself is "
                                "required: a ClaimReview gives it in claimReviewed, as schema.org and Google's "
                                "fact-check markup define it); not recorded"]


def test_an_html_file_is_read_too_and_nothing_is_half_written(db, tmp_path, monkeypatch):
    page = tmp_path / "check.html"
    page.write_text(FACTCHECK_PAGE)

    def broken(*args, **kwargs):
        raise ClaimsError("matching failed")

    monkeypatch.setattr(ingest_service, "match_new_claims", broken)
    [failed] = ingest_paths(db, [str(page)])
    assert failed.error == "matching failed"
    assert _count(db, Article) == 0 and _count(db, Claim) == 0  # the page and its review, or neither
    monkeypatch.undo()
    [outcome] = ingest_paths(db, [str(page)])
    assert outcome.reviews_added == 1 and _reviewed(db)[0].fact_check_url == REVIEW_URL


def test_the_same_review_on_another_page_is_not_recorded_twice(db, web):
    first = web.add("/a", FACTCHECK_PAGE)
    second = web.add("/b", FACTCHECK_PAGE.replace("Our verdict: mostly false.", "Updated on Monday."))
    ingest_paths(db, [first])
    [outcome] = ingest_paths(db, [second])
    assert outcome.article_id is not None and outcome.reviews_added == 0
    claim_id = _reviewed(db)[0].id
    assert f"{second}: ClaimReview 1: already recorded as claim {claim_id}" in outcome.warnings
    assert len(_reviewed(db)) == 1


BROKEN = [
    "{",  # not JSON
    "[1, 2,",
    "null",
    '"just a string"',
    "[" * 5000 + "]" * 5000,  # nested too deeply
    '{"@type": "ClaimReview", "claimReviewed": {"nested": true}}',
    '{"@type": "ClaimReview", "claimReviewed": ["a", "b"]}',
    '{"@type": "ClaimReview", "claimReviewed": 42, "reviewRating": [1, 2]}',
    '{"@type": "ClaimReview", "claimReviewed": "x", "itemReviewed": "a string", "author": 7}',
    '{"@type": "ClaimReview", "claimReviewed": "x", "reviewRating": {"ratingValue": "NaN"}}',
    '{"@type": "ClaimReview", "claimReviewed": "x", "url": "javascript:alert(1)"}',
    '{"@type": "ClaimReview", "claimReviewed": "x", "datePublished": "yesterday-ish"}',
    '{"@graph": {"@type": "ClaimReview"}}',
    '{"@graph": [{"@id": "#a", "@type": "ClaimReview", "claimReviewed": "x", "itemReviewed": {"@id": "#a"}}]}',
]


@pytest.mark.parametrize("markup", BROKEN)
def test_bad_json_ld_is_a_warning_never_a_crash(invoke, tmp_path, markup):
    page = tmp_path / "page.html"
    page.write_text(MESSY_ARTICLE.replace("</head>", f'<script type="application/ld+json">{markup}</script></head>'))
    result = invoke("ingest", str(page))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "ingested 1 article" in result.stderr
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith("claims: warning: ")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "@id", "@graph", "claimReviewed", "itemReviewed", "author", "name", "url",
                         "reviewRating", "ratingValue", "alternateName", "datePublished", "identifier",
                         "firstAppearance", "appearance", "jobTitle"]), inner, max_size=6),
    max_leaves=25))
def test_any_json_ld_gives_reviews_or_warnings(db_path, value):
    from db import Database

    markup = json.dumps({"@type": "ClaimReview", "claimReviewed": "Fares have not risen", "x": value})
    page = f'<html><head><script type="application/ld+json">{markup}</script>' \
           f'<script type="application/ld+json">{json.dumps(value)}</script></head></html>'
    reviews, warnings = claimreviews_in_html(page, source="p")
    db = Database(str(db_path))
    try:
        with db.session() as session:
            article = Article(text="Fares have not risen, the minister said.", content_hash="h", source="p")
            session.add(article)
            session.flush()
            stored, problems = store_page_reviews(session, article, reviews, source="p")
            assert len(stored) + len(problems) == len(reviews)
            session.rollback()
    finally:
        db.close()


def test_cli_reports_reviews_and_warnings(invoke, web):
    url = web.add("/checks/waiting-lists", FACTCHECK_PAGE)
    result = invoke("ingest", url)
    assert result.exit_code == 0, result.output
    assert f"claims: warning: {url}: JSON-LD block 2 is not valid JSON" in result.stderr
    assert "(1 from ClaimReview markup)" in result.stderr
    records = [json.loads(line) for line in invoke("list", "--format", "jsonl").output.splitlines()]
    assert any(r["verdict"] == "mostly_false" and r["text"] == CLAIM for r in records)


def test_feed_entries_carry_their_reviews(invoke, web):
    web.add("/check", FACTCHECK_PAGE)
    feed = web.add("/rss", rss_feed(web.base, [("1", "/check", None)]), content_type="application/rss+xml")
    result = invoke("ingest", "--feed", feed)
    assert result.exit_code == 0, result.output
    assert "JSON-LD block 2 is not valid JSON" in result.stderr
    exported = invoke("export", "--format", "claimreview", "-o", "-").stdout
    [review] = json.loads(exported)
    assert review["claimReviewed"] == CLAIM and review["url"] == REVIEW_URL
    assert review["reviewRating"]["alternateName"] == "Mostly false"  # the desk's own label

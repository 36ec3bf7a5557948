"""ClaimReview out (schema.org JSON-LD) with a completeness check; and back in."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from claims.config import parse_settings
from claims.errors import ClaimsError
from claims.models import Claim, Event
from claims.services.claimreview import build_claimreviews, dumps, set_fact_check_url
from claims.services.importer import import_text
from claims.services.ingest import ingest_source
from claims.services.queries import ClaimFilter
from claims.services.review import set_status
from claims.sources import ArticleSource
from db import Database

SETTINGS = parse_settings("""
[organisation]
name = "Harbour Fact Desk"
url = "https://factdesk.example"
[verdicts.misleading]
label = "Misleading"
value = 2
""")

ARTICLE = ("Harbour master Jonas Berg said on Friday that the water reached the second floor of "
           "every warehouse on the quay.\n\nCouncil leader Petra Holm said only 12 warehouses had been affected.")


@pytest.fixture
def desk(db):
    ingest_source(db, ArticleSource(source="a", text=ARTICLE, header={}), outlet="Harbour Courier",
                  url="https://courier.example/flood", published=__import__("datetime").date(2026, 3, 14))
    ingest_source(db, ArticleSource(source="b", text=ARTICLE.replace("Friday", "Saturday") + " More.", header={}),
                  outlet="Northline News", url="https://northline.example/f",
                  published=__import__("datetime").date(2026, 3, 15))
    with db.session() as s:
        ids = list(s.exec(select(Claim.id).where(Claim.canonical_id.is_(None)).order_by(Claim.id)))
    return db, ids


VERIFIED = ClaimFilter(status=("verified",))


def test_complete_reviews_only_and_the_rest_listed(desk):
    db, ids = desk
    set_status(db, [ids[0]], reviewer="ana", status="verified", verdict="false")
    set_status(db, [ids[1]], reviewer="ana", status="verified", verdict="misleading")
    set_fact_check_url(db, ids[0], "https://factdesk.example/checks/water", reviewer="ana")
    result = build_claimreviews(db, VERIFIED, settings=SETTINGS)
    assert [r["url"] for r in result.reviews] == ["https://factdesk.example/checks/water"]
    assert [(i.claim_id, i.missing) for i in result.incomplete] == [(ids[1], ["url"])]
    assert f"claims set-url {ids[1]} URL" in str(result.incomplete[0])
    r = result.reviews[0]
    assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
    assert r["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                 "alternateName": "False"}
    assert r["author"] == {"@type": "Organization", "name": "Harbour Fact Desk", "url": "https://factdesk.example"}
    assert r["datePublished"]  # the review date
    item = r["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"]
    assert item["firstAppearance"]["url"] == "https://courier.example/flood"
    assert item["firstAppearance"]["publisher"]["name"] == "Harbour Courier"
    assert item["firstAppearance"]["datePublished"] == "2026-03-14"
    included = build_claimreviews(db, VERIFIED, settings=SETTINGS, include_incomplete=True)
    assert len(included.reviews) == 2
    misleading = included.reviews[1]["reviewRating"]
    assert misleading["alternateName"] == "Misleading" and misleading["ratingValue"] == 2  # from the settings


def test_unset_organisation_is_warned_about(desk):
    db, ids = desk
    result = build_claimreviews(db, VERIFIED, settings=parse_settings(""))
    assert result.warnings and "no organisation set" in result.warnings[0]


def test_set_url_is_checked_logged_and_clearable(desk):
    db, ids = desk
    with pytest.raises(ClaimsError, match="not an http"):
        set_fact_check_url(db, ids[0], "factdesk.example/x", reviewer="ana")
    set_fact_check_url(db, ids[0], "https://factdesk.example/x", reviewer="ana")
    set_fact_check_url(db, ids[0], None, reviewer="ana")
    with db.session() as s:
        assert s.get(Claim, ids[0]).fact_check_url is None
        events = s.exec(select(Event).where(Event.action == "set-url").order_by(Event.id)).all()
    assert [(e.old, e.new) for e in events] == [(None, "https://factdesk.example/x"), ("https://factdesk.example/x", None)]


def test_claimreview_round_trip(desk, tmp_path):
    db, ids = desk
    set_status(db, [ids[0]], reviewer="ana", status="verified", verdict="mostly_false", note="n")
    set_fact_check_url(db, ids[0], "https://factdesk.example/checks/1", reviewer="ana")
    text = dumps(build_claimreviews(db, VERIFIED, settings=SETTINGS).reviews)
    other = Database(str(tmp_path / "archive.db"))
    try:
        report = import_text(other, text, name="reviews.json", settings=SETTINGS)
        assert report.format == "claimreview" and report.imported == 1
        with other.session() as s:
            c = s.exec(select(Claim)).one()
            again = dumps(build_claimreviews(other, VERIFIED, settings=SETTINGS).reviews)
    finally:
        other.close()
    with db.session() as s:
        original = s.get(Claim, ids[0])
    assert (c.text, c.verdict, c.status, c.fact_check_url, c.speaker) == (
        original.text, "mostly_false", "verified", "https://factdesk.example/checks/1", original.speaker)
    assert c.reviewer == "Harbour Fact Desk"
    a, b = json.loads(text)[0], json.loads(again)[0]
    assert a["itemReviewed"]["firstAppearance"] == b["itemReviewed"]["firstAppearance"]
    assert a["reviewRating"] == b["reviewRating"] and a["url"] == b["url"]


def test_other_organisations_claimreview_with_graph_and_unknown_label(db):
    doc = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "ignored"},
        {"@type": "ClaimReview", "url": "https://other.example/c/1", "claimReviewed": "Wind farms kill 1 million birds a year",
         "author": {"@type": "Organization", "name": "Other Checkers"}, "datePublished": "2025-05-01",
         "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": "1",
                          "alternateName": "Pants on Fire"},
         "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Blogger"},
                          "appearance": [{"@type": "CreativeWork", "url": "https://blog.example/p"}]}},
        {"@type": "ClaimReview", "url": "https://other.example/c/2", "claimReviewed": "Tides are rising 3 cm a year",
         "reviewRating": {"@type": "Rating", "alternateName": "Needs context"}},
        {"@type": "ClaimReview", "url": "https://other.example/c/3"},
    ]}
    report = import_text(db, json.dumps(doc, indent=1), name="other.jsonld", skip_bad=True)
    assert report.imported == 2
    assert [str(b) for b in report.bad] == ["record 1 item 3: no text: claimReviewed is missing (the claim itself is "
                                            "required: a ClaimReview gives it in claimReviewed, as schema.org "
                                            "and Google's fact-check markup define it)"]
    with db.session() as s:
        first, second = s.exec(select(Claim).order_by(Claim.id)).all()
    assert (first.verdict, first.status, first.speaker) == ("false", "verified", "A. Blogger")  # from the 1..5 value
    assert (second.verdict, second.status) == (None, "unverified")
    assert json.loads(second.extra)["reviewRating"]["alternateName"] == "Needs context"


def test_cli_export_claimreview(invoke, db_path, tmp_path):
    db = Database(str(db_path))
    try:
        ingest_source(db, ArticleSource(source="a", text=ARTICLE, header={}), outlet="Harbour Courier")
        with db.session() as s:
            ids = list(s.exec(select(Claim.id).order_by(Claim.id)))
        set_status(db, ids, reviewer="ana", status="verified", verdict="true")
    finally:
        db.close()
    assert invoke("set-url", str(ids[0]), "https://factdesk.example/1").exit_code == 0
    out = tmp_path / "cr.json"
    result = invoke("export", "--format", "claimreview", "-o", str(out))
    assert result.exit_code == 0
    assert f"left out: claim {ids[1]}: lacks url" in result.stderr
    assert "wrote 1 ClaimReview to" in result.stderr and "left out 1 incomplete" in result.stderr
    assert len(json.loads(out.read_text())) == 1
    result = invoke("export", "--format", "claimreview", "--include-incomplete")
    assert len(json.loads(result.stdout)) == 2
    assert f"incomplete: claim {ids[1]}" in result.stderr
    bad = invoke("set-url", str(ids[0]), "ftp://x")
    assert bad.exit_code == 1 and "not an http(s) URL" in bad.stderr

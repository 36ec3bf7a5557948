"""Web pages as articles: main text only, metadata kept, offsets into the stored text."""

from __future__ import annotations

import pytest
from sqlmodel import select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim
from claims.services.ingest import ingest_source
from claims.sources import expand_paths, read_source
from claims.web.html import extract_page

from .pages import (
    MESSY_ARTICLE,
    METADATA_DATE_ARTICLE,
    NO_DATE_ARTICLE,
    NOT_AN_ARTICLE,
    PAYWALL_ARTICLE,
)


def test_messy_page_keeps_the_story_and_drops_the_rest():
    page = extract_page(MESSY_ARTICLE, source="messy")
    assert page.title == "Port flood damage disputed"
    assert page.author == "Mara Lindqvist"
    assert page.sitename == "Harbour Courier"
    assert page.date == "2026-03-14"
    assert "more than 40 million euros" in page.text
    assert "only 12 warehouses" in page.text
    for debris in ("ADVERTISEMENT", "SPONSORED", "Doctors hate", "tracker", "cookies", "troll99",
                   "fake news", "my cousin", "Ten things", "All rights reserved", "Home | News",
                   "mortgage"):
        assert debris not in page.text, debris


def test_paywall_stub_is_left_out():
    page = extract_page(PAYWALL_ARTICLE, source="paywall")
    assert "18 percent" in page.text and "90 euros" in page.text
    assert "Subscribe" not in page.text and "free articles" not in page.text
    assert page.sitename == "Northline News"
    assert page.date == "2026-02-02"


def test_date_only_in_metadata_is_found():
    page = extract_page(METADATA_DATE_ARTICLE, source="meta")
    assert page.date == "2025-11-03"
    assert page.author == "Tomas Eklund"
    assert "2025" not in page.text  # the date really is only in the metadata


def test_no_date_is_none_not_today():
    page = extract_page(NO_DATE_ARTICLE, source="nodate")
    assert page.date is None
    assert page.title == "Ferry timetable changes"


def test_page_without_article_text_is_refused():
    with pytest.raises(ClaimsError, match="no article text"):
        extract_page(NOT_AN_ARTICLE, source="login.html")


def test_html_file_is_read_as_an_article(tmp_path):
    f = tmp_path / "story.html"
    f.write_text(MESSY_ARTICLE, encoding="utf-8")
    src = read_source(str(f))
    assert src.header["title"] == "Port flood damage disputed"
    assert src.header["outlet"] == "Harbour Courier"
    assert src.header["published"] == "2026-03-14"
    assert "<p>" not in src.text


def test_folders_include_html_files(tmp_path):
    (tmp_path / "a.html").write_text(MESSY_ARTICLE)
    (tmp_path / "b.htm").write_text(PAYWALL_ARTICLE)
    (tmp_path / "c.txt").write_text("Plain text said someone.")
    (tmp_path / "d.png").write_bytes(b"\x89PNG")
    assert [p.rsplit("/", 1)[1] for p in expand_paths([str(tmp_path)])] == ["a.html", "b.htm", "c.txt"]


def test_cp1252_page_with_meta_charset(tmp_path):
    html = MESSY_ARTICLE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "more than 40 million euros", "more than 40 million \u20ac")
    f = tmp_path / "old.html"
    f.write_bytes(html.encode("cp1252"))
    assert "40 million \u20ac" in read_source(str(f)).text


def test_ingest_stores_extracted_text_and_offsets_point_into_it(db, tmp_path):
    f = tmp_path / "story.html"
    f.write_text(MESSY_ARTICLE, encoding="utf-8")
    outcome = ingest_source(db, read_source(str(f)))
    assert outcome.ok and outcome.claims_added >= 2
    with db.session() as s:
        article = s.exec(select(Article)).one()
        assert article.title == "Port flood damage disputed"
        assert article.author == "Mara Lindqvist"
        assert article.published.isoformat() == "2026-03-14"
        assert "<" not in article.text and "troll99" not in article.text
        apps = s.exec(select(Appearance)).all()
        assert apps
        for a in apps:
            assert article.text[a.start:a.end] == a.quote
        speakers = {c.speaker for c in s.exec(select(Claim)).all()}
    assert "Petra Holm" in speakers

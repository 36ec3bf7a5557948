"""The desk's ingest (preview, then store what was accepted) keeps what `claims ingest` keeps of
a web page: its ClaimReview markup and the article's author. The preview built the article
record without them, so a desk ingest of a fact-check page lost its reviews."""

from __future__ import annotations

from sqlmodel import select

from claims.models import Article, Claim
from claims.services.ingest_preview import preview_path, store_preview

STORY = ("The mayor said on Monday that the new harbour bridge cost 40 million euros, far more than "
         "the council had planned.")
REVIEW = ('{"@type": "ClaimReview", "claimReviewed": "The harbour bridge cost 40 million euros", '
          '"url": "https://fc.example/bridge", "reviewRating": {"alternateName": "False"}}')
PAGE = (f'<html><head><title>Bridge</title><meta name="author" content="Ana Lind">'
        f'<script type="application/ld+json">{REVIEW}</script></head>'
        f"<body><article><p>{STORY}</p></article></body></html>")


def test_a_desk_ingest_of_a_fact_check_page_stores_its_review(db, web):
    preview = preview_path(db, web.add("/checks/bridge", PAGE))
    outcome = store_preview(db, preview, list(range(len(preview.claims))))
    assert outcome.reviews_added == 1, outcome
    with db.session() as s:
        texts = list(s.exec(select(Claim.text)).all())
        article = s.get(Article, outcome.article_id)
        assert "The harbour bridge cost 40 million euros" in texts
        assert article.author == "Ana Lind"


def test_the_preview_of_an_article_stored_already_warns_of_nothing(db, tmp_path):
    """The desk's preview of an article stored already still warned that it would be stored
    undated (a year-1066 header date), as if it were to be stored; `claims ingest` says only
    that it is there (found in review of 165bf4f)."""
    page = tmp_path / "old.txt"
    page.write_text(f"Published: 12 March 1066\n\n{STORY}\n", encoding="utf-8")
    first = preview_path(db, str(page))
    assert any("1066" in w for w in first.warnings), first.warnings
    store_preview(db, first, list(range(len(first.claims))))
    again = preview_path(db, str(page))
    assert again.duplicate_of is not None and again.warnings == []

"""Pages read by the linear pre-passes of issue 15 (72ea18e, 8a9fa23) as a parser reads them: a
`>` inside a quoted attribute value ends no tag, a value's words are no attributes, and a
`<script` inside a comment or in another element's name opens no JSON-LD block."""

from __future__ import annotations

import time

import pytest

from claims.services.ingest import ingest_paths
from claims.web.html import MAX_ATTRIBUTES, _fewer_attributes
from claims.web.jsonld import claimreviews_in_html
from tests.hostile import stored_claims

STORY = ("The mayor said on Monday that the new harbour bridge cost 40 million euros, far more than "
         "the council had planned.")
MANY = " ".join(f'a{i}="x"' for i in range(MAX_ATTRIBUTES + 44))


def _page(p_tag: str) -> str:
    return (f"<html><head><title>Bridge</title></head><body><article>{p_tag}{STORY}</p>"
            "</article></body></html>")


def test_a_quoted_gt_in_a_tag_of_many_attributes_leaks_nothing_into_the_article(db, tmp_path):
    """The pre-pass ended the tag at the `>` inside title="a > b tooltip tail": the tag was
    made bare up to there and the rest of it, 'b tooltip tail">', became the article's text."""
    page = tmp_path / "bridge.html"
    page.write_text(_page(f'<p {MANY} title="a > b tooltip tail">'), encoding="utf-8")
    [outcome] = ingest_paths(db, [str(page)])
    assert outcome.error is None, outcome.error
    with db.session() as s:
        from claims.models import Article

        text = s.get(Article, outcome.article_id).text
    assert text == STORY


def test_the_words_of_a_long_value_are_no_attributes():
    """An `<img>` whose alt text has 600 words was counted as 600 attributes and reached the
    parser bare: its alt text and its src were lost."""
    alt = " ".join(f"word{i}" for i in range(600))
    page = _page(f'<p><img alt="{alt}" src="bridge.png">')
    assert _fewer_attributes(page) == page
    quoted_gt = _page(f'<p title="a > b" {MANY}>')  # the many attributes after the quoted '>' counted
    assert _fewer_attributes(quoted_gt) == _page("<p>")


@pytest.mark.parametrize("shape", [
    "<p " + " ".join(f'a{i}="x > y"' for i in range(200_000)) + ">",  # 200,000 attributes, each with a '>'
    '<p a="x' * 150_000,  # tags whose quotes never close
    "<p " + '"<p" ' * 200_000,  # tags inside what reads as quoted values
    "<!--" * 250_000 + "<script>" * 100_000,
    '</p a="x' * 150_000,  # end tags whose quotes never close
    '<p class="x">a</p>' * 300_000,  # a page of many ordinary tags (5 MB) passes them over in C
])
def test_hostile_pages_are_read_in_linear_time(shape):
    started = time.monotonic()
    _fewer_attributes(shape)
    claimreviews_in_html(shape, source="p")
    assert time.monotonic() - started < 3


REVIEW = ('{"@type": "ClaimReview", "claimReviewed": "The harbour bridge cost 40 million euros", '
          '"url": "https://fc.example/bridge", "reviewRating": {"alternateName": "False"}}')


@pytest.mark.parametrize("before", [
    '<!-- <script type="application/ld+json"> -->',  # an opening commented out
    '<script-loader src="/app.js"></script-loader>',  # an element whose name begins with script
    '<script type="text/x-template"><script type="application/ld+json"></script>',  # quoted in a script
    '<div></div title="1 > 0 <script> tag">',  # a quoted '>' in an end tag's attribute (found in review)
])
def test_a_script_that_is_not_one_hides_no_claimreview(db, web, before):
    """`<script` in a comment or a `<script-loader>` opened a block that ran to the first
    `</script>`, the real ClaimReview block's: the page's review was not read."""
    page = (f"<html><head>{before}<script type=\"application/ld+json\">{REVIEW}</script></head>"
            f"<body><article><p>{STORY}</p></article></body></html>")
    reviews, warnings = claimreviews_in_html(page, source="p")
    assert [r["claimReviewed"] for r in reviews] == ["The harbour bridge cost 40 million euros"]
    assert warnings == []
    [outcome] = ingest_paths(db, [web.add("/checks/bridge", page)])
    assert outcome.error is None and outcome.reviews_added == 1, outcome
    assert [c.fact_check_url for c in stored_claims(db) if c.fact_check_url] == ["https://fc.example/bridge"]

"""A web page's figures grouped by a no-break, narrow no-break or thin space ("12&nbsp;000", as
French, Swiss and SI style write them) keep that space: trafilatura wrote it as a plain space,
so the stored "2 500" was two numbers to the matcher and a conflict with "2,500" from another
outlet (the import and the plain-text ingest kept it already: tests/test_review_hostile_20.py).
"""

from __future__ import annotations

import pytest

from claims.web.html import extract_page
from tests.hostile import run, stored_claims

PAGE = """<html><head><title>Flood toll rises to 12{space}000</title></head><body><article>
<h1>Flood toll rises to 12{space}000</h1>
<p>The regional governor said on Monday that 12{space}000 people had been evacuated from the
valley, a figure the provincial authorities confirmed later in the evening.</p>
<p>Mr{space}Okafor said the water reached the old bridge at 3{space}pm, witnesses reported.</p>
</article></body></html>"""

SPACES = {"&nbsp;": "\u00a0", "&#160;": "\u00a0", "&#xA0;": "\u00a0", "\u00a0": "\u00a0",
          "&#8239;": "\u202f", "&#x202F;": "\u202f", "\u202f": "\u202f",
          "&thinsp;": "\u2009", "&#8201;": "\u2009", "\u2009": "\u2009"}


@pytest.mark.parametrize("written", list(SPACES))
def test_a_digit_groups_space_survives_the_page_reader(written):
    page = extract_page(PAGE.format(space=written), source="p.html")
    kept = SPACES[written]
    assert f"12{kept}000 people" in page.text
    assert page.title == "Flood toll rises to 12 000"  # a title's spaces are one plain space each
    # no digit group: a plain space as before ('3 pm' is no figure of three digits)
    assert "Mr Okafor" in page.text and "at 3 pm" in page.text
    assert not any("\u2e00" <= c <= "\u2e02" for c in page.text)


def test_a_page_holding_the_stand_in_itself_reads_as_before():
    page = extract_page(PAGE.format(space="&nbsp;").replace("a figure the", "a figure \u2e00 the"),
                        source="p.html")
    assert "12 000 people" in page.text and "\u2e00" in page.text


def test_an_ingested_page_and_a_text_article_hold_one_figure(db, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(space="&nbsp;").replace("12&nbsp;000 people", "2&nbsp;500 people"),
                    encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("Title: Flood\n\nThe regional governor said on Monday that 2,500 people had been "
                     "evacuated from the valley, a figure the provincial authorities confirmed later in "
                     "the evening.\n", encoding="utf-8")
    for path in (page, plain):
        result = run(db, "ingest", str(path), "--published", "2026-12-01")
        assert result.exit_code == 0, result.output
    assert "0 conflict(s)" in result.output and "1 duplicate(s) merged" in result.output, result.output
    assert any("2\u00a0500" in c.text for c in stored_claims(db))

"""Fixes of what review found in this session's hostile-pass and noticed-item commits (issue 15)."""

from __future__ import annotations

from claims.extraction import extract_claims


def test_a_statement_in_guillemets_is_stored_as_the_article_writes_it():
    """c43de0a reads « » as “ ” to find quotations; the statement was then stored with “ ”,
    marks the article does not hold ('the “Plan Marshall” cost ...'; German »…« as ”…”)."""
    text = ("The minister said the «Plan Marshall» cost 12 billion euros in 2023, a record.\n\n"
            "The minister said »Wir haben im Jahr 2023 zwölf Krankenhäuser geschlossen.« on Monday.\n")
    found = [c.text for c in extract_claims(text)]
    assert "the «Plan Marshall» cost 12 billion euros in 2023, a record" in found
    assert any(t.startswith("»Wir haben") and "geschlossen.«" in t for t in found), found
    assert not any(ch in t for t in found for ch in "“”")


def test_a_foreign_word_said_twice_does_not_make_english_foreign():
    """c43de0a spared a quotation holding two function words of French, Polish ... the English
    fragment rule; 'la la land' (one, twice) became a claim."""
    from claims.extraction.fragments import is_fragment

    assert is_fragment("la la land", quoted=True)
    assert not is_fragment("Nous avons 12 hopitaux dans la region.", quoted=True)

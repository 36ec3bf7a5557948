"""A statement whose extraction raises (a bug) costs its paragraph, not the whole article:
`extract_claims`, which never raises, gave nothing for the article (0dae198: a statement of
figures alone made the fragment rule raise, and every claim of its article was lost)."""

from __future__ import annotations

from claims.extraction import extractor, fragments
from claims.extraction.extractor import extract_claims

ARTICLE = ("The mayor said the levee budget rose by 12 percent last year.\n\n"
           "The governor said the BOOM shelters opened on Friday in the valley.\n\n"
           "Engineers said the river peaked at 7.4 metres on Saturday night.\n")


def test_the_other_paragraphs_keep_their_claims_with_their_offsets(monkeypatch):
    whole = extract_claims(ARTICLE)
    assert len(whole) == 3
    real = fragments.is_fragment

    def raises_on_boom(statement, *, quoted):
        if "BOOM" in statement:
            raise IndexError("a bug in one statement")
        return real(statement, quoted=quoted)

    monkeypatch.setattr(extractor, "is_fragment", raises_on_boom)
    kept = extract_claims(ARTICLE)
    assert [c.text for c in kept] == [whole[0].text, whole[2].text]
    for claim in kept:
        assert ARTICLE[claim.start:claim.end] == claim.quote
        assert ARTICLE[claim.speaker_start:claim.speaker_end] in ("The mayor", "Engineers", "mayor")

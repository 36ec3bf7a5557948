"""Any text: extraction returns claims whose offsets fit and whose quote is the text there."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract_claims
from claims.transcripts import extract_transcript

# Text built from the pieces that drive the extractor, mixed with arbitrary characters,
# so quotes, cues and punctuation meet in every odd combination.
PIECES = st.sampled_from(
    [" said ", " told ", " according to ", ", ", ". ", "“", "”", '"', "—", ":", "\n", "\n\n",
     "Kirby", "the official", "he", " that ", "Sunday", "[ad_1]", "CNN\n—\n", "Source link",
     "\x00", "\x1b", "\r", "\t", "’", "Mr. ", "U.S. ", " 2024 ", "April 1", " was quoted as saying "]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


def _check(text, claims):
    assert isinstance(claims, list)
    for c in claims:
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start : c.end] == c.quote
        if c.speaker_start is not None:
            assert 0 <= c.speaker_start <= c.speaker_end <= len(text)
        assert 0.0 <= c.checkworthiness <= 1.0
    assert [c.start for c in claims] == sorted(c.start for c in claims)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.one_of(st.none(), st.dates()))
def test_extract_claims_on_any_text(text, published):
    _check(text, extract_claims(text, published=published))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_extract_claims_on_arbitrary_unicode(text):
    _check(text, extract_claims(text, published=dt.date(2024, 4, 14)))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_transcripts_on_any_text(text):
    _check(text, extract_transcript(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " " * 1000,
        "“" * 5000,
        "said " * 20000,
        "x" * 5_000_000,  # one huge line
        "word " * 1_000_000,  # 5 MB, no punctuation
        "Kirby said the attack failed, “and " * 2000,  # unbalanced quotes
        "“He said,” she said. " * 3000,
        "Kirby said the attack failed, officials said. “We won,” he said.\n" * 3000,
    ],
    ids=["empty", "spaces", "opening-quotes", "said", "one-line", "5mb-words", "unbalanced",
         "nested", "dense"],
)  # fmt: skip
def test_big_and_degenerate_inputs(text):
    _check(text, extract_claims(text, published=dt.date(2024, 4, 14)))

"""A fifth hostile pass (issue 15's classes, other inputs than passes 1-4): extraction of one
paragraph of thousands of quotes, JSON lines holding Unicode line separators, dates counted
past year 1 or 9999, look-alike hosts in links. Each fails before its fix."""

from __future__ import annotations

import pytest

from claims.extraction import segments
from claims.extraction.extractor import extract_claims


class _CountingList(list):
    """A paragraph's sentences, counting each one read (walked or indexed)."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            _CountingList.reads += 1
            yield item

    def __getitem__(self, index):
        _CountingList.reads += 1
        return super().__getitem__(index)


def test_quotes_in_one_long_paragraph_find_their_sentence_without_walking_all(monkeypatch):
    """Each quote looked its sentence up by walking every sentence of its paragraph: 25,000
    quoted statements on one line (1 MB) took 25 s to extract, 72 of 75 s under a profiler
    in that walk. The reads per sentence must not grow with the paragraph."""
    split = segments.split_sentences
    monkeypatch.setattr(segments, "split_sentences", lambda *a: _CountingList(split(*a)))
    n = 1500
    text = " ".join(f'"The budget rose {i} percent," he said.' for i in range(n)) + "\n"
    _CountingList.reads = 0
    claims = extract_claims(text)
    assert len(claims) == n
    assert _CountingList.reads < 60 * n, _CountingList.reads  # was about 4.5 million

"""A long text's claims, section by section: bounded memory, both cores, a progress bar.

An article up to ``WHOLE_CHARS`` characters (every news article, most reports) is read whole,
as :func:`claims.extraction.extract_claims` reads it. A longer one (a book-length report,
a dump of many articles, a hostile file) is cut at paragraph breaks into sections of about
``SECTION_CHARS``, each read as a text of its own, in worker processes when there are several
(`claims.workers`, a few sections read ahead), and its claims handed on a section at a time,
in text order, with offsets into the whole text, so the caller need not hold them all.

What a section cannot see is what lies in another: a pronoun opening a section has no earlier
speaker to stand for, a short name ("Ruiz said") is completed only from names in its own
section, and a section's first line is read as a text's first line is (a headline, a
dateline). Sections are long (hundreds of paragraphs) and cut where a paragraph ends; in a
dump of many articles, reading it whole let names run across articles (README, "Ingest").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator

from claims.extraction.extractor import MAX_TEXT, extract_claims
from claims.extraction.types import ExtractedClaim
from claims.workers import WorkerPool

WHOLE_CHARS = 200_000  # read whole up to this; the longest news articles are a tenth of it
SECTION_CHARS = 100_000
SECTION_WORKERS = 2
_PARAGRAPH_END_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_END_RE = re.compile(r"\n")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*\s")


def section_spans(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each section: ``size`` characters (``SECTION_CHARS``), then on to the
    next paragraph break (else line break, else sentence end, within another ``size``; else
    cut there)."""
    size = size or SECTION_CHARS
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        goal = start + size
        if goal >= n:
            spans.append((start, n))
            break
        end = None
        for pattern in (_PARAGRAPH_END_RE, _LINE_END_RE, _SENTENCE_END_RE):
            m = pattern.search(text, goal, min(n, goal + size))
            if m:
                end = m.end()
                break
        end = end or min(n, goal + size)
        spans.append((start, end))
        start = end
    return spans


def sectioned(text: str) -> bool:
    """Is this text read in sections (see the module docstring)?"""
    return WHOLE_CHARS < len(text) <= MAX_TEXT


def extract_sections(
    text: str, *, published: dt.date | None = None, workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[list[ExtractedClaim]]:
    """Each section's claims in text order, offsets into ``text`` (one list for a text read
    whole). ``progress(characters read, all)`` hears each section done. Close the iterator
    (or read it to the end) to stop its workers."""
    if not sectioned(text):
        yield extract_claims(text, published=published)
        return
    spans = section_spans(text)
    if workers is None:
        workers = min(SECTION_WORKERS, len(spans))
    if progress is not None:
        progress(0, len(text))  # the size known from the start: a bar, not a spinner
    with SectionReader(published, workers) as reader:
        for (start, end), found in zip(spans, reader.map(text[s:e] for s, e in spans), strict=True):
            yield [_shifted(claim, start) for claim in found]
            if progress is not None:
                progress(end, len(text))


def read_claims(text: str, *, published: dt.date | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[ExtractedClaim]:
    """All the claims of ``text``, read as an ingest reads it (whole, or by sections, each
    section read told to ``progress(characters read, all)``)."""
    return [claim for part in extract_sections(text, published=published, progress=progress) for claim in part]


class SectionReader(WorkerPool):
    """Extract the claims of sections of one article, in ``workers`` processes (none: here)."""

    what = "extraction worker"

    def __init__(self, published: dt.date | None, workers: int = 0) -> None:
        super().__init__(f"{__name__}:extracting", (published,), workers)


def extracting(published: dt.date | None) -> Callable[[str], list[ExtractedClaim]]:
    """A worker's work: the claims of one section, offsets into it."""
    return lambda section: extract_claims(section, published=published)


def _shifted(claim: ExtractedClaim, by: int) -> ExtractedClaim:
    if not by:
        return claim
    return dataclasses.replace(
        claim, start=claim.start + by, end=claim.end + by,
        speaker_start=None if claim.speaker_start is None else claim.speaker_start + by,
        speaker_end=None if claim.speaker_end is None else claim.speaker_end + by,
    )

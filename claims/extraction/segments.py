"""Paragraphs, sentences and quotations of a text, as offsets into it."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import itemgetter

from claims.cleaning import dateline_end, debris_lines, leading_dateline
from claims.extraction.cues import words

OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"
QUOTE_CHARS = '“”"«»„'


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    sentences: list[tuple[int, int]] = field(default_factory=list)


# One paragraph may hold thousands of sentences (a feed dumped on one line): the sentence at
# an offset is found by binary search, not by walking them for each quote or cue.
# Chinese and Japanese write no space between words: a quotation of them is one "word" to
# str.split, so '"水位达到7.4米，是1987年以来的最高水平，" said Wang Wei' was too short to be a
# statement and the quotation was dropped (Russian, Hindi, Thai and Korean ones were kept).
_WITHOUT_SPACES_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words as a reader counts them: between spaces, and in a run of Chinese or Japanese a
    word per two characters, as the short-claim rule counts (claims.matching.normalize)."""
    spaced = len(text.split())
    if text.isascii() or not _WITHOUT_SPACES_RE.search(text):
        return spaced
    from claims.matching.normalize import count_words, tokenize

    return max(spaced, count_words(tokenize(text)))


def sentence_at(para: Paragraph, i: int) -> tuple[int, int]:
    """The sentence of `para` holding offset `i`, or the whole paragraph when none does."""
    k = bisect_right(para.sentences, i, key=itemgetter(0)) - 1
    if k >= 0 and i < para.sentences[k][1]:
        return para.sentences[k]
    return para.start, para.end


def sentence_start_before(para: Paragraph, i: int) -> int:
    """The end of the last sentence of `para` that ends at or before `i` (else its start)."""
    k = bisect_right(para.sentences, i, key=itemgetter(1))
    return para.sentences[k - 1][1] if k else para.start


@dataclass(slots=True)
class Quote:
    start: int  # at the opening mark
    end: int  # after the closing mark
    para: int  # paragraph index of the closing mark
    first_para: int


def paragraphs(text: str) -> list[Paragraph]:
    """Non-debris lines as paragraphs, with a leading dateline cut off."""
    out: list[Paragraph] = []
    lines = text.split("\n")
    drop = debris_lines(lines)
    top, _ = leading_dateline(lines)
    drop |= top
    pos = 0
    first = True
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        pos = end + 1
        if i in drop or not line.strip():
            continue
        if first:
            cut, _ = dateline_end(line.lstrip())
            start += cut + (len(line) - len(line.lstrip()) if cut else 0)
            first = False
        for cell_start, cell_end in _cells(text, start, end):
            # trim surrounding whitespace
            while cell_start < cell_end and text[cell_start].isspace():
                cell_start += 1
            while cell_end > cell_start and text[cell_end - 1].isspace():
                cell_end -= 1
            if cell_end > cell_start:
                out.append(Paragraph(cell_start, cell_end))
    for p in out:
        p.sentences = split_sentences(text, p.start, p.end)
    return out


# A table's row as a page's reader writes it ("| 0 | The council | 387927 |", trafilatura's
# output for <tr>): each cell is a paragraph of its own. Read as one line, a row was a sentence
# ("The council said | 387927 |" a claim, "Row 0 The council" a speaker: pass 33); a cell holding
# sentences (a page laid out in a table puts its whole story in one) still gives its claims.
_TABLE_ROW_RE = re.compile(r"[ \t]*\|.*\|[ \t]*")
_CELL_TEXT_RE = re.compile(r"[^|]*\w[^|]*")  # a cell with a letter or digit ("|---|" has none)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The line text[start:end] as one span, or a table row's cells as one span each."""
    if text[start:end].count("|") < 2 or not _TABLE_ROW_RE.fullmatch(text, start, end):
        return [(start, end)]
    return [m.span() for m in _CELL_TEXT_RE.finditer(text, start, end)]


_ABBREV = set(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "gov",
        "sen",
        "rep",
        "lt",
        "col",
        "sgt",
        "capt",
        "cpl",
        "maj",
        "prof",
        "inc",
        "co",
        "corp",
        "ltd",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "rev",
        "gens",
        "reps",
        "sens",
        "adm",
        "cmdr",
        "supt",
        "det",
        "insp",
        "pres",
        "atty",
        "dept",
        "est",
        "approx",
        "fig",
        "ste",
    ]
)
# A sentence ends before a capital or a figure; in any script, so "rose overnight. Émile
# Dubois said" and 'rose overnight. "Уровень воды…" said Ivan Petrov' are two sentences (a
# capital outside ASCII, or a letter of a script without case, is checked in split_sentences).
_BOUNDARY_RE = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘«„(\[]?([^\W_a-z]))|[.!?][”\"]?(?=[“\"][A-Z])")
_STARTS_SENTENCE = {"Lu", "Lt", "Lo", "Nd"}


_NEXT_WORD_RE = re.compile(r"\s+[“\"‘(]?([A-Za-z]+)\b")
_SENTENCE_OPENERS = set(
    words(
        "He She They It We I The But And This That There These Those His Her Their Its A An "
        "As If When While After In On At Some Many Most"
    )
)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within [start, end): split after ., ! or ? before a capital."""
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        first = m.group(1)
        if first and not first.isascii() and unicodedata.category(first) not in _STARTS_SENTENCE:
            continue  # "… in St. élan" : a small letter does not start a sentence
        dot = m.start()
        if text[dot] == ".":
            word = re.search(r"([A-Za-z.]+)$", text[max(cur, dot - 12) : dot])
            if word:
                w = word.group(1).lower()
                # "Mr.", "Sept.", initials "J." and "U.S." do not end sentences, unless
                # "U.S." is followed by a word that only starts one: "… in the U.S. He says"
                if re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                    nxt = _NEXT_WORD_RE.match(text, m.end(), end)
                    if not (nxt and nxt.group(1) in _SENTENCE_OPENERS):
                        continue
                elif w in _ABBREV or len(w) == 1:
                    continue
        stop = m.end()
        if stop > cur:
            spans.append((cur, stop))
        cur = stop
        while cur < end and text[cur].isspace():
            cur += 1
    if cur < end:
        spans.append((cur, end))
    return spans


_QUOTE_MARK_RE = re.compile(r"[“”\"«»„]")


def find_quotes(text: str, paras: list[Paragraph]) -> list[Quote]:
    """Balanced quotations; a quote left open at a paragraph's end continues when the next
    paragraph opens with a quote mark (the news convention for long quotes)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    open_para = 0
    for pi, p in enumerate(paras):
        straight_open: int | None = None
        if open_at is not None:
            first = text[p.start] if p.start < p.end else ""
            if first not in '“"':
                open_at = None  # the quote was never closed
        for qm in _QUOTE_MARK_RE.finditer(text, p.start, p.end):
            i = qm.start()
            ch = qm.group(0)
            if ch == "“" or ch == "«" or ch == "„":
                if open_at is not None and pi > open_para and i == p.start:
                    pass  # continuation mark of a multi-paragraph quote
                else:
                    open_at, open_para = i, pi
            elif ch == "”" or ch == "»":
                if open_at is not None:
                    quotes.append(Quote(open_at, i + 1, pi, open_para))
                    open_at = None
                elif straight_open is not None and i > straight_open + 1:
                    quotes.append(Quote(straight_open, i + 1, pi, pi))  # "mixed marks”
                    straight_open = None
            elif ch == '"':
                if straight_open is None and open_at is not None and i > open_at + 1:
                    quotes.append(Quote(open_at, i + 1, pi, open_para))  # “mixed marks"
                    open_at = None
                elif straight_open is None:
                    if open_at is not None and pi > open_para and i == p.start:
                        straight_open = open_at
                        open_at = None
                    else:
                        straight_open = i
                else:
                    qp = open_para if straight_open < p.start else pi
                    quotes.append(Quote(straight_open, i + 1, pi, qp))
                    straight_open = None
        if straight_open is not None:
            open_at, open_para = straight_open, pi if straight_open >= p.start else open_para
    return quotes

"""Scraped article text made fit to store: debris lines and the dateline go, the outlet stays.

The same line tests are used by extraction on raw text, so a claim never comes from
debris whether or not the text was cleaned first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.errors import ClaimsError
from claims.limits import ESCAPE_SEQUENCE_RE, folded_space, keeping_digit_groups


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    text: str
    outlet: str | None = None


_DEBRIS_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\[\s*[\w\s-]{0,30}\]$",  # [ad_1], [ad_2], [embed]
        r"^(source link|read the rest here|read more( here)?|continue reading|advertisement|"
        r"story continues below|share this( article)?|click here.*|sign up.*newsletter.*|"
        r"subscribe.*|related:?.*|more:|see also:?.*|watch:?|video:?|listen:?)\.?:?$",
        r"^read (the )?(full|original|rest of the) (story|article|report).*$",
        r"\bcontributed (to )?(this|the) (report|story|article)(ing)?\b",
        r"\bcontributed reporting\b",
        r"^(this|the) (article|story|post|report)( and (its )?headline)? (has|have) been updated\b.*",
        r"^(updated?|correction|editor['’]s note)\b[^.]{0,120}(\d{1,2}:\d{2}|\bupdated\b|\bcorrect)",
        r"^(updated|update|correction):",
        r"^\(?(ap|afp|reuters|getty images|epa|photo|photograph|image|credit)[^.]{0,60}(photo|images?|/)[^.]{0,60}\)?$",
        r"^\(?(photo|image|photograph|picture|video)( credit)?\s*[:/].{0,120}$",
        r"^(all rights reserved|copyright|©).*",
    )
]
_CAPTION_RE = re.compile(
    r"^(the |this |a |an |in this )?(distributed |handout |file |undated |screen ?grab |)"
    r"(photo|photograph|picture|image|video grab|screengrab)\b[^.]{0,80}\b(shows?|released|taken|provided|distributed)\b",
    re.IGNORECASE,
)
_CAPTION_HINT_RE = re.compile(
    r"\b(parts of this photo|pictured\b|\(photo\b|/ ?getty images|ap photo/)", re.I
)
_DATELINE_ALONE_RE = re.compile(r"^\(?([A-Z][\w.&' -]{0,30}?)\)?\s*[—–-]?$")
_DASH_ONLY_RE = re.compile(r"^[—–-]+$")
# "WASHINGTON (Reuters) —", "(CNN) —", "NEW YORK, April 14 (AP) -"
_DATELINE_PREFIX_RE = re.compile(
    r"^(?:[A-Z][A-Z .,'-]{1,40}(?:,\s*[A-Z][\w.]*\.? ?\d{0,2})?\s*)?\(([A-Za-z][\w .&'-]{0,30})\)\s*[—–-]+\s*"
    r"|^([A-Z][A-Z .'-]{1,30}[A-Z])\s*[—–]\s*(?=[A-Z“\"])"
)


def is_debris_line(line: str) -> bool:
    """True for a line a scraper left behind: markers, links, credits, captions, notices."""
    s = line.strip()
    if not s:
        return False
    if len(s) <= 200 and any(r.search(s) for r in _DEBRIS_RES):
        return True
    return bool(_CAPTION_RE.search(s) or _CAPTION_HINT_RE.search(s))


def dateline_end(line: str) -> tuple[int, str | None]:
    """Length of a dateline prefix at the start of ``line`` and the outlet it names."""
    m = _DATELINE_PREFIX_RE.match(line)
    if not m:
        return 0, None
    outlet = m.group(1) or None
    return m.end(), outlet


def is_credit_line(line: str) -> bool:
    """A short line with no sentence punctuation standing before a caption ("Getty Images")."""
    s = line.strip()
    return 0 < len(s) <= 60 and not re.search(r"[.!?:\"“”]$", s) and len(s.split()) <= 6


def debris_lines(lines: list[str]) -> set[int]:
    """Indexes of lines that are debris, including a credit line that introduces a caption."""
    out = {i for i, line in enumerate(lines) if is_debris_line(line)}
    for i, line in enumerate(lines):
        nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if nxt is not None and nxt in out and is_credit_line(line) and _is_caption(lines[nxt]):
            out.add(i)
    return out


def _is_caption(line: str) -> bool:
    s = line.strip()
    return bool(_CAPTION_RE.search(s) or _CAPTION_HINT_RE.search(s))


def leading_dateline(lines: list[str]) -> tuple[set[int], str | None]:
    """Lines at the top that form a dateline (``CNN`` then ``—``) and the outlet they name."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    skip: set[int] = set()
    outlet = None
    pos = 0
    while pos < len(idx) and is_debris_line(lines[idx[pos]]):
        pos += 1
    if pos + 1 < len(idx):
        first, second = lines[idx[pos]].strip(), lines[idx[pos + 1]].strip()
        m = _DATELINE_ALONE_RE.match(first)
        if m and _DASH_ONLY_RE.match(second) and len(first.split()) <= 4:
            return {idx[pos], idx[pos + 1]}, m.group(1).strip()
        if m and first.endswith(("—", "–")) and len(first.split()) <= 4:
            return {idx[pos]}, m.group(1).strip()
    return skip, outlet


# C0 and C1 controls (a terminal acts on ESC and on C1's CSI and OSC), zero-width characters,
# direction overrides, embeddings and isolates (they reorder what is shown: claims.limits)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\ufeff"
                         "\u202a-\u202e\u2066-\u2069]")


# A no-break space is a space, except between a number's digit groups ("1\u00a0000"), where
# it is part of the number (claims.limits.keeping_digit_groups).
_LONE_NBSP_RE = keeping_digit_groups("\u00a0")


def clean_article(raw: str) -> CleanedArticle:
    """Debris lines and the dateline removed, whitespace tidied, paragraphs split by a blank line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = ESCAPE_SEQUENCE_RE.sub("", text)  # a coloured terminal's sequences, whole
    text = _LONE_NBSP_RE.sub(folded_space, _CONTROL_RE.sub("", text)).replace("\t", " ")
    lines = text.split("\n")
    has_blank_lines = any(not line.strip() for line in lines[1:-1])
    drop = debris_lines(lines)
    top, outlet = leading_dateline(lines)
    drop |= top
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        s = re.sub(r" {2,}", " ", line.strip())
        if i in drop:
            s = ""
        if not s:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if has_blank_lines:
            current.append(s)  # hard-wrapped lines of one paragraph
        else:
            paragraphs.append(s)  # one paragraph per line
    if current:
        paragraphs.append(" ".join(current))
    if paragraphs:
        cut, prefix_outlet = dateline_end(paragraphs[0])
        if cut:
            outlet = outlet or prefix_outlet
            paragraphs[0] = paragraphs[0][cut:].lstrip()
            if not paragraphs[0]:
                paragraphs.pop(0)
    return CleanedArticle(text="\n\n".join(paragraphs), outlet=outlet)


def article_to_store(raw: str, source: str) -> CleanedArticle:
    """The article text an ingest stores and extracts claims from (`clean_article`), or
    ClaimsError naming ``source`` when nothing is left. `claims ingest`, the desk's preview
    and `claims extract` all read an article through this one step, so what extract shows
    (claims, text, offsets) is what ingest stores: a zero-width space removed by one and
    kept by the other gave another claim text and other offsets."""
    cleaned = clean_article(raw)
    if not cleaned.text.strip():
        raise ClaimsError(f"{source}: nothing left after removing scraper debris")
    return cleaned

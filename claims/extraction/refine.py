"""A learned pass over the rules' attributions: is a candidate a statement someone made?

The rules find a cue and what it reports; some of what they find is no statement at all ("called
for a voice vote", "maintained his innocence" read as a clause, a headline's verb). The *keep*
model reads a candidate as a whole (its cue and kind, its source's shape, its length, its
first word, whether it is quoted or has a verb) and drops those more likely wrong than right.

A logistic regression over named features, trained on the PolNeAR train split by
``bench/train_extraction_refiner.py``; the weights and the model card ship in
``claims/extraction/weights``. Applying it is a dictionary sum per candidate: no library,
a few microseconds.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import lru_cache
from importlib import resources

from claims.extraction.attribution import Attribution
from claims.extraction.cues import ALL_FORMS
from claims.extraction.fragments import has_verb, word_count
from claims.extraction.speakers import PRONOUNS

WEIGHTS_FILE = "refiner.json.gz"
_WORD_RE = re.compile(r"[\w’'$%.-]+|[“”\"(]")
_QUOTES = '“”"'


def _shape(word: str) -> str:
    if not word:
        return "END"
    if word in _QUOTES or word == "(":
        return "Q"
    if word[0].isdigit() or word[0] == "$":
        return "9"
    return "A" if word[0].isupper() else "a"


def _bucket(n: int) -> str:
    for limit in (1, 2, 3, 5, 8, 12, 20, 35):
        if n <= limit:
            return str(limit)
    return "more"


def cue_lemma(text: str, a: Attribution) -> str:
    form = text[a.cue_start : a.cue_end].lower()
    return ALL_FORMS.get(form, form)


def _source_shape(text: str, a: Attribution) -> str:
    if a.same_source_as is not None:
        return "shared"
    if a.source_start is None or a.source_end is None:
        return "none"
    words = text[a.source_start : a.source_end].split()
    if not words:
        return "none"
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    if words[-1][:1].isupper():
        return "name"
    return "noun"


def keep_features(text: str, a: Attribution, headline: bool) -> list[str]:
    s, e = a.content_start, a.content_end
    content = text[s:e]
    first = _WORD_RE.findall(text, s, min(e, s + 60))[:2]
    w1 = first[0].lower() if first else ""
    n = word_count(content)
    lemma = cue_lemma(text, a)
    cue_text = text[a.cue_start : a.cue_end]
    src = _source_shape(text, a)
    quoted = content[:1] in _QUOTES
    ends_sentence = e >= a.sentence[1] - 2
    before_cue = _WORD_RE.findall(text, max(a.sentence[0], a.cue_start - 30), a.cue_start)[-1:]
    b1 = before_cue[0].lower() if before_cue else "START"
    between = text[a.cue_end : s] if s >= a.cue_end else ""
    that = "that" in between.lower().split() or ":" in between
    last = _WORD_RE.findall(text, max(s, e - 40), e)[-1:]
    src_words = (
        len(text[a.source_start : a.source_end].split()) if a.source_start is not None else 0
    )
    inner_cue = any(w in ALL_FORMS for w in _WORD_RE.findall(content.lower()))
    commas = content.count(",")
    cue_at = (
        "start"
        if a.cue_start - a.sentence[0] < 3
        else "end"
        if a.cue_end >= a.sentence[1] - 3
        else "mid"
    )
    after_cue = _WORD_RE.findall(text, a.cue_end, min(a.sentence[1], a.cue_end + 30))[:1]
    a1 = after_cue[0].lower() if after_cue and s >= a.cue_end else "-"
    digit = any(ch.isdigit() for ch in content)
    return [
        "kind:" + a.kind,
        "a1:" + a1,
        "kind:" + a.kind + "|a1:" + a1,
        "digit:" + str(digit),
        "kind:" + a.kind + "|quoted:" + str(quoted),
        "cue:" + lemma,
        "cue:" + lemma + "|kind:" + a.kind,
        "cue:" + lemma + "|src:" + src,
        "src:" + src,
        "kind:" + a.kind + "|src:" + src,
        "before:" + str(a.content_before),
        "len:" + _bucket(n),
        "kind:" + a.kind + "|len:" + _bucket(n),
        "w1:" + w1,
        "cue:" + lemma + "|w1:" + w1,
        "s1:" + _shape(first[0] if first else ""),
        "quoted:" + str(quoted),
        "verb:" + str(has_verb(content)),
        "cuecap:" + str(cue_text[:1].isupper()),
        "endsent:" + str(ends_sentence),
        "headline:" + str(headline),
        "gap:" + str(a.gap is not None),
        "b1:" + b1,
        "kind:" + a.kind + "|b1:" + b1,
        "kind:" + a.kind + "|that:" + str(that),
        "last:" + (last[0].lower() if last else ""),
        "srcwords:" + _bucket(src_words),
        "innercue:" + str(inner_cue),
        "kind:" + a.kind + "|innercue:" + str(inner_cue),
        "commas:" + _bucket(commas),
        "cueat:" + cue_at,
        "kind:" + a.kind + "|cueat:" + cue_at,
        "kind:" + a.kind + "|endsent:" + str(ends_sentence),
        "bias",
    ]


class Refiner:
    """The keep model, read from its JSON weights."""

    def __init__(self, data: dict):
        self.name: str = data["name"]
        self.c: float | None = data.get("c")  # the regularisation it was fitted with
        self.keep: dict[str, float] = data["keep"]["weights"]
        self.keep_threshold: float = data["keep"]["threshold"]

    def keep_probability(self, text: str, a: Attribution, headline: bool) -> float:
        z = sum(self.keep.get(f, 0.0) for f in keep_features(text, a, headline))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def refine(self, text: str, atts: list[Attribution]) -> list[Attribution]:
        """The attributions the model keeps, in their order."""
        first_line = _first_line_end(text)
        return [
            a
            for a in atts
            if self.keep_probability(text, a, a.sentence[0] < first_line) >= self.keep_threshold
        ]


def _first_line_end(text: str) -> int:
    """Where the first non-empty line ends: a headline, in most articles."""
    lead = len(text) - len(text.lstrip())
    at = text.find("\n", lead)
    return len(text) if at < 0 else at


@lru_cache(maxsize=1)
def refiner() -> Refiner | None:
    """The shipped models, or None when the weights file is absent (before the first training)."""
    try:
        packed = resources.files("claims.extraction.weights").joinpath(WEIGHTS_FILE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return Refiner(json.loads(gzip.decompress(packed)))

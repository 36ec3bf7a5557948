"""The features the check-worthiness model reads: words, word pairs and pieces of words.

Training (``bench/train_checkworthiness.py``) and scoring call the same functions, so a
sentence is read the same way in both. Digits are folded to ``0``: "18 percent" and
"43 percent" are one feature, as a figure's value says nothing about checking it.
"""

from __future__ import annotations

import re
import unicodedata

WORD_RE = re.compile(r"\w+(?:['’]\w+)*|[$%£€]")
_DIGIT_RE = re.compile(r"\d")
CHAR_SIZES = (3, 4, 5)


def fold(token: str) -> str:
    """A word as the model reads it: NFKC, lower case, every digit ``0``, apostrophes straight."""
    folded = unicodedata.normalize("NFKC", token).lower().replace("’", "'")
    return _DIGIT_RE.sub("0", folded)


def words(text: str) -> list[str]:
    """The sentence's words, each folded."""
    return [fold(t) for t in WORD_RE.findall(text)]


def word_grams(tokens: list[str]) -> list[str]:
    """Each word and each pair of neighbouring words ("w:led", "w:led to")."""
    grams = ["w:" + t for t in tokens]
    grams += ["w:" + a + " " + b for a, b in zip(tokens, tokens[1:], strict=False)]
    return grams


def char_grams_of(token: str) -> list[str]:
    """Pieces of 3 to 5 characters of one word, marked at its edges (" fell " -> " fe", "fell ", ...)."""
    padded = " " + token + " "
    return [padded[i : i + n] for n in CHAR_SIZES for i in range(len(padded) - n + 1)]


def char_grams(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        out += char_grams_of(t)
    return out

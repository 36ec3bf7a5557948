"""Text normalisation and tokenisation for matching.

``normalize_text("The “Drones” cost $1,000!")`` -> ``"the drones cost 1000"``: Unicode NFKC,
case folded, curly quotes and apostrophes straightened (apostrophes then dropped, so
"McDonald's" is "mcdonalds"), URLs removed, hashtags split at capitals ("#AustralianFires" ->
"australian fires"), punctuation to spaces, numbers canonical ("1,000" -> "1000",
"2.50" -> "2.5", "3.5 million" -> "3500000", "two hundred" -> "200"; "1\\u00a0000" grouped by a
no-break or thin space -> "1000", a power "10⁶" -> "1000000": `numbers.fold_number_forms`).

Invisible characters inside words (soft hyphen, zero-width space, direction marks:
`_INVISIBLE`, the set of `db.ignorable.IGNORABLE`) are removed first, as search removes
them, and a capital İ and the Turkish dotless ı are an i, as `claims list --search` folds them
(migration 0027: 'Yildirim' finds 'Yıldırım'). Any script: a word is a run of letters, combining marks and
digits (Unicode categories L, M, N), so Arabic, Hebrew, Cyrillic or Devanagari words are
words like English ones; Arabic
vowel marks and tatweel and Hebrew points are dropped (the same word is written with or
without them), and so are a Greek letter's accents (Greek writes capitals without them), the
Arabic alef forms and the Persian yeh and keheh folded, as search folds them (migration 0028), digits of any script become ASCII digits, and Chinese and Japanese
ideographs (written without spaces) are one word each, as Unicode's word boundaries
(UAX #29) have them. Thai, Lao, Khmer and Myanmar are written without spaces between words
too, and finding their words takes a dictionary: a run of them becomes its overlapping
character pairs ("งบประมาณ" -> งบ บป ปร ...), as search engines index such scripts without
one, so a word searched for is found inside a longer run; such a run counts as one word per
`CHARS_PER_WORD` characters where the short-claim rule counts words. Stop words and
stemming are English only.

:func:`analyze` does all of it once per text and returns an :class:`Analysis`: the words,
the informative *terms* (stemmed words that are not stop words, plus numbers) that scoring
and indexing use, the first written form of each term (for explanations) and the numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from claims.matching.numbers import NUMBER_RE, NumberMention, fold_number_forms, read_numbers
from claims.matching.stem import stem

# A small English stop-word list: function words that carry no subject matter.
# "us" is left out on purpose: "U.S." normalises to it.
STOP_WORDS: frozenset[str] = frozenset(
    (  # noqa: SIM905 - a word list reads best as prose
        "a about above after again against all am an and any are as at be because been before "
        "being below between both but by can could did do does doing down during each few for "
        "from further had has have having he her here hers herself him himself his how i if in "
        "into is it its itself just me more most my myself no nor not now of off on once only or "
        "other our ours ourselves out over own same she should so some such than that the their "
        "theirs them themselves then there these they this those through to too under until up "
        "very was we were what when where which while who whom why will with would you your "
        "yours yourself yourselves also may might must shall via yet s t amp rt "
    ).split()
)

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u0060": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u066a": "%", "\u060c": ",", "\u066b": ".",
        "\u066c": ",", "\u05be": "-",
    }
)  # fmt: skip
# The invisible characters search ignores (db.ignorable.IGNORABLE, which this pure module may not
# import; tests/test_invisible_characters.py checks they are the same set).
_INVISIBLE = dict.fromkeys([0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810),
                            *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                            *range(0x2066, 0x2070), 0x3164, *range(0xFE00, 0xFE10), 0xFEFF, 0xFFA0,
                            *range(0x1BCA0, 0x1BCA4), 0xE0001, *range(0xE0020, 0xE0080), *range(0xE0100, 0xE01F0)])
_URL_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_HASHTAG_RE = re.compile(r"#(\w+)")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ACRONYM_RE = re.compile(r"\b(?:[a-z]\.){2,}")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WORD_DIGITS_RE = re.compile(r"\b([a-z]+)-(\d+)\b")  # covid-19 -> covid19
_NUMBER_WORD_COMPOUND_RE = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)-(?=[a-z])"
)  # "four-year", "two-way": adjectives, not quantities
_NON_WORD_RE = re.compile(r"[^a-z0-9.]+")
# The same for an ASCII text, a byte at a time (the pattern was a seventh of a key worker's time)
_NON_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 or c == 46 else 32 for c in range(256))
MAX_TERM_CHARS = 64  # longer runs (a script written without spaces) are cut: keys are <= 100
_STRAY_DOTS_RE = re.compile(r"(?<!\d)\.|\.(?!\d)")
_DIGITS = frozenset("0123456789")


def _split_hashtag(match: re.Match[str]) -> str:
    return " " + _CAMEL_RE.sub(" ", match.group(1)) + " "


# Letters written with or without a mark, folded as search folds them (`db.folding._drop_marks`,
# migration 0028; tests/test_search_fold_36.py keeps the two alike): the alef with hamza, madda or
# wasla is alef, the Persian yeh and keheh the Arabic yeh and kaf; a Greek letter loses its marks
# (tonos, dialytika, breathings: Greek writes capitals without them, 'ΝΙΚΟΣ' is 'Νίκος'), the
# letters NFKC composes by this table, a mark it leaves apart by `_GREEK_MARKED`; the Devanagari
# letters NFC writes with a nukta, which the marks pattern drops (ऩ ऱ ऴ are न र ळ; migration 0029).
def _greek_base(code: int) -> str | None:
    parts = unicodedata.normalize("NFD", chr(code))
    if len(parts) > 1 and "\u0370" <= parts[0] <= "\u03ff" and all("\u0300" <= m <= "\u036f" for m in parts[1:]):
        return parts[0]
    return None


_LETTERS = str.maketrans({
    **dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"), "\u06cc": "\u064a", "\u06a9": "\u0643",
    "\u0929": "\u0928", "\u0931": "\u0930", "\u0934": "\u0933",
    **{code: base for code in [*range(0x0370, 0x0400), *range(0x1F00, 0x2000)] if (base := _greek_base(code))}})
_GREEK_MARKED = re.compile("([\u0370-\u03ff\u1f00-\u1fff])"
                           "[\u0300-\u036f\u064b-\u065f\u0670\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
                           "\u093c]+")


@lru_cache(maxsize=1)
def _unicode_patterns():
    """The patterns for text beyond ASCII, made on first use (``regex`` knows Unicode
    categories and scripts; most claims never need it)."""
    import regex

    return (
        # Arabic harakat, superscript alef and tatweel; Hebrew cantillation and vowel points; the
        # Devanagari nukta (migration 0029: 'बेरोज़गारी' is 'बेरोजगारी', as `db.folding` folds it).
        regex.compile(r"[\u064b-\u065f\u0670\u0640\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u093c]"),
        regex.compile(r"(?V1)[\p{Nd}--[0-9]]"),  # digits of other scripts
        regex.compile(r"[^\p{L}\p{M}\p{N}.]+"),  # what is not part of a word
        regex.compile(r"([\p{Han}\p{Hiragana}])"),  # ideographs: a word each
        regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]{3,}"),  # scripts without spaces
    )


# A rough length of a word of Thai, Lao, Khmer or Myanmar, in characters (vowel and tone
# marks included; a news sentence of 9 words counts 10): how many words the short-claim
# rule counts in a run of them.
CHARS_PER_WORD = 5
_NO_SPACE_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))


def _pairs(match) -> str:
    run = match.group(0)
    return " " + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + " "


def _is_pair_of_no_space_script(word: str) -> bool:
    code = ord(word[0])
    return len(word) == 2 and any(lo <= code <= hi for lo, hi in _NO_SPACE_BLOCKS)


# Chinese and Japanese are read an ideograph (or a kana) at a time, each a "word" of the
# analysis; a word of them is about two: '市长说预算增长了很多' (10 characters, 5 words) counted
# 10 and was merged as a duplicate where its English twin of 5 words is only suggested.
CHARS_PER_HAN_WORD = 2


def _is_ideograph(word: str) -> bool:
    return len(word) == 1 and not word.isascii() and unicodedata.name(word, "").startswith(
        ("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA"))


def count_words(words) -> int:
    """Words as a reader counts them: a run of character pairs (a script without spaces)
    counts one word per `CHARS_PER_WORD` characters, a run of ideographs one per
    `CHARS_PER_HAN_WORD`."""
    count = run = han = 0
    previous = ""
    for word in words:
        if _is_ideograph(word):
            count += _run_words(run)
            run = 0
            han += 1
            continue
        if han:
            count += max(1, round(han / CHARS_PER_HAN_WORD))
            han = 0
        if _is_pair_of_no_space_script(word):
            if run and previous[1] == word[0]:
                run += 1
            else:
                count += _run_words(run)
                run = 2
            previous = word
            continue
        count += _run_words(run) + 1
        run = 0
    return count + _run_words(run) + (max(1, round(han / CHARS_PER_HAN_WORD)) if han else 0)


def _run_words(chars: int) -> int:
    return 0 if not chars else max(1, round(chars / CHARS_PER_WORD))


def _ascii_digit(match) -> str:
    # `regex` may know digits newer than this Python's unicodedata (U+116D0): those stay as written
    value = unicodedata.digit(match.group(0), None)
    return match.group(0) if value is None else str(value)


def _clean(text: str) -> str:
    # The guards skip regex passes that cannot match: this runs once per stored claim.
    if not text.isascii():
        text = fold_number_forms(text.translate(_INVISIBLE))  # before NFKC turns "10⁶" into "106"
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if "/" in text or "www." in text:
        text = _URL_RE.sub(" ", text)
    if "#" in text:
        text = _HASHTAG_RE.sub(_split_hashtag, text)
    text = text.casefold()
    if "\u0307" in text:
        text = text.replace("i\u0307", "i")  # İ case-folds to i and a dot: "İstanbul" is "istanbul"
    if "\u0131" in text:  # the dotless ı is an i, as search folds it ('Yıldırım' is 'yildirim'; 0027)
        text = text.replace("\u0131", "i")
    if text.count(".") > 1:  # an acronym has two dots at least ("u.s."); most texts one, at the end
        text = _ACRONYM_RE.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    text = text.replace("'", "")
    if "," in text:
        text = _THOUSANDS_RE.sub("", text)
    if "%" in text:
        text = text.replace("%", " percent ")
    if "-" in text:
        text = _WORD_DIGITS_RE.sub(r"\1\2", text)
        text = _NUMBER_WORD_COMPOUND_RE.sub(r"\1", text)
    if text.isascii():  # _NON_WORD_RE's runs, a space for each character of them: the words are the same
        text = text.encode("ascii").translate(_NON_WORD_BYTES).decode("ascii")
    else:
        marks, digits, non_word, ideograph, no_space = _unicode_patterns()
        text = marks.sub("", text).translate(_LETTERS)
        if _GREEK_MARKED.search(text):
            text = _GREEK_MARKED.sub(r"\1", text)
        text = digits.sub(_ascii_digit, text)
        text = non_word.sub(" ", text)
        text = ideograph.sub(r" \1 ", text)
        text = no_space.sub(_pairs, text)
    if "." in text:
        text = _drop_stray_dots(text) if text.isascii() else _STRAY_DOTS_RE.sub(" ", text)
    return text


def _drop_stray_dots(text: str) -> str:
    """`_STRAY_DOTS_RE.sub(" ", text)` for an ASCII text (where its \\d is [0-9]): a dot stays
    only between two digits. Dot by dot (a text has one or two): the pattern tried at
    every character was a third of cleaning a text."""
    parts = []
    start = 0
    at = text.find(".")
    while at != -1:
        if not (0 < at < len(text) - 1 and text[at - 1] in _DIGITS and text[at + 1] in _DIGITS):
            parts.append(text[start:at])
            start = at + 1
        at = text.find(".", at + 1)
    if not parts:
        return text
    parts.append(text[start:])
    return " ".join(parts)


def clean(text: str) -> str:
    """The text as normalising sees it before reading numbers: lower-case words, separated by
    spaces (one or more)."""
    return _clean(text)


def _words_and_numbers(text: str) -> tuple[list[str], list[NumberMention]]:
    cleaned = _clean(text)
    # An ASCII text without a digit has no word starting with one (ASCII digits are the only
    # ASCII characters `isdigit` takes): ten C searches of the text, not a test of each word
    # in Python (two thirds of the texts matched; a twentieth of a search's analyses).
    return read_numbers(cleaned.split(), digits=not cleaned.isascii() or any(map(cleaned.__contains__, "0123456789")))


def normalize_text(text: str) -> str:
    """The normalised text: lower-case words and canonical numbers, single-spaced."""
    return " ".join(_words_and_numbers(text)[0])


def tokenize(text: str) -> list[str]:
    """The normalised words, in order, stop words included."""
    return _words_and_numbers(text)[0]


def extract_numbers(text: str) -> list[NumberMention]:
    """Every quantity in ``text``, in order (``"two hundred"`` -> value ``"200"``)."""
    return _words_and_numbers(text)[1]


def is_number(term: str) -> bool:
    return NUMBER_RE.match(term) is not None


# word -> its term ("" for an uninformative word): every word of every text matched is
# looked up (a vocabulary repeats). A plain dict, emptied when full: an lru_cache's
# bookkeeping on each hit was a third of looking the terms of a text up (issue 13).
_TERMS: dict[str, str] = {}
TERMS_CACHED = 1 << 17


def term_of(word: str) -> str | None:
    """The index/scoring term for one normalised word, or None for an uninformative word."""
    term = _TERMS.get(word)
    if term is None:
        term = word_terms([word])[0]
    return term or None


def word_terms(words: Sequence[str]) -> list[str]:
    """The term of each word, in order: "" for an uninformative word (no term is empty)."""
    terms = list(map(_TERMS.get, words))
    if None in terms:
        if len(_TERMS) >= TERMS_CACHED:
            _TERMS.clear()
        for i, term in enumerate(terms):
            if term is None:
                word = words[i]
                terms[i] = _TERMS[word] = _term(word) or ""
    return terms


def _term(word: str) -> str | None:
    if word in STOP_WORDS:
        return None
    if word[0].isdigit():
        return word
    if len(word) < 2 and word < "\u2e80":  # a lone letter, unless an ideograph
        return None
    return stem(word) if len(word) <= MAX_TERM_CHARS else word[:MAX_TERM_CHARS]


@dataclass(frozen=True, slots=True, eq=False)
class Analysis:
    """Everything matching needs to know about one text, computed once."""

    text: str
    normalized: str
    words: tuple[str, ...]
    terms: frozenset[str]
    surface: dict[str, str] = field(repr=False)  # term -> first word (number as written)
    numbers: tuple[NumberMention, ...]
    grams: frozenset[str] = field(repr=False)  # character 3-grams of the normalised text
    bigrams: frozenset[tuple[str, ...]] = field(repr=False)  # word pairs, stop words included
    trigrams: frozenset[tuple[str, ...]] = field(repr=False)
    term_bigrams: frozenset[tuple[str, ...]] = field(repr=False)  # pairs of informative terms
    informative_text: str = field(repr=False)  # the informative words in order: what the fuzzy scorers compare

    @property
    def word_count(self) -> int:
        return len(self.words) if self.text.isascii() else count_words(self.words)


def analysis_of(text: str) -> Analysis:
    """:func:`analyze` without its cache: for a caller that keeps the analyses it needs and
    drops them when done (a cache of 4,096 analyses, ~100 MB of small objects, made each new
    one cost half as much again in a comparison worker)."""
    words, numbers = _words_and_numbers(text)
    return analysis_of_words(text, words, numbers)


@lru_cache(maxsize=4096)
def analyze(text: str) -> Analysis:
    """Normalise ``text`` once: words, informative terms, numbers. Cached for repeat texts."""
    return analysis_of(text)


def analysis_of_words(text: str, words: list[str], numbers: list[NumberMention]) -> Analysis:
    """The :class:`Analysis` of words already normalised (and their numbers read)."""
    written = {m.value: m.written for m in reversed(numbers)}  # first mention wins
    surface: dict[str, str] = {}
    sequence: list[str] = []
    informative: list[str] = []
    for word, term in zip(words, word_terms(words), strict=True):
        if term:
            sequence.append(term)
            informative.append(word)
            if term not in surface:
                surface[term] = written.get(word, word)
    normalized = " ".join(words)
    return Analysis(
        text=text,
        normalized=normalized,
        words=tuple(words),
        terms=frozenset(surface),
        surface=surface,
        numbers=tuple(numbers),
        grams=char_grams(normalized),
        bigrams=frozenset(zip(words, words[1:], strict=False)),
        trigrams=frozenset(zip(words, words[1:], words[2:], strict=False)),
        term_bigrams=frozenset(zip(sequence, sequence[1:], strict=False)),
        informative_text=" ".join(informative),
    )


def char_grams(normalized: str, size: int = 3) -> frozenset[str]:
    """Character n-grams of a normalised text, padded so short words still yield some."""
    padded = f" {normalized} "
    if size == 3 and len(padded) >= 3:  # the usual case, by zip: a third faster than slicing
        return frozenset(map("".join, zip(padded, padded[1:], padded[2:], strict=False)))
    return frozenset(padded[i : i + size] for i in range(max(1, len(padded) - size + 1)))


def terms_of(text: str) -> list[str]:
    """The distinct informative terms of ``text`` in order of first appearance (no cache,
    for bulk indexing where caching every text would only cost memory)."""
    terms = dict.fromkeys(word_terms(_words_and_numbers(text)[0]))
    terms.pop("", None)
    return list(terms)

"""What a typed filter searches for: the words of `--search`, a `--speaker` or `--outlet` name.

Every word is matched literally (`%`, `_` and `*` are characters like any other), ignoring
case and Unicode normal form (`db.folding`). A word is what stands between spaces, less
the punctuation around it ("budget," is `budget`) and invisible characters; a search made only of punctuation or
symbols (`%`, `--`, `🎉`) is looked for as typed; one of marks the fold drops from every text (a
lone vowel mark, the tatweel) is refused, as nothing visible is. A word is folded before its punctuation is trimmed ('⑴' is
'(1)', so it finds what '1' finds). A typed apostrophe also finds a curly one (or ʼ), a typed
hyphen a Unicode one (U+2010, U+2011). Lengths are bounded, so a pasted article
is refused with one line instead of building an SQL expression no database accepts.
"""

from __future__ import annotations

import re
import unicodedata

from claims.errors import ClaimsError
from db.folding import fold_text
from db.ignorable import drop_ignorable

MAX_SEARCH_CHARS = 500
MAX_SEARCH_WORDS = 32
MAX_NAME_CHARS = 300  # a speaker, role or outlet name (import keeps them to 300 and 200)

_EDGE_PUNCTUATION = set(".,;:!?\"'…")
_EDGE_CATEGORIES = {"Ps", "Pe", "Pi", "Pf"}  # brackets and quotation marks of any script
# Beyond ASCII, the sentence and clause marks of every script by their category (Po): `वृद्धि।`
# (the danda), `ارتفعت،` (the Arabic comma), `预算。` found only the word followed by that mark,
# and a list of them (cb45220) left out Myanmar's '။', Khmer's '។', Tibetan's '།'. The signs
# that are part of what is searched for, as '%' and '#' are in ASCII, stay; a full-width
# form counts as its ASCII letter (NFKC: '％' is '%').
_KEPT_SIGNS = set("٪‰‱§¶†‡⁂※٭")


# The apostrophe and the marks written for it: ’ ‘ (typographic), ʼ (the fold of ŉ), ʻ (the
# Hawaiian ʻokina, 'Hawaiʻi', which ‘ and ' stand in for).
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb"
_TO_STRAIGHT = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys("\u2010\u2011", "-")})


class BadFilter(ClaimsError):
    pass


def _is_edge(ch: str) -> bool:
    if ch in _EDGE_PUNCTUATION:
        return True
    category = unicodedata.category(ch)
    if category in _EDGE_CATEGORIES:
        return True
    if category != "Po" or ch.isascii() or ch in _KEPT_SIGNS:
        return False
    plain = unicodedata.normalize("NFKC", ch)
    return plain in _EDGE_PUNCTUATION or not plain.isascii()


def _trim(word: str) -> str:
    start, end = 0, len(word)
    while start < end and _is_edge(word[start]):
        start += 1
    while end > start and _is_edge(word[end - 1]):
        end -= 1
    return word[start:end] or word  # all punctuation: looked for as typed


def _check_text(text: str, field: str) -> None:
    """BadFilter for what no database compares: bytes a terminal gave that are no UTF-8 (a
    lone surrogate: a traceback from the driver), a NUL (PostgreSQL refuses it)."""
    from claims.limits import is_unicode

    if not is_unicode(text):
        raise BadFilter(f"{field}: holds bytes that are not UTF-8 text")
    if "\x00" in text:
        raise BadFilter(f"{field}: holds a NUL character")
    from claims.limits import control_problem

    # (a control character pasted with the words: it found nothing, without a word why)
    if problem := control_problem(text):
        raise BadFilter(f"{field}: {problem}; no claim is stored holding one")


def search_words(text: str | None, field: str = "search") -> list[str]:
    """The words a claim must all contain; [] for no search. Raises BadFilter past the bounds."""
    if text is None:
        return []
    from claims.limits import typed_text

    text = typed_text(text)
    _check_text(text, field)
    # an invisible character is not a word; the Ethiopic word space (U+1361) parts words as a
    # space does (Amharic writes either), as matching and `claims search` read it
    typed = drop_ignorable(text).replace("\u1361", " ").split()
    if len(typed) > MAX_SEARCH_WORDS:
        raise BadFilter(f"{field}: {len(typed)} words; at most {MAX_SEARCH_WORDS} "
                        "(to find claims like a whole sentence, use `claims search`)")
    if len(text) > MAX_SEARCH_CHARS:
        raise BadFilter(f"{field}: {len(text)} characters; at most {MAX_SEARCH_CHARS}")
    # each word folded as stored text is (NFKC, case fold) before its punctuation is trimmed:
    # '⑴' is '(1)', so it finds what a typed '(1)' finds; a fold that writes spaces ('ﷺ') parts it
    words = list(dict.fromkeys(_trim(w) for word in typed for w in fold_text(word).split()))
    if typed and not words:
        raise BadFilter(_folds_to_nothing(field, text))
    return words


def _folds_to_nothing(field: str, text: str) -> str:
    # A lone vowel mark ('ِ') or tatweel: the fold drops it from every stored text too, so the
    # search was no search and listed every claim (as a name typed so found every speaker).
    return (f"{field}: nothing to look for in {text.strip()!r}: search leaves out vowel marks, points, "
            "the nukta and the tatweel; type the word they are written in")


# A number of 4+ digits is written grouped by thousands ('40,000', '40.000', '40 000' with a
# space or the narrow no-break one NFKC makes a space): `--search 40000` found no claim saying
# '40,000', nor `--search 40,000` one saying '40000' (hostile28).
# ('1.400' typed is not read as 1400: in English it is 1.4; 1400 also finds '1.400' only from
# five digits on, where a decimal with three places is rarer than a grouped number)
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:(,)\d{3})(?:,\d{3})*")


def _number_spellings(word: str) -> list[str]:
    grouped = _GROUPED.fullmatch(word)
    digits = word.replace(grouped.group(1), "") if grouped else word
    if not (digits.isascii() and digits.isdigit() and len(digits) >= 4 and digits[0] != "0"):
        return []
    head = len(digits) % 3 or 3
    groups = [digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))]
    separators = (",", " ", ".") if len(digits) >= 5 else (",", " ")
    return [form for form in (digits, *(sep.join(groups) for sep in separators)) if form != word]


def spellings(word: str) -> list[str]:
    """The word, and with a word holding an apostrophe or a hyphen, its other usual spellings
    (each of `_APOSTROPHES` for ', and the hyphen U+2010 for -: the fold makes the non-breaking one
    U+2011 that, and web text writes 'COVID‑19' with it, which `--search covid-19` did not find);
    a number's with and without its thousands grouped (`_number_spellings`)."""
    numbers = _number_spellings(word)
    if numbers:
        return [word, *numbers]
    straight = word.translate(_TO_STRAIGHT)
    if straight == word and "'" not in word and "-" not in word:
        return [word]
    found = [straight]
    if "'" in straight:
        found += [straight.replace("'", mark) for mark in _APOSTROPHES]
    if "-" in straight:
        found += [w.replace("-", "\u2010") for w in found]
    if word not in found:  # as typed too: a mix of ' and ʼ (U+02BC, the fold of ŉ, Hawaiian's 'Hawaiʼi')
        found.append(word)
    return found


def search_name(text: str | None, field: str) -> str | None:
    """A speaker or outlet name as searched for (None: no filter). Raises BadFilter if too long."""
    if text is None:
        return None
    from claims.limits import typed_text

    text = typed_text(text)
    _check_text(text, field)
    if len(text) > MAX_NAME_CHARS:
        raise BadFilter(f"{field}: {len(text)} characters; at most {MAX_NAME_CHARS}")
    # A run of spaces (or a tab) is one space, as names are stored: `--speaker 'jane  doe'`
    # found no claim, every stored speaker and role holding one space between words.
    name = " ".join(drop_ignorable(text).split()) or None
    if name and field.lstrip("-") == "speaker" and not fold_text(name).strip():
        raise BadFilter(_folds_to_nothing(field, text))
    return name


def search_reviewer(text: str, field: str = "--reviewer") -> str:
    """A reviewer filter (`history --reviewer`, `taken --reviewer`) as a name is stored
    (`claims.reviewer.reviewer_name`). Raises BadFilter for bytes that are no UTF-8 or a NUL,
    as `search_name` does: a Latin-1 terminal's 'caf\\xe9' reached the driver, a traceback."""
    from claims.limits import is_unicode, typed_text
    from claims.reviewer import reviewer_name

    text = typed_text(text)
    if not is_unicode(text):
        raise BadFilter(f"{field}: holds bytes that are not UTF-8 text")
    if "\x00" in text:
        raise BadFilter(f"{field}: holds a NUL character")
    return reviewer_name(text)


def has_word(text: str) -> bool:
    """Whether ``text`` holds a word: a letter or digit of any script."""
    return any(ch.isalnum() for ch in text)


def require_words(text: str, what: str = "text", to_do: str = "search for") -> None:
    """BadFilter unless ``text`` holds a word (a letter or digit of any script): a search by
    similarity for '🎉' or '%' answered an empty list, as if nothing like it had been checked,
    and '' and '' scored 100 as a likely duplicate. Every door (`claims search`, `compare`,
    the desk's similar-claims search) refuses it here, with this one line."""
    if not has_word(text):
        raise BadFilter(f"{what} {text[:40]!r} has no word in it: nothing to {to_do}")


def check_filter_text(*, search: str | None = None, speaker: str | None = None, outlet: str | None = None,
                      prefix: str = "--") -> None:
    """Refuse (BadFilter) what a filter could not search for, naming the field as `prefix`+name."""
    search_words(search, f"{prefix}search")
    search_name(speaker, f"{prefix}speaker")
    search_name(outlet, f"{prefix}outlet")

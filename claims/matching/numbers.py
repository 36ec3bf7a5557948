"""Numbers in claims: reading them (digits, "1,000", "3.5 million", "two hundred") and
telling whether two claims' numbers disagree.

Works on the lower-case word list that :mod:`claims.matching.normalize` produces. A number
becomes one canonical token (``"3.5 million"`` -> ``"3500000"``), so the same quantity
written two ways is the same word to the scorer, and a :class:`NumberMention` that keeps
how precisely it was written: ``"3.5 million"`` is precise to 100,000, so it agrees with
``"3,460,000"``, while ``"200"`` and ``"210"`` disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
_SUFFIXED_RE = re.compile(r"^(\d+(?:\.\d+)?)(bn|tn)$")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "tn": 12,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One quantity in a text: canonical ``value`` string, the words as written, and the
    power of ten it was written to (``"3.5 million"`` -> 5, ``"200"`` -> 0)."""

    value: str
    written: str
    exponent: int
    kind: str = ""  # "year", "percent" or ""
    # "above" ("more than 12", "over 12", "at least 12") or "below" ("nearly 12", "under 12",
    # "up to 12"), as the duplicate decision reads a figure's words before it; "" for none
    # ("about 12" is either). One above and one below never agree.
    bound: str = ""

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.value)


# Digits grouped by a no-break, narrow no-break or thin space ("1 000 000", as French, Swiss
# and SI style write them): NFKC makes those spaces plain ones, which part numbers.
_SPACE_GROUPED_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?![\d])")
# A superscript after a number is its power ("10⁶", "2²", "10⁻³"); NFKC made it digits glued on.
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_POWER_RE = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)(\u207b?)([" + _SUPERSCRIPTS + "]+)")
_SUPERSCRIPT_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")
_MAX_POWER_DIGITS = 40  # "10⁶" is read as 1000000; "7¹²³" stays two numbers, 7 and 123


def fold_number_forms(text: str) -> str:
    """Numbers written with characters NFKC would misread, as plain digits: digits grouped by
    a no-break or thin space are one number ("1\u00a0000" -> "1000"), a number with a
    superscript is the power ("10⁶" -> "1000000", "2²" -> "4"; too large to write out, the
    two numbers apart, never glued into "106"). Every reader of numbers in a claim's text
    (the index, the duplicate decision, the units) calls this first."""
    if "\u00a0" in text or "\u202f" in text or "\u2009" in text:
        text = _SPACE_GROUPED_RE.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    if any(c in _SUPERSCRIPTS for c in text):
        text = _POWER_RE.sub(_power, text)
    return text


def _power(match: re.Match[str]) -> str:
    base, minus, power = match.group(1), match.group(2), int(match.group(3).translate(_SUPERSCRIPT_DIGITS))
    whole = len(base.split(".")[0].lstrip("0")) or 1
    if whole * max(power, 1) > _MAX_POWER_DIGITS or power > _MAX_POWER_DIGITS or not Decimal(base):
        return f"{base} {power}"
    with localcontext() as ctx:
        ctx.prec = 2 * _MAX_POWER_DIGITS + len(base)
        value = Decimal(base) ** (-power if minus else power)
    return canonical(value)


def canonical(value: Decimal) -> str:
    """``Decimal('2.50')`` -> ``'2.5'``, ``Decimal('1E+3')`` -> ``'1000'``."""
    text = format(value.normalize(), "f")
    return text


def _written_exponent(digits: str) -> int:
    return -len(digits.split(".")[1]) if "." in digits else 0


_A_SCALES = ("hundred", "thousand", "million", "billion")  # "a hundred": "a" is a number before these


def read_numbers(words: list[str], digits: bool = True) -> tuple[list[str], list[NumberMention]]:
    """Replace every number in ``words`` by its canonical token; return the new word list
    and the mentions found. A lone "one" stays a word ("one of the ..."). ``digits=False``:
    the caller knows no word holds a digit (no word is looked at for one)."""
    if _UNITS.keys().isdisjoint(words) and not (digits and any(word[0].isdigit() for word in words)) and (
            "a" not in words or all(scale not in words for scale in _A_SCALES)):
        return list(words), []  # no word that may start a number: most texts (a third of this time)
    return read_numbers_word_by_word(words)


def read_numbers_word_by_word(words: list[str]) -> tuple[list[str], list[NumberMention]]:
    """:func:`read_numbers` without its shortcut."""
    out: list[str] = []
    mentions: list[NumberMention] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        if not word[0].isdigit() and word not in _UNITS and word != "a":
            out.append(word)  # most words: neither digits (isdigit is a superset of \d) nor a number word
            i += 1
            continue
        suffixed = _SUFFIXED_RE.match(word)
        if NUMBER_RE.match(word) or suffixed:
            digits = suffixed.group(1) if suffixed else word
            try:
                value = Decimal(digits)
            except InvalidOperation:  # pragma: no cover - the regex admits only digits
                out.append(word)
                i += 1
                continue
            exponent = _written_exponent(digits)
            used = 1
            scale = _SCALES.get(suffixed.group(2)) if suffixed else None
            if scale is None and i + 1 < n and words[i + 1] in _SCALES:
                scale = _SCALES[words[i + 1]]
                used = 2
            if scale:
                value = value.scaleb(scale)
                exponent += scale
            token = canonical(value)
            out.append(token)
            mentions.append(NumberMention(token, " ".join(words[i : i + used]), exponent,
                                          _kind(words, i, used, token)))
            i += used
            continue
        if word in _UNITS or (
            word == "a"
            and i + 1 < n
            and words[i + 1] in ("hundred", "thousand", "million", "billion")
        ):
            value, used = _read_number_words(words, i)
            if used and not (used == 1 and word == "one"):
                token = canonical(Decimal(value))
                out.append(token)
                mentions.append(NumberMention(token, " ".join(words[i : i + used]), 0,
                                              _kind(words, i, used, token)))
                i += used
                continue
        out.append(word)
        i += 1
    return out, mentions


def percent_after(words: list[str], after: int) -> bool:
    """Whether ``words[after:]`` begins with a percent: "percent", "pct", "pc", "percentage" or
    "per cent" ("62 per cent" was a figure of no kind, never compared with "26 percent" or
    "26%", and the two merged at 96)."""
    word = words[after] if after < len(words) else ""
    return word in ("percent", "pct", "pc", "percentage") or (
        word == "per" and after + 1 < len(words) and words[after + 1] == "cent")


def _kind(words: list[str], start: int, used: int, token: str) -> str:
    if percent_after(words, start + used):
        return "percent"
    if used == 1 and len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2100:
        return "year"
    return ""


def _read_number_words(words: list[str], start: int) -> tuple[int, int]:
    """Parse "two hundred and fifty thousand" from ``start``: (value, words used).

    Only well-formed number phrases: a unit follows a tens word, a scale or nothing
    ("sixty sixty" is two numbers, "twenty one" one)."""
    total = current = 0
    used = 0
    i = start
    last = None  # the kind of the previous number word
    while i < len(words):
        word = words[i]
        value = _UNITS.get(word)
        if value is not None:
            kind = "unit" if 1 <= value <= 9 else "tens" if value >= 20 else "teen"
            allowed = (None, "tens", "hundred", "scale") if kind == "unit" else (None, "hundred", "scale")
            if last not in allowed:
                break
            current += value
        elif word == "a" and last is None:
            current += 1
            kind = "unit"
        elif word == "hundred" and last in ("unit", "teen"):
            current = max(current, 1) * 100
            kind = "hundred"
        elif word in ("thousand", "million", "billion", "trillion") and last in ("unit", "teen", "tens", "hundred"):
            total += max(current, 1) * 10 ** _SCALES[word]
            current = 0
            kind = "scale"
        elif word == "and" and last in ("hundred", "scale") and i + 1 < len(words) and words[i + 1] in _UNITS:
            i += 1
            continue
        else:
            break
        last = kind
        i += 1
        used = i - start
    if words[start] == "a" and used == 1:
        return 0, 0
    return total + current, used


def numbers_agree(a: NumberMention, b: NumberMention) -> bool:
    """Equal, or equal once the more precise one is rounded to the other's precision; never
    one bounded above and one below ("over 12" / "nearly 12")."""
    if a.bound != b.bound and a.bound and b.bound:
        return False
    if a.value == b.value or a.written == b.written:
        # one figure written alike is one figure, however each text reads it: "1.200" is 1200
        # beside no other figure and 1.2 beside "3.5 percent" (review25)
        return True
    # Each one's precision: its written exponent, one more for a round integer of three digits
    # or more ("770" may stand for 767); years are exact. Inline: every pair of figures asks.
    # A figure of a name is exact too ("Highway 100" is no "Highway 104": quantities' names, pass 29).
    ea, eb = a.exponent, b.exponent
    if ea == 0 and a.kind != "year" and len(a.value) >= 3 and a.value[-1] == "0" and a.value.isdigit() and (
            not a.kind.startswith("name:")):
        ea = 1
    if eb == 0 and b.kind != "year" and len(b.value) >= 3 and b.value[-1] == "0" and b.value.isdigit() and (
            not b.kind.startswith("name:")):
        eb = 1
    coarse, fine, exponent = (a, b, ea) if ea >= eb else (b, a, eb)
    if exponent <= 0:
        return False
    if exponent <= 30 and _small_int(coarse.value) and _small_int(fine.value):
        # The same test in integers (most figures are whole numbers): a tenth of the time.
        quantum, value = 10**exponent, int(coarse.value)
        return value % quantum == 0 and -quantum <= 2 * (int(fine.value) - value) < quantum
    # Rounding half up to the quantum gives the coarse value exactly when the difference is in
    # [-q/2, q/2); exact arithmetic whatever the number of digits (a claim may be all digits).
    with localcontext() as ctx:
        ctx.prec = max(28, len(coarse.value) + len(fine.value) + 10)
        quantum = Decimal(1).scaleb(exponent)
        if coarse.decimal % quantum:
            return False
        diff = fine.decimal - coarse.decimal
        return -quantum / 2 <= diff < quantum / 2


def _small_int(value: str) -> bool:
    return len(value) <= 30 and value.isascii() and value.isdigit()


Unmatched = tuple[list[NumberMention], list[NumberMention]]


def unmatched(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> Unmatched:
    """The mentions of each side that agree with none on the other (a comparison asks once,
    for its match score and its conflicts alike)."""
    if _repeats(a) or _repeats(b):
        return _unmatched_counted(a, b)
    return ([m for m in a if not any(numbers_agree(m, o) for o in b)],
            [m for m in b if not any(numbers_agree(m, o) for o in a)])


def _repeats(mentions: Sequence[NumberMention]) -> bool:
    return len(mentions) > 1 and len({m.value for m in mentions}) < len(mentions)


def _unmatched_counted(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> Unmatched:
    """`unmatched` where a side says one number twice: each mention agrees with one mention of
    the other side at most, so "200 soldiers and 300 tanks" against "300 soldiers and 300
    tanks" leaves 200 and a 300 unmatched (as sets, the second 300 hid the first's change).
    Equal values pair first, then the rest in order of appearance."""
    left_a, left_b = list(a), list(b)
    for m in a:
        for k, o in enumerate(left_b):
            if o.value == m.value and _bounds_agree(m, o):
                left_a.remove(m)
                del left_b[k]
                break
    only_a = []
    for m in left_a:
        k = next((k for k, o in enumerate(left_b) if numbers_agree(m, o)), None)
        if k is None:
            only_a.append(m)
        else:
            del left_b[k]
    return only_a, left_b


def number_conflicts(
    a: Sequence[NumberMention], b: Sequence[NumberMention], found: Unmatched | None = None,
) -> list[dict[str, str]]:
    """Numbers each side has that the other lacks, paired in order of appearance (`found`:
    their :func:`unmatched`, when the caller has it).

    A conflict needs numbers missing on *both* sides: a claim that adds a date the other
    leaves out is not a disagreement, "200 drones" against "300 drones" is.
    """
    if _kinds_apart(a, b):
        # A figure agrees only with one of its own kind here: "1900 percent in 2000" / "1800
        # percent in 1900" shared a 1900 (a percent and a year) and disagreed on nothing.
        # (The match score still counts such a figure as shared: it is the same token.)
        only_a, only_b = _unmatched_by_kind(a, b)
    else:
        only_a, only_b = found if found is not None else unmatched(a, b)
    if not only_a or not only_b:
        return []
    # Only numbers of one kind can disagree: a year against a count is two different facts.
    # But a count of four digits may be what a year-like figure is ("more than 1,500 people" /
    # "more than 2,000 people": 2000 reads as a year): the two are compared. Read by the words
    # around them, "in 2,000 homes" / "to 1,900 homes" and "won the 2000 election" / "2004"
    # went wrong (review of 750d5c8).
    kinds = set().union(*map(_compared_as, only_a)) & set().union(*map(_compared_as, only_b))
    only_a = [m for m in only_a if kinds.intersection(_compared_as(m))]
    only_b = [m for m in only_b if kinds.intersection(_compared_as(m))]
    if not only_a or not only_b:
        return []
    only_a = _unique(only_a)
    only_b = _unique(only_b)
    pairs = []
    for k in range(max(len(only_a), len(only_b))):
        a_k = only_a[k] if k < len(only_a) else None
        b_k = only_b[k] if k < len(only_b) else None
        # one figure bounded two ways ("nearly 12" / "over 12"): said as "below 12" / "above 12"
        bounds = a_k is not None and b_k is not None and a_k.value == b_k.value
        pairs.append({"a": _shown(a_k, bounds), "b": _shown(b_k, bounds)})
    return pairs


def _shown(mention: NumberMention | None, bound: bool) -> str:
    if mention is None:
        return ""
    return f"{mention.bound} {mention.written}" if bound and mention.bound else mention.written


def _kinds_apart(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> bool:
    """Is a figure of one side equal to one of the other of another kind it is not compared with?"""
    if len(a) * len(b) <= 64:
        return any(m.value == o.value and not _may_be_one(m, o) for m in a for o in b)
    # Many figures (a claim of 5,000 "1"s against another took 10 s, review25): each value's
    # kinds once, as what `_may_be_one` asks depends on the two kinds alone.
    kinds_b: dict[str, set[tuple[str, ...]]] = {}
    for o in b:
        kinds_b.setdefault(o.value, set()).add(_compared_as(o))
    asked: set[tuple[str, tuple[str, ...]]] = set()
    for m in a:
        if m.value in kinds_b and (key := (m.value, _compared_as(m))) not in asked:
            asked.add(key)
            if any(not _kinds_may_be_one(key[1], kinds_o) for kinds_o in kinds_b[m.value]):
                return True
    return False


def _may_be_one(m: NumberMention, o: NumberMention) -> bool:
    """May the two mentions be one quantity: one of a kind the other is compared as, or either
    a bare figure ("a 5.8 in 2005" is the "5.8 percent" of its paraphrase)? A percent and a
    year are two."""
    return _kinds_may_be_one(_compared_as(m), _compared_as(o))


def _kinds_may_be_one(kinds_m: tuple[str, ...], kinds_o: tuple[str, ...]) -> bool:
    # A bare figure may be a quantity of any kind but a time of day: "1530 people" is no 15:30
    # (a clock figure before its zone is read as a time: "1530 GMT", pass 28)
    return (("" in kinds_m and not kinds_o[0].startswith("time")) or ("" in kinds_o and not kinds_m[0].startswith("time"))
            or not set(kinds_m).isdisjoint(kinds_o))


def _unmatched_by_kind(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> Unmatched:
    """`unmatched` where a mention agrees only with one that may be the same quantity, each
    with one at most (as `_unmatched_counted`: equal values first, then in order)."""
    left_a, left_b = list(a), list(b)
    for agree in (lambda m, o: m.value == o.value and _bounds_agree(m, o), numbers_agree):
        for m in list(left_a):
            k = next((k for k, o in enumerate(left_b) if _may_be_one(m, o) and agree(m, o)), None)
            if k is not None:
                left_a.remove(m)
                del left_b[k]
    return left_a, left_b


def _bounds_agree(m: NumberMention, o: NumberMention) -> bool:
    return m.bound == o.bound or not m.bound or not o.bound


def _compared_as(mention: NumberMention) -> tuple[str, ...]:
    """The kinds a mention is compared as: a count from 1000 to 9999 as a count and a year."""
    value = mention.value
    if mention.kind == "" and len(value) == 4 and value.isdigit() and value[0] != "0":
        return ("", "year")
    return (mention.kind,)


def _unique(mentions: list[NumberMention]) -> list[NumberMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.value not in seen:
            seen.add(m.value)
            out.append(m)
    return out

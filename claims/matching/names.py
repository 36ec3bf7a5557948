"""Figures inside names and codes (pass 29): "S&P 500", "Boeing 737", "Airbus A380", "F-16", "G-20",
"COVID-19", "9/11", "Windows 2000", "Route 66", "Chapter 11", "Title IX", "Flight 93", phone numbers,
street addresses. They name a thing; they count nothing.

Read as bare counts they disagreed with the other side's counts in real pairs (MRPC): "nine Boeing
737-700s" / "six 2005 options" (737 against six), "his association with 9/11 hijackers" / "two of the
Sept. 11 hijackers" (9 against two), "the S&P 500 index shed 0.39" / "fell 10 points" (500 against
10), "call 561-688-4068" / "688-4163" (561 against 4163). Marked as words normalising keeps whole,
read by :mod:`claims.matching.quantities` as mentions of kind "name:<what>": a name-figure is compared
only with a figure of the same name ("Boeing 737" / "Boeing 747" still disagree, as two phone numbers
do); one side's alone is no disagreement. The index reads them as before (its keys are every store's).
"""

from __future__ import annotations

import re

NAME = "zqname"  # "zqnameboeing737x700": Boeing 737-700

# Names a figure follows, as written (capitalised: "a route 5 miles long" is no Route 5). Index
# names, aircraft, software, roads, laws and chapters, space missions.
_HEAD_WORDS = (  # noqa: SIM905 - a word list reads best as prose
    "Boeing Airbus Embraer Windows Office Pentium Xbox PlayStation Route Highway Interstate Flight "
    "Section Title Proposition Formula Apollo Soyuz Chapter Article Fortune Forbes Russell FTSE Nikkei "
    "Wilshire Nasdaq Stoxx"
).split()
_HEADS = {
    **{h: h.lower() for h in _HEAD_WORDS},
    "Prop.": "proposition", "Proposition No.": "proposition", "S&P": "sp", "S.&P.": "sp", "S.& P.": "sp",
    "S. & P.": "sp", "Standard & Poor's": "sp", "Standard & Poors": "sp", "Standard and Poor's": "sp",
    "Super Bowl": "superbowl", "flight": "flight",
}  # fmt: skip
_HEAD_RE = "|".join(re.escape(h) for h in sorted(_HEADS, key=len, reverse=True))
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A listed name, then its figure (digits, or a Roman numeral after a law's or a chapter's name), and a
# variant ("737-700", "A380s"). Not a figure before a unit word ("Route 5 miles").
_HEADED_RE = re.compile(
    r"(?<![\w&.])("
    + _HEAD_RE
    + r")(?:'s)?\s(?:Index\s)?(\d{1,5}|[IVXLC]{1,7}(?=\s|[,.;:)]|$))(?:-(\d{1,4}))?s?(?![\w/-])"
    r"(?!\s(?:percent|per\scent|points?|miles?|km|minutes?|hours?|days?|people|passengers)\b)"
)
# A code of capitals and a figure: "F-16", "G7", "G-20", "A380", "B-52s", "CAC-40", "COVID-19",
# "MH17", "TMA-2", "I-95", "H5N1"; not a currency ("A$4", "C$16"), not after a dot ("JP:8306" below)
_CODE_RE = re.compile(
    r"(?<![\w$&.'/-])([A-Z]{1,3}|[A-Z]{4,6}(?=-))-?(\d{1,4})(?:[A-Z]\d{1,3}|[A-Z]{1,2})?s?(?![\w$/-])"
    r"|(?<![\w.])([A-Z]{2,4}):(\d{3,6})(?!\d)"
)  # a ticker: "JP:8306"
# "9/11" and "24/7": a day and a rate of no figure
_SLASHED_RE = re.compile(r"(?<![\d/.,])(9/11|24/7)(?![\d/])")
# A phone number: "561-688-4068", "(816) 234-7743", "800-458-8477", "688-4163"
_PHONE_RE = re.compile(r"(?<![\w(.,/-])(?:\((\d{3})\)\s?|(\d{3})[-.])?(\d{3})-(\d{4})(?![\d-])")
# A street address: "10 Downing Street", "1600 Pennsylvania Avenue" (not "5 Wall Street banks": a count)
_ADDRESS_RE = re.compile(
    r"(?<![\w.,$£€-])(\d{1,5})\s(?!Wall\s)((?:[A-Z][a-z]+\s){1,3})(?:Street|St\.|Avenue|Ave\.|Road"
    r"|Rd\.|Boulevard|Blvd\.|Lane|Drive|Place|Square)(?!\w)"
)
# A figure in brackets on a word: a handle ("Eleonora[67]" is "Eleonora67")
_TAGGED_RE = re.compile(r"(?<=[A-Za-z])\[(\d{1,6})\]")

_PATTERNS = (_HEADED_RE, _CODE_RE, _SLASHED_RE, _PHONE_RE, _ADDRESS_RE, _TAGGED_RE)
HINT_RE = re.compile("|".join(p.pattern for p in _PATTERNS))
_DIGITS = "0123456789"
_STREETS = (
    "Street",
    "St.",
    "Ave",
    "Road",
    "Rd.",
    "Boulevard",
    "Blvd",
    "Lane",
    "Drive",
    "Place",
    "Square",
)
_STREET_RE = re.compile("|".join(map(re.escape, _STREETS)))  # is one of them in a text (sooner than asking each)
# A capital before a figure, or a capitalised word before a figure or a Roman numeral: what a name's
# pattern needs but for "&" ("S&P 500"), the lower-case head ("flight 93") and "Prop. 13"
_CAPITAL_DIGIT_RE = re.compile(r"[A-Z]\d|[A-Z]\s\d|[A-Z][a-z]+'?s?\s[\dIVXLC]")
_CODE_NEEDS_RE = re.compile(r"[A-Z]-?\d|[A-Z]:\d")


def hinted(text: str) -> bool:
    """``HINT_RE.search(text)``, sooner (the patterns together were ~90 µs a text): each pattern is
    tried only where the text has what it needs, found by C string tests first (a digit; a hyphen
    for a phone number, "9/11" or "24/7", "[", a street's word, a capital before a figure)."""
    if not (any(d in text for d in _DIGITS) if text.isascii() else any(c.isdigit() for c in text)):
        return False
    if "-" in text and _PHONE_RE.search(text):
        return True
    if ("9/11" in text or "24/7" in text) and _SLASHED_RE.search(text):
        return True
    if "[" in text and _TAGGED_RE.search(text):
        return True
    if _STREET_RE.search(text) and _ADDRESS_RE.search(text):
        return True
    if (
        "&" in text or "light" in text or "Prop" in text or _CAPITAL_DIGIT_RE.search(text)
    ) and _HEADED_RE.search(text):
        return True
    return bool(_CODE_NEEDS_RE.search(text)) and bool(_CODE_RE.search(text))


def _word(key: str, groups: list[str]) -> str:
    return f" {NAME}{key}{'x'.join(groups)} "  # the name's letters, then its figures


def _roman(numeral: str) -> str | None:
    values = [_ROMAN_VALUES[c] for c in numeral]
    total = sum(
        -v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values)
    )
    return str(total) if total else None


def _headed(match: re.Match[str]) -> str:
    head, figure, variant = match.group(1), match.group(2), match.group(3)
    if not figure.isdigit():
        if _HEADS[head] not in (
            "title",
            "proposition",
            "chapter",
            "article",
            "section",
            "superbowl",
        ):
            return match.group(0)  # "Boeing I": no Roman numeral names a plane
        figure = _roman(figure)
        if figure is None:  # pragma: no cover - the pattern admits only numeral letters
            return match.group(0)
    return _word(_HEADS[head], [figure, *([variant] if variant else [])])


def _code(match: re.Match[str]) -> str:
    if match.group(3):
        return _word("ticker" + match.group(3).lower(), [match.group(4)])
    return _word(match.group(1).lower(), [match.group(2)])


def mark(text: str) -> str:
    """``text`` with each name-figure above as a marked word."""
    if not hinted(text):
        return text
    # Each pattern only where the text (as marked so far) has what it needs, the C string tests
    # of `hinted` (issue 13: the six substitutions were a sixth of the decision's reading)
    if "-" in text:
        text = _PHONE_RE.sub(lambda m: _word("phone", [g for g in m.groups() if g]), text)
    if "&" in text or "light" in text or "Prop" in text or _CAPITAL_DIGIT_RE.search(text):
        text = _HEADED_RE.sub(_headed, text)
    if _CODE_NEEDS_RE.search(text):
        text = _CODE_RE.sub(_code, text)
    if "9/11" in text or "24/7" in text:
        text = _SLASHED_RE.sub(
            lambda m: _word("day" if m.group(1) == "9/11" else "rate", m.group(1).split("/")), text
        )
    if _STREET_RE.search(text):
        text = _ADDRESS_RE.sub(lambda m: _word("address", [m.group(1)]), text)
    if "[" not in text:
        return text
    return _TAGGED_RE.sub(lambda m: _word("tag", [m.group(1)]), text)


_NAMES_SHOWN = {"sp": "S&P", "address": "no.", "tag": ""}


def read(word: str) -> tuple[str, str, str] | None:
    """(figure, as written, kind) of a marked word, else None. A phone number's figure is all its
    digits, another name's its first group ("Boeing 737-700": 737); shown as a reviewer reads it."""
    if not word.startswith(NAME):
        return None
    body = word[len(NAME) :]
    first = next((k for k, c in enumerate(body) if c.isdigit()), len(body))
    key, groups = body[:first], body[first:].split("x")
    if not key or not all(g.isdigit() for g in groups):
        return None
    if key == "phone":
        return "".join(groups), "-".join(groups), "name:phone"
    if key in ("day", "rate"):
        return "".join(groups), "/".join(groups), f"name:{key}"
    figure = "-".join(groups)
    if key.startswith("ticker"):
        return str(int(groups[0])), f"{key[6:].upper()}:{figure}", f"name:{key}"
    shown = _NAMES_SHOWN.get(key, key)
    # a no-break space: a space says the word before is the figure's (`quantities.read_decision_numbers`)
    return str(int(groups[0])), f"{shown}\u00a0{figure}" if shown else figure, f"name:{key}"

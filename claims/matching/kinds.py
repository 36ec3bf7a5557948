"""Figures whose words say what they count (pass 28): a clock figure before a time zone ("0335
GMT"), an age ("27-year-old", "aged 27", "Sally, 62,"), a day of a month ("July 3", "3 July") and
an Italian century ("il Novecento", the 1900s, kind "decade": a span of years, as "the 1990s").

Read as a bare count they disagreed with other counts in real pairs: "Around 0335 GMT, Tab
shares were up 19 cents" / "jumped 20 cents" (0335 against 20), "Peterson, 31, ... his
27-year-old wife" / "two counts of murder" (27 against two), "Two weeks later" / "On Jan. 1"
(two against 1). Marked as words normalising keeps whole, read by
:mod:`claims.matching.quantities` as mentions of kind "time:<zone>", "age" and "date": a figure
of one kind is compared with figures of that kind only."""

from __future__ import annotations

import re

AGE = "zqage"  # "zqage31"
DAY = "zqday"  # "zqday3"
CENTURY = "zqcentury"  # "zqcentury1900": the 1900s

# A time zone after four clock digits: "0335 GMT", "1500 hours" (as armies and wires write a
# time). Upper case: "1000 est" is French for "1000 is". Not "ET", "PT", "WEST" alone.
_CLOCK_ZONES = (  # noqa: SIM905 - a word list reads best as prose
    "UTC GMT BST CET CEST EET EEST MSK AEST AEDT ACST AWST NZST NZDT JST KST HKT SGT PST PDT "
    "MST MDT CST CDT EST EDT AKST").split()
CLOCK_ZONE_RE = re.compile(r"(?<![\w.,:/$£€-])([01]\d|2[0-3])([0-5]\d)\s?(?:(" + "|".join(_CLOCK_ZONES)
                           + r")\b|(hours|hrs)\b)")
_MONTHS = (  # noqa: SIM905 - a word list reads best as prose
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
# "July 3", "Jan. 1", "Sept. 9", "3 July", "12 December 2017"; not "May 3.5" nor "July 4,000"
_DAY_AFTER_RE = re.compile(r"(?<![\w.])(" + _MONTH + r"\.?\s+)([1-9]|[12]\d|3[01])(?!\d)(?![\w.,:/-]\w)(?!\.\d)")
_DAY_BEFORE_RE = re.compile(r"(?<![\w.,:/$£€-])([1-9]|[12]\d|3[01])(\s+" + _MONTH + r")(?![\w])")
# "27-year-old", "27 years old", "aged 27", "age 4", "the age of 16" (CheckThat: "to 8 years old" /
# "to age 4" stay a conflict); "Sally, 62, originally from": a figure between
# commas after a capitalised word (not "Jan., 15,", which has a dot)
# "15-year-olds" (a group of that age) and "aged 27 and 35" (the second an age too) were counts (pass 29:
# "15 per cent of 15-year-olds" / "One in seven 15-year-olds", MRPC #2976; "two women aged 27 and 35", #3012)
_AGE_RE = re.compile(r"(?<![\w.,:/$£€-])(\d{1,3})(?=[-\s](?:years?|yrs?)[-\s]olds?\b)"
                     r"|(?:(?<=\baged\s)|(?<=\bage\s)|(?<=\bage\sof\s))(\d{1,3})\b(?![.,]\d)"
                     r"|(?:(?<=\baged\s\d\sand\s)|(?<=\baged\s\d\d\sand\s))(\d{1,3})\b(?![.,]\d)")
_APPOSITIVE_AGE_RE = re.compile(r"(?<![\w'])([A-Z][a-z]+, )(\d{1,3}),(?=\s)")
# "Sally Smith (62) said", as British papers give an age: one or two digits in brackets after a name
# (three are a telephone's area: "(816) 234-7743")
_BRACKETED_AGE_RE = re.compile(r"(?<![\w'])([A-Z][a-z]+ )\((\d{1,2})\)(?=[\s,.;])")

# Italian names its centuries by their hundreds, capitalised: "il Novecento" is the 1900s, not 900
# ("ottocento persone" is 800 people)
_CENTURIES = {"Duecento": 1200, "Trecento": 1300, "Quattrocento": 1400, "Cinquecento": 1500, "Seicento": 1600,
              "Settecento": 1700, "Ottocento": 1800, "Novecento": 1900}
_CENTURY_RE = re.compile(r"(?<![\w'])(" + "|".join(_CENTURIES) + r")(?![\w'])")

# What a text needs for any of them (`quantities._may_read_more` asks it: `hinted`)
HINT_RE = re.compile("|".join(p.pattern for p in (CLOCK_ZONE_RE, _DAY_AFTER_RE, _DAY_BEFORE_RE, _AGE_RE,
                                                    _APPOSITIVE_AGE_RE, _BRACKETED_AGE_RE, _CENTURY_RE)))
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEM_RE = re.compile("|".join(_MONTH_STEMS))  # is one of them in a text (sooner than asking each)
_DIGITS = "0123456789"


def hinted(text: str) -> bool:
    """``HINT_RE.search(text)``, sooner: the pattern tried at every character was ~37 µs a text;
    each of its parts needs a word these C string tests find first (a month's first three
    letters, "old" or "age", ", " before a digit, "cento", a digit)."""
    if "cento" in text and _CENTURY_RE.search(text):
        return True
    if not (any(d in text for d in _DIGITS) if text.isascii() else any(c.isdigit() for c in text)):
        return False
    if _MONTH_STEM_RE.search(text) and (_DAY_AFTER_RE.search(text) or _DAY_BEFORE_RE.search(text)):
        return True
    if ("old" in text or "age" in text) and _AGE_RE.search(text):
        return True
    if ", " in text and _APPOSITIVE_AGE_RE.search(text):
        return True
    if "(" in text and _BRACKETED_AGE_RE.search(text):
        return True
    return bool(CLOCK_ZONE_RE.search(text))


def mark(text: str, time_word: str) -> str:
    """``text`` with each figure above as a marked word (``time_word`` + "HHMMm" for a clock)."""
    if not hinted(text):
        return text
    # Each pattern only where the text (as marked so far) has the word it needs, as `hinted` asks
    text = CLOCK_ZONE_RE.sub(lambda m: f" {time_word}{m.group(1)}{m.group(2)}m {m.group(3) or ''} ", text)
    if "old" in text or "age" in text:
        text = _AGE_RE.sub(lambda m: f" {AGE}{m.group(1) or m.group(2) or m.group(3)} ", text)
    if ", " in text:
        text = _APPOSITIVE_AGE_RE.sub(rf"\1{AGE}\2 ,", text)
    if "(" in text:
        text = _BRACKETED_AGE_RE.sub(rf"\1{AGE}\2 ", text)
    if "cento" in text:
        text = _CENTURY_RE.sub(lambda m: f" {CENTURY}{_CENTURIES[m.group(1)]} ", text)
    if not _MONTH_STEM_RE.search(text):
        return text
    text = _DAY_AFTER_RE.sub(rf"\1{DAY}\2 ", text)
    return _DAY_BEFORE_RE.sub(rf"{DAY}\1 \2", text)


def read(word: str) -> tuple[str, str] | None:
    """(figure, kind) of a marked word, else None."""
    for prefix, kind in ((AGE, "age"), (DAY, "date"), (CENTURY, "decade")):
        if word.startswith(prefix) and word[len(prefix):].isdigit():
            return str(int(word[len(prefix):])), kind
    return None

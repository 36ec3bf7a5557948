"""Number words and scales of other tongues, for the duplicate decision's reading
(:mod:`claims.matching.quantities`): what a figure is multiplied by after it ("5 milionów",
"5 लाख", "5 مليون"), a scale alone with a preposition on it ("بمليار", with a billion), the
one-word hundreds of Spanish, Portuguese and Italian ("trescientos", "trezentos", "trecento"),
French number phrases ("trois cents", "quatre-vingts", "soixante-dix") and German compounds
("dreihundertfünfzig"). Each was read as a bare figure or not at all: "5 milionów" / "5 tysięcy"
merged as one claim, "trois cents" / "300" was a conflict (3 against 300).

Keys are as :func:`claims.matching.normalize.clean` leaves a word (NFKC, case-folded,
Arabic vowel marks gone, an alef with hamza or madda an alef since migration 0028: "آلاف" is
read as "الاف", which the lists hold beside it).
"""

from __future__ import annotations

import re
import unicodedata


def _nfkc(words: str) -> list[str]:
    return [unicodedata.normalize("NFKC", w).casefold() for w in words.split()]


# Scales after a figure (powers of ten), beyond those quantities already had: Polish (and Czech,
# Romanian), Turkish, the plurals of Russian and Ukrainian it lacked, Arabic, Hebrew and Hindi.
SCALES_AFTER = {
    **dict.fromkeys(_nfkc("tysiąc tysiące tysięcy tys tisíc bin"), 3),
    **dict.fromkeys(_nfkc("milion miliony milionów milionu milionů milioane milyon миллионы мільйони"), 6),
    **dict.fromkeys(_nfkc("miliard miliardy miliardów miliarde milyar миллиарды мільярди"), 9),
    **dict.fromkeys(_nfkc("bilion biliony bilionów trilyon триллион триллиона триллионов трильйон трильйони "
                          "трильйонів"), 12),
    # Arabic: "ألف" and its plural and accusative, "مليون" / "ملايين" / "مليونا", "مليار" (and "بليون")
    **dict.fromkeys(_nfkc("ألف الف آلاف الاف ألفا الفا"), 3),
    **dict.fromkeys(_nfkc("مليون ملايين مليونا"), 6),
    **dict.fromkeys(_nfkc("مليار مليارات مليارا بليون"), 9),
    **dict.fromkeys(_nfkc("تريليون"), 12),
    # Hebrew
    **dict.fromkeys(_nfkc("אלף אלפים"), 3), **dict.fromkeys(_nfkc("מיליון מיליונים"), 6),
    **dict.fromkeys(_nfkc("מיליארד מיליארדים"), 9),
    # Hindi: a thousand, a lakh (10^5), a crore (10^7), an arab (10^9), a kharab (10^11)
    **dict.fromkeys(_nfkc("हज़ार हजार"), 3), **dict.fromkeys(_nfkc("लाख"), 5), **dict.fromkeys(_nfkc("करोड़ करोड"), 7),
    # (not "अरब", a billion and "Arab": "22 अरब देश" is 22 Arab countries)
    **dict.fromkeys(_nfkc("मिलियन"), 6), **dict.fromkeys(_nfkc("बिलियन"), 9),
}  # fmt: skip
# "bin" is Turkish for a thousand, and an English word ("2 bin bags"): a scale only in a text
# with a letter of Turkish (`turkish`).
TURKISH_BIN = "bin"
_TURKISH_LETTERS_RE = re.compile("[ğışİĞŞ]")


def turkish(text: str) -> bool:
    return bool(_TURKISH_LETTERS_RE.search(text))


# Tongues that write a decimal comma (and a dot between thousands): before one of their scales
# "3.000 millones" is 3,000 million, where English "1.250 million" is 1.25 million. Not the scales
# of tongues writing a decimal point (Hindi, Hebrew, Arabic, South Asia's lakh and crore) nor
# "mil" (English slang for a million as well).
NOT_DOT_THOUSANDS = frozenset((*_nfkc("lakh lakhs crore crores mil"), *(
    w for w in SCALES_AFTER if any("\u0590" <= c <= "\u06ff" or "\u0900" <= c <= "\u097f" for c in w))))

# A scale word alone is one of it ("بمليار دولار", with a billion dollars; "מיליון", a million),
# with an Arabic preposition or conjunction on it ("ب", "و", "ل", "ف", "ك") or a Hebrew one
# ("ב", "ו", "ל", "כ"). Only the million and the billion: "ألف" / "אלף" alone is a letter or a verb too.
_ALONE = {**dict.fromkeys(_nfkc("مليون"), 6), **dict.fromkeys(_nfkc("مليار بليون"), 9)}
_ALONE_HEBREW = {**dict.fromkeys(_nfkc("מיליון"), 6), **dict.fromkeys(_nfkc("מיליארד"), 9)}
SCALES_ALONE = {
    **{p + w: v for w, v in _ALONE.items() for p in ("", "ب", "و", "ل", "ف", "ك", "وب", "فب")},
    **{p + w: v for w, v in _ALONE_HEBREW.items() for p in ("", "ב", "ו", "ל", "כ")},
}


def raw_forms(words) -> list[str]:
    """The words as a text may write them before NFKC: Devanagari's "ज़" / "ड़" as one character too."""
    forms = set()
    for w in words:
        forms.add(w)
        forms.add(w.replace("\u091c\u093c", "\u095b").replace("\u0921\u093c", "\u095c"))
    return sorted(forms, key=len, reverse=True)


# The one-word hundreds of Spanish, Portuguese and Italian (masculine and feminine).
HUNDREDS = {w: v * 100 for v, words in enumerate((
    "", "", "doscientos doscientas duzentos duzentas duecento",
    "trescientos trescientas trezentos trezentas trecento",
    "cuatrocientos cuatrocientas quatrocentos quatrocentas quattrocento",
    "quinientos quinientas quinhentos quinhentas cinquecento",
    "seiscientos seiscientas seiscentos seiscentas seicento",
    "setecientos setecientas setecentos setecentas settecento",
    "ochocientos ochocientas oitocentos oitocentas ottocento",
    "novecientos novecientas novecentos novecentas novecento")) for w in words.split()}
# "cientos de personas", "centinaia di persone": hundreds, as a scale alone ("hundreds")
HUNDREDS_ALONE = frozenset(("cientos", "centenares", "centenas", "centinaia", "centaines", "hunderte"))

# --- French number phrases -------------------------------------------------------------------------
_FRENCH = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
# A phrase is French only with a word no English text writes as a number ("six cents" is money,
# "seize" a verb, "un" and "sept" prefixes and a month)
_FRENCH_ONLY = frozenset(("deux", "trois", "quatre", "cinq", "huit", "neuf", "dix", "onze", "douze", "treize",
                          "quatorze", "quinze", "vingt", "vingts", "trente", "quarante", "cinquante", "soixante"))
FRENCH_FIRST = frozenset(_FRENCH_ONLY | {"cent", "cents", "mille"})


def _french_after(last: int, value: int) -> bool:
    """May ``value`` be added after ``last`` within one French number ("soixante dix", "dix sept",
    "vingt et un", "quatre vingt onze"), not a list ("deux trois")?"""
    if last in (20, 30, 40, 50):
        return value < 10
    if last in (60, 80):
        return value < 20
    if last == 10:
        return value in (7, 8, 9)
    return last % 100 == 0 and value < 100  # after "cent", "deux cents"


def french_numbers(words: list[str]) -> list[str]:
    """French number phrases as their figure: "trois cents" 300, "quatre vingts" 80 ("quatre-vingts",
    cleaned), "soixante dix" 70, "deux cent cinquante" 250, "vingt et un" 21, "deux mille" 2000. A
    phrase of one word, or without a word only French writes, stays as it is."""
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        value, end, french = _french_phrase(words, k) if words[k] in _FRENCH or words[k] in FRENCH_FIRST else (0, k, False)
        if end - k >= 2 and french:
            out.append(str(value))
            k = end
        else:
            out.append(words[k])
            k += 1
    return out


def _french_phrase(words: list[str], k: int) -> tuple[int, int, bool]:
    """(value, end, holds a word only French writes) of the number phrase from ``words[k]``."""
    total, current, last, end, french = 0, 0, 0, k, False
    at = k
    while at < len(words):
        word = words[at]
        if word in ("cent", "cents") and current < 10:  # "trois cents"; not "vingt cents"
            current = max(current, 1) * 100
            last = 100
        elif word == "mille" and not total and (current or at == k):
            total, current, last = max(current, 1) * 1000, 0, 1000
        elif word in ("vingt", "vingts") and last == 4 and current % 100 == 4:
            current += 76  # "quatre vingts": 4 * 20
            last = 80
        elif word == "et" and last in (20, 30, 40, 50, 60) and at + 1 < len(words) and words[at + 1] in ("un", "une", "onze"):
            at += 1
            continue
        elif word in _FRENCH and (last in (0, 1000) or _french_after(last, _FRENCH[word])):
            current += _FRENCH[word]
            last = _FRENCH[word]
        else:
            break
        french = french or word in _FRENCH_ONLY
        at += 1
        end = at
    return total + current, end, french


# --- German compounds -----------------------------------------------------------------------------
_DE_UNITS = {"ein": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
             "neun": 9}
_DE_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
             "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
_DE_TENS = {"zwanzig": 20, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
            "achtzig": 80, "neunzig": 90}


def _alt(table: dict[str, int]) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


_DE_BELOW_100 = rf"(?:(?:{_alt(_DE_UNITS)})und(?:{_alt(_DE_TENS)})|{_alt(_DE_TEENS)}|{_alt(_DE_TENS)}|{_alt(_DE_UNITS)})"
_DE_BELOW_1000 = rf"(?:(?:{_alt(_DE_UNITS)})?hundert(?:{_DE_BELOW_100})?|{_DE_BELOW_100})"
_GERMAN_RE = re.compile(rf"(?:({_DE_BELOW_1000})?tausend)?({_DE_BELOW_1000})?")
_DE_PART_RE = re.compile(rf"({_alt(_DE_UNITS)})und({_alt(_DE_TENS)})")
# What a German compound holds (asked of a text as written, for `quantities`' quick test)
GERMAN_HINT = r"hundert|tausend|und(?:zwanzig|drei(?:ß|ss)ig|vierzig|fünfzig|funfzig|sechzig|siebzig|achtzig|neunzig)"


def _below_1000(part: str) -> int:
    value = 0
    if "hundert" in part:
        before, part = part.split("hundert", 1)
        value = 100 * (_DE_UNITS[before] if before else 1)
    if not part:
        return value
    if match := _DE_PART_RE.fullmatch(part):
        return value + _DE_UNITS[match.group(1)] + _DE_TENS[match.group(2)]
    return value + {**_DE_UNITS, **_DE_TEENS, **_DE_TENS}[part]


def german_number(word: str) -> int | None:
    """A German number written as one word of two parts or more ("dreihundertfünfzig" 350,
    "fünfundzwanzig" 25, "zweitausendzwanzig" 2020), or None."""
    if len(word) < 8 or not any(p in word for p in ("hundert", "tausend", "und")):
        return None
    match = _GERMAN_RE.fullmatch(word)
    if match is None:
        return None
    thousands, rest = match.group(1), match.group(2)
    if "tausend" not in word and rest is None:
        return None
    value = (_below_1000(thousands) if thousands else 1) * 1000 if "tausend" in word else 0
    return value + (_below_1000(rest) if rest else 0)

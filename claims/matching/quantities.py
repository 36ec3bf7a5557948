"""The numbers the duplicate decision compares: :func:`read_numbers` and more.

The index and the match score read numbers as :mod:`claims.matching.numbers` does (what
they read is every store's keys: changing it needs a rebuild). Deciding whether two claims
*disagree* needs more: "4th" against "5th largest", "-5" against "5 degrees", "2k" against
"3k", "40m" against "40bn", "World War II" against "World War I", "fourth" against "fifth",
"doubled" against "tripled", "half" against "a third", "millions" against "billions" are
different claims. :func:`decision_numbers` reads these too, from the text as written (the
sign, the capitals of a Roman numeral and the Unicode numerals are gone once normalised):

- a sign: "-5", "−5", "minus 5";
- ordinals: "4th", "21st", "fourth", "twenty-first" (first .. twentieth), kind "ordinal";
- exponent notation: "1e6", "1.5E6" (a million, precise to its last digit: "1e6" as "1 million");
- suffixes: "2k", "40m", "1.5mn", "3b" (as "bn" and "tn" already are); "m" is a million
  except before the name of a race or a stroke ("100m sprint", "200m freestyle", "400m
  hurdles"), where it is metres, the number itself ("100m sprint" is "100 metres
  sprint"). A bare "40m" stays a million: in news it is money or a count far more often
  than a length ("cost 40m" is "cost 40 million"), and a million against "40bn" disagrees;
- Roman numerals where they cannot be a word: upper-case II .. XX ("I", "V", "X" alone are
  a pronoun, a letter), Unicode Ⅰ .. Ⅻ, and "I" after a capitalised word inside a sentence
  ("World War I", "Elizabeth I"), kind "ordinal";
- multipliers "doubled", "tripled", "quadrupled", "halved" (kind "multiplier"), fractions
  "half", "a third", "two thirds", "a quarter", "three quarters", hyphened too ("one-third")
  (kind "fraction"), and scale words alone, "thousands", "millions", "billions" (kind "scale");
- a figure written on a word of a script beyond ASCII, as Japanese, Chinese and Korean write
  every figure ("12パーセント", "12퍼센트로", "3월에", "2023년"): the figure apart from the word,
  a percent word ("パーセント", "퍼센트", "процент...") read as "percent"; in ASCII, German,
  Dutch and Norwegian "12Prozent", "12procent", "12prosent" as "12pc";
- figures in other tongues (:mod:`claims.matching.tongues`): a scale after a figure ("5 milionów",
  "5 लाख", "5 مليون"), "بمليار" (a billion), "trescientos", "trois cents", "dreihundertfünfzig";
  a dotted figure before a scale of a tongue writing a decimal comma is thousands ("3.000 millones");
  "12 M€" is 12 million euros; digits grouped by a space ("12 000") are one figure in a text with
  letters beyond ASCII or where the groups end in "000";
- "one" where it is a count: in a ratio ("one in five", "one out of three") or after "only",
  "just", "exactly", "at least", "more than" ("the only one" is a pronoun, as "one of the",
  "no one" and "one day" are: a word).

Numbers of different kinds never disagree (``number_conflicts`` pairs one kind only), so
"the fourth" against "4 people" is no conflict, nor "millions" against "2 million".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from math import gcd

from claims.matching import kinds, names, tongues, units
from claims.matching.normalize import Analysis, clean
from claims.matching.numbers import (
    _UNITS,
    NUMBER_RE,
    NumberMention,
    _may_be_one,
    canonical,
    number_conflicts,
    numbers_agree,
    percent_after,
    read_numbers,
)

_ORDINAL_WORDS = {
    word: value for value, word in enumerate((  # noqa: SIM905 - a word list reads best as prose
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    ).split(), start=1)
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_MULTIPLIERS = {
    "doubled": "2", "doubles": "2", "doubling": "2", "tripled": "3", "triples": "3",
    "tripling": "3", "trebled": "3", "quadrupled": "4", "quadruples": "4", "quadrupling": "4",
    "halved": "0.5", "halving": "0.5",
    # "twofold" / "threefold" ("two-fold" is written so once normalised) merged at 99.6 (hostile24)
    "twofold": "2", "threefold": "3", "fourfold": "4", "fivefold": "5", "sixfold": "6", "sevenfold": "7",
    "eightfold": "8", "ninefold": "9", "tenfold": "10", "hundredfold": "100",
}  # fmt: skip
# (word, the word before it or None for any) -> value: "a third" is a fraction, "the third" an ordinal.
_FRACTIONS = {
    ("half", None): "0.5", ("third", "a"): "0.333", ("third", "one"): "0.333",
    ("thirds", "two"): "0.667", ("quarter", "a"): "0.25", ("quarter", "one"): "0.25",
    ("quarters", "three"): "0.75", ("fifth", "a"): "0.2", ("fifth", "one"): "0.2", ("fifths", "two"): "0.4",
    ("fifths", "three"): "0.6", ("fifths", "four"): "0.8", ("tenth", "a"): "0.1", ("tenth", "one"): "0.1",
}  # fmt: skip
# "one" as a count: after these words, or in a ratio (`_one_is_a_count`); never before what reads it whole
_COUNTING_BEFORE_ONE = frozenset(("only", "just", "exactly", "least", "than"))
_ONE_READ_WITH = frozenset(("hundred", "thousand", "million", "billion", "trillion", "bn", "tn", "half", "thirds",
                            "quarters", "fifths", "and"))
_NUMBER_WORDS = frozenset((  # noqa: SIM905 - a word list reads best as prose
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
).split())
_SCALE_WORDS = {"hundreds": 2, "thousands": 3, "millions": 6, "billions": 9, "trillions": 12,
                **dict.fromkeys(tongues.HUNDREDS_ALONE, 2)}  # "cientos de personas": hundreds
# Number words of other tongues, one word each (1 to 20 and the tens, where no English word or
# article is spelled so: not "un", "ein", "uno", "due", "once", "elf", "sei", "otto", "sept",
# "cent", nor "seize", "doze", "quince": "Police seize guns" / "took guns from 3 suspects" was
# a conflict, review25): "dos" / "tres millones", "deux" / "trois", "zwei" / "drei" merged at 99.6.
_FOREIGN_NUMBER_WORDS = {
    **{w: v for v, words in enumerate((
        "", "", "dos deux zwei dois duas", "tres trois drei três", "cuatro quatre vier quatro quattro",
        "cinco cinq fünf cinque", "seis sechs", "siete sieben sete sette", "ocho huit oito", "nueve neuf neun nove",
        "diez dix zehn dez dieci", "", "doce douze zwölf dodici", "trece treize dreizehn treze tredici",
        "catorce quatorze vierzehn quattordici", "quinze fünfzehn quindici", "dieciséis sechzehn sedici",
        "diecisiete siebzehn dezessete diciassette", "dieciocho achtzehn dezoito diciotto",
        "diecinueve neunzehn dezenove diciannove", "veinte vingt zwanzig vinte venti")) for w in words.split()},
    **{w: v for v, words in (
        (30, "treinta trente dreißig dreissig trinta"), (40, "cuarenta quarante vierzig quarenta quaranta"),
        (50, "cincuenta cinquante fünfzig cinquenta cinquanta"), (60, "sesenta soixante sechzig sessenta sessanta"),
        (100, "cien ciento hundert cem cento")) for w in words.split()},
    **tongues.HUNDREDS,  # "trescientos", "trezentos", "trecento" (pass 27)
}  # fmt: skip
# Decades in words, read as their figures are ("the nineties" the 1990s, "in their twenties" an age)
_DECADE_WORDS = {w: v for v, w in enumerate(
    ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"), start=2)}
_DECADE_RE = re.compile(r"^([2-9]|1\d\d|20\d)0s$")  # "1990s", "90s" (from "'90s", or ages: "in their 20s")
# Scales after a figure in other tongues, as powers of ten: South Asia's ("5 crore" is 50
# million, "5 lakh" 500,000: they merged at 99, hostile24), and the million and billion of
# Spanish, Portuguese, French, German, Italian, Dutch, the Nordic tongues, Russian and Ukrainian
# ("12 millones" / "12 mil millones" merged at 99.7: "mil millones" is a billion, pass 24).
# Only after a figure; the English words are read_numbers' ("12 million"). A word that is a
# billion in one tongue and a trillion in another is the tongue's own spelling ("billón",
# "bilião", "Billionen": 10^12; Brazil's "bilhão": 10^9); English "billion" stays 10^9.
_INDIAN_SCALES = {"lakh": 5, "lakhs": 5, "crore": 7, "crores": 7}
_SCALES_AFTER = {
    **_INDIAN_SCALES,
    **dict.fromkeys(("mil", "mille", "mila", "tausend", "duizend", "тыс", "тысяча", "тысячи", "тысяч", "тис",
                     "тисяча", "тисячі", "тисяч"), 3),
    **dict.fromkeys(("millón", "millon", "millones", "milhão", "milhao", "milhões", "milhoes", "millions",
                     "millionen", "mio", "milione", "milioni", "miljoen", "miljoenen", "miljon", "miljoner",
                     "millioner", "mln", "млн", "миллион", "миллиона", "миллионов", "мільйон", "мільйона",
                     "мільйонів"), 6),
    **dict.fromkeys(("milliard", "milliards", "milliarde", "milliarden", "miliardo", "miliardi", "miljard",
                     "miljarden", "miljarder", "milliarder", "mld", "mrd", "bilhão", "bilhao", "bilhões", "bilhoes",
                     "млрд", "миллиард", "миллиарда", "миллиардов", "мільярд", "мільярда", "мільярдів",
                     "mil\u00a0millones", "mil\u00a0milhões", "mil\u00a0milhoes"), 9),
    **dict.fromkeys(("billón", "billon", "billones", "bilião", "biliões", "billionen", "трлн"), 12),
    # Polish, Turkish, Arabic, Hebrew, Hindi and more ("5 milionów" / "5 tysięcy" merged, pass 27)
    **tongues.SCALES_AFTER,
}  # fmt: skip
# The scale characters of Chinese, Japanese and Korean after a figure ("12亿", "3.5万", "12억",
# "3천만"); a run of them multiplies ("百万" a million, "万亿" 10^12).
# Japanese "兆" (12兆円) and Korean "백" (3백만, 300만) were missed (review25).
_CJK_SCALES = {"百": 2, "千": 3, "万": 4, "萬": 4, "亿": 8, "億": 8, "兆": 12, "백": 2, "천": 3, "만": 4, "억": 8,
               "조": 12}
_CJK_SCALES_LONGEST = 3  # "万亿"; a longer run of them ("亿亿亿…") is no scale anyone writes
# "千" before these is the prefix kilo- ("5千克" is 5 kg, as "5公斤"; "千米" km, "千瓦" kW), "兆"
# mega- ("兆瓦" MW, "兆赫" MHz): no scale of the figure ("5千克" / "5公斤" was a conflict, review25).
_PREFIXED_UNITS = {"千": frozenset("克米瓦焦帕"), "兆": frozenset("瓦赫焦帕")}
# Numerals of Chinese and Japanese ("十二亿", "三千五百万", "二〇二四"): each character is a word
# once cleaned. Read where two or more stand together holding a digit, not starting on a large
# unit ("万一", in case) and, digit after digit, four or more ("两三天", two or three days; "九一一", 9/11).
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CJK_NUMERAL_RE = re.compile("[零〇一二两兩三四五六七八九十百千万萬亿億]{2}")
# The longest run of numerals read as one number (23 characters write 9,999,999,999,999): a longer
# run stays words, read in one pass (every start of 10,000 numerals read on took 12 s, review25).
_CJK_NUMERAL_LONGEST = 32
# The words before a figure that bound it (a figure agrees with one bounded the same way or not
# at all: "nearly 12" / "over 12" merged at 99, pass 24); "about 12" is bounded neither way.
# Not "above" / "below": a threshold more often than a count ("a number below 50 suggests
# contraction, ... above that expansion" is MRPC's paraphrase of "a reading above 50 ...").
_BOUNDS = {
    **dict.fromkeys((("more", "than"), ("over",), ("at", "least"), ("upwards", "of"),
                     ("in", "excess", "of"), ("exceeding",), ("greater", "than"), ("higher", "than"),
                     ("no", "fewer", "than"), ("no", "less", "than"), ("not", "less", "than"), ("más", "de"),
                     ("plus", "de"), ("mehr", "als"), ("über",)), "above"),
    **dict.fromkeys((("less", "than"), ("fewer", "than"), ("under",), ("at", "most"), ("up", "to"),
                     ("nearly",), ("almost",), ("lower", "than"), ("no", "more", "than"), ("not", "more", "than"),
                     ("menos", "de"), ("casi",), ("moins", "de"), ("presque",), ("weniger", "als"), ("fast",),
                     ("unter",)), "below"),
}  # fmt: skip
_BOUND_LAST_WORDS = frozenset(phrase[-1] for phrase in _BOUNDS)
# An ASCII bounding phrase right before a figure or a number word, words apart as `_bounded`
# parts them (by any character but an ASCII letter or digit)
_BOUNDED_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join("[^a-z0-9]+".join(p) for p in _BOUNDS if all(w.isascii() for w in p))
    + r")[^a-z0-9]+(?:\d|(?:" + "|".join(sorted((*_NUMBER_WORDS, "a"), key=len, reverse=True)) + r")(?![a-z0-9]))",
    re.IGNORECASE | re.ASCII)
# a figure with a dot before a scale or a percent is a decimal ("1.250 million", "4.250 percent")
_NOT_THOUSANDS_AFTER = frozenset(("thousand", "million", "billion", "trillion", "bn", "tn", "percent", "pct", "pc",
                                  "percentage", "per"))
# "1.200" with a last zero, or "1.200.000": a dot between thousands, as most of Europe writes
# them ("1.200 people" / "1.2 people" merged at 100, pass 24); "1.25" / "1.250 million" stay decimals.
_THOUSANDS_DOT_RE = re.compile(r"^(?:[1-9]\d{0,2}\.\d\d0|[1-9]\d{0,2}(?:\.\d{3}){2,})$")
# A text that writes a figure the English way elsewhere ("13.533", "6.88", "1,200") has no dot between
# thousands: "Biles scored 14.500 on the vault and 13.533 on the beam" / "14.5 on the vault" was
# a conflict (review25).
_DECIMAL_WRITTEN_RE = re.compile(r"(?<![\d.,])\d+(?:\.(?:\d{1,2}|\d\d[1-9]|\d{4,})|,\d{3})(?![\d.,])")
# In a text written the continental way (a decimal comma, "2,5%"; a euro sign after a figure,
# "1.125 €"; or a figure with dots between thousands, "1.200.000") and in no way English (no
# "3.5", "6.88", "1,200"), any three digits after a dot are thousands: "Los 1.125 trabajadores
# cobran 1.150 euros, un 2,5% más" read 1.125 and 1.15 ("13.533" was the text's evidence of
# English decimals), so against "1.15 euros" it was a duplicate. "1.150 euros" alone reads as
# before (1,150), English "1.125" and "1.150 million" stay decimals.
_CONTINENTAL_RE = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])|\d\s?€|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])")
_ENGLISH_WRITTEN_RE = re.compile(r"(?<![\d.,])\d+(?:\.(?:\d{1,2}|\d{4,})|,\d{3})(?![\d.,])")
_THOUSANDS_ANY_DOT_RE = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_MAY_HAVE_THOUSANDS_DOT_RE = re.compile(r"(?<![\d.])[1-9]\d{0,2}\.\d\d(?:\d(?![\d.])|\d\.\d{3})")
# What a text beyond ASCII needs for the readings above that the patterns below do not ask:
# a scale word of another script after a figure, or two numerals of Chinese or Japanese.
_MAY_HAVE_BEYOND_RE = re.compile(
    r"\d\s*(?:" + "|".join(tongues.raw_forms(w for w in _SCALES_AFTER if not w.isascii()))
    + "|[" + "".join(_CJK_SCALES) + "])|" + _CJK_NUMERAL_RE.pattern + "|" + "|".join(tongues.SCALES_ALONE)
    + r"|\b(?:"
    + "|".join(w for w in _FOREIGN_NUMBER_WORDS if not w.isascii()) + r")\b|\b(?:"
    + "|".join(" ".join(p) for p in _BOUNDS if not all(w.isascii() for w in p)) + r")\s+\d", re.IGNORECASE)
_SUFFIXES = {"k": 3, "m": 6, "mn": 6, "b": 9, "bn": 9, "tn": 12, "trn": 12}
_ORDINAL_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_SUFFIX_RE = re.compile(r"^(\d+(?:\.\d+)?)(k|mn|m|bn|b|trn|tn)$")
_EXPONENT_RE = re.compile(r"^(\d+(?:\.\d+)?)e(\d{1,2})$")  # "1e6", "1.5E6": a million, 1.5 million
_TIMES_RE = re.compile(r"^(\d+(?:\.\d+)?)x$")  # "rose 2x" / "3x": a multiplier, as "doubled" is
# A figure written on its unit ("12pc", "15km", "100mph"): one word to the index, so "12pc" /
# "15pc" never disagreed and merged at 100. Read as its figure, as "12 km" is; "pc" a percent.
# Not a decade ("1980s"), a time ("8am"), an ordinal (read above) or "5G": no unit.
_GLUED_UNITS = ("pc pct km cm mm kg mg lb lbs ft mi mph kph kmh ha ml kw kwh mw mwh gw gwh twh gb mb tb "
                "sqm sqft prozent procent prosent")
_GLUED_RE = re.compile(r"^(\d+(?:\.\d+)?)(" + "|".join(_GLUED_UNITS.split()) + ")$")
_GLUED_PERCENT = frozenset(("pc", "pct", "prozent", "procent", "prosent"))
# A figure on a word of another script ("12パーセント", "12퍼센트로"): the index reads one word
# (its keys are every store's), so only the decision parts them.
_GLUED_BEYOND_RE = re.compile(r"\d[^\x00-\x7f]")  # asked of the text as written: may a word have one?
_FIGURE_IN_WORD_RE = re.compile(r"(\d+(?:\.\d+)?)")
# the percent words of those scripts that a figure is written on (a word's start: "відсот" is
# "відсоток", "відсотків")
_PERCENT_WORDS_BEYOND = ("パーセント", "퍼센트", "процент", "відсот")
# Words after "100m" that make it a length: races and strokes only. A size word ("high",
# "long", "above", "final", "run") follows money as often ("a £3m long-term deal", "5m above
# forecast", "a £40m final payment"): before it "m" stays a million.
_LENGTH_AFTER = frozenset((  # noqa: SIM905 - a word list reads best as prose
    "sprint sprints dash hurdles relay relays steeplechase freestyle backstroke breaststroke "
    "butterfly medley"
).split())

def _roman(value: int) -> str:
    tens, units = divmod(value, 10)
    return "X" * tens + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[units]


_ROMANS = {_roman(v): v for v in range(2, 21) if len(_roman(v)) >= 2}  # II .. XX, canonical forms only
_ROMAN_WORD_RE = re.compile(r"(?<![\w'])[IVX]{2,5}(?![\w'])")
_UNICODE_ROMAN_RE = re.compile("[\u2160-\u216b]")  # Ⅰ .. Ⅻ
_ROMAN_I_RE = re.compile(r"(?<![\w'])([A-Z][a-z]+) I(?![\w'])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;\"“(])\s*$")
_MINUS_RE = re.compile(r"(?<![\w.,%)\]/-])[-\u2212\u2013](?=\d)")
_HYPHENED_FRACTION_RE = re.compile(r"\b(one|two|three|four|a)[-\u2010\u2011\u2013](thirds?|quarters?|half|fifths?|tenths?)\b",
                                   re.IGNORECASE)
# "one-in-five": a ratio written as one word
_HYPHENED_RATIO_RE = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten)[-\u2010\u2011\u2013](in)"
                                r"[-\u2010\u2011\u2013](\w+)\b", re.IGNORECASE)
_MARK = "zqroman"  # a Roman numeral, as a word normalising keeps whole: "zqroman12"
_PLACE = "zqnumber"  # a number read here, hidden from read_numbers: "zqnumber3"
_COMMA = "zqcomma"  # a decimal comma, as a word normalising keeps whole: "zqcomma2x5" ("2,5")
# A decimal comma ("2,5%", "1,2 millones"): read 2 and 5 ("un 2,5%" / "un 2.5%" was a conflict, 5
# against 2.5). One to three digits, then one or two: "1,200" is a thousand and two hundred, "1,2,3" a list.
_DECIMAL_COMMA_RE = re.compile(r"(?<![\d.,])(\d{1,3}),(\d{1,2})(?![\d.,])")
_MIXED = "zqmixed"  # a whole and a fraction, as a word normalising keeps whole: "zqmixed5x1x2" ("5 1/2")
# A whole and a fraction: "5 1/2", "27 3/4", "5½", "5 ½" (read 5, 1 and 2, or 51 and 2: "five and a
# half months" / "5 1/2 months" disagreed). A fraction alone ("1/2", "3/4") may be a date or a score.
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5),
           "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8)}
_MIXED_FRACTION_RE = re.compile(r"(?<![\d.,/:-])(\d{1,6})(?:\s([1-9]|1[0-5])/([2-9]|1[0-6])(?![\d/])|\s?([" + "".join(_VULGAR)
                                + r"]))")
# A whole and a fraction whose space was lost (PDF and wire copy: "21/2-week trial" is 2½ weeks): one digit,
# then 1/2, 1/4, 3/4, 1/3 or 2/3, before a hyphened word or a unit of time, length or count. Not a date
# ("11/2" alone), nor "21/2 of the votes".
_RUN_FRACTION_RE = re.compile(r"(?<![\d/.,:-])([1-9])(1|3|2)/(2|4|3)(?=-[a-z]|\s(?:weeks?|days?|months?|years?|hours?"
                              r"|minutes?|miles?|inches|feet|times|points?|percent|cups?|pounds?|ounces?|innings)\b)")
# A fraction's sign with no whole before it: "½ cup", "¾ of the vote" (0.5, 0.75)
_VULGAR_ALONE_RE = re.compile("([" + "".join(_VULGAR) + "])")  # (after `_MIXED_FRACTION_RE` read those with a whole)
# A decimal written without its zero: ".85 cent", "$.50", "(.5 percent)"; not a dot ending a sentence
# (". 5 people": spaced) nor inside a figure or a word ("3.5", "U.S.")
_POINT = "zqpoint"  # "zqpoint85" is .85
# What `_LEAD_DOT_RE` needs before its dot (any white space: an em space before ".85" was
# missed by a list of four spaces, and the number was never read; perf33)
_BEFORE_LEAD_DOT_RE = re.compile(r"[\s$(£€]\.")
_LEAD_DOT_RE = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[$£€(]))\.(\d{1,4})(?![\d.,]?\d)")
_TIME = "zqtime"  # a time of day, as a word normalising keeps whole: "zqtime1530"
# A time of day: "3pm", "3 p.m.", "3:30 PM", "3.30pm", "15:00" ("at 3pm" / "at 3am" merged at 99.8:
# the index reads no figure in "3pm"). Kind "time", its value the 24-hour clock ("1500").
_TIME_RE = re.compile(r"(?<![\d:.,])(\d{1,2})(?:[:.]([0-5]\d))?\s?([ap])\.?\s?m\b\.?"
                      r"|(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])", re.IGNORECASE | re.ASCII)
# A time zone after a time: times in two zones may be one moment ("8am AEST" / "6 p.m. EDT"), so a
# time is compared only with one in the same zone, or with none named on both (its kind says it).
_TIME_ZONES = frozenset((  # noqa: SIM905 - a word list reads best as prose
    "utc gmt bst ist cet cest eet eest wet west msk aest aedt acst awst nzst nzdt jst kst hkt sgt pst pdt mst mdt "
    "cst cdt est edt akst hst et pt ct mt local"
).split())

# What only this reader reads: a text matching neither pattern reads as read_numbers reads it.
_MAY_HAVE_WORDS_RE = re.compile(
    r"\d(?:st|nd|rd|th|k|mn|m|bn|b|trn|tn|e\d{1,2}|x|" + "|".join(_GLUED_UNITS.split()) + r")\b|\d0s\b|\bminus\b|\b(?:" + "|".join(
        [*_ORDINAL_WORDS, *_MULTIPLIERS, "half", "thirds?", "quarters?", "fifths", *_SCALE_WORDS, *_INDIAN_SCALES,
         r"one\s+(?:in|out\s+of|of\s+every)", r"(?:one|two|three|four|five|six|seven|eight|nine|ten)[-\u2010\u2011\u2013](?:in|fold)",
         r"(?:only|just|exactly|least|than)\s+one", r"one\s+(?:per\s+cent|percent(?:age)?|pct)",
         *(w for w in _SCALES_AFTER if w.isascii() and "\u00a0" not in w), "dozens?",
         *(w for w in _FOREIGN_NUMBER_WORDS if w.isascii()), *_DECADE_WORDS,
         ]) + r")\b",
    re.IGNORECASE)
_MAY_HAVE_CASED_RE = re.compile(r"[IVX]{2}|[A-Z][a-z]+ I\b|[\u2160-\u216b]|[-\u2212\u2013]\d")
# The patterns above try each alternative at every character: ~300 µs a claim, run for both
# sides of every comparison and every search candidate. An ASCII text (most) is first asked
# what any match of theirs needs, with C string methods (a few µs); only a text that has it
# goes through the patterns, so what they answer is unchanged.
_WORD_TOKENS = frozenset(w.encode() for w in (
    *_ORDINAL_WORDS, *_MULTIPLIERS, "half", "third", "thirds", "quarter", "quarters", "fifths", *_SCALE_WORDS, "minus",
    "one", "dozen", "dozens", *(w for w in _SCALES_AFTER if w.isascii() and "\u00a0" not in w),
    *(w for w in _FOREIGN_NUMBER_WORDS if w.isascii()), *_DECADE_WORDS))
_TOKENS = bytes.maketrans(  # ASCII letters lower-cased, digits kept, anything else a space
    bytes(range(256)),
    bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)))
_DIGIT_SUFFIX_RE = re.compile(rb"\d(?:st|nd|rd|th|k|mn|m|bn|b|trn|tn|e\d{1,2}|x|0s|" + "|".join(
    _GLUED_UNITS.split()).encode() + rb")$")
_SUFFIX_ENDS = bytes(sorted({ord(u[-1]) for u in ("st nd rd th k mn m bn b trn tn x s " + _GLUED_UNITS).split()})) + b"0123456789"
_ROMAN_PAIRS = tuple(a + b for a in "IVX" for b in "IVX")
_ROMAN_PAIR_RE = re.compile("[IVX]{2}")  # one of them in a text (sooner than asking each)
_DASH_DIGIT_RE = re.compile(r"-\d")
_BEYOND_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# İ ı ſ K: the only characters beyond ASCII that match an ASCII letter case-insensitively
# (every code point tried against a-z); the dashes and Roman numerals the patterns name.
_MATCHED_BEYOND_ASCII = frozenset("\u0130\u0131\u017f\u212a\u2212\u2013" + "".join(map(chr, range(0x2160, 0x216C))))


@lru_cache(maxsize=1 << 14)
def _may_read_more(text: str) -> bool:
    """Does ``text`` match ``_GLUED_BEYOND_RE``, ``_MAY_HAVE_BEYOND_RE``, ``_MAY_HAVE_CASED_RE``,
    ``_MAY_HAVE_WORDS_RE``, ``_BOUNDED_RE``, ``_MAY_HAVE_THOUSANDS_DOT_RE`` or ``_MIXED_FRACTION_RE``? Cached by text (as
    `read_decision_numbers`): a claim compared with five candidates is asked five times."""
    if kinds.hinted(text):  # a clock before its zone, an age, a day of a month, an Italian century
        return True
    if names.hinted(text):  # "S&P 500", "Boeing 737", "9/11", a phone number
        return True
    if not text.isascii() and (_GLUED_BEYOND_RE.search(text) or _MAY_HAVE_BEYOND_RE.search(text)
                               or _CURRENCY_SCALE_RE.search(text) or _MIXED_FRACTION_RE.search(text)
                               or ("€" in text and _EURO_SCALE_RE.search(text))):
        return True
    if "/" in text and (_MIXED_FRACTION_RE.search(text) or _RUN_FRACTION_RE.search(text)):
        return True
    if not text.isascii() and _VULGAR_ALONE_RE.search(text):
        return True
    if "." in text and (text[0] == "." or _BEFORE_LEAD_DOT_RE.search(text)) and _LEAD_DOT_RE.search(text):
        return True  # ".85 cent", "$.50" (pass 29)
    if "," in text and _DECIMAL_COMMA_RE.search(text):
        return True
    plain = text if text.isascii() else _as_ascii(text)
    if plain is None:
        return bool(_MAY_HAVE_CASED_RE.search(text) or _MAY_HAVE_WORDS_RE.search(text) or _BOUNDED_RE.search(text)
                    or _MAY_HAVE_THOUSANDS_DOT_RE.search(text) or _TIME_RE.search(text)
                    or _CURRENCY_SCALE_RE.search(text) or _SPACE_GROUPED_RE.search(text)
                    or _GERMAN_HINT_RE.search(text))
    # What a match needs, asked of the text with other characters as '?' (no pattern
    # character matches them, case aside; '?' ends a word where they may not: a match
    # needs no more of them). A cased match needs two of I, V, X together, " I" or a hyphen
    # before a digit. A word match needs one of the words as a run of letters (a word
    # boundary beside an ASCII word is a character that is neither letter, digit nor '_'),
    # or a run of letters and digits ending in a digit and a suffix.
    if ((_ROMAN_PAIR_RE.search(plain) or " I" in plain or _DASH_DIGIT_RE.search(plain))
            and _MAY_HAVE_CASED_RE.search(text)):
        return True
    if "." in plain and _dot_in_figure(plain) and _MAY_HAVE_THOUSANDS_DOT_RE.search(plain):
        return True
    flat = plain.encode("ascii").translate(_TOKENS)  # the tokens, apart by spaces
    tokens = flat.split()
    # (digits beyond ASCII made `plain` None: the pattern asks of ASCII digits here, as of `plain`)
    if _GROUP_START_RE.search(flat) and _SPACE_GROUPED_RE.search(text):
        return True
    low = plain.lower()
    if _german_hint(low) and _GERMAN_HINT_RE.search(text):
        return True
    if (":" in plain or _TIMED_RE.search(flat)) and _TIME_RE.search(plain):
        return True
    if "$" in plain and _CURRENCY_SCALE_RE.search(plain):
        return True
    if not _BOUND_TOKENS.isdisjoint(tokens) and _bounded(tokens):
        return True
    words = _WORD_TOKENS.intersection(tokens)
    if not words and "-in" not in low and "-fold" not in low and not _FLAT_SUFFIX_RE.search(flat):
        return False
    if plain is text and _word_alone(low, words):
        return True  # what the pattern finds, found sooner
    return bool(_MAY_HAVE_WORDS_RE.search(text))


# What the quick test above asks of the tokens (ASCII letters lower-cased and digits, apart by
# spaces), as patterns of bytes (a loop over the tokens in Python was slower):
# a token of one to three digits, or three digits before a letter (what a space-grouped figure starts on)
_GROUP_START_RE = re.compile(rb"(?<![a-z0-9])(?:\d{1,3}(?![a-z0-9])|\d{3}[a-z])")
# "am" or "pm" after a figure, as `_TIME_RE` reads one ("3pm", "3 pm", "3 p.m.", "3p.m.")
_TIMED_RE = re.compile(rb"\d *[ap] *m(?![a-z0-9])")
# `_DIGIT_SUFFIX_RE` at a token's end
_FLAT_SUFFIX_RE = re.compile(_DIGIT_SUFFIX_RE.pattern[:-1] + rb"(?![a-z0-9])")
# The words of `_WORD_TOKENS` that `_MAY_HAVE_WORDS_RE` finds alone between word boundaries ("one" it
# finds only with words around it: "one in five", "only one")
_WORDS_ALONE = frozenset(w for w in _WORD_TOKENS if w != b"one")
_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _word_alone(low: str, words: set[bytes]) -> bool:
    """Is one of ``words`` in ``low`` (an ASCII text, lower-cased) between word boundaries, as
    `_MAY_HAVE_WORDS_RE` finds it? True only where the pattern would match; False says nothing."""
    for word in words:
        if word not in _WORDS_ALONE:
            continue
        word = word.decode("ascii")
        at = low.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or low[at - 1] not in _WORD_CHARACTERS) and (
                    end == len(low) or low[end] not in _WORD_CHARACTERS):
                return True
            at = low.find(word, at + 1)
    return False


# A German number compound may be in the text: "dreihundertfünfzig", "fünfundzwanzig", "zweitausend"
_GERMAN_HINT_RE = re.compile(tongues.GERMAN_HINT, re.IGNORECASE)
# What `_GERMAN_HINT_RE` needs after "und", in a lower-cased text with each character beyond ASCII as
# '?' ("fünf" is "f?nf")
_UND_TENS_RE = re.compile(r"und(?:zwanzig|drei(?:ss|.)ig|vierzig|f.nfzig|sechzig|siebzig|achtzig|neunzig)")


def _german_hint(low: str) -> bool:
    return "hundert" in low or "tausend" in low or ("und" in low and bool(_UND_TENS_RE.search(low)))


def _dot_in_figure(plain: str) -> bool:
    """Is a dot between a digit and three (what a thousands dot needs; a regex search is slower)?"""
    at = plain.find(".", 1)
    while at > 0:
        if plain[at - 1].isdigit() and plain[at + 1:at + 4].isdigit():
            return True
        at = plain.find(".", at + 1)
    return False


_BOUND_PHRASES = frozenset(tuple(w.encode() for w in p) for p in _BOUNDS if all(w.isascii() for w in p))
_BOUND_TOKENS = frozenset(p[-1] for p in _BOUND_PHRASES)
_COUNT_TOKENS = frozenset(w.encode() for w in (*_NUMBER_WORDS, "a"))


def _bounded(tokens: list[bytes]) -> bool:
    """Is a figure (digits or a number word) right after a bounding phrase ("more than 12")?"""
    for k in range(len(tokens) - 1):
        if tokens[k] in _BOUND_TOKENS and (tokens[k + 1][:1].isdigit() or tokens[k + 1] in _COUNT_TOKENS) and any(
                tuple(tokens[k + 1 - size:k + 1]) in _BOUND_PHRASES for size in (1, 2, 3) if size <= k + 1):
            return True
    return False


def _as_ascii(text: str) -> str | None:
    """``text`` with each character beyond ASCII as '?'; None when one of them may match the
    patterns: a digit, a dash they read, a Roman numeral, or one that case-insensitive
    matching takes for an ASCII letter."""
    beyond = set(_BEYOND_ASCII_RE.findall(text))
    if not _MATCHED_BEYOND_ASCII.isdisjoint(beyond) or any(c.isdigit() for c in beyond):
        return None
    return text.encode("ascii", "replace").decode("ascii")


def decision_numbers(analysis: Analysis) -> tuple[NumberMention, ...]:
    """The numbers of ``analysis``'s text as the duplicate decision compares them."""
    text = analysis.text
    if not _may_read_more(text):
        return analysis.numbers
    return read_decision_numbers(text)


def numbers_disagree(a: Analysis, b: Analysis, read: list[dict[str, str]] | None = None
                     ) -> list[dict[str, str]]:
    """The numbers two claims disagree on, as the duplicate decision reads them: those of
    :func:`decision_numbers`, else those the index reads (``read``: their
    ``number_conflicts``, when the caller has it). The decision and the search reranker's
    ``conf`` feature both ask this, so they never read a pair's numbers two ways.

    Where the decision's reading finds no conflict and the index's does, the index's stands
    unless the decision's reading settles it: it holds every figure the index reads on both
    sides (read alike, or read for sure inside a fuller figure: "2 dozen" where the index
    reads 2, "3万5千" where it reads 3 and 5), and each figure of the index's conflict is, so
    read, one quantity with a figure of the other side ("2 dozen eggs" / "24 eggs" was a
    conflict though both say 24). A figure another reading only guesses ("1.200", 1,200 or
    1.2), or one the decision cannot compare ("11 a.m." against "44") leaves the index's
    conflict for a person; an age or a day of a month against a figure of another kind is
    settled ("his 27-year-old wife" / "two counts": two quantities)."""
    conflicts = _disagree(a, b, read)
    if conflicts and _UNIT_DIGIT_RE.search(a.text) and _UNIT_DIGIT_RE.search(b.text):
        conflicts = units.converted_agree(a.text, b.text, conflicts)  # "52km" / "32 miles" (pass 28)
    if conflicts:
        conflicts = units.other_currencies(a.text, b.text, conflicts)  # "£90,000" / "$165,000" (pass 29)
    return conflicts


# A text speaking of an age without one read ("the age of consent to 13", "an 80-million-year-old shark")
_AGE_WORDS_RE = re.compile(r"\bage\b|year-old\b|years?[\s-]old\b", re.IGNORECASE)


def _ages_said(text: str, numbers: tuple[NumberMention, ...], other: tuple[NumberMention, ...]
               ) -> tuple[NumberMention, ...]:
    """``numbers`` with its bare figures as ages where the other side gives an age and ``text``
    speaks of one it has no figure of: "to age 4" / "lowering the age of sexual consent to 13"
    disagree, while "his 27-year-old wife" / "two counts of murder" do not (CheckThat, pass 28)."""
    if not any(m.kind == "age" for m in other) or any(m.kind == "age" for m in numbers) or not (
            "age" in text.lower() or "old" in text.lower()) or not _AGE_WORDS_RE.search(text):
        return numbers
    return tuple(replace(m, kind="age") if m.kind == "" else m for m in numbers)


# A figure or number word before a letter: what a figure with a unit needs
_UNIT_DIGIT_RE = re.compile(r"\w[\s-]?[^\W\d_]")


def _disagree(a: Analysis, b: Analysis, read: list[dict[str, str]] | None) -> list[dict[str, str]]:
    # A side with no figure in either reading disagrees on nothing (`number_conflicts` needs
    # figures missing on both sides): the other's text is not read again. Most search
    # candidates of a query without a figure; its reading was a sixth of a search (issue 13).
    numbers_a = decision_numbers(a)
    if not numbers_a and not a.numbers and not read:
        return []
    numbers_b = decision_numbers(b)
    if not numbers_b and not b.numbers and not read:
        return []
    numbers_a, numbers_b = _ages_said(a.text, numbers_a, numbers_b), _ages_said(b.text, numbers_b, numbers_a)
    conflicts = number_conflicts(numbers_a, numbers_b)
    if conflicts:
        return conflicts
    read = read if read is not None else number_conflicts(a.numbers, b.numbers)
    if not read or (numbers_a is a.numbers and numbers_b is b.numbers):
        return read
    held_a, held_b = _held(a, numbers_a), _held(b, numbers_b)
    if held_a is None or held_b is None:
        return read
    told = [pair for pair in read if any(written and all(_told(m.kind) for m in held[written])
                                         for written, held in ((pair["a"], held_a), (pair["b"], held_b)))]
    for pair in read:
        if pair in told or not (pair["a"] and pair["b"]):
            # an age or a day of a month against a count: two quantities; what is left of one
            # side alone is no disagreement ("two weeks ... $1.50" / "until May 28", pass 28;
            # "2 ½ 8-ounce servings" / "2.5": the 8 alone, pass 29)
            continue
        for written, held, other in ((pair["a"], held_a, numbers_b), (pair["b"], held_b, numbers_a)):
            if written and not any(_may_be_one(m, o) and numbers_agree(m, o) for m in held[written] for o in other):
                return read
    return []


# Kinds the words around a figure tell for sure ("27-year-old", "July 3"): the decision's reading
# of one settles the index's conflict of it with a figure of another kind
_TOLD_KINDS = frozenset(("age", "date"))


def _told(kind: str) -> bool:
    """Do the words around a figure of this kind tell it for sure: an age, a day of a month, or a
    figure of a name ("Boeing 737", "S&P 500": pass 29)?"""
    return kind in _TOLD_KINDS or kind.startswith("name:")


_DOT_THOUSANDS_SCALES = frozenset(w for w in _SCALES_AFTER if w not in tongues.NOT_DOT_THOUSANDS)
_FIGURES_RE = re.compile(r"\d+(?:\.\d+)*")  # (a comma parts figures, as the index reads "2,5": 2 and 5)
_ENGLISH_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


def _held(analysis: Analysis, numbers: tuple[NumberMention, ...]) -> dict[str, list[NumberMention]] | None:
    """Each figure the index reads in ``analysis`` (as written) -> the mentions of ``numbers`` (the
    decision's reading) that hold it: the same mention, or a fuller one read for sure with the
    figure inside ("2" in "2 dozen"); None when one figure is held by none."""
    held: dict[str, list[NumberMention]] = {}
    for m in analysis.numbers:
        holding = [d for d in numbers if (d.value, d.written) == (m.value, m.written) or (
            d.written != m.written and not _FIGURES_RE.fullmatch(d.written) and _inside(m.written, d.written)
            and _sure(d, analysis.text)) or (d.kind.startswith("time") and m.written in _clock_figures(d.value))]
        if not holding:
            return None
        held.setdefault(m.written, []).extend(holding)
    return held


def _clock_figures(clock: str) -> frozenset[str]:
    """The figures the index reads in a time of day (``clock`` "1530"), as a text may write it:
    "3:30 pm" (3, 30), "3.30 pm" (3.30), "15:30" (15, 30). "at 3:30 pm" / "at 15:30" was the
    index's conflict, 3 against 15, which the decision reading both as 15:30 did not settle (pass 27)."""
    hour, minute = int(clock[:2]), clock[2:]
    hours = {str(hour), f"{hour:02d}", str(hour % 12 or 12), f"{hour % 12 or 12:02d}"}
    return frozenset((*hours, minute, str(int(minute)), *(f"{h}.{minute}" for h in hours),
                      f"{hour:02d}{minute}"))  # "0240 GMT" (pass 28)


def _inside(written: str, fuller: str) -> bool:
    """Is a figure the index reads, as written, part of a fuller one: a figure of it ("3" of
    "3万5千") or its words ("a million" of "half a million")?"""
    # (NFKC, as the index reads: "5½" is "51⁄2" to it, 51 and 2; "2 ½", 2, 1 and 2: pass 29)
    if not fuller.isascii():
        fuller = _VULGAR_SIGN_RE.sub(r" \g<0>", fuller) if written not in _FIGURES_RE.findall(
            unicodedata.normalize("NFKC", fuller)) else fuller
    return written in _FIGURES_RE.findall(unicodedata.normalize("NFKC", fuller)) or f" {written} " in f" {fuller.replace(chr(0xa0), ' ').replace(',', ' ')} "


_VULGAR_SIGN_RE = re.compile("[" + "".join(_VULGAR) + "]")

# Letters of Spanish and Portuguese beyond ASCII: a text holding one writes "33 mil" for 33,000
_IBERIAN_LETTERS_RE = re.compile("[áéíóúñãõçâêô]", re.IGNORECASE)


def _sure(mention: NumberMention, text: str) -> bool:
    """Is ``mention`` read for sure? A lone "mil" after a figure is a thousand in Spanish and
    Portuguese but a million in English slang ("$33 mil"): sure in a text with a letter of theirs."""
    return not mention.written.endswith("\u00a0mil") or bool(_IBERIAN_LETTERS_RE.search(text))


@lru_cache(maxsize=1 << 14)
def read_decision_numbers(text: str) -> tuple[NumberMention, ...]:
    """Every quantity in ``text``, signs, ordinals, Roman numerals and the rest included
    (see the module docstring), in order."""
    words = clean(_mark(text)).split()
    if not text.isascii():
        words = _cjk_numerals([part for word in words for part in _figure_apart(word)])
    words = _scales_joined(words)
    if not text.isascii():
        words = _cjk_compounds(words)
    if "ciento" in words or "cento" in words:
        words = _percent_words(words)
    if tongues.TURKISH_BIN in words and not tongues.turkish(text):
        words = [_WORD if w == tongues.TURKISH_BIN else w for w in words]  # "2 bin bags": English
    if not tongues.FRENCH_FIRST.isdisjoint(words):
        words = tongues.french_numbers(words)
    if (not text.isascii() or _german_hint(text.lower())) and _GERMAN_HINT_RE.search(text):  # (what it needs first)
        words = [str(v) if len(w) > 7 and w not in _FOREIGN_NUMBER_WORDS and (v := tongues.german_number(w)) is not None
                 else w for w in words]
    if not _FOREIGN_COMPOUND_FIRST.isdisjoint(words):
        words = _foreign_compounds(words)
    dots = _thousands_dots(text)
    hidden: list[NumberMention] = []
    if "half" in words:
        words = _halves(words, hidden)
    marked: list[str] = []
    for k, word in enumerate(words):
        if word.startswith(_PLACE):  # read by `_halves`
            marked.append(word)
            continue
        if word == "one" and _one_is_a_count(words, k):
            marked.append(f"{_PLACE}{len(hidden)}")
            hidden.append(NumberMention("1", "one", 0, "percent" if percent_after(words, k + 1) else ""))
            continue
        # (most words are none of `_special`'s: asked of a set first, issue 13)
        mention = _special(word, words[k - 1] if k else "", words[k + 1] if k + 1 < len(words) else "", dots) if (
            word in _SPECIAL_WORDS or word[0].isdigit() or word.startswith("zq")) else None
        if mention is not None and mention.kind == "decade" and (len(word) == 3 or word in _DECADE_WORDS) and (
                _an_age(words, k)):
            mention = NumberMention(str(_DECADE_WORDS[word] * 10) if word in _DECADE_WORDS else word[:2], word, 0, "age")
        elif mention is not None and word.startswith((_MIXED, _COMMA, _GROUP)) and percent_after(words, k + 1):
            mention = replace(mention, kind="percent")  # "the 1 5/8 percent note"
        if mention is None:
            marked.append(word)
            continue
        if " " in mention.written:
            marked.pop()  # "a third", "twenty first": the word before is this number's
        marked.append(f"{_PLACE}{len(hidden)}")
        hidden.append(mention)
    out, mentions = read_numbers(marked)
    found: list[NumberMention] = []
    read = iter(mentions)
    for k, word in enumerate(out):
        if NUMBER_RE.match(word):
            mention = next(read)
        elif word.startswith(_PLACE):
            mention = hidden[int(word[len(_PLACE):])]
        else:
            continue
        if k and out[k - 1] == "minus" and out[k - 3:k - 1] != ["plus", "or"]:  # "plus or minus 3": no sign
            mention = _negative(mention)
        elif k and out[k - 1] in _BOUND_LAST_WORDS:
            mention = _bounded_mention(mention, out, k)
        found.append(mention)
    return tuple(found)


_FOREIGN_TENS = frozenset(w for w, v in _FOREIGN_NUMBER_WORDS.items() if v in (20, 30, 40, 50, 60))
_FOREIGN_HUNDREDS = frozenset(w for w, v in _FOREIGN_NUMBER_WORDS.items() if v >= 100)  # "trescientos cincuenta"
_FOREIGN_COMPOUND_FIRST = _FOREIGN_TENS | _FOREIGN_HUNDREDS
_FOREIGN_AND = frozenset(("y", "e"))  # "treinta y cinco", "trinta e cinco", "cento e vinte"


def _foreign_compounds(words: list[str]) -> list[str]:
    """Number words of Spanish and Portuguese that make one number, as its figure: "treinta y
    cinco" is 35, "ciento veinte" 120, "cento e vinte" 120 (each was read as two numbers: "ciento
    veinte personas" / "120 personas" was a conflict, review25)."""
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        word = words[k]
        if word not in _FOREIGN_COMPOUND_FIRST:
            out.append(word)
            k += 1
            continue
        value, end = _FOREIGN_NUMBER_WORDS[word], k + 1
        if word in _FOREIGN_HUNDREDS:
            at = end + 1 if end + 1 < n and words[end] in _FOREIGN_AND else end
            if at < n and 1 <= _FOREIGN_NUMBER_WORDS.get(words[at], 0) < 100:
                value += _FOREIGN_NUMBER_WORDS[words[at]]
                end = at + 1
        if value % 10 == 0 and value % 100 and end + 1 < n and words[end] in _FOREIGN_AND and (
                1 <= _FOREIGN_NUMBER_WORDS.get(words[end + 1], 0) <= 9):
            value += _FOREIGN_NUMBER_WORDS[words[end + 1]]
            end += 2
        out.append(str(value) if end > k + 1 else word)
        k = end
    return out


def _percent_words(words: list[str]) -> list[str]:
    """Spanish "por ciento", Italian "per cento", Portuguese "por cento" as "percent": "ciento" was
    read as 100 ("el 40 por ciento de los trabajadores" / "el 40% de los 250 trabajadores" was a
    conflict, review25)."""
    out: list[str] = []
    for word in words:
        if word in ("ciento", "cento") and out and out[-1] in ("por", "per"):
            out[-1] = "percent"
        else:
            out.append(word)
    return out


_HALVED_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


def _halves(words: list[str], hidden: list[NumberMention]) -> list[str]:
    """A half with its whole: "half a million" 500,000, "a half million" too, "two and a half
    million" 2.5 million, "2 and a half years" 2.5, "half a dozen" 6, each a `_PLACE` word whose
    mention is put in ``hidden``. "Half a million" read a half and a million (a conflict with
    "500,000"), "half a dozen" twelve, "two and a half million" two and a half."""
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        read = _halved(words, k) if words[k] in ("half", "a") or k + 2 < n and words[k + 1] == "and" else None
        if read is None:
            out.append(words[k])
            k += 1
            continue
        mention, end = read
        out.append(f"{_PLACE}{len(hidden)}")
        hidden.append(mention)
        k = end
    return out


def _halved(words: list[str], k: int) -> tuple[NumberMention, int] | None:
    """The half read from ``words[k]`` and the index after it, or None."""
    whole, at = 0, k
    if words[k] not in ("half", "a"):  # "two and a half", "2 and a half"
        whole = int(words[k]) if words[k].isascii() and words[k].isdigit() else _UNITS.get(words[k], 0)
        if not whole or words[k + 1:k + 3] != ["and", "a"]:
            return None
        at = k + 2
    if words[at] == "a" and words[at + 1:at + 2] == ["half"]:  # "a half million", "and a half"
        scale_at = at + 2
        if not whole and words[scale_at:scale_at + 1] == ["dozen"]:
            return None  # "a half dozen": `_special`'s
    elif words[at] == "half" and not whole and words[at + 1:at + 2] == ["a"]:  # "half a million"
        scale_at = at + 2
    else:
        return None
    after = words[scale_at] if scale_at < len(words) else ""
    if after == "dozen" and not whole:
        value, exponent, end = Decimal(6), 0, scale_at + 1
    elif after in _HALVED_SCALES:
        value, exponent, end = (whole + Decimal("0.5")).scaleb(_HALVED_SCALES[after]), _HALVED_SCALES[after] - 1, scale_at + 1
    elif whole:
        value, exponent, end = whole + Decimal("0.5"), -1, scale_at
    else:
        return None  # "half a year", "a half": `_special` reads the fraction
    return NumberMention(canonical(value), "\u00a0".join(words[k:end]), exponent, ""), end


def _thousands_dots(text: str) -> int:
    """May a dot stand between thousands in ``text``: 0 no (it writes a figure the English way),
    1 where a figure's three digits end in 0 ("1.200"), 2 for any three digits (a text written the
    continental way: `_CONTINENTAL_RE`)."""
    if "." not in text:
        return 0
    # (a continental figure needs a comma, a euro sign or two dots)
    if ("," in text or "€" in text or text.count(".") > 1) and _CONTINENTAL_RE.search(text) and not (
            _ENGLISH_WRITTEN_RE.search(text)):
        return 2
    return 0 if _DECIMAL_WRITTEN_RE.search(text) else 1


def _bounded_mention(mention: NumberMention, words: list[str], k: int) -> NumberMention:
    """``mention`` (at ``words[k]``) with the bound the words before it give, if any."""
    for size in (3, 2, 1):
        phrase = tuple(words[max(k - size, 0):k])
        if len(phrase) == size and phrase in _BOUNDS:
            if phrase == ("fast",) and _GERMAN_WORDS.isdisjoint(words):
                return mention  # English "fast" ("a fast 12 percent rise") bounds nothing
            return replace(mention, bound=_BOUNDS[phrase])
    return mention


# German words no English text writes (not "die", "was", "war", "will", nor "der" and "von" of
# names: "von der Leyen"): beside one, "fast 12" is "almost 12"; in English "fast" is speed.
_GERMAN_WORDS = frozenset((  # noqa: SIM905 - a word list reads best as prose
    "und das ist nicht wurde wurden sind eine einen einem einer für auf sich dass auch wird bei nach prozent "
    "millionen milliarden menschen über unter etwa rund jahr jahren sagte mehr als"
).split())
# An age, not a decade: "in their 20s", "in his early 30s", "in their 20s and 30s" (as 1920s and
# 1930s they were a conflict of years; two ages in their decades are still one).
_AGE_OWNERS = frozenset(("their", "his", "her", "my", "your", "our"))
_AGE_BETWEEN = frozenset(("early", "mid", "late", "and", "or", "to"))


def _an_age(words: list[str], k: int) -> bool:
    """Is the decade word ``words[k]`` ("20s") an age: after a possessive, maybe with "early",
    "mid", "late" or another age between ("in their 20s and 30s")?"""
    for at in range(k - 1, max(k - 6, -1), -1):
        word = words[at]
        if word in _AGE_OWNERS:
            return True
        if word not in _AGE_BETWEEN and word not in _DECADE_WORDS and not (len(word) == 3 and _DECADE_RE.match(word)):
            return False
    return False


def _scales_joined(words: list[str]) -> list[str]:
    """Scale words after a figure that make one scale, as one word: "mil millones" (Spanish and
    Portuguese for a billion), a run of Chinese, Japanese or Korean scale characters ("万亿")."""
    if _JOINED_FIRST.isdisjoint(words):
        return words
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        word = words[k]
        if out and NUMBER_RE.match(out[-1]):
            if word == "mil" and k + 1 < n and f"mil\u00a0{words[k + 1]}" in _SCALES_AFTER:
                out.append(f"mil\u00a0{words[k + 1]}")
                k += 2
                continue
            if word in _CJK_SCALES:
                end = k
                while end < n and words[end] in _CJK_SCALES:
                    end += 1
                if end < n and words[end] in _PREFIXED_UNITS.get(words[end - 1], ()):
                    end -= 1  # "5千克": 5 kg
                    if end == k:
                        out.append(_WORD)  # no scale after the figure
                if 0 < end - k <= _CJK_SCALES_LONGEST:
                    out.append("".join(words[k:end]))
                    k = end
                    continue
        out.append(word)
        k += 1
    return out


_JOINED_FIRST = frozenset(("mil", *_CJK_SCALES))


def _cjk_scale(word: str) -> int:
    """The power of ten a run of `_CJK_SCALES` stands for (0 for any other word)."""
    if not word or len(word) > _CJK_SCALES_LONGEST or any(c not in _CJK_SCALES for c in word):
        return 0
    return sum(_CJK_SCALES[c] for c in word)


def _cjk_compounds(words: list[str]) -> list[str]:
    """A figure and its Chinese, Japanese or Korean scale, then smaller ones, as one word as written:
    "3万5千" 35,000, "1億2000万" 120 million, "2억 5천만" 250 million (each part was a number of its
    own: "3万5千人" / "35000人" read 30,000 and 5,000 against 35,000, a conflict). A bare figure after
    the scale joins only with as many digits as the scale has noughts ("3万5000", not "3万5")."""
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        scale = _cjk_scale(words[k + 1]) if k + 1 < n and _digits(words[k]) else 0
        if not scale:
            out.append(words[k])
            k += 1
            continue
        parts, end = words[k] + words[k + 1], k + 2
        while end < n and _digits(words[end]):
            smaller = _cjk_scale(words[end + 1]) if end + 1 < n else 0
            if smaller and (len(words[end].lstrip("0")) or 1) + smaller <= scale:
                parts, scale, end = parts + words[end] + words[end + 1], smaller, end + 2
            elif not smaller and len(words[end]) == scale:
                parts, scale, end = parts + words[end], 0, end + 1
            else:
                break
        if end == k + 2:
            out.extend(words[k:end])
        else:
            out.append(parts)
        k = end
    return out


def _digits(word: str) -> bool:
    return word.isascii() and word.isdigit()


_CJK_SCALE_CLASS = "[" + "".join(_CJK_SCALES) + "]"
_CJK_COMPOUND_RE = re.compile(rf"(?:\d+{_CJK_SCALE_CLASS}+)+\d+{_CJK_SCALE_CLASS}*$")
_CJK_COMPOUND_PART_RE = re.compile(rf"(\d+)({_CJK_SCALE_CLASS}*)")


def _cjk_compound(word: str) -> NumberMention | None:
    """A word `_cjk_compounds` made ("3万5千") as its figure, precise to its last part."""
    total, exponent = Decimal(0), 0
    for digits, scale in _CJK_COMPOUND_PART_RE.findall(word):
        power = sum(_CJK_SCALES[c] for c in scale)
        total += Decimal(digits).scaleb(power)
        exponent = power
    return NumberMention(canonical(total), word, exponent, "")


def _scale_after(word: str) -> int | None:
    """The power of ten a scale word after a figure multiplies it by (`_SCALES_AFTER`, a run of
    `_CJK_SCALES`), or None."""
    scale = _SCALES_AFTER.get(word)
    if scale is None and word and all(c in _CJK_SCALES for c in word):
        scale = sum(_CJK_SCALES[c] for c in word)
    return scale


def _cjk_numerals(words: list[str]) -> list[str]:
    """Numerals of Chinese and Japanese (one character a word, as cleaned) as a figure and its
    large unit ("十二亿" -> "12", "亿"; "二〇二四" -> "2024"), and "百分之" before a figure as a
    percent after it ("百分之十二" -> "12", "percent"). Runs not read as a number stay."""
    if not any(w in _CJK_DIGITS or w in _CJK_UNITS for w in words):
        return words
    out: list[str] = []
    k, n = 0, len(words)
    while k < n:
        end = k
        while end < n and len(words[end]) == 1 and (words[end] in _CJK_DIGITS or words[end] in _CJK_UNITS
                                                   or words[end] in _CJK_LARGE):
            end += 1
        if end - k > _CJK_NUMERAL_LONGEST:
            out.extend(words[k:end])
            k = end
            continue
        if end < n and end - k >= 2 and words[end] in _PREFIXED_UNITS.get(words[end - 1], ()):
            end -= 1  # "五千克": five kg
        read = _cjk_number("".join(words[k:end])) if end - k >= 2 else None
        if read is None:
            if NUMBER_RE.match(words[k]) and out[-3:] == ["百", "分", "之"]:
                out[-3:] = [words[k], "percent"]
            else:
                out.append(words[k])
            k += 1
            continue
        if out[-3:] == ["百", "分", "之"]:
            del out[-3:]
            out.extend((read[0], "percent"))
        else:
            out.extend(part for part in read if part)
        k = end
    return out


def _cjk_number(chars: str) -> tuple[str, str] | None:
    """``chars`` read as a Chinese numeral: its figure and its trailing large units ("十二亿" ->
    ("12", "亿"), "三千五百" -> ("3500", "")), or None where it is not a well-formed number."""
    if all(c in _CJK_DIGITS for c in chars):  # digit by digit, as years are written
        # four or more: three are a date ("九一一" is 9/11, "五一二" the 12 May earthquake:
        # "九一一事件" / "9·11事件" was a conflict, review25), two a guess ("两三天")
        if len(chars) < 4 or "两" in chars or "兩" in chars:
            return None
        return "".join(str(_CJK_DIGITS[c]) for c in chars), ""
    if chars[0] in _CJK_LARGE or (chars[0] != "十" and not any(c in _CJK_DIGITS for c in chars)):
        return None  # "万一" (in case), "千万" (by all means), "百万" alone
    total = wan = section = 0
    digit: int | None = None
    for c in chars:
        if c in _CJK_DIGITS:
            if digit:  # two digits in a row inside a number ("一二十")
                return None
            digit = _CJK_DIGITS[c]
        elif c in _CJK_UNITS:
            section += (1 if digit is None else digit) * _CJK_UNITS[c]
            digit = None
        else:
            section += digit or 0
            digit = None
            if _CJK_LARGE[c] == 10**4:
                if not section:
                    return None
                wan, section = section * 10**4, 0
            else:
                if not (section or wan):
                    return None
                total, wan, section = (total + wan + section) * 10**8, 0, 0
    value = total + wan + section + (digit or 0)
    suffix = ""
    for c in reversed(chars):
        if c not in _CJK_LARGE:
            break
        suffix = c + suffix
    unit = 1
    for c in suffix:
        unit *= _CJK_LARGE[c]
    if suffix and value % unit == 0:
        return str(value // unit), suffix
    return str(value), ""


def _figure_apart(word: str) -> list[str]:
    """A cleaned word holding a figure on letters beyond ASCII, as figures and words
    ("12퍼센트로" is "12", "percent", "로"; "12월25일" "12", "월", "25", "일"); any other, itself."""
    if word.isascii() or not any(c.isdigit() for c in word):
        return [word]
    parts: list[str] = []
    for part in _FIGURE_IN_WORD_RE.split(word):
        if not part:
            continue
        percent = next((p for p in _PERCENT_WORDS_BEYOND if part.startswith(p)), None)
        if percent and parts and parts[-1][0].isdigit():
            parts.append("percent")
            part = part[len(percent):]
        elif parts and parts[-1][0].isdigit() and part[0] in _CJK_SCALES:  # "12억원": "12", "억", "원"
            scales = len(part) - len(part.lstrip("".join(_CJK_SCALES)))
            if scales <= _CJK_SCALES_LONGEST:
                parts.append(part[:scales])
                part = part[scales:]
        if part:
            parts.append(part)
    return parts


def _one_is_a_count(words: list[str], k: int) -> bool:
    """Whether the "one" at ``words[k]`` is a quantity: in a ratio ("one in five", "one out
    of three", "one in every ten") or after a word that counts ("only one", "at least one",
    "more than one"; not "the only one", a pronoun). Elsewhere "one" is a word as
    :func:`read_numbers` has it ("one of the", "no one", "one day"), and before a scale or a
    fraction ("one million", "one third") it is read with it."""
    after = words[k + 1:k + 5]
    if after[:1] and (after[0] in _ONE_READ_WITH or after[0] in _ORDINAL_WORDS):
        return False
    if after[:1] == ["in"] or after[:2] == ["of", "every"]:  # "one in five", "one of every five"
        counted = after[2:3] if after[1:2] == ["every"] else after[1:2]
        return bool(counted) and _is_count(counted[0])
    if after[:2] == ["out", "of"]:  # "one out of three", "one out of every three"
        counted = after[3:4] if after[2:3] == ["every"] else after[2:3]
        return bool(counted) and _is_count(counted[0])
    if percent_after(words, k + 1):  # "one per cent" / "two percent" merged at 99 (hostile24)
        return True
    before = words[k - 1] if k else ""
    return before in _COUNTING_BEFORE_ONE and not (before == "only" and k > 1 and words[k - 2] == "the")


def _is_count(word: str) -> bool:
    return bool(NUMBER_RE.match(word)) or (word in _NUMBER_WORDS and word != "one")


# A scale a space after a figure of money ("£12 m", "$5 bn"): the figure's, as "£12m" is (the two
# were a conflict, 12 and 12 million, pass 25); after other figures a spaced "m" is metres (units).
_CURRENCY_SCALE_RE = re.compile(r"([$€£¥₹])\s?(\d+(?:[.,]\d+)?)\s(m|mn|bn|b|k|tn)\b", re.IGNORECASE)
# A scale before the euro sign, as French writes money: "12 M€" 12 million euros, "3 Md€" 3 billion,
# "50 k€" 50,000 ("12 M€" / "12 millions d'euros" was a conflict, 12 against 12 million, pass 27)
_EURO_SCALE_RE = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(k|K|M|m|Md|md|Mds|mds|Mrd|Mrds)\s?€")
_EURO_SCALE_WORDS = {"k": "mille", "m": "millions", "md": "milliards", "mds": "milliards", "mrd": "milliards",
                     "mrds": "milliards"}
# Digits grouped by a plain space ("12 000 рублей", "1 000 000"): one figure in a text with letters
# beyond ASCII (written so across Europe), or where the groups end in "000" ("1 000" / "1,000" was
# a conflict, pass 27); "June 12 300 people" in English stays two, 12 and 300.
_SPACE_GROUPED_RE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,])")
_GROUP = "zqgroup"  # digits grouped by spaces, as a word normalising keeps whole: "zqgroup12x000"
# A figure with "m" before a size word is metres ("200m long" / "200 m long" was a conflict, 200
# million against 200); not after a currency sign ("£3m long-term deal") nor before a hyphen. Not
# "high" ("a 5m high" of sales; tests/test_open_items_17.py keeps "5m high" a million).
_METRES_SIZE_RE = re.compile(r"(?<![$€£¥₹\d.,])(\d+(?:\.\d+)?)m[ -](long|tall|wide|deep)\b(?!-)")


def _mark(text: str) -> str:
    """Roman numerals as marked words and minus signs as "minus", before case and
    punctuation go."""
    text = names.mark(text)  # "S&P 500", "Boeing 737", "9/11", phone numbers: no counts (pass 29)
    text = kinds.mark(text, _TIME)  # "0335 GMT", "27-year-old", "July 3" (pass 28)
    ascii_only = text.isascii()  # (what the marks below write is ASCII: a text beyond it stays so)
    if "$" in text or not ascii_only:  # a currency sign
        text = _CURRENCY_SCALE_RE.sub(r"\1\2\3", text)
    if "€" in text:
        text = _EURO_SCALE_RE.sub(lambda m: f"{m.group(1)} {_EURO_SCALE_WORDS[m.group(2).lower()]} €", text)
    if " " in text and _DIGIT_SPACE_DIGIT_RE.search(text):
        text = _SPACE_GROUPED_RE.sub(_space_grouped, text)
    if "m" in text and ("long" in text or "tall" in text or "wide" in text or "deep" in text):
        text = _METRES_SIZE_RE.sub(r"\1 metres \2", text)
    if "/" in text:
        text = _RUN_FRACTION_RE.sub(_run_fraction, text)
    if "/" in text or not ascii_only:
        text = _MIXED_FRACTION_RE.sub(_mixed_fraction, text)
    if not ascii_only:
        text = _VULGAR_ALONE_RE.sub(lambda m: f" {_MIXED}0x{_VULGAR[m.group(1)][0]}x{_VULGAR[m.group(1)][1]}u ", text)
    if "." in text and _DOT_DIGIT_RE.search(text):
        text = _LEAD_DOT_RE.sub(rf" {_POINT}\1 ", text)
    if "," in text:
        text = _DECIMAL_COMMA_RE.sub(rf" {_COMMA}\1x\2 ", text)
    # Each pattern below only where the text has what any match of it needs (C string tests
    # first: issue 13, the substitutions tried at every character were a third of this reading)
    if not ascii_only:
        text = _UNICODE_ROMAN_RE.sub(lambda m: f" {_MARK}{ord(m.group(0)) - 0x215F} ", text)
    if _ROMAN_PAIR_RE.search(text):
        text = _ROMAN_WORD_RE.sub(lambda m: f" {_MARK}{_ROMANS[m.group(0)]} " if m.group(0) in _ROMANS
                                  else m.group(0), text)
    if " I" in text:
        text = _ROMAN_I_RE.sub(_roman_i, text)
    hyphen = "-" in text or (not ascii_only and any(h in text for h in _HYPHENS))
    if hyphen:
        text = _HYPHENED_FRACTION_RE.sub(r"\1 \2", text)  # "one-third", "two-thirds": normalising writes "onethird"
        text = _HYPHENED_RATIO_RE.sub(r"\1 \2 \3", text)
    if ":" in text or (("m" in text or "M" in text) and _AM_PM_RE.search(text)):
        text = _TIME_RE.sub(_time_of_day, text)
    if "os" in text or "OS" in text or "oS" in text:
        text = _DOS_NAME_RE.sub(f" {_WORD} ", text)
    if not text.islower():  # (an ASCII capital: not all cased characters are lower case)
        text = _NAMED_NUMBER_RE.sub(rf"\1 {_WORD} ", text)
    text = _APART_RE.sub(f" {_WORD} ", text)
    if not ascii_only:
        text = _CJK_APART_RE.sub(f" {_WORD} ", text)
    if "-" not in text and ascii_only:  # (a minus needs "-", "\u2212" or "\u2013")
        return text
    return _MINUS_RE.sub(" minus ", text)


# What `_SPACE_GROUPED_RE`, `_LEAD_DOT_RE` and `_TIME_RE` (but for its "15:00") need, as patterns a
# search runs through sooner (theirs start on a look behind or a group: each was tried at every character)
_DIGIT_SPACE_DIGIT_RE = re.compile(r"\d \d")
_DOT_DIGIT_RE = re.compile(r"\.\d")
_AM_PM_RE = re.compile(r"\d\s?[ap]\.?\s?m", re.IGNORECASE | re.ASCII)  # ("3:30pm": the 0 before "pm")
_HYPHENS = ("-", "\u2010", "\u2011", "\u2013")  # what `_HYPHENED_FRACTION_RE` and `_HYPHENED_RATIO_RE` need
_WORD = "zqword"  # a word that is no number and stands between words (see `_mark`)
# "dos" before a name ("dos Santos", "Saul Dos Reis": Portuguese for "of the") and "DOS" / "DoS"
# are no two; "Police seize ..." / "dos Santos" against another figure were conflicts (review25).
_DOS_NAME_RE = re.compile(r"\b(?:[Dd]os(?=\s+[A-Z])|DOS\b|DoS\b)")
# A number word of another tongue written with a capital after a capitalised word is a name
# ("Fort Dix", "Otto Dix", "Suzi Quatro", "Audi Quattro"; no tongue of the list capitalises its numerals).
_NAMED_NUMBER_RE = re.compile(r"(?<![\w'])([A-Z][a-z]+) (" + "|".join(
    sorted({w.capitalize() for w in _FOREIGN_NUMBER_WORDS}, key=len, reverse=True)) + r")(?![\w'])")
# A scale after a figure is one with it only when nothing stands between them: "In 2020, millions
# of people" / "In 2020 millions of people" are no 2,020 million ("millions of" is English: French
# writes "millions de"); they were conflicts with "more than 20 million" (review25).
# "3万、5千", "2억, 5천만": two amounts, not one (`_cjk_compounds`)
_CJK_APART_RE = re.compile(rf"(?<={_CJK_SCALE_CLASS})\s*[,，、;；]\s*(?=\d)")
_APART_RE = re.compile(r"(?<=\d)(?:[,;:](?=\s+[^\W\d_])|\s+(?=millions\s+of\b))", re.IGNORECASE)



def _space_grouped(match: re.Match[str]) -> str:
    groups = match.group(0).split()
    if groups[-1] != "000" and not any(c.isalpha() and not c.isascii() for c in match.string) and not _english_grouped(
            match):
        return match.group(0)
    return f" {_GROUP}{'x'.join(groups)} "


# English copy grouping thousands by a space ("burned nearly 80 937 hectares", from a converter): one figure
# where a unit of measure or money follows it, or a currency sign comes before, and nothing else reads it:
# not after a month ("June 12 300 people": a day, then a count), not before a mere noun ("buy 20 737 jets":
# a count, then a plane), nor in a text writing thousands with a comma ("1,200": there a space parts two).
_MONTH_BEFORE_RE = re.compile(r"(?:" + "|".join(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                                 "Nov", "Dec")) + r")[a-z]*\.?\s+$")
_COMMA_THOUSANDS_RE = re.compile(r"\d,\d{3}(?!\d)")
_WORD_AFTER_RE = re.compile(r"\s+([a-z]+)")


def _english_grouped(match: re.Match[str]) -> bool:
    text, start, end = match.string, match.start(), match.end()
    after = _WORD_AFTER_RE.match(text, end)
    measured = (after is not None and after.group(1) in units.MEASURES) or text[start - 1:start] in ("$", "£", "€")
    return (measured and not _MONTH_BEFORE_RE.search(text, max(0, start - 12), start)
            and not _COMMA_THOUSANDS_RE.search(text))


def _run_fraction(match: re.Match[str]) -> str:
    # "21/2-week": the whole and the fraction, as "2 1/2-week" (its space lost on the wire)
    return f" {_MIXED}{match.group(1)}x{match.group(2)}x{match.group(3)}r "


def _mixed_fraction(match: re.Match[str]) -> str:
    whole, top, bottom, vulgar = match.groups()
    top, bottom = _VULGAR[vulgar] if vulgar else (int(top), int(bottom))
    if top >= bottom or gcd(top, bottom) > 1:
        return match.group(0)  # "3 5/4", "6-4 3/6": no fraction of a whole
    return f" {_MIXED}{whole}x{top}x{bottom}{'u' if vulgar else ''} "


def _time_of_day(match: re.Match[str]) -> str:
    if match.group(4) is not None:  # "15:00"
        hour, minute = int(match.group(4)), int(match.group(5))
    else:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return match.group(0)  # "13pm", "0am": not a time
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    exact = "m" if match.group(2) is not None or match.group(5) is not None else "h"  # the minute written, or not
    return f" {_TIME}{hour:02d}{minute:02d}{exact} "


def _roman_i(match: re.Match[str]) -> str:
    # "World War I", "Elizabeth I"; not "Yesterday I", where the capital starts a sentence.
    if _SENTENCE_START_RE.search(match.string, 0, match.start()):
        return match.group(0)
    return f"{match.group(1)} {_MARK}1 "


def _special(word: str, before: str, after: str = "", dots: int = 1) -> NumberMention | None:
    if word.startswith(_TIME) and len(word) == len(_TIME) + 5:
        # "3 p.m." is the hour (precise to 100: agrees with "3:22 p.m."), "3:30 p.m." the minute
        clock, exact = word[len(_TIME):-1], word[-1] == "m"
        zone = f"\u00a0{after}" if after in _TIME_ZONES else ""
        return NumberMention(clock, f"{clock[:2]}:{clock[2:]}{zone}", 0 if exact else 2,
                             f"time:{after}" if zone else "time")
    if word.startswith(_COMMA) and (parts := word[len(_COMMA):].split("x")) and len(parts) == 2 and all(
            p.isdigit() for p in parts):
        digits = f"{parts[0]}.{parts[1]}"
        scale = _ENGLISH_SCALES.get(after) or _scale_after(after) or 0
        return NumberMention(canonical(Decimal(digits).scaleb(scale)), f"{parts[0]},{parts[1]}{chr(0xa0) + after if scale else ''}",
                             scale - len(parts[1]), "")
    if word.startswith(_GROUP) and (parts := word[len(_GROUP):].split("x")) and all(p.isdigit() for p in parts):
        scale = _ENGLISH_SCALES.get(after) or _scale_after(after) or 0
        return NumberMention(canonical(Decimal("".join(parts)).scaleb(scale)),
                             "\u00a0".join(parts) + (f"\u00a0{after}" if scale else ""), scale, "")
    if word.startswith(_MIXED) and (parts := word[len(_MIXED):].rstrip("ur").split("x")) and len(parts) == 3 and all(
            p.isdigit() for p in parts):
        whole, top, bottom = map(int, parts)
        value = round(whole + Decimal(top) / bottom, 3).normalize()
        vulgar = next((c for c, f in _VULGAR.items() if f == (top, bottom)), "") if word.endswith("u") else ""
        written = (f"{whole or ''}{vulgar}" if vulgar else f"{whole}{top}/{bottom}" if word.endswith("r")
                   else f"{whole}\u00a0{top}/{bottom}")  # as written: the index reads "21/2" as 21 and 2
        return NumberMention(canonical(value), written, min(value.as_tuple().exponent, 0) if value % 1 else 0, "")
    if word.startswith(_POINT) and word[len(_POINT):].isdigit():
        digits = word[len(_POINT):]
        return NumberMention(canonical(Decimal(f"0.{digits}")), f".{digits}", -len(digits), "")
    if word.startswith("zq") and (marked := kinds.read(word)) is not None:
        return NumberMention(marked[0], marked[0], 0, marked[1])
    if word.startswith(names.NAME) and (named := names.read(word)) is not None:
        return NumberMention(named[0], named[1], 0, named[2])
    if word.startswith(_MARK) and word[len(_MARK):].isdigit():
        value = int(word[len(_MARK):])
        return NumberMention(str(value), _roman(value) if value > 1 else "I", 0, "ordinal")
    if word[0].isdigit():
        if not word.isascii() and _CJK_COMPOUND_RE.match(word):
            return _cjk_compound(word)
        if word[-1] == "s" and (match := _DECADE_RE.match(word)):  # "1990s" / "1980s" merged at 99
            decade = int(match.group(1)) * 10
            return NumberMention(str(decade + (1900 if decade < 100 else 0)), word, 0, "decade")  # "'90s": 1990s
        if match := _ORDINAL_RE.match(word):
            return NumberMention(canonical(Decimal(match.group(1))), word, 0, "ordinal")
        if match := _SUFFIX_RE.match(word):
            digits, scale = match.group(1), _SUFFIXES[match.group(2)]
            if match.group(2) == "m" and after in _LENGTH_AFTER:
                scale = 0  # metres: "100m sprint" is the 100 of "100 metres sprint"
            exponent = (-len(digits.split(".")[1]) if "." in digits else 0) + scale
            return NumberMention(canonical(Decimal(digits).scaleb(scale)), word, exponent, "")
        if match := _EXPONENT_RE.match(word):
            digits, scale = match.group(1), int(match.group(2))
            exponent = (-len(digits.split(".")[1]) if "." in digits else 0) + scale
            return NumberMention(canonical(Decimal(digits).scaleb(scale)), word, exponent, "")
        if match := _TIMES_RE.match(word):
            digits = match.group(1)
            return NumberMention(canonical(Decimal(digits)), word, -len(digits.split(".")[1]) if "." in digits else 0,
                                 "multiplier")
        if match := _GLUED_RE.match(word):
            digits, unit = match.group(1), match.group(2)
            exponent = -len(digits.split(".")[1]) if "." in digits else 0
            return NumberMention(canonical(Decimal(digits)), word, exponent,
                                 "percent" if unit in _GLUED_PERCENT else "")
        if dots and "." in word and after in _DOT_THOUSANDS_SCALES and _THOUSANDS_ANY_DOT_RE.match(word):
            # "3.000 millones": 3,000 million where the text may write dots between thousands
            scale = _SCALES_AFTER[after]
            return NumberMention(canonical(Decimal(word.replace(".", "")).scaleb(scale)), f"{word}\u00a0{after}",
                                 scale, "")
        if (dots or word.count(".") > 1) and "." in word and (
                _THOUSANDS_ANY_DOT_RE if dots == 2 else _THOUSANDS_DOT_RE).match(word) and (
                after not in _NOT_THOUSANDS_AFTER and _scale_after(after) is None):
            return NumberMention(word.replace(".", ""), word, 0, "")
        if (scale := _scale_after(after)) is not None and NUMBER_RE.match(word):
            exponent = (-len(word.split(".")[1]) if "." in word else 0) + scale
            # written with a no-break space: a space would say the word before is this number's
            return NumberMention(canonical(Decimal(word).scaleb(scale)), f"{word}\u00a0{after}", exponent, "")
        return None
    if word in _ORDINAL_WORDS:
        value = _ORDINAL_WORDS[word]
        if (word, before) in _FRACTIONS:  # "a third", "one fifth": fractions, not ordinals
            return NumberMention(_FRACTIONS[(word, before)], f"{before} {word}", 0, "fraction")
        if value < 10 and before in _TENS:
            return NumberMention(str(_TENS[before] + value), f"{before} {word}", 0, "ordinal")
        return NumberMention(str(value), word, 0, "ordinal")
    if word in _MULTIPLIERS:
        return NumberMention(_MULTIPLIERS[word], word, 0, "multiplier")
    if word in tongues.SCALES_ALONE and not (before and before[0].isdigit()):  # "بمليار": a billion
        return NumberMention(canonical(Decimal(1).scaleb(tongues.SCALES_ALONE[word])), word, 0, "")
    if word in _DECADE_WORDS:
        return NumberMention(str(1900 + _DECADE_WORDS[word] * 10), word, 0, "decade")
    if word in _FOREIGN_NUMBER_WORDS:
        scale = _scale_after(after) or 0
        return NumberMention(canonical(Decimal(_FOREIGN_NUMBER_WORDS[word]).scaleb(scale)),
                             f"{word}\u00a0{after}" if scale else word, scale, "")
    if word in ("dozen", "dozens"):  # "a dozen" / "two dozen" merged at 99.7, "dozens" / "hundreds" at 99.2
        if word == "dozens":
            return NumberMention("12", word, 0, "scale")
        times = {"a": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "ten": "10",
                 "half": "0.5"}.get(before)
        if times is None and NUMBER_RE.match(before):  # "2 dozen eggs" is 24 ("2", "12" against "24": review25)
            times = before
        if times is None:  # "several dozen", "a few dozen": as "dozens" ("12" against "40": review25)
            return NumberMention("12", word, 0, "scale")
        return NumberMention(canonical(Decimal(times) * 12), f"{before} {word}", 0, "")  # "half dozen": 6
    if word in _SCALE_WORDS and not (before and (before[0].isdigit() or before in _TENS)):
        return NumberMention(canonical(Decimal(1).scaleb(_SCALE_WORDS[word])), word, 0, "scale")
    value = _FRACTIONS.get((word, before)) or _FRACTIONS.get((word, None))
    if value is not None:
        written = word if (word, None) in _FRACTIONS else f"{before} {word}"
        return NumberMention(value, written, 0, "fraction")
    return None


# Every word `_special` reads that starts with no digit and is no marked word ("zq..."): any other it
# answers None
_SPECIAL_WORDS = frozenset((*_ORDINAL_WORDS, *_MULTIPLIERS, *tongues.SCALES_ALONE, *_DECADE_WORDS,
                            *_FOREIGN_NUMBER_WORDS, "dozen", "dozens", *_SCALE_WORDS, *(w for w, _ in _FRACTIONS)))


def _negative(mention: NumberMention) -> NumberMention:
    if mention.value.startswith("-") or Decimal(mention.value) == 0:
        return mention
    return NumberMention("-" + mention.value, "-" + mention.written, mention.exponent, mention.kind)

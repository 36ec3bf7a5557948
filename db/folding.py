"""Text compared for search (the fold itself, pure Python: `claims list` reads a search
without loading SQLAlchemy; the SQL functions built on it are `db.textfold`), the same way on both sides of the comparison and on both backends.

`fold(x)` is the searchable form of a text: without the invisible characters that text copied
from the web carries inside words (soft hyphen, zero-width space and joiners, direction marks,
variation selectors, byte-order mark, Hangul fillers, tags: Unicode's default-ignorable
characters, `db.ignorable.IGNORABLE`, since migration 0026), NFKC-normalised (a precomposed é and
e + U+0301 are one letter; ﬁ is fi) and case-folded over all of Unicode. `contains(haystack, needle)`
is a literal substring test (`instr` / `strpos`, so `%` and `_` are plain characters and no
LIKE pattern limit applies). Both work on every row a filter reads: this is the one place
to put a stored or indexed form if a full scan becomes too slow.

On SQLite `fold` is `claims_fold`, a Python function every connection registers
(`register_sqlite_functions`; text that is all ASCII only has its case lowered). Case folding
is Python's `casefold` (ß is ss, a final ς is σ, ᾳ is αι), put back in NFC (it writes ǰ as j
and a combining caron: "j" must not find "ǰ", as "e" does not find "é").

On PostgreSQL it is `lower()` of the text where it is all ASCII (its length in bytes is its
length in characters), else of its NFKC form, the invisible characters removed first where a
regular expression finds one (`normalize` only where needed: it costs six times a `lower`;
`translate` with 40 characters costs more than both). `lower()` is no case folding: where the
text holds a letter that folds otherwise (`CASEFOLD_CLASS`: ß and ẞ, Greek, Cherokee, old
Cyrillic forms, mathematical letters, a combining dot above) the lowered text also goes
through what `casefold` does beyond it (ß to ss, ς to σ, the iota subscript to ι, Cherokee to
its capitals), so both backends find the same claims (`tests/test_hostile_inputs_8.py` checks
every character). A change to the fold must rebuild the search indexes made of it
(migrations 0008, 0013, 0014, 0016, 0024, 0026); its case mapping follows the database's LC_CTYPE (a database
created with locale C folds only A-Z).

Beyond Unicode's fold, the marks a script writes in a word or leaves out (Arabic harakat,
Hebrew points, a Greek letter's accents; the Devanagari nukta since 0029) are dropped, and the
Arabic alef forms and the Persian yeh and keheh folded (`_drop_marks`, migration 0028; matching's
keys alike); the Arabic percent sign and separators are '%', '.' and ',' (0029). A decimal digit of any script is its ASCII digit and the Arabic
tatweel is dropped (migration 0024: '٢٠٢٤' is '2024', '१२' and '၁၂' are '12', 'الميـزانية' is
'الميزانية'; an outlet's identity keeps the digits as written, and since 0028 drops the tatweel
too), and the Turkish dotless ı is an i (migration 0016). Turkish writes ı and I, i
and İ as two letters and their cases, but a fold knows no language: it made 'IŞIK' 'işik' and
'Işık' 'işık', so a name typed in capitals, or on a keyboard without ı ('Yildirim'), missed it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from db.ignorable import DROP_IGNORABLE, IGNORABLE_CLASS

# The decimal digits of other scripts, each block of ten by its zero (Unicode 14, as Python 3.11
# reads it; frozen here, as migration 0024 folds with it): Arabic-Indic ٠-٩, Persian ۰-۹, NKo,
# Devanagari ०-९, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala,
# Thai, Lao, Tibetan, Myanmar (two), Khmer, Mongolian, ... Fullwidth, mathematical and
# superscript digits NFKC writes as ASCII already.
DIGIT_ZEROS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
               0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
               0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
               0xAA50, 0xABF0, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
               0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
               0x16AC0, 0x16B50, 0x1E140, 0x1E2F0, 0x1E950)
_DIGITS_FROM = "".join(chr(zero + d) for zero in DIGIT_ZEROS for d in range(10))
# and the signs written with Arabic and Persian numbers (migration 0029): the percent sign
# (U+066A), the decimal separator (U+066B) and the thousands one (U+066C), as matching reads
# them: '٣٠٪' is '30%', '۳٫۵' '3.5', '١٢٬٥٠٠' '12,500' (which `--search 12500` finds)
NUMBER_SIGNS_FROM, NUMBER_SIGNS_TO = "\u066a\u066b\u066c", "%.,"
_NUMERALS_FROM = _DIGITS_FROM + NUMBER_SIGNS_FROM
_NUMERALS_TO = "0123456789" * len(DIGIT_ZEROS) + NUMBER_SIGNS_TO
_TO_ASCII_DIGITS = str.maketrans(_NUMERALS_FROM, _NUMERALS_TO)


def _class_escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


# the same digits as a character class (Python's re and PostgreSQL's regular expressions alike)
DIGIT_CLASS = "[" + "".join(f"{_class_escape(z)}-{_class_escape(z + 9)}" for z in DIGIT_ZEROS) + "]"
NUMERAL_CLASS = DIGIT_CLASS[:-1] + "\\u066a-\\u066c]"  # and the signs
_OTHER_NUMERAL = re.compile(NUMERAL_CLASS)


# The search fold also drops the Arabic tatweel (U+0640), a stroke that draws a word out
# ('الميـزانية' is 'الميزانية', as matching reads it) and no letter (migration 0024). An
# outlet's identity kept it, as 0018 stored it, until 0028 (`_drop_marks` drops it there).
TATWEEL = "\u0640"
_SEARCH_DROP = {**DROP_IGNORABLE, ord(TATWEEL): None}
SEARCH_DROP_CLASS = IGNORABLE_CLASS[:-1] + "\\u0640]"


def _fold_letters(value: str, drop: dict = DROP_IGNORABLE) -> str:
    """The fold of a text that is not all ASCII, its digits as they are, without the
    characters of `drop` (an outlet's identity is made of this: migration 0018 stored it so)."""
    # İ casefolds to i + a combining dot: a search for "istanbul" must find "İstanbul" (as
    # PostgreSQL's lower() has it); the dotless ı is an i too (see the module's docstring)
    folded = (unicodedata.normalize("NFKC", value.translate(drop)).casefold()
              .replace("i\u0307", "i").replace("\u0131", "i"))
    return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)


# Marks and letters a word is written with or without (migration 0028), dropped or folded by
# search as by matching (`claims.matching.normalize` keeps a copy: tests/test_search_fold_36.py):
# - Arabic harakat (U+064B-U+065F), the superscript alef (U+0670), Hebrew points and cantillation:
#   vowels a text writes only at times ('البِطَالَةِ' is 'البطالة', 'שָׁלוֹם' is 'שלום');
# - the marks on a Greek letter (tonos, dialytika, breathings, perispomeni): Greek writes a word
#   in capitals without them ('ΝΙΚΟΣ' is 'Νίκος'). A Latin letter keeps its accent: French and
#   German capitals keep theirs ('ÉCOLE', 'ÜBER'), and 'ano' is not 'año', nor 'schon' 'schön';
# - the alef written with hamza or madda (أ إ آ) or wasla (ٱ) is alef (ا), as Arabic search engines
#   fold it (news and web text leave the hamza out: 'احمد' is 'أحمد'); the Persian yeh (ی) and
#   keheh (ک) are the Arabic yeh (ي) and kaf (ك), one letter each as two keyboards type it. Not
#   folded: the alef maksura (ى, 'على' "on" is no 'علي' "Ali") and the teh marbuta (ة).
# - the Devanagari nukta (U+093C, migration 0029), the dot Hindi writes under a letter for a sound
#   of Persian or English loans and often leaves out ('बेरोज़गारी' is 'बेरोजगारी', as Hindi
#   search engines and Lucene's HindiNormalizer fold it), and the three letters NFC writes
#   with it as one (ऩ ऱ ऴ are न र ळ); the other eight (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) NFKC writes as letter
#   and nukta. Bengali's and Gurmukhi's nukta stay: Bengali's য় is a letter of its own.
# (and the tatweel an Arabic presentation form holds: NFKC writes U+FCF2 as tatweel, fatha, shadda)
MARKS_CLASS = ("[\\u0640\\u064b-\\u065f\\u0670\\u0591-\\u05bd\\u05bf\\u05c1\\u05c2\\u05c4\\u05c5\\u05c7"
               "\\u093c]")
_MARKS = re.compile(MARKS_CLASS)
FOLDED_FROM = "\u0623\u0625\u0622\u0671\u06cc\u06a9\u0929\u0931\u0934"
FOLDED_TO = "\u0627\u0627\u0627\u0627\u064a\u0643\u0928\u0930\u0933"
_FOLDED_LETTERS = str.maketrans(FOLDED_FROM, FOLDED_TO)
# a Greek letter and the marks on it, in NFD (Python's re and PostgreSQL's regular expressions alike)
# (with any mark of MARKS_CLASS among them: an Arabic mark below comes first in NFD)
GREEK_MARKED = ("([\\u0370-\\u03ff\\u1f00-\\u1fff])"
                "[\\u0300-\\u036f\\u064b-\\u065f\\u0670\\u0591-\\u05bd\\u05bf\\u05c1\\u05c2\\u05c4\\u05c5\\u05c7"
                "\\u093c]+")
_GREEK_MARKED = re.compile(GREEK_MARKED)
_GREEK = re.compile("[\\u0370-\\u03ff\\u1f00-\\u1fff]")
# What the text holds where one of these is in its fold: the marks, the Arabic and Devanagari
# letters, and what NFKC makes them of (Hebrew and Arabic presentation forms, the high hamza
# letters, the Devanagari letters with a nukta, U+0958-U+095F)
MARKED_CLASS = ("[\\u0591-\\u05c7\\u0622\\u0623\\u0625\\u0640\\u064b-\\u065f\\u0670-\\u0678\\u06a9\\u06cc"
                "\\u0929\\u0931\\u0934\\u093c\\u0958-\\u095f\\ufb1d-\\ufdff\\ufe70-\\ufeff]")
_MARKED = re.compile(MARKED_CLASS)


def _drop_marks(folded: str) -> str:
    """`folded` (a fold of `_fold_letters`) without the marks of `MARKS_CLASS` and those on a
    Greek letter, its Arabic and Devanagari letters as `FOLDED_FROM` folds them (the module's docstring)."""
    if _MARKED.search(folded):
        folded = _MARKS.sub("", folded).translate(_FOLDED_LETTERS)
        if not unicodedata.is_normalized("NFC", folded):  # a mark dropped between two that compose
            folded = unicodedata.normalize("NFC", folded)
    if _GREEK.search(folded):
        folded = unicodedata.normalize("NFC", _GREEK_MARKED.sub(r"\1", unicodedata.normalize("NFD", folded)))
    return folded


def fold_text(value: str | None) -> str | None:
    """The searchable form of `value` (what `fold` computes on SQLite)."""
    if value is None:
        return None
    if value.isascii():
        return value.lower()
    folded = _drop_marks(_fold_letters(value, _SEARCH_DROP))
    # '٢٠٢٤' is 2024: a search typed with either finds both (migration 0024); '٪' is '%' (0029)
    return folded.translate(_TO_ASCII_DIGITS) if _OTHER_NUMERAL.search(folded) else folded


# Where PostgreSQL's lower() and Python's casefold differ (after NFKC), or a letter that NFKC
# makes one of them: ß and ẞ, the Greek blocks, a combining dot above or iota subscript,
# Cherokee, old Cyrillic forms (U+1C80-U+1C88), mathematical letters. A superset is harmless:
# the text only takes a longer way to the same fold.
CASEFOLD_CLASS = ("[\\u00df\\u0131\\u0307\\u0345\\u0370-\\u03ff\\u13a0-\\u13ff\\u1c80-\\u1c88\\u1e9e\\u1f00-\\u1fff"
                  "\\uab70-\\uabbf\\U0001d400-\\U0001d7ff]")
# casefold beyond lower(), one letter for one: final sigma, iota subscript (of a decomposed
# ᾳ), old Cyrillic forms, small Cherokee to its capitals (casefold's way round)
_FOLD_FROM = "\u03c2\u0345" + "".join(map(chr, range(0x1C80, 0x1C89))) + "".join(
    map(chr, [*range(0xAB70, 0xABC0), *range(0x13F8, 0x13FE)]))
_FOLD_TO = "".join(c.casefold() for c in _FOLD_FROM)
_FOLD_FROM += "\u0131"  # beyond casefold: the dotless ı is an i (see the module's docstring)
_FOLD_TO += "i"


def _sql_text(value: str) -> str:
    """An E'' literal of `value` in ASCII (\\uXXXX and \\UXXXXXXXX escapes; a '%' escaped too, which
    the driver would read as a placeholder's start: the fold is compiled into statements with
    parameters)."""
    return "E'" + "".join(c if c.isascii() and c not in "'\\%" else _class_escape(ord(c)) for c in value) + "'"


def _postgresql_drop_marks(folded: str) -> str:
    """`_drop_marks`'s first step on the SQL fold `folded` (in NFC): without the marks of
    `MARKS_CLASS`, the Arabic and Devanagari letters folded (its second, the marks on a Greek letter, is in
    `_postgresql_casefold`: only text of that class holds a Greek letter)."""
    return (f"normalize(translate(regexp_replace({folded}, '{MARKS_CLASS}', '', 'g'), "
            f"{_sql_text(FOLDED_FROM)}, {_sql_text(FOLDED_TO)}), NFC)")


def _postgresql_casefold(lowered: str) -> str:
    """What `casefold` does beyond `lower()` to the lowered NFKC text `lowered`, back in NFC, and
    `_drop_marks` (the marks on a Greek letter taken off in NFD, the others in NFC)."""
    casefolded = (f"normalize(regexp_replace(replace(translate(replace(normalize({lowered}, NFD), "
                  f"{_sql_text('ß')}, 'ss'), {_sql_text(_FOLD_FROM)}, {_sql_text(_FOLD_TO)}), "
                  f"{_sql_text('i' + chr(0x307))}, 'i'), '{GREEK_MARKED}', '\\1', 'g'), NFC)")
    return _postgresql_drop_marks(casefolded)


def _postgresql_fold_letters(x: str) -> str:
    """`_fold_letters` and `_drop_marks` of the SQL expression `x` (a text that is not all ASCII)
    for search: without the invisible characters and the tatweel."""
    dropped = f"lower(normalize(regexp_replace({x}, '{SEARCH_DROP_CLASS}', '', 'g'), NFKC))"
    return (f"CASE WHEN {x} ~ '{CASEFOLD_CLASS}' THEN {_postgresql_casefold(dropped)} "
            f"WHEN {x} ~ '{MARKED_CLASS}' THEN {_postgresql_drop_marks(dropped)} "
            f"WHEN {x} ~ '{SEARCH_DROP_CLASS}' THEN {dropped} "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


def postgresql_fold(x: str) -> str:
    """`fold` of the SQL expression `x` on PostgreSQL (the search indexes are made of it).
    The digits (and U+066A-U+066C) are looked for in the text as it is: no character becomes
    one by NFKC or the case fold (checked over all of Unicode 14). The fold of the letters is
    written once, the digits translated where there are some (translating none costs a copy):
    PostgreSQL keeps an index's expression in one row of pg_index, at most 8,160 bytes, and
    with it written twice migration 0028's was 9,272."""
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"ELSE translate({_postgresql_fold_letters(x)}, CASE WHEN {x} ~ '{NUMERAL_CLASS}' "
            f"THEN {_sql_text(_NUMERALS_FROM)} ELSE '' END, {_sql_text(_NUMERALS_TO)}) END")


# Apostrophes and hyphens as typed on a keyboard: web text writes 'O’Neil' (or ‘, or the
# modifier letter ʼ) and 'Nord‑Ouest' with a hyphen of its own.
_STRAIGHT = str.maketrans({**dict.fromkeys("\u2019\u2018\u02bc", "'"), **dict.fromkeys("\u2010\u2011", "-")})


def outlet_identity(name: str) -> str:
    """What makes two outlet names one outlet: the fold, apostrophes and hyphens straight,
    whitespace one space. The one rule for an outlet's name wherever one is found or made
    (import, ingest, redo, `--outlet`, the desk's filter; migration 0017 holds a copy that
    tests/test_outlet_identity.py keeps equal): 'O‘Neil Times' and "O'Neil Times" were two
    outlets, as 'Northline  News' and 'Northline News' were to 0017, which failed on them.
    Computed in Python only and stored with the outlet (`outlet.identity`, migration 0018): an
    SQL copy of it on PostgreSQL read \x1c-\x1f and \x85 as letters where `split` reads spaces.
    It drops every character of `IGNORABLE`, though a stored name keeps those past its own set
    (`claims.limits.visible_name`): '葛\U000E0100飾 Times' is the outlet '葛飾 Times' (0026).
    The marks search drops are dropped here too (`_drop_marks`, migration 0028): 'ΚΑΘΗΜΕΡΙΝΗ'
    and 'Καθημερινή' are one outlet, 'الأهرام' and 'الاهرام' too; a name of marks alone keeps
    them (else all such names were one outlet, of no letter)."""
    if name.isascii():
        folded = name.lower()
    else:
        folded = _fold_letters(name)  # its digits as written (0018)
        dropped = _drop_marks(folded)
        folded = dropped if dropped.strip() else folded
    return " ".join(folded.translate(_STRAIGHT).split())


# The longest identity stored as it is, in UTF-8 bytes: PostgreSQL's btree index refuses an
# entry over 2,704 bytes, and a 200-character name of U+FDFA is 18 characters a letter in NFKC.
IDENTITY_BYTES = 1000


def outlet_identity_key(name: str) -> str:
    """`outlet_identity` as stored in `outlet.identity` (and looked up by equality): itself, or
    where that is longer than IDENTITY_BYTES, its start and a SHA-256 of the whole (unique
    all the same; without it, making the outlet, and migration 0018, failed on the index)."""
    identity = outlet_identity(name)
    if len(identity.encode()) <= IDENTITY_BYTES:
        return identity
    # "\n": no identity holds one (whitespace is one space in it), so no name's own identity
    # is another's key (a name of 'its start #<hash>' was filed under the long name's outlet)
    return identity[:100] + "\n#" + hashlib.sha256(identity.encode()).hexdigest()

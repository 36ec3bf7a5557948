"""The invisible characters that search and matching ignore, without SQLAlchemy (a plain
`claims list` reads its filter words with this and must start fast: tests/test_startup.py)."""

from __future__ import annotations

# Default-ignorable characters met inside words of copied text (Unicode's
# Default_Ignorable_Code_Point, all of its characters but two kinds): soft hyphen, combining
# grapheme joiner, Arabic letter mark, Mongolian vowel separator, zero-width space/non-joiner/
# joiner, left-to-right and right-to-left marks, embeddings and isolates, word joiner and
# invisible operators, variation selectors (the emoji one too: ❤️ is ❤), zero-width no-break
# space (byte-order mark): `NAME_RANGES`, which a stored name or id loses too. And, since
# migration 0026, characters search and matching ignore but a stored name keeps (a Japanese
# name is written with the glyph its ideographic variation selector picks): Hangul fillers
# (U+115F, U+1160, U+3164, U+FFA0), Khmer inherent vowels (U+17B4, U+17B5), Mongolian free
# variation selectors (U+180B-U+180D, U+180F), the deprecated format characters (U+206A-U+206F),
# shorthand format controls (U+1BCA0-U+1BCA3), tags (U+E0001, U+E0020-U+E007F: an emoji flag's
# subdivision) and the ideographic variation selectors (U+E0100-U+E01EF: '葛\U000E0100飾区' is
# '葛飾区'). Left out: the musical format controls (U+1D173-U+1D17A, beams and slurs between
# musical symbols: no word holds them) and the code points Unicode has not assigned (U+2065,
# U+FFF0-U+FFF8, the rest of U+E0000-U+E0FFF: no text holds them yet, and Python's and
# PostgreSQL's tables would not agree on what a later Unicode makes of them).
NAME_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E),
               (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
               (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
                    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
                    (0x2060, 0x2064), (0x2066, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
                    (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3), (0xE0001, 0xE0001),
                    (0xE0020, 0xE007F), (0xE0100, 0xE01EF))
IGNORABLE = frozenset(chr(c) for lo, hi in IGNORABLE_RANGES for c in range(lo, hi + 1))
DROP_IGNORABLE = dict.fromkeys(map(ord, IGNORABLE))
# What a stored name or import id loses (claims.limits: `visible_name`, `clean_id`; migrations
# 0015, 0017 and 0018 cleaned the stored ones by it): the invisible characters of NAME_RANGES.
DROP_FROM_NAMES = dict.fromkeys(c for lo, hi in NAME_RANGES for c in range(lo, hi + 1))


def _escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


# The same set as a regular-expression class PostgreSQL (and Python's re) reads: \uXXXX and,
# past U+FFFF, \UXXXXXXXX escapes (the SQL stays ASCII).
IGNORABLE_CLASS = "[" + "".join(
    _escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in IGNORABLE_RANGES) + "]"


def drop_ignorable(text: str) -> str:
    """`text` without the invisible characters of `IGNORABLE`."""
    return text if text.isascii() else text.translate(DROP_IGNORABLE)


def drop_from_name(text: str) -> str:
    """`text` without the invisible characters a stored name or id loses (`DROP_FROM_NAMES`)."""
    return text if text.isascii() else text.translate(DROP_FROM_NAMES)

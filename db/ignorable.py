"""The invisible characters that search and matching ignore, without SQLAlchemy (a plain
`claims list` reads its filter words with this and must start fast: tests/test_startup.py)."""

from __future__ import annotations

# Default-ignorable characters met inside words of copied text (a subset of Unicode's
# Default_Ignorable_Code_Point): soft hyphen, combining grapheme joiner, Arabic letter mark,
# Mongolian vowel separator, zero-width space/non-joiner/joiner, left-to-right and
# right-to-left marks, embeddings and isolates, word joiner and invisible operators,
# variation selectors (the emoji one too: ❤️ is ❤), zero-width no-break space (byte-order mark).
IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x180E, 0x180E),
                    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
                    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF))
IGNORABLE = frozenset(chr(c) for lo, hi in IGNORABLE_RANGES for c in range(lo, hi + 1))
DROP_IGNORABLE = dict.fromkeys(map(ord, IGNORABLE))
# The same set as a regular-expression class PostgreSQL reads (\uXXXX escapes: the SQL stays ASCII).
IGNORABLE_CLASS = "[" + "".join(
    f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in IGNORABLE_RANGES) + "]"


def drop_ignorable(text: str) -> str:
    """`text` without the invisible characters of `IGNORABLE`."""
    return text if text.isascii() else text.translate(DROP_IGNORABLE)

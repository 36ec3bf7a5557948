"""The formula guard of every CSV claims writes, and its undoing on import: one pair, so that
what `claims export` writes always reads back as it was.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (CSV injection), so such a cell is written with a `'` before it, which the spreadsheet
shows as text and hides. A value that itself starts with apostrophes before one of those
(`'+40% in a year' was his figure`) gets one more, so the import, which takes one off, gives it
back whole (it lost its apostrophe: the guard was not told apart from the text).

A control character a terminal acts on, which an older version stored (every door refuses it
now), is written as its symbol (`claims.limits.printable`): a CSV written to standard output
sent ESC ]2;... BEL to the terminal, and the import refused the export back (pass 26).
"""

from __future__ import annotations

import re

from claims.limits import printable

_GUARDED = re.compile(r"'*[=+\-@\t\r]")


def guard(value: str) -> str:
    value = printable(value)
    return "'" + value if _GUARDED.match(value) else value


def unguard(value: str) -> str:
    return value[1:] if value.startswith("'") and _GUARDED.match(value, 1) else value

"""A spacing mark takes a cell, as terminals draw it.

Rich (and Textual, which measures with it) counts a spacing combining mark (Unicode category
Mc: the Devanagari vowel sign 'ी' U+0940, Bengali, Tamil, Thai and other scripts' vowel signs)
as zero cells wide; terminals (wcwidth in glibc, which tmux, xterm and VTE follow) draw it in
one. A claim in Hindi was measured short by one cell for each such mark: the desk's row ran
past its claim column, pushing the speaker, date and status columns right and cutting the
status ('unverifie'), and `claims list`'s table was out of line. `count_spacing_marks` makes
Rich count them as terminals do; marks that combine without spacing (Mn, Me) stay zero wide.
Called where Rich draws: the desk, and the CLI's tables (`list --format jsonl` loads no Rich).
"""

from __future__ import annotations

import unicodedata
from contextlib import suppress
from importlib import import_module

_done = False


def count_spacing_marks() -> None:
    """Give spacing marks one cell in Rich's width table (once per process)."""
    global _done
    if _done:
        return
    _done = True
    # Rich's width table is private (`rich._unicode_data`, since 14.3): another Rich than the
    # one this was written for measures as it does, a Hindi row a cell short a mark, rather
    # than the table crashing
    with suppress(ImportError, AttributeError, TypeError, ValueError):
        _patch_rich()


def _patch_rich() -> None:
    import rich.cells
    from rich import _unicode_data as data

    table = data.load("auto")
    widths: list[tuple[int, int, int]] = []
    for start, end, width in table.widths:
        if width != 0 or not any(unicodedata.category(chr(cp)) == "Mc" for cp in range(start, end + 1)):
            widths.append((start, end, width))
            continue
        run: int | None = None  # the start of a run of zero-width characters
        for cp in range(start, end + 2):
            zero = cp <= end and unicodedata.category(chr(cp)) != "Mc"
            if zero and run is None:
                run = cp
            elif not zero and run is not None:
                widths.append((run, cp - 1, 0))
                run = None
    module = import_module(".unicode" + table.unicode_version.replace(".", "-"), "rich._unicode_data")
    module.cell_table = table._replace(widths=widths)  # characters in no range are one cell
    data.load.cache_clear()
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()

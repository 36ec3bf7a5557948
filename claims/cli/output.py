"""Writing records as a table, CSV, JSON lines or JSON: data to stdout only."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence

from claims.limits import printable, printable_data
from claims.vocab import VERDICT_STYLE

# Columns that take the room the others leave; the rest stay on one line.
WIDE_COLUMNS = {"text", "claim", "title", "a", "b", "text_a", "text_b", "reason", "source", "last_poll", "sentence"}


def some_ids(ids: Sequence[int], most: int = 20) -> str:
    """`ids` for one line of text: the first `most`, and how many more. A cluster or an
    article of 2,000 claims printed 2,000 ids on one line (10,000 characters); `--format json`
    keeps them all."""
    shown = ", ".join(map(str, ids[:most]))
    return shown + (f" and {len(ids) - most:,} more" if len(ids) > most else "")


def json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# U+2028, U+2029 and NEL (U+0085) are valid raw in JSON, but Python's str.splitlines (and for
# the first two JavaScript before ES2019) ends a line there: a JSON-lines reader split one
# record in two. (JSON escapes the other characters splitlines splits at, all below U+0020.)
_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def json_text(value, **options) -> str:
    """`value` as JSON (UTF-8 text kept as it is) with U+2028, U+2029 and U+0085 escaped and
    a control an older version stored shown as its symbol (`printable_data`): every JSON and
    JSON-lines output writes through here."""
    return json.dumps(printable_data(value), ensure_ascii=False, default=json_default, **options).translate(_LINE_SEPARATORS)


def write_records(records: Sequence[dict], fmt: str, *, columns: Sequence[str] | None = None,
                  title: str | None = None) -> None:
    """`records` in `fmt`, whole or not at all (`whole_output`)."""
    from claims.cli.stdout import whole_output

    with whole_output():
        _write_records(records, fmt, columns, title)


def _write_records(records: Sequence[dict], fmt: str, columns: Sequence[str] | None, title: str | None) -> None:
    out = sys.stdout
    if fmt == "jsonl":
        for r in records:
            out.write(json_text(r) + "\n")
    elif fmt == "json":
        out.write(json_text(list(records), indent=2) + "\n")
    elif fmt == "csv":
        cols = list(columns or (records[0].keys() if records else []))
        writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for r in records:
            writer.writerow({k: _csv_cell(r.get(k)) for k in cols})
    else:
        from rich.table import Table  # only tables need rich

        from claims.cell_widths import count_spacing_marks

        count_spacing_marks()  # a Hindi cell measured as the terminal draws it

        from rich.text import Text

        # The title holds the filter as typed ("--search '[a-z]'" vanished, "[link=…]" was a link).
        table = Table(title=Text(title) if title else None, show_lines=False, expand=False)
        cols = list(columns or (records[0].keys() if records else []))
        for c in cols:
            if c in WIDE_COLUMNS:
                table.add_column(c, overflow="fold", min_width=30, ratio=1)
            else:
                table.add_column(c, overflow="ellipsis", no_wrap=True, min_width=min(len(c), 12),
                                 max_width=28)
        for r in records:
            table.add_row(*[_styled(c, r.get(c)) for c in cols])
        # Piped output has no terminal width to fit; give tables room rather than 80 columns.
        console(soft_wrap=False, width=None if out.isatty() else 160).print(table)


MIN_WIDTH = 40  # the narrowest a console is laid out for


def console(**options):
    """A rich Console at least MIN_WIDTH wide: `COLUMNS=1 claims show 3` (or a terminal a few
    cells wide) printed one letter a line, and a table of one character a column."""
    from rich.console import Console

    made = Console(**options)
    if made.width < MIN_WIDTH:
        made.width = MIN_WIDTH
    return made


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):  # a claim's extra: JSON, which an import reads back (a control an
        # older version stored as its symbol: JSON's \u001b in the cell was refused back, hostile27)
        return json.dumps(printable_data(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def _csv_cell(value) -> str:
    """A CSV cell a spreadsheet shows as written: text that would start a formula gets the
    formula guard `claims export` gives it ('=HYPERLINK("http://evil","x")' was a link in
    `claims list --format csv`); a number stays a number."""
    from claims.services.export import neutralise

    if isinstance(value, float):  # whole: a listing's 0.123456789 came back from its import as 0.12
        return repr(value)
    cell = _cell(value)
    return neutralise(cell) if isinstance(value, str | list) else cell


def _styled(column: str, value):
    text = printable(_cell(value))  # a terminal control an older version stored is shown, not run
    if column == "verdict" and text in VERDICT_STYLE:
        return f"[{VERDICT_STYLE[text]}]{text}[/]"
    return text.replace("[", r"\[")

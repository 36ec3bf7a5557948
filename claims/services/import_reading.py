"""Reading an import's input: its bytes (a file or standard input), their text, its format, and
its records one by one (JSONL lines, CSV rows, ClaimReview objects), each with where it stands."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claims import untrusted
from claims.errors import ClaimsError
from claims.limits import MAX_TEXT_CHARS
from claims.services.csv_guard import unguard
from claims.services.import_checks import is_claimreview
from claims.services.import_records import (
    FIELD_ALIASES,
    MAX_INPUT_BYTES,
    ReadingStopped,
    RecordError,
    fold_field_name,
    some_names,
)


def read_input(source: str) -> tuple[bytes | bytearray, str]:
    """The bytes of a file, or of standard input for `-` (a bytearray), with a name for messages."""
    if source == "-":
        from claims.paths import read_stdin

        data = read_stdin(MAX_INPUT_BYTES)  # the cap holds on standard input too
        if len(data) > MAX_INPUT_BYTES:
            raise ClaimsError(f"<stdin>: larger than {MAX_INPUT_BYTES // 2**30} GB")
        return data, "<stdin>"
    from claims.paths import path_text, read_regular_file

    # the name is stored in each claim's source: as text, whatever bytes the file's name holds
    return read_regular_file(source, limit=MAX_INPUT_BYTES, what="file to import"), path_text(source)


# Files people give `claims import` that it cannot read, named by their first bytes (hostile28)
_AS_CSV = "save the table as CSV UTF-8 (or JSONL) and import that"
_BINARY_KINDS = ((b"PK\x03\x04", "a ZIP archive (an Excel .xlsx or an .ods workbook?)"),
                 (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "a gzip-compressed file"),
                 (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or Word) file"))


def decode_input(data: bytes | bytearray, name: str) -> str:
    """Strict UTF-8 (a BOM is fine); anything else is refused, naming the line and byte."""
    for magic, kind in _BINARY_KINDS:
        if data[:len(magic)] == magic:  # was "no text column; the header has: PK␃␄..." or "not UTF-8"
            raise ClaimsError(f"{name}: {kind}, not JSONL, CSV or ClaimReview JSON; {_AS_CSV}")
    if kind := untrusted.wide_encoding(bytes(data[:512])):
        raise ClaimsError(f"{name}: {kind} text, not UTF-8; save it as UTF-8 (in a spreadsheet: CSV UTF-8) "
                          "and try again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if data[:3] == b"\xef\xbb\xbf" else 0)  # utf-8-sig counts after its BOM
        line = data.count(b"\n", 0, at) + 1
        raise ClaimsError(
            f"{name}: not UTF-8 (byte 0x{data[at]:02x} on line {line}); "
            "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again"
        ) from None
    if "\x00" in text:
        raise ClaimsError(f"{name}: holds NUL bytes; a binary file, not JSONL or CSV")
    if not text.strip():
        raise ClaimsError(f"{name}: empty, nothing to import")
    return text


def detect_format(text: str, name: str) -> str:
    suffix = Path(name).suffix.lower() if name != "<stdin>" else ""
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    head = text.lstrip()[:4000]
    if head.startswith(("{", "[")):
        return "claimreview" if re.search(r'"@type"\s*:\s*(\[[^\]]*)?"(?:[^"]*[/:#])?ClaimReview"', head) else "jsonl"
    if suffix in (".jsonl", ".ndjson", ".json", ".jsonld"):
        return "jsonl"
    return "csv"


_SPACE = re.compile(r"\s*")  # what str.strip() strips (both test str.isspace)
LINE_BLOCK = 1 << 20  # characters split into lines at a time


def _lines(text: str) -> Iterator[str]:
    """`untrusted.lines(text)`, a block at a time: no list of every line of a large file.
    Blocks end just after a newline, which no line break spans (CRLF ends with it)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + LINE_BLOCK)
        end = len(text) if end < 0 else end + 1
        yield from untrusted.lines(text[start:end])
        start = end


def _one_object(text: str, start: int) -> bool:
    """Is the text (from `start`, its first non-space) one JSON object and nothing else?"""
    try:
        whole, end = json.JSONDecoder().raw_decode(text, start)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(whole, dict) and _SPACE.match(text, end).end() == len(text)


def _json_shape(text: str) -> str:
    """How JSON input is laid out: 'array' (each item a record), 'object' (one object over
    several lines: a JSON-LD file) or 'lines' (JSON lines)."""
    start = _SPACE.match(text).end()
    if text.startswith("[", start):
        return "array"
    if text.startswith("{", start) and len(list(itertools.islice(_lines(text), 2))) > 1 \
            and _one_object(text, start):  # one pretty-printed object (a JSON-LD file)
        return "object"
    return "lines"


def format_read(text: str, fmt: str, name: str = "<stdin>") -> str:
    """The format an import names as read: 'json' for a JSON array or one JSON object (over
    several lines, or on one in a file named .json or .jsonld), which `--format jsonl` (the
    option's name for any JSON of records) reads too; the import of an array, or of a .json
    file of one object on one line, said '(jsonl)'. A .jsonl file of one line is JSON lines."""
    if fmt != "jsonl":
        return fmt
    if _json_shape(text) != "lines":
        return "json"
    named_json = name != "<stdin>" and Path(name).suffix.lower() in (".json", ".jsonld")
    return "json" if named_json and _one_object(text, _SPACE.match(text).end()) else fmt


def _json_records(text: str, unread: int = 0) -> Iterator[tuple[str, Any]]:
    """A JSON array (each item a record), a single JSON object, or JSON lines.
    (JSON lines are read a line at a time: no copy of a large file's text is made.) The
    first `unread` JSON lines are given as None, not parsed (records a pass leaves out)."""
    shape = _json_shape(text)
    if shape == "array":
        stripped = text.strip()
        try:
            items = untrusted.json_loads(stripped, fields_once=True)
        except json.JSONDecodeError as exc:
            # no item of the array was read
            yield f"line {exc.lineno}", ReadingStopped(f"not valid JSON ({exc.msg}, column {exc.colno})")
            return
        for i, item in enumerate(items if isinstance(items, list) else [items], start=1):
            yield f"record {i}", item
        return
    if shape == "object":
        try:
            yield "record 1", untrusted.json_loads(text.strip(), fields_once=True)
        except json.JSONDecodeError as exc:
            yield "record 1", RecordError(f"not valid JSON ({exc.msg})")
        return
    for n, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        if unread:  # one record a line that is not blank, good or bad
            unread -= 1
            yield f"line {n}", None
            continue
        try:
            yield f"line {n}", untrusted.json_loads(line, fields_once=True)
        except json.JSONDecodeError as exc:
            yield f"line {n}", RecordError(f"not valid JSON ({exc.msg}, column {exc.colno})")


_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>])", re.IGNORECASE)
_XML_START = re.compile(r"\s*(<\?xml[\s?]|<rss[\s>]|<feed[\s>])", re.IGNORECASE)
_SEP_HINT = re.compile(r"\"?sep=([,;\t|])\"?")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


MAX_CSV_CELL = max(MAX_TEXT_CHARS * 8, 1 << 20)  # characters; past it a cell is no field of a claim


# The second read's bound: a quote never closed made it read the rest of the file as one cell
# (a 150 MB file: 2 GB, Python's csv keeps 4 bytes a character; MemoryError under a limit).
MAX_CSV_REREAD = 16 * MAX_CSV_CELL
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
# A file whose lines end in LF or CRLF: a CR alone is no line end there but a character of its
# row (a cell's text pasted with an old Mac's line break, written unquoted), which the reader
# refuses in an unquoted cell. Read as a line end, it cut the row in two: the claim's text
# ended at it, and the rest became a claim of its own whose id was words of the text.
_CSV_LF_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_CSV_CR_LINE = re.compile(r"[^\r]*\r\n?|[^\r]+")  # an old Mac's file: an LF alone is no line end there
_FIRST_LINE_END = re.compile(r"\r\n|\r|\n")


def _csv_lines(text: str) -> Iterator[str]:
    """The lines of a CSV file as a StringIO(newline="") gives them, one at a time, but that a
    CR alone ends a line only in a file whose first line ends in one (an old Mac's), and an LF
    alone only in one whose first line ends in LF or CRLF."""
    end = _FIRST_LINE_END.search(text)
    line = _CSV_CR_LINE if end is not None and end.group() == "\r" else _CSV_LF_LINE
    return (m.group() for m in line.finditer(text))


def _oversized_cell(text: str, delimiter: str) -> tuple[int, int | None, int | None] | None:
    """(line the row starts on, cell number from 1, its length) of the first cell longer than
    `MAX_CSV_CELL`, read again with a larger limit (only when the limit was met: the reader
    names no place); the cell number and length are None past `MAX_CSV_REREAD`. None when
    the second read finds no such cell."""
    before = csv.field_size_limit(MAX_CSV_REREAD)
    start = 1
    try:
        # (lines as a StringIO(newline="") gives them, one at a time: another StringIO of the
        # text held 4 bytes a character more, beside the first reader's)
        lines = _csv_lines(text)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        for row in reader:
            for i, cell in enumerate(row, 1):
                if len(cell) > MAX_CSV_CELL:
                    return start, i, len(cell)
            start = reader.line_num + 1
    except csv.Error as exc:
        return (start, None, None) if "field limit" in str(exc) else None
    finally:
        csv.field_size_limit(before)
    return None


def _too_large(text: str, delimiter: str, header: list[str] | None, at: str) -> tuple[str, RecordError]:
    """A cell past `MAX_CSV_CELL`, named by its line and column: it was said to be 'not valid
    CSV (field larger than field limit (1048576); a stray quote?)' at the line it ended on."""
    found = _oversized_cell(text, delimiter)
    if found is None:
        return at, RecordError(f"a cell longer than {MAX_CSV_CELL:,} characters (or a quote opened and "
                               "closed only much later)")
    line, column, size = found
    if column is None:
        return f"line {line}", RecordError(
            f"a cell of more than {MAX_CSV_REREAD:,} characters, where a CSV cell may hold {MAX_CSV_CELL:,} "
            f"(a claim's text is at most {MAX_TEXT_CHARS:,}); a quote opened there closes much later or never")
    named = f" ({header[column - 1]!r})" if header and column <= len(header) else ""
    return f"line {line}", RecordError(
        f"column {column}{named}: a cell of {size:,} characters, more than the {MAX_CSV_CELL:,} a CSV cell "
        f"may hold (a claim's text is at most {MAX_TEXT_CHARS:,}); if it was not meant as one cell, a quote "
        "opened there closes too late")


def _not_read(after: int, rest: Iterator[str]) -> str:
    """'; lines 4-6 were not read ...' of the lines left in `rest`, the line `after` the last read."""
    left = sum(1 for _ in rest)
    if not left:
        return ""
    lines = f"line {after + 1} was" if left == 1 else f"lines {after + 1}-{after + left} were"
    return f"; {lines} not read (a cell opened there may go on past them: fix it and import again)"


def _csv_records(text: str, name: str) -> Iterator[tuple[str, Any]]:
    csv.field_size_limit(MAX_CSV_CELL)
    last = [""]  # the line the reader took last

    # lines as a StringIO(newline="") gives them, one at a time: a StringIO of the text held
    # 4 bytes a character beside it (a 200 MB file: 800 MB more through each pass)
    def lines() -> Iterator[str]:
        for line in _csv_lines(text):
            last[0] = line
            yield line

    buffer = lines()
    first_line = next((ln for ln in _lines(text) if ln.strip()), "")
    if _HTML_START.match(first_line):
        raise ClaimsError(f"{name}: looks like an HTML page, not CSV, JSONL or ClaimReview JSON; "
                          "`claims ingest` takes pages (and finds their claims)")
    if _XML_START.match(first_line):
        raise ClaimsError(f"{name}: looks like an XML file (a feed?), not CSV, JSONL or ClaimReview JSON; "
                          "`claims ingest --feed` takes RSS and Atom feeds")
    # Excel's first line 'sep=;' names the delimiter: it is no header (was "no text column")
    hint = _SEP_HINT.fullmatch(first_line.rstrip("\r\n"))
    # strict: a quote never closed is an error, not the rest of the file read as one cell
    delimiter = hint.group(1) if hint else _delimiter(first_line)
    reader = csv.reader(buffer, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    start = 1
    exported = False
    blank_kept: set[str] = set()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                yield f"line {start}", ReadingStopped(
                    "a quote opened in this row is never closed (nothing after it could be read as rows)")
                break
            if "field larger than field limit" in str(exc):
                # the reader stopped inside the cell: the rows after it were dropped without a word
                where, error = _too_large(text, delimiter, header, f"line {start}")
                yield where, ReadingStopped(f"{error}{_not_read(reader.line_num, buffer)}")
                break
            hit = f", at line {reader.line_num}" if reader.line_num != start else ""
            # A stray quote in a row of one line whose quotes pair up spoils that row only: the
            # reader goes on at the next line. In a cell over several lines (or a line with a
            # quote left open) the next line may be the middle of a cell: its pieces were
            # stored as claims and outlets. The rest is not read then, and said so.
            alone = reader.line_num == start and last[0].count('"') % 2 == 0
            if header is None or not alone:
                yield f"line {start}", ReadingStopped(
                    f"not valid CSV ({exc}{hit}; a stray quote?){_not_read(reader.line_num, buffer)}")
                break
            if "new-line character seen in unquoted field" in str(exc):
                yield f"line {start}", RecordError(
                    "a line break (a CR or an LF alone) in an unquoted cell, unlike the file's line ends: "
                    "a cell holding a line break must be quoted (as a line end, it would cut the row in two)")
            else:
                yield f"line {start}", RecordError(f"not valid CSV ({exc}; a stray quote?)")
            start = reader.line_num + 1
            continue
        where = f"line {start}"
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None and hint and row in (["sep=", ""], [f"sep={delimiter}"]):  # ('"sep=,"' quoted)
            hint = None
            continue
        if header is None:
            # A column without a name (a spreadsheet's trailing commas: 'id,text,,') is 'column N':
            # two of them named the header's column '' twice, refused with nothing after 'twice:'.
            header = [h.strip() or f"column {i}" for i, h in enumerate(row, 1)]
            folded = [fold_field_name(h) for h in header]
            if not set(folded) & set(FIELD_ALIASES["text"]):
                raise ClaimsError(
                    f"{name}: no text column (the claim itself; also read as "
                    f"'claim' or 'claimReviewed'); the header has: {some_names(header) or 'nothing'}"
                )
            # (counted once: a header of 80,000 columns took 94 s counting each in all)
            dupes = sorted(h for h, n in Counter(folded).items() if n > 1)
            if dupes:
                raise ClaimsError(f"{name}: the header names a column twice: {', '.join(dupes)}")
            # written by `claims export` or `claims list --format csv`: formula guards undone
            exported = "firstoutlet" in folded and ("claim" in folded or "text" in folded)
            # an empty external_id beside an id says the id is the exporting desk's (ImportRecord.id_beside_blank)
            blank_kept = {h for h, f in zip(header, folded, strict=True) if f == "externalid"}
            continue
        if len(row) > len(header):
            yield where, RecordError(
                f"{len(row)} cells but the header has {len(header)} columns (a stray delimiter or quote?)"
            )
            continue
        if [fold_field_name(c) for c in row] == folded:  # two files joined: no claim named "text"
            yield where, RecordError("repeats the header row (two files joined?)")
            continue
        cells = [unguard(c) if exported else c for c in row]
        yield where, {h: v for h, v in zip(header, cells, strict=False) if v != "" or h in blank_kept}
    if header is None:
        raise ClaimsError(f"{name}: no header row, nothing to import")




def records_of(text: str, fmt: str, name: str, unread: int = 0) -> Iterator[tuple[str, Any]]:
    """Each record as (where, what was read). `unread`: the caller passes over the first
    records; JSON lines give those as None, unparsed (other formats read them all)."""
    if fmt == "csv":
        yield from _csv_records(text, name)
    elif fmt == "claimreview":
        for where, item in _json_records(text):
            if isinstance(item, RecordError):
                yield where, item
                continue
            graph = item.get("@graph") if isinstance(item, dict) else None
            if isinstance(graph, list):
                reviews = [g for g in graph if isinstance(g, dict) and is_claimreview(g)]
                for i, g in enumerate(reviews, start=1):
                    yield f"{where} item {i}", g
            else:
                yield where, item
    else:
        yield from _json_records(text, unread)

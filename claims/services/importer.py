"""`claims import`: claims from JSONL, CSV or ClaimReview JSON-LD, all or nothing.

Every input becomes a list of records (one per JSONL line, CSV row or ClaimReview object).
Each record is checked on its own; a bad one is named by its line (or record number) and
reason. Then, unless `skip_bad`, one bad record stops the import and nothing is stored; with
`skip_bad` the good records are stored and the bad ones listed. All good records go in one
transaction either way.

Fields (names are matched ignoring case, spaces and dashes; aliases in `FIELD_ALIASES`):
`text` (required), `id` (kept as the external id), `speaker`, `speaker_role`, `date`,
`date_precision`, `url`, `outlet`, `title`, `first_date`, `status`, `verdict`, `note`,
`evidence`, `reviewer`, `reviewed_at`, `fact_check_url`, `checkworthiness`, `claim_type`,
`other_appearances`. Any other field is kept in `Claim.extra` (JSON) and reported. `url`,
`outlet`, `title` and `first_date` say where the claim appeared: they become an appearance in
that article (an article already stored under that URL when the claim's text stands in it,
else a small article record holding the claim's text); `other_appearances` (a list of objects
with those four fields: a ClaimReview's `appearance`) say where else, each one more.

`create_imported_claim` is the one place a record becomes Claim rows: the matcher hooks in
there.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claims import untrusted
from claims.config import Settings, load_settings
from claims.errors import ClaimsError
from claims.limits import (
    MAX_EXTRA_CHARS,
    MAX_LEN,
    MAX_NOTE_CHARS,
    MAX_TEXT_CHARS,
    clean_id,
    control_problem,
    fitted,
    fold_spaces,
    is_unicode,
    line_control_problem,
    name_problem,
    one_line,
    shows_nothing,
    visible_name,
    without_direction_controls,
)
from claims.links import check_url
from claims.models import Appearance, Article, Claim, Event, Match, utcnow
from claims.services.audit import audit_row, insert_events
from claims.services.claim_dates import after_today
from claims.services.claim_rows import claim_indexes_made_after, insert_claims
from claims.services.csv_guard import unguard
from claims.services.matching import bulk_work, match_new_claims, wait_to_add_claims
from claims.services.triage import current_weights, standalone_priority
from claims.services.views import MatchSummary
from claims.vocab import Status, Verdict, parse_status, parse_verdict, review_outcome
from db import Database
from db.errors import error_line, is_duplicate_key
from db.ignorable import drop_ignorable

FORMATS = ("jsonl", "csv", "claimreview")
MAX_INPUT_BYTES = 1024 * 1024 * 1024

# canonical field -> the names it may go by (already folded: lower case, no spaces/dashes/_)
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "claim", "claimtext", "claimreviewed", "statement"),
    "external_id": ("externalid", "id"),
    "speaker": ("speaker", "claimant"),
    "speaker_role": ("speakerrole",),
    "date": ("date", "claimdate"),
    "date_precision": ("dateprecision",),
    "url": ("url", "firsturl", "sourceurl", "articleurl"),
    "outlet": ("outlet", "firstoutlet"),
    "title": ("title", "articletitle", "firsttitle"),
    "first_date": ("firstdate", "published", "articledate"),
    "status": ("status",),
    "verdict": ("verdict", "rating"),
    "note": ("note", "verdictnote"),
    "evidence": ("evidence", "evidencelinks"),
    "reviewer": ("reviewer",),
    "reviewed_at": ("reviewedat",),
    "fact_check_url": ("factcheckurl", "reviewurl"),
    "checkworthiness": ("checkworthiness",),
    "claim_type": ("claimtype",),
    "other_appearances": ("otherappearances",),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
# Computed by the desk on the way out; meaningless on the way in (reported as ignored).
IGNORED_FIELDS = {"version", "pendingsuggestions"}


_FOLD_SEPARATORS = re.compile(r"[\s_\-]+")
_FOLDED: dict[str, str] = {}  # field name -> _fold of it: a file's records share a few names
_FOLDED_MOST = 10_000


def _fold(name: str) -> str:
    # invisible characters too: a BOM in the middle of a header ('id,\ufefftext', two files
    # joined) hid the text column while the message showed it
    if type(name) is str and (folded := _FOLDED.get(name)) is not None:
        return folded
    folded = _FOLD_SEPARATORS.sub("", drop_ignorable(str(name))).casefold()
    if type(name) is str and len(_FOLDED) < _FOLDED_MOST:
        _FOLDED[name] = folded
    return folded


def _some(names: list[str], most: int = 20) -> str:
    """Names for a message: the first `most`, then how many more."""
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


class ImportFailed(ClaimsError):
    """The import stopped and stored nothing; `bad` names every bad record."""

    def __init__(self, message: str, bad: list[BadRecord]):
        super().__init__(message)
        self.bad = bad


@dataclass(frozen=True, slots=True)
class BadRecord:
    where: str  # "line 4", "record 2"
    reason: str
    stopped: bool = False  # the reading stopped at it: the rest of the file was not read

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class RecordError(ValueError):
    pass


class ReadingStopped(RecordError):
    """A bad record past which the file cannot be read (a quote never closed, a JSON array
    broken): what follows it was not read, so even `--skip-bad` has not imported the file."""


@dataclass(frozen=True, slots=True)
class SeenIn:
    """Where else a record's claim appeared (besides its `url`/`outlet`/`title`/`first_date`)."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    first_date: date | None = None


@dataclass(slots=True)
class ImportRecord:
    """One checked record, ready to become a claim."""

    where: str
    text: str
    external_id: str | None = None
    id_given: str | None = None  # the id as the file gave it, when cleaning changed it
    speaker: str | None = None
    speaker_role: str | None = None
    claim_date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    first_date: date | None = None
    status: str = Status.UNVERIFIED.value
    verdict: str | None = None
    note: str | None = None
    evidence: list[str] = field(default_factory=list)
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    fact_check_url: str | None = None
    checkworthiness: float | None = None  # None: the model scores it when it is stored
    checkworthiness_model: str | None = None
    claim_type: str = "other"
    also_seen: list[SeenIn] = field(default_factory=list)  # the other appearances, each an article
    extra: dict[str, Any] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ImportReport:
    source: str
    format: str
    records: int = 0
    imported: int = 0
    claim_ids: list[int] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    extra_fields: Counter = field(default_factory=Counter)  # unknown field -> records holding it
    ignored_fields: Counter = field(default_factory=Counter)
    matches: MatchSummary | None = None
    future_dated: list[tuple[str, str]] = field(default_factory=list)  # (where, date) of claims dated after today
    batch: str | None = None  # the audit batch the import was logged as (what `claims undo` undoes)

    @property
    def stopped_at(self) -> BadRecord | None:
        """The bad record the reading stopped at (the rest of the file unread), if any."""
        return next((b for b in self.bad if b.stopped), None)


# -- the import in the audit log -----------------------------------------------------------------

IMPORT_ACTION = "import"  # one event per claim imported, and the summary event below
IMPORT_FIELD = "import"  # the summary event's field: what the import added besides its claims


def id_ranges(ids) -> list[list[int]]:
    """Sorted ids as [first, last] runs: [1, 2, 3, 7] -> [[1, 3], [7, 7]]."""
    out: list[list[int]] = []
    for i in sorted(set(ids)):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def ids_of(ranges) -> list[int]:
    return [i for lo, hi in ranges for i in range(lo, hi + 1)]


@dataclass(slots=True)
class ImportSummary:
    """The summary event of an import: its source, and the rows it created besides the claims
    (articles and outlets by id; matches as the id range they were made in, (first, last])."""

    source: str
    format: str
    claims: int
    articles: list[int] = field(default_factory=list)
    outlets: list[int] = field(default_factory=list)
    matches: tuple[int, int] = (0, 0)

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "format": self.format, "claims": self.claims,
                           "articles": id_ranges(self.articles), "outlets": sorted(self.outlets),
                           "matches": list(self.matches)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> ImportSummary:
        data = json.loads(text or "{}")
        return cls(source=data.get("source", "?"), format=data.get("format", "?"),
                   claims=int(data.get("claims", 0)), articles=ids_of(data.get("articles", [])),
                   outlets=[int(i) for i in data.get("outlets", [])],
                   matches=tuple(data.get("matches", (0, 0))))

    def describe(self) -> str:
        return (f"imported {self.claims} claim{'s' * (self.claims != 1)} from {self.source}"
                f" ({self.format})")


# -- reading ------------------------------------------------------------------------------------


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


def decode_input(data: bytes | bytearray, name: str) -> str:
    """Strict UTF-8 (a BOM is fine); anything else is refused, naming the line and byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ClaimsError(
            f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
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
        return "claimreview" if re.search(r'"@type"\s*:\s*(\[[^\]]*)?"ClaimReview"', head) else "jsonl"
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


def _json_records(text: str, unread: int = 0) -> Iterator[tuple[str, Any]]:
    """A JSON array (each item a record), a single JSON object, or JSON lines.
    (JSON lines are read a line at a time: no copy of a large file's text is made.) The
    first `unread` JSON lines are given as None, not parsed (records a pass leaves out)."""
    start = _SPACE.match(text).end()
    if text.startswith("[", start):
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
    if text.startswith("{", start) and len(list(itertools.islice(_lines(text), 2))) > 1 \
            and _one_object(text, start):  # one pretty-printed object (a JSON-LD file)
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


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


MAX_CSV_CELL = max(MAX_TEXT_CHARS * 8, 1 << 20)  # characters; past it a cell is no field of a claim


# The second read's bound: a quote never closed made it read the rest of the file as one cell
# (a 150 MB file: 2 GB, Python's csv keeps 4 bytes a character; MemoryError under a limit).
MAX_CSV_REREAD = 16 * MAX_CSV_CELL
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


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
        lines = (m.group() for m in _CSV_LINE.finditer(text))
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
        for m in _CSV_LINE.finditer(text):
            last[0] = m.group()
            yield last[0]

    buffer = lines()
    first_line = next((ln for ln in _lines(text) if ln.strip()), "")
    # strict: a quote never closed is an error, not the rest of the file read as one cell
    delimiter = _delimiter(first_line)
    reader = csv.reader(buffer, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    start = 1
    exported = False
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
            yield f"line {start}", RecordError(f"not valid CSV ({exc}; a stray quote?)")
            start = reader.line_num + 1
            continue
        where = f"line {start}"
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            # A column without a name (a spreadsheet's trailing commas: 'id,text,,') is 'column N':
            # two of them named the header's column '' twice, refused with nothing after 'twice:'.
            header = [h.strip() or f"column {i}" for i, h in enumerate(row, 1)]
            folded = [_fold(h) for h in header]
            if not set(folded) & set(FIELD_ALIASES["text"]):
                raise ClaimsError(
                    f"{name}: no text column (the claim itself; also read as "
                    f"'claim' or 'claimReviewed'); the header has: {_some(header) or 'nothing'}"
                )
            # (counted once: a header of 80,000 columns took 94 s counting each in all)
            dupes = sorted(h for h, n in Counter(folded).items() if n > 1)
            if dupes:
                raise ClaimsError(f"{name}: the header names a column twice: {', '.join(dupes)}")
            # written by `claims export` or `claims list --format csv`: formula guards undone
            exported = "firstoutlet" in folded and ("claim" in folded or "text" in folded)
            continue
        if len(row) > len(header):
            yield where, RecordError(
                f"{len(row)} cells but the header has {len(header)} columns (a stray delimiter or quote?)"
            )
            continue
        if [_fold(c) for c in row] == folded:  # two files joined: no claim named "text"
            yield where, RecordError("repeats the header row (two files joined?)")
            continue
        cells = [unguard(c) if exported else c for c in row]
        yield where, {h: v for h, v in zip(header, cells, strict=False) if v != ""}
    if header is None:
        raise ClaimsError(f"{name}: no header row, nothing to import")




def _records(text: str, fmt: str, name: str, unread: int = 0) -> Iterator[tuple[str, Any]]:
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
                reviews = [g for g in graph if isinstance(g, dict) and _is_claimreview(g)]
                for i, g in enumerate(reviews, start=1):
                    yield f"{where} item {i}", g
            else:
                yield where, item
    else:
        yield from _json_records(text, unread)


# -- checking one record -----------------------------------------------------------------------


def _is_claimreview(obj: dict) -> bool:
    t = obj.get("@type")
    return t == "ClaimReview" or (isinstance(t, list) and "ClaimReview" in t)


def _name_of(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _several(value) -> bool:
    return isinstance(value, list) and len(value) > 1


def _seen_fields(work: Any) -> dict[str, Any]:
    """A CreativeWork a claim appeared in (or its URL alone) as the fields `url`, `outlet`,
    `title`, `first_date`; those it lacks are left out."""
    if isinstance(work, str):
        return {"url": work}
    if not isinstance(work, dict):
        return {}
    fields = {"url": work.get("url"),
              "outlet": _name_of(work.get("publisher")) or _name_of(work.get("author")),
              "title": work.get("headline") or work.get("name"),
              "first_date": work.get("datePublished")}
    return {k: v for k, v in fields.items() if v is not None}


def flatten_claimreview(obj: Any, settings: Settings) -> dict[str, Any]:
    """A schema.org ClaimReview object as a flat import record."""
    if not isinstance(obj, dict):
        raise RecordError(f"a ClaimReview must be a JSON object, not {type(obj).__name__}")
    if not _is_claimreview(obj):
        raise RecordError(f"@type is {obj.get('@type')!r}, not ClaimReview")
    rec: dict[str, Any] = {}
    rest = {k: v for k, v in obj.items() if k not in ("@context", "@type")}
    rec["text"] = rest.pop("claimReviewed", None)
    rec["fact_check_url"] = rest.pop("url", None)
    rec["id"] = rest.pop("identifier", None)
    rec["reviewed_at"] = rest.pop("datePublished", None)
    author = rest.pop("author", None)
    rec["reviewer"] = _name_of(author)
    if _several(author):
        rec["author"] = author  # the first is the reviewer; all are kept with the claim
    if "reviewBody" in rest:
        rec["note"] = rest.pop("reviewBody")
    item = rest.pop("itemReviewed", None)
    if isinstance(item, list) and len(item) == 1:
        item = item[0]  # a list of one Claim
    if isinstance(item, dict):
        item = dict(item)
        item.pop("@type", None)
        claim_author = item.pop("author", None)
        rec["speaker"] = _name_of(claim_author)
        if _several(claim_author):
            item["author"] = claim_author  # the first is the speaker; all are kept with the claim
        if isinstance(claim_author, dict) and isinstance(claim_author.get("jobTitle"), str):
            rec["speaker_role"] = claim_author["jobTitle"]
        rec["date"] = item.pop("datePublished", None)
        first = item.pop("firstAppearance", None)
        appearances = item.pop("appearance", None)
        if not isinstance(appearances, list):
            appearances = [appearances] if isinstance(appearances, dict | str) else []
        if isinstance(first, list):  # several first appearances: the first, the rest as appearances
            first, appearances = (first[0] if first else None), first[1:] + appearances
        if first is None and appearances:
            first, appearances = appearances[0], appearances[1:]
        rec.update(_seen_fields(first))
        # Each other appearance as the first is read (its outlet, headline and date too, not
        # only its URL): an export of a claim seen in three outlets comes back seen in three.
        others = [_seen_fields(a) for a in appearances]
        others = [o for o in others if o and (o.get("url") is None or o.get("url") != rec.get("url"))]
        if others:
            rec["other_appearances"] = others
        if item:
            rec["itemReviewed"] = item
    elif item is not None:
        rec["itemReviewed"] = item  # not one Claim (several, or text): kept as it is
    rating = rest.pop("reviewRating", None)
    if isinstance(rating, dict):
        verdict = None
        label = rating.get("alternateName")
        if isinstance(label, str) and label.strip():
            verdict = settings.verdict_for_label(label)
        if verdict is None:
            verdict = _verdict_from_value(rating, settings)
        if verdict is not None:
            rec["verdict"] = verdict
        else:
            rec["reviewRating"] = rating  # kept as it is: a label we have no verdict for
    elif rating is not None:
        rec["reviewRating"] = rating  # not one Rating: kept as it is
    rec.update(rest)
    return {k: v for k, v in rec.items() if v is not None}


def _verdict_from_value(rating: dict, settings: Settings) -> str | None:
    if any(isinstance(rating.get(k), bool) for k in ("ratingValue", "bestRating", "worstRating")):
        return None  # true is no rating of 1 (it made a verdict of false): kept as it is
    try:
        value = float(rating["ratingValue"])
        best = float(rating.get("bestRating", settings.best_rating))
        worst = float(rating.get("worstRating", settings.worst_rating))
    except (KeyError, TypeError, ValueError):
        return None
    if best == worst or not all(map(math.isfinite, (value, best, worst))):
        return None
    scaled = settings.worst_rating + (value - worst) * (settings.best_rating - settings.worst_rating) / (best - worst)
    for name, scale in settings.verdicts.items():
        if scale.value is not None and abs(scale.value - scaled) < 1e-9:
            return name
    return None


def _text(value, fname: str, *, limit: int | None = None, keep_direction_controls: bool = False,
          name: bool = False) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"{fname} must be text, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RecordError(f"{fname} must be text, not {value!r}")
    text = str(value).strip()
    if "\x00" in text:
        raise RecordError(f"{fname} holds a NUL character")
    if not is_unicode(text):
        raise RecordError(f"{fname} holds a lone surrogate (\\ud800-\\udfff), not Unicode text")
    problem = control_problem(text)
    if problem:
        raise RecordError(f"{fname} {problem}")
    if not keep_direction_controls:  # they would reorder what the desk shows (a URL refuses them)
        text = without_direction_controls(text)
    if name:  # one line wherever it is shown (`claims.limits.one_line`)
        text = one_line(text)
    if limit is not None and len(text) > limit:
        raise RecordError(f"{fname} is {len(text)} characters long (at most {limit})")
    return text or None


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


def parse_claim_date(value: str, fname: str = "date") -> tuple[str, str]:
    """An ISO date with its precision: ("2024-04-14", "day"), ("2024-04", "month"), ("2024", "year").

    ISO forms first (a full timestamp counts as its day); other spellings with a four-digit
    year ("14 April 2024", "April 14, 2024", "April 2024") read whole, as a typed date is.
    """
    from claims.dates import ascii_digits, stamp_day

    v = ascii_digits(value.strip())  # "٢٠٢٣" is 2023, as a typed date reads it (stored in ASCII)
    try:
        v = stamp_day(v) or v  # a timestamp counts as its day, if its time of day exists
        if m := _ISO_DAY.match(v):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        if m := _ISO_MONTH.match(v):
            if not 1 <= int(m[2]) <= 12:
                raise ValueError
            return v, "month"
        if m := _ISO_YEAR.match(v):
            if int(m[1]) < 1:
                raise ValueError
            return v, "year"
    except ValueError:
        raise RecordError(f"{fname}: {value!r} is not a date") from None
    if re.search(r"\b\d{4}\b", v) and len(v) <= 60:
        from claims.dates import read_typed_date

        try:  # read whole, with its precision; a relative date has no day to count from here
            return read_typed_date(v, base=None)
        except ValueError as exc:
            raise RecordError(f"{fname}: {exc} (use YYYY-MM-DD, YYYY-MM or YYYY)") from None
    raise RecordError(f"{fname}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def _article_day(value, fname: str) -> tuple[date | None, str | None]:
    """An appearance's publication date: (the day, None), or (None, the date as given) when it
    names no single day (a month, a year), or (None, None) when there is none."""
    given = _text(value, fname, limit=200)
    if not given:
        return None, None
    iso, precision = parse_claim_date(given, fname)
    if precision != "day":
        return None, given
    day = date.fromisoformat(iso)
    # as an ingest's publication date: none after today (a day ahead: where the record
    # was written it may be tomorrow already)
    if day > date.today() + timedelta(days=1):
        raise RecordError(f"{fname}: {given!r} is in the future; a publication date is today or earlier")
    return day, None


def _other_appearances(value: Any, first_url: str | None, extra: dict[str, Any]) -> list[SeenIn]:
    """`other_appearances`: a list (in a CSV cell, its JSON, or URLs alone) of objects with
    `url`, `outlet`, `title`, `first_date`, each field checked as the first appearance's is.
    A field that fails is left out of its appearance and kept, with why, in `extra`
    (`other_appearances_left_out`), not the claim refused: other organisations' markup puts
    `data:` links and dates to come there. A date naming no single day is kept in `extra`, as
    the first's."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:  # a CSV cell of URLs alone, as a listing's `url` cell holds one
            value = [link for link in _LINK_SEPARATOR.split(value.strip()) if link]
    if isinstance(value, dict | str):
        value = [value]
    if not isinstance(value, list):
        raise RecordError(f"other_appearances must be a list, not {type(value).__name__}")
    seen: list[SeenIn] = []
    vaguer: list[dict[str, str]] = []
    left_out: list[dict[str, Any]] = []

    def checked(check, n: int, name: str, given):
        try:
            return check(given, f"other_appearances {n}: {name}")
        except RecordError as exc:
            shown = given if isinstance(given, str | int | float | bool) else type(given).__name__
            left_out.append({"appearance": n, "field": name, "value": str(shown)[:200], "problem": str(exc)[:300]})
            return None

    for n, item in enumerate(value, start=1):
        item = {"url": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            raise RecordError(f"other_appearances {n} must be an object (url, outlet, title, first_date), "
                              f"not {type(item).__name__}")
        unknown = sorted(set(map(str, item)) - {"url", "outlet", "title", "first_date"})
        if unknown:
            raise RecordError(f"other_appearances {n}: unknown field {unknown[0]!r} (url, outlet, title, first_date)")
        url = checked(_http_url, n, "url", item.get("url"))
        outlet = visible_name(checked(lambda v, f: _text(v, f, limit=MAX_LEN["outlet"], name=True),
                                      n, "outlet", item.get("outlet")))
        title = checked(lambda v, f: _text(v, f, limit=MAX_LEN["title"], name=True), n, "title", item.get("title"))
        day, vague = checked(_article_day, n, "first_date", item.get("first_date")) or (None, None)
        if vague:
            vaguer.append({k: v for k, v in (("url", url), ("outlet", outlet), ("first_date", vague)) if v})
        if (url is None and outlet is None and title is None and day is None) or (url and url == first_url):
            continue  # nothing to store, or the first appearance again
        if (one := SeenIn(url, outlet, title, day)) not in seen:
            seen.append(one)
    if vaguer:
        extra["other_appearance_dates"] = vaguer
    if left_out:
        extra["other_appearances_left_out"] = left_out
    return seen


def _timestamp(value, fname: str) -> datetime | None:
    """A moment (`reviewed_at`): an ISO date and time, or a day as the claim's date reads one
    (its midnight), through the one date reader (`claims.dates`): Python's ISO reader took
    week dates, the basic format and an hour alone ('2024-W15-1', '20240414T0930')."""
    if value is None:  # (before the import below: most records give none)
        return None
    from claims.dates import ascii_digits, holds_time_of_day, read_stamp

    text = _text(value, fname)
    if text is None:
        return None
    try:
        stamp = read_stamp(ascii_digits(text))
    except ValueError as exc:
        raise RecordError(f"{fname}: {exc} (use ISO 8601: YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or a day)") from None
    if stamp is None:
        if holds_time_of_day(text):  # read as a day, its time and zone were dropped: midnight
            raise RecordError(f"{fname}: {text!r} gives a time of day but is no ISO date and time "
                              "(use YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or a day alone)")
        iso, precision = parse_claim_date(text, fname)
        if precision != "day":
            raise RecordError(f"{fname}: {text!r} is a {precision}, not a day: a review's time is a moment")
        stamp = datetime.fromisoformat(iso)  # the day read, YYYY-MM-DD: its midnight
    try:
        stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # '0001-01-01T00:00+14:00' is in year 0 in UTC
        side = "after the year 9999" if stamp.year == 9999 else "before the year 1"
        raise RecordError(f"{fname}: {text!r} is out of range ({side} in UTC)") from None
    if stamp > datetime.now(UTC) + timedelta(days=1):  # a review is done, so not yet to come
        raise RecordError(f"{fname}: {text!r} is in the future; a review's time is now or earlier")
    return stamp


_LINK_SEPARATOR = re.compile(r";?\s+")


def _http_url(value, fname: str) -> str | None:
    text = _text(value, fname, keep_direction_controls=True)
    if text is None:
        return None
    try:
        return check_url(text, fname)
    except ClaimsError as exc:
        raise RecordError(str(exc)) from None


def _extra_value(value: Any, fname: str) -> Any:
    """A field claims has no column for, kept in `Claim.extra` as the other fields are
    stored: no terminal control, no direction control (`without_direction_controls`), in its
    strings at any depth (a list's items, an object's names and values)."""
    if isinstance(value, str):
        if problem := control_problem(value):
            raise RecordError(f"{fname} {problem}")
        return without_direction_controls(value)
    if isinstance(value, list):
        return [_extra_value(v, fname) for v in value]
    if isinstance(value, dict):
        kept: dict[str, Any] = {}
        for k, v in value.items():
            if problem := control_problem(str(k)):
                raise RecordError(f"{fname}: the name {str(k)!r} {problem}")
            _keep_extra(kept, str(k), _extra_value(v, fname), f"{fname}: name")
        return kept
    return value


# What a listing (`claims list --format json`) says of each claim that the desk computes and an
# import keeps in `extra` (its `id` too, beside the external id that wins): a listing of an
# imported claim carries them twice, its own and the ones kept then; its own are the newer.
_LISTING_COMPUTED = {"id", "appearances", "outlets", "priority", "checked_as", "taken_by", "taken_since"}


def _extra_object(value: Any) -> dict[str, Any] | None:
    """A listing's `extra` (an object; in a CSV, the JSON of one) as fields to keep, checked
    as the record's other fields are; None when it is no object (another program's field
    named `extra`, kept as any other field is)."""
    if isinstance(value, str):
        try:
            value = untrusted.json_loads(value, fields_once=True)
        except (ValueError, RecursionError):
            return None
    if not isinstance(value, dict):
        return None
    return _extra_value(value, "extra")


def _merge_kept(extra: dict[str, Any], kept: dict[str, Any]) -> None:
    """The fields a listing's `extra` holds, added to the record's other fields; a field
    named in both with another value is refused (nothing is dropped), but for what the
    listing computed (`_LISTING_COMPUTED`), whose value outside `extra` is the newer."""
    for name, value in kept.items():
        if name not in extra:
            extra[name] = value
        elif extra[name] != value and name not in _LISTING_COMPUTED:
            raise RecordError(f"the field {name!r} is named in the record and in its extra, "
                              "with other values")


def _keep_extra(into: dict[str, Any], key: str, value: Any, what: str) -> None:
    """`into[key] = value`, `key` less its direction controls; a name that is another's once
    they are removed is refused, as a name given twice is (nothing is dropped)."""
    name = without_direction_controls(key)
    if key and not name.strip():  # a name of direction controls alone was kept as ''
        raise RecordError(f"the {what} {key!r} is empty once its direction controls are removed")
    if name in into:
        raise RecordError(f"the {what} {key!r} is {name!r} once its direction controls are removed, "
                          f"and {name!r} is named too")
    into[name] = value


_EXACT_FLOAT = 2**53  # every whole number below it is a float exactly (2**53 + 1 reads as 2**53)


def _external_id(value: Any) -> tuple[str | None, str | None]:
    """The id as stored (`clean_id`), and as given when that differs. An id of nothing
    visible is refused, not stored as ''. A JSON number that is whole is the integer's id:
    1, 1.0 and 1e0 are one number, and were three claims ('1', '1.0', '1.0'); "1.0" given
    as text stays its own id."""
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= _EXACT_FLOAT:  # 12345678901234567890.0 reads as ...7168: no id to trust
            raise RecordError(f"id {value!r} is a number too large to read exactly (a whole number "
                              f"written with a point or exponent must be below {_EXACT_FLOAT:,}): "
                              "give it as text or as a whole number")
        value = int(value)  # -0.0 too: the id 0
    given = _text(value, "id", limit=MAX_LEN["external_id"], keep_direction_controls=True)
    if given is None:
        return None, None
    cleaned = clean_id(given)
    if not cleaned or shows_nothing(cleaned):
        raise RecordError(f"id {given!r} is empty once its invisible characters are removed")
    if len(cleaned) > MAX_LEN["external_id"]:  # NFC writes some letters as two (U+0958-095F)
        raise RecordError(f"id is {len(cleaned)} characters long in normal form (NFC), "
                          f"at most {MAX_LEN['external_id']}")
    return cleaned, (given if cleaned != given else None)


def check_record(raw: Any, where: str, settings: Settings) -> ImportRecord:
    """One raw record (a dict of field -> value) checked and normalised, or RecordError."""
    if not isinstance(raw, dict):
        raise RecordError(f"a record must be a JSON object with a text field, not {type(raw).__name__}")
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    ignored: list[str] = []
    grouped: dict[str, list[tuple[str, str, Any]]] = {}
    kept_before: dict[str, Any] = {}  # a listing's `extra`: the fields kept when it was imported
    for key, value in raw.items():
        if value is None or (isinstance(value, str | list | dict) and not value):
            continue
        folded = _fold(key)
        if key == "extra" and (listed := _extra_object(value)) is not None:  # as a listing writes it
            kept_before = listed
            continue
        name = _ALIAS_TO_FIELD.get(folded)
        if name is None:
            if folded in IGNORED_FIELDS:
                ignored.append(str(key))
            else:
                # kept and shown by name (the summary): as stored fields, no terminal controls
                if problem := control_problem(str(key)):
                    raise RecordError(f"the field name {str(key)!r} {problem}")
                _keep_extra(extra, str(key), _extra_value(value, str(key)), "field")
            continue
        grouped.setdefault(name, []).append((folded, str(key), value))
    for name, items in grouped.items():
        if name == "external_id":  # an explicit external_id wins over a local id
            items.sort(key=lambda t: t[0] != "externalid")
        fields[name] = items[0][2]
        for _, key, value in items[1:]:
            _keep_extra(extra, key, _extra_value(value, key), "field")  # a second name for a field: kept
    _merge_kept(extra, kept_before)
    text = _text(fields.get("text"), "text", limit=MAX_TEXT_CHARS)
    if not text:
        raise RecordError("no text (the claim itself is required)")
    if not any(ch.isalnum() for ch in text):
        raise RecordError(f"text {text[:40]!r} has no word in it (only punctuation, symbols or invisible characters)")
    rec = ImportRecord(where=where, text=fold_spaces(text), extra=extra, ignored=ignored)
    rec.external_id, rec.id_given = _external_id(fields.get("external_id"))
    # a reviewer's name is one line: a line break in it is refused, as at `--reviewer`
    if isinstance(fields.get("reviewer"), str) and (problem := line_control_problem(fields["reviewer"].strip())):
        raise RecordError(f"reviewer {problem}")
    for name in ("speaker", "speaker_role", "outlet", "title", "claim_type", "reviewer"):
        # a reviewer's name with a direction control is refused, as `--reviewer` is
        setattr(rec, name, _text(fields.get(name), name, limit=MAX_LEN[name], keep_direction_controls=name == "reviewer",
                                 name=True))
    if rec.reviewer and (problem := name_problem(rec.reviewer)):
        raise RecordError(f"reviewer {problem}")
    # (after the check: a name of invisible characters only, or with a direction control, is refused)
    rec.outlet, rec.reviewer = visible_name(rec.outlet), visible_name(rec.reviewer)
    rec.claim_type = rec.claim_type or "other"
    rec.url = _http_url(fields.get("url"), "url")
    rec.also_seen = _other_appearances(fields.get("other_appearances"), rec.url, extra)
    rec.note = _text(fields.get("note"), "note", limit=MAX_NOTE_CHARS)
    raw_date = _text(fields.get("date"), "date", limit=200)
    if raw_date:
        rec.claim_date, rec.date_precision = parse_claim_date(raw_date)
        if rec.claim_date != raw_date:
            rec.date_text = raw_date
        precision = _text(fields.get("date_precision"), "date_precision")
        if precision:
            if precision not in ("day", "week", "month", "year"):
                raise RecordError(f"date_precision: {precision!r} is not day, week, month or year")
            if precision == "week" and rec.date_precision == "day":
                rec.date_precision = "week"
            elif precision != rec.date_precision:
                raise RecordError(f"date_precision {precision!r} does not fit the date {raw_date!r}")
    rec.first_date, vaguer = _article_day(fields.get("first_date"), "first_date")
    if vaguer:
        rec.extra["first_date"] = vaguer  # an article date is a day; keep a vaguer one as given
    status = _text(fields.get("status"), "status")
    verdict = _text(fields.get("verdict"), "verdict")
    found = None
    if verdict:
        try:
            found = parse_verdict(verdict)
        except ValueError:
            found = settings.verdict_for_label(verdict)
            if found is None:
                raise RecordError(
                    f"verdict: unknown verdict {verdict!r} (one of: {', '.join(settings.verdicts)})"
                ) from None
            found = Verdict(found)
    try:
        given = parse_status(status) if status else None
    except ValueError as exc:
        raise RecordError(f"status: {exc}") from None
    try:
        rec.status, rec.verdict = review_outcome(given, found, current=(Status.UNVERIFIED.value, None))
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    evidence = fields.get("evidence")
    if evidence is not None:
        # Separated by spaces (the export) or by '; ' (`claims list --format csv`, as it
        # writes every list): a link holds no space, so a ';' before one ends the link.
        links = _LINK_SEPARATOR.split(evidence.strip()) if isinstance(evidence, str) else evidence
        if not isinstance(links, list):
            raise RecordError("evidence must be URLs (a list, or separated by spaces)")
        rec.evidence = [u for u in (_http_url(x, "evidence") for x in links) if u]
    rec.reviewed_at = _timestamp(fields.get("reviewed_at"), "reviewed_at")
    rec.fact_check_url = _http_url(fields.get("fact_check_url"), "fact_check_url")
    worth = fields.get("checkworthiness")
    if worth is not None:
        try:
            rec.checkworthiness = float(worth)
        except (TypeError, ValueError):
            raise RecordError(f"checkworthiness: {worth!r} is not a number") from None
        if isinstance(worth, bool) or not 0 <= rec.checkworthiness <= 1:
            raise RecordError(f"checkworthiness: {worth!r} is not a number from 0 to 1")
    # What a listing computed (a claim's outlets, appearances: as many as it was seen in) is not
    # counted: a listing of a claim seen in 600 outlets must import again.
    if not extra:  # most records keep nothing: no JSON to make and measure
        return rec
    counted = {name: value for name, value in extra.items() if name not in _LISTING_COMPUTED}
    try:
        kept = json.dumps(extra, ensure_ascii=False, allow_nan=False, sort_keys=True)
        kept = kept if len(counted) == len(extra) else json.dumps(counted, ensure_ascii=False, sort_keys=True)
    except ValueError:
        raise RecordError("holds a value JSON cannot store (NaN or infinity)") from None
    if len(kept) > MAX_EXTRA_CHARS:  # as a note: what a listing writes must import again
        names = ", ".join(list(counted)[:5]) + (", ..." if len(counted) > 5 else "")
        raise RecordError(f"the fields kept in extra ({names}) are {len(kept):,} characters as JSON; "
                          f"at most {MAX_EXTRA_CHARS:,}")
    return rec


# -- storing ------------------------------------------------------------------------------------

BULK_CHUNK = 5_000  # plain records stored per multi-row insert batch


@dataclass(slots=True)
class ImportContext:
    """What one import shares across its records: its name, a batch id, lookups done once,
    and the articles and outlets it created (so that undoing it removes exactly those)."""

    source: str
    batch: str = field(default_factory=lambda: uuid.uuid4().hex)
    known_urls: set[str] | None = None  # article URLs already stored (None: look each one up)
    outlet_ids: dict[str, int] = field(default_factory=dict)
    created_articles: list[int] = field(default_factory=list)
    created_outlets: list[int] = field(default_factory=list)


def _claim_values(record: ImportRecord) -> dict[str, Any]:
    return dict(
        text=record.text,
        external_id=record.external_id,
        speaker=record.speaker,
        speaker_role=record.speaker_role,
        claim_date=record.claim_date,
        date_precision=record.date_precision,
        date_text=record.date_text,
        checkworthiness=record.checkworthiness,
        checkworthiness_model=record.checkworthiness_model,
        claim_type=record.claim_type,
        status=record.status,
        verdict=record.verdict,
        verdict_note=record.note,
        evidence=json.dumps(record.evidence, ensure_ascii=False) if record.evidence else "[]",
        reviewer=record.reviewer,
        reviewed_at=record.reviewed_at,
        fact_check_url=record.fact_check_url,
        extra=json.dumps(record.extra, ensure_ascii=False, sort_keys=True) if record.extra else None,
    )


def _score(records: list[ImportRecord]) -> None:
    """A score the file gave is kept (its model: GIVEN); the others are the model's, in one batch."""
    from claims.checkworthiness import GIVEN, model_name, score_many

    missing = [r for r in records if r.checkworthiness is None]
    for r in records:
        if r.checkworthiness is not None and r.checkworthiness_model is None:
            r.checkworthiness_model = GIVEN
    if missing:
        name = model_name()
        for r, score in zip(missing, score_many([r.text for r in missing]), strict=True):
            r.checkworthiness, r.checkworthiness_model = score, name


def _has_appearance(record: ImportRecord) -> bool:
    return bool(record.url or record.outlet or record.title or record.first_date or record.also_seen)


def create_imported_claim(*, session: Session, record: ImportRecord, context: ImportContext) -> Claim:
    """The one place an import record becomes rows: the claim, and where it appeared.

    Matching hooks in here (a later change): the claim is flushed and has its id.
    """
    _score([record])
    claim = Claim(**_claim_values(record))
    claim.priority = standalone_priority(claim.checkworthiness, claim.status)  # refreshed at commit if not
    session.add(claim)
    session.flush()
    if record.url or record.outlet or record.title or record.first_date:
        _add_appearance(session, claim, record, context,
                        SeenIn(record.url, record.outlet, record.title, record.first_date))
    for n, seen in enumerate(record.also_seen, start=1):
        _add_appearance(session, claim, record, context, seen, n)
    return claim


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim stored by the bulk path: its id (matching reads the text back from the store:
    a million texts need not stay in memory through the import)."""

    id: int
    text: str | None = None


class StoredClaims(Sequence[StoredClaim]):
    """Claims stored by the bulk path, given by their ids (a StoredClaim made on demand: a
    million objects need not sit in memory through matching)."""

    def __init__(self, ids: Sequence[int]) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return StoredClaims(self._ids[i])
        return StoredClaim(self._ids[i])


def create_imported_claims(*, session: Session, records: list[ImportRecord]) -> list[StoredClaim]:
    """Records without appearance information, stored as one multi-row INSERT ... RETURNING
    per few hundred records instead of one ORM object and flush each (the same columns and
    defaults as `create_imported_claim`). Ids come back in record order."""
    if not records:
        return []
    session.flush()
    _score(records)
    now = datetime.now(UTC)
    weights = current_weights()
    rows = [{**values, "canonical_id": None, "version": 1, "created_at": now, "updated_at": now,
             "priority": standalone_priority(values["checkworthiness"], values["status"], weights)}
            for values in map(_claim_values, records)]
    return [StoredClaim(cid) for cid in insert_claims(session, rows)]


def _add_appearance(session: Session, claim: Claim, record: ImportRecord, context: ImportContext,
                    seen: SeenIn, n: int = 0) -> None:
    """The claim's appearance in the article `seen` names (the record's first, or its `n`th other)."""
    article = None
    start = -1
    if seen.url and (context.known_urls is None or seen.url in context.known_urls):
        for candidate in session.exec(select(Article).where(Article.url == seen.url).limit(5)):
            start = candidate.text.find(record.text)
            taken = start >= 0 and session.exec(select(Appearance.id).where(
                Appearance.article_id == candidate.id, Appearance.start == start,
                Appearance.end == start + len(record.text))).first() is not None
            if start >= 0 and not taken:
                article = candidate
                break
    if article is None:
        outlet_id = None
        if seen.outlet:
            outlet_id = context.outlet_ids.get(seen.outlet)
            if outlet_id is None:
                outlet_id = context.outlet_ids[seen.outlet] = _outlet_id(session, seen.outlet, context)
        where = f"{record.where} appearance {n + 1}" if n else record.where  # one article each
        digest = hashlib.sha256(f"import\0{context.batch}\0{where}\0{record.text}".encode()).hexdigest()
        article = Article(
            outlet_id=outlet_id, url=seen.url, title=seen.title,
            published=seen.first_date, text=record.text, content_hash=digest,
            source=fitted(f"import:{context.source}:{where}"),
        )
        session.add(article)
        session.flush()
        context.created_articles.append(article.id)
        start = 0
    session.add(Appearance(
        claim_id=claim.id, article_id=article.id, quote=record.text, start=start,
        end=start + len(record.text), date_text=record.date_text, date_resolved=record.claim_date,
        date_precision=record.date_precision,
    ))


def _outlet_id(session: Session, name: str, context: ImportContext) -> int:
    """The outlet of this name, created (and noted as the import's own) when there is none."""
    name = name.strip()
    from claims.services.outlets import find_or_create_outlet

    found, created = find_or_create_outlet(session, name)
    if created:
        context.created_outlets.append(found)
    return found


def _checked(text: str, fmt: str, name: str, settings: Settings, *, skip: set[str] | None = None,
             start: int = 0) -> Iterator[ImportRecord | BadRecord]:
    """Each record checked, in order: an ImportRecord, or a BadRecord (a later record with
    an id already seen is one). With `skip` (the records found bad before), those are left
    out unchecked and ids are not compared again; so are the first `start` records (those
    the first pass kept, see `_Scan.kept`)."""
    first_seen: dict[str, str] = {}
    first_given: dict[str, str] = {}  # an id as given on its first line, when cleaning changed it
    for n, (where, raw) in enumerate(_records(text, fmt, name, unread=start)):
        if n < start or (skip is not None and where in skip):
            continue
        try:
            if isinstance(raw, RecordError):
                raise raw
            if fmt == "claimreview":
                try:
                    raw = flatten_claimreview(raw, settings)
                except (TypeError, AttributeError, KeyError) as exc:
                    # A shape of JSON-LD we did not foresee: name it rather than crash.
                    raise RecordError(f"a ClaimReview of a shape claims cannot read ({exc})") from None
            rec = check_record(raw, where, settings)
        except RecordError as exc:
            yield BadRecord(where, str(exc), stopped=isinstance(exc, ReadingStopped))
            continue
        except RecursionError:
            yield BadRecord(where, "nested too deeply")
            continue
        if rec.external_id is not None and skip is None:
            if rec.external_id in first_seen:
                also, there = first_seen[rec.external_id], first_given.get(rec.external_id, rec.external_id)
                here = rec.id_given or rec.external_id
                # either may be the one cleaned: name both as given when they differ
                yield BadRecord(where, f"id {ascii(here)} differs from {ascii(there)} (on {also}) only in invisible "
                                       f"characters or how its accents are composed: both are {rec.external_id!r} "
                                       "once cleaned, a duplicate id"
                                if here != there else
                                f"duplicate id {rec.external_id!r} (also on {also})")
                continue
            first_seen[rec.external_id] = where
            if rec.id_given is not None:
                first_given[rec.external_id] = rec.id_given
        yield rec


def check_records(text: str, fmt: str, name: str, settings: Settings) -> tuple[list[ImportRecord], list[BadRecord]]:
    good: list[ImportRecord] = []
    bad: list[BadRecord] = []
    for item in _checked(text, fmt, name, settings):
        (bad if isinstance(item, BadRecord) else good).append(item)
    return good, bad


# Good records the first pass keeps for the second (~0.6 KB each): those after them are
# checked again as they are stored (1M records are ~0.6 GB), these not (checking a record
# was a seventh of a 100k import's time, twice).
KEEP_RECORDS = 200_000


@dataclass(slots=True)
class _Scan:
    """What the first pass over the records keeps: the first `KEEP_RECORDS` good records
    (`kept`, read from the first `resume` records), not all (the second pass checks the rest
    again a chunk at a time as it stores them)."""

    good: int = 0
    kept: list[ImportRecord] = field(default_factory=list)
    resume: int = 0  # records read (good or bad) through the last one kept
    bad: list[BadRecord] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # external id -> where, of good records
    given: dict[str, str] = field(default_factory=dict)  # external id -> as the file gave it, when cleaned
    urls: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)  # outlet names of good records


SCORE_APART = 20_000  # records to score from which the model runs in another process meanwhile


class _Scores:
    """The model's scores of the records that need one (in record order), computed by a
    `BackgroundScorer` while the import goes on, once there are `SCORE_APART` of them."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._held: list[str] = []  # texts not sent yet
        self._worker = None
        self._model: str | None = None

    def add(self, text: str) -> None:
        self._held.append(text)
        if len(self._held) >= (BULK_CHUNK if self._worker else SCORE_APART):
            self._send()

    def _send(self) -> None:
        if self._worker is None:
            from claims.checkworthiness import model_name
            from claims.triage.background import BackgroundScorer

            self._worker = self._stack.enter_context(BackgroundScorer())
            self._model = model_name()
        self._worker.submit(self._held)
        self._held = []

    def finish(self) -> None:
        """The first pass is over: the rest sent, or (too few for a worker) left to score inline."""
        if self._worker is not None and self._held:
            self._send()
        self._held = []

    def fill(self, record: ImportRecord) -> None:
        """Give a record that needs a score the one computed for it (no worker: left as it is)."""
        if self._worker is not None and record.checkworthiness is None:
            record.checkworthiness, record.checkworthiness_model = self._worker.take(1)[0], self._model


def _scan(text: str, fmt: str, name: str, settings: Settings, scores: _Scores) -> _Scan:
    scan = _Scan()
    keeping = True  # the records kept are the first good ones: none after one not kept
    for n, item in enumerate(_checked(text, fmt, name, settings), 1):  # one item a record read
        if isinstance(item, BadRecord):
            scan.bad.append(item)
            continue
        scan.good += 1
        if keeping and len(scan.kept) < KEEP_RECORDS:
            scan.kept.append(item)
            scan.resume = n
        else:
            keeping = False
        if item.external_id is not None:
            scan.ids[item.external_id] = item.where
            if item.id_given is not None:
                scan.given[item.external_id] = item.id_given
        for seen in (item, *item.also_seen):
            if seen.url:
                scan.urls.add(seen.url)
            if seen.outlet:
                scan.outlets.add(seen.outlet)
        if item.checkworthiness is None:
            scores.add(item.text)
    scores.finish()
    return scan


def _taken(records: list[ImportRecord]) -> Iterator[ImportRecord]:
    """The records in order, each let go of by the list as it is taken (stored claims are
    what memory then holds, not the records too)."""
    records.reverse()
    while records:
        yield records.pop()


def _stored_urls(db: Database, urls: set[str]) -> set[str]:
    """Which of these URLs name a stored article (one query per 500, not one per record)."""
    found: set[str] = set()
    wanted = sorted(urls)
    with db.session() as session:
        for i in range(0, len(wanted), 500):
            found.update(session.exec(
                select(Article.url).where(col(Article.url).in_(wanted[i : i + 500])).distinct()
            ))
    return found


def _already_stored(db: Database | Session, ids: list[str], given: dict[str, str] | None = None) -> dict[str, int]:
    """Which of these (cleaned) ids a stored claim has, as its claim id (read in a session of
    its own, or in the one given). An id stored before
    ids were cleaned is as the file gave it ('q\u200b1'): ``given`` (cleaned id -> as given)
    is looked up too, so the same file imported again is refused, not stored as a look-alike."""
    found: dict[str, int] = {}
    given = given or {}
    wanted = {i: i for i in ids} | {raw: ext for ext, raw in given.items()}
    keys = list(wanted)
    with ExitStack() as stack:
        session = db if isinstance(db, Session) else stack.enter_context(db.session())
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            for ext, cid in session.exec(
                select(Claim.external_id, Claim.id).where(col(Claim.external_id).in_(chunk))
            ):
                found.setdefault(wanted[ext], cid)
    return found


def _claims_mark(db: Database | Session) -> tuple:
    """The stored claims' highest id and count: a claim stored or removed changes it (a
    PostgreSQL id is never given twice; SQLite's may be, after a removal, not with the count
    alike too)."""
    with ExitStack() as stack:
        session = db if isinstance(db, Session) else stack.enter_context(db.session())
        return tuple(session.execute(select(func.max(Claim.id), func.count()).select_from(Claim)).one())


def _add_stored(bad: list[BadRecord], stored: dict[str, int], where: dict[str, str]) -> int:
    """The records whose ids are `stored` added to `bad` (in file order); how many."""
    bad.extend(BadRecord(where[ext], f"duplicate id {ext!r}: already stored as claim {cid}")
               for ext, cid in stored.items())
    bad.sort(key=lambda b: _order(b.where))
    return len(stored)


def _refused(name: str, bad: list[BadRecord]) -> ImportFailed:
    listing = "; ".join(map(str, bad[:5])) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
    return ImportFailed(f"{name}: {len(bad)} bad record{'s' * (len(bad) != 1)}, nothing imported: {listing} "
                        "(fix them, or --skip-bad to import the rest)", bad)


def import_text(
    db: Database,
    text: str,
    *,
    name: str,
    fmt: str | None = None,
    skip_bad: bool = False,
    settings: Settings | None = None,
    reviewer: str | None = None,
    on_checked: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_matching: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every record, then store the good ones in one transaction (see the module doc),
    checked again a chunk at a time as they are stored: a large file's records never all
    sit in memory.

    The import is one action in the audit log (one batch, see `IMPORT_ACTION`), so
    `claims undo` removes what it added and `claims redo` puts it back."""
    return _import_held(db, [text], name=name, fmt=fmt, skip_bad=skip_bad, settings=settings, reviewer=reviewer,
                        on_checked=on_checked, on_progress=on_progress, on_matching=on_matching)


def _import_held(
    db: Database,
    held: list[str],
    *,
    name: str,
    fmt: str | None = None,
    skip_bad: bool = False,
    settings: Settings | None = None,
    reviewer: str | None = None,
    on_checked: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_matching: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """`import_text` of the text `held` alone holds: taken out of it, so that it is freed
    once the records are stored (an argument of a call made with **kwargs stays referenced
    by the call until it returns: 200 MB through matching, for 1M claims)."""
    text = held.pop()
    settings = settings or load_settings()
    if reviewer is None:
        from claims.reviewer import stored_default_reviewer

        reviewer = stored_default_reviewer()
    fmt = fmt or detect_format(text, name)
    if fmt not in FORMATS:
        raise ClaimsError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    with ExitStack() as stack:  # a scoring worker, if one is started, stops with the import
        scores = _Scores(stack)
        scan = _scan(text, fmt, name, settings, scores)
        bad, good = scan.bad, scan.good
        found_bad = {b.where for b in bad}  # what the second pass leaves out unchecked
        mark = _claims_mark(db)  # before the check: what another import stores after it changes it
        stored = _already_stored(db, list(scan.ids), scan.given)
        if stored:
            good -= _add_stored(bad, stored, scan.ids)
        report = ImportReport(source=name, format=fmt, records=good + len(bad), bad=bad)
        today = date.today()
        if bad and not skip_bad:
            raise _refused(name, bad)
        if not good:
            if not bad:
                raise ClaimsError(f"{name}: no records to import")
            return report
        if on_checked:
            on_checked(good)
        context = ImportContext(source=name, known_urls=_stored_urls(db, scan.urls))
        try:
            # one transaction, holding the write lock from its start (SQLite's BEGIN IMMEDIATE):
            # the ids checked again under it stay as they are until it commits
            with db.session(write=True) as session, bulk_work(session):  # its pages cached
                from claims.services.outlets import lock_new_outlets

                wait_to_add_claims(session)  # before the outlets' locks: one order, no deadlock
                if _claims_mark(session) != mark:
                    # Claims were stored (or removed) since the ids were checked: another import
                    # at once. Checked again, now that no other can store any, each id found is
                    # named as it is when the imports run one after the other (it failed at the
                    # insert with "another change stored one of these ids meanwhile").
                    meanwhile = {ext: cid for ext, cid in _already_stored(session, list(scan.ids), scan.given)
                                 .items() if ext not in stored}
                    if meanwhile:
                        good -= _add_stored(bad, meanwhile, scan.ids)
                        stored |= meanwhile
                        if not skip_bad:
                            raise _refused(name, bad)
                        if not good:
                            return report
                scan.ids, scan.given = {}, {}  # (held until here: a file's ids are many)
                lock_new_outlets(session, scan.outlets)  # in one order: two imports do not deadlock
                scan.outlets = set()
                created: list[int] = []  # the ids of the claims stored, in record order
                plain: list[ImportRecord] = []  # records without appearance information, stored in bulk
                pending: list[ImportRecord] = []  # stored, their audit rows not written yet
                now = utcnow()

                def store_plain() -> None:
                    created.extend(c.id for c in create_imported_claims(session=session, records=plain))
                    plain.clear()

                def log_stored() -> None:
                    store_plain()
                    session.flush()
                    insert_events(session.connection(), [
                        audit_row(batch=context.batch, reviewer=reviewer, action=IMPORT_ACTION, claim_id=cid,
                                  note=f"{name} {r.where}"[:2000], at=now)
                        for cid, r in zip(created[len(created) - len(pending):], pending, strict=True)])
                    pending.clear()

                # The second pass: the records kept, then the rest checked again, stored a chunk
                # at a time. The records already stored were scored in the first pass: their
                # scores are passed over.
                records = itertools.chain(_taken(scan.kept),
                                          _checked(text, fmt, name, settings, skip=found_bad, start=scan.resume))
                # An import into an empty (or small) store: the claim table's indexes made after.
                with claim_indexes_made_after(session, good):
                    i = 0
                    for rec in records:
                        if isinstance(rec, BadRecord):  # checking is deterministic: never
                            raise ClaimsError(f"{name}: {rec}, though it passed the first check; nothing imported")
                        scores.fill(rec)
                        if rec.external_id in stored:
                            continue
                        i += 1
                        if rec.extra:  # (a Counter's update of nothing is no free call, 100k times)
                            report.extra_fields.update(rec.extra.keys())
                        if rec.ignored:
                            report.ignored_fields.update(rec.ignored)
                        if rec.claim_date and after_today(rec.claim_date, today):
                            report.future_dated.append((rec.where, rec.claim_date))
                        pending.append(rec)
                        if _has_appearance(rec):
                            store_plain()  # keeps ids in record order
                            created.append(create_imported_claim(session=session, record=rec, context=context).id)
                        else:
                            plain.append(rec)
                        if len(pending) >= BULK_CHUNK:
                            log_stored()
                        if on_progress and (i % 100 == 0 or i == good):
                            on_progress(i)
                    log_stored()
                stack.close()  # every score taken: the scoring worker leaves
                del records, text  # stored: a file of 1M claims is ~200 MB of text
                report.claim_ids = created
                # Matching runs in the same transaction: an import that fails leaves no match behind.
                first_match = session.execute(select(func.max(Match.id))).scalar() or 0
                batches = set(session.info.get("batches", ()))
                report.matches = match_new_claims(session, StoredClaims(created), settings.match_settings(),
                                                  on_matching)
                last_match = session.execute(select(func.max(Match.id))).scalar() or 0
                # The merges matching made are part of the import: one batch, undone as one action.
                merged = set(session.info.get("batches", ())) - batches - {context.batch}
                if merged:
                    session.execute(update(Event).where(col(Event.batch).in_(sorted(merged)))
                                    .values(batch=context.batch))
                summary = ImportSummary(source=name, format=fmt, claims=len(report.claim_ids),
                                        articles=context.created_articles, outlets=context.created_outlets,
                                        matches=(first_match, last_match))
                insert_events(session.connection(), [audit_row(
                    batch=context.batch, reviewer=reviewer, action=IMPORT_ACTION, field=IMPORT_FIELD,
                    new=summary.to_json(), note=summary.describe(), at=now)])
                report.batch = context.batch
        except IntegrityError as exc:
            report.claim_ids.clear()
            if not is_duplicate_key(exc):  # a trigger's refusal, a CHECK: the database's own words
                raise
            raise ClaimsError(
                f"{name}: another change stored one of these ids meanwhile; nothing imported ({error_line(exc)})"
            ) from None
    report.imported = len(report.claim_ids)
    return report


def _order(where: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", where))


def import_source(db: Database, source: str, **kwargs) -> ImportReport:
    """Import a file (or `-` for standard input)."""
    read = dict(zip(("data", "name"), read_input(source), strict=True))
    # Only the list holds the text (and nothing the bytes), so it is freed once stored.
    return _import_held(db, [decode_input(read.pop("data"), read["name"])], name=read["name"], **kwargs)

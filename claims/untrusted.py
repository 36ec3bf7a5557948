"""Parsing text that came from outside (an import file, a page's JSON-LD, a settings file).

Python's JSON and TOML parsers recurse once per level of nesting, so `[[[[...]]]]` a hundred
thousand deep raises `RecursionError`, which no `except ValueError` catches. Here that is
one more kind of bad input: the parser's own error saying "nested too deeply", so every
reader reports it the way it reports any other bad JSON or TOML.

A file of lines (JSON lines, a TSV of queries) is cut at CR, LF and CRLF only (`lines`):
`str.splitlines` also cuts at U+2028, U+2029 and U+0085, which JSON allows inside a string,
so a record holding one was read as two broken lines.

A record file is read with `fields_once`: an object naming a field twice is bad JSON too
(json.loads keeps the last value and drops the first without a word).
"""

from __future__ import annotations

import json
import math
import re
import sys
import tomllib
from typing import Any

_LINE_END = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    """The lines of `text`, as `str.splitlines` gives them but cut only at CR, LF and CRLF."""
    out = _LINE_END.split(text)
    if out[-1] == "":
        out.pop()  # the text ends with a line end (or is empty)
    return out


def json_loads(text: str, *, fields_once: bool = False, **options: Any) -> Any:
    if fields_once and not options and isinstance(text, str) and not text.startswith("\ufeff"):
        # a record file's line: the one decoder made once (json.loads makes one a call)
        decode = _record_decoder().decode
    else:
        if fields_once:
            options["object_pairs_hook"] = _fields_once
        options.setdefault("parse_int", _whole_number)
        options.setdefault("parse_float", _finite_number)
        options.setdefault("parse_constant", _no_constant)
        decode = lambda text: json.loads(text, **options)  # noqa: E731
    try:
        return decode(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None
    except _Refused as exc:
        raise json.JSONDecodeError(str(exc), text, 0) from None


class _Refused(ValueError):
    """A record the parser reads but may not keep: said as bad JSON."""


def _too_long(digits: int) -> str:
    return f"a whole number of {digits:,} digits (at most {sys.get_int_max_str_digits():,})"


def _finite_number(digits: str) -> float:
    """float() of a JSON number, unless it overflows: 1e999 was read as infinity, and a
    text given so was compared as 'inf'."""
    value = float(digits)
    if math.isinf(value):
        raise _Refused(f"{digits[:40]} is too large a number")
    return value


def _no_constant(name: str) -> float:
    """NaN, Infinity and -Infinity are no JSON (Python's reader takes them: compared as 'nan')."""
    raise _Refused(f"{name} is not a number JSON can hold")


def _whole_number(digits: str) -> int:
    """int() of a JSON number, which Python refuses past 4,300 digits with a plain ValueError
    (no JSONDecodeError: every reader let it out as a traceback)."""
    limit = sys.get_int_max_str_digits()
    if limit and len(digits.lstrip("-")) > limit:
        raise _Refused(_too_long(len(digits.lstrip("-"))))
    return int(digits)


def _fields_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _Refused(f"the field {twice!r} is named twice in one object")
    return obj


_DECODERS: list[json.JSONDecoder] = []


def _record_decoder() -> json.JSONDecoder:
    """What `json_loads(text, fields_once=True)` decodes with, made once."""
    if not _DECODERS:
        _DECODERS.append(json.JSONDecoder(object_pairs_hook=_fields_once, parse_int=_whole_number,
                                          parse_float=_finite_number, parse_constant=_no_constant))
    return _DECODERS[0]


def toml_loads(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError as exc:  # int() of a number past 4,300 digits, as in JSON above
        if "integer string conversion" not in str(exc):
            raise
        raise tomllib.TOMLDecodeError("a whole number of too many digits") from None


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when `data` is text so encoded (Notepad's "Unicode", Excel's "Unicode
    Text"): by its BOM, or without one by a NUL in every other byte of its start. An article so
    saved was called "a binary file" and an import "not UTF-8 (byte 0xff)", naming no cure."""
    for bom, kind in _WIDE_BOMS:
        if data.startswith(bom):
            return kind
    head = data[:512]
    if len(head) >= 8 and b"\x00" in head:
        odd, even = head[1::2], head[0::2]
        for zeros, letters in ((odd, even), (even, odd)):
            if zeros.count(0) >= 0.9 * len(zeros) and letters.count(0) <= 0.1 * len(letters):
                return "UTF-16"
    return None

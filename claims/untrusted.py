"""Parsing text that came from outside (an import file, a page's JSON-LD, a settings file).

Python's JSON and TOML parsers recurse once per level of nesting, so `[[[[...]]]]` a hundred
thousand deep raises `RecursionError`, which no `except ValueError` catches. Here that is
one more kind of bad input: the parser's own error saying "nested too deeply", so every
reader reports it the way it reports any other bad JSON or TOML.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any


def json_loads(text: str, **options: Any) -> Any:
    try:
        return json.loads(text, **options)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def toml_loads(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None

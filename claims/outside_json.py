"""Reading JSON that came from outside (an import file, a page's JSON-LD, a settings file).

Python's parser recurses per level of nesting, so `[[[[...]]]]` a hundred thousand deep raises
`RecursionError`, which no `except ValueError` catches. Here that is one more kind of bad
JSON: a `json.JSONDecodeError` saying "nested too deeply", so every reader reports it the way
it reports any other bad JSON.
"""

from __future__ import annotations

import json
from typing import Any


def loads(text: str, **options: Any) -> Any:
    try:
        return json.loads(text, **options)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None

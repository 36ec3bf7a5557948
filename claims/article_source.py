"""An article's text as read, with what its header said: what every kind of source becomes.

Its own module so the readers of each kind (`claims.sources` for files, `claims.web.pages`
for web pages) build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """An article's text as read, with what its header said."""

    source: str  # the path or "-"
    text: str
    header: dict[str, str]
    body_offset: int = 0  # where `text` starts in the file as read (after the header)

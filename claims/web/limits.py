"""What a fetch promises before any request: its limits, its user agent, its one error type.

Kept apart from `claims.web.fetch` (which needs httpx) so the settings (`claims.config`) and
the courtesy rules (`claims.web.polite`) can name them without importing the client, and
without importing each other in a circle.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from claims.errors import ClaimsError

try:
    _VERSION = version("claims")
except PackageNotFoundError:  # running from a checkout that is not installed
    _VERSION = "dev"

USER_AGENT = f"claims/{_VERSION} (fact-claim tracking desk; +https://pypi.org/project/claims/)"


class FetchError(ClaimsError):
    """A URL that could not be read as asked; the message names the URL and the reason."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two chunks of the body
    total_timeout: float = 60.0  # the whole download, so a slow drip cannot hold a batch
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    allow_private_addresses: bool = False  # [web]: see `claims.web.addresses`


DEFAULT_LIMITS = FetchLimits()


# -- the whole fetch's deadline ------------------------------------------------------------------
#
# `total_timeout` bounds a fetch from its first byte sent to its last byte read: the response
# headers, robots.txt and every redirect included (a server dripping one header byte per
# second, under the read timeout each time, was waited on for hours). The network layer of a
# client from `claims.web.fetch.make_client` reads `time_left()` before each read, write and
# connect; the courtesy pause (`claims.web.polite`) is no download time and moves the deadline
# on by what it waited.

_deadline: ContextVar[list[float] | None] = ContextVar("claims_fetch_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every request in the block (in this thread) ends `seconds` from now, pauses aside."""
    token = _deadline.set([time.monotonic() + seconds])
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds left before the fetch in hand must end (None: no deadline in force)."""
    ends = _deadline.get()
    return None if ends is None else ends[0] - time.monotonic()


def postpone(seconds: float) -> None:
    """Move the deadline in force on by `seconds` (a pause that is no download time)."""
    ends = _deadline.get()
    if ends is not None and seconds > 0:
        ends[0] += seconds

"""What a fetch promises before any request: its limits, its user agent, its one error type.

Kept apart from `claims.web.fetch` (which needs httpx) so the settings (`claims.config`) and
the courtesy rules (`claims.web.polite`) can name them without importing the client, and
without importing each other in a circle.
"""

from __future__ import annotations

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


DEFAULT_LIMITS = FetchLimits()

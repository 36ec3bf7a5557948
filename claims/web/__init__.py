"""Intake from the web: fetching pages politely and safely, reading articles out of HTML, feeds.

- `claims.web.fetch`: httpx with timeouts, a size cap, a redirect cap, a clear user agent and
  content-type checks; every refusal is a `FetchError` (a `ClaimsError`) naming the URL.
- `claims.web.html`: main text and metadata (title, author, site name, date) via trafilatura.
- `claims.web.feeds`: RSS/Atom via feedparser, and ingesting each new entry's page once.

Importing the package (or `claims.web.polite`) does not import httpx: the names below are
read from `claims.web.fetch` on first use, so a command on local files never pays for it.
"""

__all__ = ["FetchError", "FetchLimits", "FetchedPage", "fetch_url"]


def __getattr__(name: str):
    if name in __all__:
        from claims.web import fetch

        return getattr(fetch, name)
    raise AttributeError(f"module 'claims.web' has no attribute {name!r}")

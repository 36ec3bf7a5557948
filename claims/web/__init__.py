"""Intake from the web: fetching pages politely and safely, reading articles out of HTML, feeds.

- `claims.web.fetch`: httpx with timeouts, a size cap, a redirect cap, a clear user agent and
  content-type checks; every refusal is a `FetchError` (a `ClaimsError`) naming the URL.
- `claims.web.html`: main text and metadata (title, author, site name, date) via trafilatura.
- `claims.web.feeds`: RSS/Atom via feedparser, and ingesting each new entry's page once.
"""

from claims.web.fetch import FetchedPage, FetchError, FetchLimits, fetch_url

__all__ = ["FetchError", "FetchLimits", "FetchedPage", "fetch_url"]

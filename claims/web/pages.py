"""Web pages as article sources: a saved HTML file or a URL becomes an `ArticleSource`.

The source's text is the page's extracted main text (see `claims.web.html`), and its header
carries what the page says about itself (title, author, site name as outlet, date, URL), so
`claims.services.ingest.ingest_source` stores it like any article file with a header; the
ClaimReview markup in it (`claims.web.jsonld`) is stored with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.article_source import ArticleSource
from claims.web.fetch import FetchLimits, fetch_url
from claims.web.html import MAX_HTML_BYTES, decode_html, extract_page
from claims.web.jsonld import claimreviews_in_html


@dataclass(frozen=True, slots=True)
class PageSource(ArticleSource):
    """An article read from a web page, with the ClaimReview markup the page carries (stored
    with the article, see `claims.services.claimreview.store_page_reviews`) and warnings about
    markup that could not be read."""

    claimreviews: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = ()
    # The day the page states after tomorrow, and the warning (among `warnings`) that it is
    # stored undated: `claims.sources.header_published` takes the day with --allow-future.
    future_day: str | None = None
    future_warning: str | None = None


def html_source(data: bytes, *, source: str, url: str | None = None,
                charset: str | None = None) -> PageSource:
    from claims.errors import ClaimsError

    if len(data) > MAX_HTML_BYTES:
        raise ClaimsError(f"{source}: larger than {MAX_HTML_BYTES // 2**20} MB, not an article page")
    html = decode_html(data, charset)
    page = extract_page(html, source=source, url=url)
    reviews, warnings = claimreviews_in_html(html, source=source)
    undated = f"{source}: {page.date_ignored}" if page.date_ignored else None
    if undated:
        warnings = [undated, *warnings]
    return PageSource(source=source, text=page.text, header=page.header(), claimreviews=tuple(reviews),
                      warnings=tuple(warnings), future_day=page.future_day,
                      future_warning=undated if page.future_day else None)


def url_source(url: str, *, limits: FetchLimits | None = None, client=None, typed: bool = False) -> PageSource:
    """Fetch `url` and read the article in it; FetchError/ClaimsError name the URL on failure.

    Without `limits`, the [web] timeout and size limit of the settings file apply. `typed`:
    the user gave `url` (not a feed), so its host may be internal (`claims.web.addresses`).
    """
    if limits is None:
        from claims.config import load_settings

        limits = load_settings().fetch_limits()
    fetched = fetch_url(url, accept="html", limits=limits, client=client, typed=typed)
    src = html_source(fetched.body, source=url, url=fetched.final_url, charset=fetched.charset)
    return src

"""Fetching a URL: bounded in time, size and redirects, and refusing what is not a web page.

Every way a fetch can go wrong becomes one `FetchError` whose message starts with the URL and
says what happened ("timed out after 10 s", "HTTP 404 Not Found", "a PDF, not a web page",
"disallowed by robots.txt"), so a batch can report it and go on. Every request follows
robots.txt and waits its turn per host (`claims.web.polite`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from claims.links import is_http_url, refused_url, url_problem
from claims.web.addresses import InternalAddress, check_request, typed_by_user
from claims.web.limits import (
    DEFAULT_LIMITS,
    USER_AGENT,
    FetchError,
    FetchLimits,
    deadline,
    time_left,
)
from claims.web.polite import Courtesy, current_courtesy, install

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
    "text/xml", "application/feed+json",
}


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # media type without parameters, lower case ("" when the server said none)
    charset: str | None
    body: bytes


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip('"').strip("'") or None
    return parts[0].lower(), charset


def _sniff(body: bytes) -> str | None:
    """What the first bytes say the body is, whatever the header claimed."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "application/pdf"
    for magic, kind in ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                        (b"GIF8", "image/gif"), (b"RIFF", "image/webp")):
        if head.startswith(magic):
            return kind
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or b"<body" in low:
        return "text/html"
    if low.startswith(b"<?xml") or b"<rss" in low or b"<feed" in low:
        return "application/xml"
    return None


def describe_type(media_type: str) -> str:
    if media_type == "application/pdf":
        return "a PDF document"
    if media_type.startswith("image/"):
        return f"an image ({media_type})"
    if media_type.startswith(("audio/", "video/")):
        return f"a media file ({media_type})"
    return f"{media_type or 'an unknown type'}"


def check_kind(page: FetchedPage, accept: str) -> None:
    """Refuse a body that is not what we asked for (`accept` is "html" or "feed")."""
    sniffed = _sniff(page.body)
    declared = page.content_type
    kind = sniffed if sniffed in ("application/pdf",) or (sniffed or "").startswith("image/") else (
        declared or sniffed or ""
    )
    if accept == "html":
        ok = kind in HTML_TYPES or (kind in ("", "text/plain", "application/octet-stream") and sniffed == "text/html")
        if not ok:
            raise FetchError(f"{page.url}: is {describe_type(kind)}, not a web page (HTML)")
    else:
        ok = kind in FEED_TYPES or kind in HTML_TYPES or sniffed == "application/xml" or (
            kind in ("", "text/plain", "application/octet-stream") and sniffed is not None
        )
        if not ok:
            raise FetchError(f"{page.url}: is {describe_type(kind)}, not an RSS or Atom feed")


def _within_deadline(timeout: float | None) -> float | None:
    """A socket timeout that also ends at the fetch's deadline (`claims.web.limits.deadline`)."""
    left = time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's time is up")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the fetch in hand."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within_deadline(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within_deadline(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _within_deadline(timeout)))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_tcp(host, port, _within_deadline(timeout), local_address,
                                                         socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_unix_socket(path, _within_deadline(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _keep_deadlines(client: httpx.Client) -> None:
    """Put the deadline into the network layer of each of the client's connection pools
    (its own and a proxy's): httpx has a timeout per read, none for a whole request."""
    for transport in (client._transport, *client._mounts.values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None or isinstance(backend, _DeadlineBackend):
            continue
        pool._network_backend = _DeadlineBackend(backend)


_USERINFO = re.compile(r"//[^/?#]*@")


def _refuse_other_schemes(response: httpx.Response) -> None:
    """A redirect to a URL that is not http(s) (`javascript:`, `data:`, `file:`) is refused by
    name before httpx tries to follow it (it raised InvalidURL, a traceback, for `javascript:`)."""
    location = response.headers.get("location") if response.has_redirect_location else None
    if location is None:
        return
    try:
        scheme = urlsplit(urljoin(str(response.request.url), location.strip())).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        shown = location if len(location) <= 80 else location[:80] + "…"
        raise FetchError(f"{response.request.url}: redirects to {shown!r}, which is not an http(s) URL")
    # A page keeps the address it ends at as its URL: one that cannot be stored (user:password
    # in it, over 2,000 characters) was refused later as the page's "header field URL", a field
    # the user never gave. Refused here, naming the redirect, before it is followed. What is
    # checked is the URL httpx will request (`/my story` is `/my%20story`), not the raw header.
    target = _redirect_target(response.request.url, location)
    if target is None:
        return  # httpx refuses it itself, as an invalid Location (a FetchError, one line)
    problem = url_problem(target)
    if problem:
        shown = _USERINFO.sub("//", target)  # a password is not repeated in an error line
        shown = shown if len(shown) <= 100 else shown[:97] + "..."
        raise FetchError(f"{response.request.url}: redirected to a URL that cannot be stored: {shown!r} {problem}")


def _redirect_target(request_url: httpx.URL, location: str) -> str | None:
    """The URL httpx follows a redirect to (as `httpx.Client._redirect_url` builds it: spaces
    and characters beyond ASCII percent-encoded, a relative or `//host` Location joined to the
    request's URL, a host-less absolute one given the request's host), or None when httpx
    takes it for no URL at all."""
    try:
        url = httpx.URL(location)
    except httpx.InvalidURL:
        return None
    if url.scheme and not url.host:
        url = url.copy_with(host=request_url.host)
    if url.is_relative_url:
        url = request_url.join(url)
    return str(url)


def _refuse_internal(request: httpx.Request) -> None:
    """Every request (redirects and robots.txt too) to an internal address is refused
    (`claims.web.addresses`), before robots.txt is asked for it."""
    check_request(str(request.url), request.url.host, request.url.port or (443 if request.url.scheme == "https" else 80))


def make_client(limits: FetchLimits = DEFAULT_LIMITS, courtesy: Courtesy | None = None, *,
                polite: bool = True) -> httpx.Client:
    """An httpx client with our limits and user agent whose every request (redirects too) goes
    through `courtesy` (default: the one in force, see `claims.web.polite`): robots.txt and the
    pause between requests to one host. `polite=False` for a client that skips both. Unless
    `limits.allow_private_addresses`, it refuses internal addresses (`claims.web.addresses`)."""
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                      "application/xml;q=0.9,*/*;q=0.5",
        },
        event_hooks={"response": [_refuse_other_schemes],
                     "request": [] if limits.allow_private_addresses else [_refuse_internal]},
    )
    _keep_deadlines(client)
    return install(client, courtesy or current_courtesy()) if polite else client


def unfetchable(url: str) -> str | None:
    """Why the HTTP client cannot fetch `url` (checked by `url_problem` first), or None. A
    link's host may be any name a browser maps (`https://💩.la/`, stored as
    `xn--ls8h.la`), but httpx takes only IDNA 2008 names: such a source, once watched,
    failed on every poll."""
    try:
        httpx.URL(url).host  # noqa: B018 (a name beyond IDNA 2008 is refused when read)
    except (httpx.InvalidURL, UnicodeError) as exc:  # idna's errors are UnicodeErrors
        return str(exc).rstrip(".")
    return None


def fetch_url(
    url: str,
    *,
    accept: str = "html",
    limits: FetchLimits = DEFAULT_LIMITS,
    client: httpx.Client | None = None,
    courtesy: Courtesy | None = None,
    typed: bool = False,
) -> FetchedPage:
    """GET `url` and return its body, or raise FetchError saying why not.

    Without a `client`, one is made for this fetch that follows robots.txt and the per-host
    pause of `courtesy` (default: the one in force); a client given is used as it is. `typed`:
    the user gave `url`, so its host may be an internal address (`claims.web.addresses`)."""
    if not is_http_url(url):
        raise FetchError(refused_url(url))
    own = client is None
    client = client or make_client(limits, courtesy)
    try:
        with deadline(limits.total_timeout), typed_by_user(urlsplit(url).hostname if typed else None):
            final_url, media_type, charset, chunks = _get(client, url, accept, limits)
    except InternalAddress as exc:
        if exc.url == url:
            raise
        raise FetchError(f"{url}: redirects to {exc.url}, refused: {exc.why}") from None
    finally:
        if own:
            client.close()
    page = FetchedPage(url=url, final_url=final_url, content_type=media_type, charset=charset,
                       body=b"".join(chunks))
    if not page.body.strip():
        raise FetchError(f"{url}: the server sent an empty page")
    check_kind(page, accept)
    return page


def _get(client: httpx.Client, url: str, accept: str, limits: FetchLimits):
    """The GET of `fetch_url`, inside its deadline: (final URL, media type, charset, chunks)."""
    try:
        with client.stream("GET", url) as response:
            final_url = str(response.url)
            if response.status_code >= 400:
                reason = response.reason_phrase or ""
                raise FetchError(f"{url}: HTTP {response.status_code} {reason}".rstrip())
            media_type, charset = _media_type(response.headers.get("content-type"))
            declared_len = response.headers.get("content-length")
            if declared_len and declared_len.isdigit() and int(declared_len) > limits.max_bytes:
                raise FetchError(
                    f"{url}: the page is {int(declared_len) / 2**20:.0f} MB, more than the "
                    f"{limits.max_bytes / 2**20:.0f} MB limit"
                )
            early_kind = media_type
            if early_kind == "application/pdf" or early_kind.startswith(("image/", "audio/", "video/")):
                # No need to download a PDF or an image to refuse it.
                raise FetchError(f"{url}: is {describe_type(early_kind)}, not a web page (HTML)"
                                 if accept == "html" else
                                 f"{url}: is {describe_type(early_kind)}, not an RSS or Atom feed")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(
                        f"{url}: the page is larger than the {limits.max_bytes / 2**20:.0f} MB limit; "
                        "stopped reading"
                    )
                if (time_left() or 0) <= 0:
                    raise _too_slow(url, limits)
                chunks.append(chunk)
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        # a loop, or a chain longer than is followed: either way the page is not reached
        raise FetchError(f"{url}: too many redirects (more than {limits.max_redirects}): the site "
                         "redirects in a loop or through a longer chain than claims follows") from None
    except httpx.TimeoutException as exc:
        if (time_left() or 0) <= 0:
            raise _too_slow(url, limits) from None
        what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the server"
        raise FetchError(f"{url}: timed out {what}") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: cannot connect ({_reason(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {_reason(exc)}") from None
    except (ValueError, httpx.InvalidURL) as exc:  # a malformed URL (a redirect's, say)
        raise FetchError(f"{url}: {exc}") from None
    return final_url, media_type, charset, chunks


def _too_slow(url: str, limits: FetchLimits) -> FetchError:
    return FetchError(f"{url}: timed out after {limits.total_timeout:g} s (the server answers too slowly)")


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

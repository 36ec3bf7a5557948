"""Fetching politely: robots.txt, and a pause between requests to the same host.

A `Courtesy` is consulted before every request a client from `claims.web.fetch.make_client`
sends, redirects included:

- robots.txt: the rules of each origin (scheme, host and port) are fetched once, with the same
  client, and kept for the run; a URL they disallow for the `claims` user agent is refused
  with a `FetchError` naming the URL and robots.txt. A robots.txt that is missing (4xx) or
  cannot be read (a network error, a timeout, a 5xx) allows everything. Off with
  `--ignore-robots` (`respect_robots=False`).
- a pause: at least `delay` seconds (the settings file's `[web] delay`, 1 s by default)
  between the starts of two requests to one origin, or the robots.txt `Crawl-delay` for our
  user agent when that is longer (read as at most `MAX_CRAWL_DELAY`). The first request to
  an origin never waits, and robots.txt itself is not counted.

The CLI makes one `Courtesy` per command (`polite_fetching`); without one, a process-wide
default from the settings is used. The clock and the pause are this module's `monotonic` and
`sleep`, looked up at each use, so tests replace them and never wait.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from claims.web.limits import USER_AGENT, FetchError, postpone

if TYPE_CHECKING:
    import httpx  # the client is made by claims.web.fetch; a command on files never needs it

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: crawlers must read at least 500 KiB of robots.txt
MAX_CRAWL_DELAY = 60.0  # seconds; a longer Crawl-delay is read as this
DEFAULT_DELAY = 1.0
ROBOTS_EXTENSION = "claims_robots"  # marks the robots.txt request itself (no rules, no pause)

# Looked up at each use (tests put a fake clock here).
monotonic: Callable[[], float] = time.monotonic
sleep: Callable[[float], None] = time.sleep


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Courtesy:
    """robots.txt rules and request times per origin, for one run (thread-safe)."""

    def __init__(self, *, delay: float = DEFAULT_DELAY, respect_robots: bool = True,
                 clock: Callable[[], float] | None = None, pause: Callable[[float], None] | None = None,
                 user_agent: str | None = None) -> None:
        self.delay = max(0.0, float(delay))
        self.respect_robots = respect_robots
        self._user_agent = user_agent
        self._clock = clock or (lambda: monotonic())
        self._pause = pause or (lambda seconds: sleep(seconds))
        self._rules: dict[str, RobotFileParser | None] = {}
        self._next: dict[str, float] = {}  # origin -> when its next request may start
        self._lock = threading.Lock()

    @property
    def user_agent(self) -> str:
        return self._user_agent or USER_AGENT

    @classmethod
    def from_settings(cls, *, respect_robots: bool = True, settings=None) -> Courtesy:
        if settings is None:
            from claims.config import load_settings

            settings = load_settings()
        return cls(delay=settings.web_delay, respect_robots=respect_robots)

    # -- the hook ----------------------------------------------------------------------------
    def before_request(self, url: str, client: httpx.Client) -> None:
        """Refuse a URL robots.txt disallows, then wait for the origin's turn."""
        origin = origin_of(url)
        rules = self.rules_for(origin, client) if self.respect_robots else None
        if rules is not None and not rules.can_fetch(self.user_agent, url):
            raise FetchError(f"{url}: disallowed by robots.txt ({origin}/robots.txt) for the claims "
                             "user agent; --ignore-robots fetches it anyway")
        postpone(self.wait_turn(origin, self.gap_for(rules)))  # waiting one's turn is no download time

    def gap_for(self, rules: RobotFileParser | None) -> float:
        gap = self.delay
        if rules is not None:
            try:
                crawl = rules.crawl_delay(self.user_agent)
            except (TypeError, ValueError):
                crawl = None
            if crawl:
                gap = max(gap, min(float(crawl), MAX_CRAWL_DELAY))
        return gap

    def wait_turn(self, origin: str, gap: float) -> float:
        """Wait until a request to `origin` may start; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(origin, now))
            self._next[origin] = start + gap
        wait = start - now
        if wait > 0:
            self._pause(wait)
        return wait

    # -- robots.txt --------------------------------------------------------------------------
    def rules_for(self, origin: str, client: httpx.Client) -> RobotFileParser | None:
        """The origin's robots.txt rules (None: none, everything allowed), fetched once."""
        with self._lock:
            if origin in self._rules:
                return self._rules[origin]
        try:
            rules = fetch_robots(origin, client)
        except _TimedOut:  # allowed for this request, read again for the next (not kept for the run)
            return None
        with self._lock:
            return self._rules.setdefault(origin, rules)


class _TimedOut(Exception):
    """robots.txt was cut short by a timeout: the fetch's deadline may be the page's, which a
    slow robots.txt shares. Taken as allowing everything once, not for the rest of the run (a
    path it disallows was then fetched by every later page)."""


def fetch_robots(origin: str, client: httpx.Client) -> RobotFileParser | None:
    """robots.txt of an origin, parsed; None when there is none or it cannot be read;
    `_TimedOut` when it could not be read in time."""
    import httpx

    url = origin + "/robots.txt"
    try:
        with client.stream("GET", url, extensions={ROBOTS_EXTENSION: True}) as response:
            if not 200 <= response.status_code < 300:
                return None  # 4xx: no rules; 5xx: unreachable, and unreachable means allowed
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= ROBOTS_MAX_BYTES:
                    break
    except httpx.TimeoutException:
        raise _TimedOut(url) from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError, FetchError):
        return None  # a redirect to another scheme (refused by the fetch's hook) too: no rules
    text = bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", errors="replace")
    if text.lstrip().lower().startswith(("<!doctype", "<html")):
        return None  # a web page served in its place (a soft 404), not rules
    rules = RobotFileParser(url)
    rules.parse([_whole_seconds(line) for line in text.splitlines()])
    return rules


_FRACTIONAL_DELAY = re.compile(r"^(\s*crawl-delay\s*:\s*)(\d*\.\d+)\s*(#.*)?$", re.IGNORECASE)


def _whole_seconds(line: str) -> str:
    """`Crawl-delay: 2.5` as 3: urllib's parser reads whole seconds only (rounded up, to be polite)."""
    m = _FRACTIONAL_DELAY.match(line)
    return f"{m[1]}{math.ceil(float(m[2]))}" if m else line


def install(client: httpx.Client, courtesy: Courtesy) -> httpx.Client:
    """Make every request `client` sends (redirects included) go through `courtesy`."""

    def hook(request: httpx.Request) -> None:
        if not request.extensions.get(ROBOTS_EXTENSION):
            courtesy.before_request(str(request.url), client)

    client.event_hooks = {**client.event_hooks, "request": [*client.event_hooks.get("request", []), hook]}
    return client


# -- the courtesy in force ------------------------------------------------------------------------

_current: ContextVar[Courtesy | None] = ContextVar("claims_courtesy", default=None)
_default: Courtesy | None = None
_default_lock = threading.Lock()


def current_courtesy() -> Courtesy:
    """The run's courtesy (`polite_fetching`), else one for the process from the settings."""
    courtesy = _current.get()
    if courtesy is not None:
        return courtesy
    global _default
    with _default_lock:
        if _default is None:
            _default = Courtesy.from_settings()
        return _default


@contextmanager
def polite_fetching(*, ignore_robots: bool = False, settings=None) -> Iterator[Courtesy]:
    """One courtesy for every fetch in the block (one command): robots.txt read once per
    origin, the pause kept across pages, feeds and redirects."""
    courtesy = Courtesy.from_settings(respect_robots=not ignore_robots, settings=settings)
    token = _current.set(courtesy)
    try:
        yield courtesy
    finally:
        _current.reset(token)

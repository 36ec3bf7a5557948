"""A local web server for the intake tests: 127.0.0.1, port 0, in a thread; never the internet.

Every test here runs on a fake clock (`clock`): the pause between requests to one host is
recorded in `clock.sleeps` and never waited for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # send this many bytes of filler (no Content-Length) instead of body
    declare_length: int | None = None  # a Content-Length to announce
    before: Callable[[], None] | None = None  # called (in the server's thread) before answering


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.agents: dict[str, str | None] = {}  # path -> the User-Agent of its last request
        routes, hits, agents = self.routes, self.hits, self.agents

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                path = self.path
                hits[path] = hits.get(path, 0) + 1
                agents[path] = self.headers.get("User-Agent")
                route = routes.get(path)
                if route is None:
                    self.send_response(404, "Not Found")
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body><h1>Not found</h1></body></html>")
                    return
                if route.before is not None:
                    route.before()
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    if route.declare_length is not None:
                        self.send_header("Content-Length", str(route.declare_length))
                    elif not route.stream_bytes:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if route.stream_bytes:
                        chunk = b"<p>" + b"x" * (1 << 20) + b"</p>"
                        sent = 0
                        while sent < route.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up reading, as it should

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()

    def add(self, path: str, body: str | bytes = b"", **kw) -> str:
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **kw)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeClock:
    """`claims.web.polite`'s clock and pause in tests: a pause moves the time on at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> FakeClock:
    from claims.web import polite

    fake = FakeClock()
    monkeypatch.setattr(polite, "monotonic", fake.monotonic)
    monkeypatch.setattr(polite, "sleep", fake.sleep)
    monkeypatch.setattr(polite, "_default", None)  # no courtesy (and no cache) from another test
    return fake

"""A headless Chromium driven over the DevTools protocol through a pipe (no websocket, no
network, no extra package): open a local file, wait for its load event, evaluate JavaScript.

Chromium reads commands on file descriptor 3 and writes replies on 4, each a JSON message
ended by a NUL byte (`--remote-debugging-pipe`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe"]


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="claims-chromium-")
        to_child, self._to_chrome = os.pipe()
        self._from_chrome, from_child = os.pipe()

        def wire() -> None:  # in the child: our pipe ends as its descriptors 3 and 4
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._log = open(Path(self.profile) / "stderr.log", "w+b")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL,
                                     stderr=self._log)
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def send(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        reply = self._until(lambda m: m.get("id") == self._next, f"the reply to {method}")
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def _until(self, wanted, what: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message
                if "method" in message:
                    self.events.append(message)
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"Chromium did not send {what} within {self.timeout:g} s")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    self._log.seek(0)
                    err = self._log.read().decode(errors="replace")
                    raise BrowserError(f"Chromium closed the pipe: {err.strip()[-500:]}")
                self._buffer += chunk

    def open(self, url: str) -> None:
        """A new tab on `url`, returning once its load event has fired."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", {"url": url})
        seen = [e for e in self.events if e.get("method") == "Page.loadEventFired"]
        if not seen:
            self._until(lambda m: m.get("method") == "Page.loadEventFired", "the page's load event")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                with contextlib.suppress(BrowserError, OSError):
                    self.send("Browser.close", session=False)
                self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        finally:
            for fd in (self._to_chrome, self._from_chrome):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

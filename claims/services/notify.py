"""`[watch] notify_command`: a command run for each new repeat, with the repeat as JSON on stdin.

The command runs in a background thread, one at a time and in the order the repeats were
found, so a slow or hanging command never holds up ingestion; each run is cut off after
`timeout` seconds. A command that fails (cannot start, exits non-zero, times out) is logged
with one line through `log` and the next repeat goes on. A command given as text runs
through `/bin/sh -c` (pipes and `$VARIABLES` work); as a list, it is run as it is.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from claims.services.repeats import Repeat

DEFAULT_TIMEOUT = 10.0


class Notifier:
    def __init__(self, command: str | Sequence[str] | None, *, timeout: float = DEFAULT_TIMEOUT,
                 log: Callable[[str], None] = lambda line: None) -> None:
        self.command = command
        self.timeout = timeout
        self.log = log
        self.sent = 0
        self.failed = 0
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return bool(self.command)

    def submit(self, repeat: Repeat) -> None:
        """Queue the command for this repeat and return at once."""
        if not self.enabled:
            return
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims-notify")
            self._pool.submit(self._run, repeat.to_record())

    def close(self) -> None:
        """Wait for the queued commands (each bounded by the timeout)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def _run(self, record: dict) -> None:
        what = f"{record['kind']} of claim {record['claim_id']} in article {record['article_id']}"
        shell = isinstance(self.command, str)
        try:
            done = subprocess.run(self.command if shell else list(self.command), shell=shell,
                                  input=json.dumps(record, ensure_ascii=False).encode("utf-8"),
                                  capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            self._failed(f"notify_command: timed out after {self.timeout:g} s ({what}); stopped it")
            return
        except OSError as exc:
            self._failed(f"notify_command: cannot run it ({exc.strerror or exc}) ({what})")
            return
        if done.returncode != 0:
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            tail = f": {said[-1][:200]}" if said else ""
            self._failed(f"notify_command: exit status {done.returncode} ({what}){tail}")
            return
        with self._lock:
            self.sent += 1

    def _failed(self, line: str) -> None:
        with self._lock:
            self.failed += 1
        self.log(line)

"""`[watch] notify_command`: a command run for each new repeat, with the repeat as JSON on stdin.

The command runs in a background thread, one at a time and in the order the repeats were
found, so a slow or hanging command never holds up ingestion; each run is cut off after
`timeout` seconds, and with it every process it started (it runs in a process group of its
own, killed whole: a shell's `sleep`, a pipeline's `curl`). A command that fails (cannot
start, exits non-zero, times out) is logged with one line through `log` and the next repeat
goes on. Of what it writes, only the last `KEEP_OUTPUT` bytes of each stream are kept (for
that line): a command writing without end costs no memory. A command given as text runs
through `/bin/sh -c` (pipes and `$VARIABLES` work); as a list, it is run as it is.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from claims.services.repeats import Repeat

DEFAULT_TIMEOUT = 10.0
KEEP_OUTPUT = 4096  # bytes of the end of each of a command's streams kept for its log line


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
        self._running: subprocess.Popen | None = None  # the command running now, if one is
        self._stopped = False

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

    def stop(self) -> None:
        """Ctrl-C: stop the command running now, with all it started, and drop those queued.
        (It runs in a session of its own, which the terminal's interrupt does not reach.)"""
        with self._lock:
            self._stopped = True
            pool, proc = self._pool, self._running
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if proc is not None:
            _kill_group(proc)

    def _run(self, record: dict) -> None:
        what = f"{record['kind']} of claim {record['claim_id']} in article {record['article_id']}"
        shell = isinstance(self.command, str)
        with self._lock:
            if self._stopped:
                return
            try:
                proc = subprocess.Popen(self.command if shell else list(self.command), shell=shell,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        start_new_session=True)
            except OSError as exc:
                proc = None
                failure = f"notify_command: cannot run it ({exc.strerror or exc}) ({what})"
            self._running = proc
        if proc is None:
            self._failed(failure)
            return
        try:
            self._wait(proc, record, what)
        finally:
            with self._lock:
                self._running = None

    def _wait(self, proc: subprocess.Popen, record: dict, what: str) -> None:
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        out, err = bytearray(), bytearray()
        helpers = [threading.Thread(target=_feed, args=(proc.stdin, data), daemon=True),
                   threading.Thread(target=_drain, args=(proc.stdout, out), daemon=True),
                   threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True)]
        for helper in helpers:
            helper.start()
        try:
            returncode = proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            self._failed(f"notify_command: timed out after {self.timeout:g} s ({what}); stopped it")
            return
        finally:
            for helper in helpers:  # a child it left running may hold the streams: not waited for
                helper.join(timeout=1.0)
        if self._stopped:  # killed by stop(): no failure of the command's own
            return
        if returncode != 0:
            said = bytes(err or out).decode("utf-8", "replace").strip().splitlines()
            tail = f": {said[-1][:200]}" if said else ""
            self._failed(f"notify_command: exit status {returncode} ({what}){tail}")
            return
        with self._lock:
            self.sent += 1

    def _failed(self, line: str) -> None:
        with self._lock:
            self.failed += 1
        self.log(line)


def _feed(stream, data: bytes) -> None:
    """Write the record to the command's stdin (a command that does not read it is no error)."""
    try:
        stream.write(data)
        stream.close()
    except OSError:
        pass


def _drain(stream, keep: bytearray) -> None:
    """Read a stream of the command to its end, keeping only its last KEEP_OUTPUT bytes."""
    try:
        while chunk := os.read(stream.fileno(), 65536):
            keep += chunk
            del keep[:-KEEP_OUTPUT]
    except OSError:
        pass
    finally:
        stream.close()


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the command and every process it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:  # gone already
        proc.kill()
    proc.wait()

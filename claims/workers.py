"""Pure-Python work spread over other processes, results taken back in the order sent.

A worker is ``python -m claims.workers``: its first message names a factory (module and
function) and that factory's arguments; the factory returns the function the worker applies
to every later message, answering each with the function's result. Messages go pickled on the
worker's standard input and answers come back on its standard output. Unlike
multiprocessing's spawn, a worker never imports the caller's main module (a script without a
``__main__`` guard would run again), and unlike fork it does not start as a copy of a parent
holding a million claims' index. The work is pure Python: threads would share one core.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from claims.collector import collect_less_often
from claims.errors import ClaimsError

IN_FLIGHT = 2  # messages queued per worker at most: enough to keep it busy, no more held


class WorkerPool:
    """``workers`` processes (none: the work is done here), each set up by
    ``factory(*args)``, where ``factory`` is ``"module:function"``."""

    what = "worker"  # named in the one-line error when a worker dies

    def __init__(self, factory: str, args: tuple = (), workers: int = 0) -> None:
        self.factory, self.args, self.workers = factory, args, workers
        self._procs: list[subprocess.Popen] = []
        self._local = None

    def __enter__(self):
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        for proc in self._procs:
            with contextlib.suppress(OSError):  # a worker gone already
                proc.stdin.close()  # end of input: the worker leaves
        for proc in self._procs:
            if exc[0] is not None:
                proc.kill()  # a caller that failed (or was stopped) waits for no answer
            proc.wait()
            proc.stdout.close()
        self._procs = []

    def map(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """Each task's answer, in the order the tasks are given."""
        if not self._procs:
            work = self._local = self._local or _factory(self.factory)(*self.args)
            for task in tasks:
                yield work(task)
            return
        procs = self._procs
        sent = received = 0
        for task in tasks:
            self._to_worker(procs[sent % len(procs)], task)
            sent += 1
            while sent - received > IN_FLIGHT * len(procs):
                yield self._receive(procs[received % len(procs)])
                received += 1
        while received < sent:
            yield self._receive(procs[received % len(procs)])
            received += 1

    def _start(self) -> None:
        """Start the workers, each told its factory; those started are stopped if one fails
        (`__exit__` is not called when `__enter__` raises)."""
        try:
            for _ in range(self.workers):
                # Its own process group: Ctrl-C at the terminal is the parent's to handle (it
                # stops the workers), never a worker's traceback on the screen while it starts.
                proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        process_group=0)
                self._procs.append(proc)
                self._to_worker(proc, (self.factory, self.args))
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            raise

    def _to_worker(self, proc: subprocess.Popen, message) -> None:
        try:
            _send(proc.stdin, message)
        except OSError:  # a broken pipe: the worker is gone
            raise WorkerStopped(proc, self.what) from None

    def _receive(self, proc: subprocess.Popen):
        try:
            return pickle.load(proc.stdout)
        except (EOFError, pickle.UnpicklingError):
            raise WorkerStopped(proc, self.what) from None


class WorkerStopped(ClaimsError):
    """A worker died (killed, out of memory): the caller's transaction is rolled back. One
    line, not a traceback, and never a BrokenPipeError (which the CLI takes for a reader
    that left: exit status 0)."""

    def __init__(self, proc: subprocess.Popen, what: str = "worker") -> None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        # A worker whose reply could not be read may still be alive, blocked writing to a
        # full pipe nobody reads any more: stop it, or the wait below never returns.
        if proc.poll() is None:
            proc.kill()
        article = "an" if what[:1] in "aeiou" else "a"
        super().__init__(f"{article} {what} process stopped (exit status {proc.wait()}); "
                         "nothing was stored, try again")


def _factory(name: str):
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def _send(stream, message) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def _serve() -> None:
    """A worker: its factory first, then tasks until the input ends. Input is read by a
    thread, so the parent never waits on a full pipe while this one writes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    collect_less_often()
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(1), "wb")  # answers only: anything else printed goes to stderr
    os.dup2(2, 1)
    factory, args = pickle.load(stdin)
    work = _factory(factory)(*args)
    tasks: queue.Queue = queue.Queue()

    def read() -> None:
        while True:
            try:
                tasks.put(pickle.load(stdin))
            except EOFError:
                tasks.put(None)
                return

    threading.Thread(target=read, daemon=True).start()
    while (task := tasks.get()) is not None:
        _send(stdout, work(task))


if __name__ == "__main__":
    # Served by the module under its own name, so what the work pickles is the importable
    # class (claims.matching.parallel.Decided), never __main__'s.
    from claims.workers import _serve as serve

    serve()

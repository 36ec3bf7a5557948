"""Check-worthiness scores for a large import, computed in another process meanwhile.

Scoring is pure Python and numpy, ~80 µs a statement: 80 s of one core for a million
claims. A large import hands its texts to :class:`BackgroundScorer` as its first pass reads
them, and takes the scores back, in the same order, as its second pass stores the claims: the
scoring runs on the other core meanwhile. The scores are ``claims.checkworthiness.score_many``'s
(a statement's score does not depend on the others scored with it).

The worker is ``python -m claims.triage.background``, fed pickled lists of texts on its
standard input and answering with pickled lists of scores (as the comparison workers of
``claims.matching.parallel``: no fork of a parent holding a large import, no re-import of
the caller's main module). A thread writes the texts and another reads the answers, so
neither side waits on a full pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections import deque

from claims.collector import collect_less_often

OUTBOX = 8  # lists of texts submitted and not yet written (an import's: 5,000 texts each)


class BackgroundScorer:
    """``submit`` lists of texts, then ``take`` their scores, in order."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()
        self._ready: deque[float] = deque()
        self._reader: threading.Thread | None = None
        # lists of texts for the writer thread (None: no more); a few at most, so that a
        # million texts do not wait here for a worker slower than the caller
        self._outbox: queue.Queue = queue.Queue(maxsize=OUTBOX)
        self._writer: threading.Thread | None = None

    def __enter__(self) -> BackgroundScorer:
        self._proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE)
        self._reader = threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True)
        self._reader.start()
        self._writer = threading.Thread(target=self._write, args=(self._proc.stdin,), daemon=True)
        self._writer.start()
        return self

    def _write(self, stream) -> None:
        gone = False
        while (texts := self._outbox.get()) is not None:
            if gone:  # (the rest taken, unwritten: `submit` and `__exit__` never wait on a full box)
                continue
            try:
                pickle.dump(texts, stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()
            except OSError:  # the worker is gone: `take` says so
                gone = True

    def _read(self, stream) -> None:
        while True:
            try:
                self._answers.put(pickle.load(stream))
            except (EOFError, OSError, pickle.UnpicklingError):
                self._answers.put(None)
                return

    def submit(self, texts: list[str]) -> None:
        """Texts to score, written to the worker by a thread: the caller does not wait while
        the worker, busy with the texts before, has not read them (a full pipe: 2 s of a
        100k import's first pass)."""
        if texts:
            self._outbox.put(texts)

    def take(self, n: int) -> list[float]:
        """The next `n` scores (waiting for the worker as need be)."""
        while len(self._ready) < n:
            answer = self._answers.get()
            if answer is None:
                raise RuntimeError(f"the scoring worker stopped (exit status {self._proc.wait()})")
            self._ready.extend(answer)
        return [self._ready.popleft() for _ in range(n)]

    def __exit__(self, *exc) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if exc[0] is not None:
            proc.kill()  # a caller that failed (or was stopped) waits for no score (nor the writer)
        self._outbox.put(None)
        self._writer.join()
        with contextlib.suppress(OSError):  # a worker gone already
            proc.stdin.close()  # end of input: the worker leaves
        proc.wait()
        self._reader.join()
        proc.stdout.close()


def _serve() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the worker
    collect_less_often()
    from claims.checkworthiness import score_many

    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(1), "wb")  # answers only: anything else printed goes to stderr
    os.dup2(2, 1)
    while True:
        try:
            texts = pickle.load(stdin)
        except EOFError:
            return
        pickle.dump(score_many(texts), stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()


if __name__ == "__main__":
    _serve()

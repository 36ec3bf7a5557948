"""Full comparisons of many candidate pairs, and the keys of many claims, in worker
processes when there are many.

Set-at-a-time matching (an import, many articles, ``dupes --rebuild``) has the keys of the
claims it indexes computed by :class:`KeyMaker`, ranks candidates in the calling process and
hands the pairs worth comparing, with their texts, to :class:`PairComparer` a chunk at a time. With workers, chunks are compared in other
processes (the comparison is pure Python: threads would share one core) while the caller
goes on ranking and writing; results come back in the order the chunks were sent, so the
matches stored, and the clusters they merge, are those a single process finds.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from claims.errors import ClaimsError
from claims.matching.decision import DISTINCT, MatchResult, MatchSettings, compare
from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis, analyze
from claims.matching.retrieval import index_keys


class Decided(NamedTuple):
    """A compared pair's result as a match row stores it: the explanation already JSON.
    What comes back from a worker (a frozen dataclass with lists unpickles field by field,
    and its JSON was made in the parent: a fifth of a large ingest's parent work)."""

    score: float
    decision: str
    scorer: str
    conflict: bool
    explanation: str  # json.dumps(MatchResult.to_dict())

    def to_dict(self) -> dict:
        return json.loads(self.explanation)


def decided(result: MatchResult) -> Decided:
    return Decided(result.score, result.decision, result.scorer, bool(result.conflict),
                   json.dumps(result.to_dict(), ensure_ascii=False))


Pairs = list[tuple[int, int]]  # (earlier claim id, later claim id)
Found = list[tuple[int, int, Decided]]
Page = list[tuple[int, str]]  # (claim id, text)
KEYS = "keys"  # a worker's first message when it computes keys rather than comparisons

def compare_pairs(pairs: Pairs, texts: dict[int, str], idf: IdfTable, settings: MatchSettings) -> Found:
    """The pairs that are anything but distinct, with their results, in the order given.
    Each text is analysed once per call."""
    analyses: dict[int, Analysis] = {}

    def analysis(cid: int) -> Analysis:
        found = analyses.get(cid)
        if found is None:
            found = analyses[cid] = analyze(texts[cid])
        return found

    found = []
    for a, b in pairs:
        result = compare(analysis(a), analysis(b), settings, idf)
        if result.decision != DISTINCT:
            found.append((a, b, decided(result)))
    return found


class PairComparer:
    """Compare chunks of pairs in order, in ``workers`` processes (none: here).

    A worker is ``python -m claims.matching.parallel``, fed pickled chunks on its standard
    input and answering on its standard output: unlike multiprocessing's spawn, it never
    imports the caller's main module (a script without a ``__main__`` guard would run again),
    and unlike fork it does not start as a copy of a parent holding a million claims' index.
    """

    def __init__(self, idf: IdfTable, settings: MatchSettings, workers: int = 0) -> None:
        self.idf, self.settings, self.workers = idf, settings, workers
        self._procs: list[subprocess.Popen] = []

    def __enter__(self) -> PairComparer:
        _start(self, (self.idf.df, self.idf.doc_count, self.settings))
        return self

    def __exit__(self, *exc) -> None:
        for proc in self._procs:
            with contextlib.suppress(OSError):  # a worker gone already
                proc.stdin.close()  # end of input: the worker leaves
        for proc in self._procs:
            if exc[0] is not None:
                proc.kill()  # a caller that failed (or was stopped) waits for no comparison
            proc.wait()
            proc.stdout.close()
        self._procs = []

    def results(self, chunks: Iterable[tuple[Pairs, dict[int, str]]]) -> Iterator[Found]:
        """Each chunk's non-distinct pairs, chunk after chunk in the order given."""
        if not self._procs:
            for pairs, texts in chunks:
                yield compare_pairs(pairs, texts, self.idf, self.settings)
            return
        procs = self._procs
        sent = received = 0
        for pairs, texts in chunks:
            _to_worker(procs[sent % len(procs)], (pairs, texts))
            sent += 1
            while sent - received > 2 * len(procs):  # two chunks queued per worker at most
                yield self._receive(procs[received % len(procs)])
                received += 1
        while received < sent:
            yield self._receive(procs[received % len(procs)])
            received += 1

    @staticmethod
    def _receive(proc: subprocess.Popen) -> Found:
        try:
            return pickle.load(proc.stdout)
        except (EOFError, pickle.UnpicklingError):
            raise WorkerStopped(proc) from None


class KeyMaker:
    """The index keys of pages of claims, computed in ``workers`` processes (none: here),
    the pages taken back in the order given; as :class:`PairComparer`, for the claims a large
    batch indexes before its candidate pass (a few µs of Python a claim)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self._procs: list[subprocess.Popen] = []

    def __enter__(self) -> KeyMaker:
        _start(self, KEYS)
        return self

    __exit__ = PairComparer.__exit__

    def keyed(self, pages: Iterable[Page]) -> Iterator[list[tuple[int, list[str]]]]:
        """Each page as (claim id, its keys), page after page in the order given."""
        if not self._procs:
            for page in pages:
                yield [(cid, index_keys(text)) for cid, text in page]
            return
        procs = self._procs
        sent: list[list[int]] = []  # the ids of each page sent, in order
        received = 0
        for page in pages:
            _to_worker(procs[len(sent) % len(procs)], [text for _, text in page])
            sent.append([cid for cid, _ in page])
            while len(sent) - received > 2 * len(procs):
                yield list(zip(sent[received], PairComparer._receive(procs[received % len(procs)]), strict=True))
                sent[received] = []
                received += 1
        while received < len(sent):
            yield list(zip(sent[received], PairComparer._receive(procs[received % len(procs)]), strict=True))
            sent[received] = []
            received += 1


class WorkerStopped(ClaimsError):
    """A worker died (killed, out of memory): the caller's transaction is rolled back. One
    line, not a traceback, and never a BrokenPipeError (which the CLI takes for a reader
    that left: exit status 0)."""

    def __init__(self, proc: subprocess.Popen) -> None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        # A worker whose reply could not be read may still be alive, blocked writing to a
        # full pipe nobody reads any more: stop it, or the wait below never returns.
        if proc.poll() is None:
            proc.kill()
        super().__init__(f"a matching worker process stopped (exit status {proc.wait()}); "
                         "nothing was stored, try again")


def _start(pool: PairComparer | KeyMaker, first) -> None:
    """Start the pool's workers, each told `first`; those started are stopped if one fails
    (`__exit__` is not called when `__enter__` raises)."""
    try:
        for _ in range(pool.workers):
            proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE)
            pool._procs.append(proc)
            _to_worker(proc, first)
    except BaseException as exc:
        pool.__exit__(type(exc), exc, exc.__traceback__)
        raise


def _to_worker(proc: subprocess.Popen, message) -> None:
    try:
        _send(proc.stdin, message)
    except OSError:  # a broken pipe: the worker is gone
        raise WorkerStopped(proc) from None


def _send(stream, message) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def _serve() -> None:
    """A worker: the idf and settings first, then chunks until the input ends. Input is
    read by a thread, so the parent never waits on a full pipe while this one writes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(1), "wb")  # answers only: anything else printed goes to stderr
    os.dup2(2, 1)
    first = pickle.load(stdin)
    if first == KEYS:
        def work(texts: list[str]) -> list[list[str]]:
            return [index_keys(text) for text in texts]
    else:
        df, docs, settings = first
        idf = IdfTable(df, docs)

        def work(task: tuple[Pairs, dict[int, str]]) -> Found:
            return compare_pairs(*task, idf, settings)
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
    # Served by the module under its own name: what it pickles (a Decided) is then
    # claims.matching.parallel.Decided to the parent, not __main__.Decided.
    from claims.matching.parallel import _serve as serve

    serve()

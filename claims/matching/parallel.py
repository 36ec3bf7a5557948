"""Full comparisons of many candidate pairs, and the keys of many claims, in worker
processes when there are many.

Set-at-a-time matching (an import, many articles, ``dupes --rebuild``) has the keys of the
claims it indexes computed by :class:`KeyMaker`, ranks candidates in the calling process and
hands the pairs worth comparing, with their texts, to :class:`PairComparer` a chunk at a time.
With workers (`claims.workers`), chunks are compared in other processes while the caller goes
on ranking and writing; results come back in the order the chunks were sent, so the matches
stored, and the clusters they merge, are those a single process finds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from claims.matching.candidates import pair_keys_of_many
from claims.matching.decision import MatchResult, MatchSettings, compare_unless_distinct
from claims.matching.idf import FixedIdf, IdfTable
from claims.matching.normalize import Analysis, analysis_of
from claims.matching.retrieval import index_keys
from claims.workers import WorkerPool, WorkerStopped

__all__ = ["Decided", "KeyMaker", "PairComparer", "WorkerStopped", "compare_pairs", "decided"]


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


def compare_pairs(pairs: Pairs, texts: dict[int, str], idf: IdfTable, settings: MatchSettings) -> Found:
    """The pairs that are anything but distinct, with their results, in the order given.
    Each text is analysed once per call; `idf` does not change meanwhile.

    An analysis is dropped after the last pair that needs it (and never enters `analyze`'s
    cache): holding a chunk's few thousand (~24 KB each, hundreds of small objects) until its
    end, and the cache's 4,096, doubled what each cost to make (memory no CPU cache held); a
    chunk's pairs come by claim, so a few dozen live at a time. On the 44,315 pairs of a 100k
    import: 13.1 -> 8.2 s CPU, the same results."""
    if not isinstance(idf, FixedIdf):
        idf = FixedIdf(idf)
    last_use: dict[int, int] = {}
    for i, (a, b) in enumerate(pairs):
        last_use[a] = last_use[b] = i
    analyses: dict[int, Analysis] = {}

    def analysis(cid: int) -> Analysis:
        found = analyses.get(cid)
        if found is None:
            found = analyses[cid] = analysis_of(texts[cid])
        return found

    found = []
    for i, (a, b) in enumerate(pairs):
        result = compare_unless_distinct(analysis(a), analysis(b), settings, idf)
        for cid in (a, b):
            if last_use[cid] == i:
                analyses.pop(cid, None)
        if result is not None:
            found.append((a, b, decided(result)))
    return found


class PairComparer(WorkerPool):
    """Compare chunks of pairs in order, in ``workers`` processes (none: here)."""

    what = "matching worker"

    def __init__(self, idf: IdfTable, settings: MatchSettings, workers: int = 0) -> None:
        super().__init__(f"{__name__}:comparing", (idf.df, idf.doc_count, settings), workers)
        fixed = FixedIdf(idf)  # the idf as given, its weights remembered across chunks
        self._local = lambda task: compare_pairs(*task, fixed, settings)

    def results(self, chunks: Iterable[tuple[Pairs, dict[int, str]]]) -> Iterator[Found]:
        """Each chunk's non-distinct pairs, chunk after chunk in the order given."""
        return self.map(chunks)


class KeyMaker(WorkerPool):
    """The index keys of pages of claims, computed in ``workers`` processes (none: here),
    the pages taken back in the order given; as :class:`PairComparer`, for the claims a large
    batch indexes before its candidate pass (a few µs of Python a claim)."""

    what = "matching worker"

    def __init__(self, workers: int = 0) -> None:
        super().__init__(f"{__name__}:keying", (), workers)

    def keyed(self, pages: Iterable[Page]) -> Iterator[list[tuple[int, list[str], list[str]]]]:
        """Each page as (claim id, its keys, its pair keys), page after page in the order given."""
        sent: list[list[int]] = []  # the ids of each page sent, in order

        def texts() -> Iterator[list[str]]:
            for page in pages:
                sent.append([cid for cid, _ in page])
                yield [text for _, text in page]

        for i, keys in enumerate(self.map(texts())):
            yield [(cid, own, pairs) for cid, (own, pairs) in zip(sent[i], keys, strict=True)]
            sent[i] = []


def comparing(df: dict[str, int], docs: int, settings: MatchSettings
              ) -> Callable[[tuple[Pairs, dict[int, str]]], Found]:
    """A worker's work: the comparisons of a chunk of pairs (see `claims.workers`)."""
    idf = FixedIdf(IdfTable(df, docs))
    return lambda task: compare_pairs(*task, idf, settings)


def keying() -> Callable[[list[str]], list[tuple[list[str], list[str]]]]:
    """A worker's work: the index keys and pair keys of a page of texts."""
    def keyed(texts: list[str]) -> list[tuple[list[str], list[str]]]:
        keys = [index_keys(text) for text in texts]
        return list(zip(keys, pair_keys_of_many(keys), strict=True))

    return keyed

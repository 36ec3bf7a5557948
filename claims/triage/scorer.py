"""The trained check-worthiness model: a logistic regression over tf-idf weighted words,
word pairs and pieces of words (``claims.triage.features``), read from a JSON file.

Scoring looks each word up once (a per-process cache keeps its features) and does the tf-idf
arithmetic for a whole batch of sentences in numpy, so a transcript or a rescore of a store
costs microseconds a sentence. scikit-learn only trains the model
(``bench/train_checkworthiness.py``); the weights ship in ``claims/triage/weights`` with a model
card that says what they were trained on and how well they do.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import resources
from itertools import chain
from operator import is_not

from claims.triage import features

WEIGHTS_FILE = "checkworthiness.json.gz"
MAX_CHARS = 1500  # a longer "statement" is run-on text; its head says enough
_CACHE_LIMIT = 200_000  # words remembered per process
SCORE_BATCH = 2_000  # texts scored per numpy pass (see raw_many)


@dataclass(frozen=True)
class Contribution:
    """What one word of the sentence adds to the model's raw score (log-odds)."""

    word: str  # as written in the sentence
    start: int
    end: int
    effect: float


class CheckWorthinessModel:
    """Scores sentences in 0..1 (how worth checking) and says which words moved a score."""

    def __init__(self, data: dict):
        import numpy as np

        self.name: str = data["name"]
        self.intercept: float = data["intercept"]
        self.blocks = ("word", "char")
        gain, mass, block = [], [], []
        self._feature: dict[str, int] = {}  # "w:led to" / " fel" -> column
        for b, name in enumerate(self.blocks):
            for gram, (weight, idf) in data["blocks"][name].items():
                self._feature[gram] = len(gain)
                gain.append(weight * idf)
                mass.append(idf * idf)
                block.append(b)
        self._gain = np.array(gain, dtype=np.float64)
        self._mass = np.array(mass, dtype=np.float64)
        self._block = np.array(block, dtype=np.int64)
        self._pairs: dict[tuple[str, str], int] = {
            tuple(g[2:].split(" ")): j for g, j in self._feature.items() if g.startswith("w:") and " " in g
        }
        self._folded: dict[str, str] = {}  # word as written -> as the model reads it
        self._own: dict[str, tuple[int, ...]] = {}  # word as written -> its features' columns

    def _learn(self, token: str) -> None:
        """Remember a word as written: its folded form and the columns of its own features
        (itself and its pieces)."""
        folded = features.fold(token)
        grams = ["w:" + folded] + features.char_grams_of(folded)
        if len(self._folded) < _CACHE_LIMIT:
            self._folded[token] = folded
            self._own[token] = tuple(j for j in map(self._feature.get, grams) if j is not None)

    def _word(self, token: str) -> tuple[str, tuple[int, ...]]:
        """A word as written -> (folded, the columns of its own features)."""
        if token not in self._folded:
            self._learn(token)
            if token not in self._folded:  # the cache is full
                folded = features.fold(token)
                grams = ["w:" + folded] + features.char_grams_of(folded)
                return folded, tuple(j for j in map(self._feature.get, grams) if j is not None)
        return self._folded[token], self._own[token]

    def raw_many(self, texts: list[str]) -> list[float]:
        """The log-odds of each text: intercept plus each block's l2-normalised tf-idf dot product.
        Computed `SCORE_BATCH` texts at a time: the arrays of a whole batch hold a dozen numbers
        per feature of every text (300 MB for the 50,000 statements of a 3 MB article); each
        text's score is the same whatever its batch."""
        out: list[float] = []
        for i in range(0, len(texts), SCORE_BATCH):
            out += self._raw_batch(texts[i : i + SCORE_BATCH])
        return out

    def _raw_batch(self, texts: list[str]) -> list[float]:
        import numpy as np

        chunks: list[tuple[int, ...]] = []
        sizes: list[int] = []
        folded_of, own_of, pair_of = self._folded.get, self._own.get, self._pairs.get
        find = features.WORD_RE.findall
        for text in texts:  # per word only C-level look-ups, once the words are known
            tokens = find(text[:MAX_CHARS])
            folded = list(map(folded_of, tokens))
            if None in folded:
                seen = [self._word(t) for t in tokens]
                folded = [f for f, _ in seen]
                own = [o for _, o in seen]
            else:
                own = list(map(own_of, tokens))
            own.append(tuple(filter(_known, map(pair_of, zip(folded, folded[1:], strict=False)))))
            chunks += own
            sizes.append(sum(map(len, own)))
        n = len(texts)
        total = sum(sizes)
        if not total:
            return [self.intercept] * n
        width = len(self._gain)
        cols = np.fromiter(chain.from_iterable(chunks), dtype=np.int64, count=total)
        rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
        keys, counts = np.unique(rows * width + cols, return_counts=True)
        row, col = np.divmod(keys, width)
        cell = row * 2 + self._block[col]
        dot = np.bincount(cell, weights=counts * self._gain[col], minlength=2 * n)
        norm = np.sqrt(np.bincount(cell, weights=counts * counts * self._mass[col], minlength=2 * n))
        value = np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0)
        return (self.intercept + value.reshape(n, 2).sum(axis=1)).tolist()

    def scores(self, texts: list[str]) -> list[float]:
        """Each text's check-worthiness in 0..1 (the model's probability, four places)."""
        return [round(_sigmoid(x), 4) for x in self.raw_many(texts)]

    def raw(self, text: str) -> float:
        return self.raw_many([text])[0]

    def contributions(self, text: str) -> list[Contribution]:
        """Each word's share of the raw score: its own features, half of each word pair it is
        in, and its pieces. With the intercept they add up to ``raw(text)``."""
        text = text[:MAX_CHARS]
        spans = [(m.start(), m.end()) for m in features.WORD_RE.finditer(text)]
        seen = [self._word(text[s:e]) for s, e in spans]
        pair_cols = [self._pairs.get((a, b)) for (a, _), (b, _) in zip(seen, seen[1:], strict=False)]
        counts = Counter(j for _, own in seen for j in own)
        counts.update(j for j in pair_cols if j is not None)
        norms = [0.0, 0.0]
        for j, c in counts.items():
            norms[self._block[j]] += c * c * self._mass[j]
        norms = [math.sqrt(x) or 1.0 for x in norms]

        def share(j: int) -> float:
            return float(self._gain[j]) / norms[self._block[j]]

        effects = [sum(share(j) for j in own) for _, own in seen]
        for i, j in enumerate(pair_cols):
            if j is not None:
                effects[i] += share(j) / 2
                effects[i + 1] += share(j) / 2
        return [Contribution(text[s:e], s, e, x) for (s, e), x in zip(spans, effects, strict=False)]


_known = partial(is_not, None)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


@lru_cache(maxsize=1)
def shipped() -> CheckWorthinessModel:
    """The model that ships in the package (read once per process)."""
    blob = resources.files("claims.triage.weights").joinpath(WEIGHTS_FILE).read_bytes()
    return CheckWorthinessModel(json.loads(gzip.decompress(blob)))


def load(path) -> CheckWorthinessModel:
    """A model the training command wrote to ``path``."""
    with open(path, "rb") as f:
        return CheckWorthinessModel(json.loads(gzip.decompress(f.read())))

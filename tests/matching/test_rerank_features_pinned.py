"""The reranker's features on a fixed sample of CheckThat! pairs, pinned: the shipped weights
(claims/matching/weights/reranker.json) must be what `python bench/train_reranker.py` makes
of the code as it is, and they were not twice, after a change beneath the features (the
duplicate decision's reading of numbers feeds `conf`) left them as trained on the code before.

When this fails, the features moved: retrain (`python bench/train_reranker.py`, then
`--check`), put its figures in the model card (claims/matching/weights/README.md), and pin
the new digest here. Reads ../shared/data (skips where it is absent).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from claims.matching import IdfTable, analyze
from claims.matching.rerank import Candidate, features

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import checkthat  # noqa: E402

PINNED = "c3d3df06130f1b9efbaae1df6748da0901ab22f4f6e84b12c8014a34e6ed50a5"
QUERIES = 80  # train tweets, in id order
OTHERS = 9  # verified claims beside each tweet's own, chosen by position


def sample_rows() -> list[list[float]]:
    data = checkthat.load()
    by_id = {c["vclaim_id"]: c for c in data.verified}
    tweets = sorted(data.qrels["train"])[:QUERIES]
    step = len(data.verified) // (QUERIES * OTHERS)
    pools = []
    for n, qid in enumerate(tweets):
        chosen = [by_id[c] for c in sorted(data.qrels["train"][qid]) if c in by_id]
        chosen += [data.verified[(n * OTHERS + i) * step] for i in range(OTHERS)]
        pools.append((data.queries[qid], chosen))
    idf = IdfTable.from_texts(c["vclaim"] for _, chosen in pools for c in chosen)
    rows = []
    for query, chosen in pools:
        pool = [Candidate(i, analyze(c["vclaim"]), analyze(c["title"]) if c.get("title") else None,
                          10.0 - i, 1.0) for i, c in enumerate(chosen)]
        rows += features(analyze(query), pool, idf, 12.0)
    return rows


@pytest.mark.skipif(bool(checkthat.missing()), reason="CheckThat! 2A data not in ../shared/data")
def test_the_rerankers_features_are_those_its_weights_were_trained_on():
    rows = sample_rows()
    digest = hashlib.sha256(json.dumps([[round(x, 6) for x in r] for r in rows]).encode()).hexdigest()
    assert digest == PINNED, (
        f"the reranker's features moved ({digest}): retrain with `python bench/train_reranker.py`, "
        "update the model card's figures and pin the new digest")

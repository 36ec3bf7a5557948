"""The search reranker: its features, the shipped weights, and the training command."""

from __future__ import annotations

import importlib.util
import json
import math
import random
import sys
from pathlib import Path

import pytest

from claims.matching import IdfTable, analyze
from claims.matching.rerank import (
    FEATURES,
    TITLE_PREFIX,
    Candidate,
    Reranker,
    features,
    rerank,
    shipped,
    title_keys,
)

ROOT = Path(__file__).resolve().parents[2]
QUERY = "Tennessee nurse fainted on live TV right after getting the Pfizer vaccine"
TEXTS = [
    ("nurse", "A nurse collapsed on camera right after she received the vaccine",
     "Did a Tennessee Nurse Faint After Getting the Pfizer Vaccine?"),
    ("fares", "The mayor said fares have not risen in six years", "Fares Frozen?"),
    ("ohio", "A nurse in Ohio was fired for refusing a double shift", None),
]


def pool(idf: IdfTable) -> list[Candidate]:
    return [Candidate(i, analyze(t), analyze(h) if h else None, bm_text=3.0 - n, bm_title=1.0 if h else 0.0)
            for n, (i, t, h) in enumerate(TEXTS)]


def test_shipped_weights_cover_the_features():
    model = shipped()
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(FEATURES)
    assert all(s > 0 for s in model.scale) and 0.5 < model.cv <= 1
    data = json.loads((ROOT / "claims/matching/weights/reranker.json").read_text())
    with pytest.raises(ValueError, match="other features"):
        Reranker({**data, "features": data["features"][:-1]})


def test_features_one_row_per_candidate_and_titles_count():
    idf = IdfTable.from_texts([t for _, t, _ in TEXTS] + [h for _, _, h in TEXTS if h])
    rows = features(analyze(QUERY), pool(idf), idf, query_max=10.0)
    assert [len(r) for r in rows] == [len(FEATURES)] * 3
    assert all(math.isfinite(x) for r in rows for x in r)
    tcov = FEATURES.index("tcov")
    assert rows[0][tcov] > 0.5 and rows[1][tcov] == 0 and rows[2][tcov] == 0  # no title: 0
    ranked = rerank(analyze(QUERY), pool(idf), idf, 10.0)
    assert ranked[0][0] == "nurse" and all(0 <= s <= 100 for _, s in ranked)
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_title_keys_never_look_like_claim_keys():
    keys = title_keys("Did a Nurse Faint?")
    assert keys and all(k.startswith(TITLE_PREFIX) and ":" in k for k in keys)
    assert title_keys(None) == [] and title_keys("") == []


@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None, reason="needs the train extra")
def test_training_command_is_deterministic(tmp_path, monkeypatch):
    """bench/train_reranker.py on a tiny made-up CheckThat set: an artefact that loads,
    byte-identical when trained again (--check)."""
    rng = random.Random(3)
    words = [f"w{i}" for i in range(300)]
    folder = tmp_path / "data" / "checkthat-2a"
    folder.mkdir(parents=True)
    claims, queries, train, dev = [], [], [], []
    for i in range(60):
        text = " ".join(rng.sample(words, 8))
        title = " ".join(rng.sample(words, 4))
        claims.append({"vclaim_id": f"v{i}", "vclaim": text, "title": title})
        if i < 30:
            query = " ".join(text.split()[:5] + rng.sample(words, 3) + title.split()[:2])
            queries.append(f"q{i}\t{query}")
            (train if i < 24 else dev).append(f"q{i}\t0\tv{i}\t1")
    (folder / "verified-claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    (folder / "CT2022-Task2A-EN-Train-Dev_Queries.tsv").write_text("\n".join(queries) + "\n")
    (folder / "CT2022-Task2A-EN-Train_QRELs.tsv").write_text("\n".join(train) + "\n")
    (folder / "CT2022-Task2A-EN-Dev_QRELs.tsv").write_text("\n".join(dev) + "\n")
    monkeypatch.setenv("CLAIMS_SHARED_DATA", str(tmp_path / "data"))
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sys.modules.pop("train_reranker", None)
    import train_reranker

    out, desk = tmp_path / "reranker.json", tmp_path / "desk.db"
    assert train_reranker.main(["--out", str(out), "--desk", str(desk)]) == 0
    model = Reranker.from_file(out)
    assert model.name == train_reranker.NAME and len(model.coef) == len(FEATURES)
    assert train_reranker.main(["--out", str(out), "--desk", str(desk), "--check"]) == 0
    out.write_text(out.read_text().replace(str(model.coef[0]), str(model.coef[0] + 1), 1))
    assert train_reranker.main(["--out", str(out), "--desk", str(desk), "--check"]) == 1


@pytest.mark.parametrize(("query", "claim"), [
    ("Lagos is the 4th largest city in Africa", "Lagos is the 5th largest city in Africa"),
    ("The budget doubled under the new mayor", "The budget tripled under the new mayor"),
    ("Temperatures fell to -5 degrees in the capital", "Temperatures fell to 5 degrees in the capital"),
    ("Soldiers from World War II were honoured", "Soldiers from World War I were honoured"),
    ("The rally drew 2k people downtown", "The rally drew 3k people downtown"),
    ("Millions of voters stayed home", "Billions of voters stayed home"),
])
def test_number_feature_reads_numbers_as_the_decision_does(query, claim):
    """`conf` is the duplicate decision's reading of the pair's numbers (ordinals, signs,
    k/m, Roman numerals, multipliers, scale words), not the index's: the reranker was told
    "4th" and "5th" agree while the decision called them a conflict."""
    from claims.matching import CONFLICT, compare

    idf = IdfTable.from_texts([query, claim])
    candidate = [Candidate("c", analyze(claim), None, bm_text=1.0, bm_title=0.0)]
    conf = features(analyze(query), candidate, idf, query_max=1.0)[0][FEATURES.index("conf")]
    assert conf == 1.0
    assert compare(query, claim, idf=idf).decision == CONFLICT  # the decision reads it so too
    same = [Candidate("s", analyze(query), None, bm_text=1.0, bm_title=0.0)]
    assert features(analyze(query), same, idf, query_max=1.0)[0][FEATURES.index("conf")] == 0.0

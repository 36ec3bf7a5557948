"""Train the search reranker the CLI ships, deterministically, on CheckThat! 2022 2A.

    python bench/train_reranker.py            # choose C by CV on train tweets, write the weights
    python bench/train_reranker.py --check    # retrain and confirm the shipped file is byte-identical

The verified claims are imported into a SQLite desk (bench/out/checkthat.db, kept for the
next run) with their fact-check titles, as `claims import` stores them. Each training tweet
is searched as `claims search` searches (`claims.services.matching.search_pool`: BM25 over
claims and titles); the pool's candidates get `claims.matching.rerank.features`, labelled by
the gold pairs. A logistic regression (standardised features) is fitted on the training
tweets; its C is chosen by 5-fold cross-validation over training tweets (MAP@5 of the
held-out fold's rankings). Dev tweets choose nothing: their figure is printed beside the
training (fitted) and CV figures, all three through `search_in_session`, the function the
CLI calls. Needs the ``train`` extra (scikit-learn): pip install -e '.[train]'.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import checkthat  # noqa: E402

from claims.matching.rerank import FEATURES, TITLE_WEIGHT, WEIGHTS, Reranker, features  # noqa: E402
from claims.services.matching import SEARCH_POOL, search_in_session, search_pool  # noqa: E402

NAME = "rerank-lr-4"  # bump when features, data or the pool change
GRID_C = (0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5


def pools(db, data: checkthat.CheckThat, split: str):
    """Per tweet of `split`: (tweet id, candidate external ids, feature rows, labels)."""
    out = []
    with db.session() as session:
        for qid in sorted(data.qrels[split]):
            found = search_pool(session, data.queries[qid], size=SEARCH_POOL)
            ids = [found.rows[c.id][1] for c in found.pool]
            rows = features(found.query, found.pool, found.idf, found.query_max)
            out.append((qid, ids, rows, [int(i in data.qrels[split][qid]) for i in ids]))
    return out


def ranked_by(pooled, score) -> dict[str, list[str]]:
    """Each tweet's candidates by `score(rows) -> list` (ties keep the BM25 order)."""
    ranked = {}
    for qid, ids, rows, _ in pooled:
        if not rows:
            ranked[qid] = []
            continue
        s = score(rows)
        ranked[qid] = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -s[i])]
    return ranked


def fit(pooled, C: float):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X = np.array([r for _, _, rows, _ in pooled for r in rows], dtype=float)
    y = np.array([v for _, _, _, labels in pooled for v in labels])
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(C=C, max_iter=10_000).fit(scaler.transform(X), y)
    return scaler, model


def scorer(scaler, model):
    import numpy as np

    return lambda rows: model.decision_function(scaler.transform(np.array(rows, dtype=float))).tolist()


def cv_map(pooled, qrels, C: float) -> float:
    ranked = {}
    for fold in range(FOLDS):
        train = [p for i, p in enumerate(pooled) if i % FOLDS != fold]
        held = [p for i, p in enumerate(pooled) if i % FOLDS == fold]
        ranked.update(ranked_by(held, scorer(*fit(train, C))))
    return checkthat.mean_ap(ranked, qrels)


def through_cli(db, data: checkthat.CheckThat, split: str, model: Reranker) -> float:
    ranked = {}
    with db.session() as session:
        for qid in data.qrels[split]:
            hits = search_in_session(session, data.queries[qid], limit=5, model=model)
            ranked[qid] = [h.external_id for h in hits]
    return checkthat.mean_ap(ranked, data.qrels[split])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--desk", type=Path, default=ROOT / "bench" / "out" / "checkthat.db")
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing")
    args = ap.parse_args(argv)
    if checkthat.missing():
        sys.exit(f"CheckThat 2A data not found in {checkthat.folder()}: {', '.join(checkthat.missing())}")
    data = checkthat.load()
    db, took = checkthat.desk(data, args.desk)
    print(f"desk {args.desk}: {len(data.verified)} verified claims"
          + (f" (imported in {took:.0f} s)" if took else " (reused)"))
    started = time.perf_counter()
    train = pools(db, data, "train")
    dev = pools(db, data, "dev")
    print(f"pools: {len(train)} train and {len(dev)} dev tweets, {SEARCH_POOL} candidates each, "
          f"{len(FEATURES)} features ({time.perf_counter() - started:.0f} s)")
    bm25 = lambda rows: [r[FEATURES.index("bm")] for r in rows]  # noqa: E731
    print(f"BM25 pool order alone: train MAP@5 {checkthat.mean_ap(ranked_by(train, bm25), data.qrels['train']):.4f}, "
          f"dev {checkthat.mean_ap(ranked_by(dev, bm25), data.qrels['dev']):.4f}")
    cv = {}
    for C in GRID_C:
        cv[C] = cv_map(train, data.qrels["train"], C)
        print(f"  C {C:<5g} {FOLDS}-fold CV MAP@5 on train tweets {cv[C]:.4f}")
    best = max(GRID_C, key=lambda c: (round(cv[c], 4), -c))  # ties: the stronger regularisation
    scaler, model = fit(train, best)
    weights = {
        "name": NAME,
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "C": best,
        "pool": SEARCH_POOL,
        "title_weight": TITLE_WEIGHT,
        "cv_map5": round(cv[best], 4),
        "data": "CLEF CheckThat! 2022 Task 2A (English), training tweets and verified claims",
    }
    text = json.dumps(weights, indent=1, sort_keys=True) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'byte-identical' if same else 'DIFFERS from a fresh training'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes), C {best}")
    written = Reranker.from_file(args.out)
    print(f"MAP@5 through search_in_session: train (fitted) {through_cli(db, data, 'train', written):.4f}, "
          f"CV {cv[best]:.4f}, dev {through_cli(db, data, 'dev', written):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

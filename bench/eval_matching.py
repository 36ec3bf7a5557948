"""Evaluate claim matching: accuracy on MRPC, retrieval on CheckThat! 2A, speed at scale.

    .venv/bin/python bench/eval_matching.py                 # MRPC + CheckThat
    .venv/bin/python bench/eval_matching.py --scale 100000  # + synthetic scale run
    .venv/bin/python bench/eval_matching.py --only scale --scale 1000000
    .venv/bin/python bench/eval_matching.py --only fit      # refit the match model, 5-fold CV

Data is read from ``../shared/data`` beside the repository (``CLAIMS_SHARED_DATA``
overrides); a section whose data is absent is skipped with the reason.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims.matching import (  # noqa: E402
    SCORER,
    CandidateIndex,
    IdfTable,
    MatchSettings,
    compare,
    find_duplicate_pairs,
)
from claims.matching.decision import DISTINCT, DUPLICATE, SUGGESTED  # noqa: E402
from claims.matching.scoring import MODEL as SCORING_MODEL  # noqa: E402

REFERENCE = {
    "mrpc": "targets: accuracy >= 0.75, F1 >= 0.83, duplicate precision >= 0.95",
    "checkthat": "BM25 reference MAP@5 on dev: text 0.726, text+title 0.816; goal dev >= 0.90",
}


def shared_data() -> Path:
    env = os.environ.get("CLAIMS_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n{title}")
    print("-" * len(title))
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")


# -- MRPC -----------------------------------------------------------------------------
def read_mrpc(path: Path) -> list[tuple[int, str, str]]:
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        next(handle)  # header
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def decision_figures(labels: list[int], decisions: list[str]) -> dict[str, float]:
    """Positive = duplicate or suggested; the precision of the automatic duplicates apart."""
    said = [d in (DUPLICATE, SUGGESTED) for d in decisions]
    tp = sum(1 for y, p in zip(labels, said, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, said, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, said, strict=True) if y and not p)
    dup = [y for y, d in zip(labels, decisions, strict=True) if d == DUPLICATE]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"accuracy": (len(labels) - fp - fn) / len(labels), "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "dup_precision": sum(dup) / len(dup) if dup else float("nan"), "dups": len(dup)}


@contextmanager
def match_model(weights: list[float], names: list[str]):
    """Score with other weights for a while: the real `compare` (and its decision rule) with a
    model fitted on other pairs, for cross-validating the decisions themselves."""
    from claims.matching import scoring

    saved = scoring.MODEL, scoring.BIAS
    scoring.MODEL = tuple(zip(names, weights[:-1], strict=True))
    scoring.BIAS = weights[-1]
    try:
        yield
    finally:
        scoring.MODEL, scoring.BIAS = saved


def eval_mrpc(data: Path, settings: MatchSettings, folds: int = 5) -> None:
    """The pair decision on MRPC: fitted (the shipped model saw every pair) beside a
    ``folds``-fold CV (each fold decided by a model refitted on the other folds' pairs and
    random pairs, as the shipped one was fitted; thresholds as set), and the gap."""
    path = data / "mrpc" / "msr_paraphrase_train.txt"
    if not path.exists():
        print(f"\nMRPC: skipped ({path} not found)")
        return
    rows = read_mrpc(path)
    labels = [label for label, _, _ in rows]
    # Corpus statistics as a desk would have them: document frequencies over every sentence.
    idf = IdfTable.from_texts([s for _, a, b in rows for s in (a, b)])
    started = time.perf_counter()
    results = [compare(a, b, settings, idf) for _, a, b in rows]
    elapsed = time.perf_counter() - started
    fitted = decision_figures(labels, [r.decision for r in results])
    conflicts = [r for r in results if r.decision == "conflict"]
    features, negatives, keep = _fit_inputs(rows, idf)
    names = [n for n, _ in SCORING_MODEL]
    cv_decisions: list[str] = [""] * len(rows)
    for fold in range(folds):
        train = [i for i in keep if i % folds != fold]
        neg = [x for j, x in enumerate(negatives) if j % folds != fold]
        weights = fit_logistic([features[i] for i in train] + neg, [labels[i] for i in train] + [0] * len(neg))
        with match_model(weights, names):
            for i in range(fold, len(rows), folds):
                cv_decisions[i] = compare(rows[i][1], rows[i][2], settings, idf).decision
    cv = decision_figures(labels, cv_decisions)

    def line(f: dict[str, float]) -> str:
        return (f"accuracy {f['accuracy']:.3f}  F1 {f['f1']:.3f}  (precision {f['precision']:.3f}, "
                f"recall {f['recall']:.3f})  duplicate precision {f['dup_precision']:.3f} ({f['dups']} pairs)")

    table(
        f"MRPC training pairs ({len(rows)}), positive = duplicate or suggested",
        [
            ("settings", f"confirm {settings.confirm_threshold}, suggest {settings.suggest_threshold}, "
                         f"min words {settings.min_words_auto}"),
            ("fitted", line(fitted) + "  (the shipped model saw these pairs)"),
            (f"{folds}-fold CV", line(cv)),
            ("gap fitted - CV", f"accuracy {fitted['accuracy'] - cv['accuracy']:+.3f}, F1 {fitted['f1'] - cv['f1']:+.3f}, "
                                f"duplicate precision {fitted['dup_precision'] - cv['dup_precision']:+.3f}"),
            ("conflicts", f"{len(conflicts)} pairs, "
                          f"{sum(y for y, r in zip(labels, results, strict=True) if r.decision == 'conflict')} of them labelled paraphrase"),
            ("goal (issue 13)", "CV accuracy >= 0.78, F1 >= 0.85, duplicate precision >= 0.97"),
            ("reference", REFERENCE["mrpc"]),
            ("time", f"{elapsed:.1f} s ({elapsed / len(rows) * 1e6:.0f} us a pair)"),
        ],
    )


def _fit_inputs(rows, idf):
    """The match model's training inputs as the shipped model was fitted: each pair's
    features, 1,000 random pairs as negatives, and the pairs without a number conflict."""
    from claims.matching.normalize import analyze
    from claims.matching.numbers import number_conflicts
    from claims.matching.scoring import pair_features

    names = [n for n, _ in SCORING_MODEL]

    def vector(a, b):
        f = pair_features(analyze(a), analyze(b), idf)
        return [f[n] for n in names]

    features = [vector(a, b) for _, a, b in rows]
    rng = random.Random(5)
    sentences = [s for _, a, b in rows for s in (a, b)]
    negatives = [vector(rng.choice(sentences), rng.choice(sentences)) for _ in range(1000)]
    keep = [i for i, (_, a, b) in enumerate(rows)
            if not number_conflicts(analyze(a).numbers, analyze(b).numbers)]
    return features, negatives, keep


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = 0.01, rounds: int = 30) -> list[float]:
    """Logistic regression by iteratively reweighted least squares (L2 on the weights, not
    the bias); the last weight is the bias."""
    import numpy as np

    x = np.hstack([np.asarray(rows, dtype=float), np.ones((len(rows), 1))])
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], l2)
    ridge[-1] = 0.0
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30.0, 30.0)))
        gradient = x.T @ (p - y) + ridge * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        w = w - np.linalg.solve(hessian, gradient)
    return w.tolist()


def fit_match_model(data: Path, settings: MatchSettings, folds: int = 5) -> None:
    """Refit the match model (scoring.MODEL) as it was fitted, and cross-validate it."""
    from claims.matching.scoring import MODEL

    path = data / "mrpc" / "msr_paraphrase_train.txt"
    if not path.exists():
        print(f"\nfit: skipped ({path} not found)")
        return
    rows = read_mrpc(path)
    idf = IdfTable.from_texts([s for _, a, b in rows for s in (a, b)])
    names = [n for n, _ in MODEL]
    features, negatives, keep = _fit_inputs(rows, idf)
    labels = [y for y, _, _ in rows]
    kept = set(keep)
    conflict = [i not in kept for i in range(len(rows))]
    cut = settings.suggest_threshold / 100
    predicted = [0.0] * len(rows)
    for fold in range(folds):
        train = [i for i in keep if i % folds != fold]
        neg = [x for j, x in enumerate(negatives) if j % folds != fold]
        w = fit_logistic([features[i] for i in train] + neg, [labels[i] for i in train] + [0] * len(neg))
        for i in range(fold, len(rows), folds):
            z = w[-1] + sum(a * b for a, b in zip(w, features[i], strict=False))
            predicted[i] = 0.0 if conflict[i] else 1 / (1 + math.exp(-z))
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p >= cut and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p >= cut and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if p < cut and y)
    w = fit_logistic([features[i] for i in keep] + negatives, [labels[i] for i in keep] + [0] * len(negatives))
    table(
        f"Match model refit on MRPC ({len(keep)} pairs without a number conflict + 1,000 random pairs)",
        [(n, f"{v:+.4f} (in use {dict(MODEL).get(n, 0.0):+.4f})") for n, v in zip(names, w, strict=False)]
        + [("bias", f"{w[-1]:+.4f}"),
           (f"{folds}-fold CV", f"accuracy {(len(rows) - fp - fn) / len(rows):.3f}, F1 {2 * tp / (2 * tp + fp + fn):.3f} "
                               f"at {settings.suggest_threshold:g} (score alone, conflicts negative)")],
    )


# -- CheckThat 2A -----------------------------------------------------------------------
def eval_checkthat(data: Path) -> None:
    """CheckThat! 2A through the store and `search_in_session`, the function `claims search
    --queries` calls: the verified claims imported with their titles (bench/checkthat.py)."""
    import checkthat

    from claims.matching.rerank import shipped
    from claims.services.matching import SEARCH_POOL, search_in_session, search_pool

    where = data / "checkthat-2a"
    if checkthat.missing(where):
        print(f"\nCheckThat 2A: skipped ({', '.join(checkthat.missing(where))} not found in {where})")
        return
    found = checkthat.load(where)
    path = Path(__file__).resolve().parent / "out" / "checkthat.db"
    db, took = checkthat.desk(found, path)
    model = shipped()
    rows = [("desk", f"{path} ({f'imported in {took:.0f} s' if took else 'reused'})")]
    figures: dict[str, dict[str, float]] = {"bm25": {}, "reranked": {}}
    latencies: list[float] = []
    with db.session() as session:
        for split, qrels in found.qrels.items():
            plain, reranked = {}, {}
            for qid in qrels:
                text = found.queries[qid]
                pool = search_pool(session, text, size=SEARCH_POOL)
                plain[qid] = [pool.rows[c.id][1] for c in pool.pool[:5]]
                started = time.perf_counter()
                reranked[qid] = [h.external_id for h in search_in_session(session, text, limit=5)]
                latencies.append(time.perf_counter() - started)
            figures["bm25"][split] = checkthat.mean_ap(plain, qrels)
            figures["reranked"][split] = checkthat.mean_ap(reranked, qrels)
    rows.append(("BM25 text + title/2", f"train {figures['bm25']['train']:.3f}   dev {figures['bm25']['dev']:.3f}   "
                                        f"(the pool's own order, {SEARCH_POOL} candidates)"))
    rows.append((f"reranker {model.name}",
                 f"train {figures['reranked']['train']:.3f} (fitted)   CV {model.cv:.3f} (5-fold, train tweets)   "
                 f"dev {figures['reranked']['dev']:.3f}   (gap fitted - CV {figures['reranked']['train'] - model.cv:+.3f})"))
    latencies.sort()
    rows.append(("search", f"p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, "
                           f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms (tweet queries, {load()})"))
    rows.append(("reference", REFERENCE["checkthat"]))
    table(f"CheckThat! 2022 2A MAP@5: {len(found.qrels['train'])} train and {len(found.qrels['dev'])} dev tweets "
          f"against {len(found.verified)} claims", rows)


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


# -- synthetic scale -------------------------------------------------------------------
_FUNCTION_WORDS = (  # noqa: SIM905
    "the of and to in a that is was for on said with as by at from it has have be are "
    "were had this not but after more than about its their over which who will been"
).split()
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def _content_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4)))))
    return sorted(words)


def synthetic_claims(n: int, seed: int = 4, planted_share: float = 0.1):
    """``n`` synthetic claims as ``(id, text)`` and the planted near-duplicate pairs.

    Content words follow a Zipf law over a vocabulary that grows with the store (60,000
    words plus one for every two claims: names, places and numbers keep arriving in news,
    Heaps' law), function words make up
    about 40% of a sentence, sentences run 10 to 40 words and a third carry a number.
    A planted near-duplicate copies an earlier claim and then drops a word or two, swaps
    one content word, adds a function word and changes case and punctuation.
    """
    rng = random.Random(seed)
    vocab = _content_vocabulary(rng, 60_000 + n // 2)
    cumulative, total = [], 0.0
    for rank in range(1, len(vocab) + 1):
        total += 1.0 / rank
        cumulative.append(total)
    claims: list[tuple[str, str]] = []
    planted: list[tuple[str, str]] = []
    base_words: list[list[str]] = []
    for i in range(n):
        doc_id = f"s{i}"
        if base_words and rng.random() < planted_share:
            source = rng.randrange(len(base_words))
            words = list(base_words[source])
            for _ in range(rng.choice((1, 1, 2))):
                if len(words) > 6:
                    words.pop(rng.randrange(len(words)))
            spot = rng.randrange(len(words))
            if not words[spot][0].isdigit():
                words[spot] = rng.choices(vocab, cum_weights=cumulative)[0]
            words.insert(rng.randrange(len(words)), rng.choice(_FUNCTION_WORDS))
            text = " ".join(words)
            text = text.upper() if rng.random() < 0.05 else text.capitalize()
            claims.append((doc_id, text + rng.choice((".", "!", "", " ..."))))
            planted.append((f"s{source}", doc_id))
            base_words.append(words)
            continue
        length = rng.randint(10, 40)
        content = rng.choices(vocab, cum_weights=cumulative, k=length)
        words = [w if rng.random() > 0.4 else rng.choice(_FUNCTION_WORDS) for w in content]
        if rng.random() < 0.33:
            words.insert(rng.randrange(len(words)), f"{rng.randint(2, 5000):,}")
        base_words.append(words)
        claims.append((doc_id, " ".join(words).capitalize() + "."))
    return claims, planted


def eval_scale(n: int, settings: MatchSettings) -> None:
    started = time.perf_counter()
    claims, planted = synthetic_claims(n)
    generated = time.perf_counter() - started
    texts = dict(claims)
    rows = [
        (
            "claims",
            f"{n:,} ({len(planted):,} planted near-duplicates, generated in {generated:.0f} s)",
        )
    ]

    index = CandidateIndex()
    started = time.perf_counter()
    index.add_many(claims)
    rows.append(
        ("index build", f"{time.perf_counter() - started:.1f} s, {index.posting_count:,} postings")
    )
    rng = random.Random(1)
    probes = [texts[dup] for _, dup in rng.sample(planted, min(300, len(planted)))]
    index.search(probes[0])  # warm the length norms
    for name, lookup in (("candidates", index.candidates), ("search", index.search)):
        latencies = []
        for text in probes:
            t0 = time.perf_counter()
            lookup(text, 10)
            latencies.append(time.perf_counter() - t0)
        latencies.sort()
        rows.append(
            (
                f"one {name}",
                f"p50 {latencies[len(latencies) // 2] * 1000:.2f} ms, "
                f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.2f} ms",
            )
        )
    del index

    started, cpu_started = time.perf_counter(), time.process_time()
    found: dict[frozenset, str] = {}
    for a, b, result in find_duplicate_pairs(claims, settings):
        found[frozenset((a, b))] = result.decision
    dedup_time = time.perf_counter() - started
    dedup_cpu = time.process_time() - cpu_started  # the honest figure on a shared machine
    rows.append(
        (
            "all-pairs dedup",
            f"{dedup_time:.1f} s wall, {dedup_cpu:.1f} s CPU, {len(found):,} pairs not distinct",
        )
    )

    idf = IdfTable.from_texts(texts.values())
    expected = [
        p for p in planted if compare(texts[p[0]], texts[p[1]], settings, idf).decision != DISTINCT
    ]
    hit = sum(1 for p in expected if frozenset(p) in found)
    rows.append(
        (
            "planted recall",
            f"{hit / len(expected):.4f} of {len(expected):,} planted pairs the "
            f"scorer matches ({len(expected) / len(planted):.3f} of all planted)",
        )
    )
    rows.append(("peak memory", f"{peak_rss_mb():.0f} MB (max RSS of this process)"))
    table(f"Synthetic scale: {n:,} claims", rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="also run the synthetic scale section")
    parser.add_argument("--only", choices=("mrpc", "checkthat", "scale", "fit"), help="run one section")
    parser.add_argument("--confirm", type=float, help="confirm threshold to evaluate")
    parser.add_argument("--suggest", type=float, help="suggest threshold to evaluate")
    args = parser.parse_args(argv)
    defaults = MatchSettings()
    settings = MatchSettings(
        confirm_threshold=args.confirm if args.confirm is not None else defaults.confirm_threshold,
        suggest_threshold=args.suggest if args.suggest is not None else defaults.suggest_threshold,
    )
    data = shared_data()
    print(f"claims matching evaluation: scorer {SCORER}, data {data}")
    if args.only in (None, "mrpc"):
        eval_mrpc(data, settings)
    if args.only in (None, "checkthat"):
        eval_checkthat(data)
    if args.only == "fit":
        fit_match_model(data, settings)
    if args.only == "scale" or args.scale:
        eval_scale(args.scale or 100_000, settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

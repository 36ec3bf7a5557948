"""Train the extraction refiner (``claims.extraction.refine``) deterministically on PolNeAR.

    python bench/train_extraction_refiner.py           # fit on train, choose settings, write the weights
    python bench/train_extraction_refiner.py --check   # retrain and confirm the shipped file is identical

Candidates are the rules' attributions (``claims.extraction.extractor.candidates``) over
the train split's articles; the *keep* model learns whether a candidate overlaps an
annotated statement (IoU >= 0.5, as the bench counts). An L2 logistic regression
(scikit-learn, lbfgs) over the named features of ``claims.extraction.refine``; C is chosen
by log-loss on the dev split, which fits nothing. The threshold is chosen by 5-fold
cross-validation on train (each fold's probabilities from a model refitted on the other
four): the most permissive one at which the pooled precision reaches the bar, 0.87. The
rules may then be generous (kind "loose": a speech cue whose source they could not place)
and leave the judgment to the model. Needs the ``train`` extra: pip install -e '.[train]'.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_extraction import Gold, _content_iou, polnear_articles, read_ann  # noqa: E402
from extraction_speed import publication_dates, shared_data  # noqa: E402

from claims.extraction.attribution import Attribution  # noqa: E402
from claims.extraction.extractor import candidates  # noqa: E402
from claims.extraction.refine import WEIGHTS_FILE, Refiner, _first_line_end, keep_features  # noqa: E402

NAME = "refiner-lr-7"  # bump when features, data or the rules change
GRID_C = (0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(x / 1000 for x in range(50, 901, 5))  # steps of 0.005
MIN_WEIGHT = 0.01  # smaller weights move no decision; leaving them out keeps the file small
PRECISION_FLOOR = 0.87  # the bar: the most permissive threshold that keeps CV precision at it


@dataclass
class Article:
    stem: str
    text: str  # the shadow text the attributions index
    golds: list[Gold]
    atts: list[Attribution]


def load(split: str) -> list[Article]:
    root = shared_data()
    dates = publication_dates(root)
    out = []
    for stem, tf, ann in polnear_articles(root, split):
        raw = tf.read_text(encoding="utf-8")
        found = candidates(raw, dates.get(stem))
        text, atts = (found[0], found[1]) if found else (raw, [])
        out.append(Article(stem, text, read_ann(ann, raw), atts))
    return out


def keep_examples(articles: list[Article]) -> tuple[list[list[str]], list[int]]:
    xs, ys = [], []
    for art in articles:
        first_line = _first_line_end(art.text)
        for a in art.atts:
            xs.append(keep_features(art.text, a, a.sentence[0] < first_line))
            ys.append(
                int(
                    any(_content_iou((a.content_start, a.content_end), g) >= 0.5 for g in art.golds)
                )
            )
    return xs, ys


def fit(xs: list[list[str]], ys: list[int], c: float) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in row} for row in xs])
    lr = LogisticRegression(C=c, solver="lbfgs", max_iter=2000)
    lr.fit(x, ys)
    weights = {
        f: round(float(w), 4) for f, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(lr.intercept_[0]), 4)
    return {f: w for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT or f == "bias"}


def probabilities(articles: list[Article], model: Refiner) -> list[list[float]]:
    """The keep model's probability for each candidate of each article."""
    out = []
    for art in articles:
        first_line = _first_line_end(art.text)
        out.append(
            [model.keep_probability(art.text, a, a.sentence[0] < first_line) for a in art.atts]
        )
    return out


def figures(
    articles: list[Article], model: Refiner, probs: list[list[float]] | None = None
) -> dict[str, float]:
    """Precision, speech and evidence recall of the candidates kept, as the bench counts;
    ``probs`` (out-of-fold, say) instead of the model's own."""
    if probs is None:
        probs = probabilities(articles, model)
    n = good = sp = sp_hit = ev = ev_hit = found = total = 0
    for art, ps in zip(articles, probs, strict=True):
        spans = [
            (a.content_start, a.content_end)
            for a, p in zip(art.atts, ps, strict=True)
            if p >= model.keep_threshold
        ]
        n += len(spans)
        good += sum(any(_content_iou(s, g) >= 0.5 for g in art.golds) for s in spans)
        for g in art.golds:
            hit = any(_content_iou(s, g) >= 0.5 for s in spans)
            total += 1
            found += hit
            if g.speech:
                sp, sp_hit = sp + 1, sp_hit + hit
            if g.evidence:
                ev, ev_hit = ev + 1, ev_hit + hit
    return {
        "precision": good / max(1, n),
        "speech": sp_hit / max(1, sp),
        "evidence": ev_hit / max(1, ev),
        "all": found / max(1, total),
        "good": good,
        "claims": n,
    }


def _log_loss(weights: dict[str, float], xs: list[list[str]], ys: list[int]) -> float:
    total = 0.0
    for row, y in zip(xs, ys, strict=True):
        z = max(-30.0, min(30.0, sum(weights.get(f, 0.0) for f in row)))
        p = 1.0 / (1.0 + math.exp(-z))
        total -= math.log(p if y else 1.0 - p)
    return total / max(1, len(ys))


def train(
    train_arts: list[Article], dev_arts: list[Article] | None, c: float | None = None, log=print
) -> dict:
    """The weights file's content: fitted on ``train_arts``, C chosen on ``dev_arts`` by
    log-loss (or given, as cross-validation refits with the chosen one)."""
    xs, ys = keep_examples(train_arts)
    if c is None:
        dx, dy = keep_examples(dev_arts)
        scored = []
        for grid_c in GRID_C:
            w = fit(xs, ys, grid_c)
            loss = _log_loss(w, dx, dy)
            log(f"C={grid_c}: dev log-loss {loss:.4f}")
            scored.append((loss, grid_c, w))
        _, c, weights = min(scored, key=lambda x: x[0])
    else:
        weights = fit(xs, ys, c)
    threshold = THRESHOLDS[0]
    if dev_arts is not None:
        threshold = choose_threshold(train_arts, out_of_fold(train_arts, c), log)
    return {"name": NAME, "c": c, "keep": {"weights": weights, "threshold": threshold}}


def out_of_fold(arts: list[Article], c: float, folds: int = 5) -> list[list[float]]:
    """Each article's candidate probabilities from a model refitted on the other folds."""
    probs: list[list[float]] = [[] for _ in arts]
    for k in range(folds):
        held = [i for i in range(len(arts)) if i % folds == k]
        model = Refiner(train([a for i, a in enumerate(arts) if i % folds != k], None, c))
        for i, ps in zip(held, probabilities([arts[i] for i in held], model), strict=True):
            probs[i] = ps
    return probs


def choose_threshold(arts: list[Article], probs: list[list[float]], log=print) -> float:
    """The most permissive threshold whose cross-validated precision reaches the floor."""
    for t in THRESHOLDS:
        f = figures(arts, _threshold_only(t), probs)
        log(
            f"threshold {t:.2f}: CV precision {f['precision']:.4f} speech {f['speech']:.4f} evidence {f['evidence']:.4f}"
        )
        if f["precision"] >= PRECISION_FLOOR:
            return t
    return THRESHOLDS[-1]


def _threshold_only(t: float) -> Refiner:
    return Refiner({"name": "threshold", "keep": {"weights": {}, "threshold": t}})


def cross_validate(arts: list[Article], c: float, threshold: float) -> dict[str, float]:
    """Figures on train from out-of-fold probabilities (5 folds, each model refitted)."""
    return figures(arts, _threshold_only(threshold), out_of_fold(arts, c))


def weights_path() -> Path:
    return ROOT / "claims" / "extraction" / "weights" / WEIGHTS_FILE


def serialise(data: dict) -> bytes:
    """The weights as gzipped JSON, with no time stamp: the same data gives the same bytes."""
    return gzip.compress((json.dumps(data, indent=0, sort_keys=True) + "\n").encode(), mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check", action="store_true", help="retrain; fail if the shipped file differs"
    )
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    log = (lambda *_: None) if args.quiet else print
    train_arts, dev_arts = load("train"), load("dev")
    data = train(train_arts, dev_arts, log=log)
    out = serialise(data)
    for split, arts in (("train (fitted)", train_arts), ("dev", dev_arts)):
        f = figures(arts, Refiner(data))
        print(
            f"{split}: precision {f['precision']:.4f} speech {f['speech']:.4f} evidence {f['evidence']:.4f} all {f['all']:.4f}"
        )
    cv = cross_validate(train_arts, data["c"], data["keep"]["threshold"])
    print(
        f"train 5-fold CV: precision {cv['precision']:.4f} speech {cv['speech']:.4f} evidence {cv['evidence']:.4f} all {cv['all']:.4f}"
    )
    print(f"C {data['c']}, threshold {data['keep']['threshold']}")
    path = weights_path()
    if args.check:
        same = path.exists() and path.read_bytes() == out
        print("shipped weights reproduced" if same else f"{path} differs from a fresh training")
        return 0 if same else 1
    path.write_bytes(out)
    print(f"wrote {path} ({len(data['keep']['weights'])} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

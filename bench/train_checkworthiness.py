"""Train the check-worthiness model the CLI ships, deterministically, from the CheckThat! debates.

    python bench/train_checkworthiness.py            # grid by leave-one-debate-out CV, write the weights
    python bench/train_checkworthiness.py --check    # retrain and confirm the shipped file is byte-identical

Reads ``../shared/data/checkworthy/training/*.tsv`` (line, speaker, sentence, label). Every
setting (C, min_df) is chosen by leave-one-debate-out cross-validation: each debate is scored
by a model fitted on the other 18, with its vocabulary and idf from those 18 only. The table
prints each debate's AP fitted (the final model, which saw it) beside its CV AP (a model that
did not), so overfitting shows. Needs the ``train`` extra (scikit-learn): pip install -e '.[train]'.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.triage import features  # noqa: E402
from claims.triage.scorer import WEIGHTS_FILE  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "checkworthy" / "training"
OUT = ROOT / "claims" / "triage" / "weights" / WEIGHTS_FILE
GRID_C = (0.05, 0.1, 0.2)
GRID_MIN_DF = (2, 3)
NAME = "cw-ngram-lr-1"  # bump when features or data change; claims record it


def read_debates(folder: Path) -> list[tuple[str, list[str], list[int]]]:
    debates = []
    for path in sorted(folder.glob("*.tsv")):
        texts, labels = [], []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 4 or cols[3].strip() not in ("0", "1"):
                sys.exit(f"{path}:{n}: expected line<TAB>speaker<TAB>sentence<TAB>0|1")
            texts.append(cols[2])
            labels.append(int(cols[3]))
        debates.append((path.stem, texts, labels))
    return debates


def average_precision(labels, scores) -> float:
    order = sorted(range(len(labels)), key=lambda i: (-scores[i], i))
    hits, total = 0, 0.0
    for k, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / k
    return total / hits if hits else 0.0


class Counts:
    """Each block's raw counts over every sentence, counted once; a fold takes its rows."""

    def __init__(self, texts: list[str]):
        from sklearn.feature_extraction.text import CountVectorizer

        self.blocks = {}
        for name, analyzer in (
            ("word", lambda t: features.word_grams(features.words(t))),
            ("char", lambda t: features.char_grams(features.words(t))),
        ):
            vec = CountVectorizer(analyzer=analyzer, lowercase=False)
            self.blocks[name] = (vec.fit_transform(texts).tocsr(), vec.get_feature_names_out())

    def fit(self, rows, min_df: int):
        """Per block: kept columns and their idf, as TfidfVectorizer fitted on ``rows`` would."""
        import numpy as np

        fitted = {}
        for name, (counts, names) in self.blocks.items():
            part = counts[rows]
            df = np.asarray((part > 0).sum(axis=0)).ravel()
            keep = np.flatnonzero(df >= min_df)
            idf = np.log((1 + len(rows)) / (1 + df[keep])) + 1.0
            fitted[name] = (keep, idf, names)
        return fitted

    def matrix(self, rows, fitted):
        import numpy as np
        from scipy.sparse import diags, hstack
        from sklearn.preprocessing import normalize

        parts = []
        for name, (counts, _) in self.blocks.items():
            keep, idf, _ = fitted[name]
            parts.append(normalize(counts[rows][:, keep] @ diags(idf)))
        return hstack(parts).tocsr().astype(np.float64)


def fit_model(counts: Counts, rows, labels, c: float, min_df: int):
    from sklearn.linear_model import LogisticRegression

    fitted = counts.fit(rows, min_df)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit(counts.matrix(rows, fitted), [labels[i] for i in rows])
    return fitted, model


def cross_validate(debates, counts, labels, spans, c, min_df) -> list[float]:
    aps = []
    for k, (lo, hi) in enumerate(spans):
        train = [i for j, (a, b) in enumerate(spans) if j != k for i in range(a, b)]
        fitted, model = fit_model(counts, train, labels, c, min_df)
        held = list(range(lo, hi))
        scores = model.decision_function(counts.matrix(held, fitted)).tolist()
        aps.append(average_precision(labels[lo:hi], scores))
    return aps


def export(fitted, model, settings) -> bytes:
    coef = model.coef_.ravel()
    blocks, at = {}, 0
    for name in ("word", "char"):
        keep, idf, names = fitted[name]
        blocks[name] = {
            str(names[col]): [round(float(coef[at + j]), 6), round(float(idf[j]), 6)]
            for j, col in enumerate(keep)
        }
        at += len(keep)
    data = {
        "name": NAME,
        "intercept": round(float(model.intercept_[0]), 6),
        "settings": settings,
        "blocks": blocks,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder of debate .tsv files")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the weights")
    ap.add_argument("--c", type=float, nargs="+", default=GRID_C, help="C values to try")
    ap.add_argument("--min-df", type=int, nargs="+", default=GRID_MIN_DF, help="min_df to try")
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing")
    args = ap.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("training needs scikit-learn: pip install -e '.[train]'")
    if not args.data.is_dir():
        sys.exit(f"no debates: {args.data} is not a folder")
    debates = read_debates(args.data)
    if len(debates) < 2:
        sys.exit(f"{args.data}: leave-one-debate-out needs at least two debates")
    texts = [t for _, ts, _ in debates for t in ts]
    labels = [y for _, _, ys in debates for y in ys]
    spans, at = [], 0
    for _, ts, _ in debates:
        spans.append((at, at + len(ts)))
        at += len(ts)
    counts = Counts(texts)

    print(f"{len(debates)} debates, {len(texts)} sentences, {sum(labels)} check-worthy")
    print("leave-one-debate-out CV MAP per setting:")
    best = None
    for c in args.c:
        for min_df in args.min_df:
            aps = cross_validate(debates, counts, labels, spans, c, min_df)
            cv = sum(aps) / len(aps)
            print(f"  C={c:<5} min_df={min_df}: {cv:.4f}")
            if best is None or cv > best[0] + 1e-12:
                best = (cv, c, min_df, aps)
    cv, c, min_df, cv_aps = best
    everything = list(range(len(texts)))
    fitted, model = fit_model(counts, everything, labels, c, min_df)
    fit_scores = model.decision_function(counts.matrix(everything, fitted)).tolist()
    print(f"\nchosen by CV: C={c} min_df={min_df}\n")
    print(f"{'debate':<28}{'sentences':>10}{'worthy':>8}{'fitted AP':>11}{'CV AP':>8}")
    fit_aps = []
    for (name, ts, ys), (lo, hi), cv_ap in zip(debates, spans, cv_aps, strict=False):
        fit_aps.append(average_precision(ys, fit_scores[lo:hi]))
        print(f"{name:<28}{len(ts):>10}{sum(ys):>8}{fit_aps[-1]:>11.3f}{cv_ap:>8.3f}")
    print(f"{'MAP':<46}{sum(fit_aps) / len(fit_aps):>11.3f}{cv:>8.3f}")

    blob = export(fitted, model, {"C": c, "min_df": min_df, "class_weight": "balanced"})
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == blob
        print(f"\n{args.out}: {'identical' if same else 'DIFFERS from a fresh training'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"\nwrote {args.out} ({len(blob) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

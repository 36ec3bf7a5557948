"""Experiments for the duplicate decision on unseen pairs (issue 13, item 6), on the MRPC
training pairs, each figure a 5-fold cross-validation beside the fit on every pair:

    .venv/bin/python bench/pair_experiments.py            # every experiment
    .venv/bin/python bench/pair_experiments.py --only tfkld
    .venv/bin/python bench/pair_experiments.py --only embstack --variant soft --tune

Every experiment decides as `compare` does (conflicts never positive, a contained claim
suggested, duplicates only from 8 words on and without a lone negation, the score capped by
200 x the weighted Dice of terms), with the shipped thresholds (suggest 44, confirm 90)
unless it says otherwise. Anything learned from labels (term weights, factorisations that
use them, the classifier, thresholds) is refit on the training folds of each split: the
held-out fold's labels are never read before it is scored. Folds are ``i % 5``, as in
``bench/eval_matching.py``. Needs the `train` extra (scikit-learn).

Measured 5 December 2026 (4,075 pairs; accuracy / F1 / automatic-duplicate precision at
suggest 44, confirm 90; CPU under load 7-11 on 2 shared cores):

    experiment                                           fitted             5-fold CV
    shipped model refit (baseline)                       0.763/0.831/0.961  0.761/0.830/0.958
    HistGradientBoosting, same 19 features               0.828/0.877/0.997  0.760/0.829/0.953
    + char 2-5-gram TF-IDF cosine                        0.763/0.832/0.962  0.758/0.828/0.955
    TF-KLD words, SVD 100, cosine + lexical              0.781/0.843/0.965  0.747/0.816/0.944
    TF-KLD words, SVD 100, [u+v,|u-v|,cos] + lexical     0.795/0.853/0.979  0.738/0.811/0.917
    TF-KLD words+bigrams, SVD 100, cosine + lexical      0.768/0.834/0.961  0.753/0.821/0.949
    TF-KLD terms, NMF 100, [u+v,|u-v|,cos] + lexical     0.797/0.854/0.980  0.735/0.809/0.908
    TF-KLD token cosine, cross-fitted, + lexical         0.768/0.835/0.965  0.760/0.829/0.956
    TF-KLD SVD 100 cosine, cross-fitted, + lexical       0.765/0.833/0.961  0.760/0.830/0.954
    lexical + token indicators, one model, C 0.1         0.831/0.878/0.993  0.770/0.836/0.959
    lexical + token indicators, one model, C 0.3         0.893/0.920/0.997  0.774/0.837/0.940
    lexical + token indicators, one model, C 1           0.934/0.950/0.999  0.767/0.830/0.924
    stacked: lexical IRLS + cross-fitted token logit
      words, C 0.3                                       0.826/0.874/0.989  0.774/0.839/0.959
      words, C 1                                         0.843/0.886/0.991  0.773/0.838/0.959
      terms, C 0.3                                       0.820/0.870/0.984  0.767/0.834/0.959
      words+bigrams, C 0.3                               0.845/0.887/0.993  0.773/0.838/0.961

With the confirm threshold chosen by an inner CV (`--tune`, suggest kept at 44): baseline
0.761/0.830/0.971 (confirm 91-93), stacked words C 0.3 0.774/0.839/0.975 (confirm 92-95).
TF-KLD's weights are learned from the same pairs the classifier is fitted on: the latent
cosine looks better on them than on unseen pairs, and the classifier trusts it too much.

Static sentence embeddings (`--only embedding`, `embsoft`, `embstack`): WordLlama 0.4.0.post1
(MIT), its 256-dimension `l2_supercat` table and tokenizer read from the files inside its
wheel (`pip install 'wordllama==0.4.0.post1'`, not a project dependency; checked offline:
HF_HUB_OFFLINE=1 and sockets refused; its own `WordLlama.load()` would download the
tokenizer, it looks in the wrong folder for the shipped one). The embedding features read no
labels; only the classifier over them is refit per fold. Measured 5 December 2026, load 6-13
on 2 cores, same thresholds:

    experiment                                           fitted             5-fold CV
    sentence cosine alone                                0.707/0.801/0.986  0.707/0.801/0.979
    cosine + non-shared-words cosine + alignment alone   0.730/0.811/0.968  0.727/0.809/0.966
    soft term overlap + SIF cosine alone                 0.727/0.810/0.961  0.726/0.809/0.956
    lexical + cosine                                     0.763/0.832/0.961  0.761/0.830/0.960
    lexical + cosine + non-shared-words cosine           0.764/0.832/0.962  0.763/0.831/0.958
    lexical + cosine, non-shared, alignment              0.766/0.833/0.966  0.763/0.832/0.963
    lexical + SIF cosine                                 0.764/0.832/0.960  0.762/0.831/0.958
    lexical + soft term overlap (3)                      0.768/0.835/0.962  0.766/0.833/0.958
    lexical + cos, SIF, non-shared, alignment, soft      0.765/0.832/0.965  0.764/0.831/0.962
    lexical + soft + |u-v|, u*v in 16 PCs                0.769/0.834/0.962  0.764/0.831/0.956
    lexical + cos, rest, align, |u-v|, u*v, C 0.01       0.792/0.852/0.973  0.731/0.807/0.935
    lexical + cos, rest, align, |u-v|, u*v, C 0.1        0.804/0.858/0.967  0.725/0.798/0.906
    stacked words C 0.3 (as above) +
      cosine                                             0.828/0.875/0.988  0.774/0.839/0.958
      cosine, non-shared, alignment                      0.831/0.877/0.991  0.776/0.840/0.962
      soft term overlap                                  0.827/0.874/0.990  0.774/0.838/0.962
      cos, SIF, non-shared, alignment, soft              0.831/0.877/0.991  0.775/0.839/0.964

Non-shared = cosine of the mean vectors of the words only one side has; alignment = each
non-shared word's best cosine to the other side, averaged with the shared words as 1; soft
term overlap = idf-weighted Dice, larger coverage and unmatched weight where each term counts
its best cosine to the other side's terms; SIF = frequency-weighted mean, first principal
component removed. With the confirm threshold by inner CV (suggest 44): lexical + soft
0.766/0.833/0.971 (confirm 92-93), lexical + cos, SIF, non-shared, alignment, soft
0.764/0.831/0.973 (91-92), against the baseline's 0.761/0.830/0.971. The embeddings add at
most 0.005 accuracy to the lexical model and 0.002 to the stack: MRPC's negatives are
mostly same-topic sentences whose mean word vectors are close (cosine alone: 0.707, barely
above the 0.675 of calling every pair positive). Cost, measured under load 13: the table is
33 MB in memory, a sentence vector about 400 us (tokenizer + mean, one at a time), the
cosine of two stored vectors about 5 us, the soft overlap (this numpy loop) about 310 us a
pair, beside the shipped score's 120 us. None reaches CV 0.78 / 0.85 / 0.97 nor beats the
baseline by 0.015 on all three: nothing shipped.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_matching import fit_logistic, read_mrpc, shared_data  # noqa: E402

from claims.matching import IdfTable  # noqa: E402
from claims.matching.normalize import analyze  # noqa: E402
from claims.matching.numbers import number_conflicts  # noqa: E402
from claims.matching.scoring import (  # noqa: E402
    MODEL,
    OVERLAP_CAP,
    contains,
    negation_differs,
    pair_features,
    similarity_analyses,
)

FOLDS = 5
SUGGEST, CONFIRM, MIN_WORDS = 44.0, 90.0, 8
NAMES = [n for n, _ in MODEL]


@dataclass
class Pairs:
    """MRPC pairs with everything the decision needs that no model changes."""

    labels: np.ndarray  # 1 = paraphrase
    sentences: list[str]  # 2i, 2i+1: pair i; then the random pairs' sentences by index
    pair_index: np.ndarray  # (n, 2) sentence indices of each MRPC pair
    random_index: np.ndarray  # (1000, 2) sentence indices of the random negatives
    features: np.ndarray  # (n, 19) the shipped model's features
    random_features: np.ndarray  # (1000, 19)
    fixed: np.ndarray  # score fixed outside the model (same text 100, no terms: blend), else nan
    conflict: np.ndarray  # numbers disagree: never positive
    contained: np.ndarray
    auto_ok: np.ndarray  # both >= 8 words and no lone negation
    wdice: np.ndarray
    random_wdice: np.ndarray


def load_pairs() -> Pairs:
    rows = read_mrpc(shared_data() / "mrpc" / "msr_paraphrase_train.txt")
    sentences = [s for _, a, b in rows for s in (a, b)]
    idf = IdfTable.from_texts(sentences)
    analyses = [analyze(s) for s in sentences]
    n = len(rows)
    pair_index = np.arange(2 * n).reshape(n, 2)
    rng = random.Random(5)  # as bench/eval_matching.py draws them
    random_index = np.array([(rng.randrange(2 * n), rng.randrange(2 * n)) for _ in range(1000)])

    def vector(i, j):
        f = pair_features(analyses[i], analyses[j], idf)
        return [f[name] for name in NAMES]

    features = np.array([vector(i, j) for i, j in pair_index])
    random_features = np.array([vector(i, j) for i, j in random_index])
    fixed = np.full(n, np.nan)
    conflict = np.zeros(n, bool)
    contained = np.zeros(n, bool)
    auto_ok = np.zeros(n, bool)
    for k, (i, j) in enumerate(pair_index):
        a, b = analyses[i], analyses[j]
        if a.normalized == b.normalized:
            fixed[k] = 100.0
        elif not a.words or not b.words:
            fixed[k] = 0.0
        elif not a.terms or not b.terms:
            fixed[k] = similarity_analyses(a, b, idf)
        conflict[k] = bool(number_conflicts(a.numbers, b.numbers))
        contained[k] = contains(a, b, idf)
        auto_ok[k] = min(a.word_count, b.word_count) >= MIN_WORDS and not negation_differs(a, b)
    wdice = features[:, NAMES.index("wdice")]
    random_wdice = random_features[:, NAMES.index("wdice")]
    return Pairs(np.array([y for y, _, _ in rows]), sentences, pair_index, random_index, features,
                 random_features, fixed, conflict, contained, auto_ok, wdice, random_wdice)


def scores_of(pairs: Pairs, probability: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The match score of pairs `idx` from the model's probability, as `score_analyses`."""
    score = np.minimum(100.0 * probability, OVERLAP_CAP * pairs.wdice[idx])
    score = np.round(np.minimum(99.99, score), 2)
    return np.where(np.isnan(pairs.fixed[idx]), score, pairs.fixed[idx])


def decisions(pairs: Pairs, scores: np.ndarray, idx: np.ndarray, suggest=SUGGEST, confirm=CONFIRM):
    """(positive, duplicate) flags of pairs `idx`, by the decision rule of `compare`."""
    ok = ~pairs.conflict[idx]
    dup = ok & (scores >= confirm) & pairs.auto_ok[idx]
    pos = ok & ((scores >= suggest) | pairs.contained[idx])
    return pos, dup


def figures(labels: np.ndarray, pos: np.ndarray, dup: np.ndarray) -> dict[str, float]:
    tp = int((pos & (labels == 1)).sum())
    fp = int((pos & (labels == 0)).sum())
    fn = int((~pos & (labels == 1)).sum())
    return {"accuracy": 1 - (fp + fn) / len(labels), "f1": 2 * tp / (2 * tp + fp + fn),
            "dup_precision": float(labels[dup].mean()) if dup.any() else float("nan"),
            "dups": int(dup.sum())}


def line(f: dict[str, float]) -> str:
    return (f"acc {f['accuracy']:.3f}  F1 {f['f1']:.3f}  dup precision {f['dup_precision']:.3f}"
            f" ({f['dups']})")


def choose_thresholds(pairs: Pairs, scores: np.ndarray, idx: np.ndarray, target: float = 0.97,
                      suggest: float | None = None):
    """Suggest threshold with the best accuracy (unless given), confirm the lowest whose
    automatic duplicates reach `target` precision (on these pairs: out-of-fold scores of the
    training folds)."""
    labels = pairs.labels[idx]
    best = suggest if suggest is not None else max(
        np.arange(20.0, 80.0, 1.0),
        key=lambda t: figures(labels, *decisions(pairs, scores, idx, t, 99.99))["accuracy"])
    confirm = 99.99
    for t in np.arange(99.0, 60.0, -1.0):
        f = figures(labels, *decisions(pairs, scores, idx, best, t))
        if not f["dup_precision"] >= target:
            break
        confirm = t
    return float(best), float(confirm)


# -- models: each `fit(pairs, train_idx) -> predict(pair_idx) -> probability` ------------------
def fit_baseline(pairs: Pairs, train: np.ndarray):
    """The shipped model as fitted: IRLS logistic regression, L2 0.01, pairs without a number
    conflict plus the random negatives."""
    keep = train[~pairs.conflict[train]]
    x = np.vstack([pairs.features[keep], pairs.random_features])
    y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_features))])
    w = np.asarray(fit_logistic(x.tolist(), y.tolist()))

    def predict(idx):
        z = pairs.features[idx] @ w[:-1] + w[-1]
        return 1 / (1 + np.exp(-np.clip(z, -50, 50)))

    return predict


def fit_gbm(pairs: Pairs, train: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    keep = train[~pairs.conflict[train]]
    x = np.vstack([pairs.features[keep], pairs.random_features])
    y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_features))])
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                           l2_regularization=1.0, random_state=0).fit(x, y)
    return lambda idx: model.predict_proba(pairs.features[idx])[:, 1]


def token_sets(pairs: Pairs, kind: str) -> list[frozenset[str]]:
    """The tokens of each sentence that term weighting counts."""
    out = []
    for s in pairs.sentences:
        a = analyze(s)
        if kind == "terms":
            tokens = set(a.terms)
        elif kind == "words+bigrams":
            tokens = set(a.words) | {" ".join(g) for g in a.bigrams}
        else:
            tokens = set(a.words)
        out.append(frozenset(tokens))
    return out


def kld_weights(tokens, pairs: Pairs, train: np.ndarray, smooth: float = 0.05) -> dict[str, float]:
    """TF-KLD (Ji & Eisenstein 2013): per token, the KL divergence between its "in both
    sentences / in one only" distribution over paraphrase pairs and over the other pairs."""
    counts: dict[str, list[float]] = {}  # token -> [both|1, one|1, both|0, one|0]
    for k in train:
        a, b = tokens[pairs.pair_index[k, 0]], tokens[pairs.pair_index[k, 1]]
        base = 0 if pairs.labels[k] else 2
        for t in a | b:
            c = counts.setdefault(t, [0.0, 0.0, 0.0, 0.0])
            c[base + (0 if (t in a and t in b) else 1)] += 1
    weights = {}
    for t, (b1, o1, b0, o0) in counts.items():
        p = (b1 + smooth) / (b1 + o1 + 2 * smooth)
        q = (b0 + smooth) / (b0 + o0 + 2 * smooth)
        weights[t] = p * math.log(p / q) + (1 - p) * math.log((1 - p) / (1 - q))
    return weights


def weighted_matrix(tokens, weights: dict[str, float], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    data, cols, ptr = [], [], [0]
    for toks in tokens:
        for t in sorted(toks):
            j = vocab.get(t)
            if j is not None:
                cols.append(j)
                data.append(weights[t])
        ptr.append(len(cols))
    return csr_matrix((np.asarray(data), np.asarray(cols, dtype=np.int64), np.asarray(ptr)),
                      shape=(len(tokens), len(vocab)))


def make_tfkld(kind: str = "words", dims: int = 100, factor: str = "svd", pair_repr: str = "cos",
               c: float = 1.0, lexical: bool = True):
    """TF-KLD weights, a factorisation of the weighted sentence-token matrix of the training
    sentences, and a classifier over the pair's latent features (+ the lexical features)."""

    def fit(pairs: Pairs, train: np.ndarray):
        from sklearn.decomposition import NMF, TruncatedSVD
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        tokens = TOKENS.setdefault(kind, token_sets(pairs, kind))
        weights = kld_weights(tokens, pairs, train)
        vocab = {t: j for j, t in enumerate(sorted(weights))}
        matrix = weighted_matrix(tokens, weights, vocab)
        train_sentences = np.unique(pairs.pair_index[train].ravel())
        if factor == "nmf":
            model = NMF(dims, init="nndsvd", max_iter=200, random_state=0)
        else:
            model = TruncatedSVD(dims, algorithm="arpack", random_state=0)
        model.fit(matrix[train_sentences])
        latent = model.transform(matrix)

        def pair_x(index: np.ndarray, lexical_rows: np.ndarray) -> np.ndarray:
            u, v = latent[index[:, 0]], latent[index[:, 1]]
            norms = np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1)
            cos = np.where(norms > 0, (u * v).sum(1) / np.maximum(norms, 1e-12), 0.0)[:, None]
            parts = [cos] if pair_repr == "cos" else [u + v, np.abs(u - v), cos]
            if lexical:
                parts.append(lexical_rows)
            return np.hstack(parts)

        keep = train[~pairs.conflict[train]]
        x = np.vstack([pair_x(pairs.pair_index[keep], pairs.features[keep]),
                       pair_x(pairs.random_index, pairs.random_features)])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        clf = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000)).fit(x, y)
        return lambda idx: clf.predict_proba(pair_x(pairs.pair_index[idx], pairs.features[idx]))[:, 1]

    return fit


def make_crossfit_kld(kind: str = "words", dims: int = 100, latent: bool = True, c: float = 1.0):
    """TF-KLD features cross-fitted: a training pair's feature comes from weights (and a
    factorisation) fitted without its inner fold, so the classifier learns how much the
    feature is worth on pairs it did not shape; a held-out pair's from the whole training part.
    Features: the cosine of the latent vectors (`latent`) or of the KLD-weighted token sets."""

    def pair_feature(pairs: Pairs, fit_idx: np.ndarray, index: np.ndarray) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD

        tokens = TOKENS.setdefault(kind, token_sets(pairs, kind))
        weights = kld_weights(tokens, pairs, fit_idx)
        vocab = {t: j for j, t in enumerate(sorted(weights))}
        matrix = weighted_matrix(tokens, weights, vocab)
        if latent:
            sentences = np.unique(pairs.pair_index[fit_idx].ravel())
            svd = TruncatedSVD(dims, algorithm="arpack", random_state=0).fit(matrix[sentences])
            u, v = svd.transform(matrix[index[:, 0]]), svd.transform(matrix[index[:, 1]])
            dot = (u * v).sum(1)
            norms = np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1)
        else:
            a, b = matrix[index[:, 0]], matrix[index[:, 1]]
            dot = np.asarray(a.multiply(b).sum(1)).ravel()
            norms = np.sqrt(np.asarray(a.multiply(a).sum(1)).ravel() * np.asarray(b.multiply(b).sum(1)).ravel())
        return np.where(norms > 0, dot / np.maximum(norms, 1e-12), 0.0)[:, None]

    def fit(pairs: Pairs, train: np.ndarray):
        own = np.zeros((len(pairs.labels), 1))
        inner = train % 7  # other splits than the outer folds' i % 5
        for k in range(7):
            held = train[inner == k]
            own[held] = pair_feature(pairs, train[inner != k], pairs.pair_index[held])
        keep = train[~pairs.conflict[train]]
        x = np.vstack([np.hstack([own[keep], pairs.features[keep]]),
                       np.hstack([pair_feature(pairs, train, pairs.random_index), pairs.random_features])])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        w = np.asarray(fit_logistic(x.tolist(), y.tolist()))

        def predict(idx):
            x_new = np.hstack([pair_feature(pairs, train, pairs.pair_index[idx]), pairs.features[idx]])
            return 1 / (1 + np.exp(-np.clip(x_new @ w[:-1] + w[-1], -50, 50)))

        return predict

    return fit


def make_sparse_tokens(kind: str = "words", c: float = 0.1, min_count: int = 3, lexical: bool = True):
    """Which tokens the two sentences share and which only one has, as sparse indicators
    beside the lexical features, in one L2 logistic regression (the direct, linear form of
    what TF-KLD weighs)."""

    def fit(pairs: Pairs, train: np.ndarray):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        use_lexical = lexical
        tokens = TOKENS.setdefault(kind, token_sets(pairs, kind))
        seen: dict[str, int] = {}
        for k in train:
            for t in tokens[pairs.pair_index[k, 0]] | tokens[pairs.pair_index[k, 1]]:
                seen[t] = seen.get(t, 0) + 1
        vocab = {t: j for j, t in enumerate(sorted(t for t, n in seen.items() if n >= min_count))}
        scaler = StandardScaler().fit(pairs.features[train])

        def x_of(index, lexical):
            rows, cols = [], []
            for r, (i, j) in enumerate(index):
                a, b = tokens[i], tokens[j]
                for t in a | b:
                    col = vocab.get(t)
                    if col is not None:
                        rows.append(r)
                        cols.append(2 * col + (0 if (t in a and t in b) else 1))
            sparse = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(index), 2 * len(vocab)))
            if not use_lexical:
                return sparse
            return hstack([csr_matrix(scaler.transform(lexical)), sparse]).tocsr()

        keep = train[~pairs.conflict[train]]
        from scipy.sparse import vstack
        x = vstack([x_of(pairs.pair_index[keep], pairs.features[keep]),
                    x_of(pairs.random_index, pairs.random_features)])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        clf = LogisticRegression(C=c, max_iter=3000).fit(x, y)

        def predict(idx, index=None):  # pairs `idx`, or sentence pairs `index` (no lexical)
            if index is not None:
                return clf.predict_proba(x_of(index, pairs.random_features))[:, 1]
            return clf.predict_proba(x_of(pairs.pair_index[idx], pairs.features[idx]))[:, 1]

        return predict

    return fit


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))[:, None]


def _cross_fitted(sparse_fit, pairs: Pairs, train: np.ndarray):
    """The token model's logit of each training pair from a model fitted without its inner
    fold (7 folds), and the model fitted on all of `train` for new pairs."""
    own = np.zeros((len(pairs.labels), 1))
    inner = train % 7
    for k in range(7):
        held = train[inner == k]
        own[held] = _logit(sparse_fit(pairs, train[inner != k])(held))
    return own, sparse_fit(pairs, train)


def make_stacked_tokens(kind: str = "words", c: float = 0.3, min_count: int = 3):
    """The token-indicator model's logit as one feature of the lexical IRLS model, cross-fitted
    (a training pair's logit from a model fitted without its inner fold): the lexical model
    learns what the token model is worth on pairs it did not see, not on pairs it memorised."""
    sparse_fit = make_sparse_tokens(kind, c, min_count, lexical=False)

    def fit(pairs: Pairs, train: np.ndarray):
        own, whole = _cross_fitted(sparse_fit, pairs, train)
        keep = train[~pairs.conflict[train]]
        x = np.vstack([np.hstack([own[keep], pairs.features[keep]]),
                       np.hstack([_logit(whole(None, index=pairs.random_index)), pairs.random_features])])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        w = np.asarray(fit_logistic(x.tolist(), y.tolist()))

        def predict(idx):
            x_new = np.hstack([_logit(whole(idx)), pairs.features[idx]])
            return 1 / (1 + np.exp(-np.clip(x_new @ w[:-1] + w[-1], -50, 50)))

        return predict

    return fit


def make_chargram(lexical: bool = True):
    """Cosine of character 2-5-gram TF-IDF vectors (idf from the training sentences) as one
    feature more for the logistic model."""

    def fit(pairs: Pairs, train: np.ndarray):
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [analyze(s).normalized for s in pairs.sentences]
        train_sentences = np.unique(pairs.pair_index[train].ravel())
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        vec.fit([texts[i] for i in train_sentences])
        m = vec.transform(texts)

        def cos(index):
            return np.asarray(m[index[:, 0]].multiply(m[index[:, 1]]).sum(1)).ravel()[:, None]

        def x_of(index, lex):
            return np.hstack([cos(index), lex]) if lexical else cos(index)

        keep = train[~pairs.conflict[train]]
        x = np.vstack([x_of(pairs.pair_index[keep], pairs.features[keep]),
                       x_of(pairs.random_index, pairs.random_features)])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        w = np.asarray(fit_logistic(x.tolist(), y.tolist()))
        return lambda idx: 1 / (1 + np.exp(-np.clip(x_of(pairs.pair_index[idx], pairs.features[idx]) @ w[:-1] + w[-1], -50, 50)))

    return fit


# -- static sentence embeddings (WordLlama, weights inside its wheel) ----------------------------
def wordllama_table():
    """The embedding matrix and tokenizer shipped in the `wordllama` wheel, read directly from
    its files: no Hugging Face download (0.4.0.post1's own `load()` looks for the tokenizer in
    `wordllama/tokenizer/`, misses the shipped `tokenizers/` file and fetches it), and no import
    of `wordllama` itself (its inference module calls `logging.basicConfig`)."""
    import importlib.util

    from safetensors import safe_open
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")
    if spec is None:
        raise SystemExit("the embedding experiments need the wordllama package: "
                         ".venv/bin/pip install 'wordllama==0.4.0.post1'")
    root = Path(spec.submodule_search_locations[0])
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
        matrix = np.ascontiguousarray(f.get_tensor("embedding.weight").astype(np.float32))
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return matrix, tokenizer


@dataclass
class Embedded:
    sentence: np.ndarray  # (sentences, 256) mean of the token vectors, unit length
    words: list[dict[str, np.ndarray]]  # per sentence: analysed word -> unit vector
    terms: list[dict[str, tuple[float, np.ndarray]]]  # per sentence: term -> (idf, unit vector)
    sif: np.ndarray  # (sentences, 256) SIF-weighted, first component removed, unit length


EMBEDDED: list[Embedded] = []


def embedded(pairs: Pairs) -> Embedded:
    if EMBEDDED:
        return EMBEDDED[0]
    matrix, tokenizer = wordllama_table()

    def unit(v):
        n = np.linalg.norm(v, axis=-1, keepdims=True)
        return v / np.maximum(n, 1e-12)

    ids = [e.ids for e in tokenizer.encode_batch(pairs.sentences, add_special_tokens=False)]
    sentence = unit(np.array([matrix[i].mean(0) if i else np.zeros(matrix.shape[1]) for i in ids]))
    vocab: dict[str, np.ndarray] = {}
    words = []
    for s in pairs.sentences:
        own = {}
        for w in analyze(s).words:
            if w not in vocab:
                t = tokenizer.encode(" " + w, add_special_tokens=False).ids
                vocab[w] = unit(matrix[t].mean(0)) if t else np.zeros(matrix.shape[1])
            own[w] = vocab[w]
        words.append(own)
    # Per sentence: informative terms -> (idf weight, unit vector of the term's first word);
    # SIF sentence vectors (Arora et al. 2017): a / (a + p(word)) weighted means of the
    # token vectors, the first principal component of all sentences removed (no labels read).
    idf = IdfTable.from_texts(pairs.sentences)
    terms = []
    for s in pairs.sentences:
        a = analyze(s)
        own = {}
        for t in a.terms:
            w = a.surface.get(t, t)
            if w not in vocab:
                ids_w = tokenizer.encode(" " + w, add_special_tokens=False).ids
                vocab[w] = unit(matrix[ids_w].mean(0)) if ids_w else np.zeros(matrix.shape[1])
            own[t] = (idf.weight(t), vocab[w])
        terms.append(own)
    counts = np.bincount(np.concatenate([np.asarray(i, dtype=np.int64) for i in ids]), minlength=len(matrix))
    p = counts / counts.sum()
    sif_w = 1e-3 / (1e-3 + p)
    sif = np.array([(matrix[i] * sif_w[i][:, None]).mean(0) if i else np.zeros(matrix.shape[1]) for i in ids])
    pc = np.linalg.svd(sif - 0.0, full_matrices=False)[2][0]
    sif = unit(sif - np.outer(sif @ pc, pc))
    EMBEDDED.append(Embedded(sentence.astype(np.float32), words, terms, sif.astype(np.float32)))
    return EMBEDDED[0]


def soft_features(e: Embedded, index: np.ndarray) -> np.ndarray:
    """Soft term overlap: each informative term counts its idf weight times its best cosine to
    a term of the other side (1 if shared); softdice = the weighted Dice of that, softcov the
    larger side's covered share, softunsh the larger side's weight of terms with no match
    above 0.5 cosine (in units of the mean term weight)."""
    out = np.zeros((len(index), 3))
    for r, (i, j) in enumerate(index):
        a, b = e.terms[i], e.terms[j]
        if not a or not b:
            continue
        va = np.array([v for _, v in a.values()])
        vb = np.array([v for _, v in b.values()])
        sim = va @ vb.T
        ka, kb = list(a), list(b)
        for x, t in enumerate(ka):
            if t in b:
                sim[x, kb.index(t)] = 1.0
        wa = np.array([w for w, _ in a.values()])
        wb = np.array([w for w, _ in b.values()])
        ba, bb = np.clip(sim.max(1), 0, 1), np.clip(sim.max(0), 0, 1)
        ca, cb = (wa * ba).sum() / wa.sum(), (wb * bb).sum() / wb.sum()
        out[r, 0] = ((wa * ba).sum() + (wb * bb).sum()) / (wa.sum() + wb.sum())
        out[r, 1] = max(ca, cb)
        mean = (wa.sum() + wb.sum()) / (len(wa) + len(wb))
        out[r, 2] = max(wa[ba < 0.5].sum(), wb[bb < 0.5].sum()) / mean
    return out


def embedding_features(pairs: Pairs, index: np.ndarray, kinds: tuple[str, ...]) -> np.ndarray:
    """Per sentence pair, nothing learned from labels:
    cos: cosine of the mean token vectors; rest: cosine of the mean vectors of the words only
    one side has (0 when a side has none); align: mean over both sides of each non-shared word's
    best cosine to a word of the other side (soft overlap, 1 when nothing is unshared);
    diff: |u - v| and u * v of the sentence vectors (256 each, for a learned model)."""
    e = embedded(pairs)
    cols = []
    if "cos" in kinds:
        cols.append(((e.sentence[index[:, 0]] * e.sentence[index[:, 1]]).sum(1))[:, None])
    if "rest" in kinds or "align" in kinds:
        rest, align = np.zeros(len(index)), np.ones(len(index))
        for r, (i, j) in enumerate(index):
            a, b = e.words[i], e.words[j]
            only_a = [v for w, v in a.items() if w not in b]
            only_b = [v for w, v in b.items() if w not in a]
            if only_a and only_b:
                u, v = np.mean(only_a, 0), np.mean(only_b, 0)
                rest[r] = u @ v / max(np.linalg.norm(u) * np.linalg.norm(v), 1e-12)
            if (only_a or only_b) and a and b:
                best = []
                for side, other in ((only_a, b), (only_b, a)):
                    if side:
                        best.extend((np.array(side) @ np.array(list(other.values())).T).max(1))
                shared = len([w for w in a if w in b])
                align[r] = (sum(best) + 2 * shared) / (len(a) + len(b))
        if "rest" in kinds:
            cols.append(rest[:, None])
        if "align" in kinds:
            cols.append(align[:, None])
    if "sif" in kinds:
        cols.append(((e.sif[index[:, 0]] * e.sif[index[:, 1]]).sum(1))[:, None])
    if "soft" in kinds:
        cols.append(soft_features(e, index))
    if "pca16" in kinds:  # |u-v| and u*v in the 16 leading components of all sentences
        centred = e.sentence - e.sentence.mean(0)
        basis = np.linalg.svd(centred, full_matrices=False)[2][:16]
        u, v = centred[index[:, 0]] @ basis.T, centred[index[:, 1]] @ basis.T
        cols.extend([np.abs(u - v), u * v])
    if "diff" in kinds:
        u, v = e.sentence[index[:, 0]], e.sentence[index[:, 1]]
        cols.extend([np.abs(u - v), u * v])
    return np.hstack(cols)


EMB_CACHE: dict[tuple, np.ndarray] = {}


def emb_x(pairs: Pairs, index_name: str, kinds: tuple[str, ...]) -> np.ndarray:
    key = (index_name, kinds)
    if key not in EMB_CACHE:
        index = pairs.pair_index if index_name == "pairs" else pairs.random_index
        EMB_CACHE[key] = embedding_features(pairs, index, kinds)
    return EMB_CACHE[key]


def make_embedding(kinds: tuple[str, ...] = ("cos",), lexical: bool = True, c: float | None = None):
    """Embedding features alone or beside the 19 lexical ones: the shipped IRLS logistic model
    (c None) or, for the 512 `diff` columns, a standardised L2 logistic regression with C `c`."""

    def fit(pairs: Pairs, train: np.ndarray):
        emb, emb_random = emb_x(pairs, "pairs", kinds), emb_x(pairs, "random", kinds)

        def x_of(rows_emb, rows_lex):
            return np.hstack([rows_emb, rows_lex]) if lexical else rows_emb

        keep = train[~pairs.conflict[train]]
        x = np.vstack([x_of(emb[keep], pairs.features[keep]), x_of(emb_random, pairs.random_features)])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(emb_random))])
        if c is not None:
            from sklearn.linear_model import LogisticRegression
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler

            clf = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000)).fit(x, y)
            return lambda idx: clf.predict_proba(x_of(emb[idx], pairs.features[idx]))[:, 1]
        w = np.asarray(fit_logistic(x.tolist(), y.tolist()))
        return lambda idx: 1 / (1 + np.exp(-np.clip(x_of(emb[idx], pairs.features[idx]) @ w[:-1] + w[-1], -50, 50)))

    return fit


def make_stacked_embedding(kinds: tuple[str, ...], c: float = 0.3, kind: str = "words"):
    """The word-indicator stack (cross-fitted token logit + lexical, IRLS) with the embedding
    features as further columns."""
    sparse_fit = make_sparse_tokens(kind, c, 3, lexical=False)

    def fit(pairs: Pairs, train: np.ndarray):
        emb, emb_random = emb_x(pairs, "pairs", kinds), emb_x(pairs, "random", kinds)
        own, whole = _cross_fitted(sparse_fit, pairs, train)
        keep = train[~pairs.conflict[train]]
        x = np.vstack([np.hstack([own[keep], emb[keep], pairs.features[keep]]),
                       np.hstack([_logit(whole(None, index=pairs.random_index)), emb_random,
                                  pairs.random_features])])
        y = np.concatenate([pairs.labels[keep], np.zeros(len(pairs.random_index))])
        w = np.asarray(fit_logistic(x.tolist(), y.tolist()))

        def predict(idx):
            x_new = np.hstack([_logit(whole(idx)), emb[idx], pairs.features[idx]])
            return 1 / (1 + np.exp(-np.clip(x_new @ w[:-1] + w[-1], -50, 50)))

        return predict

    return fit


TOKENS: dict[str, list] = {}  # the token sets of each kind, computed once


def run(name: str, fit, pairs: Pairs, tune: bool = False) -> None:
    """Fitted on every pair, 5-fold CV at the shipped thresholds, and (tune) 5-fold CV with
    thresholds chosen inside each training part by an inner 4-fold CV: both, and the confirm
    threshold alone (suggest kept at 44), for automatic-duplicate precision 0.97."""
    started = time.process_time()
    n = len(pairs.labels)
    every = np.arange(n)
    fitted_scores = scores_of(pairs, fit(pairs, every)(every), every)
    fitted = figures(pairs.labels, *decisions(pairs, fitted_scores, every))
    cv_scores = np.zeros(n)
    folds = every % FOLDS
    for fold in range(FOLDS):
        test, train = every[folds == fold], every[folds != fold]
        cv_scores[test] = scores_of(pairs, fit(pairs, train)(test), test)
    cv = figures(pairs.labels, *decisions(pairs, cv_scores, every))
    print(f"\n{name}")
    print(f"  fitted      {line(fitted)}")
    print(f"  5-fold CV   {line(cv)}")
    print(f"  gap         acc {fitted['accuracy'] - cv['accuracy']:+.3f}  F1 {fitted['f1'] - cv['f1']:+.3f}")
    if not tune:
        print(f"  CPU {time.process_time() - started:.1f} s")
        return
    inner_scores = {}
    for fold in range(FOLDS):
        train = every[folds != fold]
        inner = np.zeros(n)
        for inner_fold in range(FOLDS):
            if inner_fold == fold:
                continue
            held, rest = train[folds[train] == inner_fold], train[folds[train] != inner_fold]
            inner[held] = scores_of(pairs, fit(pairs, rest)(held), held)
        inner_scores[fold] = inner
    for label, fixed_suggest in (("both thresholds", None), ("confirm only", SUGGEST)):
        pos = np.zeros(n, bool)
        dup = np.zeros(n, bool)
        chosen = []
        for fold in range(FOLDS):
            test, train = every[folds == fold], every[folds != fold]
            suggest, confirm = choose_thresholds(pairs, inner_scores[fold][train], train,
                                                 suggest=fixed_suggest)
            chosen.append((suggest, confirm))
            pos[test], dup[test] = decisions(pairs, cv_scores[test], test, suggest, confirm)
        tuned = figures(pairs.labels, pos, dup)
        print(f"  CV, {label} by inner CV  {line(tuned)}  "
              f"(suggest/confirm per fold: {', '.join(f'{s:g}/{c:g}' for s, c in chosen)})")
    print(f"  CPU {time.process_time() - started:.1f} s")


EXPERIMENTS = {
    "baseline": lambda: [("shipped model refit (claims-lexical-v2 features, IRLS)", fit_baseline)],
    "gbm": lambda: [("HistGradientBoosting over the 19 lexical features", fit_gbm)],
    "chargram": lambda: [("+ char 2-5-gram TF-IDF cosine", make_chargram())],
    "crossfit": lambda: [
        ("TF-KLD weighted token cosine, cross-fitted, + lexical (IRLS)", make_crossfit_kld("words", latent=False)),
        ("TF-KLD words SVD 100 cosine, cross-fitted, + lexical (IRLS)", make_crossfit_kld("words", 100)),
    ],
    "sparse": lambda: [
        (f"lexical + shared / one-side word indicators, L2 logistic C {c}", make_sparse_tokens("words", c))
        for c in (0.1, 0.3, 1.0)
    ],
    "stacked": lambda: [
        (f"lexical IRLS + cross-fitted token-indicator logit ({kind}, C {c})", make_stacked_tokens(kind, c))
        for kind, c in (("words", 0.3), ("words", 1.0), ("terms", 0.3), ("words+bigrams", 0.3))

    ],
    "tfkld": lambda: [
        ("TF-KLD words, SVD 100, cosine + lexical", make_tfkld("words", 100, "svd", "cos")),
        ("TF-KLD words, SVD 100, [u+v, |u-v|, cos] + lexical, C 0.1",
         make_tfkld("words", 100, "svd", "full", 0.1)),
        ("TF-KLD words+bigrams, SVD 100, cosine + lexical", make_tfkld("words+bigrams", 100, "svd", "cos")),
        ("TF-KLD terms, NMF 100, [u+v, |u-v|, cos] + lexical, C 0.1",
         make_tfkld("terms", 100, "nmf", "full", 0.1)),
    ],
    "embedding": lambda: [
        ("WordLlama sentence cosine alone (IRLS)", make_embedding(("cos",), lexical=False)),
        ("WordLlama cosine + non-shared-words cosine + soft alignment alone (IRLS)",
         make_embedding(("cos", "rest", "align"), lexical=False)),
        ("lexical + WordLlama cosine (IRLS)", make_embedding(("cos",))),
        ("lexical + WordLlama cosine, non-shared-words cosine (IRLS)", make_embedding(("cos", "rest"))),
        ("lexical + WordLlama cosine, non-shared cosine, soft alignment (IRLS)",
         make_embedding(("cos", "rest", "align"))),
        ("lexical + WordLlama cosine, rest, align, |u-v|, u*v (L2 logistic C 0.01)",
         make_embedding(("cos", "rest", "align", "diff"), c=0.01)),
        ("lexical + WordLlama cosine, rest, align, |u-v|, u*v (L2 logistic C 0.1)",
         make_embedding(("cos", "rest", "align", "diff"), c=0.1)),
    ],
    "embsoft": lambda: [
        ("lexical + WordLlama SIF cosine (IRLS)", make_embedding(("sif",))),
        ("lexical + soft term overlap: softdice, softcov, softunsh (IRLS)", make_embedding(("soft",))),
        ("lexical + cos, sif, rest, align, soft (IRLS)", make_embedding(("cos", "sif", "rest", "align", "soft"))),
        ("lexical + soft + |u-v|, u*v in 16 principal components (IRLS)",
         make_embedding(("soft", "pca16"))),
        ("soft term overlap + sif alone (IRLS)", make_embedding(("sif", "soft"), lexical=False)),
    ],
    "embstack": lambda: [
        ("stacked word-indicator logit (C 0.3) + lexical + WordLlama cosine (IRLS)",
         make_stacked_embedding(("cos",))),
        ("stacked word-indicator logit (C 0.3) + lexical + WordLlama cosine, rest, align (IRLS)",
         make_stacked_embedding(("cos", "rest", "align"))),
        ("stacked word-indicator logit (C 0.3) + lexical + soft term overlap (IRLS)",
         make_stacked_embedding(("soft",))),
        ("stacked word-indicator logit (C 0.3) + lexical + cos, sif, rest, align, soft (IRLS)",
         make_stacked_embedding(("cos", "sif", "rest", "align", "soft"))),
    ],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(EXPERIMENTS), action="append")
    parser.add_argument("--tune", action="store_true", help="also choose the thresholds by nested CV")
    parser.add_argument("--first", action="store_true", help="only the first variant of each experiment")
    parser.add_argument("--variant", metavar="TEXT", help="only the variants whose name contains TEXT")
    args = parser.parse_args(argv)
    started = time.process_time()
    pairs = load_pairs()
    print(f"MRPC training pairs: {len(pairs.labels)} ({pairs.labels.mean():.3f} positive), "
          f"features in {time.process_time() - started:.1f} s CPU; thresholds suggest {SUGGEST:g}, "
          f"confirm {CONFIRM:g}")
    for key in args.only or list(EXPERIMENTS):
        for name, fit in EXPERIMENTS[key]()[:1 if args.first else None]:
            if args.variant and args.variant not in name:
                continue
            run(name, fit, pairs, args.tune)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

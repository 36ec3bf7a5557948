"""Extraction quality against the shared development data, as one table.

    .venv/bin/python bench/eval_extraction.py [--no-speed] [--verbose] [--splits train,dev]

PolNeAR figures stand with train and dev side by side: a change that lifts dev but not
train fits the articles it was written against, not news in general.

Data: ../shared/data relative to the repository (or $CLAIMS_SHARED_DATA); a section whose
data is absent is skipped with the reason.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_speed import measure, publication_dates, shared_data  # noqa: E402

from claims.cleaning import clean_article  # noqa: E402
from claims.dates import find_time_phrases  # noqa: E402
from claims.extraction import extract_claims  # noqa: E402
from claims.extraction.cues import verb_forms, words  # noqa: E402
from claims.extraction.fragments import short_or_verbless  # noqa: E402
from claims.transcripts import extract_transcript  # noqa: E402

Row = tuple[str, str, str, str]  # figure, value, target, ok
SEED_PUBLISHED = dt.date(2024, 4, 14)

_SPEECH_FORMS = {
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "according",
    "add", "adds", "added", "adding", "note", "notes", "noted", "noting", "write", "writes",
    "wrote", "written", "writing", "state", "states", "stated", "stating", "claim", "claims",
    "claimed", "claiming", "warn", "warns", "warned", "warning", "announce", "announces",
    "announced", "announcing", "explain", "explains", "explained", "explaining", "argue",
    "argues", "argued", "arguing", "insist", "insists", "insisted", "insisting", "tweet",
    "tweets", "tweeted", "tweeting", "report", "reports", "reported", "reporting", "ask",
    "asks", "asked", "asking",
}  # fmt: skip
# The checkable part of the non-speech tail (issue 12): evidence and assertion cues, any form.
EVIDENCE_VERBS = words(
    "find show estimate conclude report claim accuse argue insist deny acknowledge warn "
    "predict promise believe"
)
EVIDENCE_FORMS = {f: lemma for lemma in EVIDENCE_VERBS for f in verb_forms(lemma)}


def _fmt(x: float) -> str:
    return f"{x:.3f}" if isinstance(x, float) else str(x)


# -- seed -----------------------------------------------------------------------------------


def eval_seed(root: Path, verbose: bool) -> list[Row] | str:
    seed = root / "seed"
    if not (seed / "article.txt").exists() or not (seed / "claims.gold.tsv").exists():
        return f"no seed data under {seed}"
    raw = (seed / "article.txt").read_text(encoding="utf-8")
    with (seed / "claims.gold.tsv").open(encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh, delimiter="\t"))
    rows: list[Row] = []
    for label, text in (("cleaned", clean_article(raw).text), ("raw", raw)):
        claims = extract_claims(text, published=SEED_PUBLISHED)
        found = speaker_ok = date_ok = 0
        required = [g for g in gold if g["required"] == "yes"]
        anchors = []
        for g in gold:
            at = text.find(g["anchor"])
            anchors.append((at, at + len(g["anchor"])) if at >= 0 else None)
        for g in required:
            hits = [c for c in claims if g["anchor"] in c.quote or g["anchor"] in c.text]
            speakers = {s.strip().lower() for s in g["speaker"].split("|")}
            dates = {d.strip() for d in g["date"].split("|")}
            sp = any((c.speaker or "").lower() in speakers for c in hits)
            da = any((c.date or "") in dates for c in hits)
            found += bool(hits)
            speaker_ok += sp
            date_ok += da
            if verbose and label == "cleaned" and not (hits and sp and da):
                got = [(c.speaker, c.date) for c in hits]
                print(f"  seed {g['id']}: found={bool(hits)} speaker={sp} date={da} got={got}")
        good = 0
        for c in claims:
            if any(a and c.start < a[1] and a[0] < c.end for a in anchors):
                good += 1
            elif verbose and label == "cleaned":
                print(f"  seed extra: [{c.speaker}] {c.quote[:100]!r}")
        precision = good / len(claims) if claims else 0.0
        n = len(required)
        if label == "cleaned":
            rows += [
                ("seed: required claims found", f"{found}/{n}", f"{n}/{n}", _ok(found >= n)),
                ("seed: speaker right", f"{speaker_ok}/{n}", ">=17", _ok(speaker_ok >= 17)),
                ("seed: date right", f"{date_ok}/{n}", ">=17", _ok(date_ok >= 17)),
                ("seed: precision", _fmt(precision), ">=0.90", _ok(precision >= 0.9)),
            ]
        else:
            rows.append(
                ("seed (raw text): found / precision", f"{found}/{n} / {precision:.3f}", "", "")
            )
    return rows


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISS"


# -- PolNeAR -------------------------------------------------------------------------------


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: str
    speech: bool
    evidence: str | None = None  # the evidence or assertion verb in the cue, if any


def read_ann(path: Path, text: str) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not parts or len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, ranges = parts[1].partition(" ")
            try:
                rs = [tuple(map(int, r.split())) for r in ranges.split(";")]
            except ValueError:
                continue
            spans[parts[0]] = (kind, rs)  # type: ignore[assignment]
        elif parts[0].startswith("E"):
            events.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    out = []
    for ev in events:
        if "Content" not in ev or ev["Content"] not in spans:
            continue
        content = spans[ev["Content"]][1]
        source = spans[ev["Source"]][1] if ev.get("Source") in spans else []
        cue_spans = spans[ev["Cue"]][1] if ev.get("Cue") in spans else []
        cue = " ".join(text[a:b] for a, b in cue_spans)
        words = set(re.findall(r"[a-z]+", cue.lower()))
        speech = bool(words & _SPEECH_FORMS) or "according to" in cue.lower()
        evidence = next(
            (EVIDENCE_FORMS[w] for w in re.findall(r"[a-z]+", cue.lower()) if w in EVIDENCE_FORMS),
            None,
        )
        out.append(Gold(content, source, cue, speech, evidence))
    return out


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _content_iou(span: tuple[int, int], gold: Gold) -> float:
    """Against the whole content (its hull) or any one of its pieces, whichever fits best."""
    hull = (min(s for s, _ in gold.content), max(e for _, e in gold.content))
    return max([_iou(span, hull)] + [_iou(span, p) for p in gold.content])


@dataclass
class SplitFigures:
    """Counts for one PolNeAR split; the table shows train and dev side by side."""

    articles: int = 0
    gold: Counter = None  # type: ignore[assignment]
    found: Counter = None  # type: ignore[assignment]
    claims: int = 0
    good: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    short_or_verbless: int = 0
    short_or_verbless_kept: int = 0
    not_a_claim: int = 0
    by_cue: dict = None  # type: ignore[assignment]
    by_evidence: dict = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.gold, self.found = Counter(), Counter()
        self.by_cue = defaultdict(lambda: [0, 0])
        self.by_evidence = defaultdict(lambda: [0, 0])

    def recall(self, cls: str) -> float:
        return self.found[cls] / max(1, self.gold[cls])

    @property
    def precision(self) -> float:
        return self.good / max(1, self.claims)

    @property
    def speaker(self) -> float:
        return self.speaker_ok / max(1, self.speaker_total)


def polnear_articles(root: Path, split: str) -> list[tuple[str, Path, Path]]:
    """(stem, text file, one annotation file) for each article of a split."""
    base = root / "polnear" / split
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)  # one annotator file per article
    out = []
    for stem, ann in sorted(anns.items()):
        tf = base / "text" / f"{stem}.txt"
        if tf.exists():
            out.append((stem, tf, ann))
    return out


def score_polnear(root: Path, split: str, verbose: bool = False) -> SplitFigures | str:
    base = root / "polnear" / split
    if not (base / "text").is_dir() or not (base / "attributions").is_dir():
        return f"no PolNeAR {split} data under {base}"
    dates = publication_dates(root)
    fig = SplitFigures()
    for stem, tf, ann in polnear_articles(root, split):
        text = tf.read_text(encoding="utf-8")
        golds = read_ann(ann, text)
        claims = extract_claims(text, published=dates.get(stem))
        fig.articles += 1
        fig.claims += len(claims)
        for c in claims:
            doubtful = short_or_verbless(c.text)
            fig.short_or_verbless += doubtful
            fig.not_a_claim += c.claim_type == "not_a_claim"
            fig.short_or_verbless_kept += doubtful and c.claim_type != "not_a_claim"
            if any(_content_iou((c.start, c.end), g) >= 0.5 for g in golds):
                fig.good += 1
            elif verbose:
                print(f"  polnear {split} extra {stem}: [{c.speaker}|{c.cue}] {c.quote[:90]!r}")
        for g in golds:
            classes = ["speech" if g.speech else "other"] + (["evidence"] if g.evidence else [])
            matches = [c for c in claims if _content_iou((c.start, c.end), g) >= 0.5]
            key = g.cue.lower().strip()
            fig.by_cue[key][0] += 1
            if g.evidence:
                fig.by_evidence[g.evidence][0] += 1
            for cls in classes:
                fig.gold[cls] += 1
                fig.found[cls] += bool(matches)
            if not matches:
                if verbose and (g.speech or g.evidence):
                    content = " | ".join(text[s:e] for s, e in g.content)
                    print(f"  polnear {split} missed {stem} [{g.cue}]: {content[:100]!r}")
                continue
            fig.by_cue[key][1] += 1
            if g.evidence:
                fig.by_evidence[g.evidence][1] += 1
            if g.source:
                fig.speaker_total += 1
                if any(
                    c.speaker_start is not None
                    and any(c.speaker_start < e and s < c.speaker_end for s, e in g.source)
                    for c in matches
                ):
                    fig.speaker_ok += 1
                elif verbose:
                    src = " ".join(text[s:e] for s, e in g.source)
                    print(
                        f"  polnear {split} speaker {stem}: gold={src!r} got={[c.speaker for c in matches]}"
                    )
    return fig


def _count(found: int, n: int) -> str:
    return f"{found / max(1, n):.3f} ({found}/{n})"


def eval_polnear(
    root: Path, verbose: bool, splits: tuple[str, ...] = ("train", "dev")
) -> list[Row] | str:
    """PolNeAR figures with one column per split: what fits the articles the rules were
    written against (train) and what holds on others (dev) side by side."""
    figs: dict[str, SplitFigures] = {}
    for split in splits:
        fig = score_polnear(root, split, verbose)
        if isinstance(fig, str):
            return fig
        figs[split] = fig

    def row(label, value, target="", ok=None) -> Row:
        cells = " | ".join(f"{split} {value(f)}" for split, f in figs.items())
        return (
            f"polnear: {label}",
            cells,
            target,
            "" if ok is None else _ok(all(ok(f) for f in figs.values())),
        )

    rows: list[Row] = [
        row("articles", lambda f: str(f.articles)),
        row("recall, speech-verb cues", lambda f: _count(f.found["speech"], f.gold["speech"]), ">=0.92", lambda f: f.recall("speech") >= 0.92),
        row("recall, evidence/assertion cues", lambda f: _count(f.found["evidence"], f.gold["evidence"]), ">=0.75", lambda f: f.recall("evidence") >= 0.75),
        row("recall, other cues", lambda f: _count(f.found["other"], f.gold["other"])),
        row("recall, all", lambda f: f"{(f.found['speech'] + f.found['other']) / max(1, f.gold['speech'] + f.gold['other']):.3f}"),
        row("precision", lambda f: _count(f.good, f.claims), ">=0.87", lambda f: f.precision >= 0.87),
        row("speaker right (of found)", lambda f: f"{f.speaker:.3f}", ">=0.90", lambda f: f.speaker >= 0.90),
        row("items <5 words or verbless (all)", lambda f: _count(f.short_or_verbless, f.claims)),
        row("  of them not marked not_a_claim", lambda f: _count(f.short_or_verbless_kept, f.claims)),
        row("marked not_a_claim", lambda f: _count(f.not_a_claim, f.claims)),
    ]  # fmt: skip
    for split, f in figs.items():
        top = sorted(f.by_cue.items(), key=lambda kv: -kv[1][0])[:12]
        rows.append(
            (
                f"polnear {split}: recall by cue",
                ", ".join(f"{k} {x}/{n}" for k, (n, x) in top),
                "",
                "",
            )
        )
        ev = sorted(f.by_evidence.items(), key=lambda kv: -kv[1][0])
        rows.append(
            (
                f"polnear {split}: evidence cues",
                ", ".join(f"{k} {x}/{n}" for k, (n, x) in ev),
                "",
                "",
            )
        )
    return rows


# -- dates ----------------------------------------------------------------------------------


def eval_dates(root: Path, verbose: bool) -> list[Row] | str:
    path = root / "dates" / "dev.tsv"
    if not path.exists():
        return f"no {path}"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    right = false_dates = non_dates = 0
    for r in rows:
        pub = dt.date.fromisoformat(r["base_date"])
        found = [p for p in find_time_phrases(r["sentence"], published=pub) if p.date]
        if not r["phrase"]:
            non_dates += 1
            ok = not found
            false_dates += not ok
        else:
            at = r["sentence"].find(r["phrase"])
            span = (at, at + len(r["phrase"]))
            ok = any(
                p.start < span[1] and span[0] < p.end and _date_right(p.date, p.precision, r)
                for p in found
            )
        right += ok
        if verbose and not ok:
            print(
                f"  dates miss: {r['sentence']!r} -> {[(p.text, p.date, p.precision) for p in found]}"
            )
    n = len(rows)
    return [
        ("dates: rows right", f"{right}/{n}", f">={n - 2}/{n}", _ok(right >= n - 2)),
        (
            "dates: non-date rows given a date",
            f"{false_dates}/{non_dates}",
            "0",
            _ok(false_dates == 0),
        ),
    ]


def _date_right(date: str | None, precision: str | None, r: dict) -> bool:
    if date is None or precision != r["precision"]:
        return False
    if precision == "week":
        try:
            delta = dt.date.fromisoformat(date) - dt.date.fromisoformat(r["resolved"])
        except ValueError:
            return False
        return abs(delta.days) <= 3
    return date == r["resolved"]


# -- check-worthiness ------------------------------------------------------------------------


def eval_checkworthiness(root: Path, verbose: bool) -> list[Row] | str:
    files = sorted((root / "checkworthy").glob("**/*.tsv"))
    if not files:
        return f"no debates under {root / 'checkworthy'}"
    aps = []
    for f in files:
        rows = [
            line.split("\t") for line in f.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        rows = [r for r in rows if len(r) >= 4]
        lines, starts, pos = [], [], 0
        for r in rows:
            line = f"{r[1]}: {r[2]}"
            lines.append(line)
            starts.append(pos)
            pos += len(line) + 1
        scores = [0.0] * len(rows)
        for c in extract_transcript("\n".join(lines)):
            i = bisect.bisect_right(starts, c.start) - 1
            if i >= 0:
                scores[i] = max(scores[i], c.checkworthiness)
        labels = [r[3].strip() == "1" for r in rows]
        order = sorted(range(len(rows)), key=lambda i: -scores[i])
        hits, ap = 0, 0.0
        for k, i in enumerate(order, 1):
            if labels[i]:
                hits += 1
                ap += hits / k
        if sum(labels):
            aps.append(ap / sum(labels))
            if verbose:
                print(f"  checkworthy {f.stem}: AP {aps[-1]:.3f}")
    mean = sum(aps) / len(aps)
    return [
        (
            "check-worthiness: MAP (fitted: trained on these; CV in train_checkworthiness.py)",
            f"{mean:.3f} ({len(aps)} debates)",
            ">=0.12",
            _ok(mean >= 0.12),
        )
    ]


def eval_refiner(root: Path) -> list[Row] | str:
    """The keep model beside the rules alone, and refitted per fold of train (5-fold CV):
    the train column of the PolNeAR rows is fitted, this one is not."""
    from claims.extraction.refine import Refiner, refiner

    model = refiner()
    if model is None:
        return "no keep model shipped (claims/extraction/weights/refiner.json)"
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return "needs scikit-learn to refit per fold: pip install -e '.[train]'"
    import train_extraction_refiner as tr

    if not (root / "polnear" / "train").is_dir():
        return f"no PolNeAR under {root / 'polnear'}"
    splits = {split: tr.load(split) for split in ("train", "dev")}
    rules = Refiner({"name": "rules", "keep": {"weights": {}, "threshold": 0.0}})

    def cells(f: dict) -> str:
        return f"precision {f['precision']:.3f}, speech {f['speech']:.3f}, evidence {f['evidence']:.3f}"

    alone = {split: tr.figures(arts, rules) for split, arts in splits.items()}
    cv = tr.cross_validate(splits["train"], model.c, model.keep_threshold)
    return [
        (
            f"{model.name}: rules alone",
            " | ".join(f"{k} {cells(f)}" for k, f in alone.items()),
            "",
            "",
        ),
        (
            f"{model.name}: train 5-fold CV",
            f"train {cells(cv)}",
            ">=0.87 p",
            _ok(cv["precision"] >= 0.87),
        ),
    ]


def eval_speed(root: Path) -> list[Row] | str:
    result = measure(root)
    if result is None:
        return f"no PolNeAR texts under {root / 'polnear'}"
    aps = result["articles_per_s"]
    return [
        (
            "speed: PolNeAR train+dev, one core",
            f"{aps:.0f} articles/s wall, {result['articles_per_cpu_s']:.0f} per CPU s "
            f"({result['articles']} in {result['seconds']:.1f} s, load {os.getloadavg()[0]:.1f})",
            ">=100/s",
            _ok(result["articles_per_cpu_s"] >= 100),
        )
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-speed", action="store_true", help="skip the speed benchmark")
    ap.add_argument(
        "--splits", default="train,dev", help="PolNeAR splits side by side (default train,dev)"
    )
    ap.add_argument("--verbose", "-v", action="store_true", help="print misses")
    ap.add_argument(
        "--only", help="comma list of sections: seed,polnear,dates,refiner,checkworthy,speed"
    )
    args = ap.parse_args(argv)
    root = shared_data()
    sections = [
        ("seed", lambda: eval_seed(root, args.verbose)),
        ("dates", lambda: eval_dates(root, args.verbose)),
        ("polnear", lambda: eval_polnear(root, args.verbose, tuple(args.splits.split(",")))),
    ]
    sections.append(("refiner", lambda: eval_refiner(root)))
    sections.append(("checkworthy", lambda: eval_checkworthiness(root, args.verbose)))
    if not args.no_speed:
        sections.append(("speed", lambda: eval_speed(root)))
    only = set(args.only.split(",")) if args.only else None
    table: list[Row] = []
    for name, run in sections:
        if only and name not in only:
            continue
        result = run()
        if isinstance(result, str):
            table.append((f"{name}: skipped", result, "", ""))
        else:
            table.extend(result)
    w0 = max(len(r[0]) for r in table)
    w1 = min(60, max(len(r[1]) for r in table))
    print(f"{'figure':<{w0}}  {'value':<{w1}}  {'target':<8}  ")
    print("-" * (w0 + w1 + 16))
    for fig, val, target, ok in table:
        print(f"{fig:<{w0}}  {val:<{w1}}  {target:<8}  {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

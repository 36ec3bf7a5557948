"""The shipped check-worthiness model, its explanations and the command that trains it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claims.checkworthiness import explain, model_name, score_many
from claims.triage import features
from claims.triage.scorer import load, shipped

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "bench" / "train_checkworthiness.py"

# Tiny debates in the training data's form (line, speaker, sentence, label), written for the test.
DEBATES = {
    "a": [("MOD", "Good evening and welcome to the debate.", 0),
          ("SMITH", "Unemployment fell to 4 percent last year.", 1),
          ("SMITH", "I think we should thank everyone here tonight.", 0),
          ("JONES", "We lost 70,000 factories since 2001.", 1),
          ("JONES", "Thank you very much, it is great to be here.", 0)],
    "b": [("MOD", "Let us turn to the economy now.", 0),
          ("JONES", "Taxes rose by 12 percent under this governor.", 1),
          ("SMITH", "Frankly, I love this country and its people.", 0),
          ("SMITH", "Crime went up 18 percent in Chicago last year.", 1),
          ("MOD", "Thank you both, we will be right back.", 0)],
    "c": [("MOD", "Welcome back to the second half of the debate.", 0),
          ("SMITH", "The deficit doubled to 600 billion dollars since 2009.", 1),
          ("JONES", "I hope we can all agree on that tonight.", 0),
          ("JONES", "Wages fell 3 percent while prices rose 9 percent.", 1),
          ("SMITH", "Well, that is great, thank you.", 0)],
}


def write_debates(folder: Path) -> Path:
    folder.mkdir()
    for name, rows in DEBATES.items():
        (folder / f"{name}.tsv").write_text(
            "".join(f"{i}\t{sp}\t{text}\t{y}\n" for i, (sp, text, y) in enumerate(rows, 1)), encoding="utf-8")
    return folder


def train(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TRAIN), "--data", str(data), "--out", str(out),
                           "--c", "1", "--min-df", "1", *extra], capture_output=True, text=True, timeout=300)


def test_training_command_makes_a_working_artefact_deterministically(tmp_path):
    pytest.importorskip("sklearn", reason="training needs the train extra: pip install -e '.[train]'")
    data = write_debates(tmp_path / "debates")
    out = tmp_path / "w.json.gz"
    done = train(data, out)
    assert done.returncode == 0, done.stderr
    assert "fitted AP" in done.stdout and "CV AP" in done.stdout  # both, side by side
    model = load(out)
    worthy, chatter = model.scores(["Exports fell 7 percent last year.", "Thank you, it is great to be here."])
    assert worthy > chatter
    first = out.read_bytes()
    again = train(data, out, "--check")  # retrained: byte for byte the same file
    assert again.returncode == 0 and "identical" in again.stdout
    assert out.read_bytes() == first


def test_scorer_matches_scikit_learn_on_the_same_features(tmp_path):
    """The pure numpy scoring at run time is the fitted model's decision function."""
    pytest.importorskip("sklearn", reason="needs the train extra")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import train_checkworthiness as t
    finally:
        sys.path.remove(str(ROOT / "bench"))
    texts = [text for rows in DEBATES.values() for _, text, _ in rows]
    labels = [y for rows in DEBATES.values() for _, _, y in rows]
    counts = t.Counts(texts)
    rows = list(range(len(texts)))
    fitted, fit = t.fit_model(counts, rows, labels, 1.0, 1)
    (tmp_path / "m.json.gz").write_bytes(t.export(fitted, fit, {}))
    ours = load(tmp_path / "m.json.gz").raw_many(texts + ["an unseen sentence about 12 taxes"])
    theirs = fit.decision_function(counts.matrix(rows, fitted)).tolist()
    assert ours[:-1] == pytest.approx(theirs, abs=1e-4)


def test_contributions_add_up_and_reasons_name_real_features():
    model = shipped()
    text = "Unemployment fell to 4.2 percent last year, the lowest since 2001."
    parts = model.contributions(text)
    assert model.intercept + sum(p.effect for p in parts) == pytest.approx(model.raw(text), abs=1e-9)
    reasons = explain(text)
    assert reasons and all(set(r) == {"reason", "effect"} for r in reasons)
    assert any(r["reason"] == "a figure: 4.2 percent" or r["reason"].startswith("figures: 4.2 percent")
               for r in reasons), reasons
    for r in reasons:  # every word named is in the sentence and moved the score
        named = r["reason"].split(": ", 1)[1]
        for word in named.split(", "):
            assert word in text
            moved = [p.effect for p in parts if p.start >= text.index(word)
                     and p.end <= text.index(word) + len(word)]
            assert moved and abs(sum(moved)) > 0
    ups = [r["effect"] for r in reasons if r["effect"] > 0]
    assert ups == sorted(ups, reverse=True)


def test_opinion_lowers_the_score_and_says_so():
    factual, opinion = score_many(["We have lost 70,000 factories since China entered the WTO in 2001.",
                                   "I think we should all thank the wonderful people of Ohio tonight."])
    assert factual > 0.5 > opinion
    down = [r for r in explain("I think we should all thank the wonderful people of Ohio tonight.")
            if r["effect"] < 0]
    assert any(r["reason"].startswith("opinion words:") for r in down)


def test_features_fold_digits_case_and_apostrophes():
    assert features.words("Crime ROSE 18% in 2019, didn’t it?") == [
        "crime", "rose", "00", "%", "in", "0000", "didn't", "it"]
    assert features.char_grams_of("up") == [" up", "up ", " up "]


def test_batch_and_single_scores_agree():
    texts = ["Taxes rose 12 percent.", "", "Thank you.", "x" * 5000]
    assert score_many(texts) == [score_many([t])[0] for t in texts]


def test_extract_json_says_which_model_and_why(tmp_path, runner):
    from tui.entry import cli

    article = tmp_path / "a.txt"
    article.write_text('The mayor said unemployment fell to 4 percent last year, the lowest since 2001.\n',
                       encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(article), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records and records[0]["checkworthiness_model"] == model_name()
    assert any(r["reason"].startswith(("a figure", "figures")) for r in records[0]["checkworthiness_reasons"])


def test_many_texts_are_scored_in_bounded_batches_with_the_same_scores(monkeypatch):
    """Issue 15, finding 7: the 50,000 statements of a 3 MB article were scored in one numpy
    pass whose arrays peaked at 300 MB; batches bound them, and a score is its batch's alone."""
    import numpy as np

    from claims.triage import scorer

    texts = [f"The council said {i} homes were damaged in the flood in {i % 7} towns." for i in range(50)]
    whole = shipped().scores(texts)
    sizes = []
    real_unique = np.unique

    def unique(keys, **kw):
        sizes.append(len(keys))
        return real_unique(keys, **kw)

    monkeypatch.setattr(np, "unique", unique)
    monkeypatch.setattr(scorer, "SCORE_BATCH", 8, raising=False)
    assert shipped().scores(texts) == whole
    assert len(sizes) == 7 and max(sizes) <= 8 * max(len(t.split()) * 10 for t in texts)

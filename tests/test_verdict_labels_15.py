"""Verdict labels made only of emoji or signs (`[verdicts.true] label = "✅"`): a label was read
by its letters and digits alone, so every such label read as every other. Two were refused as
'the same', and one alone took every imported emoji label as its verdict."""

from __future__ import annotations

import json

import pytest

from claims.config import parse_settings
from claims.errors import ClaimsError
from tests.hostile import run, stored_claims

EMOJI = '[verdicts.true]\nlabel = "✅"\n[verdicts.false]\nlabel = "❌"\n[verdicts.misleading]\nlabel = "?"\n'


def _settings(tmp_path, monkeypatch, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))


def test_emoji_labels_are_taken_and_read_back_as_their_verdicts():
    settings = parse_settings(EMOJI, where="config.toml")
    assert [settings.label(v) for v in ("true", "false", "misleading")] == ["✅", "❌", "?"]
    assert settings.verdict_for_label("❌") == "false" and settings.verdict_for_label("✅\ufe0f") == "true"
    assert settings.verdict_for_label(" ? ") == "misleading" and settings.verdict_for_label("‼") is None
    assert settings.verdict_for_label("Half-TRUE") is None and settings.verdict_for_label("mostly true") == "mostly_true"


def test_labels_that_truly_read_the_same_are_named_with_their_keys():
    with pytest.raises(ClaimsError) as refused:
        parse_settings('[verdicts.true]\nlabel = "✅"\n[verdicts.mixed]\nlabel = "✅\ufe0f"\n', where="config.toml")
    assert str(refused.value).startswith(
        "config.toml: [verdicts.true] label '✅' and [verdicts.mixed] label '✅\ufe0f' read the same ('✅': "
        "read by its signs, spaces and invisible characters set aside)")


def test_an_emoji_labelled_desk_exports_claimreview(db, tmp_path, monkeypatch):
    claim = tmp_path / "c.jsonl"
    claim.write_text('{"id": "x", "text": "The bridge carries 40,000 vehicles a day.", "verdict": "false", '
                     '"status": "verified", "fact_check_url": "https://fc.example/1"}\n', encoding="utf-8")
    assert run(db, "import", str(claim)).exit_code == 0
    _settings(tmp_path, monkeypatch, EMOJI)
    out = tmp_path / "out.json"
    result = run(db, "export", "--format", "claimreview", "-o", str(out))
    assert result.exit_code == 0, result.output
    [review] = json.loads(out.read_text(encoding="utf-8"))
    assert review["reviewRating"]["alternateName"] == "❌"


def test_an_imported_emoji_label_is_not_read_as_another_emoji_verdict(db, tmp_path, monkeypatch):
    """With only `[verdicts.true] label = "✅"` set, a review rated "❌" was stored verified as
    true: both labels read as nothing, so the same."""
    _settings(tmp_path, monkeypatch, '[verdicts.true]\nlabel = "✅"\n')
    rating = {"@type": "Rating", "alternateName": "❌"}
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/a",
              "claimReviewed": "The bridge cost 40 million euros to build in total", "reviewRating": rating}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    result = run(db, "import", str(path), "--format", "claimreview")
    assert result.exit_code == 0, result.output
    [claim] = stored_claims(db)
    assert claim.verdict is None and json.loads(claim.extra)["reviewRating"] == rating

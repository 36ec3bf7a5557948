"""The seed article against the fact-checker's gold claims (issue 3 targets)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from claims.cleaning import clean_article
from claims.extraction import extract_claims

SHARED = Path(
    os.environ.get("CLAIMS_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)
SEED = SHARED / "seed"
PUBLISHED = dt.date(2024, 4, 14)

pytestmark = pytest.mark.skipif(
    not (SEED / "article.txt").exists() or not (SEED / "claims.gold.tsv").exists(),
    reason=f"seed data not found under {SEED}",
)


def _gold():
    with (SEED / "claims.gold.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module", params=["cleaned", "raw"])
def seed(request):
    raw = (SEED / "article.txt").read_text(encoding="utf-8")
    text = clean_article(raw).text if request.param == "cleaned" else raw
    return text, extract_claims(text, published=PUBLISHED)


def test_offsets_index_the_text(seed):
    text, claims = seed
    for c in claims:
        assert text[c.start : c.end] == c.quote
        if c.speaker_start is not None:
            assert 0 <= c.speaker_start < c.speaker_end <= len(text)


def test_required_claims_speakers_and_dates(seed):
    text, claims = seed
    required = [g for g in _gold() if g["required"] == "yes"]
    found = speaker_ok = date_ok = 0
    for g in required:
        hits = [c for c in claims if g["anchor"] in c.quote or g["anchor"] in c.text]
        speakers = {s.lower() for s in g["speaker"].split("|")}
        found += bool(hits)
        speaker_ok += any((c.speaker or "").lower() in speakers for c in hits)
        date_ok += any(c.date in g["date"].split("|") for c in hits)
    assert found == len(required) == 19
    assert speaker_ok >= 17
    assert date_ok >= 17


def test_precision(seed):
    text, claims = seed
    anchors = []
    for g in _gold():
        at = text.find(g["anchor"])
        if at >= 0:
            anchors.append((at, at + len(g["anchor"])))
    good = sum(any(c.start < e and s < c.end for s, e in anchors) for c in claims)
    assert good / len(claims) >= 0.9


def test_debris_yields_no_claims(seed):
    text, claims = seed
    for c in claims:
        for junk in ("[ad_", "Source link", "contributed to this report", "photo", "updated with"):
            assert junk not in c.quote

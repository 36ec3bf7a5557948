"""Ingest: articles in, claims stored in one transaction, the same article twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim, Outlet
from claims.services.ingest import ingest_paths, ingest_source
from claims.sources import ArticleSource, expand_paths, read_source, split_header
from tests.conftest import SAMPLES

ARTICLE = """Title: Port strike enters second week
Outlet: Test Gazette
Published: 2026-02-10

Dock workers in Halden stayed off the job on Monday.
"We have lost 3 million in cargo fees since the strike began," port director Lena Ford said on Monday.
Union leader Sam Ortiz said that wages had not kept up with inflation for five years.
"""


def counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return (
            s.exec(select(func.count()).select_from(Article)).one(),
            s.exec(select(func.count()).select_from(Claim)).one(),
            s.exec(select(func.count()).select_from(Appearance)).one(),
        )


def test_header_is_read_and_offsets_point_into_stored_text(db, tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [outcome] = ingest_paths(db, [str(path)])
    assert outcome.ok and outcome.claims_added >= 2
    with db.session() as s:
        article = s.exec(select(Article)).one()
        assert article.title == "Port strike enters second week"
        assert article.published == date(2026, 2, 10)
        assert s.get(Outlet, article.outlet_id).name == "Test Gazette"
        for app in s.exec(select(Appearance)):
            assert article.text[app.start : app.end] == app.quote
        speakers = {c.speaker for c in s.exec(select(Claim))}
    assert any(sp and "Ford" in sp for sp in speakers)


def test_same_article_twice_changes_nothing(db, tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest_paths(db, [str(path)])
    before = counts(db)
    copy = tmp_path / "copy.txt"
    copy.write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")  # same words, other line ends
    [again, again_copy] = ingest_paths(db, [str(path), str(copy)])
    assert again.duplicate_of is not None and again_copy.duplicate_of == again.duplicate_of
    assert counts(db) == before


def test_options_override_header(db):
    src = ArticleSource(source="x", text=split_body(ARTICLE), header={"outlet": "Header Outlet"})
    outcome = ingest_source(db, src, outlet="Option Outlet", published=date(2026, 2, 11))
    with db.session() as s:
        article = s.get(Article, outcome.article_id)
        assert s.get(Outlet, article.outlet_id).name == "Option Outlet"
        assert article.published == date(2026, 2, 11)


def split_body(text: str) -> str:
    _, offset = split_header(text)
    return text[offset:]


def test_samples_ingest_with_repeated_quotes(db):
    outcomes = ingest_paths(db, expand_paths([str(SAMPLES)]))
    assert len(outcomes) == 5 and all(o.ok for o in outcomes)
    with db.session() as s:
        outlets = set(s.exec(select(Outlet.name)))
        assert {"The Harbour Courier", "Northline News", "The Valley Ledger"} <= outlets
        texts = [c.text.lower() for c in s.exec(select(Claim))]
    assert sum("moved to safety" in t for t in texts) >= 2  # the same quote in several articles


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Caf\u00e9 owner said prices rose.".encode("latin-1"), "not UTF-8"),
        (b"Title: Only a header\n\n", "no article text after the header"),
    ],
)
def test_bad_files_are_refused_by_name(db, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ClaimsError, match=message) as info:
        read_source(str(path))
    assert str(path) in str(info.value) or "bad.txt" in str(info.value)
    [outcome] = ingest_paths(db, [str(path)])
    assert outcome.error and message in outcome.error
    assert counts(db) == (0, 0, 0)


def test_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(ClaimsError, match="no such file"):
        read_source(str(tmp_path / "nope.txt"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(ClaimsError, match="no article files in this folder"):
        expand_paths([str(tmp_path / "empty")])


def test_one_bad_file_does_not_stop_the_others(db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    outcomes = ingest_paths(db, [str(bad), str(good)])
    assert [o.ok for o in outcomes] == [False, True]
    assert counts(db)[0] == 1


def test_failure_mid_ingest_stores_nothing(db, tmp_path, monkeypatch):
    import claims.services.ingest as ingest_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "store_claims", broken)
    path = tmp_path / "strike.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(RuntimeError):
        ingest_paths(db, [str(path)])
    assert counts(db) == (0, 0, 0)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Outlet)).one() == 0


def retellings(n: int) -> str:
    """One statement told ``n`` times with other figures: every pair is a near-duplicate."""
    return "\n\n".join(f"The mayor said {100 + 7 * i} homes were flooded in Riverside on Friday."
                       for i in range(n))


@pytest.mark.parametrize("bulk_from", [1, 10_000], ids=["in-bulk", "by-lookups"])
def test_a_large_article_is_matched_in_time_linear_in_its_claims(db, monkeypatch, bulk_from):
    """Issue 15, finding 7: each claim is compared with a bounded number of earlier ones, so
    an article of n near-duplicate statements costs O(n), not O(n^2) pairs."""
    from claims.matching import CANDIDATES, parallel
    from claims.services import matching

    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", bulk_from)
    calls = []
    real_compare = matching.compare_unless_distinct
    counted = lambda *a, **k: calls.append(1) or real_compare(*a, **k)  # noqa: E731
    monkeypatch.setattr(matching, "compare_unless_distinct", counted)  # lookups
    real_compare_unless_distinct = parallel.compare_unless_distinct
    monkeypatch.setattr(parallel, "compare_unless_distinct",  # the bulk pass (in this process: 150 claims)
                        lambda *a, **k: calls.append(1) or real_compare_unless_distinct(*a, **k))
    n = 150
    outcome = ingest_source(db, ArticleSource(source="big.txt", text=retellings(n), header={}))
    assert outcome.claims_added == n
    assert 0 < len(calls) <= CANDIDATES * n
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Appearance)).one() == n
    assert outcome.matches.conflicts <= CANDIDATES * n


def test_a_large_article_reports_its_phases(db):
    seen = []
    ingest_source(db, ArticleSource(source="big.txt", text=retellings(40), header={}),
                  progress=lambda phase, done, total: seen.append((phase, done, total)))
    phases = [p for p, _, _ in seen]
    assert phases[0] == "extracting" and "storing" in phases and phases[-1] == "matching"
    assert ("storing", 0, 40) in seen


def test_the_extracted_claims_are_let_go_before_matching(db, monkeypatch):
    """Issue 15, finding 7: a 20 MB article's 240,000 extracted claims need not sit in memory
    through matching, which only needs the stored claims' ids and texts."""
    from claims.services import ingest

    extracted, left_at_matching = [], []
    real_extract, real_match = ingest.extract_claims, ingest.match_new_claims
    monkeypatch.setattr(ingest, "extract_claims", lambda *a, **k: extracted.append(real_extract(*a, **k))
                        or extracted[-1])
    monkeypatch.setattr(ingest, "match_new_claims", lambda *a, **k: left_at_matching.append(
        len(extracted[0])) or real_match(*a, **k))
    outcome = ingest_source(db, ArticleSource(source="big.txt", text=retellings(40), header={}))
    assert outcome.claims_added == 40 and outcome.appearances_added == 40
    assert left_at_matching == [0]


def test_every_article_the_readers_take_is_long_enough_to_extract():
    """An article file of 20,000,001 to 20,971,520 characters was read (the cap is 20 MiB)
    and stored with no claim: extraction gave up on a text over 20,000,000 characters."""
    from claims.extraction.extractor import MAX_TEXT
    from claims.sources import MAX_ARTICLE_BYTES

    assert MAX_TEXT >= MAX_ARTICLE_BYTES  # a text of n bytes has at most n characters

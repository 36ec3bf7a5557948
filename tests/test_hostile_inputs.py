"""A second hostile pass over the classes of issue 15 (bad files, bad URLs, odd text, odd
dates), with other inputs than the issue's: each gives one line and stores nothing wrong."""

from __future__ import annotations

import os

import pytest
from sqlmodel import select

from claims.models import Article, Claim
from tests.hostile import record_file as _record_file
from tests.hostile import run as _run

ARTICLE = "The mayor said the bridge carries 40,000 vehicles a day.\n"


def _one_line_error(result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("claims: error: ") and "Traceback" not in result.output, result.output
    for part in parts:
        assert part in lines[-1], lines[-1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_read_forever(db, tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)  # no writer: reading it would wait forever
    _one_line_error(_run(db, "ingest", str(fifo)), "not a regular file")


@pytest.mark.parametrize("typed", ["２０２４-０１-０２", "٢٠٢٤-٠١-٠٢"])
def test_digits_of_other_scripts_are_read_as_the_date_they_write(db, tmp_path, typed):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = _run(db, "ingest", "--published", typed, str(article))
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Article.published)).one().isoformat() == "2024-01-02"
        claim_id = s.exec(select(Claim.id)).first()
    assert _run(db, "set-date", str(claim_id), typed[:7]).exit_code == 0
    with db.session() as s:
        assert s.get(Claim, claim_id).claim_date == "2024-01"  # stored in ASCII, compared as such


def test_a_lone_surrogate_is_a_bad_record(db, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "x1", "text": "The bridge carries \\ud800 vehicles a day"}\n', encoding="utf-8")
    _one_line_error(_run(db, "import", str(path)), "line 1: text holds a lone surrogate")
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_a_url_with_a_user_name_or_password_is_not_stored(db, tmp_path):
    path = _record_file(tmp_path, "u.jsonl", url="https://user:secret@example.com/a")
    _one_line_error(_run(db, "import", str(path)), "holds a user name or password")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    _one_line_error(_run(db, "ingest", "--url", "https://www.example.com@evil.example/a", str(article)),
                    "--url", "user name or password")
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None and s.exec(select(Article)).first() is None


# --- hostile pass 3 --------------------------------------------------------------------------


@pytest.mark.parametrize("body, where", [
    ('{"id": "x", "text": "The bridge carries 40,000 vehicles a day.", "text": "Other."}\n', "line 1"),
    ('[{"id": "x", "speaker": "Ana", "text": "The bridge carries 40,000 vehicles.", "speaker": "Ben"}]',
     "line 1"),
    ('{\n  "@type": "ClaimReview", "claimReviewed": "The bridge carries 40,000 vehicles.",\n'
     '  "url": "https://a.example/1", "url": "https://b.example/2"\n}\n', "record 1"),
], ids=["jsonl", "array", "claimreview"])
def test_a_field_named_twice_is_refused_not_half_kept(db, tmp_path, body, where):
    """json keeps the last of two values silently; the import says which field is doubled."""
    path = tmp_path / "twice.json"
    path.write_text(body, encoding="utf-8")
    _one_line_error(_run(db, "import", str(path)), where, "is named twice in one object")
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_a_deep_line_in_a_queries_file_is_one_line_too(db, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    _one_line_error(_run(db, "search", "--queries", str(path)), "line 1")


@pytest.mark.parametrize("stamp", ["2024-01-01T25:00", "2024-01-01T10:61:00Z", "2024-01-01T10:00+99:00",
                                   "2024-01-01T:::"])
def test_a_timestamp_whose_time_does_not_exist_is_no_date(db, tmp_path, stamp):
    """A timestamp counts as its day only when the whole of it is a time: '2024-01-01T25:00'
    was read as 1 January (and '2024-01-01T:::' too, in an import)."""
    path = _record_file(tmp_path, "d.jsonl", date=stamp)
    _one_line_error(_run(db, "import", str(path)), "line 1: date:", "is not a date")
    _one_line_error(_run(db, "list", "--since", stamp), "--since", "is not a date")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    _one_line_error(_run(db, "ingest", "--published", stamp, str(article)), "--published")
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None


def test_a_timestamp_with_a_real_time_still_gives_its_day(db, tmp_path):
    path = _record_file(tmp_path, "d.jsonl", date="2024-01-01T05:29:60.5+05:30")
    assert _run(db, "import", str(path)).exit_code == 0
    with db.session() as s:
        assert s.exec(select(Claim.claim_date)).one() == "2024-01-01"


def test_a_link_holding_a_bidi_override_is_not_stored(db, tmp_path):
    """U+202E makes 'https://example.org/\u202egnp.exe' show as '...exe.png'."""
    path = _record_file(tmp_path, "b.jsonl", fact_check_url="https://example.org/\u202egnp.exe")
    _one_line_error(_run(db, "import", str(path)), "fact_check_url", "invisible character U+202E")
    with db.session() as s:
        assert s.exec(select(Claim)).first() is None

"""A thirty-second hostile pass, on what changed on 7 December 2026: migration 0026 (the fold
drops every default-ignorable character), evidence links compared with their fragment,
`import --allow-future`, a page's stated dates, relative header dates, and the queue's counts
in thousands. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tests.hostile import run

# --- wrong place: an outlet named with characters the fold now drops, and nothing else ---------------------
#
# Since 0026 the fold (and an outlet's identity) drops the Hangul fillers (U+115F, U+1160,
# U+3164, U+FFA0) and the tags (U+E0001, U+E0020-E007F). An outlet named only with them (a
# header's 'Outlet: ㅤ', an import's outlet '\U000E0043') was stored as an outlet of the empty
# identity: every such name was then one outlet, and `--outlet ㅤ` refused it as 'nothing to look
# for'. A name that shows nothing is no name: as an outlet of a zero-width space, no outlet.

BLANKS = ["\u3164", "\uffa0", "\u115f\u1160", "\U000e0043", "\U000e0001\U000e0041", "\u2800"]


@pytest.mark.parametrize("blank", BLANKS)
def test_an_outlet_or_speaker_named_only_with_blank_characters_is_none(db, tmp_path, blank):
    from claims.models import Article, Claim, Outlet

    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Wages rose 5 percent in April 2024.", "outlet": blank,
                                "speaker": blank, "speaker_role": blank}) + "\n", encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output
    page = tmp_path / "a.txt"
    page.write_text(f"Title: T\nOutlet: {blank}\n\nThe governor said rents rose 7 percent in May 2024.\n",
                    encoding="utf-8")
    done = run(db, "ingest", str(page))
    assert done.exit_code == 0, done.output
    with db.session() as s:
        assert s.exec(select(Outlet)).all() == []  # was: an outlet named 'ㅤ' of identity ''
        assert [a.outlet_id for a in s.exec(select(Article))] == [None]  # the page's; the record made none
        claim = s.exec(select(Claim).where(Claim.external_id == "x")).one()
        assert (claim.speaker, claim.speaker_role) == (None, None)


# --- wrong place: '#' inside an evidence link's fragment -------------------------------------------------
#
# Evidence links are compared with their fragment since pass 31a, the fragment's escapes in one
# form. A '#' inside the fragment ('#a#b', as a page's anchors or a hash route carry it) was
# kept as written, so '#a#b' and '#a%23b', which a browser reads as one fragment ('a#b'), were
# two evidence links of one claim. RFC 3986 holds no '#' in a fragment: it is '%23'.

def test_a_hash_inside_a_fragment_is_its_escape(db, tmp_path):
    from claims.models import Claim
    from tests.hostile import record_file

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://e.example/r#a#b").exit_code == 0
    done = run(db, "set-status", "1", "--evidence", "https://e.example/r#a%23b")
    assert done.exit_code == 0, done.output
    assert "not added: it already has that evidence link, written https://e.example/r#a#b" in done.output
    with db.session() as s:
        assert json.loads(s.get(Claim, 1).evidence) == ["https://e.example/r#a#b"]  # was: both


# --- superlinear ingest: a page stating a date in each of many elements -----------------------------------
#
# Since pass 31b a page's date is kept only where one of the dates the page states reads as it,
# strictly; every stated date was read, one at a time, each time it was stated. A 4.9 MB page of
# 150,000 `<time>` elements took 18 s to ingest, 6.3 s of it reading the same 28 dates again and
# again (a 20 MB page: over a minute). Each distinct text is read once, reading stops at the
# answer, and at most the first 1,000 distinct ones are read (a page's own date is stated in its
# `<meta>` and JSON-LD, read first).

BODY = "<p>" + "The mayor said on Monday that unemployment fell by 4 percent in the city since 2019. " * 3 + "</p>"


def _page(extra: str, head: str = "") -> str:
    return (f"<html><head><title>Jobs</title>{head}</head><body><article><h1>Jobs</h1>{BODY * 5}"
            f"</article>{extra}</body></html>")


def _reads(monkeypatch) -> list[str]:
    import claims.dates

    reads: list[str] = []
    real = claims.dates.read_typed_date

    def counted(value, *args, **kwargs):
        reads.append(value)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(claims.dates, "read_typed_date", counted)
    return reads


def test_a_page_stating_many_dates_reads_each_once_and_not_all(monkeypatch):
    from claims.web.html import extract_page

    reads = _reads(monkeypatch)
    same = _page("".join(f"<time>{i % 28 + 1} April 2024</time>" for i in range(5000)),
                 "<meta property='article:published_time' content='2024-04-14T09:00:00Z'>")
    assert extract_page(same, source="p.html").date == "2024-04-14"
    assert len(reads) == len(set(reads)) <= 29  # was: 5,001
    reads.clear()
    many = _page("".join(f"<time>2024-03-{i % 28 + 1:02d}T{i // 28 % 24:02d}:{i % 60:02d}:00Z</time>"
                         for i in range(5000)),
                 '<script type="application/ld+json">{"datePublished": "2024-04-14T09:00:00Z"}</script>')
    assert extract_page(many, source="p.html").date == "2024-04-14"  # JSON-LD's, read before the <time>s
    assert len(reads) <= 1000  # was: 5,001


def test_a_page_of_many_dates_still_says_which_it_did_not_read(monkeypatch):
    from claims.web.html import extract_page

    reads = _reads(monkeypatch)
    page = extract_page(_page("".join(f"<time>{i % 28 + 1} April 2024</time>" for i in range(3000)),
                              "<meta name='date' content='2024-02-30'>"), source="p.html")
    assert page.date is None and "'2024-02-30'" in page.date_ignored
    assert len(reads) == len(set(reads)) <= 29  # was: 3,001

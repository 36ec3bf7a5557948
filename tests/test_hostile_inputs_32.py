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


@pytest.mark.parametrize("blank", ["\u200b", "\u3164", "\U000e0041"])
def test_a_watched_source_of_an_invisible_outlet_has_none(db, blank):
    """`watch add --outlet` stored the name as typed: '(outlet \u200b)' in its line and the
    watch list, an outlet its articles are then stored without (ingest's rule)."""
    from claims.models import WatchSource

    done = run(db, "watch", "add", "https://w.example/feed", "--outlet", f"{blank}Daily{blank}")
    assert done.exit_code == 0, done.output
    done = run(db, "watch", "add", "https://w.example/feed2", "--outlet", blank)
    assert done.exit_code == 0 and "outlet" not in done.output, done.output
    with db.session() as s:
        outlets = [w.outlet for w in s.exec(select(WatchSource).order_by(WatchSource.id))]
    assert outlets == ["Daily" if blank == "\u200b" else f"{blank}Daily{blank}", None]  # was: the blank


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


# What pass 32 tried (class, input, outcome). The installed `claims` as a subprocess on SQLite
# files, PostgreSQL where the backend matters; old desks made by the code of 35638eb (0025);
# the desk in tmux.
LOG = [
    # migration 0026
    ("wrong place", "a 0025 desk (35638eb's CLI, two imports) of outlets '葛\\U000E0100飾 Times' / '葛飾 Times', "
     "'Hangul\\u3164Daily' / 'HangulDaily', '\\u3164', '\\U000E0041\\U000E0042', '\\uFFA0', speakers with "
     "a variation selector and a tag; upgraded (SQLite and PostgreSQL)", "held: one outlet of each pair, "
     "articles moved, merge-outlets events; list --search 葛飾区 / 'bud\\u3164get' / --outlet HangulDaily "
     "find both; db check ok"),
    ("wrong place", "undo / redo / undo of the import made before the upgrade (whose outlets 0026 merged "
     "away), then undo of the first import, redo of both (SQLite and PostgreSQL)", "held: claims, articles "
     "and outlets removed and restored; db check ok"),
    ("wrong place", "import outlet '\\U000E0043' / '\\u3164\\u3164', speaker and role '\\u3164'; header "
     "'Outlet: \\u3164'; on the upgraded desk and a new one", "FAILED, fixed: an outlet of the empty identity "
     "(every such name one outlet, joined to the old desk's '\\u3164'), which --outlet refuses to name "
     "('nothing to look for'); now no outlet / no speaker, as a name of U+200B"),
    ("wrong place", "ingest --outlet '\\u3164'; watch add URL --outlet '\\u200b' / '\\u3164' / ' '", "FAILED, "
     "fixed (watch): the source stored with the invisible name, shown '(outlet \\u200b)' (its articles then "
     "stored without one); now none, as ingest takes it; ingest: no outlet (the fix above)"),
    ("wrong place", "an old desk's outlet '\\u3164' (identity '' since 0026), restored by redo", "NOT CHANGED: "
     "it stays, unnamable by --outlet; a later migration could detach its articles (question for the lead)"),
    # evidence links with their fragment
    ("wrong place", "set-status --evidence '#a' then '#%61', '#A', '#caf%C3%A9' then '#café' and "
     "'#caf%c3%a9', '...1#' then '...1', the same link twice in one command", "held: one link per "
     "fragment, case kept; 'not added: ... written ...' where it was there"),
    ("wrong place", "set-status --evidence '.../r#a#b' then '.../r#a%23b'", "FAILED, fixed: two links "
     "(a browser reads one fragment 'a#b'); '#' in a fragment is compared as %23; the desk's l of "
     "'#a%23b' then says 'unchanged: it already has that evidence link' (tmux)"),
    ("wrong place", "set-status --replace-evidence '#x' and 'https://E.example/1#x'", "held: one link; the "
     "message says 'it already has that evidence link' of a link given twice (wording only)"),
    ("import", "import 100 fragment links + the first written another way; 101 distinct; 150 links of 50 "
     "fragments; set-status of a 101st / an existing one at 100", "held: 100 kept / refused naming the "
     "limit / 50 kept / refused with 'nothing was changed' / unchanged, rc 0"),
    ("import", "export CSV and list --format jsonl round trips of '#a;b', '#c,d', '#x\"y', \"#it's\", "
     "'#%20sp', '#=1+1', '#a;', '#b;', '#;c'", "held: the same links back, in order"),
    # import --allow-future
    ("lenient dates", "import first_date '9999-12-31', '2099-01-01', other_appearances first_date "
     "'9999-12-31T23:59:59-12:00', date '9999-12-31', with and without --allow-future; the listing and "
     "the CSV export imported back", "held: refused naming the flag / stored; the claim's date a warning; "
     "both round trips need the flag, as said"),
    ("lenient dates", "import first_date 'tomorrow', 'week of 9999-12-27'", "held: 'not a date'"),
    ("lenient dates", "import first_date '2099' (a year), without --allow-future", "held as designed: a "
     "first_date that is no day is kept in extra, not as the article's date"),
    # web page dates
    ("superlinear ingest", "a 4.9 MB page of 150,000 <time> elements (28 dates)", "FAILED, fixed: 18 s "
     "to ingest, 6.3 s of extract_page's 10.1 s CPU reading the same dates again; each read once, "
     "until the answer, at most 1,000 (meta, JSON-LD first): 6.0 s CPU"),
    ("tracebacks", "JSON-LD 100,000 deep; 100,000 items; a 100,000-digit number; 100,000 date keys",
     "held: a warning naming the block, the article stored"),
    ("lenient dates", "pages dated '2567-04-14' (Thai Buddhist), '令和6年4月14日', Arabic-Indic digits, "
     "'1445-10-05' (Hijri)", "held: undated with a warning naming the date (the Hijri year is before 1900: "
     "undated silently, as designed for 'Mon, 01 Jan 0001')"),
    ("lenient dates", "a page of 20,000 <time datetime=...> whose texts are '0'..'19999'", "held: undated; "
     "the warning names '0' (a time's text), not the attributes"),
    ("lenient dates", "a JSON-LD block over 2,000,000 characters holding datePublished", "NOT CHANGED: "
     "the warning says the block is ignored, yet the page is dated from it (htmldate reads it)"),
    ("lenient dates", "ingest a page whose meta says 2027-01-15 with --allow-future", "NOT CHANGED: stored "
     "undated with a warning (a page's date after tomorrow is never read; a header's is, with the flag)"),
    # relative header dates
    ("lenient dates", "Published: tomorrow, 'Tomorrow 23:59', 'next Monday', tomorrow's ISO and '08 "
     "December 2026', the day after, 'in 1 day', '0 days ago', '-1 days ago', 'a day ago tomorrow', "
     "'this Monday', 'Monday', tomorrow's weekday, 'next week', ISO stamps at +14:00 / -12:00",
     "held: counted days after today refused naming the flag; a calendar date tomorrow taken; the weekday "
     "alone is the last one; weeks refused; the rest 'not a date'"),
    # the queue's counts
    ("non-Latin", "desk in tmux (h32) at 40, 99, 100, 160 columns, claims seen 1, 1,500, 12,345, 999,950 "
     "times", "held: '1×', '1.5k', '12k×', '999k' at 100; Seen dropped under 100. Opening the 999,950 one "
     "took ~40 s at load 4 (found, not changed: a claim of that many appearances is made by SQL only)"),
]

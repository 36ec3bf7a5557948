"""A thirtieth hostile pass (issue 15's classes, other inputs than passes 1-29), and pass 29's
found-not-fixed. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files; the desk
through App.run_test) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text as sql
from sqlmodel import select

from tests.hostile import run
from tui.entry import cli


def extract(*args: str):
    return CliRunner().invoke(cli, ["extract", *args])  # it reads no desk

# --- wrong place: `claims extract` showed another text than `claims ingest` stores --------------------------
#
# `claims extract FILE` read the file's text as given; `claims ingest` reads it cleaned
# (`clean_article`: zero-width and control characters dropped, debris lines and the dateline
# removed, whitespace tidied). A quote with a zero-width space inside gave extract
# 'unemp\u200bloyment ...' and ingest 'unemployment ...': the preview was not what is stored,
# nor were its offsets. Both now read an article through one step (cleaning.article_to_store).

ARTICLE = ("WASHINGTON (AP) \u2014 Mayor Jones said on Monday that \"unemp\u200bloyment fell by 4\u200c0 "
           "percent\u200d in the city since 2019\ufeff and wages rose\u202e by 12 percent\".\n\n"
           "[ad_1]\n\n"
           "The   council said the budget grew to 3 million dollars in 2023.\n")


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_extract_shows_the_claims_text_and_offsets_ingest_stores(db, tmp_path, fmt):
    from claims.models import Appearance, Article

    path = tmp_path / "zw.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    done = extract(str(path), "--format", fmt)
    assert done.exit_code == 0, done.output
    shown = json.loads(done.stdout) if fmt == "json" else [json.loads(line) for line in done.stdout.splitlines()]
    assert run(db, "ingest", str(path)).exit_code == 0
    listed = [json.loads(line) for line in run(db, "list", "--format", "jsonl").stdout.splitlines()]
    assert sorted(r["text"] for r in shown) == sorted(r["text"] for r in listed), (shown, listed)
    assert "unemployment fell by 40 percent in the city since 2019 and wages rose by 12 percent" in \
        [r["text"] for r in shown]  # was: 'unemp\u200bloyment fell by 4\u200c0 percent\u200d ...'
    with db.session() as s:
        text = s.exec(select(Article.text)).one()
        stored = {(a.start, a.end, a.quote) for a in s.exec(select(Appearance))}
    assert {(r["start"], r["end"], r["quote"]) for r in shown} == stored  # was: offsets into the file
    for r in shown:
        assert text[r["start"]:r["end"]] == r["quote"]


def test_extract_of_an_article_of_debris_alone_says_so_as_ingest_does(db, tmp_path):
    from tests.hostile import one_line_error

    path = tmp_path / "debris.txt"
    path.write_text("[ad_1]\n\nAdvertisement\n\u200b\n", encoding="utf-8")
    said = "nothing left after removing scraper debris"
    one_line_error(extract(str(path)), str(path), said)
    one_line_error(run(db, "ingest", str(path)), said)


# --- silent duplicate: a soft hyphen made the same article another one -------------------------------------
#
# Ingest kept a soft hyphen (U+00AD) or a word joiner (U+2060) in an article's text, and its hash
# read them: the same words with 'per\u00adcent' for 'percent' were stored as a second article,
# its claim a duplicate of the first. The hash ignores invisible characters (the text keeps them,
# so offsets index it as read); an article hashed before with one is found by its old hash.


@pytest.mark.parametrize("plain_first", [True, False])
@pytest.mark.parametrize("hidden", ["per\u00adcent", "per\u2060cent", "per\u2062cent"])
def test_an_article_with_a_soft_hyphen_is_the_article_without(db, tmp_path, hidden, plain_first):
    from claims.models import Article, Claim

    plain = tmp_path / "plain.txt"
    plain.write_text('Mayor Jones said on Monday that "unemployment fell by 40 percent in the city since 2019".\n',
                     encoding="utf-8")
    again = tmp_path / "again.txt"
    again.write_text(plain.read_text(encoding="utf-8").replace("percent", hidden), encoding="utf-8")
    first, second = (plain, again) if plain_first else (again, plain)
    assert run(db, "ingest", str(first)).exit_code == 0
    done = run(db, "ingest", str(second))
    assert done.exit_code == 0 and "already ingested as article 1" in done.output, done.output
    with db.session() as s:
        assert len(s.exec(select(Article)).all()) == 1  # was: two
        assert len(s.exec(select(Claim)).all()) == 1


def test_an_article_hashed_with_its_soft_hyphen_before_is_found_again(db, tmp_path):
    from claims.models import Article
    from claims.services.ingest import content_hashes

    path = tmp_path / "shy.txt"
    path.write_text('Mayor Jones said on Monday that "unemployment fell by 40 per\u00adcent in the city".\n',
                    encoding="utf-8")
    assert run(db, "ingest", str(path)).exit_code == 0
    with db.session() as s:
        stored = s.exec(select(Article)).one()
        new, old = content_hashes(stored.text)  # as this desk's ingest hashed it before
    with db.engine.begin() as conn:
        conn.execute(sql("UPDATE article SET content_hash = :old"), {"old": old})
    done = run(db, "ingest", str(path))
    assert done.exit_code == 0 and "already ingested as article" in done.output, done.output
    with db.session() as s:
        assert len(s.exec(select(Article)).all()) == 1


# --- a title nobody sees -------------------------------------------------------------------------------------
#
# `ingest --title $'\u200b'` stored a title of a zero-width space (a blank in `articles`, the
# desk, a report), and a header's 'Title: Flood\u200b report' its zero-width space (another
# title than the one shown, to a search of titles and a copy). Refused / dropped as a name's.


def test_a_title_that_shows_nothing_is_refused_and_a_headers_is_stored_visible(db, tmp_path):
    from claims.models import Article
    from tests.hostile import one_line_error

    path = tmp_path / "a.txt"
    path.write_text('Title: Flood\u200b report\u00ad\n\nThe council said "the budget grew to 7 million dollars '
                    'in 2022".\n', encoding="utf-8")
    for typed in ("\u200b", "\u00ad ", "\u2060"):
        one_line_error(run(db, "ingest", "--title", typed, str(path)), "--title: shows nothing")
    with db.session() as s:
        assert s.exec(select(Article)).first() is None  # was: stored, titled with the invisible character
    assert run(db, "ingest", str(path)).exit_code == 0
    with db.session() as s:
        assert s.exec(select(Article.title)).one() == "Flood report"  # was: 'Flood\u200b report\u00ad'


# --- the desk said a link was added that was there already ------------------------------------------------
#
# `l` on a claim whose evidence holds 'https://e.example/1', given 'HTTPS://E.EXAMPLE/1' (or
# '...#top'), stored nothing (one link per address, pass 29) but said 'claim 1: evidence
# HTTPS://E.EXAMPLE/1', as if added. It says the link is there already.


@pytest.mark.parametrize("typed", ["HTTPS://E.EXAMPLE/1", "https://e.example:443/1", "https://e.example/1"])
async def test_the_desk_says_a_link_written_another_way_is_there_already(tmp_path, typed):
    from claims.models import Claim, Event
    from db import Database
    from tests.desk import one_claim_desk, open_desk, press_each, wait_for

    desk = one_claim_desk(tmp_path)
    db = Database(desk)
    try:
        assert run(db, "set-status", "1", "--evidence", "https://e.example/1").exit_code == 0
        with db.session() as s:
            events = len(s.exec(select(Event)).all())
    finally:
        db.close()
    async with open_desk(desk) as (app, pilot, said):
        await press_each(pilot, ["l", *typed, "enter"])
        told = await wait_for(pilot, lambda: "\n".join(said), lambda s: "claim 1:" in s)
        assert "claim 1: unchanged: it already has that evidence link" in told, said  # was: 'claim 1: evidence ...'
        assert typed not in told, said
        await press_each(pilot, ["l", *"https://e.example/2", "enter"])
        told = await wait_for(pilot, lambda: "\n".join(said), lambda s: "e.example/2" in s)
        assert "claim 1: evidence https://e.example/2" in told, said  # a new link is still named
    db = Database(desk)
    try:
        with db.session() as s:
            assert json.loads(s.get(Claim, 1).evidence) == ["https://e.example/1", "https://e.example/2"]
            assert len(s.exec(select(Event)).all()) == events + 1  # the second link only
    finally:
        db.close()


# What pass 30 tried (class, input, outcome). The CLI as a user runs it (the installed `claims`
# as a subprocess, SQLite files); the desk through App.run_test.
LOG = [
    # pass 29's found-not-fixed
    ("wrong place", "extract FILE with U+200B/U+200C/U+200D/U+FEFF/U+202E inside a quoted claim, a dateline, "
     "an '[ad_1]' line and a run of spaces (jsonl, json)", "FAILED, fixed: extract showed the zero-width "
     "characters in text and quote and offsets into the file; now the claims, texts and offsets an ingest "
     "stores (one step, cleaning.article_to_store; README's extract table says offsets index the stored text)"),
    ("wrong place", "extract FILE of debris alone ('[ad_1]', 'Advertisement', U+200B)", "FAILED, fixed: extract "
     "printed nothing (rc 0) where ingest refused; now both 'nothing left after removing scraper debris'"),
    ("wrong place", "desk: l HTTPS://E.EXAMPLE/1, l https://e.example/1#top, l https://e.example/1 on a claim "
     "holding https://e.example/1", "FAILED, fixed: 'claim 1: evidence <typed>' though nothing was stored; now "
     "'claim 1: unchanged: it already has that evidence link' (a new link still named; one event)"),
    # pass 30
    ("silent duplicate", "ingest a file, then the same words with 'per\\u00adcent' (soft hyphen), "
     "'per\\u2060cent' (word joiner), 'per\\u2062cent'", "FAILED, fixed (by the lead, not at cleaning: that "
     "changed the hash of articles stored with one, so a re-ingest stored them again): a second article (its "
     "hash) and a claim with the soft hyphen merged as a duplicate; the hash ignores invisible characters, an "
     "article hashed with one before is found by that hash; 'already ingested as article 1'"),
    ("silent duplicate", "ingest the same words with 'unemp\\u200bloyment'", "held: 'already ingested'"),
    ("non-Latin", "ingest --title U+200B, U+00AD, U+2060; a header 'Title: A\\u200bB'", "FAILED, fixed: a title "
     "nobody sees stored / the zero-width space stored inside; now refused ('--title: shows nothing') / 'AB'"),
    ("search semantics", "list --search 'per\\u00adcent', --speaker 'Jo\\u00adnes', search 'unemp\\u200bloyment'",
     "held: found / found / rank 1, score 100"),
    ("search semantics", "ingest --outlet 'Cour\\u00adier' then --outlet Courier; list --outlet 'Cour\\u00adier'",
     "held: one outlet, both articles' claims listed"),
    ("tracebacks", "extract /dev/null; extract a file of a BOM alone; extract --min-score 0.99 (no claim)",
     "held: one line each ('not a regular file', 'empty file') / nothing printed, rc 0"),
    ("non-Latin", "extract a CRLF file whose quote is broken over two lines (--format table); a quote holding "
     "U+2028; RLI..PDI (U+2067/U+2069) after a quote", "held: one claim, the line break a space, as ingest "
     "stores it; isolates dropped"),
    ("non-Latin", "extract --transcript 'MAYOR\\u200b JONES: ...'", "held: speaker 'Mayor Jones'"),
    ("wrong place", "extract of an HTML page with &#8203; in a quote; a header (Title, Published) + U+200B; "
     "extract - from a pipe with U+200B", "held: the text ingest stores; offsets equal the stored appearance's"),
    ("lenient dates", "set-date 1 '2024-04\\u200b-14'; list --since '2024\\u200b-01-01'; ingest --published "
     "'2024-04-14\\u200b'", "held: refused naming U+200B"),
    ("ids", "show '\\uff11' (full-width 1); merge '1\\u200b' 2", "held: 'not a number (ASCII digits 0-9 only)'"),
    ("unsafe links", "set-status --evidence 'https://e.example/1\\u200b'", "held: refused naming U+200B"),
    ("wrong place", "set-status --evidence https://e.example/1 then '...1?', ':443/1', '%31', '  ...1  ', "
     "'https://é.example/1' then 'https://xn--9ca.example/1'", "held: one link per address"),
    ("wrong place", "set-status --evidence '.../1/', 'http://e.example/1'", "held as designed: other paths / "
     "another scheme are other links"),
    ("wrong place", "set-status --evidence 'https://E.EXAMPLE./1' (the host's root dot); import evidence "
     "['https://E.EXAMPLE./1', 'https://e.example/1']", "NOT CHANGED: two links (normal_url keeps the dot; "
     "DNS reads one host, HTTP's Host header two): a question for the lead"),
    ("wrong place", "CLI set-status 1 --evidence HTTPS://E.EXAMPLE/1 when https://e.example/1 is stored",
     "NOT CHANGED: nothing stored (right) but it prints 'claim 1: unverified' without saying the link was "
     "there; the desk now says so"),
    ("wrong place", "set-status 1 --replace-evidence --evidence HTTPS://E.EXAMPLE/1 over https://e.example/1",
     "held as designed: replaced as written, one event"),
    ("import", "text '\\u00ad\\u2060'; speaker '\\u2060'", "held: 'has no word in it' / no speaker"),
    ("extraction", "'Read more: Senator Smith said taxes rose by 19 percent.' after the story", "held as "
     "designed: a teaser line with words after 'Read more:' is text, not debris (only a bare 'Read more' is)"),
]

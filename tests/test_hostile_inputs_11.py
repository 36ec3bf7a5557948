"""An eleventh hostile pass (issue 15's classes, other inputs than passes 1-10): web servers
and feeds saying odd things about their pages, undo and redo by two reviewers, round trips.
Each test fails before its fix."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.models import Article
from tests.hostile import run
from tui.entry import cli

PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor of Zürich said on Monday "
        "that the new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


def _articles(db) -> list[Article]:
    with db.session() as s:
        return list(s.exec(select(Article).order_by(Article.id)))


# --- a feed entry dated in the future --------------------------------------------------------


def test_a_feed_entry_dated_in_the_future_is_stored_undated(db, web):
    """A feed's date only fills a gap, but an entry dated 2099 (a scheduled post, a feed whose
    clock is wrong) became the page's header date and was refused 'in the future': the entry
    failed on every poll and its article was never stored. Tomorrow's date is still read."""
    from datetime import date, timedelta

    tomorrow = date.today() + timedelta(days=1)
    items = "".join(
        f"<item><title>Story {i}</title><link>{web.url(f'/p{i}')}</link><guid>g{i}</guid>"
        f"<pubDate>{when}</pubDate></item>"
        for i, when in enumerate(["Mon, 01 Jun 2099 10:00:00 +0000", tomorrow.strftime("%a, %d %b %Y 09:00:00 +0000")]))
    for i in range(2):
        web.add(f"/p{i}", PAGE.replace("40 million", f"{40 + i} million"))
    feed = web.add("/f.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>{items}'
                   "</channel></rss>", content_type="application/rss+xml")
    result = run(db, "ingest", "--feed", feed)
    assert result.exit_code == 0 and "2 new articles" in result.output, result.output
    assert [a.published for a in _articles(db)] == [None, tomorrow]


# --- a server's charset that cannot be the page's -----------------------------------------------


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-16be"])
def test_a_server_saying_utf16_over_utf8_bytes_is_read_as_utf8(db, web, charset):
    """A server's `charset=utf-16` over a UTF-8 page (no NUL byte: no UTF-16 text can be
    that) decoded it as UTF-16 when its length was even: 'no article text found', or
    gibberish stored as the article. The meta's own charset was already read so."""
    body = PAGE.encode("utf-8")
    body += b" " * (len(body) % 2)  # even: UTF-16 decodes it without an error
    url = web.add("/p", body, content_type=f"text/html; charset={charset}")
    result = run(db, "ingest", url)
    assert result.exit_code == 0, result.output
    [article] = _articles(db)
    assert "The mayor of Zürich said" in article.text


def test_a_real_utf16_page_without_a_byte_order_mark_is_still_read():
    from claims.web.html import decode_html

    assert "Zürich" in decode_html(PAGE.encode("utf-16-le"), "utf-16-le")


# --- undo of set-article ------------------------------------------------------------------------

ARTICLE = ("Title: Harbour bridge\nOutlet: Valley Ledger\n\nThe mayor said on Monday that the harbour bridge "
           "carries 40,000 vehicles a day and needs 12 million euros of repairs.\n\nOfficials told reporters "
           "last week that the river rose by 3 metres in two days, the highest level in a decade.\n")


def _dates(db):
    from claims.models import Appearance, Claim

    with db.session() as s:
        return ([a.published for a in s.exec(select(Article))],
                [(a.date_resolved, a.date_text, a.date_precision, a.date_is_reporting)
                 for a in s.exec(select(Appearance).order_by(Appearance.id))],
                [(c.claim_date, c.date_precision) for c in s.exec(select(Claim).order_by(Claim.id))])


def test_undo_of_set_article_puts_the_article_and_its_appearances_back(db, tmp_path):
    """`claims undo` of a set-article gave the claims their old dates but left the article and
    its appearances with the new one: the claims then counted as re-dated by hand, so neither
    set-article again nor another date ever dated them (both said 're-dated 0 claims'). A
    redo after another reviewer's set-article is refused, as for any field changed since."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    def as_(who, *args):
        return CliRunner().invoke(cli, ["--reviewer", who, *args, "--db", db.url])

    assert as_("ana", "ingest", str(path)).exit_code == 0
    undated = _dates(db)
    assert undated[0] == [None] and undated[2] == [(None, None), (None, None)]
    assert as_("ana", "set-article", "1", "--published", "2024-04-14").exit_code == 0
    dated = _dates(db)
    assert dated[2] == [("2024-04-08", "day"), ("2024-04-07", "week")]
    assert as_("ana", "undo").exit_code == 0
    assert _dates(db) == undated
    result = as_("ana", "set-article", "1", "--published", "2024-04-14")
    assert "2 claim(s)" in result.output and _dates(db) == dated, result.output
    # bo dates the article again; ana's undo of hers is refused, bo's own undo works
    assert as_("bo", "set-article", "1", "--published", "2024-04-20").exit_code == 0
    refused = as_("ana", "undo")
    assert refused.exit_code == 1 and "has changed since (bo: set-article" in refused.output, refused.output
    assert as_("bo", "undo").exit_code == 0 and _dates(db) == dated
    assert as_("ana", "undo").exit_code == 0 and _dates(db) == undated
    assert as_("ana", "redo").exit_code == 0 and _dates(db) == dated


# --- an undo that would hide another reviewer's verdict --------------------------------------------

CLAIMS = [
    "The harbour bridge carries 40,000 vehicles every single day, the mayor said on Monday.",
    "Unemployment in the valley fell to 4.2 percent last year according to the ministry.",
    "The new hospital wing cost 30 million euros and opened two years late, officials said.",
]


def _listing(db):
    import json

    out = CliRunner().invoke(cli, ["list", "--format", "jsonl", "--db", db.url]).output
    return sorted((r["id"], r["status"], r["verdict"]) for r in map(json.loads, out.splitlines()))


@pytest.mark.parametrize("steps", [
    (("ana", "unmerge", "2"), ("bo", "set-status", "2", "--verdict", "false"), ("ana", "undo")),
    (("ana", "merge", "1", "2"), ("ana", "undo"), ("bo", "set-status", "2", "--verdict", "false"), ("ana", "redo")),
])
def test_an_undo_never_hides_a_verdict_given_since(db, tmp_path, steps):
    """ana unmerged claim 2 from claim 1, bo verified claim 2 as false, ana undid her unmerge:
    claim 2 went back under the unverified claim 1 (a merge hands a verdict on, an undo did
    not), and bo's verdict was gone from the verified claims and the export. Likewise a redo
    of a merge. Now refused, naming bo; once bo's verdict is undone, ana's undo works."""
    import json

    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(CLAIMS)),
                    encoding="utf-8")

    def as_(who, *args):
        return CliRunner().invoke(cli, ["--reviewer", who, *args, "--db", db.url])

    assert as_("ana", "import", str(path)).exit_code == 0
    if steps[0][1] == "unmerge":
        assert as_("ana", "merge", "1", "2").exit_code == 0
    for who, *args in steps[:-1]:
        assert as_(who, *args).exit_code == 0
    before = _listing(db)
    assert (2, "verified", "false") in before
    refused = as_(*steps[-1])
    assert refused.exit_code == 1 and "claim 2 has been reviewed since (bo: set-status" in refused.output, \
        refused.output
    assert _listing(db) == before
    assert "false" in CliRunner().invoke(cli, ["export", "--db", db.url]).output
    assert as_("bo", "undo").exit_code == 0
    assert as_(*steps[-1]).exit_code == 0
    assert (2, "verified", "false") not in _listing(db)


# --- a text that starts with an apostrophe, through a CSV ------------------------------------------


@pytest.mark.parametrize("how", [("export",), ("list", "--format", "csv")])
def test_a_text_starting_with_an_apostrophe_comes_back_whole_from_a_csv(db, tmp_path, how):
    """The formula guard writes '=x for =x, and the import takes the apostrophe off; a claim
    that itself began "'+40% in one year' was his figure" (a quote in single marks) or a note
    "'-3% in fact" was written as it was and came back without its apostrophe."""
    import json

    records = [
        {"id": "q1", "text": "'+40% in one year' was the figure the mayor gave for the bridge traffic.",
         "verdict": "false", "note": "'-3% in fact, per the ministry", "speaker": "'Ana' Lopez"},
        {"id": "q2", "text": "'=' signs were painted on 300 bridges across the valley, the council said.",
         "verdict": "true", "note": "@ministry confirmed", "speaker": "''@bo"},
        {"id": "q3", "text": "=1+1 was written on the bridge by someone, the police said on Monday.",
         "verdict": "true", "note": "'' plain two apostrophes"},
    ]
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run(db, "import", str(src)).exit_code == 0
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, [*how, "--db", db.url], catch_exceptions=False)
    out.write_text(result.output, encoding="utf-8")
    assert "\n=" not in result.output and ",=" not in result.output and ",+" not in result.output
    other = tmp_path / "other.db"
    back = CliRunner().invoke(cli, ["import", str(out), "--db", str(other)])
    assert back.exit_code == 0, back.output
    listed = CliRunner().invoke(cli, ["list", "--status", "verified", "--format", "jsonl", "--db", str(other)])
    got = {r["text"]: (r["verdict_note"], r["speaker"]) for r in map(json.loads, listed.output.splitlines())}
    assert got == {r["text"]: (r["note"], r.get("speaker")) for r in records}


def test_an_evidence_link_ending_in_a_semicolon_comes_back_from_the_export(db, tmp_path):
    """`claims export` wrote the evidence links separated by spaces, and the import reads a ';'
    before a space as the end of a link (as `claims list --format csv` writes lists): a link
    copied from HTML, 'https://x.example/?a=1&amp;', came back as another link, without ';'."""
    import json

    from claims.models import Claim

    links = ["https://x.example/?a=1&amp;", "https://b.example/y;v=1", "https://c.example/z"]
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"id": "e1", "text": "The harbour bridge carries 40,000 vehicles a day, the mayor said.",
                               "verdict": "true", "evidence": links}) + "\n", encoding="utf-8")
    assert run(db, "import", str(src)).exit_code == 0
    out = tmp_path / "out.csv"
    assert run(db, "export", "-o", str(out)).exit_code == 0
    other = tmp_path / "other.db"
    assert CliRunner().invoke(cli, ["import", str(out), "--db", str(other)]).exit_code == 0
    from db import Database

    again = Database(str(other))
    try:
        with again.session() as s:
            assert json.loads(s.exec(select(Claim)).one().evidence) == links
    finally:
        again.close()


def test_an_undone_rejection_never_leaves_a_suggestion_inside_one_cluster(db, tmp_path):
    """ana rejected the suggestion between claims 1 and 2, bo merged them by hand, ana undid her
    rejection: the suggestion was pending again between two claims of one cluster (`dupes`
    listed it, the claim counted a suggestion to decide), a state no command makes. Refused,
    naming bo's merge; after bo's undo, ana's works."""
    import json

    texts = ["The harbour bridge carries 40,000 vehicles a day, the mayor said on Monday.",
             "According to the mayor, some 40,000 vehicles cross the harbour bridge every day."]
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")

    def as_(who, *args):
        return CliRunner().invoke(cli, ["--reviewer", who, *args, "--db", db.url])

    assert "1 suggestion(s)" in as_("ana", "import", str(path)).output
    assert as_("ana", "dupes", "--reject", "1").exit_code == 0
    assert as_("bo", "merge", "1", "2").exit_code == 0
    refused = as_("ana", "undo")
    assert refused.exit_code == 1 and "claims 1 and 2 have been merged since (bo: merge" in refused.output, \
        refused.output
    assert "0 suggestion(s) pending" in as_("ana", "dupes").output
    assert as_("bo", "undo").exit_code == 0
    assert as_("ana", "undo").exit_code == 0
    assert "1 suggestion(s) pending" in as_("ana", "dupes").output


# --- a two-digit year that could stand first or last --------------------------------------------


@pytest.mark.parametrize("typed", ["24-04-14", "14-04-24", "24-12-31"])
def test_a_dashed_date_whose_year_could_be_first_or_last_is_refused(db, tmp_path, typed):
    """'24-04-14' (written year first, as ISO dates are: 14 April 2024) was read as 24 April
    2014, ten years off, without a word; it names two days, as '04/05/2024' does. Refused at
    --published, set-date and --since (an import takes no such date anyway); '14/04/24' and '04-14-24', which
    read one way only, are still read."""
    from claims.dates import read_typed_date

    why = "its year could be the first number or the last"
    with pytest.raises(ValueError, match=why):
        read_typed_date(typed, base=None)
    assert read_typed_date("14/04/24", base=None) == ("2024-04-14", "day")
    assert read_typed_date("04-14-24", base=None) == ("2024-04-14", "day")
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the harbour bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    result = run(db, "ingest", str(article), "--published", typed)
    assert result.exit_code == 1 and why in result.output, result.output
    assert run(db, "ingest", str(article), "--published", "2024-04-14").exit_code == 0
    for args in (["set-date", "1", typed], ["list", "--since", typed]):
        result = run(db, *args)
        assert result.exit_code == 1 and why in result.output, (args, result.output)


# --- an export or backup named as a side file of the desk -----------------------------------------


@pytest.mark.parametrize("args", [("export", "-o"), ("report", "-o"), ("db", "backup")])
@pytest.mark.parametrize("suffix", ["-journal", "-shm", "-wal"])
def test_an_export_or_backup_named_as_a_side_file_is_refused_even_when_none_is_there(tmp_path, args, suffix):
    """`export -o desk.db-journal` and `db backup desk.db-journal` said they wrote the file, and
    the desk's next command deleted it (SQLite takes it for its own journal): the export or
    the backup was gone without a word. Only a side file already there was refused."""
    desk = tmp_path / "desk.db"
    source = tmp_path / "a.txt"
    source.write_text("The mayor said the harbour bridge carries 40,000 vehicles a day.\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["--db", str(desk), "ingest", str(source)]).exit_code == 0
    target = tmp_path / f"desk.db{suffix}"
    result = CliRunner().invoke(cli, ["--db", str(desk), *args, str(target)])
    assert result.exit_code == 1 and "side file SQLite keeps beside the database desk.db" in result.output, \
        result.output
    assert not target.exists()
    other = tmp_path / f"notes{suffix}"  # beside no database: an ordinary name
    assert CliRunner().invoke(cli, ["--db", str(desk), *args, str(other)]).exit_code == 0
    assert CliRunner().invoke(cli, ["--db", str(desk), "list"]).exit_code == 0
    assert other.exists()


def test_an_undo_refused_for_a_hidden_verdict_goes_through_once_merged_by_hand(db, tmp_path):
    """The refusal says to merge by hand to keep bo's verdict; once bo did, ana's undo was
    refused again all the same (claim 2 already under claim 1: the undo changes nothing), and
    every older change of ana's was stuck behind it (found in review). And the refusal names
    the change that stands (bo's verdict), not a later one undone since (a note set and undone)."""
    import json

    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(CLAIMS)),
                    encoding="utf-8")

    def as_(who, *args):
        return CliRunner().invoke(cli, ["--reviewer", who, *args, "--db", db.url])

    assert as_("ana", "import", str(path)).exit_code == 0
    for who, *args in [("ana", "merge", "1", "2"), ("ana", "unmerge", "2"),
                       ("bo", "set-status", "2", "--verdict", "false"),
                       ("bo", "set-status", "2", "--note", "checked with the ministry"), ("bo", "undo")]:
        assert as_(who, *args).exit_code == 0, (who, args)
    refused = as_("ana", "undo")
    assert refused.exit_code == 1 and "(bo: set-status verdict at" in refused.output, refused.output
    assert as_("bo", "merge", "1", "2").exit_code == 0
    undone = as_("ana", "undo")
    assert undone.exit_code == 0, undone.output
    assert (1, "verified", "false") in _listing(db)  # bo's verdict kept, handed on to the cluster by the merge

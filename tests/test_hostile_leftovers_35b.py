"""Found-not-fixed items of earlier hostile passes of issue 15 (leftovers35), one section each."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.hostile import one_line_error, record_file, run, stored_claims
from tui.entry import cli

# --- evidence links joined by ',' ------------------------------------------------------------------
#
# 'https://a.example/1,https://b.example/2' was stored as one link (a ',' is legal in a URL). A ','
# followed by http(s):// with a link on either side is refused at every door, in one line saying
# how that door takes several links; a comma inside one link ('/1,2,3') is still one link.

JOINED = "https://a.example/1,https://b.example/2"


def test_set_status_refuses_two_evidence_links_joined_by_a_comma(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-status", "1", "--evidence", JOINED),
                   f"evidence: {JOINED!r} is 2 links joined by ','", "give one link per --evidence", "%2C")
    one_line_error(run(db, "set-status", "1", "--evidence", "https://a.example/1,HTTP://b.example/2"),
                   "is 2 links joined by ','")
    assert stored_claims(db)[0].evidence in (None, "[]")
    done = run(db, "set-status", "1", "--evidence", "https://a.example/1,2,3",
               "--evidence", "https://b.example/x?u=https%3A//c,https%3A//d")
    assert done.exit_code == 0, done.output
    assert json.loads(stored_claims(db)[0].evidence) == ["https://a.example/1,2,3",
                                                         "https://b.example/x?u=https%3A//c,https%3A//d"]


def test_import_refuses_two_evidence_links_joined_by_a_comma(db, tmp_path):
    one_line_error(run(db, "import", record_file(tmp_path, evidence=JOINED)),
                   "line 1: evidence:", "is 2 links joined by ','", "separate links by spaces")
    one_line_error(run(db, "import", record_file(tmp_path, evidence=["https://c.example/", JOINED])),
                   "is 2 links joined by ','")
    assert stored_claims(db) == []
    done = run(db, "import", record_file(tmp_path, evidence="https://a.example/1,2 https://b.example/2"))
    assert done.exit_code == 0, done.output
    assert json.loads(stored_claims(db)[0].evidence) == ["https://a.example/1,2", "https://b.example/2"]


async def test_the_desks_evidence_dialog_refuses_links_joined_by_a_comma(tmp_path):
    from db import Database
    from tests.desk import one_claim_desk, open_desk
    from tui.screens.modals import EvidenceModal
    from tui.testing import settle

    desk = one_claim_desk(tmp_path)
    async with open_desk(desk, size=(100, 30)) as (app, pilot, _said):
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceModal)
        await pilot.press(*JOINED, "enter")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#evidence-error").render())
        assert "is 2 links joined by ','" in error and "add one link at a time" in error, error
    db = Database(desk)
    try:
        assert stored_claims(db)[0].evidence in (None, "[]")
    finally:
        db.close()


# --- a ClaimReview's keys are schema.org's, case and all ---------------------------------------------
#
# A key the ClaimReview reading does not take ('URL', 'Speaker', 'status') was read through the desk
# import's aliases, folded to lower case: 'URL' became where the claim appeared, beside the review's
# own 'url'. Such keys are kept with the claim under their own names and read as nothing.

def test_a_claimreviews_unknown_keys_are_kept_not_read_as_desk_fields(db, tmp_path):
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://check.example/1",
              "URL": "https://elsewhere.example/page", "Speaker": "Bo Lind", "Note": "a note",
              "claimReviewed": "The bridge carries 40,000 vehicles a day.", "status": "in_review",
              "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    path = tmp_path / "cr.json"
    path.write_text(json.dumps([review]), encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output
    assert "kept fields claims has no column for" in done.output and "URL (1)" in done.output
    listed = json.loads(run(db, "list", "--format", "jsonl").stdout)
    assert listed["first_url"] is None and listed["speaker"] is None and listed["verdict_note"] is None
    assert (listed["status"], listed["verdict"]) == ("verified", "false")
    assert listed["fact_check_url"] == "https://check.example/1"
    assert listed["extra"] == {"URL": "https://elsewhere.example/page", "Speaker": "Bo Lind", "Note": "a note",
                               "status": "in_review"}


# --- `--db desk.db/` of an existing desk -------------------------------------------------------------
#
# A new desk under a folder's name was refused, but an existing desk.db given as 'desk.db/' was
# opened by `claims list` (its fast read path took the name through pathlib, which drops the '/');
# 'desk.db/.' opened it on every command, and made desk.db where there was none.

@pytest.mark.parametrize("tail", ["/", "//", "/.", "/.."])
@pytest.mark.parametrize("command", [["list"], ["list", "--format", "jsonl"], ["show", "1"], ["db", "check"]])
def test_a_desk_path_naming_a_folder_is_refused_whether_the_desk_exists_or_not(tmp_path, tail, command):
    desk = tmp_path / "r.db"
    assert CliRunner().invoke(cli, ["--db", str(desk), "db", "init"]).exit_code == 0
    for path in (desk, tmp_path / "new.db"):
        one_line_error(CliRunner().invoke(cli, ["--db", f"{path}{tail}", *command]),
                       f"the database path '{path}{tail}' ends in", "which names a folder")
    assert not (tmp_path / "new.db").exists()


# --- a schema revision stored with a space ---------------------------------------------------------
#
# alembic_version '0026 ' was said as "at schema revision 0026 , which this version of claims does not
# know (newest known: 0026); upgrade claims": no upgrade opens it. It is not read as '0026' either
# (Alembic, upgrading, reads the value as stored): the line quotes it and says what to set it back to.

@pytest.mark.parametrize("stored", ["{head} ", " {head}", "{head}\t"])
def test_a_schema_revision_stored_with_spaces_is_said_as_stored(db, stored):
    from sqlalchemy import text

    from db.migrate import head_revision

    head = head_revision()
    value = stored.format(head=head)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": value})
    try:
        for command in (["list"], ["db", "check"]):
            line = one_line_error(run(db, *command), f"schema revision is stored as {value!r}",
                                  "alembic_version table was edited or damaged", f"set the value back to '{head}'")
            assert "upgrade claims" not in line
        one_line_error(run(db, "list"), "restore a backup")
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})


def test_an_unknown_schema_revision_with_a_space_is_quoted(db):
    from sqlalchemy import text

    from db.migrate import head_revision

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999 '"))
    try:
        one_line_error(run(db, "list"), "at schema revision '9999 ', which this version of claims does not know")
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head_revision()})


# --- UTF-8 typed under a C locale ------------------------------------------------------------------
#
# `PYTHONUTF8=0 LC_ALL=C claims list --search 'é'`: Python decodes argv by the locale (ASCII) and holds
# each byte beyond it as a lone surrogate ('\udcc3\udca9'), refused as "bytes that are not UTF-8 text".
# Such bytes are read as UTF-8 where they are UTF-8 (the search filters, a reviewer's name, a note);
# bytes that are not UTF-8 are still refused in one line.

def _c_locale_run(db, *args: str, reviewer: str = "ana"):
    import os
    import subprocess

    from tests.conftest import CLAIMS_BIN

    env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C", "PYTHONIOENCODING": "utf-8", "CLAIMS_REVIEWER": reviewer}
    argv = [os.fsencode(str(CLAIMS_BIN)), b"--db", db.url.encode(), *(a if isinstance(a, bytes) else a.encode()
                                                                      for a in args)]
    return subprocess.run(argv, capture_output=True, timeout=120, env=env)


def test_utf8_typed_under_a_c_locale_is_read_as_utf8(db, tmp_path):
    from tests.hostile import one_line_stderr

    assert run(db, "import", record_file(tmp_path, text="Le café coûte 40 euros, selon Éva.", speaker="Éva",
                                         outlet="Équipe")).exit_code == 0
    for args in (["--search", "CAFÉ"], ["--search", "café"], ["--speaker", "éva"], ["--outlet", "équipe"]):
        done = _c_locale_run(db, "list", *args, "--format", "jsonl")
        assert done.returncode == 0, done.stderr
        assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [1], args
    done = _c_locale_run(db, "set-status", "1", "--note", "vérifié", "--reviewer", "Zoë")
    assert done.returncode == 0, done.stderr
    done = _c_locale_run(db, "set-status", "1", "--status", "in_review", reviewer="Zoë")
    assert done.returncode == 0, done.stderr
    claim = stored_claims(db)[0]
    assert (claim.verdict_note, claim.reviewer) == ("vérifié", "Zoë")
    done = _c_locale_run(db, "history", "--reviewer", "Zoë", "--format", "jsonl")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 2, done.stderr
    one_line_stderr(_c_locale_run(db, "list", "--search", b"caf\xe9"), "--search: holds bytes that are not UTF-8 text")


# --- a second 60 that is no leap second ------------------------------------------------------------
#
# An import's reviewed_at '2024-04-14T09:30:60Z' was stored as 09:30:59 without a word. A second 60
# is read only where a leap second falls (the end of a day in UTC), as the second before it; anywhere
# else it is no time of day, refused in one line at every door that reads a time.

@pytest.mark.parametrize("field", ["reviewed_at", "date"])
def test_a_second_60_that_is_no_leap_second_is_refused_by_an_import(db, tmp_path, field):
    one_line_error(run(db, "import", record_file(tmp_path, **{field: "2024-04-14T09:30:60Z"})),
                   f"line 1: {field}: '2024-04-14T09:30:60Z' is not a")
    assert stored_claims(db) == []


@pytest.mark.parametrize(("given", "stored"), [("2024-12-31T23:59:60Z", "2024-12-31 23:59:59"),
                                               ("2025-01-01T05:29:60.5+05:30", "2024-12-31 23:59:59.500000"),
                                               ("2024-12-31T18:59:60-05:00", "2024-12-31 23:59:59")])
def test_a_leap_second_is_read_as_the_second_before_it(db, tmp_path, given, stored):
    done = run(db, "import", record_file(tmp_path, reviewed_at=given))
    assert done.exit_code == 0, done.output
    assert str(stored_claims(db)[0].reviewed_at.replace(tzinfo=None)) == stored


@pytest.mark.parametrize("args", [["history", "--since", "2024-04-14T09:30:60"],
                                  ["history", "--since", "14 April 2024 10:30:60 am"]])
def test_a_second_60_that_is_no_leap_second_is_refused_by_a_typed_time(db, args):
    one_line_error(run(db, *args), "--since: ", "is not a date (no such time of day)")


def test_a_leap_second_in_a_typed_time_is_read(db, tmp_path):
    done = run(db, "history", "--since", "31 December 2024 11:59:60 pm")
    assert done.exit_code == 0, done.output


# --- a feed item with two <pubDate> ----------------------------------------------------------------
#
# feedparser keeps the last of two dates an item writes: an item dated 1 March then 1 May was
# dated 1 May. Two different values of one date leave the entry undated (the page's own date
# decides); the same date twice, or a publication date beside an update, is read as before.

def _rss_item(dates: str) -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
            "<title>F</title><item><title>a</title><link>https://news.example/a</link><guid>a</guid>"
            f"{dates}</item><item><title>b</title><link>https://news.example/b</link><guid>b</guid>"
            "<pubDate>Sun, 14 Apr 2024 10:00:00 GMT</pubDate></item></channel></rss>").encode()


def _atom_entry(dates: str) -> bytes:
    return ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry>"
            f"<title>a</title><link href='https://news.example/a'/><id>a</id>{dates}</entry>"
            "<entry><title>b</title><link href='https://news.example/b'/><id>b</id>"
            "<published>2024-04-14T10:00:00Z</published></entry></feed>").encode()


@pytest.mark.parametrize(("feed", "dates", "day"), [
    (_rss_item, "<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>",
     None),
    (_rss_item, "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate><pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>",
     None),
    (_rss_item, "<dc:date>2024-03-01</dc:date><dc:date>2024-05-01</dc:date>", None),
    (_atom_entry, "<published>2024-03-01T10:00:00Z</published><published>2024-05-01T10:00:00Z</published>", None),
    # read as before
    (_rss_item, "<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><pubDate> Fri, 01 Mar 2024 10:00:00 GMT"
     "</pubDate>", 1),
    (_rss_item, "<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><dc:date>2024-05-01</dc:date>", 1),
    (_atom_entry, "<published>2024-03-01T10:00:00Z</published><updated>2024-05-02T00:00:00Z</updated>"
     "<source><updated>2024-06-01T00:00:00Z</updated></source>", 1),
])
def test_a_feed_entry_writing_its_date_twice_differently_is_undated(feed, dates, day):
    import datetime as dt

    from claims.web.feeds import parse_feed

    first, second = parse_feed(feed(dates), source="f.xml").entries
    assert first.published == (dt.date(2024, 3, day) if day else None)
    assert second.published == dt.date(2024, 4, 14)


# --- an export imported twice with --skip-bad --------------------------------------------------------
#
# A claim whose `id` is kept in extra (an exporting desk's id met as another record's explicit
# external id) has no external id to be found by: `import --skip-bad` of the same export stored it
# again on every run. It is found by its text and the id kept in its extra: the same file imported
# again changes nothing, with --skip-bad or without.

@pytest.mark.parametrize("kept", ["all kept", "one kept"])
@pytest.mark.parametrize("order", ["desk id first", "external id first"])
def test_an_export_imported_twice_with_skip_bad_changes_nothing(db, tmp_path, monkeypatch, order, kept):
    from claims.services import importer

    if kept == "one kept":  # the desk id's record past the first pass's kept ones: read again for it
        monkeypatch.setattr(importer, "KEEP_RECORDS", 1)
    rows = ["3,Fares rose 18 percent this year on every line.,", "9,Bus fares doubled in the city last year.,3"]
    if order == "external id first":
        rows.reverse()
    path = tmp_path / "x.csv"
    path.write_text("id,claim,external_id\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    before = [(c.id, c.text, c.external_id, c.extra) for c in stored_claims(db)]
    assert len(before) == 2
    for _ in range(2):
        again = run(db, "import", str(path), "--skip-bad")
        assert again.exit_code == 0, again.output
        assert "imported 0 claims" in again.output and "(the same text, and its id '3' kept in extra)" in again.output
        assert [(c.id, c.text, c.external_id, c.extra) for c in stored_claims(db)] == before
    one_line_error(run(db, "import", str(path)), "2 bad records, nothing imported", "already stored as claim")
    # another claim of the same text but another kept id (or none) is no repeat
    other = tmp_path / "y.csv"
    other.write_text("id,claim,external_id\r\n4,Fares rose 18 percent this year on every line.,\r\n"
                     "8,Ferries run late.,4\r\n", encoding="utf-8")
    done = run(db, "import", str(other))
    assert done.exit_code == 0 and "imported 2 claims" in done.output, done.output


# --- an export of ingested claims into a desk holding another claim's external id '3' ---------------
#
# `claims export` writes a claim without an external id with its desk id as `id` and an empty
# `external_id`. A desk holding an imported claim whose external id is '3' (another claim) refused
# that export: "duplicate id '3': already stored". Such an `id` beside an empty external_id is the
# exporting desk's: where the stored claim's text is another, it is kept in extra and the claim
# imported; the same claim (its text) is still already stored; a file with no external_id column
# ('id,text') is refused as before.

OTHER = "The minister said exports rose by 12 percent last year across the region."
EXPORTED = "Fares rose 18 percent this year on every line."


@pytest.mark.parametrize("kept", ["all kept", "one kept"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_imports_into_a_desk_holding_its_desk_id_as_another_claims_external_id(db, tmp_path, monkeypatch,
                                                                                         fmt, kept):
    from claims.services import importer

    if kept == "one kept":  # the record past the first pass's kept ones is read again for it
        monkeypatch.setattr(importer, "KEEP_RECORDS", 1)
    assert run(db, "import", record_file(tmp_path, "o.jsonl", id="3", text=OTHER)).exit_code == 0
    path = tmp_path / f"x.{fmt}"
    if fmt == "csv":
        path.write_text(f"id,claim,first_outlet,external_id\r\n4,Ferries run late.,,\r\n3,{EXPORTED},,\r\n",
                        encoding="utf-8")
    else:
        path.write_text("".join(json.dumps({"id": i, "text": t, "external_id": None}) + "\n"
                                for i, t in ((4, "Ferries run late."), (3, EXPORTED))), encoding="utf-8")
    done = run(db, "import", str(path))
    assert done.exit_code == 0, done.output
    stored = {c.text: c for c in stored_claims(db)}
    assert stored[OTHER].external_id == "3"
    assert stored[EXPORTED].external_id is None and json.loads(stored[EXPORTED].extra)["id"] in ("3", 3)
    assert stored["Ferries run late."].external_id == "4"
    # the same export again: already stored, with --skip-bad too
    one_line_error(run(db, "import", str(path)), "2 bad records, nothing imported")
    assert run(db, "import", str(path), "--skip-bad").exit_code == 0
    assert len(stored_claims(db)) == 3


def test_an_id_of_the_same_claim_or_of_a_file_without_external_ids_is_still_a_duplicate(db, tmp_path):
    assert run(db, "import", record_file(tmp_path, "o.jsonl", id="3", text=OTHER)).exit_code == 0
    same = tmp_path / "same.csv"
    same.write_text(f"id,claim,external_id\r\n3,{OTHER},\r\n", encoding="utf-8")
    one_line_error(run(db, "import", str(same)), "line 2: duplicate id '3': already stored as claim 1")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"id,text\r\n3,{EXPORTED}\r\n", encoding="utf-8")
    one_line_error(run(db, "import", str(sheet)), "line 2: duplicate id '3': already stored as claim 1")
    assert len(stored_claims(db)) == 1

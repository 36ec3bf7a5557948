"""Small failures noticed in earlier hostile passes (issue 15): a typed date's reason at every
door, a search of no word refused by the services, an import's `extra`, invisible characters
in an import's ids, a publication date's time of day and year, an empty backup target. Each
test fails before its fix."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.hostile import one_line_error, record_file, run

# --- a typed date says why it is not one, at every door -------------------------------------

NOT_DATES = [
    ("9/3/2026", "its day and month could be either way round"),
    ("three weeks after 9 March 2026", "'after' does not fit a date given by the calendar"),
]


@pytest.mark.parametrize("typed, why", NOT_DATES)
def test_set_date_and_since_give_the_reason_import_gives(db, tmp_path, typed, why):
    """`set-date` and `--since` said "cannot read" / "is not a date" without the reason
    `claims import` gives for the same text."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-date", "1", typed), f"claim date: {typed!r} is not a date ({why}")
    one_line_error(run(db, "list", "--since", typed), f"--since: {typed!r} is not a date ({why}")
    bad = record_file(tmp_path, "bad.jsonl", date=typed)
    one_line_error(run(db, "import", str(bad)), f"date: {typed!r} is not a date ({why}")


# --- a search of no word: refused by the services, for every door ----------------------------


@pytest.mark.parametrize("text", ["🎉", "%", "— …", "\u200b"])
def test_a_similarity_search_of_no_word_is_refused_by_the_service(db, tmp_path, text):
    """Only the CLI refused it; the desk's similar-claims search (the same service) answered
    an empty list, as if nothing like it had been checked."""
    from claims.search_text import BadFilter
    from claims.services.matching import search_claims
    from claims.services.paging import similar_rows
    from claims.services.queries import ClaimFilter

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    with pytest.raises(BadFilter, match="has no word in it: nothing to search for"):
        search_claims(db, text)
    with pytest.raises(BadFilter, match="has no word in it"):
        similar_rows(db, ClaimFilter(), text)
    one_line_error(run(db, "search", text), "has no word in it: nothing to search for")
    assert [h.claim_id for h in search_claims(db, "bridge vehicles")] == [1]  # a word is searched


# --- an import's extra: a limit, shown, and carried back by a listing --------------------------


def test_an_imports_extra_has_the_notes_limit(db, tmp_path):
    """A field claims has no column for was kept whatever its size (a note stops at 20,000)."""
    from claims.limits import MAX_EXTRA_CHARS

    assert MAX_EXTRA_CHARS == 20_000
    one_line_error(run(db, "import", record_file(tmp_path, section="x" * 20_000)),
                   "line 1: the fields kept in extra (section) are 20,015 characters as JSON; at most 20,000")
    deep = record_file(tmp_path, "deep.jsonl", tags=[{"k": "y" * 5_000}] * 4)
    one_line_error(run(db, "import", deep), "line 1: the fields kept in extra (tags) are")
    assert run(db, "import", record_file(tmp_path, section="x" * 19_000)).exit_code == 0


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_listing_carries_extra_back_to_an_import(db, tmp_path, fmt):
    """`extra` was never shown nor written out: a listing imported elsewhere lost it."""
    import json

    kept = {"section": "News [b]x", "tags": ["a", {"k": 1}]}
    assert run(db, "import", record_file(tmp_path, **kept)).exit_code == 0
    listed = run(db, "list", "--format", fmt)
    assert listed.exit_code == 0
    path = tmp_path / f"listing.{'csv' if fmt == 'csv' else 'jsonl' if fmt == 'jsonl' else 'json'}"
    path.write_text(listed.output, encoding="utf-8")
    other = tmp_path / "other.db"
    from click.testing import CliRunner

    from tui.entry import cli

    assert CliRunner().invoke(cli, ["import", str(path), "--db", str(other)]).exit_code == 0
    again = CliRunner().invoke(cli, ["list", "--format", "jsonl", "--db", str(other)])
    (record,) = [json.loads(line) for line in again.output.splitlines()]
    assert {k: record["extra"][k] for k in kept} == kept  # beside the listing's counts
    # and once more: the counts kept then and the listing's own are no clash
    relisted = tmp_path / "again.jsonl"
    relisted.write_text(again.output, encoding="utf-8")
    third = tmp_path / "third.db"
    result = CliRunner().invoke(cli, ["import", str(relisted), "--db", str(third)])
    assert result.exit_code == 0, result.output


def test_show_shows_extra(db, tmp_path):
    import json

    assert run(db, "import", record_file(tmp_path, section="News [b]x", tags=["a"])).exit_code == 0
    shown = run(db, "show", "1")
    assert "extra: section: News [b]x" in shown.output and 'extra: tags: ["a"]' in shown.output
    record = json.loads(run(db, "show", "1", "--format", "json").output)[0]
    assert record["extra"] == {"section": "News [b]x", "tags": ["a"]}


def test_a_field_in_the_record_and_in_its_extra_with_other_values_is_refused(db, tmp_path):
    one_line_error(run(db, "import", record_file(tmp_path, section="A", extra={"section": "B"})),
                   "line 1: the field 'section' is named in the record and in its extra, with other values")
    assert run(db, "import", record_file(tmp_path, section="A", extra={"section": "A"})).exit_code == 0


@pytest.mark.parametrize("value", ["see notes", "[1]", "{not json", 7])
def test_another_programs_field_named_extra_is_kept_as_any_field(db, tmp_path, value):
    """A field `extra` that is no object (a note, a list) refused the whole file (found in
    review): only a listing's `extra`, an object (in a CSV its JSON), holds kept fields."""
    from tests.hostile import stored_claims

    assert run(db, "import", record_file(tmp_path, extra=value, Extra={"a": 1})).exit_code == 0
    (claim,) = stored_claims(db)
    assert __import__("json").loads(claim.extra) == {"extra": value, "Extra": {"a": 1}}


def test_a_listing_of_a_claim_seen_in_many_outlets_imports_again(db, tmp_path):
    """The listing's own outlets and appearances counted toward the 20,000 characters kept:
    a claim seen in 600 outlets was listed and then refused on import (found in review)."""
    import json

    from click.testing import CliRunner

    from tui.entry import cli

    outlets = [f"Regional Press Group Daily Number {n:04d}" for n in range(600)]
    listing = tmp_path / "listing.jsonl"
    listing.write_text(json.dumps({"id": 1, "text": "The bridge carries 40,000 vehicles a day.", "outlets": outlets,
                                   "appearances": 600, "extra": {"section": "News"}}) + "\n", encoding="utf-8")
    assert len(json.dumps(outlets)) > 20_000
    result = CliRunner().invoke(cli, ["import", str(listing), "--db", str(tmp_path / "other.db")])
    assert result.exit_code == 0, result.output
    one_line_error(run(db, "import", record_file(tmp_path, section="x" * 20_000, outlets=["a"])),
                   "line 1: the fields kept in extra (section) are 20,015 characters")


# --- an import's ids: invisible characters -------------------------------------------------------


def _records(tmp_path, *ids: str) -> str:
    import json

    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"The bridge carries {n},000 vehicles a day."}) + "\n"
                            for n, i in enumerate(ids, 1)), encoding="utf-8")
    return str(path)


def test_an_id_with_invisible_characters_is_the_id_without_them(db, tmp_path):
    """'q\\u200b1' and 'q1' were two claims' ids, shown alike."""
    from tests.hostile import stored_claims

    assert run(db, "import", _records(tmp_path, "q\u200b1", "\u202eq2", "q\u00ad3", "e\u0301")).exit_code == 0
    assert [c.external_id for c in stored_claims(db)] == ["q1", "q2", "q3", "é"]


@pytest.mark.parametrize("ids, why", [
    (("q1", "q\u200b1"), "line 2: id 'q\\u200b1' differs from 'q1' (on line 1) only in invisible characters or "
                         "how its accents are composed: both are 'q1' once cleaned, a duplicate id"),
    (("q\u200b1", "q1"), "line 2: id 'q1' differs from 'q\\u200b1' (on line 1) only in invisible characters or "
                         "how its accents are composed: both are 'q1' once cleaned, a duplicate id"),
    (("é", "e\u0301"), "line 2: id 'e\\u0301' differs from '\\xe9' (on line 1) only in invisible characters"),
    (("AB 12", "AB\t12"), "line 2: id 'AB\\t12' differs from 'AB 12' (on line 1)"),
    (("q1", "\u200b\u00ad"), "line 2: id '\\u200b\\xad' is empty once its invisible characters are removed"),
])
def test_an_id_empty_or_taken_once_cleaned_is_refused(db, tmp_path, ids, why):
    from tests.hostile import stored_claims

    one_line_error(run(db, "import", _records(tmp_path, *ids)), why)
    assert stored_claims(db) == []


def test_an_ids_inner_run_of_spaces_is_kept(db, tmp_path):
    """'AB  12' was made 'AB 12' (a run of spaces one), so a file of both was refused as a
    duplicate id, though a padded id is visibly another."""
    from tests.hostile import stored_claims

    result = run(db, "import", _records(tmp_path, "AB  12", "AB 12", " AB   3\n"))
    assert result.exit_code == 0, result.output
    assert sorted(c.external_id for c in stored_claims(db)) == ["AB   3", "AB  12", "AB 12"]


def test_ids_stored_before_they_were_cleaned_are_found_on_a_second_import(db, tmp_path):
    """An older version stored ids as given ('q\u200b1', 'Cafe\u0301-9'); the same file
    imported again was compared by its cleaned ids ('q1', 'Café-9') and stored both again as
    look-alikes, where it was refused as 'already stored'."""
    from claims.models import Claim
    from tests.hostile import stored_claims

    with db.session() as s:  # as the older version stored them
        for n, raw in enumerate(("q\u200b1", "Cafe\u0301-9"), 1):
            s.add(Claim(text=f"The bridge carries {n},000 vehicles a day.", external_id=raw))
    line = one_line_error(run(db, "import", _records(tmp_path, "q\u200b1", "Cafe\u0301-9")),
                          "2 bad records, nothing imported", "line 1: duplicate id 'q1': already stored as claim",
                          "line 2: duplicate id 'Café-9': already stored as claim")
    assert "q1" in line
    assert sorted(c.external_id for c in stored_claims(db)) == ["Cafe\u0301-9", "q\u200b1"]


# --- a desk in a folder the user may not write in -------------------------------------------------


@pytest.fixture
def locked_desk(tmp_path):
    """A desk (closed: no -wal or -shm beside it) in a folder the user may read, not write."""
    from tests.conftest import SAMPLES, run_claims

    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "desk.db"
    done = run_claims("--db", str(path), "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)


REFUSED = ("claims: error: cannot read the desk {path} here: its folder {folder} is read-only for you, and "
           "SQLite, to read a desk someone else may be writing, makes its side files desk.db-wal and -shm there; "
           "ask its owner for a copy (claims db backup FILE) or for write access to the folder")


@pytest.mark.parametrize("command", [("list",), ("show", "1"), ("db", "check"), ("report", "-o", "-"),
                                     ("set-status", "1", "--status", "in_review"), ("import", "IMPORT")])
def test_a_closed_desk_in_a_read_only_folder_is_refused_saying_what_works(locked_desk, tmp_path, command):
    """Read as `immutable` (4458fe4), a desk whose owner wrote meanwhile showed a frozen queue,
    wrong joins and "database disk image is malformed" (found in review): SQLite removes the
    side files when the last writer closes, so their absence says nothing of the next minute.
    Without them and unable to make them, the desk is refused with what would work."""
    from tests.test_hostile_inputs_4 import _one_line, _run_without_permissions

    command = tuple(record_file(tmp_path) if a == "IMPORT" else a for a in command)
    before = locked_desk.read_bytes()
    line = _one_line(_run_without_permissions("--db", str(locked_desk), *command))
    assert line == REFUSED.format(path=locked_desk, folder=locked_desk.parent)
    assert locked_desk.read_bytes() == before
    assert sorted(p.name for p in locked_desk.parent.iterdir()) == ["desk.db"]


@pytest.fixture
def open_desk(locked_desk):
    """The locked desk while its owner has it open (its -wal and -shm beside it), writing."""
    import sqlite3

    locked_desk.parent.chmod(0o755)
    from db.textfold import register_sqlite_functions

    owner = sqlite3.connect(locked_desk)
    register_sqlite_functions(owner)  # the claim table's triggers call it
    owner.execute("SELECT count(*) FROM claim").fetchall()  # WAL mode: the side files are made
    for side in ("-wal", "-shm"):  # the owner's, not this user's to write
        locked_desk.with_name(locked_desk.name + side).chmod(0o444)
    locked_desk.parent.chmod(0o555)
    assert sorted(p.name for p in locked_desk.parent.iterdir()) == ["desk.db", "desk.db-shm", "desk.db-wal"]
    yield locked_desk, owner
    owner.close()


def test_a_desk_in_a_read_only_folder_is_read_while_its_owner_has_it_open(open_desk):
    """With the side files there, SQLite reads through them (`mode=ro`, not immutable): what
    the owner commits meanwhile is seen."""
    from tests.test_hostile_inputs_4 import _run_without_permissions

    path, owner = open_desk
    first = _run_without_permissions("--db", str(path), "list", "--format", "jsonl")
    assert first.returncode == 0, first.stderr.decode()
    owner.execute("UPDATE claim SET text = 'The owner changed this claim meanwhile.' WHERE id = 1")
    owner.commit()
    again = _run_without_permissions("--db", str(path), "show", "1")
    assert again.returncode == 0, again.stderr.decode()
    assert b"The owner changed this claim meanwhile." in again.stdout
    change = _run_without_permissions("--db", str(path), "set-status", "1", "--status", "in_review")
    assert change.returncode == 1 and b"can only be read here" in change.stderr, change.stderr.decode()


def test_a_desk_on_a_read_only_mount_is_read_as_immutable(tmp_path, monkeypatch):
    """On a file system mounted read-only nobody writes: the one case read as `immutable`."""
    import os

    import db.engine
    from db import Database
    from tests.hostile import stored_claims

    path = tmp_path / "desk.db"
    writable = Database(str(path))
    writable.close()
    real = os.statvfs
    uris: list[str] = []

    class Mount:
        def __init__(self, stat):
            self.f_flag = stat.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: Mount(real(p)))
    monkeypatch.setattr(os, "access", lambda p, mode: mode == os.R_OK)
    connect = db.engine.sqlite3.connect
    monkeypatch.setattr(db.engine.sqlite3, "connect", lambda target, **kw: uris.append(target) or connect(target, **kw))
    desk = Database(str(path))
    assert desk.read_only and stored_claims(desk) == []
    desk.close()
    assert uris and all(u.endswith("?mode=ro&immutable=1") for u in uris), uris


# --- a publication date: a time of day read, a year before 1800 refused --------------------------

ARTICLE = "Mayor Ana Lopez said the bridge carries 40,000 vehicles a day, up from 30,000 in 2019.\n"


@pytest.mark.parametrize("typed", ["14 April 2024 at 10pm", "14 April 2024 10pm", "14 April 2024, 10 p.m.",
                                   "10 p.m., 14 April 2024", "Sun, 14 Apr 2024 09:30:00 GMT",
                                   "14 April 2024 10:00", "2024-04-14T22:00", "April 14, 2024 at 9am"])
def test_a_publication_date_with_a_time_of_day_is_its_day(db, tmp_path, typed):
    """'14 April 2024 at 10pm' was refused ("a number in it is not part of the date"): an
    hour with am/pm was no time of day to the reader, '10:00' was."""
    from sqlmodel import select

    from claims.models import Article

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(db, "ingest", str(path), "--published", typed)
    assert result.exit_code == 0, result.output
    with db.session() as s:
        assert s.exec(select(Article.published)).one().isoformat() == "2024-04-14"


@pytest.mark.parametrize("typed, why", [
    ("14 April 2024 at 10pm blah", "is not a date"),
    ("14 April 2024 at 10pm 5", "a time of day inside it"),
    ("04/05/2024 10pm", "either way round"),
    ("14 April 2024 at 13pm", "no such time of day"),
])
def test_a_publication_date_with_junk_or_two_readings_is_still_refused(db, tmp_path, typed, why):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    one_line_error(run(db, "ingest", str(path), "--published", typed), "--published:", why)


@pytest.mark.parametrize("typed, why", [
    ("14 April 2024 10pm 11pm", "two times of day"),
    ("14 April 2024 10 am 2024", "a time of day inside it"),
    ("14 10pm April 2024", "a time of day inside it"),
    ("April 3 pm 2024", "a time of day inside it"),
    ("1 am April 2024", "a time of day with a month, not a day"),
])
def test_a_time_of_day_between_a_dates_parts_or_twice_is_refused(db, tmp_path, typed, why):
    """These were read since an hour with am/pm became a time of day: '1 am April 2024' and
    'April 3 pm 2024' as the month April 2024 by set-date and --since (the day taken as an
    hour). A time of day stands once, before or after the date."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    one_line_error(run(db, "ingest", str(path), "--published", typed), f"--published: {typed!r} is not a date ({why}")
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-date", "1", typed), f"claim date: {typed!r} is not a date ({why}")
    one_line_error(run(db, "list", "--since", typed), f"--since: {typed!r} is not a date ({why}")


@pytest.mark.parametrize("typed", ["0001-01-01", "1799-12-31", "1 January 1024"])
def test_a_typed_publication_year_before_1800_is_refused(db, tmp_path, typed):
    """`--published 0001-01-01` was taken: typed, it is a typo."""
    from tests.hostile import stored_claims

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    one_line_error(run(db, "ingest", str(path), "--published", typed),
                   f"--published: {typed!r} is", "before 1800: not a likely publication date")
    assert stored_claims(db) == []


@pytest.mark.parametrize("typed", ["0001-01-01", "Mon, 01 Jan 0001 00:00:00 +0000", "1799-12-31"])
def test_a_read_publication_year_before_1800_is_no_date(db, tmp_path, typed):
    """A header's `Published:` of year 1 (a CMS's empty date) failed the article ('before
    1800'): read, not typed, it only fills a gap, so the article is stored undated, with a
    warning saying so (it was dropped silently)."""
    from sqlmodel import select

    from claims.models import Article

    headed = tmp_path / "h.txt"
    headed.write_text(f"Published: {typed}\n\n{ARTICLE}", encoding="utf-8")
    result = run(db, "ingest", str(headed))
    assert result.exit_code == 0, result.output
    # said on one line (it was dropped without a word)
    [said] = [line for line in result.output.splitlines() if "is ignored" in line]
    assert said.startswith(f"claims: warning: {headed}: its date {typed!r}") and said.endswith(
        "is ignored, a year before 1800 being no likely publication date; the article is stored undated"), said
    headed.write_text(f"Published: 1800-01-01\n\n{ARTICLE} Again.", encoding="utf-8")
    result = run(db, "ingest", str(headed))
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    with db.session() as s:
        assert sorted(s.exec(select(Article.published)).all(), key=str) == [date(1800, 1, 1), None]


@pytest.mark.parametrize("name, value", [("first_date", "1738-01-01"), ("published", "0001-01-01"),
                                         ("first_date", "0001-06-01")])
def test_an_imports_first_date_of_an_old_year_is_imported(db, tmp_path, name, value):
    """A ClaimReview's first appearance in 1738 (a Franklin quote), or a listing of a desk that
    holds 0001-01-01 (stored by an older version), was refused ('before 1800'), nothing imported.
    It is imported, the date kept as given in `extra` (no article's date: leftovers34)."""
    result = run(db, "import", record_file(tmp_path, url="https://e.example/a", **{name: value}))
    assert result.exit_code == 0, result.output
    listed = json.loads(run(db, "list", "--format", "jsonl").stdout)
    assert listed["first_date"] is None and listed["extra"] == {"first_date": value}, listed


def test_a_feeds_year_1_date_leaves_the_entry_undated(db, monkeypatch):
    """Hugo dates an undated page `Mon, 01 Jan 0001` in its feed: the entry failed on every
    poll ('header field Published: ... before 1800'), no article stored."""
    from sqlmodel import select

    from claims.models import Article
    from claims.web import fetch
    from tests.web.conftest import LocalWeb

    monkeypatch.setattr(fetch, "_refuse_internal", lambda request: None)  # the feed links to 127.0.0.1
    web = LocalWeb()
    try:
        web.add("/p/a", "<html><head><title>Bridge</title></head><body><article><p>The mayor said on "
                "Monday that the new harbour bridge cost 40 million euros, far more than the council "
                "had planned.</p></article></body></html>")
        feed = web.add("/feed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>Hugo</title>'
                       "<item><title>A</title><link>/p/a</link><guid>a</guid>"
                       "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item></channel></rss>",
                       content_type="application/rss+xml")
        assert run(db, "watch", "add", feed).exit_code == 0
        result = run(db, "watch", "run", "--all")
    finally:
        web.close()
    assert "1 entry, 1 new article" in result.output, result.output
    assert "failed" not in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Article.published)).all() == [None]


# --- an empty file name ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   "])
@pytest.mark.parametrize("args, what", [
    (("db", "backup", "NAME"), "db backup"), (("export", "-o", "NAME"), "-o"), (("report", "-o", "NAME"), "-o"),
    (("import", "NAME"), "file to import"), (("watch", "add", "NAME"), "watch add"),
    (("ingest", "NAME"), "article"),
])
def test_an_empty_file_name_is_one_line_naming_it(db, tmp_path, monkeypatch, name, args, what):
    """`db backup ''` said "/work/x: not a regular file" (Path('') is the current folder);
    `db backup '   '` wrote a backup named three spaces; `ingest ''` read every article
    under the current folder."""
    from tests.hostile import stored_claims

    folder = tmp_path / "here"
    folder.mkdir()
    (folder / "an-article.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(folder)
    said = "is empty" if not name else "is only spaces ('   ')"
    one_line_error(run(db, *(name if a == "NAME" else a for a in args)),
                   f"{what}: the file name {said}; give a path")
    assert sorted(p.name for p in folder.iterdir()) == ["an-article.txt"]
    assert stored_claims(db) == []


def test_an_id_that_nfc_makes_longer_than_the_limit_is_refused_naming_its_line(db, tmp_path):
    """150 of U+0959 (a Devanagari letter NFC writes as two) is 150 characters as given and
    300 once cleaned: SQLite stored it whole, PostgreSQL refused the whole import with a
    raw 'value too long for type character varying(200)' naming no line (found in review)."""
    from tests.hostile import stored_claims

    line = one_line_error(run(db, "import", record_file(tmp_path, id="\u0959" * 150)),
                          "id is 300 characters long in normal form (NFC), at most 200")
    assert "line 1" in line
    assert stored_claims(db) == []

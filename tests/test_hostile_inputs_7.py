"""A seventh hostile pass (issue 15's classes, other inputs than passes 1-6). Each test
fails before its fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.models import Claim
from db import Database
from tests.hostile import record_file, run
from tui.entry import cli


def _claim(db, claim_id: int = 1) -> Claim:
    with db.session() as s:
        return s.exec(select(Claim).where(Claim.id == claim_id)).one()


# --- a verdict belongs to a verified claim -----------------------------------------------


@pytest.mark.parametrize("status", ["unverified", "in_review", "not_checkable"])
def test_a_verdict_with_another_status_is_refused_by_set_status(db, tmp_path, status):
    """`set-status 1 --verdict false --status unverified` stored an unverified claim
    carrying the verdict false (the queue, repeats and export read it two ways)."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    result = run(db, "set-status", "1", "--verdict", "false", "--status", status)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"claims: error: claim 1: a verdict belongs to a verified claim, not to status {status} "
        f"(verdict false with status {status})"]
    claim = _claim(db)
    assert (claim.status, claim.verdict, claim.version) == ("unverified", None, 1)


@pytest.mark.parametrize("status", ["unverified", "in_review", "not_checkable"])
def test_a_verdict_with_another_status_is_a_bad_record_in_an_import(db, tmp_path, status):
    path = record_file(tmp_path, status=status, verdict="false")
    result = run(db, "import", path)
    assert result.exit_code == 1
    assert f"a verdict belongs to a verified claim, not to status {status}" in result.output
    assert "Traceback" not in result.output
    with db.session() as s:
        assert s.exec(select(Claim)).all() == []


def test_a_verdict_alone_verifies_the_claim_as_an_import_and_the_desk_do(db, tmp_path):
    """`set-status 1 --verdict false` left the claim unverified with a verdict."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    result = run(db, "set-status", "1", "--verdict", "false")
    assert result.exit_code == 0 and result.output.strip() == "claim 1: verified, false"
    assert (_claim(db).status, _claim(db).verdict) == ("verified", "false")


@pytest.mark.parametrize("status", ["unverified", "in_review", "not_checkable"])
def test_reopening_a_verified_claim_takes_its_verdict_away_undoably(db, tmp_path, status):
    """`set-status 1 --status in_review` on a verified claim kept its verdict: an in-review
    claim carrying a finding. The verdict goes (note and evidence stay); undo brings it back."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert run(db, "set-status", "1", "--verdict", "false", "--note", "checked").exit_code == 0
    result = run(db, "set-status", "1", "--status", status)
    assert result.exit_code == 0 and result.output.strip() == f"claim 1: {status}"
    claim = _claim(db)
    assert (claim.status, claim.verdict, claim.verdict_note) == (status, None, "checked")
    assert run(db, "undo").exit_code == 0
    claim = _claim(db)
    assert (claim.status, claim.verdict) == ("verified", "false")


@pytest.mark.sqlite_only
def test_db_check_finds_a_verdict_an_older_version_left_on_an_unverified_claim(db, tmp_path):
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    with db.session() as s:
        s.exec(select(Claim)).one()
        from sqlalchemy import text
        s.execute(text("UPDATE claim SET verdict = 'false' WHERE id = 1"))
        s.commit()
    result = run(db, "db", "check")
    assert result.exit_code == 1
    assert "claim: 1 claim(s) not verified carry a verdict" in result.output


async def test_the_desks_status_keys_take_a_verdict_away_on_screen_and_in_the_store(tmp_path):
    """In the desk, `5` then `u` on the same claim left it unverified with the verdict false,
    shown so (the optimistic row) and stored so."""
    from claims.services.importer import import_source
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    try:
        import_source(db, record_file(tmp_path), reviewer="tester")
        async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            assert (_claim(db).status, _claim(db).verdict) == ("verified", "false")
            table = pilot.app.screen.query_one("#claims")
            table.move_cursor(row=0)
            await pilot.press("u")
            assert "false" not in " ".join(str(c) for c in table.get_row_at(0))  # shown at once
            await settle(pilot)
            assert (_claim(db).status, _claim(db).verdict) == ("unverified", None)
            assert "false" not in " ".join(str(c) for c in table.get_row_at(0))
    finally:
        db.close()


# --- round trips --------------------------------------------------------------------------


def test_evidence_links_of_a_csv_listing_import_back_as_they_were(db, tmp_path):
    """`claims list --format csv` writes a list as 'a; b': the import split the links on
    spaces only and stored 'https://a.example/x;', another link."""
    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    links = ["https://a.example/x", "https://b.example/y;v=1?q=a&r=b#f", "https://c.example/z;"]
    assert run(db, "set-status", "1", "--verdict", "false", *[a for u in links for a in ("--evidence", u)]
               ).exit_code == 0
    listing = run(db, "list", "--format", "csv")
    assert listing.exit_code == 0 and "https://a.example/x; https://b.example/" in listing.output
    path = tmp_path / "listing.csv"
    path.write_text(listing.output, encoding="utf-8")
    again = Database(str(tmp_path / "again.db"))
    try:
        assert run(again, "import", str(path)).exit_code == 0
        assert json.loads(_claim(again).evidence) == links
    finally:
        again.close()


# --- another program's database ---------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_another_programs_database_gets_no_claims_tables(tmp_path, fresh_pg_url, backend):
    """`--db places.sqlite` (any SQLite file of another program) or a PostgreSQL database
    holding other tables: `claims list` added the desk's twenty tables to it."""
    from sqlalchemy import create_engine, inspect, text

    from db.urls import resolve_url

    if backend == "sqlite":
        url = str(tmp_path / "other.db")
    elif fresh_pg_url is None:
        pytest.skip("no PostgreSQL server")
    else:
        url = fresh_pg_url("other")
    engine = create_engine(resolve_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE bookmarks (url TEXT)"))
        result = CliRunner().invoke(cli, ["--db", url, "list"])
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            "claims: error: the database holds tables of another program (bookmarks) and no claims "
            "desk: claims makes a new desk only in an empty database; check --db (or make the desk "
            "beside them with `claims db init`)"]
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == ["bookmarks"]
        made = CliRunner().invoke(cli, ["db", "init", "--db", url])  # asked for: made beside them
        assert made.exit_code == 0 and "created a new desk" in made.output
        assert CliRunner().invoke(cli, ["--db", url, "list"]).exit_code == 0
    finally:
        engine.dispose()


# --- dates read whole ---------------------------------------------------------------------


@pytest.mark.parametrize("typed, why", [
    ("yesterday at 25:00", "no such time of day"),  # was yesterday: the clock was dropped unread
    ("14 April 2024 at 9:75", "no such time of day"),
    ("14 April 2024 0:30 am", "no such time of day"),
    ("March 2024 - April 2024", "2024-03 is in March, not in April"),  # was March 2024
    ("5 March 2024 in May", "2024-03-05 is in March, not in May"),
    ("04/05/2024", "its day and month could be either way round"),  # an import read 5 April
])
def test_a_typed_date_with_a_part_the_reader_dropped_is_refused(db, tmp_path, typed, why):
    import datetime as dt
    import re

    from claims.dates import read_typed_date

    with pytest.raises(ValueError, match=re.escape(why)):
        read_typed_date(typed, base=dt.date(2026, 3, 15))
    assert run(db, "list", "--since", typed).exit_code != 0
    result = run(db, "import", record_file(tmp_path, date=typed))
    assert result.exit_code == 1 and "is not a date" in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).all() == []


@pytest.mark.parametrize("command", [["history"], ["repeats"], ["report", "-o", "{tmp}/r.html"]])
def test_a_since_read_out_of_a_sentence_is_refused_everywhere(db, tmp_path, command):
    """`history`, `repeats` and `report --since 'the budget rose yesterday by 99'` read
    'yesterday' out of it (as `list` and `export` did not), and `--since 2024` was 4 December
    2024 (today's day and month in that year)."""
    args = [a.format(tmp=tmp_path) for a in command]
    result = run(db, *args, "--since", "the budget rose yesterday by 99")
    assert result.exit_code != 0
    assert "--since: 'the budget rose yesterday by 99' is not a date" in result.output


def test_history_since_a_year_starts_on_its_first_day(db, tmp_path):
    from claims.services.team import parse_since

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    assert parse_since("2024").date().isoformat() in ("2024-01-01", "2023-12-31")  # local midnight in UTC
    assert parse_since("April 2024").date().isoformat() in ("2024-04-01", "2024-03-31")


@pytest.mark.parametrize("given, stored", [
    ("April 2024", ("2024-04", "month")),  # was 2024-04-01, a day
    ("14 April 2024", ("2024-04-14", "day")),
])
def test_an_imported_date_in_words_keeps_its_precision(db, tmp_path, given, stored):
    assert run(db, "import", record_file(tmp_path, date=given)).exit_code == 0
    claim = _claim(db)
    assert (claim.claim_date, claim.date_precision) == stored


@pytest.mark.parametrize("given, why", [
    ("Sunday 14 April 2024 Monday", "is a Sunday, not a Monday"),
    ("14 April 2024 at 99:99", "no such time of day"),
    ("04/05/2024", "either way round"),  # was 5 April, read the American way
    ("2024-04-14T10:00 and 2024-05-01", "is not a date"),
])
def test_an_imported_date_is_read_whole(db, tmp_path, given, why):
    result = run(db, "import", record_file(tmp_path, date=given))
    assert result.exit_code == 1 and why in result.output, result.output
    with db.session() as s:
        assert s.exec(select(Claim)).all() == []


# --- transcripts in any script ------------------------------------------------------------


def test_a_transcript_speaker_of_any_script_is_read_not_taken_for_the_last_one():
    """The label had to start with A-Z: 'Émile Zola:', 'وزير المالية:' or 'Владимир Путин:'
    was no label, so the sentence was attributed to the speaker before (JONES) in silence."""
    from claims.transcripts import extract_transcript

    text = ("JONES: Our plan cut hospital waiting lists by 40 percent last year.\n"
            "Émile Zola: Bread prices rose 12 percent in Paris.\n"
            "ÖZDEMIR: Exports fell by 3 percent.\n"
            "وزير المالية: الميزانية ارتفعت بنسبة 12 في المئة هذا العام.\n"
            "שר האוצר: התקציב עלה ב-12 אחוז השנה.\n"
            "習近平：经济增长了5%。\n"
            "Владимир Путин: Инфляция составила 7 процентов.\n"
            "he said: a lower-case start is no label.\n")
    got = [(r.speaker, r.quote) for r in extract_transcript(text)]
    assert got == [
        ("Jones", "Our plan cut hospital waiting lists by 40 percent last year."),
        ("Émile Zola", "Bread prices rose 12 percent in Paris."),
        ("Özdemir", "Exports fell by 3 percent."),
        ("وزير المالية", "الميزانية ارتفعت بنسبة 12 في المئة هذا العام."),
        ("שר האוצר", "התקציב עלה ב-12 אחוז השנה."),
        ("習近平", "经济增长了5%。"),
        ("Владимир Путин", "Инфляция составила 7 процентов."),
        ("Владимир Путин", "he said: a lower-case start is no label."),
    ]
    for r in extract_transcript(text):
        assert text[r.speaker_start:r.speaker_end] in (r.speaker, r.speaker.upper())


# --- the desk after undo, redo, or another desk's change ---------------------------------


async def test_the_detail_beside_the_queue_follows_an_undo(tmp_path):
    """`5` then ctrl+z: the queue's row went back to unverified but the detail pane beside it
    kept 'Verdict: false' (the highlighted claim was the same, so it was not read again);
    the same after ctrl+y and after a refresh for another desk's change."""
    from claims.services.importer import import_source
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    try:
        import_source(db, record_file(tmp_path), reviewer="tester")
        async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(180, 40)) as pilot:
            await settle(pilot)
            pane = pilot.app.screen.query_one("#detail")
            await pilot.press("5")
            await settle(pilot)
            assert "Verdict: false" in pane.plain
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert _claim(db).verdict is None
            assert "Verdict: none" in pane.plain and "Verdict: false" not in pane.plain
            await pilot.press("ctrl+y")
            await settle(pilot)
            assert "Verdict: false" in pane.plain
    finally:
        db.close()


# --- settings: keys -----------------------------------------------------------------------


@pytest.mark.parametrize("keymap, keys, verdict", [
    ({"set-verdict-true": "5"}, ["5"], "false"),  # 5 gave true: verdict false had no key left
    ({"set-verdict-false": "ctrl+z"}, ["5", "ctrl+z"], None),  # ctrl+z gave false, not undo
    ({"set-verdict-false": "f"}, ["5"], "false"),  # the README's own example hid the filter key
])
async def test_a_remapped_key_that_clashes_is_not_taken_and_said(tmp_path, keymap, keys, verdict):
    from claims.services.importer import import_source
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    notes = []
    try:
        import_source(db, record_file(tmp_path), reviewer="tester")
        app = ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=keymap)
        app.notify = lambda message, **kw: notes.append(message)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)  # the queue loaded: a key pressed before finds no row
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert _claim(db).verdict == verdict
        (binding_id, typed), = keymap.items()
        assert any(f'[keys] {binding_id} = "{typed}" not applied' in n for n in notes), notes
    finally:
        db.close()


async def test_a_swap_of_two_keys_is_taken(tmp_path):
    from claims.services.importer import import_source
    from db import Database
    from tui.app import ClaimsApp
    from tui.testing import settle

    db = Database(str(tmp_path / "desk.db"))
    try:
        import_source(db, record_file(tmp_path), reviewer="tester")
        keymap = {"set-verdict-true": "5", "set-verdict-false": "1"}
        async with ClaimsApp(db, reviewer="tester", watch_interval=0, keymap=keymap).run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            assert _claim(db).verdict == "true"
            pilot.app.screen.query_one("#claims").move_cursor(row=0)
            await pilot.press("1")  # ... and 1 is false's key now
            await settle(pilot)
            assert _claim(db).verdict == "false"
    finally:
        db.close()


def test_a_csv_export_imports_back_with_each_claims_type(db, tmp_path):
    """The CSV export had no claim_type, so its import came back with every claim 'other'
    (a 'quantity' claim too)."""
    assert run(db, "import", record_file(tmp_path, verdict="false", claim_type="quantity")).exit_code == 0
    exported = tmp_path / "export.csv"
    assert run(db, "export", "-o", str(exported)).exit_code == 0
    again = Database(str(tmp_path / "again.db"))
    try:
        assert run(again, "import", str(exported)).exit_code == 0
        claim = _claim(again)
        assert (claim.claim_type, claim.verdict) == ("quantity", "false")
    finally:
        again.close()


@pytest.mark.parametrize("keymap, place", [
    ({"filter-apply": "escape"}, "the filter dialog"),  # escape cancels the filter there
    ({"note-save": "escape"}, "the note dialog"),
])
def test_a_clash_inside_a_dialog_is_not_taken(keymap, place):
    """The dialogs answer keys too: a remap that gives one of their keys a second action
    there was taken silently (found in review)."""
    from tui.app import _desk_places
    from tui.keymap import without_clashes

    kept, left_out = without_clashes(keymap, _desk_places())
    assert kept == {}
    assert len(left_out) == 1 and left_out[0].endswith(f"on {place}"), left_out

"""A twenty-ninth hostile pass (issue 15's classes, other inputs than passes 1-28), and pass
28's found-not-fixed. Each test of a failure fails before its fix.

The log of what was tried (the installed CLI as a subprocess, on SQLite files and PostgreSQL;
the desk in tmux) is at the end of this file (LOG)."""

from __future__ import annotations

import json

import pytest

from tests.hostile import claims_jsonl, claims_run, one_line_error, run

# --- wrong place: a take on a claim an automatic merge moves --------------------------------------------
#
# Pass 28 made a take follow its claim when a reviewer merges; an automatic merge (a new
# claim that is a duplicate of two clusters joins them; an import; `dupes --rebuild`) left the
# take on the claim merged away, a member now: the cluster shown free, a second take possible.
# The merge moves it as a reviewer's merge does, with audit rows of its batch (undo follows).

ORIGINAL = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987 in Halden"
RETOLD = "On Friday the river peaked at 7.4 metres, the highest level recorded in Halden since 1987"
AGAIN = "The river in Halden peaked at 7.4 metres on Friday, its highest level recorded since 1987"


def _two_apart(db) -> tuple[int, int]:
    """Two stored claims, each a duplicate of AGAIN, matched but not merged (only suggested)."""
    from claims.matching import MatchSettings
    from claims.models import Claim
    from claims.services.matching import match_new_claims

    with db.session() as s:
        claims = [Claim(text=ORIGINAL), Claim(text=RETOLD)]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims, MatchSettings(confirm_threshold=100.0))
        ids = (claims[0].id, claims[1].id)
    with db.session() as s:
        assert all(s.get(Claim, i).canonical_id is None for i in ids)
    return ids


def _takes(db) -> list[tuple[int, str]]:
    return sorted((t["claim_id"], t["reviewer"]) for t in claims_jsonl(db, "taken"))


def _heads(db) -> dict[int, int]:
    from tests.hostile import stored_claims

    return {c.id: c.canonical_id or c.id for c in stored_claims(db)}


@pytest.mark.parametrize("taken", [0, 1])
def test_a_take_follows_its_claim_when_a_new_claim_joins_two_clusters(db, tmp_path, taken):
    ids = _two_apart(db)
    assert claims_run(db, "take", str(ids[taken]), reviewer="ana").returncode == 0
    path = tmp_path / "again.jsonl"
    path.write_text(json.dumps({"id": "n", "text": AGAIN}) + "\n", encoding="utf-8")
    done = claims_run(db, "import", str(path), reviewer="bob")
    assert done.returncode == 0, done.stderr
    heads = _heads(db)
    assert heads[ids[0]] == heads[ids[1]], heads  # the new claim joined the two clusters
    head = heads[ids[0]]
    assert _takes(db) == [(head, "ana")], (heads, _takes(db))  # was: the take left on a member
    grabbed = claims_run(db, "take", str(head), reviewer="carl")
    assert grabbed.returncode == 1 and "being reviewed by ana" in grabbed.stderr.decode(), grabbed.stderr
    assert claims_run(db, "undo", reviewer="bob").returncode == 0  # the import undone: the take back
    assert _takes(db) == [(ids[taken], "ana")]
    assert claims_run(db, "redo", reviewer="bob").returncode == 0
    assert _takes(db) == [(head, "ana")]


def test_a_take_follows_its_claim_in_a_rebuild(db, tmp_path):
    from claims.matching import MatchSettings
    from claims.models import Claim
    from claims.services.matching import match_new_claims

    a, b = _two_apart(db)
    with db.session() as s:
        again = Claim(text=AGAIN)
        s.add(again)
        s.flush()
        match_new_claims(s, [again], MatchSettings(confirm_threshold=100.0))
    for claim in (a, b):
        assert claims_run(db, "take", str(claim), reviewer="ana" if claim == a else "bob").returncode == 0
    done = claims_run(db, "dupes", "--rebuild", reviewer="carl")
    assert done.returncode == 0, done.stderr
    heads = _heads(db)
    assert heads[a] == heads[b], heads
    takes = _takes(db)
    assert len(takes) == 1 and takes[0][0] == heads[a], (heads, takes)  # was: two takes on one cluster


# --- tracebacks: a claim's reviewed_at stored damaged ------------------------------------------------------
#
# Pass 27/28 made a damaged evidence or publication date one line (and the desk list the
# claim marked). A reviewed_at of 'garbage' (sqlite3) was a ValueError traceback from `claims
# list`, said 'a damaged moment' (no field) by `show` and `export`, made the desk's queue
# empty, and `claims db check` said 'ok': the models' moments are decorators of DATETIME,
# which its check passed over.


def _reviewed_at_damaged(tmp_path, stored: str) -> str:
    from tests.desk import damaged_desk

    return damaged_desk(tmp_path, (
        {"id": "a", "text": "The bridge carries 40,000 vehicles a day, the mayor said on Monday",
         "status": "verified", "verdict": "true", "reviewer": "ana", "reviewed_at": "2024-04-14T10:00:00+00:00"},
        {"id": "b", "text": "Unemployment fell to 5 percent in March, the ministry said"}),
        [("UPDATE claim SET reviewed_at = :v WHERE external_id = 'a'", {"v": stored})])


@pytest.mark.parametrize("stored", ["garbage", "2024-99-99"])
def test_a_damaged_reviewed_at_is_one_line_naming_it(tmp_path, stored):
    from db import Database
    from tests.hostile import one_line_error, run

    db = Database(_reviewed_at_damaged(tmp_path, stored))
    try:
        said = f"claim 1's reviewed_at is stored damaged ({stored!r} is no moment): `claims db check`"
        for args in (["list"], ["list", "--format", "jsonl"], ["list", "--search", "bridge"], ["show", "1"],
                     ["show", "1", "--format", "json"], ["export", "--format", "claimreview", "--include-incomplete"],
                     ["export", "--format", "csv", "-o", str(tmp_path / "out.csv")]):
            done = run(db, *args)
            one_line_error(done, said)  # was: a traceback (list), 'a damaged moment' (show), a review undated
            assert args[0] != "show" or done.output.count("\n") == 1, done.output  # nothing before it
        assert not (tmp_path / "out.csv").exists()
        assert run(db, "history", "1").exit_code == 0  # (reads no reviewed_at: was refused)
        checked = run(db, "db", "check")
        assert checked.exit_code == 1 and f"claim.reviewed_at: 1 value(s) that are no date: id 1 ({stored!r})" \
            in checked.output, checked.output  # was: 'ok (27 checks)'
        assert run(db, "set-status", "1", "--status", "in_review").exit_code == 0  # stamped anew
        assert run(db, "list").exit_code == 0 and run(db, "db", "check").exit_code == 0
    finally:
        db.close()


async def test_the_desk_lists_a_claim_whose_reviewed_at_is_damaged(tmp_path):
    from tests.desk import open_desk, press_each, wait_for
    from tui.screens.claim import ClaimScreen
    from tui.widgets.claim_detail import ClaimDetailPane
    from tui.widgets.claim_table import state_cell

    desk = _reviewed_at_damaged(tmp_path, "garbage")
    async with open_desk(desk, size=(160, 50)) as (app, pilot, said):
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        rows = app.screen.rows
        assert len(rows) == 2, (rows, said)  # was: none, the damage said on one line
        damaged = [r for r in rows if r.damaged]
        assert [r.id for r in damaged] == [1] and state_cell(damaged[0]).plain == "⚠ damaged", rows
        for _ in range(rows.index(damaged[0])):
            await press_each(pilot, ["down"])
        shown = await wait_for(pilot, lambda: app.screen.query_one(ClaimDetailPane).plain, lambda t: "Damaged:" in t)
        assert "Damaged: claim 1's reviewed_at is stored damaged ('garbage'" in shown, shown
        await press_each(pilot, ["enter"])
        await app.workers.wait_for_complete()
        await press_each(pilot, [])
        assert isinstance(app.screen, ClaimScreen)
        assert "claims db check" in app.screen.query_one(ClaimDetailPane).plain


# --- wrong place silently: one link written two ways, a note nobody sees -----------------------------------
#
# `set-status 1 --evidence HTTPS://E.EXAMPLE/1` then `--evidence https://e.example/1#top` stored
# both (the same address, as `normal_url` reads it: the watch list already counted them one).
# `--note $'\u200b'` stored a note of a zero-width space: `show` said 'note: ', the history a change.


def test_one_link_written_two_ways_is_one_evidence_link(db, tmp_path):
    from tests.hostile import record_file, run

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    for written in ("HTTPS://E.EXAMPLE/1", "https://e.example/1#", "https://e.example:443/1"):  # (#top: another link, 31a)
        assert run(db, "set-status", "1", "--evidence", written).exit_code == 0
    assert run(db, "set-status", "1", "--evidence", "https://e.example/2", "--evidence",
               "https://E.example/2").exit_code == 0
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["HTTPS://E.EXAMPLE/1", "https://e.example/2"], shown  # was: all five


def test_the_desks_optimistic_row_adds_one_link_per_address():
    from claims.services.views import ClaimRow
    from tui.writer import optimistic

    row = ClaimRow(id=1, text="t", speaker=None, speaker_role=None, date=None, date_precision=None,
                   status="unverified", verdict=None, checkworthiness=0.5, claim_type="other", appearances=0,
                   outlets=[], evidence=["HTTPS://E.EXAMPLE/1"])
    shown = optimistic(row, {"evidence": ["https://e.example:443/1", "https://e.example/2"]}, "ana")
    assert shown.evidence == ["HTTPS://E.EXAMPLE/1", "https://e.example/2"], shown.evidence  # was: all three


@pytest.mark.parametrize("note", ["\u200b", " ", "\u2060\u00ad"])
def test_a_note_that_shows_nothing_is_refused(db, tmp_path, note):
    from tests.hostile import one_line_error, record_file, run

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    one_line_error(run(db, "set-status", "1", "--note", note), "note: shows nothing", "'' clears the note")
    assert run(db, "set-status", "1", "--note", "checked").exit_code == 0
    assert run(db, "set-status", "1", "--note", "").exit_code == 0  # still how a note is cleared


# --- silent loss / wrong place in import: one link two ways, speakers with invisible characters --------------
#
# An import's evidence ['https://e.example/1', 'HTTPS://E.EXAMPLE/1'] stored both; a speaker
# 'Eng\u200bineer' was stored with its zero-width space (another speaker than 'Engineer' to
# every count by speaker) and a speaker_role of two direction marks, a role nobody sees.
# As an outlet's and a reviewer's name: the invisible characters dropped, none when nothing is left.


def test_an_import_keeps_one_link_per_address_and_visible_speakers(db, tmp_path):
    from tests.hostile import record_file, run

    path = record_file(tmp_path, evidence=["https://e.example/1", "HTTPS://E.EXAMPLE/1", "https://e.example:443/1#"],
                       speaker="Eng\u200bineer\u200e", speaker_role="\u200f\u200e")
    assert run(db, "import", path).exit_code == 0
    shown = json.loads(run(db, "list", "--format", "jsonl").stdout.splitlines()[0])
    assert shown["evidence"] == ["https://e.example/1"], shown  # was: all three
    assert (shown["speaker"], shown["speaker_role"]) == ("Engineer", None), shown


# --- import: a moment's error gave a claim date's hint ----------------------------------------------------------
#
# reviewed_at 1713088800 (a Unix time) was refused with "is not a date (use YYYY-MM-DD, YYYY-MM
# or YYYY)": a month or a year is refused there ('a review's time is a moment'); the hint is a moment's.


@pytest.mark.parametrize("given", [1713088800, "14/04/2024 10:00:00", "yesterday"])
def test_a_bad_reviewed_at_gets_a_moments_hint(db, tmp_path, given):
    from tests.hostile import one_line_error, record_file, run

    done = run(db, "import", record_file(tmp_path, reviewed_at=given, status="verified", verdict="true"))
    last = one_line_error(done, "reviewed_at: ")
    assert "YYYY-MM-DD, YYYY-MM or YYYY" not in last, last  # was: a claim date's hint
    assert "YYYY-MM-DDTHH:MM" in last, last


# --- desk filters on other store shapes: undated claims in the date order on PostgreSQL ------------------------
#
# `claims list --order date` (and `--order worth`'s tie on the date) listed every undated claim
# first on PostgreSQL (a plain DESC puts NULLs first there) and last on SQLite; the desk's pages
# have them last on both.


@pytest.mark.parametrize("order", ["date", "worth"])
def test_undated_claims_come_last_in_the_date_order(db, tmp_path, order):
    from tests.hostile import run

    rows = [{"id": f"c{i}", "text": f"The bridge number {i} carries {i}0,000 vehicles a day, said the mayor",
             **({"date": f"2024-0{i}-01"} if i % 2 else {})} for i in range(1, 7)]
    path = tmp_path / "some_dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    listed = [json.loads(r) for r in run(db, "list", "--order", order, "--format", "jsonl").stdout.splitlines()]
    if order == "date":
        assert [r["external_id"] for r in listed] == ["c5", "c3", "c1", "c6", "c4", "c2"], listed  # was: c6 c4 c2 first
    else:
        by_worth: dict[float, list] = {}
        for r in listed:
            by_worth.setdefault(r["checkworthiness"], []).append(r["date"])
        for dates in by_worth.values():  # within a worth, the dated first (newest first), then the undated
            assert dates == sorted([d for d in dates if d], reverse=True) + [d for d in dates if not d], listed


# What was tried in pass 29: (class, input, outcome). The CLI as installed, run as a subprocess
# on SQLite files and on PostgreSQL (postgresql://postgres@127.0.0.1/h29_x, created and dropped
# for the pass); the desk in tmux (160x45) and through Pilot.
# --- lenient dates: the reason a day past its month's end is refused ---------------------------------------
#
# `set-date 1 '29 February 2023'` (and `set-article --published 'Feb 29 2023'`) was refused saying
# "relative dates need the article's date": what it is not. It says the month's length.


@pytest.mark.parametrize(("typed", "reason"), [("29 February 2023", "February 2023 has 28 days"),
                                               ("Feb 29 2023", "February 2023 has 28 days"),
                                               ("April 31, 2024", "April 2024 has 30 days"),
                                               ("30 February 2024", "February 2024 has 29 days")])
def test_a_day_past_its_months_end_is_said_so(db, tmp_path, typed, reason):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "The bridge carries 40,000 vehicles a day, the mayor said"}) + "\n")
    assert run(db, "import", str(path)).exit_code == 0
    said = one_line_error(run(db, "set-date", "1", typed), f"is not a date ({reason})")
    assert "relative dates" not in said
    assert run(db, "set-date", "1", "29 February 2024").exit_code == 0  # a real day still is one


def test_an_export_of_one_claim_says_claim(db, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": "The bridge carries 40,000 vehicles a day, the mayor said",
                                "status": "verified", "verdict": "false"}) + "\n")
    assert run(db, "import", str(path)).exit_code == 0
    done = run(db, "export", "-o", str(tmp_path / "out.csv"))
    assert done.exit_code == 0 and f"wrote 1 claim to {tmp_path / 'out.csv'}" in done.output, done.output  # was: 1 claims


LOG: list[tuple[str, str, str]] = [
    # pass 28's found-not-fixed, first
    ("wrong place", "ana takes A (or B); a new claim, a duplicate of A and of B (stored apart, suggested "
     "only), is imported and joins the two clusters (both backends)", "FAILED, fixed: the take stayed on the "
     "head merged away (a member), the cluster shown free, carl could take it; now moved onto the cluster's "
     "head by the automatic merge (audit rows of its batch); `undo` of the import puts it back, `redo` moves "
     "it again. The heads' read of the merge says whether each is taken: test_new_claim_statements' counts "
     "(14 SQLite / 11 PostgreSQL, 5 round trips) unchanged"),
    ("wrong place", "ana takes A, bob takes B, `dupes --rebuild` merges them (both backends)", "FAILED, fixed: "
     "two takes on one cluster; now one, the merged-away one given back with an audit row"),
    ("tracebacks", "claim.reviewed_at = 'garbage' / '2024-99-99' (sqlite3): list, list --format jsonl, list "
     "--search, show, show --format json, export csv -o, export claimreview --include-incomplete, history, "
     "report, dupes, search, taken, db check", "FAILED, fixed: list a ValueError traceback; show printed half "
     "the claim then 'a damaged moment' (no field); export claimreview wrote the review without its date; "
     "db check said 'ok' (the models' moments are decorators of DATETIME, passed over); now 'claim 1's "
     "reviewed_at is stored damaged (...): `claims db check` names every such claim', nothing printed or "
     "written before it; db check names claim.reviewed_at; report, dupes, search, history unaffected; "
     "set-status stamps it anew"),
    ("tracebacks", "the desk on that desk: launch, the detail pane, enter (claim page)", "FAILED, fixed: the queue "
     "empty with the one line; now both claims listed, claim 1 '⚠ damaged', its pane and page say "
     "'Damaged: claim 1's reviewed_at ...'"),
    ("tracebacks", "any other date or moment stored damaged (claim.created_at, article.published)", "held, and "
     "better: the one line now names the column ('says which claim.created_at')"),
    ("non-Latin", "the Devanagari claim 'प्रधानमंत्री ने कहा कि बेरोजगारी 45 साल में सबसे ज्यादा है' and a "
     "longer one cut with '…' (speaker in Devanagari too) in the desk in tmux 3.3a, 160x45", "held (not the "
     "desk's): printed alone, tmux puts the cursor at column 48 = glibc wcswidth = Rich's cell_len with "
     "count_spacing_marks; in the captured rows the cells before the date are 69 wide (glibc wcwidth) on the "
     "Hindi and the Latin rows alike, the border at 96 on each. The '4 columns right' of pass 28 is the "
     "captured text read where conjuncts are shaped (a viewer, not the terminal grid)"),
    # pass 29
    ("import", "speaker of 50 emoji (100 cells); speaker of 400 chars; outlet of 300 chars; speaker with "
     "U+200B inside; speaker U+202E+Director", "held: stored / refused naming the field and limit / stored / "
     "stored as written (found by 'Engineer') / the control dropped"),
    ("lenient dates", "import date 0001-01-01, 9999-12-31; reviewed_at 9999-12-31T23:59:59+00:00, "
     "0001-01-01T00:00:00-05:00", "held: stored (9999 with its warning) / refused (a review in the future) / "
     "stored"),
    ("lenient dates", "set-date 0000-01-01, 10000-01-01, 2024-04-14T25:00, 'le 14 avril 2024', '14 апреля 2024', "
     "'2024年4月14日', '29 February 2024', '29 February 2023', 0001-01-01, 9999-12-31", "held: refused with "
     "the reason / stored (9999 warned). '29 February 2023' was refused saying 'relative dates need the "
     "article's date' (a misleading reason; fixed by the lead: 'February 2023 has 28 days')"),
    ("lenient dates", "list --since 0001-01-01, --until 9999-12-31, --since 9999-12-31, --until 0001-01-01, "
     "--since '2024-04-14T10:00+14:00'; export --since 2024-01-01 --until 2023-01-01; history --since "
     "tomorrow / '1 hour ago'; report --since 2024-99-99", "held: listed / none / refused with the reason"),
    ("lenient dates", "resolve-date 'next Friday at 25:00', resolve-date ''", "held: 'next Friday' found with no "
     "date (25:00 is no time) / []"),
    ("wrong place", "set-status 1 --evidence HTTPS://E.EXAMPLE/1 then https://e.example/1#top, "
     "https://e.example:443/1; --evidence https://e.example/2 --evidence https://E.example/2", "FAILED, fixed: "
     "each stored as another link (five); now one link per address (normal_url, as the watch list reads them), "
     "kept as first written"),
    ("wrong place", "set-status 1 --note $'\\u200b' / ' ' / U+2060 U+00AD", "FAILED, fixed: a note nobody sees "
     "stored ('note: ' in show, a change in history); now refused ('' clears the note)"),
    ("unsafe links", "evidence 'https://e.example/a b', 'https://U+202E evil.example'; set-url ftp://, "
     "https://user@host/, '', https://f.example/1#frag", "held: refused naming the field / stored"),
    ("team", "take 1 --reviewer '' / U+200B / 300 chars; release by another; take --force; merge 2 1 then taken; "
     "unmerge 1", "held: refused in one line / taken over with a warning / the take followed the merge"),
    ("ids", "show 2147483647, show 2147483648, merge 1 1, merge 1 99999, unmerge 1, dupes --accept 99999, "
     "--accept-above 101, --reject-below -1, articles --limit 0, search --limit 0", "held: one line each"),
    ("search semantics", "list --search Инфляция (jsonl), 东京 (the claim says 東京), --speaker 'وزير المالية', "
     "' وزير  المالية ', --search 😀 (a speaker of emoji), search of 'bridge ' x3000, search '', compare 'a' 'a', "
     "compare '' x", "held: found / not found (another character) / found / found (spaces folded) / none "
     "(speakers are not searched) / ranked / refused in one line"),
    ("PostgreSQL", "--db postgresql://...?sslmode=disable, postgres://, an unknown database, port 1, "
     "+psycopg2, a password '%zz', ?host=&user=, mysql://, sqlite:///relative, sqlite:////abs, a path in no "
     "folder, ''", "held: each works or is one line naming the problem"),
    ("desk filters", "list --order date (and worth) on a desk with undated claims, SQLite and PostgreSQL",
     "FAILED, fixed: PostgreSQL listed the undated claims first (DESC puts NULLs first there), SQLite and "
     "the desk's pages last; now last on both (NULLS LAST, the order of PostgreSQL's queue indexes)"),
    ("round trip", "list --format jsonl -> import (RTL, Cyrillic, Japanese, Devanagari, emoji and zero-width "
     "speakers, 0001 and 9999 dates); export csv (all statuses) -> import", "held: every claim back with its "
     "text, speaker, date, status, verdict, evidence and reviewed_at"),
    ("desk (tmux)", "/ 😀, / U+202E+bridge, a, d, R, s, ?, escape between each, on the six-script desk",
     "held: 'no claims match' / the control dropped, 1 row / each screen opened and closed, no error"),
    ("desk (tmux)", "c (note) U+200B ^s; l HTTPS://E.EXAMPLE/9 then l https://e.example/9#x", "held after the "
     "fixes: the note refused; the second link adds nothing (history: one change), though the desk's line "
     "names the link typed ('claim 7: evidence https://e.example/9#x')"),
    ("import", "evidence ['https://e.example/1', 'HTTPS://E.EXAMPLE/1', '...#a'], speaker 'Eng\\u200bineer\\u200e', "
     "speaker_role of U+200F U+200E (both backends)", "FAILED, fixed: three links, the speaker with its "
     "invisible characters, a role nobody sees; now one link, 'Engineer', no role (as outlet and reviewer names)"),
    ("lenient dates", "import reviewed_at 0001-01-01T00:00+14:00, 0001-01-01T00:00, +24:00, 7 decimals, a day, "
     "...Z with status unverified, 1713088800 (a number), 2024-03-31T02:30 (both backends)", "held: refused "
     "(out of range / no time of day / not a date) or stored; FAILED, fixed: the number's (and '14/04/2024 "
     "10:00:00''s) error gave a claim date's hint 'use YYYY-MM-DD, YYYY-MM or YYYY'; now a moment's"),
    ("lenient dates", "import date 2024-W15, -2024-01-01, +002024-01-01, 2024-1-5; status VERIFIED, verdict "
     "True; a verdict alone", "held: refused naming the field / read case-blind / status verified"),
    ("config", "CLAIMS_CONFIG with rating best = worst, best = '5', label '', label with U+202E, value 99 / nan "
     "/ inf, organisation name with ESC, url javascript:, default_reviewer U+200B, confirm_threshold 101, "
     "suggest above confirm, 'garbage = ', [[verdicts]], an unknown verdict, [verdicts.TRUE], bytes FF FE, "
     "web delay -1 / 1e400, [keys] of unknown ids, an unknown section, a folder, a missing file",
     "held: each refused naming the file and key, or the default kept (label '', a missing file); unknown "
     "[keys] ids said in the desk"),
    ("concurrent writers", "4 imports of 200 claims at once; 2 reviewers take one claim at once; 3 set-status "
     "--expect-version 1 at once (SQLite and PostgreSQL)", "held: 800 claims, one take, one change and two "
     "'changed by ana since you loaded it'; db check ok"),
    ("watch/feeds", "watch add a feed of javascript:/file:/bad-date entries, a truncated feed, a billion-laughs "
     "feed (3 and 9 levels), javascript:, https://u:p@, U+202E host, '', /etc/passwd, a folder; watch run; "
     "watch remove 999 / feed.xml; ingest --feed of each", "held: refused in one line, each bad entry named, "
     "the truncated feed 'not well-formed ... read what could be read', expat stops the 9-level bomb "
     "(123 MB); /etc/passwd is watched as a page (a file the user named)"),
    ("superlinear", "ingest a 1.2 MB line with no sentence end (and 300 KB); 5,000 nested divs; 3,000 quoted "
     "claims in one article", "held: 17 s / 12 s (load 8), 0 claims; refused (nesting past 255); 3,000 claims "
     "in 26 s"),
    ("search semantics", "list --search 'brid\\u200bge', RLM+Arabic (a speaker's words), 'ＢＲＩＤＧＥ', "
     "--speaker JONES / Devanagari, search 'forty thousand vehicles', search U+202E (both backends, same "
     "answers)", "held: found / none (speakers are not searched) / found / found / ranked / refused"),
    ("search semantics", "list --outlet '' / U+200B / ' ', --speaker '' / U+200B, --search '' (and export "
     "--outlet '')", "NOT CHANGED, a question for the lead: every claim is listed (or exported) as if "
     "unfiltered; test_search_semantics pins '--search U+200B' as 'no search' (a decision of an earlier "
     "pass), so `--outlet \"$UNSET\"` exports everything without a word"),
    ("lenient dates", "set-article 1 --published 'Feb 29 2023' / 0001-01-01 / tomorrow / "
     "2024-04-14T10:00+14:00; set-article 99", "held: refused with the reason / read as its day"),
    ("round trip", "export claimreview --include-incomplete --status unverified (Arabic, Cyrillic, Japanese, "
     "Devanagari speakers) -> import into the same desk", "held: refused whole, each record 'duplicate id ... "
     "already stored as claim N'"),
    ("tracebacks", "claim 1 verified with reviewed_at 'garbage', then an article repeating it ingested: "
     "repeats (table, jsonl), report (html, md), history, search, dupes; the desk's R (repeats) screen",
     "held after the fix: each works (none of them reads the moment), list/show the one line; the desk lists "
     "the claim '↻2 … ⚠ damaged' and R shows both repeats"),
    ("desk (tmux)", "w (date) 0000-00-00, '31 April 2024', '٢٠٢٤-٠٤-١٢'", "held: refused in the dialog with "
     "the reason / stored as 2024-04-12 with the phrase kept"),
    ("non-Latin", "ingest a Title with U+202E, a text with U+202E, 'Mayor\\u200b Jones said' (and without the "
     "zero-width space); --outlet U+202E, --outlet '', --title of 5,000", "held: controls dropped; speaker "
     "'Jones' role 'Mayor' either way; refused / 'already stored'. `claims extract` keeps the zero-width "
     "spaces in its preview (ingest drops them)"),
]

"""Repeats: a checked claim back in a later article, however it joined its cluster; possible
repeats from pending suggestions; what does not count; `claims repeats` and its formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from claims.models import Claim, utcnow
from claims.services.clusters import decide_matches, merge
from claims.services.repeats import (
    POSSIBLE,
    RECORD_FIELDS,
    REPEAT,
    list_repeats,
    mark_seen,
    repeats_in_article,
    unseen_counts,
)
from claims.services.review import set_status
from tests.stories import (
    CHECKED,
    FIRST,
    MERGED,
    SUGGESTED,
    UNRELATED,
    UNRELATED_CLAIM,
    claim_id,
    ingest_text,
)


@pytest.fixture
def checked(db):
    """The levee story ingested and its evacuation claim verified false, with a published check."""
    ingest_text(db, FIRST, "levee.txt", outlet="Harbour Courier")
    cid = claim_id(db, CHECKED)
    set_status(db, [cid], reviewer="ana", status="verified", verdict="false")
    with db.session() as s:
        s.get(Claim, cid).fact_check_url = "https://factdesk.example/checks/evacuations"
    return cid


def test_a_merged_and_a_suggested_appearance_after_the_check(db, checked):
    merged = ingest_text(db, MERGED, "again.txt")
    suggested = ingest_text(db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    ingest_text(db, UNRELATED, "fares.txt")
    found = list_repeats(db)
    assert [(r.kind, r.claim_id, r.outlet) for r in found] == [
        (REPEAT, checked, "Northline News"), (POSSIBLE, checked, "Valley Radio")]
    repeat, possible = found
    assert repeat.verdict == "false" and repeat.fact_check_url == "https://factdesk.example/checks/evacuations"
    assert repeat.article_id == merged.article_id and repeat.url == "https://news.example/again.txt"
    assert repeat.sentence.startswith('"Over 2,000 valley residents') and repeat.sentence.endswith("on Sunday.")
    assert repeat.speaker == "Ostrander" and repeat.published.isoformat() == "2026-03-15"
    assert repeat.score >= 90 and repeat.match_state == "confirmed" and "residents" in repeat.explanation["shared"]
    assert possible.article_id == suggested.article_id and 44 <= possible.score < 90
    assert possible.match_state == "suggested" and possible.new_claim.startswith("More than 2,000 residents of")
    record = repeat.to_record()
    assert list(record) == list(RECORD_FIELDS)
    assert json.loads(json.dumps(record))["found_at"] == repeat.found_at.isoformat()
    # What one article brought, as the poller asks after each ingest:
    assert [r.kind for r in repeats_in_article(db, merged.article_id)] == [REPEAT]
    assert [r.kind for r in repeats_in_article(db, suggested.article_id)] == [POSSIBLE]


def test_accepting_the_suggestion_makes_it_a_repeat(db, checked):
    ingest_text(db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    [possible] = list_repeats(db)
    before = utcnow()
    decide_matches(db, [possible.match_id], accept=True, reviewer="bo")
    [repeat] = list_repeats(db)
    assert repeat.kind == REPEAT and repeat.new_claim_id == possible.new_claim_id
    assert repeat.found_at >= before  # found when it was merged, not when the article came
    assert list_repeats(db, since=before) == [repeat]


def test_a_claim_merged_by_hand_counts_too(db, checked):
    ingest_text(db, UNRELATED, "fares.txt")
    merge(db, [checked, claim_id(db, UNRELATED_CLAIM)], reviewer="bo")
    [repeat] = list_repeats(db)
    assert repeat.match_id is None and repeat.score is None and repeat.outlet == "Northline News"


def test_what_came_before_the_check_is_no_repeat(db):
    ingest_text(db, FIRST, "levee.txt", outlet="Harbour Courier")
    ingest_text(db, MERGED, "again.txt")  # merged at ingest, but the claim is not checked yet
    cid = claim_id(db, CHECKED)
    assert list_repeats(db) == []
    set_status(db, [cid], reviewer="ana", status="verified", verdict="mostly_false")
    assert list_repeats(db) == []  # the appearance came before the verdict
    set_status(db, [cid], reviewer="ana", note="a later note does not move the check's time")
    ingest_text(db, MERGED.replace("Sunday", "Monday"), "again2.txt", outlet="Valley Ledger")
    assert [r.outlet for r in list_repeats(db)] == ["Valley Ledger"]


def test_verdict_and_since_filters(db, checked):
    ingest_text(db, MERGED, "again.txt")
    assert [r.verdict for r in list_repeats(db, verdicts=["false"])] == ["false"]
    assert list_repeats(db, verdicts=["true", "mixed"]) == []
    assert list_repeats(db, since=utcnow() + timedelta(seconds=1)) == []
    assert len(list_repeats(db, since=utcnow() - timedelta(hours=1), kinds=(REPEAT,))) == 1


def test_an_unverified_cluster_has_no_repeats(db):
    ingest_text(db, FIRST, "levee.txt")
    ingest_text(db, MERGED, "again.txt")
    ingest_text(db, SUGGESTED, "radio.txt")
    assert list_repeats(db) == []


def test_a_claim_with_its_own_verdict_is_not_a_repeat(db, checked):
    """An import of checks, or a page's own ClaimReview, brings claims that carry a verdict:
    their appearances are the checks themselves, not the claim going round again."""
    merged = ingest_text(db, MERGED, "again.txt")
    with db.session() as s:
        new = s.exec(select(Claim).where(Claim.canonical_id == checked)).one()
        new.verdict, new.status = "false", "verified"
    assert list_repeats(db) == [] and repeats_in_article(db, merged.article_id) == []


def test_unseen_counts_follow_what_the_reviewer_saw(db, checked):
    ingest_text(db, MERGED, "again.txt")
    ingest_text(db, SUGGESTED, "radio.txt")
    assert unseen_counts(db, [checked, 999], reviewer="ana") == {checked: 2}
    mark_seen(db, [checked], reviewer="ana")
    assert unseen_counts(db, [checked], reviewer="ana") == {}
    assert unseen_counts(db, [checked], reviewer="bo") == {checked: 2}  # seen is per reviewer
    ingest_text(db, MERGED.replace("Sunday", "Tuesday"), "again2.txt", outlet="Valley Ledger")
    assert unseen_counts(db, [checked], reviewer="ana") == {checked: 1}
    mark_seen(db, [checked], reviewer="ana")  # again: updated, not a second row
    assert unseen_counts(db, [checked], reviewer="ana") == {}


# -- the command ------------------------------------------------------------------------------


def test_repeats_command_formats(invoke, db_path):
    from db import Database

    db = Database(str(db_path))
    try:
        ingest_text(db, FIRST, "levee.txt", outlet="Harbour Courier")
        cid = claim_id(db, CHECKED)
    finally:
        db.close()
    assert invoke("set-status", str(cid), "--status", "verified", "--verdict", "false").exit_code == 0
    assert invoke("set-url", str(cid), "https://factdesk.example/checks/evacuations").exit_code == 0
    db = Database(str(db_path))
    try:
        ingest_text(db, MERGED, "again.txt")
        ingest_text(db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    finally:
        db.close()
    lines = invoke("repeats", "--format", "jsonl", "--since", "yesterday").output.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == ["repeat", "possible"] and list(records[0]) == list(RECORD_FIELDS)
    rows = list(csv.DictReader(io.StringIO(invoke("repeats", "--format", "csv").output)))
    assert [r["kind"] for r in rows] == ["repeat", "possible"] and rows[0]["verdict"] == "false"
    table = invoke("repeats")
    assert table.exit_code == 0 and "Northline News" in table.output and "1 repeat(s), 1 possible" in table.stderr
    only = invoke("repeats", "--kind", "possible", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["outlet"] for line in only] == ["Valley Radio"]
    assert invoke("repeats", "--verdict", "true", "--format", "jsonl").output == ""
    bad = invoke("repeats", "--verdict", "wrong")
    assert bad.exit_code == 1 and "--verdict: unknown verdict 'wrong'" in bad.stderr
    bad = invoke("repeats", "--since", "banana")
    assert bad.exit_code == 1 and "--since:" in bad.stderr and "Traceback" not in bad.stderr



def test_since_reads_only_what_changed_yet_finds_the_same(db, checked):
    """`since` is answered from what was ingested or merged since (indexed times), not by
    filtering everything: it must find exactly what filtering everything finds."""
    marks = [utcnow()]
    ingest_text(db, MERGED, "again.txt")
    marks.append(utcnow())
    ingest_text(db, SUGGESTED, "radio.txt", outlet="Valley Radio")
    marks.append(utcnow())
    [possible] = [r for r in list_repeats(db) if r.kind == POSSIBLE]
    decide_matches(db, [possible.match_id], accept=True, reviewer="bo")
    marks.append(utcnow())
    everything = list_repeats(db)
    assert len(everything) == 2
    for since in marks:
        assert list_repeats(db, since=since) == [r for r in everything if r.found_at >= since]

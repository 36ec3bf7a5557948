"""Findings of the review of this session's issue 15 work (pass 18 and the open items), each
with the case that failed before its fix:

- a sentence wrapped by a soft line break (U+2028 or VT, a word processor's manual break; a
  form feed) was cut into two claims once a transcript's lines ended at every break;
- an ingest of a page with ClaimReview markup counted only the extracted claims' appearances
  ("1 appearances" where 4 were stored: the review's own in the page and the ones it names);
- PGOPTIONS setting search_path put the desk in another schema (a URL's options are refused);
- a change refused as stale after a merge named the import before it, not the merge;
- the desk's date dialog read a merged claim's own (hidden) date while `set-date` changes its
  cluster's canonical claim: the dialog showed "none" and every save was refused as stale;
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from claims.cli import cli
from claims.errors import StaleVersion
from claims.services.claim_dates import date_context, set_claim_date
from tests.conftest import SAMPLES


def _run(db, *args: str) -> str:
    done = CliRunner().invoke(cli, [*args, "--db", db.url], env={"CLAIMS_REVIEWER": "ana"})
    assert done.exit_code == 0, done.output
    return done.output


# --- the desk's date dialog on a merged claim ------------------------------------------------------------


def test_the_date_dialog_of_a_merged_claim_shows_and_stores_its_clusters_date(db):
    _run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    _run(db, "set-date", "1", "2024-01-05")
    _run(db, "merge", "1", "2")  # claim 2 merged into claim 1
    seen = date_context(db, 2)  # what the dialog opens with on claim 2's screen
    assert (seen.claim_id, seen.current) == (1, "2024-01-05 (day)")
    stored = set_claim_date(db, 2, "2023-05", reviewer="ana", expected=seen)
    assert (stored.claim_id, stored.date.date, stored.changed) == (1, "2023-05", True)
    assert "date: 2023-05 (month)" in _run(db, "show", "2")


def test_a_claim_merged_away_after_its_dialog_opened_is_a_conflict_not_a_silent_redirect(db):
    _run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    seen = date_context(db, 2)
    _run(db, "merge", "1", "2")
    with pytest.raises(StaleVersion, match="claim 2: merged into claim 1 since you opened it"):
        set_claim_date(db, 2, "2023-05", reviewer="ana", expected=seen)


# --- a soft line break inside a transcript's sentence --------------------------------------------------------


@pytest.mark.parametrize("soft", ["\u2028", "\x0b", "\x0c"])
def test_a_sentence_wrapped_by_a_soft_break_is_one_claim_and_a_label_after_one_still_counts(tmp_path, soft):
    from tests.conftest import run_claims

    path = tmp_path / "t.txt"
    path.write_text(f"ALICE: The budget rose by 9{soft}percent in 2023 under our plan.\r\n"
                    f"BOB SMITH: Unemployment fell to 4 percent last year.{soft}CAROL: Crime fell by 12 percent.\n",
                    encoding="utf-8", newline="")
    done = run_claims("extract", "--transcript", str(path), "--published", "2024-01-01", "--format", "jsonl")
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line) for line in done.stdout.decode().split("\n") if line]
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Alice", "The budget rose by 9 percent in 2023 under our plan."),
        ("Bob Smith", "Unemployment fell to 4 percent last year."),
        ("Carol", "Crime fell by 12 percent."),
    ]
    text = path.read_text(encoding="utf-8")
    assert text[rows[0]["start"]:rows[0]["end"]] == f"The budget rose by 9{soft}percent in 2023 under our plan."


# --- an ingest's count of appearances with ClaimReview markup ---------------------------------------------

_REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://desk.example/check/1",
    "datePublished": "2024-03-10", "claimReviewed": "The new bridge cost 40 million euros, twice the budget",
    "author": {"@type": "Organization", "name": "Desk Check"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mayor Ana"},
                     "firstAppearance": {"url": "https://a.example/one", "headline": "Bridge costs",
                                         "datePublished": "2024-03-02", "publisher": {"name": "Alpha News"}},
                     "appearance": [{"url": "https://b.example/two", "publisher": {"name": "Beta Post"}},
                                    {"url": "https://c.example/three", "publisher": {"name": "Gamma Daily"}}]}}


def test_an_ingest_counts_the_appearances_its_claimreview_markup_stored(db, tmp_path):
    page = tmp_path / "check.html"
    page.write_text(
        "<html><head><title>Fact check: bridge costs</title><script type='application/ld+json'>"
        + json.dumps(_REVIEW) + "</script></head><body><article><h1>Fact check: bridge costs</h1><p>The mayor "
        "said the new bridge cost 40 million euros, twice the budget. We checked the invoices and found the "
        "bridge cost 19 million euros, the council's auditor said on Monday.</p></article></body></html>",
        encoding="utf-8")
    out = _run(db, "ingest", str(page), "--published", "2024-03-10")
    with db.session() as session:
        stored = session.exec(text("SELECT count(*) FROM appearance")).one()[0]
    assert stored >= 3 and f", {stored} appearances" in out, out


# --- a stale change after a merge names the merge -----------------------------------------------------------


def test_a_change_refused_after_a_merge_names_the_merge(db):
    _run(db, "ingest", str(SAMPLES / "01-harbour-courier-floods.txt"))
    _run(db, "merge", "1", "2")  # raises claim 1's version; its events are on claim 2
    done = CliRunner().invoke(cli, ["set-date", "1", "2023", "--expect-version", "1", "--db", db.url],
                              env={"CLAIMS_REVIEWER": "ana"})
    assert done.exit_code == 1 and "was changed by ana since you loaded it" in done.output, done.output
    assert "merge canonical_id" in done.output and "ingest" not in done.output, done.output


# --- PGOPTIONS setting search_path ------------------------------------------------------------------------
#
# A URL's `options` setting search_path is refused; libpq reads PGOPTIONS where the URL gives no
# `options`, so `PGOPTIONS=-csearch_path=other claims --db postgresql://.../db import` put all the
# desk's tables in schema "other".


def test_pgoptions_setting_search_path_is_refused_in_one_line(fresh_pg_url):
    from sqlalchemy.engine import make_url

    from tests.conftest import run_claims
    from tests.test_open_items_16 import _tables_by_schema, database_with_schema_other

    url = database_with_schema_other(fresh_pg_url, "pgoptions").render_as_string(False)
    done = run_claims("--db", url, "ingest", str(SAMPLES), env={"PGOPTIONS": "-c search_path=other"})
    err = done.stderr.decode()
    assert done.returncode == 1 and err.strip().splitlines() == [err.strip()], err
    assert "PGOPTIONS sets search_path" in err
    assert _tables_by_schema(url) == {}
    # other PGOPTIONS work, and a URL's own options win over it (as libpq takes them)
    done = run_claims("--db", url, "ingest", str(SAMPLES), env={"PGOPTIONS": "-c statement_timeout=600s"})
    assert done.returncode == 0, done.stderr.decode()
    given = make_url(url).update_query_dict({"options": "-c application_name=x"}).render_as_string(False)
    done = run_claims("--db", given, "list", env={"PGOPTIONS": "-c search_path=other"})
    assert done.returncode == 0, done.stderr.decode()
    assert "other" not in _tables_by_schema(url)

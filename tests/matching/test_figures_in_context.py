"""A figure from 1800 to 2100 was a year by its value alone, and a year never disagrees with a
count: "More than 1,500 people were killed" / "More than 2,000 people were killed" and "will
create 1,000 jobs" / "2,000 jobs" were merged on arrival as one claim (noticed in the review of
hostile pass 20). The words around a figure tell a year from a count now. Each case of the
first test failed before. And "US $40m" (a space before the sign) was any dollars."""

from __future__ import annotations

import json

import pytest

from claims.matching.decision import compare
from claims.matching.normalize import extract_numbers
from tests.hostile import claims_jsonl, claims_run

_KILLED = ("More than 1,500 people were killed in the floods, officials said on Monday morning.",
           "More than 2,000 people were killed in the floods, officials said on Monday morning.")


@pytest.mark.parametrize(("a", "b"), [
    _KILLED,
    ("The new plant will create 1,000 jobs in the region by the end of the decade.",
     "The new plant will create 2,000 jobs in the region by the end of the decade."),
    ("About 2,500 acres of forest burned before the fire was contained, the agency said.",
     "About 1,900 acres of forest burned before the fire was contained, the agency said."),
])
def test_a_count_in_the_years_range_disagrees_with_another_count(a, b):
    assert compare(a, b).decision == "conflict"


@pytest.mark.parametrize(("text", "kinds"), [
    ("The factory opened in 1999 and was sold in 2004.", ["year", "year"]),
    ("As part of a 2001 agreement, prosecutors agreed not to seek the death penalty.", ["year"]),
    ("The 2020 election was decided on 3 November 2020.", ["year", "", "year"]),
    ("2000 was a leap year.", ["year"]),
    ("The company will hire 2000 workers and about 1,850 engineers.", ["", ""]),
])
def test_a_year_is_read_where_a_year_is_written(text, kinds):
    assert [m.kind for m in extract_numbers(text)] == kinds


def test_a_claim_that_adds_a_year_is_no_disagreement_with_one_that_adds_a_count():
    assert compare("The plant created jobs for the whole region in 2019, the company said on Monday.",
                   "The plant created 500 jobs for the whole region, the company said on Monday."
                   ).decision == "duplicate"


def test_imported_counts_that_disagree_are_not_merged(db, tmp_path):
    """Through `claims import` then `claims dupes`, on both backends: a conflict, not merged."""
    path = tmp_path / "k.jsonl"
    path.write_text("".join(json.dumps({"id": f"k{i}", "text": t}) + "\n" for i, t in enumerate(_KILLED)),
                    encoding="utf-8")
    done = claims_run(db, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert sorted(r["external_id"] for r in claims_jsonl(db, "list")) == ["k0", "k1"]
    told = json.dumps(claims_jsonl(db, "dupes"), ensure_ascii=False)
    assert "1,500" in told and "2,000" in told, told


@pytest.mark.parametrize(("a", "b", "decision"), [
    # "US $40m", spaced as some outlets write it, was any dollars: it agreed with A$40m.
    ("US $40m", "A$40m", "conflict"),
    ("US $40m", "US$40m", "duplicate"),
    ("US $40m", "$40m", "duplicate"),
    # "us" the pronoun is no country.
    ("us $40m", "us A$40m", "duplicate"),
])
def test_a_country_spaced_from_its_dollar_sign_is_its_dollar(a, b, decision):
    said = "The fine cost {} last year, the regulator said in its annual report on Monday."
    assert compare(said.format(a), said.format(b)).decision == decision

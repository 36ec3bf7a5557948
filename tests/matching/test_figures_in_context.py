"""A figure from 1800 to 2100 was a year by its value alone, and a year never disagrees with a
count: "More than 1,500 people were killed" / "More than 2,000 people were killed" and "will
create 1,000 jobs" / "2,000 jobs" were merged on arrival as one claim (noticed in the review of
hostile pass 20). A count of four digits is compared with a year-like figure now. Each case
of the first test failed before. And "US $40m" (a space before the sign) was any dollars."""

from __future__ import annotations

import json

import pytest

from claims.matching.decision import compare
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


@pytest.mark.parametrize(("a", "b"), [
    # Read by the words around it (750d5c8), a figure was a year in one and a count in the
    # other, and the two never disagreed; a year read as a count took a count's rounding.
    ("Power was restored to 1,900 homes in the valley overnight, the utility said on Sunday.",
     "Power was restored in 2,000 homes in the valley overnight, the utility said on Sunday."),
    ("Bush won the 2000 election by a narrow margin in Florida, the court records show.",
     "Bush won the 2004 election by a narrow margin in Florida, the court records show."),
    ("The 2,000 workers at the plant will lose their jobs by the end of the year.",
     "The 1,500 workers at the plant will lose their jobs by the end of the year."),
    ("The factory opened in 1999 and employs workers from the whole region today.",
     "The factory opened in 2000 and employs workers from the whole region today."),
])
def test_a_year_like_figure_and_a_four_digit_count_disagree_whatever_the_words_around(a, b):
    assert compare(a, b).decision == "conflict"


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

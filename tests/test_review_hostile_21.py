"""The lead's review of hostile pass 21 (issue 15): each test failed before its fix."""

from __future__ import annotations

import json

from tests.hostile import claims_jsonl, claims_run

# --- Hawaiʻi as Hawaiian writes it -------------------------------------------------------------------
#
# `--search "Hawai'i"` found the claims written with ' and ʼ (U+02BC) but not the ʻokina (U+02BB,
# the state's own spelling) nor ‘ (U+2018, its usual stand-in), and a typed ‘ found ' while a typed
# ' did not find ‘ (both backends). Every mark written for the apostrophe finds every other.

_HAWAII = {f"h{k}": f"Visitors to Hawai{mark}i spent {k} billion dollars in 2023, the tourism board said."
           for k, mark in enumerate(["'", "\u2019", "\u2018", "\u02bc", "\u02bb"], start=1)}


def test_every_mark_written_for_the_apostrophe_finds_every_other(db, tmp_path):
    path = tmp_path / "hawaii.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in _HAWAII.items()), encoding="utf-8")
    assert claims_run(db, "import", str(path)).returncode == 0
    for typed in ["Hawai'i", "Hawai\u2018i", "Hawai\u02bbi", "HAWAI\u02bcI"]:
        found = sorted(r["external_id"] for r in claims_jsonl(db, "list", "--search", typed))
        assert found == sorted(_HAWAII), (typed, found)


# --- 'one' as a count: the siblings pass 21 left ------------------------------------------------------
#
# Pass 21 read "one in five", "one out of three", "only one" as counts; these were still
# duplicates at 98-100: "one out of every three", "one of every five", "less than one percent"
# (a count against "two percent", a percentage: kinds never disagree), "one-fifth" / "two-fifths"
# and "one fifth" / "two fifths" (fractions knew thirds, quarters and half), "One-in-five".

_ONE_SIBLINGS = [
    ("One out of every three children in the city lives in poverty, the report found.",
     "Two out of every three children in the city lives in poverty, the report found."),
    ("One of every five children in the city lives in poverty, the report found on Monday.",
     "Two of every five children in the city lives in poverty, the report found on Monday."),
    ("Less than one percent of the vote was counted by midnight, election officials said.",
     "Less than two percent of the vote was counted by midnight, election officials said."),
    ("Only one-fifth of the budget was spent on schools last year, the auditor said today.",
     "Only two-fifths of the budget was spent on schools last year, the auditor said today."),
    ("One fifth of the budget was spent on schools last year, the auditor said on Monday.",
     "Two fifths of the budget was spent on schools last year, the auditor said on Monday."),
    ("One-in-five adults in the state has diabetes, the health department said on Monday.",
     "Two-in-five adults in the state has diabetes, the health department said on Monday."),
]


def test_one_as_a_count_in_every_shape_disagrees_with_two():
    from claims.matching.decision import compare

    assert [compare(a, b).decision for a, b in _ONE_SIBLINGS] == ["conflict"] * len(_ONE_SIBLINGS)


def test_the_same_count_written_two_ways_stays_a_duplicate():
    from claims.matching.decision import compare

    same = [("One in five adults in the state has diabetes, the health department said on Monday.",
             "One-in-five adults in the state has diabetes, the health department said on Monday."),
            ("One fifth of the budget was spent on schools last year, the auditor said on Monday.",
             "A fifth of the budget was spent on schools last year, the auditor said on Monday."),
            ("Less than one percent of the vote was counted by midnight, election officials said.",
             "Less than 1% of the vote was counted by midnight, election officials said.")]
    assert [compare(a, b).decision for a, b in same] == ["duplicate"] * len(same)

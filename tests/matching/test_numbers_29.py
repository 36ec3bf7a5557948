"""Pass 29: how the pair decision reads figures, from MRPC's conflicts still misread after pass 28 —
figures inside names and codes, pounds of weight, thousands grouped by a space in English, fractions
lost on the wire, ages said without "age", and amounts in two currencies."""

from __future__ import annotations

import pytest

from claims.matching import MatchSettings, compare
from claims.matching.quantities import read_decision_numbers
from claims.matching.units import units_given


def _decided(a: str, b: str) -> dict:
    return compare(a, b, MatchSettings(), None).to_dict()


def _read(text: str) -> list[tuple[str, str]]:
    return [(m.value, m.kind) for m in read_decision_numbers(text)]


def _figures(decided: dict) -> set[str]:
    return {c[side] for c in decided["conflict"] for side in ("a", "b")}


# --- figures inside names and codes are no quantities ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "the S&P 500",
        "the Standard & Poor's 500",
        "the Fortune 500 list",
        "the Boeing 737",
        "the Airbus A380",
        "the 9/11 attacks",
        "the G7",
        "the G-20",
        "COVID-19",
        "Windows 10",
        "Route 66",
        "Highway 1",
        "Flight 93",
        "Section 8",
        "Proposition 13",
        "Formula 1",
        "the F-16",
        "a call to 555-0142",
        "a call to (816) 234-7743",
        "10 Downing Street",
        "the Nasdaq 100",
        "Chapter 11",
        "JP:8306",
    ],
)
def test_a_figure_of_a_name_on_one_side_only_is_no_conflict(name):
    # each was read as a count: against the other side's 3 it made a conflict
    decided = _decided(
        f"Officials said {name} came up as 40 workers left the plant on Monday morning.",
        "Officials said it came up as 40 workers and 3 managers left the plant on Monday morning.",
    )
    assert decided["decision"] != "conflict", decided


def test_mrpc_a_plane_named_by_its_figures_is_no_count():
    # MRPC #636: "six" against "737"
    decided = _decided(
        "Southwest exercised nine 2004 options and six 2005 options, which were accelerated for "
        "delivery next year.",
        "Southwest said it recently exercised remaining options for the delivery of nine Boeing "
        "737-700s next year.",
    )
    assert decided["decision"] != "conflict", decided
    assert ("737", "name:boeing") in _read("nine Boeing 737-700s") and ("9", "") in _read(
        "nine Boeing 737-700s"
    )


def test_mrpc_9_11_is_no_nine():
    # MRPC #3833: "9" against "two"
    decided = _decided(
        "A federal appeals court yesterday reinstated perjury charges against a San Diego student "
        "accused of lying about his association with 9/11 hijackers.",
        "A U.S. appeals court in New York reinstated perjury charges against a Grossmont College "
        "student accused of lying about his knowledge of two of the Sept. 11 hijackers.",
    )
    assert decided["decision"] != "conflict", decided


def test_mrpc_an_index_name_is_not_paired_with_a_count():
    # MRPC #1549: "500" (S&P 500) was paired with "10"; the pair's real differences remain
    decided = _decided(
        "The Dow Jones Industrial Average held on to small gains, up 19.96 to 9,092.91, while the "
        "S&P 500 index shed 0.39 to 981.25.",
        "The Dow Jones industrial average was up 17 points to 9,090, while the Nasdaq composite "
        "index fell 10 points to 1,601.",
    )
    assert decided["decision"] == "conflict" and "500" not in _figures(decided), decided


def test_phone_numbers_are_compared_whole():
    # MRPC #2183: "561" (an area code) against "4163"; the numbers themselves differ, and say so
    decided = _decided(
        "Anyone with information on Lopez can call O'Shea at 561-688-4068 or Crime Stoppers at "
        "800-458-8477.",
        "Anyone with information is asked to call Detective Kevin Umphrey at 688-4163 or Crime "
        "Stoppers at (800) 458-8477.",
    )
    assert decided["conflict"] == [{"a": "561-688-4068", "b": "688-4163"}], decided
    same = (
        "Anyone with information can call Crime Stoppers at {} or write to the police department."
    )
    assert (
        _decided(same.format("(800) 458-8477"), same.format("800-458-8477"))["decision"]
        == "duplicate"
    )


def test_one_name_with_two_figures_still_disagrees():
    """Decision: a name-figure is compared with the figures of the same name only. "Boeing 737" /
    "Boeing 747" (two planes), "Title IX" / "Title VII" (two laws), two phone numbers disagree: the
    same name given two figures. Two different names ("the S&P 500" / "the Russell 2000") are not
    compared: their words differ, and the score says how far; a name against a bare figure of the
    other side is no disagreement either ("Boeing 737" / "737 jets" agree, "Boeing 737" / "six" do not
    conflict)."""
    said = (
        "The airline said it would buy 20 {} jets from the manufacturer next year, officials said."
    )
    decided = _decided(said.format("Boeing 737"), said.format("Boeing 747"))
    assert decided["decision"] == "conflict", decided
    law = "The school was sued under {} for its handling of the complaints, the lawyer said on Monday."
    assert _decided(law.format("Title IX"), law.format("Title VII"))["decision"] == "conflict"
    index = "On Friday the {} index rose 12 points to close at a record high, traders said."
    assert _decided(index.format("S&P 500"), index.format("Russell 2000"))["conflict"] == []
    assert _decided(said.format("Boeing 737"), said.format("737"))["decision"] == "duplicate"
    # a name's figure is exact: no rounding as a count's ("770" may stand for 767)
    road = "The crash closed Highway {} for six hours on Monday night, the state police said."
    assert _decided(road.format(100), road.format(104))["decision"] == "conflict"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 Wall Street banks said", [("5", "")]),  # a count
        ("a route 66 miles long", [("66", "")]),  # no capital: no name
        ("Route 66 miles from here", [("66", "")]),  # a unit after it: a length
        ("Boeing said 12 jets", [("12", "")]),
        ("rose 1-3/32 in price", _read("rose 1-3/32 in price")),  # (a bond's price: unchanged here)
    ],
)
def test_figures_beside_a_name_are_still_counts(text, expected):
    assert _read(text) == expected


# --- pounds of weight ---------------------------------------------------------------------------------


def test_mrpc_pounds_beside_kilograms_are_a_weight():
    # MRPC #343: 220 pounds (sterling) against kilograms; 30 and 80 pounds are 14 and 36 kg
    decided = _decided(
        "They weighed an average 220 pounds (100 kg) and needed to lose between 30 and 80 pounds.",
        "They weighed an average 100 kilograms and needed to lose between 14 and 36 kilograms.",
    )
    assert decided["decision"] != "conflict", decided
    assert units_given("They weighed 220 pounds.")[0][1:3] == ("mass", "lb")


@pytest.mark.parametrize(
    "text",
    [
        "The club paid 220 pounds for it.",
        "It cost 2 million pounds, a record.",
        "The 220 pounds sterling fee weighed on them.",
    ],
)
def test_pounds_elsewhere_are_money(text):
    assert [u[1:3] for u in units_given(text)][0] == ("money", "gbp")


def test_two_sums_in_pounds_still_disagree():
    said = "The club said it paid {} million pounds for the striker, a record fee for the league."
    assert _decided(said.format(2), said.format(3))["decision"] == "conflict"


# --- thousands grouped by a space in English -------------------------------------------------------------


def test_mrpc_thousands_grouped_by_a_space_are_one_figure():
    # MRPC #1810: "80 937 hectares" read 80 and 937 (80,937 hectares are 200,000 acres)
    decided = _decided(
        "Fanned by the hot, dry Santa Ana winds and minimal humidity, major fires were raging in at "
        "least 10 places, having already burned nearly 80 937 hectares.",
        "Those hot, dry Santa Ana winds and minimal humidity created optimal conditions for raging "
        "fires in at least 10 places that have already burned nearly 200,000 acres.",
    )
    assert decided["decision"] != "conflict", decided
    assert _read("burned nearly 80 937 hectares") == [("80937", "")]
    assert _read("a bill of $12 500 a year") == [("12500", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 12 300 people marched", [("12", "date"), ("300", "")]),  # a day, then a count
        (
            "about 12 300 people, and 1,200 more",
            [("12", ""), ("300", ""), ("1200", "")],
        ),  # commas group here
        ("the score was 12 300.", [("12", ""), ("300", "")]),  # no word after it
        (
            "they bought 20 737 jets",
            [("20", ""), ("737", "")],
        ),  # a count, then a plane: no unit after it
    ],
)
def test_space_grouping_with_another_reading_stays_two_figures(text, expected):
    assert _read(text) == expected


# --- fractions lost from PDF and wire text ------------------------------------------------------------------


def test_mrpc_a_fraction_run_into_its_whole():
    # MRPC #3937: "21/2-week" is 2½ weeks ("21" against "2 1/2")
    decided = _decided(
        "The quick conviction followed a 21/2-week trial, during which Waagner represented himself.",
        "The quick conviction followed a 2 1/2 week trial, during which the Venango County man "
        "represented himself.",
    )
    assert decided["decision"] != "conflict", decided
    assert _read("a 21/2-week trial") == [("2.5", "")]
    assert _read("on 11/2 the vote") == [("11", ""), ("2", "")]  # a date stays as it was


def test_mrpc_a_vulgar_fraction_after_a_space():
    # MRPC #117: "2 ½ 8-ounce servings" / "2.5": the index's 2, 1 and 2 against 2.5
    decided = _decided(
        "For example, Anhalt said, children typically treat a 20-ounce soda bottle as one serving, "
        "although it actually contains 2 ½ 8-ounce servings.",
        "Anhalt said children typically treat a 20-ounce soda bottle as one serving, while it "
        "actually contains 2.5.",
    )
    assert decided["decision"] != "conflict", decided
    assert _read("add ½ cup and ¾ of it") == [("0.5", ""), ("0.75", "")]


def test_mrpc_a_decimal_without_its_zero():
    # MRPC #190: ".85 cent" read 85; it is 0.85 (still another figure than 0.41)
    decided = _decided(
        "October heating oil futures settled .85 cent lower at 69.89 cents a gallon.",
        "October heating oil ended down 0.41 cent to 70.74 cents a gallon.",
    )
    assert {"a": ".85", "b": "0.41"} in decided["conflict"], decided
    said = "The stamp will cost {} more from January, the postal service said on Monday."
    assert _decided(said.format("$.50"), said.format("$0.50"))["decision"] == "duplicate"
    assert _read("The U.S. said. 5 people") == [("5", "")]


# --- ages said without "age" ---------------------------------------------------------------------------------


def test_ages_of_a_group_and_a_second_age():
    assert _read("15 per cent of 15-year-olds") == [("15", "percent"), ("15", "age")]
    assert _read("two women aged 27 and 35") == [("2", ""), ("27", "age"), ("35", "age")]
    # MRPC #3012: "35" was left alone on one side
    decided = _decided(
        "Scotland Yard said the three were charged under the Anti-Terrorism, Crime and Security "
        "Act 2001, with alleged failure to disclose information about acts of terrorism.",
        "Scotland Yard said in a statement it had charged a 46-year-old man and two women aged 27 "
        "and 35 with failing to disclose information about acts of terrorism.",
    )
    assert "35" not in _figures(decided), decided


def test_an_age_in_brackets_after_a_name():
    decided = _decided(
        "Fire chief Sally Smith (62) said the fire destroyed homes on Monday night in the town.",
        "Fire chief Sally Smith said the fire destroyed 3 homes on Monday night in the town.",
    )
    assert decided["decision"] != "conflict", decided
    assert _read("call (816) 234-7743") == [
        ("8162347743", "name:phone")
    ]  # three digits: an area code


# --- amounts in two currencies ---------------------------------------------------------------------------------


def test_mrpc_amounts_in_two_currencies_are_not_compared():
    """Decision: an amount in one currency is not compared with an amount in another (neither agrees
    nor conflicts): a copy converted to its readers' money is the same claim. Unless one text gives
    an amount in the other's currency too ("£5,000 ($8,000)"): then that amount is compared. The same
    figure in two currencies ("40 million euros" / "dollars") stays a conflict (the units disagree)."""
    # MRPC #3317 and #1309
    decided = _decided(
        "It has also been revealed the boy's family filed two other abuse-related lawsuits in the "
        "past, winning a $165,000 settlement in one case.",
        "It has also been revealed that the boy’s family has launched two other abuse-related "
        "lawsuits in the past, winning a £90,000 settlement in one case.",
    )
    assert decided["decision"] == "duplicate", decided
    decided = _decided(
        "The OneNote note-taking tool is listed at £169.99 while the InfoPath XML (Extensible Markup "
        "Language) data gathering application is priced at £179.99.",
        "The OneNote note-taking tool is listed at $273 while the InfoPath XML data gathering "
        "application is priced at $289.",
    )
    assert decided["conflict"] == [], decided
    both = "The fee is {} a year for each pupil, the school said on Monday."
    assert _decided(both.format("£5,000 ($8,000)"), both.format("$9,000"))["decision"] == "conflict"
    assert _decided(both.format("£5,000"), both.format("$9,000"))["decision"] != "conflict"
    assert _decided(both.format("£5,000"), both.format("£6,000"))["decision"] == "conflict"
    assert _decided(both.format("£5,000"), both.format("$5,000"))["decision"] == "conflict"

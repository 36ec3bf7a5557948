"""The same number in another unit or currency is another claim (claims.matching.units): the
decision called these pairs duplicates at 97-100 (merged on arrival; hostile pass 19)."""

from __future__ import annotations

import pytest

from claims.matching import compare
from claims.matching.units import units_given

DIFFERENT = [
    ("Damage to homes in the valley will exceed 40 million euros, officials said",
     "Damage to homes in the valley will exceed 40 million dollars, officials said", ("euros", "dollars")),
    ("The government spent €40m on the new national stadium project last year",
     "The government spent $40m on the new national stadium project last year", ("€", "$")),
    ("The government spent £40m on the new national stadium project last year",
     "The government spent $40m on the new national stadium project last year", ("£", "$")),
    ("The bank charged fees of CHF 40 on every transfer abroad, the regulator found",
     "The bank charged fees of EUR 40 on every transfer abroad, the regulator found", ("chf", "eur")),
    ("The flood water rose 7 metres above the usual level in the town centre",
     "The flood water rose 7 feet above the usual level in the town centre", ("metres", "feet")),
    ("The new road is 40 km long and cost the region a great deal to build",
     "The new road is 40 miles long and cost the region a great deal to build", ("km", "miles")),
    ("Unemployment in the region rose by 5 percent over the last year, the office said",
     "Unemployment in the region rose by 5 points over the last year, the office said", ("percent", "points")),
    ("The patient waited 12 hours in the emergency room before being seen by a doctor",
     "The patient waited 12 days in the emergency room before being seen by a doctor", ("hours", "days")),
    ("Temperatures in the capital reached 30°C on Tuesday, the highest this year so far",
     "Temperatures in the capital reached 30 degrees Fahrenheit on Tuesday, the highest this year so far",
     ("°C", "fahrenheit")),
]


@pytest.mark.parametrize(("a", "b", "shown"), DIFFERENT, ids=[f"{x}-{y}" for _, _, (x, y) in DIFFERENT])
def test_a_number_in_another_unit_is_a_conflict(a, b, shown):
    for x, y, (wx, wy) in ((a, b, shown), (b, a, shown[::-1])):
        result = compare(x, y)
        assert result.decision == "conflict", (x, y, result)
        assert result.conflict == [{"a": wx, "b": wy}]


SAME = [
    # two names of one unit
    ("The government spent $40m on the new national stadium project last year",
     "The government spent 40 million dollars on the new national stadium project last year"),
    ("The government spent £40m on the new national stadium project last year",
     "The government spent 40 million pounds on the new national stadium project last year"),
    ("Unemployment in the region rose by 5% over the last year, the office said today",
     "Unemployment in the region rose by 5 per cent over the last year, the office said today"),
    ("The Democratic primary results have a margin of error of plus or minus 6.1 percentage points",
     "The Democratic primary results have a margin of error of plus or minus 6.1 percent"),
    ("The new road is 40 kilometres long and cost the region a great deal to build",
     "The new road is 40km long and cost the region a great deal to build"),
    # a unit one side leaves out is no disagreement
    ("Damage to homes in the valley will exceed 40 million euros, officials said",
     "Damage to homes in the valley will exceed 40 million, officials said"),
    # units of different kinds, or of other numbers, are not compared
    ("The storm lasted 12 hours and left 40 km of road under water in the valley",
     "The storm lasted 12 hours and left 40 km of road under water in the valley"),
    ("The works took 5 days and 5 hours, the council said at its meeting on Monday",
     "The works took 5 hours and 5 days, the council said at its meeting on Monday"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_one_unit_written_two_ways_still_agrees(a, b):
    assert compare(a, b).decision in ("duplicate", "suggested"), compare(a, b)


def test_what_is_read_as_a_unit():
    assert units_given("It cost $40 and 12 euros, 7m and 5m long, 30 degrees, ¥300, 4 percent") == (
        ("40", "money", "dollar", "$"), ("12", "money", "eur", "euros"), ("4", "ratio", "percent", "percent"))  # "$": any dollars
    assert units_given("no figures here at all") == ()

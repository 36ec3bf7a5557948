"""Pass 29's shortcuts of the comparisons (issue 13) give what the long way gives."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import contrasts, units

FIGURES = ["80937", "90", "2.8 billion", "two", "12", "3", "1.5", "220", "80\u00a0937"]
WORDS = [
    "miles",
    "Miles",
    "km",
    "feet",
    "pounds",
    "kg",
    "acres",
    "people",
    "dollars",
    "euros",
    "litres",
    "gallons",
    "metres",
    "ft",
    "of",
    "the",
    "80,937",
    "and",
    "-",
    ",",
    "12",
    "3",
    "weighed",  # "pounds" in a text about weight: a mass (numbers29's `_pounds`)
    "lost",
    "sterling",
    "80\u00a0937",
    "and",
    "to",
]


def test_a_text_naming_no_converted_unit_compiles_no_pattern(monkeypatch):
    """A figure's pattern was compiled for every figure asked (few repeat: a fifth of a bulk
    match's comparisons); a text with no unit `_measured` converts is answered without it."""

    def compiled(*_args, **_kwargs):
        raise AssertionError("a pattern was compiled")

    monkeypatch.setattr(units.re, "findall", compiled)
    assert units._measured("80937 people came to the rally", "80937") is None
    assert units._measured("It cost 40 million dollars", "40 million") is None


@pytest.mark.parametrize(
    ("text", "written", "kind"),
    [
        ("The road is 52 km long", "52", "length"),
        ("The road is 32 Miles long", "32", "length"),
        ("The farm spans 12,400 acres", "12400", "area"),
        ("He weighed 220 pounds", "220", "mass"),  # no other unit named: pounds of weight
        ("It cost 220 pounds sterling", "220", None),
        ("It cost 220 dollars", "220", None),  # money: not converted
    ],
)
def test_units_still_read(text, written, kind):
    measured = units._measured(text, written)
    assert (measured[0] if measured else None) == kind


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS + FIGURES), min_size=1, max_size=8), st.sampled_from(FIGURES))
def test_the_shortcut_answers_as_the_pattern(words, written):
    text = " ".join(words)
    fast = units._measured(text, written)
    saved = units._names_converted_unit
    units._names_converted_unit = lambda _text: True  # the long way: the pattern always
    try:
        assert units._measured(text, written) == fast
    finally:
        units._names_converted_unit = saved


def _without_prefix_the_long_way(word: str) -> str:
    for prefix in contrasts._NEGATING_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= contrasts._NEGATED_SHORTEST:
            return word[len(prefix) :]
    return ""


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="unimlrodsaet", max_size=12))
def test_a_prefix_is_tried_only_where_one_may_be(word):
    """`_without_prefix` asks first whether the word is long enough and starts as a prefix
    does (no and non: "no"); the same answer as trying every prefix."""
    assert contrasts._without_prefix(word) == _without_prefix_the_long_way(word)


@pytest.mark.parametrize(
    "word", ["ineffective", "unvaccinated", "nonbinding", "disagree", "irregular", "inside"]
)
def test_prefixed_words_still_found(word):
    assert contrasts._without_prefix(word) == _without_prefix_the_long_way(word)

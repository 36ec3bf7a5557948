"""The quick test of whether a text needs the decision's own number reading
(`quantities._may_read_more`) answers exactly as the patterns it stands before: the
decision reads the same numbers, only sooner (the patterns cost ~300 µs a claim, run for
both sides of every comparison and every search candidate)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import quantities
from claims.matching.normalize import analyze

# Pieces near what the patterns look for: words, their neighbours, digits, suffixes,
# Roman letters, dashes, case, and the non-ASCII characters that match ASCII ones
# case-insensitively (Kelvin sign, long s, dotless i, dotted capital I).
PIECES = [
    "first", "FIRST", "First", "twentieth", "third", "thirds", "quarter", "Quarters", "half",
    "HALVED", "doubled", "millions", "Billions", "minus", "minuses", "firsts", "4", "21", "2.5",
    "st", "nd", "rd", "th", "k", "K", "m", "mn", "b", "B", "bn", "II", "IV", "XI", "I", "V", "X",
    "World", "War", "Elizabeth", "-", "\u2212", "\u2013", "_", "'", ".", ",", " ", "  ", "\n",
    "\u212a", "\u017f", "\u0131", "\u0130", "\u2161", "\u216b", "é", "’", "\u0663", "\u00b2", "\U0001f389",
    "ß", "a", "one", "two", "the", "パーセント", "퍼센트로", "Prozent",
    "more", "than", "over", "up", "to", "at", "least", "nearly", "no", "s", "0", "1.200", "3", "mil", "millones",
    "dos", "fünf", "dozen", "十", "二", "亿", "万", "억", "pm", "a", "m", ":", "30", "15", "$", "£", "bn",
    "/", "1/2", "½", "¾", "twenties", "Nineties", "2,5", ",",
    "000", "12 000", "M€", "Md€", "k€", "€", "milionów", "bin", "ş", "hundert", "drei", "fünf", "und", "zwanzig",
    "dreißig", "tausend", "بمليار", "مليون", "लाख", "हज़ार", "trois", "cents", "trescientos", "km/h", "mph",
    "0335", "GMT", "hours", "July", "Jan.", "May", "aged", "year", "-year-old", "old", "Sally", ", ",
    # pass 29: names and codes, phones, run-together fractions, decimals without their zero, ages
    "S&P", "Boeing", "737", "flight", "Prop.", "Title", "F", "G", "COVID", "JP", "(816)", "234-7743", "9/11", "Street",
    "Main", "Eleonora", "[67]", "21/2", "-week", "week", ".85", "$.", "(", ")", "(44)", "Smith", "olds", "and", "Index",
]


def regexes(text: str) -> bool:
    return bool(quantities._MAY_HAVE_CASED_RE.search(text) or quantities._MAY_HAVE_WORDS_RE.search(text)
                or quantities._GLUED_BEYOND_RE.search(text) or quantities._MAY_HAVE_BEYOND_RE.search(text)
                or quantities._BOUNDED_RE.search(text) or quantities._MAY_HAVE_THOUSANDS_DOT_RE.search(text)
                or quantities._TIME_RE.search(text) or quantities._CURRENCY_SCALE_RE.search(text)
                or quantities._MIXED_FRACTION_RE.search(text) or quantities._DECIMAL_COMMA_RE.search(text)
                or quantities._EURO_SCALE_RE.search(text) or quantities._SPACE_GROUPED_RE.search(text)
                or quantities._GERMAN_HINT_RE.search(text) or quantities.kinds.HINT_RE.search(text)
                or quantities.names.HINT_RE.search(text) or quantities._RUN_FRACTION_RE.search(text)
                or quantities._VULGAR_ALONE_RE.search(text) or quantities._LEAD_DOT_RE.search(text))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_quick_test_answers_as_the_patterns(text):
    assert quantities._may_read_more(text) == regexes(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_quick_test_answers_as_the_patterns_on_any_text(text):
    assert quantities._may_read_more(text) == regexes(text)


def test_cases_at_the_edges():
    for text, expected in [
        ("the 4th largest", True), ("4th_ place", False), ("a4th place", True), ("4TH", True),
        ("2k people", True), ("2km away", True), ("12pc", True), ("1.76bn", True), ("1980s", True), ("1985s", False),
        ("8am", True), ("5G", False), ("2kmh", True), ("40MN", True), ("the first time", True),
        ("firsthand", False), ("first_hand", False), ("World War I ended", True),
        ("Yesterday I went", True),  # the pattern's answer (the reader then tells it apart)
        ("II", True), ("ii", False), ("x-5", True), ("well-known", False),
        ("\u212a", False), ("2\u212a people", True), ("\u017fecond", True), ("\u2161", True),
        ("nothing here at all", False), ("", False), ("the 4th’s", True), ("éfirst", False),
        ("first é", True), ("Tweet 🎉 nothing", False), ("\u0663rd", True), ("2nd\u00e9", False),
        ("12パーセント", True), ("3월에", True), ("3 월에", False), ("12Prozent", True), ("١٢٪", True),
        ("more than 12", True), ("more-than 12", True), ("rose to 12", False), ("up to 12", True),
        ("over a year", True), ("overt 12", False), ("1.200 people", True), ("1.25 people", False), ("1.125 €", True), ("5 1/2 months", True), ("5½", True), ("in their twenties", True), ("twentieths", False), ("5 ½", True), ("1/2", False), ("12/25", False), ("4 3/6", True), ("2,5%", True),
        ("1,200", False), ("1,2,3", False),
        ("1.200.000", True), ("12 mil millones", True), ("dos millones", True), ("十二亿", True), ("十", False),
        ("12억원", True), ("a dozen", True), ("über 12", True), ("más de 12", True),
        ("$12 m", True), ("£12 bn", True), ("12 M€", True), ("1 000", True), ("June 12 300", True),
        ("dreihundertfünfzig", True), ("fünfundzwanzig", True), ("ZWEIHUNDERT", True), ("a fund of", False),
        ("5 milionów", True), ("بمليار", True), ("5 लाख", True), ("trescientos", True), ("5 bin", True), ("12 m", False), ("at 3pm", True), ("at 3 p.m.", True), ("at 15:00", True), ("3am", True), ("I am 3", False),
    ]:
        assert quantities._may_read_more(text) == regexes(text) == expected, text


def test_a_claim_without_such_numbers_never_runs_the_patterns(monkeypatch):
    """An ASCII claim without such numbers (most) is answered by the quick test alone: the
    patterns (~300 µs a claim under load) are not run for it. Their time is bench's business
    (bench/eval_matching.py); this checks that they are skipped."""
    texts = [f"The council of town {i} said the budget rose by 4 percent over the year before the vote, "
             "and the mayor told reporters that the rise had been planned for a long time" for i in range(300)]
    assert not any(regexes(t) for t in texts)

    class Unrun:
        def search(self, text):
            raise AssertionError(f"the pattern ran for {text!r}")

    monkeypatch.setattr(quantities, "_MAY_HAVE_CASED_RE", Unrun())
    monkeypatch.setattr(quantities, "_MAY_HAVE_WORDS_RE", Unrun())
    assert not any(quantities._may_read_more(t) for t in texts)


def test_decision_numbers_unchanged_for_a_text_without_them():
    a = analyze("The council said the budget rose by 4 percent over the year")
    assert quantities.decision_numbers(a) is a.numbers

"""The shortcuts of the bulk path (issue 13) give what the long way gives: the comparison
workers' dropping of analyses and of distinct pairs, the cleaning's dot shortcuts, the unit
reader's digit test, the number reader's shortcut."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import MatchSettings, compare, index_keys
from claims.matching.decision import compare_unless_distinct
from claims.matching.idf import FixedIdf, IdfTable
from claims.matching.normalize import (
    _ACRONYM_RE,
    _NON_WORD_BYTES,
    _NON_WORD_RE,
    _STRAY_DOTS_RE,
    _clean,
    _drop_stray_dots,
    analysis_of,
    term_of,
    terms_of,
    tokenize,
)
from claims.matching.numbers import read_numbers, read_numbers_word_by_word
from claims.matching.parallel import compare_pairs, decided
from claims.matching.units import _ASCII_DIGIT_RE

ASCII_WORDS = st.text(alphabet="ab19 .", max_size=40)
TEXTS = [
    "The minister said 200 drones hit Kharkiv on Monday night.",
    "The minister said 300 drones hit Kharkiv on Monday night.",
    "On Monday night 200 drones hit Kharkiv, the minister said.",
    "The U.S. army sent 40 million euros to the region.",
    "The U.S. army sent 40 million dollars to the region.",
    "Prices rose 5.5 percent in March, the office said.",
    "Prices rose 5.5% in March, the office said.",
]


@settings(max_examples=500)
@given(ASCII_WORDS)
def test_stray_dots_dot_by_dot_as_the_pattern(text):
    assert _drop_stray_dots(text) == _STRAY_DOTS_RE.sub(" ", text)


@settings(max_examples=300)
@given(st.text(alphabet="ab1 .,'-", max_size=30))
def test_one_dot_is_never_an_acronym(text):
    if text.count(".") <= 1:
        assert _ACRONYM_RE.search(text.casefold()) is None


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_cleaning_any_text_ends_with_no_stray_dot(text):
    cleaned = _clean(text)
    assert all(0 < i < len(cleaned) - 1 and cleaned[i - 1].isdigit() and cleaned[i + 1].isdigit()
               for i, c in enumerate(cleaned) if c == ".")


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_an_ascii_text_has_the_words_of_the_non_word_pattern(text):
    """Cleaning an ASCII text puts a space for each character the pattern's runs replace:
    the same words, whatever dots stay."""
    text = text.casefold()
    by_pattern = _NON_WORD_RE.sub(" ", text)
    by_table = text.encode("ascii").translate(_NON_WORD_BYTES).decode("ascii")
    assert by_table.split() == by_pattern.split()
    assert _drop_stray_dots(by_table).split() == _drop_stray_dots(by_pattern).split()


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_digit_test_is_isdigit(text):
    assert (_ASCII_DIGIT_RE.search(text) is not None) == any(c.isdigit() for c in text)


def test_compare_pairs_drops_analyses_and_decides_as_compare():
    """Texts used by several pairs, far apart and side by side: each pair decided as
    `compare` decides it alone, in the order given."""
    texts = dict(enumerate(TEXTS, 1))
    pairs = [(1, 2), (1, 3), (2, 3), (4, 5), (1, 6), (6, 7), (3, 7), (1, 7), (4, 6), (2, 3)]
    df: dict[str, int] = {}
    for text in TEXTS:
        for term in terms_of(text):
            df[term] = df.get(term, 0) + 1
    idf, matching = IdfTable(df, len(TEXTS)), MatchSettings()
    expected = [(a, b, decided(r)) for a, b in pairs
                for r in [compare(texts[a], texts[b], matching, idf)] if r.decision != "distinct"]
    assert len(expected) >= 5
    assert compare_pairs(pairs, texts, FixedIdf(idf), matching) == expected


NUMBER_WORDS = st.lists(st.sampled_from(
    ["a", "one", "two", "twenty", "hundred", "thousand", "million", "and", "the", "drones", "1", "2.5",
     "3bn", "٣", "²", "1990", "percent", "of", "x1", "1x", "a1"]), max_size=8)


@settings(max_examples=500)
@given(NUMBER_WORDS)
def test_reading_numbers_with_its_shortcut_as_word_by_word(words):
    assert read_numbers(words) == read_numbers_word_by_word(words)


@settings(max_examples=300)
@given(st.text(alphabet="ab 1.tho", max_size=40) | st.text(max_size=30))
def test_terms_of_as_term_by_term(text):
    seen: dict[str, None] = {}
    for word in tokenize(text):
        if (term := term_of(word)) is not None:
            seen.setdefault(term, None)
    assert terms_of(text) == list(seen)


def test_a_distinct_pair_is_told_without_its_explanation(monkeypatch):
    """Issue 13: most pairs a bulk match compares are distinct and dropped; their opposed
    words and explanation were read all the same. The others are decided as `compare` does."""
    from claims.matching import decision

    matching = MatchSettings()
    analyses = [analysis_of(t) for t in TEXTS + ["Prices fell 5.5% in March, the office said.",
                                                 "Nothing at all like the others here."]]
    results = [(a, b, compare(a, b, matching)) for a in analyses for b in analyses]
    assert {r.decision for _, _, r in results} == {"duplicate", "suggested", "conflict", "distinct"}
    contrasts: list = []
    real = decision.contrast
    monkeypatch.setattr(decision, "contrast", lambda a, b: contrasts.append(a) or real(a, b))
    for a, b, expected in results:
        told = len(contrasts)
        found = compare_unless_distinct(a, b, matching)
        if expected.decision == "distinct":
            assert found is None and len(contrasts) == told
        else:
            assert decided(found) == decided(expected)


def test_a_digit_int_refuses_before_a_year_is_a_word():
    """An Ethiopic digit (isdigit, not decimal: NFKC keeps it) before a year-like figure
    stopped the reading of numbers with a ValueError, so an import holding such a text."""
    assert index_keys("Chapter ፩ 1999 was the year") == ["chapter", "፩", "1999", "year"]
    assert read_numbers(["፩", "1999"]) == read_numbers_word_by_word(["፩", "1999"])


def test_a_distinct_pair_under_the_threshold_is_told_before_its_numbers_are_read(monkeypatch):
    """Issue 13: a pair scored under the suggest threshold, with no conflict in the numbers the
    index reads and neither claim held whole in the other, is distinct whatever numbers or
    units the decision would read: they are not read (a ninth of a comparison worker's time).
    The others are decided as `compare` decides them."""
    from claims.matching import decision
    from claims.matching.numbers import number_conflicts
    from claims.matching.scoring import contains, score_analyses

    matching = MatchSettings()
    held = "Wages stalled in the north while prices rose 5.5 percent in March, the office said on Tuesday."
    analyses = [analysis_of(t) for t in [*TEXTS, held, "Prices fell 5.5% in March, the office said.",
                                         "The army sent 300 drones to the region on Monday."]]
    read: list = []
    for name in ("numbers_disagree", "unit_conflicts"):
        real = getattr(decision, name)
        monkeypatch.setattr(decision, name, lambda *a, real=real, **k: read.append(1) or real(*a, **k))
    shortcut = 0
    for a in analyses:
        for b in analyses:
            expected = compare(a, b, matching)
            told = len(read)
            found = compare_unless_distinct(a, b, matching)
            assert (found is None) == (expected.decision == "distinct")
            if found is not None:
                assert decided(found) == decided(expected)
            if (score_analyses(a, b) < matching.suggest_threshold and not number_conflicts(a.numbers, b.numbers)
                    and not contains(a, b)):
                assert len(read) == told
                shortcut += 1
    assert shortcut and {compare(a, b, matching).decision for a in analyses for b in analyses} == {
        "duplicate", "suggested", "conflict", "distinct"}


def test_the_terms_remembered_are_bounded_and_each_is_the_words_own(monkeypatch):
    """Issue 13: the terms of words are remembered in a plain dict (not an lru_cache) that is
    emptied when full: it never holds more than its bound, and a word's term is the same
    looked up once, again, or after the dict was emptied."""
    from claims.matching import normalize

    words = [f"{stem}{i}s" for i in range(40) for stem in ("drone", "claim", "the", "x")] + ["the", "a", "7"]
    expected = [normalize._term(w) or "" for w in words]
    monkeypatch.setattr(normalize, "_TERMS", {})
    monkeypatch.setattr(normalize, "TERMS_CACHED", 16)
    for _ in range(3):
        for start in range(0, len(words), 10):
            assert normalize.word_terms(words[start:start + 10]) == expected[start:start + 10]
            assert len(normalize._TERMS) <= 16 + 10
    assert [term_of(w) for w in words] == [t or None for t in expected]
    assert normalize.word_terms([]) == []

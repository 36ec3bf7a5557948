"""The lead's review of hostile pass 20 and the open items of small18: each test failed before
its fix (issue 15)."""

from __future__ import annotations

import pytest

from claims.extraction.extractor import extract_claims

RIVER = "The river rose overnight. "


@pytest.mark.parametrize(
    "sentence, speaker, statement",
    [
        # A quotation in another script after an English sentence took that sentence with it,
        # and put the reporter's words in the official's mouth.
        ('"Уровень воды достиг семи метров, это самый высокий уровень с 1987 года," said Ivan'
         " Petrov, a local official.", "Ivan Petrov",
         "Уровень воды достиг семи метров, это самый высокий уровень с 1987 года"),
        # A capital outside ASCII did not start a sentence: the sentence before became the
        # speaker's role.
        ("Émile Dubois, the mayor, said the water had reached seven metres for the first time"
         " since 1987.", "Émile Dubois",
         "the water had reached seven metres for the first time since 1987"),
    ],
    ids=["cyrillic-quote", "accented-capital"],
)
def test_a_sentence_ends_before_a_capital_of_any_script(sentence, speaker, statement):
    (claim,) = extract_claims(RIVER + sentence)
    assert claim.text == statement
    assert claim.speaker == speaker
    assert not claim.speaker_role
    assert claim.start >= len(RIVER)


def test_a_small_letter_outside_ascii_does_not_start_a_sentence():
    text = ("Officials said the vineyards near the village of Cerc. émilion had reached 400 "
            "visitors a day, the highest figure recorded there.")
    (claim,) = extract_claims(text)
    assert claim.text.startswith("the vineyards near the village of Cerc. émilion")


# The contrast rule of hostile pass 20 (claims.matching.contrasts) demoted true paraphrases.
@pytest.mark.parametrize(
    "a, b",
    [
        # "up" / "down" are mostly particles of phrasal verbs (step down, give up, break up).
        ("The minister stepped down on Monday after the scandal",
         "The minister gave up her post on Monday after the scandal"),
        # "close" is as often an adjective or the opening hours' other side.
        ("Polling stations close at 10pm across the country, officials said",
         "Polling stations are open until 10pm across the country, officials said"),
        # The day a claim was said is not what it says: one claim said twice.
        ("Unemployment fell to 4.2% last year, the minister said on Monday",
         "Unemployment fell to 4.2% last year, the minister said on Friday"),
        ("Unemployment fell to 4.2% last year, the minister told reporters in January",
         "Unemployment fell to 4.2% last year, the minister told reporters in March"),
    ],
    ids=["up-down", "open-close", "said-on-weekday", "told-in-month"],
)
def test_paraphrases_stay_duplicates(a, b):
    from claims.matching.decision import compare
    from claims.matching.normalize import analyze

    assert compare(analyze(a), analyze(b)).decision == "duplicate"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Unemployment fell to 4.2% in January, the minister said on Monday",
         "Unemployment fell to 4.2% in March, the minister said on Monday"),
        ("The shops will reopen on Monday after the floods, the mayor said",
         "The shops will reopen on Friday after the floods, the mayor said"),
    ],
    ids=["month-of-the-figure", "weekday-of-the-event"],
)
def test_a_date_the_claim_states_still_opposes(a, b):
    from claims.matching.decision import compare
    from claims.matching.normalize import analyze

    assert compare(analyze(a), analyze(b)).decision == "suggested"


def test_the_contrast_rule_keeps_no_analysis_alive():
    """Its cache keyed on analyses (compared by identity) never hit in the comparison
    workers and kept 2,048 analyses alive, the retention the bulk path removed."""
    import sys

    from claims.matching.contrasts import contrast
    from claims.matching.normalize import analyze

    a = analyze("Crime rose by five percent in the city last year, police said")
    b = analyze("Crime fell by five percent in the city last year, police said")
    held = sys.getrefcount(a), sys.getrefcount(b)
    assert contrast(a, b) == ("rose", "fell")
    assert (sys.getrefcount(a), sys.getrefcount(b)) == held


# Dates said relative to today (hostile pass 20 read them whole): legitimate forms refused, and
# a span "before last" read as the last one.
@pytest.mark.parametrize(
    "typed, read",
    [
        ("Friday before last", ("2024-04-05", "day")),
        ("the Monday before last", ("2024-04-08", "day")),
        ("Monday after next", ("2024-04-29", "day")),
        ("Sunday - 14 April 2024", ("2024-04-14", "day")),  # a byline's separator, no sign
        ("the week before last", ("2024-04-03", "week")),  # was last week's 2024-04-10
        ("the year before last", ("2022", "year")),  # was 2023
        ("the month after next", ("2024-06", "month")),  # was 2024-05
        ("the weekend before last", ("2024-04-06", "week")),  # was 2024-04-13
    ],
)
def test_relative_dates_read_whole_and_right(typed, read):
    import datetime as dt

    from claims.dates import read_typed_date

    assert read_typed_date(typed, base=dt.date(2024, 4, 17)) == read


def test_a_sign_on_a_count_is_still_refused():
    import datetime as dt

    from claims.dates import read_typed_date

    with pytest.raises(ValueError, match="'-' is no part of a date"):
        read_typed_date("-1 day ago", base=dt.date(2024, 4, 17))


@pytest.mark.parametrize("url", ["https://ʔaq̓am.ca/", "https://nāːma.in/", "https://Ɂa.example.ca/"])
def test_letters_that_look_like_marks_are_letters_of_names(url):
    """Pass 20 refused a host holding a character that reads as '/', ':' or '?': the glottal
    stop and the length mark are letters of real names (First Nations orthographies)."""
    from claims.links import url_problem

    assert url_problem(url) is None


def test_a_symbol_that_reads_as_a_mark_is_still_refused():
    from claims.links import url_problem

    assert "reads as '/'" in url_problem("https://google.com\u2215login.evil.example/")


# small18 joined digits grouped by a no-break or thin space for `compare` only: import and
# ingest stored them with a plain space, so '1\u00a0000' / '1000' stayed a conflict on arrival,
# and a search typed with the no-break space scored its stored twin 81 (99 before).
HOMES = "The city council said 1{}000 new homes were built in the region last year"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"], ids=["nbsp", "nnbsp", "thin"])
def test_an_imported_grouped_number_is_the_number(db, tmp_path, space):
    import json

    from tests.hostile import run, stored_claims

    path = tmp_path / "homes.jsonl"
    path.write_text("".join(json.dumps({"id": f"h{i}", "text": HOMES.format(s) + "."}) + "\n"
                            for i, s in enumerate([space, ""])), encoding="utf-8")
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 duplicate(s) merged" in result.output and "0 conflict(s)" in result.output
    assert stored_claims(db)[0].text == HOMES.format(space) + "."  # as written


def test_an_ingested_grouped_number_is_the_number(db, tmp_path):
    from tests.hostile import run, stored_claims

    path = tmp_path / "homes.txt"
    path.write_text(f"Title: Homes\n\n{HOMES.format(chr(0xa0))}, the mayor told reporters.\n\n"
                    f"{HOMES.format('')}, the mayor told reporters on Monday.\n", encoding="utf-8")
    result = run(db, "ingest", str(path))
    assert result.exit_code == 0, result.output
    assert "0 conflict(s)" in result.output, result.output
    assert any("1\u00a0000" in c.text for c in stored_claims(db))


def test_spaces_fold_except_a_numbers_digit_groups():
    from claims.limits import fold_spaces

    assert fold_spaces(" a\u00a0 b\tc\u00a0d 1\u00a0000 12\u202f345\u202f678 1\u00a01234 x\u2009 ") == (
        "a b c d 1\u00a0000 12\u202f345\u202f678 1 1234 x")


# small18 read reviewed_at through the one date reader; a day form with a time of day lost it.
@pytest.mark.parametrize("when", ["14 April 2024 23:30 -0800", "Sun, 14 Apr 2024 09:30:00 GMT"])
def test_a_review_time_outside_iso_is_refused_not_made_midnight(db, tmp_path, when):
    from tests.hostile import one_line_error, record_file, run, stored_claims

    path = record_file(tmp_path, reviewed_at=when, status="verified", verdict="false")
    one_line_error(run(db, "import", path), "reviewed_at", "time of day", "ISO")
    assert stored_claims(db) == []


@pytest.mark.parametrize(
    "when, stored",
    [("2024-04-14T09:30:00+05", "2024-04-14 04:30"), ("2024-04-14", "2024-04-14 00:00")],
)
def test_a_review_time_with_an_hours_offset_is_read(db, tmp_path, when, stored):
    from tests.hostile import record_file, run, stored_claims

    path = record_file(tmp_path, reviewed_at=when, status="verified", verdict="false")
    result = run(db, "import", path)
    assert result.exit_code == 0, result.output
    (claim,) = stored_claims(db)
    assert claim.reviewed_at.strftime("%Y-%m-%d %H:%M") == stored


def test_a_review_time_past_9999_in_utc_says_so(db, tmp_path):
    from tests.hostile import one_line_error, record_file, run

    path = record_file(tmp_path, reviewed_at="9999-12-31T23:00-05:00", status="verified", verdict="false")
    one_line_error(run(db, "import", path), "after the year 9999")


def test_a_superscript_after_a_name_with_figures_is_no_power():
    """small18 read a superscript after a number as its power, inside a word too: 'G20³' (a
    footnote mark) was 'g8000'."""
    from claims.matching.normalize import analyze

    assert "g8000" not in analyze("Leaders met at the G20³ summit in Rome").words
    assert "1000000" in analyze("Output grew by 10⁶ tonnes last year").words

"""Dates read as a reader reads them (issue 12): a weekday in a clause that looks ahead is
the coming one, day-first dates keep their day, a year before a noun is a year, and names
that hold a time word are no dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.dates import find_time_phrases

SUNDAY = dt.date(2024, 4, 14)


def dated(sentence: str, published: dt.date = SUNDAY) -> list[tuple[str, str, str]]:
    return [
        (p.text, p.date, p.precision)
        for p in find_time_phrases(sentence, published=published)
        if p.date
    ]


@pytest.mark.parametrize(
    ("sentence", "phrase", "iso"),
    [
        ("The committee will hear the two bidders on Tuesday.", "on Tuesday", "2024-04-16"),
        ("Residents are expected to return home on Thursday.", "on Thursday", "2024-04-18"),
        ("The council is scheduled to vote on Monday morning.", "on Monday morning", "2024-04-15"),
        ("Crews plan to reopen the bridge by Saturday.", "by Saturday", "2024-04-20"),
        # hoping, promising, needing to: a plan too
        ("Negotiators hope to reach a deal by Thursday night.", "by Thursday night", "2024-04-18"),
        ("The ministry promises to publish the figures on Friday.", "on Friday", "2024-04-19"),
        ("The council is likely to vote on Tuesday.", "on Tuesday", "2024-04-16"),
        # a Sunday article's "will ... on Sunday" is a week ahead, not today
        ("Voters will choose a new mayor on Sunday.", "on Sunday", "2024-04-21"),
    ],
)
def test_a_weekday_in_a_clause_that_looks_ahead_is_the_coming_one(sentence, phrase, iso):
    assert dated(sentence) == [(phrase, iso, "day")]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        # past tense: the most recent such day, as before
        ("The council voted on Tuesday to close the depot.", "2024-04-09"),
        # the future is in what was said, not in the saying
        ("The mayor said on Friday that the depot will close.", "2024-04-12"),
        ("The Senate on Wednesday passed the levy, and it will take effect in May.", "2024-04-10"),
        # a name after the weekday without "the" before it: still the day
        ("On Tuesday Trump said the wall was built.", "2024-04-09"),
        ("The meeting on Tuesday Morales called was cancelled.", "2024-04-09"),
    ],
)
def test_a_weekday_of_what_happened_stays_in_the_past(sentence, iso):
    assert dated(sentence)[0][1] == iso


@pytest.mark.parametrize(
    ("sentence", "phrase", "iso"),
    [
        ("The port authority said on 2 March that dredging had ended.", "on 2 March", "2024-03-02"),
        ("Flights resumed on the 9th of April after the strike.", "on the 9th of April", "2024-04-09"),
        ("The treaty was signed on 21 January 2019.", "on 21 January 2019", "2019-01-21"),
    ],
)
def test_day_first_dates_keep_their_day(sentence, phrase, iso):
    assert dated(sentence) == [(phrase, iso, "day")]


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("The agency's 2019 review found no breach of the rules.", "2019"),
        ("Its 2022 accounts show a deficit of four million.", "2022"),
        ("Their 2018 manifesto promised a new hospital.", "2018"),
        ("The 2016 Republican National Convention nominated him.", "2016"),  # or a name
    ],
)
def test_a_year_before_a_noun_dates_at_year_precision(sentence, year):
    assert dated(sentence) == [(year, year, "year")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Mail on Sunday printed the minister's letter.",
        "She told the Independent on Sunday that she would stand again.",
        "Cruz has struggled for votes since Super Tuesday.",
        "The Sunday Times obtained a copy of the memo.",
        "Shoppers queued overnight for Black Friday deals.",
        # "the", a weekday and a capitalised word: a group, a club, a show
        "The Tuesday Group of moderate Republicans opposed the bill.",
        "He is a member of the Monday Club, the paper reported.",
        "Mr. Monday said the budget was balanced.",  # a person
        "A Friday Night Lights star said he would run.",  # a show
        "The 1500 Marines left the base, the Pentagon said.",  # a count before a name
        # a number before a counted noun is no year
        "Its 2000 employees were told to stay at home.",
        "The scheme reached the 1950 residents of the island.",
    ],
)
def test_names_and_counts_are_no_dates(sentence):
    assert dated(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "phrase", "iso", "precision"),
    [
        # past tense before a month-named date after the publication day: last year's
        ("The minister said on 3 May that the port would reopen.", "on 3 May", "2023-05-03", "day"),
        ("The harbour board announced May 3 that dredging had ended.", "May 3", "2023-05-03", "day"),
        ("Exports fell in June, the ministry said.", "in June", "2023-06", "month"),
        # ... but not a date still to come, one with its year, or one already past
        ("The port will reopen on 3 May.", "on 3 May", "2024-05-03", "day"),
        ("The vote was scheduled for 3 May.", "3 May", "2024-05-03", "day"),
        ("He said the port would reopen on 3 May.", "on 3 May", "2024-05-03", "day"),
        ("The minister said on 3 May 2024 that the port would reopen.", "on 3 May 2024",
         "2024-05-03", "day"),
        ("The minister said on 2 March that the port had reopened.", "on 2 March", "2024-03-02",
         "day"),
    ],
)  # fmt: skip
def test_a_past_tense_verb_pulls_a_later_date_back_a_year(sentence, phrase, iso, precision):
    assert dated(sentence) == [(phrase, iso, precision)]


def test_a_claim_said_on_a_later_month_day_is_dated_last_year():
    from claims.extraction import extract_claims

    (c,) = extract_claims(
        "The minister said on 3 May that the port would reopen by the summer.", published=SUNDAY
    )
    assert (c.date, c.date_text, c.date_precision) == ("2023-05-03", "on 3 May", "day")


WEDNESDAY, SATURDAY = dt.date(2025, 6, 11), dt.date(2025, 6, 14)


@pytest.mark.parametrize(
    ("sentence", "published", "iso"),
    [
        # the weekend just past, or the one before when read on a weekend
        ("Over the weekend, the governor said he would resign.", WEDNESDAY, "2025-06-07"),
        ("Last weekend the governor resigned.", WEDNESDAY, "2025-06-07"),
        ("Last weekend the governor resigned.", SATURDAY, "2025-06-07"),
        ("During the weekend, protesters gathered, police said.", SATURDAY, "2025-06-14"),
        # ahead: the coming one, or the one it is
        ("The governor will decide over the weekend.", WEDNESDAY, "2025-06-14"),
        ("The governor will decide over the weekend.", SATURDAY, "2025-06-14"),
        ("The fair opens next weekend.", WEDNESDAY, "2025-06-14"),
        ("Crowds are expected this weekend.", WEDNESDAY, "2025-06-14"),
    ],
)
def test_a_weekend_is_dated_by_its_saturday(sentence, published, iso):
    assert [(d, p) for _, d, p in dated(sentence, published)] == [(iso, "week")]


@pytest.mark.parametrize(
    ("sentence", "iso", "precision"),
    [
        # a month-named date without a year, in a clause that looks ahead: not in the past
        ("The plant will reopen in March.", "2026-03", "month"),
        ("The plant will reopen on 3 March.", "2026-03-03", "day"),
        ("Elections are due in January.", "2026-01", "month"),
        ("The plant will reopen in September.", "2025-09", "month"),
        # a few days back is a late report, not next year
        ("The law will take effect on June 1, the minister said.", "2025-06-01", "day"),
        # parts of a month or a year
        ("Prices peaked in mid-May, the agency said.", "2025-05", "month"),
        ("The deal must be signed by the end of March.", "2026-03", "month"),
        ("At the start of 2024, the firm employed 900 people.", "2024", "year"),
        ("Sales fell at the end of last year.", "2024", "year"),
    ],
)
def test_months_ahead_and_parts_of_months(sentence, iso, precision):
    assert [(d, p) for _, d, p in dated(sentence, WEDNESDAY)] == [(iso, precision)]


def test_a_name_before_a_possessive_is_no_month():
    assert dated("It marked the end of May's time in office.", WEDNESDAY) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In 2000 cases, the court found no fault.", []),  # a count
        ("The Sept. 11 attacks changed the city.", []),  # an event's name
        ("The Jan. 6 riot led to 1,200 arrests.", []),
        ("Officials may decide on Friday.", [("2025-06-13", "day")]),  # a modal looks ahead
        ("In May the council voted on Tuesday.", [("2025-05", "month"), ("2025-06-10", "day")]),
        ("The Fed held rates steady at its June meeting.", [("2025-06", "month")]),
    ],
)
def test_counts_events_modals_and_a_month_before_a_noun(sentence, expected):
    assert [(d, p) for _, d, p in dated(sentence, WEDNESDAY)] == expected


@pytest.mark.parametrize("sentence", ["The Saturday market will reopen, the mayor said.",
                                      "The Sunday trading laws were relaxed, the minister said."])
def test_what_happens_every_such_day_is_no_date(sentence):
    assert dated(sentence, WEDNESDAY) == []


def test_a_weekday_before_another_noun_is_still_the_day():
    assert dated("The Saturday vote was close, officials said.", WEDNESDAY) == [("Saturday", "2025-06-07", "day")]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The vote is set for 8 p.m. ET Thursday.", "2025-06-12"),  # "p.m." ends no clause
        ("The president will visit the U.S. on Friday.", "2025-06-13"),
        ("The exhibition opens on Friday.", "2025-06-13"),  # a schedule in the present tense
        ("The team plays Saturday, the coach said.", "2025-06-14"),
        ("The senator spoke on Friday.", "2025-06-06"),
    ],
)
def test_schedules_and_abbreviations_before_a_weekday(sentence, iso):
    assert [d for _, d, _ in dated(sentence, WEDNESDAY)] == [iso]


def test_a_forecast_for_the_weekend_is_the_coming_one():
    assert dated("A heatwave is forecast for the weekend.", WEDNESDAY) == [("for the weekend", "2025-06-14", "week")]


MARCH_12 = dt.date(2025, 3, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # AP's dotted weekdays ("Sat." and "Sun." only after "on": "The Sun." is a paper)
        ("The mayor said Tues. that the budget would balance.", [("Tues.", "2025-03-11", "day")]),
        ("The council voted on Wed. to approve the levy.", [("on Wed.", "2025-03-12", "day")]),
        ("The council will vote on Fri. on the levy.", [("on Fri.", "2025-03-14", "day")]),
        ("The minister told The Sun. Nobody else asked.", []),
        # the day before yesterday is one phrase, two days back
        ("The minister said the day before yesterday that the plan was dead.",
         [("the day before yesterday", "2025-03-10", "day")]),
        ("A fortnight ago, the minister said the plan was dead.",
         [("A fortnight ago", "2025-02-26", "week")]),
        # seasons and quarters date at year precision; a winter by its January
        ("Last summer the river flooded twice, the engineer said.",
         [("Last summer", "2024", "year")]),
        ("Crews will repair the dam next summer.", [("next summer", "2025", "year")]),
        ("Heating bills rose last winter, the regulator said.", [("last winter", "2025", "year")]),
        ("The works finished in the spring of 2023, officials said.",
         [("in the spring of 2023", "2023", "year")]),
        ("Prices rose in the first quarter of 2024, the bank said.",
         [("in the first quarter of 2024", "2024", "year")]),
        ("Sales fell in Q3 2023, the company said.", [("Q3 2023", "2023", "year")]),
        ("The senator said in mid-2024 that prices rose.", [("in mid-2024", "2024", "year")]),
        # fixed-date holidays: the latest up to the article, the coming one looking ahead
        ("On Christmas Day the senator said prices rose.", [("On Christmas Day", "2024-12-25", "day")]),
        ("The senator said on New Year's Eve that prices rose.",
         [("on New Year's Eve", "2024-12-31", "day")]),
        ("The market will close on Christmas Eve.", [("on Christmas Eve", "2025-12-24", "day")]),
        ("The store opened on Boxing Day 2019.", [("on Boxing Day 2019", "2019-12-26", "day")]),
        # what is sold or sent every such day is no date
        ("Halloween costumes sold out, the shop said.", []),
        ("Valentine's Day cards cost more this year.", [("this year", "2025", "year")]),
    ],
)  # fmt: skip
def test_dotted_weekdays_seasons_quarters_and_holidays(sentence, expected):
    assert dated(sentence, MARCH_12) == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # a fiscal year is the year it is named for
        ("Its fiscal 2024 deficit was the largest in a decade, the office said.",
         dt.date(2025, 6, 18), [("fiscal 2024", "2024", "year")]),
        ("Spending rose in fiscal year 2014, the report said.",
         dt.date(2016, 7, 26), [("fiscal year 2014", "2014", "year")]),
        ("Revenue fell 3 percent in FY2023.", dt.date(2024, 2, 1), [("FY2023", "2023", "year")]),
        # "over Christmas": the days around the last one, or the coming one in a plan
        ("The bank said sales over Christmas rose 2 percent.",
         dt.date(2025, 1, 6), [("over Christmas", "2024-12-25", "week")]),
        ("The museum will close over Christmas.",
         dt.date(2025, 6, 18), [("over Christmas", "2025-12-25", "week")]),
        # a rule that takes effect on a weekday takes effect on the coming one
        ("The new law takes effect on Wednesday.", dt.date(2025, 1, 6),
         [("on Wednesday", "2025-01-08", "day")]),
        ("The rules come into force on Friday, the ministry said.", dt.date(2025, 1, 6),
         [("on Friday", "2025-01-10", "day")]),
        # ... and one that took effect, on the last one
        ("The ban took effect on Wednesday.", dt.date(2025, 1, 6),
         [("on Wednesday", "2025-01-01", "day")]),
    ],
)
def test_fiscal_years_over_christmas_and_taking_effect(sentence, published, expected):
    assert dated(sentence, published) == expected


MARCH = dt.date(2025, 3, 12)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday before a noun of what happens every such week is no date ...
        ("Worshippers gathered for Friday prayers at the mosque.", []),
        ("The Sunday trading laws were relaxed, the minister said.", []),
        # ... but a verb after it leaves the day ("shows" can be either: read as the verb)
        ("The poll released Friday shows a close race.", [("Friday", "2025-03-07", "day")]),
        # ... and so does a weekday right after "said": the day of saying, AP's order
        ("The district said Monday school buses would run.", [("Monday", "2025-03-10", "day")]),
        ("The minister said Monday markets had overreacted.", [("Monday", "2025-03-10", "day")]),
        # a span of years dates at its first year
        ("The scheme ran from 2015 to 2020, the audit said.", [("from 2015", "2015", "year")]),
        ("He served from 2009 to 2013 as its envoy.", [("from 2009", "2009", "year")]),
        # ... and a span of counts is none
        ("Cases rose from 2000 to 3500 a week.", []),
        ("The fleet grew from 1990 to 2010 vessels.", []),
        # a month before a noun is the nearer such month: December's report came out in
        # December, not nine months ahead; June's meeting is the coming one
        ("Its December report showed a rise.", [("December", "2024-12", "month")]),
        ("Their June meeting will decide.", [("June", "2025-06", "month")]),
        # after "the" a month names no date: ahead ("the November election"), behind ("the
        # October debate") or no month ("the March on Washington", "the May government")
        ("He warned of the November election.", []),
        ("He was at the March on Washington.", []),
        ("The May government fell.", []),
    ],
)
def test_habits_spans_of_years_and_months_before_nouns(sentence, expected):
    assert dated(sentence, MARCH) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a weekday and a capitalised word opening a sentence is a name ...
        ("Tuesday Weld starred in the film.", []),
        ("He left early. Tuesday Weld starred in the film.", []),
        # ... a day opening a sentence takes a comma or none before a lower-case word,
        # and after "said" a name may follow the day
        ("Tuesday, the mayor said the plan was dead.", [("Tuesday", "2025-09-16", "day")]),
        ("Tuesday the mayor said the plan was dead.", [("Tuesday", "2025-09-16", "day")]),
        ("Officials said Tuesday Trump would visit.", [("Tuesday", "2025-09-16", "day")]),
    ],
)
def test_a_sentence_that_opens_with_a_weekday_and_a_name(sentence, expected):
    assert dated(sentence, dt.date(2025, 9, 17)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the week around a day is a week (issue 15: stored with day precision)
        ("Talks began the week of 9 March 2026, the mayor said.", [("the week of 9 March 2026", "2026-03-09", "week")]),
        ("The fund ran out during the week of March 9, he said.",
         [("during the week of March 9", "2026-03-09", "week")]),
        ("Repairs start the week beginning 16 March, officials said.",
         [("the week beginning 16 March", "2026-03-16", "week")]),
        # a day alone stays a day
        ("Talks began on 9 March 2026, the mayor said.", [("on 9 March 2026", "2026-03-09", "day")]),
    ],
)
def test_the_week_of_a_day_is_a_week(sentence, expected):
    assert dated(sentence, dt.date(2026, 3, 20)) == expected

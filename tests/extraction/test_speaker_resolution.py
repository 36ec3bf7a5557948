"""Speakers: names split from titles, short names and pronouns resolved, roles kept."""

from __future__ import annotations

import datetime as dt

from claims.extraction import extract_claims
from claims.extraction.speakers import parse_mention

PUB = dt.date(2024, 4, 14)


def claims(text: str):
    return extract_claims(text, published=PUB)


def test_title_and_role_are_separated_from_the_name():
    text = "White House national security spokesman John Kirby said the defence was a success."
    (c,) = claims(text)
    assert c.speaker == "John Kirby"
    assert c.speaker_role == "White House national security spokesman"
    assert text[c.speaker_start : c.speaker_end].endswith("John Kirby")


def test_short_name_and_mr_resolve_to_the_full_name():
    text = (
        "Defense Secretary Lloyd Austin met his counterpart. "
        "Austin said the talks were useful. Mr Austin added that more talks were planned."
    )
    got = claims(text)
    assert [c.speaker for c in got] == ["Lloyd Austin", "Lloyd Austin"]
    # the offsets point at the mention the cue attaches to, not the earlier full name
    assert text[got[1].speaker_start : got[1].speaker_end] == "Mr Austin"


def test_pronoun_resolves_to_the_last_fitting_speaker():
    text = (
        "John Kirby said the attack had failed. "
        "“We don’t believe that is the case,” he told Tapper."
    )
    got = claims(text)
    assert got[1].speaker == "John Kirby"
    assert text[got[1].speaker_start : got[1].speaker_end] == "he"


def test_unresolvable_pronoun_gives_no_speaker():
    (c,) = claims("He said that the bridge would reopen next month.")
    assert c.speaker is None
    assert c.speaker_start == 0 and c.speaker_end == 2


def test_anonymous_sources_stay_roles_and_the_official_refers_back():
    text = (
        "A senior administration official said the talks were constructive. "
        "“We are fully committed to defending our allies,” the official said."
    )
    got = claims(text)
    assert [c.speaker for c in got] == [
        "senior administration official",
        "senior administration official",
    ]


def test_parse_mention_splits_name_and_role():
    m = parse_mention("Israeli Defense Secretary Yoav Gallant", 0)
    assert (m.name, m.role) == ("Yoav Gallant", "Israeli Defense Secretary")
    m = parse_mention("a senior U.S. military official", 0)
    assert m.name is None and m.role == "senior U.S. military official"


def test_a_role_and_a_name_in_apposition_give_the_name_with_its_role():
    text = "A state hydrologist, Priya Natarajan, said the river peaked at 7.4 metres on Friday."
    (c,) = claims(text)
    assert (c.speaker, c.speaker_role) == ("Priya Natarajan", "state hydrologist")
    assert text[c.speaker_start : c.speaker_end] == "A state hydrologist, Priya Natarajan"


def test_the_subject_of_a_relative_clause_spoke_not_the_object_inside_it():
    got = claims(
        "Residents who spoke to the Courier described water rising faster than ever before. "
        "The experts I interviewed said the levee had been neglected for a decade."
    )
    assert [c.speaker for c in got] == ["Residents", "experts"]


def test_the_title_alone_refers_back_to_the_named_holder():
    got = claims(
        "Mayor Ines Caldera on Friday defended the plan, saying fares had not risen in six years."
        '\n\n"Every other city in the region charges more than we do," the mayor said.'
    )
    assert [(c.speaker, c.speaker_role) for c in got][-1] == ("Ines Caldera", "Mayor")


def test_councillor_is_a_title():
    (c,) = claims("Councillor Tom Reyes said ridership fell by 18 percent in the spring.")
    assert (c.speaker, c.speaker_role) == ("Tom Reyes", "Councillor")


def test_a_time_phrase_inside_another_statement_does_not_date_this_one():
    got = extract_claims(
        "Tom Reyes said ridership fell by 18 percent last year and warned that a higher fare "
        "would push more people into their cars.",
        published=dt.date(2026, 3, 20),
    )
    assert [(c.date, c.date_is_reporting) for c in got] == [
        ("2026-03-20", True),
        ("2026-03-20", True),
    ]


def test_names_with_a_place_and_bodies_named_of_a_place():
    from claims.extraction.speakers import parse_mention

    got = {
        t: (m.name, m.role)
        for t in (
            "Gov. John Kasich of Ohio",
            "Bank of America",
            "The Department of Justice",
            "Secretary of State John Kerry",
        )
        for m in [parse_mention(t, 0)]
    }
    assert got == {
        "Gov. John Kasich of Ohio": ("John Kasich", "Gov."),
        "Bank of America": ("Bank of America", None),
        "The Department of Justice": ("Department of Justice", None),
        "Secretary of State John Kerry": ("John Kerry", "Secretary of State"),
    }


def test_a_clause_after_an_aside_is_not_an_inverted_speaker():
    got = claims("Murphy, though, said he’s with Hillary Clinton, whom he backs in the primary.")
    assert [(c.speaker, c.quote) for c in got] == [
        ("Murphy", "he’s with Hillary Clinton, whom he backs in the primary")
    ]
    got = claims("Gov. John Kasich of Ohio, a Republican, said the Khan family deserved better.")
    assert [(c.speaker, c.quote) for c in got] == [
        ("John Kasich", "the Khan family deserved better")
    ]


def _resolver_work(mentions: int) -> int:
    """Lines of `claims.extraction.speakers` run to resolve `mentions` short names in an
    article naming the same few people again and again (a count of work, not a time)."""
    import sys

    from claims.extraction import speakers

    people = ["Tom Becker", "Ann Becker", "Jane Cole", "Luis Cole"]
    text = " ".join(f"Mayor {people[i % 4]} spoke." for i in range(mentions))
    resolver = speakers.SpeakerResolver(text)
    lines = 0

    def tracer(frame, event, arg):
        nonlocal lines
        if frame.f_code.co_filename == speakers.__file__:
            if event == "line":
                lines += 1
            return tracer
        return None

    sys.settrace(tracer)
    try:
        for i in range(mentions):
            resolver.full_name(people[i % 4].split()[-1], i * 30)
    finally:
        sys.settrace(None)
    return lines


def test_short_names_resolve_in_work_linear_in_the_mentions():
    """Issue 15, finding 7: a 3 MB article naming a few people thousands of times spent most
    of its extraction scanning every earlier name for each short one (quadratic)."""
    small, large = _resolver_work(200), _resolver_work(800)
    assert large <= 5 * small  # linear: 4x (the quadratic scan was ~16x)


def test_short_name_takes_the_latest_full_name_before_it_else_the_first_after():
    from claims.extraction.speakers import SpeakerResolver

    text = "Becker came, and Tom Becker spoke; then Ann Becker replied; later Ann Marie Becker left."
    r = SpeakerResolver(text)
    assert r.full_name("Becker", 0) == "Tom Becker"  # none before: the first after
    assert r.full_name("Becker", text.index("Ann")) == "Ann Becker"
    assert r.full_name("Becker", len(text)) == "Ann Marie Becker"
    assert r.full_name("Ann Becker", 0) == "Ann Marie Becker"  # only a longer name stands for it
    assert r.full_name("Tom Becker", len(text)) == "Tom Becker"
    assert r.full_name("Lee", 50) == "Lee"

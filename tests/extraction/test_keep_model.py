"""The keep model over the rules' candidates (claims.extraction.refine): it ships, it only
takes candidates away, and it keeps the statements of every cue family."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims
from claims.extraction.extractor import candidates
from claims.extraction.refine import Refiner, _first_line_end, refiner

PUB = dt.date(2024, 4, 14)


def test_the_shipped_model_loads_with_its_card():
    model = refiner()
    assert model is not None
    assert model.name == "refiner-lr-7"
    assert 0.0 < model.keep_threshold < 1.0
    assert len(model.keep) > 1000


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # speech
        ("The mayor said the budget would rise by 10 percent next year.",
         "the budget would rise by 10 percent next year"),
        ("“We will not retreat from the city,” the general told reporters.",
         "“We will not retreat from the city,”"),
        ("Unemployment fell to 4 percent last year, according to the statistics office.",
         "Unemployment fell to 4 percent last year"),
        # evidence: what a poll shows, what an audit found
        ("A Quinnipiac poll released Tuesday shows Clinton with a lead of six points in Ohio.",
         "Clinton with a lead of six points in Ohio"),
        ("The inspector general found that the agency could not account for $3 million in grants.",
         "the agency could not account for $3 million in grants"),
        # assertion: a promise, a belief, a denial, a warning
        ("The governor promised to cut the fuel tax by half before the winter.",
         "to cut the fuel tax by half before the winter"),
        ("Most economists believe the recession will end by the spring.",
         "the recession will end by the spring"),
        ("The senator denied that he had taken money from the developer.",
         "he had taken money from the developer"),
        ("The central bank warned that inflation would stay above 5 percent into next year.",
         "inflation would stay above 5 percent into next year"),
    ],
)  # fmt: skip
def test_statements_of_each_cue_family_are_kept(text, quote):
    found = candidates(text, PUB)
    assert found is not None
    shadow, atts, _ = found
    model = refiner()
    probabilities = {
        shadow[a.content_start : a.content_end]: model.keep_probability(shadow, a, headline=False)
        for a in atts
    }
    assert probabilities.get(quote, 0.0) >= model.keep_threshold, probabilities
    assert quote in [c.quote for c in extract_claims(text, published=PUB)]


def test_a_fragment_the_rules_find_is_dropped():
    text = (
        '"We have to really increase the bombings," the nominee told "Fox and Friends" after he '
        "was asked about the attack."
    )
    _, atts, _ = candidates(text, PUB)
    assert "about the attack" in [text[a.content_start : a.content_end] for a in atts]
    # dropped by the model, or kept (PolNeAR annotates "asked about X") as no claim, which
    # the queue leaves out
    kept = {c.quote: c.claim_type for c in extract_claims(text, published=PUB)}
    assert kept.get("about the attack", "not_a_claim") == "not_a_claim"


def test_the_model_only_takes_candidates_away():
    text = (
        "Officials said the bridge would reopen in May. The mayor, who toured the site, told "
        "reporters that repairs had cost $4 million. “It is safe,” she said. A city report "
        "found that traffic fell by a third, and critics argued the delay was avoidable."
    )
    shadow, atts, _ = candidates(text, PUB)
    spans = {(a.content_start, a.content_end) for a in atts}
    claims = extract_claims(text, published=PUB)
    assert claims
    assert all((c.start, c.end) in spans for c in claims)
    # with no weights and threshold 0 the rules stand alone: every candidate kept
    rules = Refiner({"name": "rules", "keep": {"weights": {}, "threshold": 0.0}})
    assert rules.refine(shadow, atts) == atts


def test_a_headline_is_the_first_line_after_leading_space():
    text = "\n\n  Trump Says Polls Are Rigged\nBody text."
    assert _first_line_end(text) == text.index("\nBody")
    assert _first_line_end("One line only") == len("One line only")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # a list of sources the strict rules do not read as one
        ("Friends, lobbyists and former foes say that Trump is picking the right man for the job.",
         "Trump is picking the right man for the job", "Friends"),
        # a speech verb in the infinitive after a word that is no modal
        ("Trump was quick to add that the negotiation does not include nixing the idea altogether.",
         "the negotiation does not include nixing the idea altogether", "Trump"),
        ("The judge pointed to a previous case to say that courts must weigh the public interest.",
         "courts must weigh the public interest", "The judge"),
        ("He went out of his way to say that the economy had hit bottom this year.",
         "the economy had hit bottom this year", "He"),
    ],
)  # fmt: skip
def test_a_speech_cue_with_no_placed_source_is_a_loose_candidate(text, quote, speaker):
    _, atts, _ = candidates(text, PUB)
    loose = [a for a in atts if a.kind == "loose"]
    assert [
        (text[a.content_start : a.content_end], text[a.source_start : a.source_end]) for a in loose
    ] == [(quote, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        "He would say that the plan works.",  # a modal: what he might say
        "She declined to comment on the plan.",  # no statement after the cue
        "They found the keys under the mat.",  # a finding is a statement only after "that"
    ],
)
def test_no_loose_candidate_without_a_statement_or_after_a_modal(text):
    _, atts, _ = candidates(text, PUB)
    assert not [a for a in atts if a.kind == "loose"]

"""A weekday or month after a source's words is when they were given, not who gave them: "…,
according to the state labour office figures released on Tuesday." was stored with speaker
'Tuesday' (rev1 LOW-3, seen on a page ingested from a feed and as a file)."""

from __future__ import annotations

import pytest

from claims.extraction import extract_claims
from claims.extraction.speakers import parse_mention

SENTENCE = "Unemployment fell to 4.1 percent in March, according to {}."


@pytest.mark.parametrize("source", [
    "the state labour office figures released on Tuesday",
    "the state labour office figures published in March",
    "the state labour office figures issued last Friday",
    "the state labour office figures on Tuesday, March 12",
])
def test_a_day_after_the_source_is_no_speaker(source):
    (claim,) = [c for c in extract_claims("Budget news\n\n" + SENTENCE.format(source) + "\n")
                if c.text.startswith("Unemployment")]
    assert claim.speaker is not None and "labour office" in claim.speaker, claim
    assert not any(day in (claim.speaker or "") for day in ("Tuesday", "March", "Friday"))


def test_a_name_stays_a_name():
    mention = parse_mention("Labour Minister Anna Berg on Tuesday", 0)
    assert mention.name == "Anna Berg" and mention.role == "Labour Minister"
    assert parse_mention("Tuesday Weld", 0).name == "Tuesday Weld"  # a name that is no date phrase

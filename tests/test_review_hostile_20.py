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

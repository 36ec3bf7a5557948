"""A claim and its negation in another language are only suggested, never merged (negation37).

Before: Italian "non è aumentata" / "è aumentata" scored 99.6 and was merged ("non" was left
out: English "non-binding" is "non binding" once normalised), as were Portuguese (its "no",
"in the", read as English "no" on both sides), Romanian "nu", Swedish "inte" / "ej" and Czech
"nevzrostla" / "vzrostla", "není" / "je". English "non-binding" / "nonbinding" / "non binding" is still one claim.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claims.matching import compare

NEGATED_AND_PLAIN = {
    "italian": ("Secondo l'Istat la disoccupazione non è aumentata nel 2023 in Italia",
                "Secondo l'Istat la disoccupazione è aumentata nel 2023 in Italia"),
    "italian, non ha": ("Il governo non ha approvato la legge sul salario minimo nel 2023",
                        "Il governo ha approvato la legge sul salario minimo nel 2023"),
    "french": ("Selon l'Insee le chômage n'a pas augmenté en 2023 en France",
               "Selon l'Insee le chômage a augmenté en 2023 en France"),
    "spanish": ("Según el INE el desempleo no aumentó en 2023 en España",
                "Según el INE el desempleo aumentó en 2023 en España"),
    "portuguese": ("Segundo o IBGE o desemprego não aumentou em 2023 no Brasil",
                   "Segundo o IBGE o desemprego aumentou em 2023 no Brasil"),
    "catalan": ("Segons l'Idescat l'atur no ha augmentat el 2023 a Catalunya",
                "Segons l'Idescat l'atur ha augmentat el 2023 a Catalunya"),
    "romanian": ("Potrivit INS șomajul nu a crescut în 2023 în România",
                 "Potrivit INS șomajul a crescut în 2023 în România"),
    "german": ("Laut Destatis ist die Arbeitslosigkeit 2023 in Deutschland nicht gestiegen",
               "Laut Destatis ist die Arbeitslosigkeit 2023 in Deutschland gestiegen"),
    "dutch": ("Volgens het CBS is de werkloosheid in 2023 niet gestegen",
              "Volgens het CBS is de werkloosheid in 2023 gestegen"),
    "swedish inte": ("Enligt SCB ökade arbetslösheten inte i Sverige under 2023",
                     "Enligt SCB ökade arbetslösheten i Sverige under 2023"),
    "swedish ej": ("Enligt SCB har arbetslösheten ej ökat i Sverige under 2023",
                   "Enligt SCB har arbetslösheten ökat i Sverige under 2023"),
    "polish": ("Według GUS bezrobocie w Polsce nie wzrosło w 2023 roku",
               "Według GUS bezrobocie w Polsce wzrosło w 2023 roku"),
    "czech": ("Podle ČSÚ nezaměstnanost v Česku v roce 2023 nevzrostla",
              "Podle ČSÚ nezaměstnanost v Česku v roce 2023 vzrostla"),
    "czech není": ("Nezaměstnanost v Česku v roce 2023 podle ČSÚ není vysoká",
                   "Nezaměstnanost v Česku v roce 2023 podle ČSÚ je vysoká"),
}


@pytest.mark.parametrize("language", sorted(NEGATED_AND_PLAIN))
def test_a_claim_and_its_negation_are_only_suggested(language):
    negated, plain = NEGATED_AND_PLAIN[language]
    for a, b in ((negated, plain), (plain, negated)):
        result = compare(a, b)
        assert result.score >= 90, result  # the score alone would merge them
        assert result.decision == "suggested", result


@pytest.mark.parametrize("language", sorted(NEGATED_AND_PLAIN))
def test_the_same_claim_respelled_is_still_merged(language):
    for text in NEGATED_AND_PLAIN[language]:
        respelled = text.replace(" 2023", " 2023 ").replace("2023 ", "2023  ").upper()
        assert compare(text, respelled).decision == "duplicate", (text, respelled)


@pytest.mark.parametrize("other", [
    "The senate passed a nonbinding resolution on Gaza last week",
    "The senate passed a non binding resolution on Gaza last week",
    "The senate passed a non‐binding resolution on Gaza last week",  # U+2010 hyphen
    "The Senate passed a Non-Binding resolution on Gaza last week",
])
def test_english_non_hyphenated_is_no_negation(other):
    written = "The senate passed a non-binding resolution on Gaza last week"
    for a, b in ((written, other), (other, written)):
        assert compare(a, b).decision == "duplicate", (a, b)


def test_english_non_against_the_plain_word_is_still_only_suggested():
    result = compare("The senate passed a non-binding resolution on Gaza last week",
                     "The senate passed a binding resolution on Gaza last week")
    assert result.decision == "suggested", result


@pytest.mark.parametrize(("negated", "plain"), [("unnecessary", "necessary"), ("unnecessarily", "necessarily")])
def test_an_english_word_starting_ne_is_still_said_plain(negated, plain):
    # Czech "nevzrostla" is read as "ne" + "vzrostla"; "necessary" stays a plain word too
    text = "The minister said the new rules were {} costly for small firms"
    result = compare(text.format(negated), text.format(plain))
    assert result.decision == "suggested" and negated in result.reason, result


def test_claims_compare_pairs_suggests_the_italian_negation():
    from tui.entry import cli

    negated, plain = NEGATED_AND_PLAIN["italian"]
    result = CliRunner().invoke(cli, ["compare", "--pairs", "-", "--format", "jsonl"],
                                input=f"{negated}\t{plain}\n{plain}\t{plain.replace('Istat', 'ISTAT')}\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["decision"] for row in rows] == ["suggested", "duplicate"], rows
    assert rows[0]["reason"] == "only one side negates"

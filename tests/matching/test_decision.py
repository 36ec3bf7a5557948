"""Decisions and explanations."""

import json

import pytest

from claims.matching import (
    CONFLICT,
    DISTINCT,
    DUPLICATE,
    SCORER,
    SUGGESTED,
    MatchSettings,
    compare,
)

LONG_A = "Iran launched more than 200 drones and missiles at Israel overnight, the army said"
LONG_B = "Iran launched more than 200 drones and missiles at Israel overnight, army officials said"


def test_number_disagreement_is_a_conflict_never_a_duplicate():
    result = compare("more than 200 drones", "more than 300 drones")
    assert result.decision == CONFLICT
    assert result.conflict == [{"a": "200", "b": "300"}]
    long_result = compare(LONG_A, LONG_A.replace("200", "300"))
    assert long_result.decision == CONFLICT


def test_unrelated_claims_with_different_numbers_are_just_distinct():
    result = compare("Inflation fell to 3 percent", "The army fired 200 drones at the border")
    assert result.decision == DISTINCT


def test_long_near_identical_claims_are_duplicates():
    assert compare(LONG_A, LONG_B).decision == DUPLICATE


def test_short_claims_are_never_auto_confirmed():
    result = compare("Inflation fell sharply in May", "Inflation fell sharply in May!")
    assert result.score == 100.0
    assert result.decision == SUGGESTED
    assert compare("x y z", "x y z", MatchSettings(min_words_auto=0)).decision == DUPLICATE


def test_thresholds_are_settings():
    a, b = "The army said Iran fired drones", "Iran fired drones, the army said today"
    score = compare(a, b).score
    assert (
        compare(a, b, MatchSettings(suggest_threshold=score + 1, confirm_threshold=99)).decision
        == DISTINCT
    )
    assert (
        compare(a, b, MatchSettings(suggest_threshold=score, confirm_threshold=99)).decision
        == SUGGESTED
    )


def test_settings_validate():
    with pytest.raises(ValueError):
        MatchSettings(confirm_threshold=40, suggest_threshold=60)
    with pytest.raises(ValueError):
        MatchSettings(min_words_auto=-1)


def test_every_result_explains_itself():
    result = compare("More than 3.5 million drones hit Kharkiv", "3.5 million drones struck Kyiv")
    assert result.scorer == SCORER
    assert result.shared == ["3.5 million", "drones"]
    assert result.only_a == ["hit", "Kharkiv".lower()]
    assert result.only_b == ["struck", "kyiv"]
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"score", "decision", "scorer", "shared", "only_a", "only_b", "conflict", "reason"}
    assert result.reason


def test_compare_is_symmetric_in_score_and_decision():
    a, b = "Iran fired 200 drones at Israel", "Israel was hit by 300 Iranian drones"
    ab, ba = compare(a, b), compare(b, a)
    assert (ab.score, ab.decision) == (ba.score, ba.decision)
    assert ab.only_a == ba.only_b


def test_reason_says_why_a_low_score_is_suggested():
    result = compare("ridership fell by 18 percent last year",
                     "ridership fell by 18 percent last year, a figure he said made the increase reckless")
    assert result.decision == "suggested" and result.reason == "one claim is quoted whole inside the other"
    assert compare("200 drones hit the base", "300 drones hit the base").reason == "the numbers disagree"


def _masking_counted(monkeypatch) -> list:
    from claims.matching import scoring

    calls: list = []
    real = scoring.analysis_of_words
    monkeypatch.setattr(scoring, "analysis_of_words", lambda *a: calls.append(a[0]) or real(*a))
    return calls


def test_a_claim_in_conflict_with_many_retellings_is_masked_once(monkeypatch):
    """Issue 15, finding 7: an article of one sentence retold with other figures and places
    masked both claims of every pair again (a third of each comparison)."""
    from claims.matching.normalize import analyze

    calls = _masking_counted(monkeypatch)
    new = analyze("4321 homes were flattened in Springfield")
    towns = ("Fairview", "Kingston", "Dayton", "Oxford", "Madison")
    results = [compare(analyze(f"12 homes were flattened in {t}"), new) for t in towns]
    assert [r.decision for r in results] == ["conflict"] * 5  # each on its score with numbers masked
    assert all(r.score < MatchSettings().suggest_threshold for r in results)
    assert len(calls) == 6  # each claim masked once (was 10: twice a pair)


def test_a_conflict_over_the_threshold_is_not_masked(monkeypatch):
    from claims.matching.normalize import analyze

    calls = _masking_counted(monkeypatch)
    result = compare(analyze("The port authority said 4321 containers were stranded at Halden quay."),
                     analyze("The port authority said 101 containers were stranded at Halden quay."))
    assert result.decision == "conflict" and result.score >= MatchSettings().suggest_threshold
    assert calls == []  # its score decides it: the masked texts could not change that


def test_masking_keeps_only_the_latest_analyses_alive():
    """Issue 13: the mask cache held 1,024 analyses and their masks alive (~50 MB of a
    comparison worker); pairs come claim by claim, so the latest few dozen are the hits."""
    import gc

    from claims.matching.normalize import Analysis, analysis_of
    from claims.matching.scoring import mask_numbers

    def alive() -> int:  # the analyses masked below and their masks
        gc.collect()
        return sum(isinstance(o, Analysis) and o.text.endswith(" homes in town") for o in gc.get_objects())

    before = alive()
    for i in range(300):
        mask_numbers(analysis_of(f"{i} homes in town"))
    assert alive() - before <= 2 * 64

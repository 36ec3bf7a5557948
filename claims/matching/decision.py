"""Is this pair the same claim? ``compare(a, b)`` -> :class:`MatchResult`.

Decisions, in order:

1. ``"conflict"``: the numbers disagree ("more than 200 drones" / "more than 300 drones")
   and the texts would otherwise match (score at or above ``suggest_threshold`` with or
   without their numbers). Shown to a reviewer, never merged automatically. The numbers
   compared are :func:`~claims.matching.quantities.decision_numbers`: ordinals, signs,
   Roman numerals, multipliers and fractions too ("4th" / "5th", "World War II" / "I"); and
   one number given in two units or currencies disagrees ("40 million euros" / "dollars":
   :func:`~claims.matching.units.unit_conflicts`).
2. ``"duplicate"``: score at or above ``confirm_threshold``, both claims have at least
   ``min_words_auto`` words, not one of them alone negates ("would" / "would not", "nicht",
   "n'a pas"), and no word of one opposes a word of the other ("rose" / "fell", "legal" /
   "illegal", "January" / "February": :func:`~claims.matching.contrasts.contrast`), nor
   does one name stand for another or two words change places ("Senator Smith" / "Senator
   Jones", "Russia attacked Ukraine" / "Ukraine attacked Russia":
   :func:`~claims.matching.contrasts.changed_roles`): safe to confirm without a person.
3. ``"suggested"``: score at or above ``suggest_threshold`` (or a short claim that would
   otherwise be a duplicate), or one claim contained whole in the other (its informative
   words, in order: a quote inside a longer statement): a person accepts or rejects it.
4. ``"distinct"``: anything else.

Every result explains itself: the scorer and its version, the shared informative words,
the words only one side has (as written, numbers as written), and the number conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.matching.contrasts import changed_roles, contrast, negation_differs
from claims.matching.idf import IdfTable
from claims.matching.normalize import Analysis
from claims.matching.numbers import number_conflicts, unmatched
from claims.matching.quantities import numbers_disagree
from claims.matching.scoring import (
    SCORER,
    as_analysis,
    contains,
    mask_numbers,
    score_analyses,
)
from claims.matching.units import unit_conflicts

DUPLICATE = "duplicate"
SUGGESTED = "suggested"
CONFLICT = "conflict"
DISTINCT = "distinct"
DECISIONS = (DUPLICATE, SUGGESTED, CONFLICT, DISTINCT)


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds on the 0..100 match score, chosen on the MRPC training pairs: at 90, 96% of
    auto-confirmed pairs are true paraphrases (0.95 is the target; 87 would be 0.943); 44
    gives accuracy 0.763 and F1 0.831 (with contained claims suggested too), so a person
    sees most paraphrases as suggestions."""

    confirm_threshold: float = 90.0
    suggest_threshold: float = 44.0
    min_words_auto: int = 8  # shorter claims are at most suggested

    def __post_init__(self) -> None:
        if not 0 <= self.suggest_threshold <= self.confirm_threshold <= 100:
            raise ValueError("need 0 <= suggest_threshold <= confirm_threshold <= 100")
        if self.min_words_auto < 0:
            raise ValueError("min_words_auto must be >= 0")


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A scored, decided and explained pair."""

    score: float
    decision: str
    scorer: str = SCORER
    shared: list[str] = field(default_factory=list)
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    conflict: list[dict[str, str]] = field(default_factory=list)
    reason: str = ""  # the decision in words, for the reviewer

    def to_dict(self) -> dict:
        """Plain JSON-ready data (the explanation a ``match`` row stores)."""
        # By hand: dataclasses.asdict deep-copies every list and was a fifth of a bulk match.
        return {"score": self.score, "decision": self.decision, "scorer": self.scorer,
                "shared": list(self.shared), "only_a": list(self.only_a),
                "only_b": list(self.only_b), "conflict": [dict(c) for c in self.conflict],
                "reason": self.reason}

    @property
    def is_match(self) -> bool:
        """Duplicate or suggested: the pair deserves a ``match`` row."""
        return self.decision in (DUPLICATE, SUGGESTED)


def explain(a: Analysis, b: Analysis, conflicts: list[dict[str, str]] = ()) -> tuple[list[str], list[str], list[str]]:
    """(shared, only_a, only_b): informative words as written, in order of appearance. A
    number the decision reads as disagreeing (`conflicts`) is on its own side even where
    the words are alike: "-5 degrees" and "5 degrees" share the word "5", and the pair said
    "the numbers disagree" naming nothing that differs."""
    shared = [a.surface[t] for t in a.surface if t in b.terms]
    only_a = [a.surface[t] for t in a.surface if t not in b.terms]
    only_b = [b.surface[t] for t in b.surface if t not in a.terms]
    said = {"a": {w.casefold() for w in only_a}, "b": {w.casefold() for w in only_b}}
    unnamed = [(side, c[side]) for c in conflicts for side in ("a", "b")
               if c.get(side) and c[side].casefold() not in said[side]]
    for side, written in unnamed:
        (only_a if side == "a" else only_b).append(written)
    named = {written.lstrip("+-−") for _, written in unnamed}  # "-5" against "5": no "5" shared
    return [w for w in shared if w not in named], only_a, only_b


def decide(
    score: float,
    conflicts: list[dict[str, str]],
    words_a: int,
    words_b: int,
    settings: MatchSettings,
    masked_score: float | None = None,
    contained: bool = False,
    negation: bool = False,
) -> str:
    """The decision rule alone, for callers that already have the parts."""
    if conflicts:
        best = max(score, masked_score if masked_score is not None else score)
        return CONFLICT if best >= settings.suggest_threshold else DISTINCT
    if (score >= settings.confirm_threshold and min(words_a, words_b) >= settings.min_words_auto
            and not negation):
        return DUPLICATE
    if score >= settings.suggest_threshold or contained:
        return SUGGESTED
    return DISTINCT


def compare(
    a: str | Analysis,
    b: str | Analysis,
    settings: MatchSettings | None = None,
    idf: IdfTable | None = None,
) -> MatchResult:
    """Score, decide and explain one pair of claims."""
    return _compared(as_analysis(a), as_analysis(b), settings or MatchSettings(), idf, True)


def compare_unless_distinct(a: Analysis, b: Analysis, settings: MatchSettings, idf: IdfTable | None = None
                            ) -> MatchResult | None:
    """:func:`compare`, or None for a distinct pair, told before its words opposed and its
    explanation are read (what a bulk match drops: most of the pairs it compares)."""
    return _compared(a, b, settings, idf, False)


def _compared(a: Analysis, b: Analysis, settings: MatchSettings, idf: IdfTable | None, distinct: bool
              ) -> MatchResult | None:
    numbers = unmatched(a.numbers, b.numbers)
    score = score_analyses(a, b, idf, numbers)
    read = number_conflicts(a.numbers, b.numbers, numbers)
    # A conflict at the suggest threshold stands on its score alone; the texts with their
    # numbers masked are scored only for one under it (most conflicts are over: a claim
    # retold with another figure; masking and scoring again was a third of a comparison).
    masked = (score_analyses(mask_numbers(a), mask_numbers(b), idf)
              if read and score < settings.suggest_threshold else None)
    if not distinct and score < settings.suggest_threshold and masked is None and not contains(a, b, idf):
        # Distinct, whatever numbers or units the decision reads: a conflict under the suggest
        # threshold needs its masked score (none: the index reads no conflict), and without one
        # only a claim held whole in the other is suggested. Most pairs a bulk match compares;
        # reading their numbers and units was a ninth of a comparison worker's time (issue 13).
        return None
    # The decision reads more numbers than the score and the index do ("4th", "-5", "2k",
    # "World War II", "doubled": claims.matching.quantities). A disagreement only they show
    # stands on the score alone (masking hides only what the index reads as numbers, and
    # candidate selection bounds the masked score only where both sides have such numbers).
    # The same number in another unit or currency ("40 million euros" / "dollars", "7 metres"
    # / "feet"): a disagreement the numbers alone do not show (claims.matching.units).
    conflicts = numbers_disagree(a, b, read) or unit_conflicts(a.text, b.text)
    if read and not conflicts:
        # Every disagreement the index reads is settled by the fuller reading ('2 dozen' /
        # '24', '3万5千' / '35000'): the score, which read those figures as the index does,
        # is not held down by them. Scored with the numbers masked, as a conflict would be.
        masked = masked if masked is not None else score_analyses(mask_numbers(a), mask_numbers(b), idf)
        score = max(score, masked)
    contained = not conflicts and score < settings.suggest_threshold and contains(a, b, idf)
    # Negation, opposed words and the word counts only tell a duplicate from a suggestion:
    # a pair distinct without them is distinct with them.
    if not distinct and decide(score, conflicts, 0, 0, settings, masked, contained) == DISTINCT:
        return None
    opposed = contrast(a, b)
    roles = changed_roles(a, b) if opposed is None and score >= settings.confirm_threshold else None
    negation = negation_differs(a, b) or opposed is not None or roles is not None
    decision = decide(score, conflicts, a.word_count, b.word_count, settings, masked, contained,
                      negation)
    shared, only_a, only_b = explain(a, b, conflicts)
    return MatchResult(
        score=score,
        decision=decision,
        shared=shared,
        only_a=only_a,
        only_b=only_b,
        conflict=conflicts,
        reason=_reason(decision, score, settings, contained=contained,
                       negation=negation, opposed=opposed, roles=roles,
                       short=min(a.word_count, b.word_count)),
    )


_ANOTHER = {"names": "another name", "subject": "another subject", "words": "other words"}


def _reason(decision: str, score: float, settings: MatchSettings, *, contained: bool,
            negation: bool, opposed: tuple[str, str] | None,
            roles: tuple[str, str, str] | None, short: int) -> str:
    if decision == CONFLICT:
        return "the numbers disagree"
    if decision == DUPLICATE:
        return f"score {score:.0f} >= {settings.confirm_threshold:.0f}"
    if decision == DISTINCT:
        return f"score {score:.0f} < {settings.suggest_threshold:.0f}"
    if contained:
        return "one claim is quoted whole inside the other"
    if score >= settings.confirm_threshold:
        if opposed is not None:
            return f"'{opposed[0]}' / '{opposed[1]}' say different things"
        if roles is not None:
            shape, first, second = roles
            if shape == "swap":
                return f"'{first}' and '{second}' change places"
            return f"'{first}' / '{second}': " + _ANOTHER[shape]
        return "only one side negates" if negation else f"a claim under {settings.min_words_auto} words"
    return f"score {score:.0f} >= {settings.suggest_threshold:.0f}"

"""Words that make two near-identical claims say different things.

A lexical score barely moves when one word changes, so "crime rose by 5 percent" and "crime
fell by 5 percent" scored 99.5 and were merged on arrival, as were "in January" / "in
February", "on Monday" / "on Friday", "legal" / "illegal" and "more than" / "fewer than".
:func:`contrast` finds such a pair of words (each on its own side only); the decision then at
most suggests the pair, as it does when only one side negates. The score is unchanged.

Negations of other languages ("nicht", "pas", "nunca", "не") are read as the English ones
are (:data:`NEGATIONS`).
"""

from __future__ import annotations

from claims.matching.normalize import Analysis
from claims.matching.scoring import NEGATIONS as ENGLISH_NEGATIONS

# Negations of other languages, as the analysis writes words (lower case, apostrophes dropped:
# French "n'a pas" is "na pas"): German, French, Spanish, Portuguese, Dutch, Polish,
# Russian and Ukrainian, Arabic, Hebrew (not Italian's "non": English writes "non-binding"). The
# English ones are the score's own (its feature).
_OTHER_NEGATIONS = (
    "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand "
    "pas jamais aucun aucune "
    "nunca jamás ningún ninguna ninguno nadie tampoco "
    "não nenhum nenhuma "
    "niet geen nooit "
    "nigdy "
    "не нет никогда ні ніколи "
    "لا لم لن ليس ليست "
    "לא אין"
)
NEGATIONS = ENGLISH_NEGATIONS | frozenset(_OTHER_NEGATIONS.split())


def negation_differs(a: Analysis, b: Analysis) -> bool:
    """One side negates ("not", "nicht", "n'a pas", "не" ...) and the other does not."""
    return bool(NEGATIONS.intersection(a.words)) != bool(NEGATIONS.intersection(b.words))


# Each group lists the forms of one side of an opposition; a pair of groups is opposed.
_OPPOSED = (
    ("rise rises rising rose risen", "fall falls falling fell fallen"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("grow grows growing grew grown", "shrink shrinks shrinking shrank shrunk"),
    ("gain gains gained gaining", "lose loses losing lost loss losses"),
    ("win wins winning won", "lose loses losing lost"),
    ("more", "less fewer"),
    ("most", "least fewest"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("larger bigger", "smaller"),
    ("largest biggest", "smallest"),
    ("above", "below"),
    ("before", "after"),
    ("faster", "slower"),
    ("fastest", "slowest"),
    ("better", "worse"),
    ("best", "worst"),
    ("majority", "minority"),
    ("democrat democrats", "republican republicans"),
    ("maximum", "minimum"),
    ("surplus", "deficit"),
    ("profit profits", "loss losses"),
    ("safe", "unsafe"),
    ("legal", "illegal"),
    ("true", "false"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("doubled", "halved"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("for", "against"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("allow allows allowed allowing", "ban bans banned banning"),
    ("lift lifts lifted lifting", "impose imposes imposed imposing"),
    ("raise raises raised raising", "cut cuts cutting lower lowers lowered lowering"),
    ("hire hires hired hiring", "fire fires fired firing"),
    ("buy buys bought buying", "sell sells sold selling"),
    ("import imports imported", "export exports exported"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
)

_MONTHS = (
    "january jan", "february feb", "march", "april apr", "may", "june jun", "july jul",
    "august aug", "september sept", "october oct", "november nov", "december dec",
)
_WEEKDAYS = (
    "monday", "tuesday tues", "wednesday weds", "thursday thurs", "friday", "saturday", "sunday",
)
_QUARTERS = ("q1", "q2", "q3", "q4")


def _tags() -> dict[str, tuple[tuple[int, int], ...]]:
    """word -> the (opposition, side) it stands on."""
    pairs = [(p.split(), q.split()) for p, q in _OPPOSED]
    # Months, weekdays and quarters: each is opposed to every other of its kind (a claim's date).
    for names in (_MONTHS, _WEEKDAYS, _QUARTERS):
        pairs += [(g.split(), h.split()) for i, g in enumerate(names) for h in names[i + 1:]]
    tags: dict[str, list[tuple[int, int]]] = {}
    for number, sides in enumerate(pairs):
        for side, words in enumerate(sides):
            for word in words:
                tags.setdefault(word, []).append((number, side))
    return {word: tuple(t) for word, t in tags.items()}


_TAGS = _tags()
_DATES = frozenset(w for names in (_MONTHS, _WEEKDAYS, _QUARTERS) for g in names for w in g.split())
# A day or month a few words after a verb of saying is when the claim was said, not what it
# says: "…, the minister said on Monday" / "said on Friday" is one claim said twice (MRPC's
# "the statement said Tuesday" / "said Sunday, a day after the attack" are paraphrases).
_SAYING_WORDS = (
    "said says say told tells announced announces stated states claimed claims added adds "
    "reported reports wrote writes tweeted posted insisted argued warned testified"
)
_SAYING = frozenset(_SAYING_WORDS.split())
_SAID_WITHIN = 4  # "said in an interview Tuesday"


def _sides(words: tuple[str, ...]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for i, word in enumerate(words):
        tags = _TAGS.get(word)
        if not tags:
            continue
        if word in _DATES and _SAYING.intersection(words[max(0, i - _SAID_WITHIN):i]):
            continue
        for tag in tags:
            found.setdefault(tag, word)
    return found


def contrast(a: Analysis, b: Analysis) -> tuple[str, str] | None:
    """The first pair of opposed words (as a and b write them) each only one side says:
    "rose" / "fell", "January" / "February"; None when there is none. A side saying both
    ("rose, then fell") opposes nothing there. "may" the verb against a month one side alone
    names makes a pair only suggested (no automatic duplicate of MRPC's is such a pair)."""
    sides_a = _sides(a.words)
    if not sides_a:
        return None
    sides_b = _sides(b.words)
    for number, side in sorted(sides_a):
        other = (number, 1 - side)
        if other in sides_b and other not in sides_a and (number, side) not in sides_b:
            return sides_a[(number, side)], sides_b[other]
    return None

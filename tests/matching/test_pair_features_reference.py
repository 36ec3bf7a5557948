"""The match features and decisions, computed the fast way, against the plain definitions,
bit for bit, on a few hundred pairs of retold statements (issue 15 finding 7: comparisons
share the number agreement, skip building unions and reuse idf weights; none of that may
move a score)."""

from __future__ import annotations

import math
import random
import re

from claims.matching.decision import MatchSettings, compare
from claims.matching.idf import IdfTable
from claims.matching.normalize import analyze
from claims.matching.numbers import number_conflicts, numbers_agree
from claims.matching.scoring import CLIP, MODEL, negation_differs, pair_features

SPEAKERS = ("the mayor", "Senator Jane Ruiz", "a police spokesman", "the finance minister")
NOUNS = ("homes", "jobs", "drones", "voters", "bridges", "nurses")
PLACES = ("Kharkiv", "Springfield", "the capital", "Lagos", "Ohio")


def _sentence(rng: random.Random) -> str:
    n = rng.choice((rng.randint(2, 5000), rng.choice((200, 300, 770, 767, 1000, 2020))))
    speaker, place, noun = rng.choice(SPEAKERS), rng.choice(PLACES), rng.choice(NOUNS)
    return rng.choice((
        f"{speaker} said {n:,} {noun} were damaged in {place} last week.",
        f"{speaker} said {n:,} {noun} were not damaged in {place} in 2021.",
        f"According to {speaker}, {place} has {n} {noun} and needs {rng.randint(2, 900)} more.",
        f"{place} lost {n / 1000:.1f} million {noun} in the flood, {speaker} told reporters.",
        f"Unemployment in {place} rose by {n % 90 + 2} percent, {speaker} said.",
        "It was what it was.",
    ))


def _reference_features(a, b, idf: IdfTable) -> dict[str, float]:
    """The features as first written: each number agreement asked anew, unions built."""
    weight = idf.weight
    rare = math.log1p((idf.doc_count + idf.prior_docs) / 0.5)
    shared = math.fsum(map(weight, a.terms & b.terms))
    wa, wb = math.fsum(map(weight, a.terms)), math.fsum(map(weight, b.terms))

    def dice(x, y):
        return 2.0 * len(x & y) / (len(x) + len(y)) if len(x) + len(y) else 1.0

    from rapidfuzz import fuzz
    if a.numbers and b.numbers:
        agree = sum(1 for m in a.numbers if any(numbers_agree(m, o) for o in b.numbers))
        agree += sum(1 for m in b.numbers if any(numbers_agree(m, o) for o in a.numbers))
        numagree, hasnum = agree / (len(a.numbers) + len(b.numbers)), 1.0
    else:
        numagree = hasnum = 0.0
    union = len(a.grams | b.grams)
    features = {
        "covmax": max(shared / wa if wa else 0.0, shared / wb if wb else 0.0),
        "wdice": 2.0 * shared / (wa + wb) if wa + wb else 0.0,
        "ratio": fuzz.ratio(a.normalized, b.normalized) / 100.0,
        "bigram": dice(a.bigrams, b.bigrams), "trigram": dice(a.trigrams, b.trigrams),
        "tbigram": dice(a.term_bigrams, b.term_bigrams),
        "g3": len(a.grams & b.grams) / union if union else 1.0,
        "lenratio": min(len(a.words), len(b.words)) / max(len(a.words), len(b.words), 1),
        "unsh_max": max(wa - shared, wb - shared) / rare,
        "nunsh_max": max(len(a.terms - b.terms), len(b.terms - a.terms)) / 5.0,
        "negmis": 1.0 if negation_differs(a, b) else 0.0,
        "numagree": numagree, "hasnum": hasnum,
    }
    for name, (lo, hi) in CLIP.items():
        features[name] = min(hi, max(lo, features[name]))
    for name, _ in MODEL:
        if "*" in name:
            left, right = name.split("*")
            features[name] = features[left] * features[right]
    return features


def _reference_conflicts(a, b) -> list[dict[str, str]]:
    only_a = [m for m in a if not any(numbers_agree(m, o) for o in b)]
    only_b = [m for m in b if not any(numbers_agree(m, o) for o in a)]
    # a count of four digits is compared as a count and as a year-like figure
    def kinds_of(m):
        return {"", "year"} if m.kind == "" and re.fullmatch(r"[1-9][0-9]{3}", m.value) else {m.kind}

    kinds = set().union(*map(kinds_of, only_a)) & set().union(*map(kinds_of, only_b))
    only_a = list({m.value: m for m in reversed([m for m in only_a if kinds_of(m) & kinds])}.values())[::-1]
    only_b = list({m.value: m for m in reversed([m for m in only_b if kinds_of(m) & kinds])}.values())[::-1]
    if not only_a or not only_b:
        return []
    return [{"a": only_a[k].written if k < len(only_a) else "",
             "b": only_b[k].written if k < len(only_b) else ""}
            for k in range(max(len(only_a), len(only_b)))]


def _pairs(count: int) -> tuple[list[tuple[str, str]], IdfTable]:
    rng = random.Random(15)
    texts = [_sentence(rng) for _ in range(300)]
    return [(rng.choice(texts), rng.choice(texts)) for _ in range(count)], IdfTable.from_texts(texts)


def test_features_are_the_plain_definitions_bit_for_bit():
    pairs, idf = _pairs(600)
    compared = 0
    for x, y in pairs:
        a, b = analyze(x), analyze(y)
        if not a.terms or not b.terms:
            continue
        fast, plain = pair_features(a, b, idf), _reference_features(a, b, idf)
        assert list(fast) == list(plain)
        assert [v.hex() for v in fast.values()] == [v.hex() for v in plain.values()], (x, y)
        compared += 1
    assert compared > 400


def test_conflicts_and_decisions_follow_the_plain_agreement():
    pairs, idf = _pairs(600)
    decisions = set()
    for x, y in pairs:
        a, b = analyze(x), analyze(y)
        result = compare(a, b, MatchSettings(), idf)
        assert result.conflict == _reference_conflicts(a.numbers, b.numbers), (x, y)
        assert number_conflicts(list(a.numbers), list(b.numbers)) == result.conflict
        decisions.add(result.decision)
    assert len(decisions) >= 3  # the pairs reach more than one kind of decision


def _implied_exponent(m) -> int:
    """A mention's precision as first written: one trailing zero of a round integer of three
    digits or more counts as a possible rounding ("770" may stand for 767); years are exact."""
    if m.exponent == 0 and m.kind != "year" and len(m.value) >= 3 and m.value.endswith("0") \
            and m.value.isdigit():
        return 1
    return m.exponent


def _decimal_agree(a, b) -> bool:
    """numbers_agree as first written: Decimal arithmetic for every figure."""
    from decimal import Decimal, localcontext

    if a.value == b.value:
        return True
    ea, eb = _implied_exponent(a), _implied_exponent(b)
    coarse, fine, exponent = (a, b, ea) if ea >= eb else (b, a, eb)
    if exponent <= 0:
        return False
    with localcontext() as ctx:
        ctx.prec = max(28, len(coarse.value) + len(fine.value) + 10)
        quantum = Decimal(1).scaleb(exponent)
        if Decimal(coarse.value) % quantum:
            return False
        diff = Decimal(fine.value) - Decimal(coarse.value)
        return -quantum / 2 <= diff < quantum / 2


def test_whole_number_agreement_is_the_decimal_rule():
    from claims.matching.numbers import NumberMention
    rng = random.Random(7)
    values = ["0", "5", "50", "95", "100", "149", "150", "151", "250", "770", "765", "775", "767",
              "1000", "1500", "2020", "2.5", "3.45", "12345678901234567890123456789012345",
              "2500000", "2450000", "2550000", "800", "750", "850", "849", "751", "3000", "2500", "3500"] + [str(rng.randint(0, 10**rng.randint(1, 9))) for _ in range(150)]
    mentions = [NumberMention(v, v, e, k) for v in values for e in (0, 1, 2, 3, 6) for k in ("", "year")]
    agree = 0
    for _ in range(20000):
        a, b = rng.choice(mentions), rng.choice(mentions)
        expected = _decimal_agree(a, b)
        assert numbers_agree(a, b) == expected, (a, b)
        agree += expected
    assert agree > 100  # both answers are reached

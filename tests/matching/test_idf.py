"""Document frequencies and weights."""

import json

import pytest

from claims.matching import IdfTable
from claims.matching.decision import MatchSettings


def test_rare_terms_weigh_more_than_common_ones():
    table = IdfTable.from_texts(["drones over the city"] * 50 + ["kharkiv drones"])
    assert table.weight("kharkiv") > table.weight("drone")
    assert table.weight("unseen") > table.weight("kharkiv")


def test_empty_corpus_weighs_every_term_alike():
    table = IdfTable()
    assert table.weight("drone") == table.weight("kharkiv") > 0


def test_tiny_corpus_stays_near_uniform():
    table = IdfTable.from_texts(["drones over kharkiv", "drones over kyiv"])
    assert table.weight("drone") / table.weight("kyiv") > 0.9


def test_add_remove_and_plain_dict_round_trip():
    table = IdfTable()
    table.add("drones over Kharkiv")
    table.add("Drones over Kyiv")
    assert table.doc_count == 2 and table.df["drone"] == 2
    table.remove("drones over Kyiv")
    assert table.doc_count == 1 and "kyiv" not in table.df
    data = json.loads(json.dumps(table.to_dict()))
    again = IdfTable.from_dict(data)
    assert again.df == table.df and again.doc_count == 1
    assert again.weight("drone") == table.weight("drone")


def test_a_fixed_table_weighs_as_its_table_and_does_not_change():
    from claims.matching.idf import FixedIdf

    table = IdfTable.from_texts(["drones over kharkiv", "drones over kyiv", "a budget in ohio"])
    fixed = FixedIdf(table)
    for term in ("drone", "kyiv", "budget", "never-seen"):
        assert fixed.weight(term).hex() == table.weight(term).hex()
        assert fixed.weight(term).hex() == table.weight(term).hex()  # remembered: the same
    assert fixed.doc_count == 3 and fixed.df is table.df
    with pytest.raises(TypeError):
        fixed.add("drones over lviv")
    with pytest.raises(TypeError):
        fixed.remove("drones over kyiv")


def test_comparisons_weigh_alike_with_a_fixed_table():
    from claims.matching.decision import compare
    from claims.matching.idf import FixedIdf
    from claims.matching.parallel import compare_pairs, decided

    texts = {1: "The budget in Ohio rose by 9 percent, the governor said.",
             2: "The budget in Ohio rose by 12 percent.",
             3: "Ohio's budget rose 9 percent last year, the governor said.",
             4: "Lagos lost 2,569 bridges in the flood."}
    table = IdfTable.from_texts(list(texts.values()) + ["the governor said", "the flood in Lagos"])
    pairs = [(1, 2), (1, 3), (2, 3), (1, 4)]
    plain = [(a, b, decided(compare(texts[a], texts[b], idf=table))) for a, b in pairs]
    found = compare_pairs(pairs, texts, FixedIdf(table), MatchSettings())
    assert found == [p for p in plain if p[2].decision != "distinct"] and len(found) >= 2

"""Document frequencies and weights."""

import json

from claims.matching import IdfTable


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

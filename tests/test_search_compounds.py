"""A word written with a figure is one key ('COVID-19', 'covid19': `covid19`), written apart two
('covid 19'): search reads each spelling as standing for the others (claims/matching/compounds.py;
pass 25's found-not-fixed: `claims search "covid 19 vaccine"` did not find 'the COVID-19
vaccine' by its first word, and `claims search covid` found no claim that wrote COVID-19).
Both backends; the index is as it was (no rebuild), and the duplicate decision is untouched.
"""

from __future__ import annotations

import json

from claims.matching.compounds import respelled, spelling_weights, written_spellings
from claims.matching.normalize import analyze
from claims.services.importer import import_text
from claims.services.matching import search_in_session, search_pool

CLAIMS = [
    ("hyphen", "The COVID-19 death toll in Ohio passed 2,000 last week, the governor said"),
    ("apart", "Covid 19 infections doubled in Texas schools, a state report claimed"),
    ("joined", "The covid19 jab changes your DNA, according to a viral video"),
    ("summit", "The G20 summit cost the city 40 million dollars, the mayor said"),
    ("other", "Bus fares have not risen in six years, the transit agency said"),
]


def store(db) -> None:
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in CLAIMS)
    import_text(db, lines, name="checked.jsonl", fmt="jsonl")


def found(db, query: str) -> list[str]:
    with db.session() as s:
        return [h.external_id for h in search_in_session(s, query, limit=10)]


def test_a_word_finds_the_claims_that_write_it_with_a_figure(db):
    store(db)
    assert set(found(db, "covid")) == {"hyphen", "apart", "joined"}


def test_a_word_and_a_figure_apart_find_them_run_together_and_the_other_way(db):
    store(db)
    assert {"hyphen", "joined", "apart"} <= set(found(db, "covid 19 deaths"))
    assert {"hyphen", "apart"} <= set(found(db, "covid-19 infections"))
    assert "summit" in found(db, "g 20 costs")


def test_the_claim_written_as_the_query_is_never_scored_below_another_spelling(db):
    """BM25 over the pool: a spelling counts for its query key once, at no more than the key."""
    store(db)
    with db.session() as s:
        pool = search_pool(s, "covid 19")
    scores = {s_id: c.bm_text for c in pool.pool for s_id in [pool.rows[c.id][1]]}
    assert scores["apart"] >= scores["hyphen"] > 0, scores
    assert scores["apart"] <= pool.query_max + 1e-9


def test_the_cli_finds_covid_19_by_covid(invoke, tmp_path):
    source = tmp_path / "checked.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in CLAIMS))
    assert invoke("import", str(source)).exit_code == 0
    out = invoke("search", "covid", "--format", "jsonl")
    assert out.exit_code == 0, out.output
    assert {json.loads(line)["external_id"] for line in out.output.splitlines()} == {"hyphen", "apart", "joined"}


def test_spellings_of_the_query():
    assert written_spellings("covid 19 vaccine") == ({"covid19": "covid"}, ["covid", "vaccine"])
    assert written_spellings("COVID-19")[0] == {"covid": "covid19"}
    assert written_spellings("G 20 summit")[0] == {"g20": "20"}
    # A figure after a common word: its compound stands for the figure (and is in no store).
    assert written_spellings("in 2019")[0] == {"in2019": "2019"}
    # No part a key: 'F-35' does not stand for every claim holding 35.
    assert written_spellings("the F-35 jet")[0] == {}


def test_a_spelling_weighs_no_more_than_its_key_and_alone_counts_in_full():
    weights = {"covid": 1.0, "covid19": 3.0, "vaccin": 2.0}
    w, counts_for = spelling_weights(["covid", "vaccin"], {"covid19": "covid"}, weights.get)
    assert w == {"covid": 1.0, "vaccin": 2.0, "covid19": 1.0} and counts_for["covid19"] == "covid"
    w, _ = spelling_weights(["nowhere", "vaccin"], {"covid19": "nowhere"}, weights.get)
    assert w == {"vaccin": 2.0, "covid19": 3.0}


def scored(db, query: str) -> dict[str, float]:
    with db.session() as s:
        return {h.external_id: h.score for h in search_in_session(s, query, limit=10)}


def test_a_claim_found_by_another_spelling_is_scored_as_written_the_querys_way(db):
    """The reranker, fitted on words, scored 'The COVID-19 death toll ...' 0.02 for `covid`
    (and 'Covid 19 infections ...' 99.99): found, listed last. It now reads the candidate with
    the spelling written as the query writes it."""
    store(db)
    by_word = scored(db, "covid")
    assert min(by_word["hyphen"], by_word["joined"]) > 50, by_word
    assert scored(db, "covid 19 deaths")["hyphen"] > 50
    # As the claim writes it, this query scores low (the model asks more of a longer query);
    # written another way it scores no lower, and first.
    joined = scored(db, "covid19 infections doubled in Texas schools")
    assert joined["apart"] >= scored(db, "covid 19 infections doubled in Texas schools")["apart"]
    assert max(joined, key=joined.get) == "apart"
    assert scored(db, "g 20 costs")["summit"] > 50


def test_respelled_writes_a_spelling_as_the_query_does():
    hyphen = analyze("The COVID-19 death toll")
    assert respelled(hyphen, analyze("covid deaths").words, {"covid19": "covid"}).words == (
        "the", "covid", "death", "toll")
    assert respelled(hyphen, analyze("covid 19 deaths").words, {"covid19": "covid"}).words == (
        "the", "covid", "19", "death", "toll")
    apart = analyze("Covid 19 infections doubled")
    assert respelled(apart, analyze("covid19 infections").words, {"covid": "covid19"}).words == (
        "covid19", "infections", "doubled")
    # A claim holding the query's own key is left as it is, and so is one holding no spelling.
    both = analyze("covid and covid19 cases")
    assert respelled(both, analyze("covid").words, {"covid19": "covid"}) is both
    assert respelled(analyze("bus fares rose"), analyze("covid").words, {"covid19": "covid"}).words == (
        "bus", "fares", "rose")

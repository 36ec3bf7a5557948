"""The candidate index and the retrieval primitives a database index shares."""

from claims.matching import CandidateIndex, IdfTable, index_keys, plan_query, rank_postings, rescore
from claims.matching.retrieval import bm25_length_norm

CLAIMS = {
    "drones": "Iran launched more than 200 drones and missiles at Israel overnight",
    "rates": "The central bank left interest rates unchanged for a third month",
    "vaccine": "The vaccine was tested on 40,000 volunteers before approval",
    "bridge": "The new bridge over the river cost 2 billion dollars to build",
}


def make_index() -> CandidateIndex:
    index = CandidateIndex()
    index.add_many(CLAIMS.items())
    return index


def test_index_keys_are_the_distinct_informative_terms():
    assert index_keys("The drones, the DRONES and 1,000 missiles") == ["drone", "1000", "missile"]


def test_search_finds_the_paraphrase_first():
    index = make_index()
    results = index.search("Israel says Iran fired over 200 drones and missiles", limit=3)
    assert results[0][0] == "drones"
    assert 0 < results[0][1] <= 100
    assert all(a[1] >= b[1] for a, b in zip(results, results[1:], strict=False))


def test_candidates_are_coarse_and_ranked():
    index = make_index()
    candidates = index.candidates("interest rates at the central bank", limit=2)
    assert candidates[0][0] == "rates"
    assert len(candidates) <= 2


def test_remove_and_replace():
    index = make_index()
    assert index.remove("drones") is True
    assert index.remove("drones") is False
    assert "drones" not in index and len(index) == 3
    assert all(doc != "drones" for doc, _ in index.search("Iran drones Israel"))
    index.add("rates", "Iran launched drones at Israel")  # same id, new text
    assert len(index) == 3
    assert index.search("Iran drones Israel")[0][0] == "rates"
    assert index.postings("bank") == []


def test_compaction_keeps_lookups_right():
    index = CandidateIndex()
    for i in range(3000):
        index.add(i, f"claim number {i} about topic{i % 50} and subject{i % 7}")
    for i in range(0, 3000, 2):
        index.remove(i)
    assert len(index) == 1500
    assert index.posting_count < 3000 * 4  # compacted at least once
    top = index.search("claim about topic7 and subject0", limit=5)
    assert top and all(doc % 2 == 1 for doc, _ in top)
    assert index.text(1).startswith("claim number 1 ")


def test_exclude_leaves_the_query_claim_out():
    index = make_index()
    assert index.search(CLAIMS["rates"], exclude="rates")[:1] != [("rates", 100.0)]
    assert index.search(CLAIMS["rates"])[0] == ("rates", 100.0)


def test_empty_and_unknown_queries():
    index = make_index()
    assert index.search("") == []
    assert index.search("the of and") == []
    assert index.candidates("zzyzx quux") == []
    assert CandidateIndex().search("anything") == []


def test_plan_query_keeps_rare_keys_within_a_budget():
    idf = IdfTable({"common": 900, "mid": 50, "rare": 2}, doc_count=1000)
    assert plan_query(["common", "rare", "mid", "absent"], idf, max_postings=100, min_keys=1) == [
        "rare",
        "mid",
    ]
    assert plan_query(["common"], idf, max_postings=10, min_keys=1) == ["common"]


def test_rank_postings_works_on_database_style_postings():
    # What a database would fetch: key -> claim ids, and each claim's number of keys.
    postings = {"drone": [10, 11], "kharkiv": [11]}
    lengths = {10: 5, 11: 6}
    idf = IdfTable({"drone": 2, "kharkiv": 1}, doc_count=100)
    norms = {doc: bm25_length_norm(n, avg_length=5.5) for doc, n in lengths.items()}
    ranked = rank_postings(postings, idf, norms, limit=5)
    assert [doc for doc, _ in ranked] == [11, 10]
    assert rank_postings(postings, idf, norms, limit=5, skip=lambda d: d == 11)[0][0] == 10
    rescored = rescore("drones over Kharkiv", [(10, "drones over Kyiv"), (11, "Kharkiv drones")])
    assert rescored[0][0] == 11

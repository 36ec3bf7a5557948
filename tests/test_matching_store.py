"""Matching against the store: at ingest, through the index, with dupes, search and compare."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, delete, func, select

from claims.matching import index_keys, pair_keys
from claims.models import Claim, ClaimKey, Event, KeyStat, Match
from claims.services import claim_titles, matching, merging
from claims.services.ingest import ingest_paths
from claims.services.matching import (
    list_suggestions,
    match_new_claims,
    rebuild_matches,
    search_claims,
)
from claims.services.queries import claim_detail
from claims.services.store_index import DOCS_KEY, KEYS_VERSION, VERSION_KEY
from claims.services.undo import undo_last
from claims.sources import expand_paths
from tests.conftest import SAMPLES

RIVER = "The river peaked at 7.4 metres on Friday, the highest level recorded since 1987"


def add_claims(db, texts: list[str]) -> list[int]:
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims)
        return [c.id for c in claims]


def test_index_rows_follow_the_claims(db):
    [cid] = add_claims(db, [RIVER])
    with db.session() as s:
        keys = set(s.exec(select(ClaimKey.key).where(ClaimKey.claim_id == cid)))
        assert keys == set(index_keys(RIVER)) | set(pair_keys(index_keys(RIVER)))
        stats = dict(s.exec(select(KeyStat.key, KeyStat.df)).all())
        assert stats.pop(DOCS_KEY) == 1 and stats.pop(VERSION_KEY) == KEYS_VERSION
        assert set(stats.values()) == {1}


def test_duplicate_is_merged_and_explained(db):
    first, second = add_claims(db, [RIVER, "the river had peaked at 7.4 metres on Friday, the highest level recorded since 1987"])
    with db.session() as s:
        match = s.exec(select(Match)).one()
        assert match.state == "confirmed" and match.decided_by == "claims"
        explanation = json.loads(match.explanation)
        assert "river" in explanation["shared"] and explanation["scorer"]
        assert s.get(Claim, second).canonical_id == first
    assert len(claim_detail(db, second).members) == 1


def test_numbers_that_disagree_are_a_conflict_never_merged(db):
    a, b = add_claims(db, ["More than 200 drones were launched at Israel from Iran on Saturday night",
                           "More than 300 drones were launched at Israel from Iran on Saturday night"])
    [s] = list_suggestions(db)
    assert s.conflict and {s.claim_a_id, s.claim_b_id} == {a, b}
    assert {"a": "200", "b": "300"}.items() <= s.explanation["conflict"][0].items()
    with db.session() as session:
        assert session.get(Claim, b).canonical_id is None


def test_short_claims_are_only_suggested(db):
    add_claims(db, ["Fares have not risen", "Fares have not risen."])
    [s] = list_suggestions(db)
    assert s.state == "suggested"


def test_ingest_matches_across_articles_and_rebuild_keeps_decisions(db):
    ingest_paths(db, expand_paths([str(SAMPLES)]))
    pending = list_suggestions(db)
    assert pending
    with db.session() as s:
        merged = s.exec(select(func.count()).select_from(Claim).where(Claim.canonical_id.is_not(None))).one()
    assert merged >= 2  # the same quote in several outlets became one claim
    from claims.services.clusters import decide_matches

    decide_matches(db, [pending[0].match_id], accept=False, reviewer="ana")
    rebuild_matches(db)
    with db.session() as s:
        assert s.get(Match, pending[0].match_id).state == "rejected"
        assert s.exec(select(func.count()).select_from(ClaimKey)).one() > 0
    undo_last(db, reviewer="ana")
    with db.session() as s:
        assert s.get(Match, pending[0].match_id).state == "suggested"


def test_search_ranks_the_same_claim_first(db):
    ids = add_claims(db, [RIVER, "Fares have not risen in six years, the mayor said",
                          "Ridership fell by 18 percent last year"])
    hits = search_claims(db, "how high did the river peak, 7.4 metres?", limit=2)
    assert hits[0].claim_id == ids[0] and hits[0].score > 0


def test_cli_dupes_search_compare(invoke, runner, tmp_path):
    invoke("ingest", str(SAMPLES))
    listed = invoke("dupes", "--format", "jsonl")
    records = [json.loads(x) for x in listed.stdout.splitlines()]
    assert records and {"match_id", "score", "shared", "only_a", "only_b", "numbers"} <= records[0].keys()
    accepted = invoke("dupes", "--accept", str(records[0]["match_id"]))
    assert accepted.exit_code == 0 and "accepted 1" in accepted.stderr
    remaining = [json.loads(x)["match_id"] for x in invoke("dupes", "--format", "jsonl").stdout.splitlines()]
    assert records[0]["match_id"] not in remaining

    queries = tmp_path / "q.tsv"
    queries.write_text("q1\triver peak 7.4 metres\nq2\tbus ridership fell 18 percent\n", encoding="utf-8")
    out = invoke("search", "--queries", str(queries), "--format", "jsonl", "--limit", "3")
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert {r["query_id"] for r in rows} == {"q1", "q2"}
    assert all({"query_id", "rank", "claim_id", "external_id", "score"} <= r.keys() for r in rows)

    from tui.entry import cli

    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("200 drones hit the base\t300 drones hit the base\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", "--pairs", str(pairs), "--format", "jsonl"])
    [row] = [json.loads(x) for x in result.stdout.splitlines()]
    assert row["decision"] in ("conflict", "distinct") and row["conflict"]
    one = runner.invoke(cli, ["compare", "a b c", "--format", "jsonl"])
    assert one.exit_code == 1 and "two texts" in one.stderr


def test_import_matches_as_it_goes(db, tmp_path):
    from claims.services.importer import import_text

    add_claims(db, [RIVER])
    report = import_text(db, json.dumps({"id": "fc-9", "text": RIVER.lower() + "."}) + "\n", name="a.jsonl")
    assert report.matches.duplicates == 1
    with db.session() as s:
        assert s.exec(select(Claim).where(Claim.external_id == "fc-9")).one().canonical_id is not None


def test_bulk_matching_finds_the_same_pairs(db, monkeypatch):

    texts = [RIVER, "the river had peaked at 7.4 metres on Friday, the highest level recorded since 1987",
             "More than 200 drones were launched at Israel from Iran on Saturday night",
             "More than 300 drones were launched at Israel from Iran on Saturday night",
             "Ridership fell by 18 percent last year"]
    monkeypatch.setattr(matching, "BULK_MIN_CLAIMS", 2)
    add_claims(db, texts)
    with db.session() as s:
        states = sorted((m.state, m.conflict) for m in s.exec(select(Match)))
        assert s.exec(select(func.count()).select_from(ClaimKey)).one() == sum(len(index_keys(t)) + len(pair_keys(index_keys(t))) for t in texts)
    assert states == [("confirmed", False), ("suggested", True)]


def test_bulk_merge_joins_clusters_confirms_within_and_undoes_as_one(db):
    from claims.services.merging import merge_pairs

    with db.session() as s:
        claims = [Claim(text=f"claim {i}") for i in range(4)]
        s.add_all(claims)
        s.flush()
        a, b, c, d = (x.id for x in claims)
        s.get(Claim, c).canonical_id = b  # an existing cluster: c under b
        s.get(Claim, d).verdict, s.get(Claim, d).status = "false", "verified"
        s.add(Match(claim_a_id=a, claim_b_id=c, score=60, scorer="t"))
    with db.session() as s:
        moved = merge_pairs(s, [(a, b), (c, d)], batch="bulk-1")
    assert moved == 3  # b and its member c, then d (merged with c: into c's cluster)
    with db.session() as s:
        assert {x.id: x.canonical_id for x in s.exec(select(Claim))} == {a: None, b: a, c: a, d: a}
        head = s.get(Claim, a)
        assert head.verdict == "false" and head.status == "verified" and head.version == 2
        assert s.exec(select(Match)).one().state == "confirmed"
        events = s.exec(select(Event).where(Event.batch == "bulk-1")).all()
        assert {(e.claim_id, e.field, e.old, e.new) for e in events if e.field == "canonical_id"} == {
            (b, "canonical_id", None, str(a)), (c, "canonical_id", str(b), str(a)),
            (d, "canonical_id", None, str(a))}
    undo_last(db, reviewer="claims")
    with db.session() as s:
        assert {x.id: x.canonical_id for x in s.exec(select(Claim))} == {a: None, b: None, c: b, d: None}
        assert s.get(Claim, a).verdict is None and s.exec(select(Match)).one().state == "suggested"


def test_rebuild_remakes_an_index_that_misses_claims(db):
    texts = [RIVER, "the river had peaked at 7.4 metres on Friday, the highest level recorded since 1987",
             "Ridership fell by 18 percent last year"]
    with db.session() as s:  # stored without matching: the index does not know them
        s.add_all([Claim(text=t) for t in texts])
    summary = rebuild_matches(db)
    assert summary.duplicates == 1
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(ClaimKey)).one() == sum(len(index_keys(t)) + len(pair_keys(index_keys(t))) for t in texts)
        assert s.get(KeyStat, DOCS_KEY).df == 3
    assert rebuild_matches(db).duplicates == 1  # current now: matches only, the same ones


def test_an_index_without_bookkeeping_rows_counts_itself(db):
    add_claims(db, [RIVER, "Ridership fell by 18 percent last year"])
    with db.session() as s:  # as an index made before the bookkeeping rows existed
        s.exec(delete(KeyStat).where(col(KeyStat.key).in_([DOCS_KEY, VERSION_KEY])))
    add_claims(db, ["Fares have not risen in six years, the mayor said"])
    with db.session() as s:
        assert s.get(KeyStat, DOCS_KEY).df == 3 and s.get(KeyStat, VERSION_KEY) is None


def test_index_lookups_use_indexes(db):
    """Every query a lookup or a bulk merge makes reads through an index, never a scan."""
    if db.engine.dialect.name != "sqlite":
        return  # the plans below are SQLite's; PostgreSQL plans by table statistics
    add_claims(db, [RIVER, "Ridership fell by 18 percent last year"])
    queries = [
        "SELECT key, claim_id FROM claim_key WHERE key IN ('river', 'peak')",
        "SELECT key, df FROM key_stat WHERE key IN ('river', '#docs')",
        "SELECT key FROM claim_key WHERE claim_id = 1",
        "SELECT claim_a_id, claim_b_id FROM match WHERE claim_a_id IN (1, 2)",
        "SELECT id, canonical_id FROM claim WHERE canonical_id IN (1, 2)",
        "SELECT id, text FROM claim WHERE id > 5 ORDER BY id LIMIT 20000",
        "SELECT id, claim_a_id, claim_b_id, state FROM match WHERE claim_a_id IN (1, 2)",
    ]
    with db.engine.connect() as conn:
        for sql in queries:
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert plan.startswith("SEARCH") and "USING" in plan and "SCAN" not in plan, (sql, plan)
            if "FROM match" in sql:
                assert "(claim_a_id=?)" in plan, plan
        # A merge's reads (the claims' heads, the members of the heads merged, the matches
        # within the clusters merged into) and the titles of new claims.
        for sql in (merging._HEADS_OF, merging._MEMBERS, merging._MATCHES_WITHIN, claim_titles._TITLES_OF):
            sql = sql.replace("{ids}", "IN (1, 2)")
            plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
            assert not any(step.startswith("SCAN") for step in plan), (sql, plan)
            assert any(step.startswith("SEARCH") for step in plan), (sql, plan)


def test_search_finds_claims_in_any_script(db):
    """Issue 15, finding 8: Arabic and Hebrew words are index keys like English ones."""
    ids = add_claims(db, [
        "قال الوزير إن الميزانية ارتفعت بنسبة كبيرة هذا العام",
        "אמר השר כי התקציב גדל השנה בשיעור חד",
        RIVER,
    ])
    assert search_claims(db, "الميزانية ارتفعت", limit=3)[0].claim_id == ids[0]
    assert search_claims(db, "התקציב", limit=3)[0].claim_id == ids[1]
    assert [h.claim_id for h in search_claims(db, "東京都", limit=3)] == []


def test_search_finds_a_thai_word_inside_a_run_without_spaces(db):
    """Thai is written without spaces between words: a word is found inside a longer run."""
    ids = add_claims(db, [
        "งบประมาณเพิ่มขึ้น 12 เปอร์เซ็นต์ ในปีนี้ รัฐมนตรีกล่าว",  # the budget rose 12 percent ...
        "ราคาน้ำมันลดลงสามเปอร์เซ็นต์ในเดือนมีนาคม",  # oil prices fell three percent in March
        RIVER,
    ])
    assert search_claims(db, "งบประมาณ", limit=3)[0].claim_id == ids[0]
    assert search_claims(db, "น้ำมัน", limit=3)[0].claim_id == ids[1]


def test_a_long_arabic_claim_is_merged_like_an_english_one(db):
    text = "قال الوزير إن الميزانية ارتفعت بنسبة كبيرة هذا العام في كل المحافظات الشمالية"
    first, second = add_claims(db, [text, "وقال الوزير إن الميزانية ارتفعت بنسبة كبيرة هذا العام في كل المحافظات الشمالية"])
    with db.session() as s:
        match = s.exec(select(Match)).one()
        assert match.state == "confirmed", json.loads(match.explanation)["reason"]
        assert s.get(Claim, second).canonical_id == first


def test_search_warns_when_the_index_predates_the_key_scheme(invoke, db_path):
    from db import Database

    invoke("ingest", str(SAMPLES))
    database = Database(str(db_path))
    with database.session() as s:
        s.get(KeyStat, VERSION_KEY).df = KEYS_VERSION - 1
    database.close()
    result = invoke("search", "river")
    assert "dupes --rebuild" in result.stderr
    invoke("dupes", "--rebuild")
    assert "dupes --rebuild" not in invoke("search", "river").stderr


@pytest.mark.parametrize("bulk", [False, True])
def test_a_retelling_whose_rarest_words_are_new_is_still_compared(db, bulk):
    """Blocks are the rarest keys some other claim holds: a retelling whose three rarest keys
    are its own (three misspelt names; a Thai word added, three new character pairs) is
    still met through the words it shares."""
    english = "Mayor Adaeze Okonkwo said the Brixton bridge repairs will cost 40 million pounds this year"
    thai = "งบประมาณเพิ่มขึ้น 12 เปอร์เซ็นต์ ในปีนี้ รัฐมนตรีกล่าว"
    texts = [english, thai, RIVER,
             english.replace("Adaeze Okonkwo", "Adaze Okonkow").replace("Brixton", "Brixtn"), thai + " ไว้"]
    with db.session() as s:
        claims = [Claim(text=t) for t in texts]
        s.add_all(claims)
        s.flush()
        match_new_claims(s, claims, bulk=bulk)
        ids = [c.id for c in claims]
    with db.session() as s:
        pairs = {(m.claim_a_id, m.claim_b_id) for m in s.exec(select(Match))}
    assert {(ids[0], ids[3]), (ids[1], ids[4])} <= pairs


def test_a_pair_found_twice_in_a_batch_is_stored_once_across_chunks(db, monkeypatch):
    """Only a chunk's pairs are held while storing; a pair met again in a later chunk is
    found among those stored (same transaction) and skipped, as it was by a set of all."""
    from claims.matching import compare

    monkeypatch.setattr(merging, "APPLY_CHUNK", 2)
    conflict = compare(RIVER, RIVER.replace("7.4", "7.9"))
    with db.session() as s:
        claims = [Claim(text=t) for t in (RIVER, RIVER.replace("7.4", "7.9"), RIVER.replace("7.4", "8.1"))]
        s.add_all(claims)
        s.flush()
        a, b, c = (x.id for x in claims)
        found = [(a, b, conflict), (a, c, conflict), (b, a, conflict), (c, a, conflict), (b, c, conflict),
                 (c, b, conflict)]
        summary = merging.store_found(s, iter(found), "test")
    assert summary.conflicts == 3
    with db.session() as s:
        stored = s.exec(select(Match.claim_a_id, Match.claim_b_id, Match.conflict, Match.state)).all()
    assert sorted(stored) == [(a, b, True, "suggested"), (a, c, True, "suggested"), (b, c, True, "suggested")]


def _outdate_index(db_path) -> None:
    from db import Database

    database = Database(str(db_path))
    with database.session() as s:
        s.get(KeyStat, VERSION_KEY).df = KEYS_VERSION - 1
    database.close()


def test_ingest_and_import_warn_once_when_the_index_predates_the_key_scheme(invoke, db_path, tmp_path):
    """Until `dupes --rebuild`, new claims are matched through an older desk's old keys:
    ingest and import say so once (search did; they said nothing)."""
    def article(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text + "\n")
        return str(path)

    def claims_file(name: str, text: str) -> str:
        return article(name, json.dumps({"text": text}))

    invoke("ingest", str(SAMPLES))
    fresh = invoke("ingest", article("a.txt", "The council said the Brixton bridge repairs will cost 40 million pounds."))
    assert "dupes --rebuild" not in fresh.stderr  # a current index: no word
    _outdate_index(db_path)
    for result in (invoke("ingest", article("b.txt", "The minister said 200 new homes were built in Ohio last year.")),
                   invoke("import", claims_file("c.jsonl", "The mayor said river levels rose by 3 metres overnight."))):
        assert result.exit_code == 0, result.stderr
        assert result.stderr.count("`claims dupes --rebuild` remakes it") == 1, result.stderr
    invoke("dupes", "--rebuild")
    assert "dupes --rebuild" not in invoke("import", claims_file("d.jsonl", "Harbour tolls doubled in May, the port said.")).stderr

"""Titles in search (issue 13, item 4): a claim is found by the title of the article or
fact-check it appeared under, and titles never touch the decision whether two claims match."""

from __future__ import annotations

import json

from sqlmodel import func, select

from claims.matching import index_keys
from claims.matching.rerank import TITLE_PREFIX, title_keys
from claims.models import ClaimKey, KeyStat, Match
from claims.services.claim_titles import keys_of_titles, title_keys_of
from claims.services.importer import import_text
from claims.services.matching import rebuild_matches, search_claims
from claims.services.store_index import StoreIndex
from claims.services.undo import undo_last

VACCINE = "A photograph shows a nurse collapsing right after she received the vaccine"
TITLE = "Did a Tennessee Nurse Faint After Getting the Pfizer COVID-19 Vaccine?"
OTHERS = [
    ("other-1", "The mayor said fares have not risen in six years", "Fares Frozen Since 2018?"),
    ("other-2", "Ridership fell by 18 percent last year, the transit agency reported", None),
    ("other-3", "A nurse in Ohio was fired for refusing to work a double shift", "Ohio Nurse Fired"),
]


def records(with_title: bool = True) -> str:
    rows = [{"id": "vaccine", "text": VACCINE, **({"title": TITLE} if with_title else {})}]
    rows += [{"id": i, "text": t, **({"title": h} if h and with_title else {})} for i, t, h in OTHERS]
    return "".join(json.dumps(r) + "\n" for r in rows)


def title_rows(db) -> dict[int, set[str]]:
    with db.session() as s:
        rows = s.exec(select(ClaimKey.claim_id, ClaimKey.key)).all()
    out: dict[int, set[str]] = {}
    for cid, key in rows:
        if key.startswith(TITLE_PREFIX):
            out.setdefault(cid, set()).add(key)
    return out


def test_title_words_find_the_claim(db):
    import_text(db, records(), name="checked.jsonl", fmt="jsonl")
    # "Tennessee" and "Pfizer" stand only in the title: without it the nurse in Ohio would do as well.
    hits = search_claims(db, "Tennessee nurse fainted on live TV after the Pfizer shot", limit=3)
    assert hits[0].external_id == "vaccine"
    assert 0 <= hits[-1].score <= hits[0].score <= 100


def test_without_titles_the_title_words_find_nothing(db):
    import_text(db, records(with_title=False), name="checked.jsonl", fmt="jsonl")
    assert title_rows(db) == {}
    hits = search_claims(db, "Tennessee Pfizer", limit=3)
    assert hits == []


def test_title_keys_are_indexed_apart_and_counted(db):
    report = import_text(db, records(), name="checked.jsonl", fmt="jsonl")
    first = report.claim_ids[0]
    assert title_rows(db)[first] == set(title_keys(TITLE))
    with db.session() as s:
        index = StoreIndex(s)
        # A neighbour's keys are its own only (not its title's), with their document frequencies.
        neighbours, idf = index.block_neighbours(index_keys(VACCINE)[:1], before=first + 1)
        assert sorted(neighbours[first]) == sorted(index_keys(VACCINE))
        assert set(idf.df) == set(index_keys(VACCINE)) and min(idf.df.values()) >= 1
        [pfizer], [nurse] = title_keys("Pfizer"), title_keys("nurse")
        assert (s.get(KeyStat, pfizer).df, s.get(KeyStat, nurse).df) == (1, 2)
        assert index.doc_count() == 4


def test_the_same_title_never_makes_a_match(db):
    same = "Viral Claims Checked This Week"
    rows = [{"id": "a", "text": "The governor cut school funding by 40 percent in 2023", "title": same},
            {"id": "b", "text": "A shark was seen swimming on a flooded highway in Florida", "title": same}]
    import_text(db, "".join(json.dumps(r) + "\n" for r in rows), name="t.jsonl", fmt="jsonl")
    rebuild_matches(db, reindex=True)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Match)).one() == 0


def test_rebuild_remakes_title_keys_and_undo_removes_them(db):
    import_text(db, records(), name="checked.jsonl", fmt="jsonl", reviewer="ana")
    before = title_rows(db)
    assert len(before) == 3
    rebuild_matches(db, reindex=True)
    assert title_rows(db) == before
    undo_last(db, reviewer="ana")
    assert title_rows(db) == {}
    with db.session() as s:
        left = [k for k in s.exec(select(KeyStat.key)).all() if k.startswith(TITLE_PREFIX)]
    assert left == []


def test_cli_search_queries_uses_titles(invoke, tmp_path):
    source = tmp_path / "checked.jsonl"
    source.write_text(records(), encoding="utf-8")
    assert invoke("import", str(source)).exit_code == 0
    queries = tmp_path / "tweets.tsv"
    queries.write_text("t1\tTennessee nurse fainted after the Pfizer shot\nt2\tfares frozen since 2018\n",
                       encoding="utf-8")
    out = invoke("search", "--queries", str(queries), "--limit", "2", "--format", "jsonl")
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    best = {r["query_id"]: r["external_id"] for r in rows if r["rank"] == 1}
    assert best == {"t1": "vaccine", "t2": "other-1"}


def test_a_new_claims_titles_come_with_its_key_counts(db):
    """A new claim's title and its keys' counts are read in one statement (issue 13: one
    round trip less on PostgreSQL): the first titled article it appeared in (a blank title
    passed over), the counts as `idf_for` reads them."""
    from claims.models import Appearance, Article, Claim

    import_text(db, records(), name="checked.jsonl", fmt="jsonl")
    with db.session() as s:
        claim = Claim(text=VACCINE + " again")
        untitled, blank, first, second = (Article(title=t, text="x", content_hash=str(i))
                                          for i, t in enumerate([None, "  ", "Nurse Faints: Fact Check", TITLE]))
        s.add_all([claim, untitled, blank, first, second])
        s.flush()
        # Appearance ids in the order they are read: the blank title first, then two titled.
        for n, article in enumerate([untitled, blank, first, second]):
            s.add(Appearance(claim_id=claim.id, article_id=article.id, quote="q", start=n, end=n + 1))
            s.flush()
        keys = index_keys(claim.text)
        index = StoreIndex(s)
        idf, titles = index.idf_with_titles(keys, [claim.id])
        assert titles == {claim.id: "Nurse Faints: Fact Check"}
        assert keys_of_titles(titles) == title_keys_of(s, [claim.id])
        alone = StoreIndex(s).idf_for(keys)
        assert (idf.df, idf.doc_count) == (alone.df, alone.doc_count)
        assert idf.df and idf.doc_count == 4

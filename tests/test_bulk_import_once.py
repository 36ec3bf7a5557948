"""The bulk path's own work (issue 13): an import checks each record once (the first pass
keeps the first `KEEP_RECORDS` good records for the second, which checks only those after
them again); the keyset rows missing are found by claim, not by scanning every posting."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from claims.models import KEY_SEPARATOR, Claim
from claims.services import importer
from claims.services.importer import import_text
from claims.services.store_index import StoreIndex
from db import Database


def _text() -> str:
    lines = []
    for i in range(12):
        if i in (3, 8):
            lines.append('{"text": ')  # bad: named, skipped with --skip-bad
        elif i == 5:
            lines.append(json.dumps({"id": "q1", "text": "again the first id"}))  # a duplicate id: bad
        else:
            lines.append(json.dumps({"id": f"q{i}", "text": f"claim number {i} about the harbour fares",
                                     "checkworthiness": 0.5, "url": f"https://x.example/{i}" if i % 2 else None}))
    return "\n".join(lines) + "\n"


def _stored(db) -> list[tuple]:
    with db.session() as s:
        return [(c.external_id, c.text, c.checkworthiness) for c in s.exec(select(Claim).order_by(Claim.id))]


@pytest.mark.parametrize("keep", [0, 1, 4, 1_000])
def test_each_record_is_checked_once_while_kept_and_the_store_is_the_same(db, monkeypatch, keep):
    calls: list[str] = []
    check = importer.check_record

    def counted(raw, where, settings, **kw):
        calls.append(where)
        return check(raw, where, settings, **kw)

    monkeypatch.setattr(importer, "check_record", counted)
    monkeypatch.setattr(importer, "KEEP_RECORDS", keep)
    report = import_text(db, _text(), name="a.jsonl", skip_bad=True)
    assert report.imported == 9 and len(report.bad) == 3
    assert [str(b).split(":")[0] for b in report.bad] == ["line 4", "line 6", "line 9"]
    good = ["line 1", "line 2", "line 3", "line 5", "line 7", "line 8", "line 10", "line 11", "line 12"]
    # every record once in the first pass (the duplicate id too: it is a record, checked), the
    # good ones past the kept again in the second; the bad never again
    rechecked = good[min(keep, 9):]
    assert calls == [f"line {i}" for i in range(1, 13) if i not in (4, 9)] + rechecked
    assert _stored(db) == [(f"q{i}", f"claim number {i} about the harbour fares", 0.5)
                           for i in range(12) if i not in (3, 5, 8)]


@pytest.mark.parametrize(("keep", "resume"), [(0, 0), (1, 1), (4, 5), (1_000, 12)])
def test_the_second_pass_parses_only_the_lines_after_the_records_kept(db, monkeypatch, keep, resume):
    """The kept records' lines (and the bad among them) are passed over unparsed: the second
    pass parsed every line again, the first `resume` only to leave them out (a 100k import
    parsed its whole file twice)."""
    from claims import untrusted

    parsed: list[str] = []
    loads = untrusted.json_loads

    def counted(line, **kw):
        parsed.append(line)
        return loads(line, **kw)

    monkeypatch.setattr(untrusted, "json_loads", counted)
    monkeypatch.setattr(importer, "KEEP_RECORDS", keep)
    lines = _text().splitlines()
    report = import_text(db, _text(), name="a.jsonl", skip_bad=True)
    assert report.imported == 9 and len(report.bad) == 3
    assert parsed == lines + lines[resume:]
    assert _stored(db) == [(f"q{i}", f"claim number {i} about the harbour fares", 0.5)
                           for i in range(12) if i not in (3, 5, 8)]


def test_kept_records_are_let_go_of_as_they_are_stored():
    records = [object() for _ in range(3)]
    held = list(records)
    taken = importer._taken(held)
    assert next(taken) is records[0] and len(held) == 2
    assert list(taken) == records[1:] and held == []


# -- fill_keysets: found by claim ---------------------------------------------------------


def _indexed(db, claims: int, keys: int) -> None:
    """`claims` claims indexed under `keys` keys each (each with its keyset row)."""
    with db.session() as s:
        rows = [Claim(text=f"claim {i}") for i in range(claims)]
        s.add_all(rows)
        s.flush()
        StoreIndex(s).add([(c.id, [f"k{c.id}x{j}" for j in range(keys)]) for c in rows])
        s.commit()


def _fill_steps(db) -> tuple[int, int]:
    """SQLite's virtual machine steps of one `fill_keysets` (rolled back), and rows filled."""
    with db.session() as s:
        index = StoreIndex(s)
        index.doc_count()
        raw = s.connection().connection.dbapi_connection
        steps = [0]

        def step() -> int:
            steps[0] += 1
            return 0

        raw.set_progress_handler(step, 1)
        try:
            filled = index.fill_keysets()
        finally:
            raw.set_progress_handler(None, 1)
        s.rollback()
    return steps[0], filled


def test_keysets_are_filled_by_claim_not_by_scanning_every_posting(tmp_path):
    few, many = Database(f"sqlite:///{tmp_path / 'few.db'}"), Database(f"sqlite:///{tmp_path / 'many.db'}")
    _indexed(few, 200, 2)
    _indexed(many, 200, 40)  # twenty times the postings, as many claims
    (a, filled_a), (b, filled_b) = _fill_steps(few), _fill_steps(many)
    assert filled_a == filled_b == 0
    assert b < 1.5 * a, (a, b)  # was ~20 times: every posting looked at


def test_fill_keysets_fills_the_rows_missing_and_only_those(db):
    _indexed(db, 6, 3)
    with db.session() as s:
        s.add_all([Claim(text="of no own key"), Claim(text="not indexed yet")])
        s.flush()
        ids = list(s.exec(select(Claim.id).order_by(Claim.id)))
        s.connection().exec_driver_sql(f"DELETE FROM claim_keyset WHERE claim_id IN ({ids[1]}, {ids[4]})")
        StoreIndex(s).add([(ids[6], ["p:0000000000000001", "t:harbour"])])  # no own key: no row
        assert StoreIndex(s).fill_keysets() == 2
        assert StoreIndex(s).fill_keysets() == 0
        rows = dict(s.connection().exec_driver_sql("SELECT claim_id, keys FROM claim_keyset").all())
    assert sorted(rows) == ids[:6]
    for cid in (ids[1], ids[4]):
        keys = rows[cid] if isinstance(rows[cid], list) else rows[cid].split("\x1f")
        assert sorted(keys) == [f"k{cid}x{j}" for j in range(3)]


def test_bulk_candidates_counts_follow_the_claims_added_after_they_were_read():
    from claims.matching import BulkCandidates

    bulk = BulkCandidates()
    bulk.add(["harbour", "fares", "harbour"])
    bulk.add(["fares"])
    assert bulk.document_frequencies() == {"harbour": 1, "fares": 2}
    bulk.add(["fares", "tunnel"])
    bulk.add(["harbour"])  # no new key: the counts are made again all the same
    assert bulk.document_frequencies() == {"harbour": 2, "fares": 3, "tunnel": 1}


def test_a_bulk_batch_is_indexed_as_claim_by_claim_whatever_its_words(tmp_path):
    """SQLite's staged postings (a row a claim, its keys as JSON) and the counts held until
    settled come out as the claim-by-claim path writes them: words of any script, quotes,
    backslashes."""
    from claims.matching import index_keys, pair_keys
    from claims.services.matching import match_new_claims

    texts = ['the "harbour" fares rose 7 percent', "Η Ελλάδα αύξησε τα ναύλα κατά 7%", "北京 地铁 票价 上涨",
             r"a back\slash and a tab	in the tunnel fares", "the harbour fares rose 7 percent again"] * 3

    def indexed(bulk: bool) -> tuple[set, dict]:
        db = Database(f"sqlite:///{tmp_path / f'{bulk}.db'}")
        with db.session() as s:
            claims = [Claim(text=t) for t in texts]
            s.add_all(claims)
            s.flush()
            match_new_claims(s, claims, bulk=bulk)
            postings = set(s.connection().exec_driver_sql("SELECT key, claim_id FROM claim_key").all())
            counts = dict(s.connection().exec_driver_sql("SELECT key, df FROM key_stat").all())
            s.commit()
        db.close()
        return postings, counts

    by_claim, bulk = indexed(False), indexed(True)
    assert bulk == by_claim
    expected = {(k, i) for i, t in enumerate(texts, 1) for k in index_keys(t) + pair_keys(index_keys(t))}
    assert bulk[0] == expected and bulk[1]["ελλαδα"] == bulk[1]["北"] == 3 and bulk[1]["#docs"] == len(texts)


def test_an_indexed_page_writes_the_keysets_its_keys_make_without_sorting_them_out(db, monkeypatch):
    """`_index_keyed` gives the index each claim's own keys (its word keys) beside its postings
    (word, pair and title keys): the keyset rows are those `_keysets` sorts out of the
    postings, which it no longer runs for a page (a prefix test a posting, 1.7M at 100k).
    Texts with colons too: no word key holds one, so none passes for a pair or title key."""
    from claims.matching import index_keys, pair_keys
    from claims.services import matching, store_index

    texts = ["At 10:30 the t:1 ratio was 3:1 in p:2 https://x.example/a:b", "Fares rose 12% in 2023 (p: t:)",
             "The river peaked at 7.4 metres", ""]
    with db.session() as s:
        claims = [Claim(text=t or "x") for t in texts]
        s.add_all(claims)
        s.flush()
        keyed = [(c.id, index_keys(t), pair_keys(index_keys(t))) for c, t in zip(claims, texts, strict=True)]
        assert all(":" not in k for _, keys, _ in keyed for k in keys)
        sorted_out: list = []
        keysets = store_index._keysets
        monkeypatch.setattr(store_index, "_keysets", lambda items: sorted_out.append(items) or keysets(items))
        index = StoreIndex(s)
        given = matching._index_keyed(s, index, keyed)
        assert sorted_out == []  # the page's own keys were given, not sorted out
        rows = dict(s.connection().exec_driver_sql("SELECT claim_id, keys FROM claim_keyset").all())
        postings = s.connection().exec_driver_sql("SELECT claim_id, key FROM claim_key").all()
    by_claim: dict[int, list[str]] = {}
    for cid, key in postings:
        by_claim.setdefault(cid, []).append(key)
    expected = dict(keysets([(cid, sorted(keys)) for cid, keys in by_claim.items()]))
    stored = {cid: sorted(v if isinstance(v, list) else v.split(KEY_SEPARATOR)) for cid, v in rows.items()}
    assert stored == {cid: sorted(keys) for cid, keys in expected.items()}
    assert stored and [cid for cid, keys in given if keys] == sorted(stored)


def test_claim_texts_are_read_by_the_driver_in_parts_and_given_ones_kept(db):
    """`_claim_texts` (the texts a comparison chunk needs): read 500 ids at a time through
    the driver, not SQLAlchemy's statement of 500 parameters; a text given is not read."""
    from sqlalchemy import event

    from claims.services.matching import _claim_texts

    with db.session() as s:
        claims = [Claim(text=f"claim {i}, with a comma and 'quotes'") for i in range(1_203)]
        s.add_all(claims)
        s.flush()
        ids = [c.id for c in claims]
        seen: list[str] = []

        def note(conn, cursor, sql, *rest):
            seen.append(sql)

        event.listen(db.engine, "before_cursor_execute", note)
        given = {ids[0]: "given, not read"}
        texts = _claim_texts(s, [*ids, *ids[:10]], given)  # an id twice is read once
        event.remove(db.engine, "before_cursor_execute", note)
    assert texts == {**{c.id: c.text for c in claims}, ids[0]: "given, not read"}
    # the driver's own cursor: no statement went through SQLAlchemy's execution
    assert not [sql for sql in seen if "FROM claim" in sql]

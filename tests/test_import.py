"""`claims import`: JSONL and CSV in, all or nothing, bad records named by line."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim
from claims.services.import_reading import decode_input
from claims.services.import_records import ImportFailed
from claims.services.importer import import_text


def _count(db, model=Claim) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _claims(db) -> list[Claim]:
    with db.session() as s:
        return list(s.exec(select(Claim).order_by(Claim.id)))


def jsonl(*records) -> str:
    return "\n".join(json.dumps(r) if not isinstance(r, str) else r for r in records) + "\n"


def test_jsonl_fields_are_stored(db):
    text = jsonl(
        {"id": "fc-1", "text": "  Fares have not risen in six years. ", "speaker": "Ines Caldera",
         "date": "2026-03-20", "url": "https://courier.example/fares", "outlet": "Harbour Courier",
         "title": "Fares row", "status": "verified", "verdict": "Mostly False",
         "note": "They rose in 2023", "evidence": ["https://transit.example/fares-2023"],
         "rating_source": "desk", "tags": ["transit", "fares"]},
        {"text": "The river peaked at 7.4 metres", "date": "2026-03"},
    )
    report = import_text(db, text, name="archive.jsonl")
    assert report.imported == 2 and report.format == "jsonl"
    assert dict(report.extra_fields) == {"rating_source": 1, "tags": 1}
    first, second = _claims(db)
    assert first.text == "Fares have not risen in six years."
    assert first.external_id == "fc-1"
    assert (first.status, first.verdict, first.verdict_note) == ("verified", "mostly_false", "They rose in 2023")
    assert json.loads(first.evidence) == ["https://transit.example/fares-2023"]
    assert json.loads(first.extra) == {"rating_source": "desk", "tags": ["transit", "fares"]}
    assert (first.claim_date, first.date_precision) == ("2026-03-20", "day")
    assert (second.claim_date, second.date_precision, second.status) == ("2026-03", "month", "unverified")
    with db.session() as s:
        app = s.exec(select(Appearance).where(Appearance.claim_id == first.id)).one()
        article = s.get(Article, app.article_id)
        assert article.url == "https://courier.example/fares" and article.title == "Fares row"
        assert article.text[app.start:app.end] == app.quote == first.text
    assert _count(db, Appearance) == 1  # the second record said nowhere where it appeared


def test_a_verdict_alone_means_verified(db):
    import_text(db, jsonl({"text": "x is y", "verdict": "false"}), name="a.jsonl")
    assert _claims(db)[0].status == "verified"


def test_claim_in_an_article_already_stored_points_into_it(db):
    from claims.services.ingest import ingest_source
    from claims.sources import ArticleSource

    body = "The council report, published on Monday, found the bridge cost 3 million euros in all."
    ingest_source(db, ArticleSource(source="t", text=body, header={}), url="https://ledger.example/bridge")
    report = import_text(db, jsonl({"text": "the bridge cost 3 million euros", "url": "https://ledger.example/bridge"},
                                   {"text": "the bridge cost 3 million euros", "url": "https://ledger.example/bridge",
                                    "id": "again"}),
                         name="a.jsonl")
    with db.session() as s:
        first, second = (s.exec(select(Appearance).where(Appearance.claim_id == cid)).one()
                         for cid in report.claim_ids)
        article = s.get(Article, first.article_id)
        assert article.text[first.start:first.end] == "the bridge cost 3 million euros"
        assert article.url == "https://ledger.example/bridge"
        # The same span twice: the second stands in an article record of its own.
        assert second.article_id != first.article_id
        assert s.get(Article, second.article_id).source.startswith("import:a.jsonl:line 2")


@pytest.mark.parametrize("bad_line, reason", [
    ('{"text": "ok", "date": "next blursday"}', "date: 'next blursday' is not a date"),
    ('{"speaker": "nobody"}', "no text"),
    ('{"text": "x", "status": "done"}', "status: unknown status 'done'"),
    ('{"text": "x", "verdict": "pants on fire"}', "verdict: unknown verdict 'pants on fire'"),
    ('{"text": "x", "status": "verified"}', "status verified needs a verdict"),
    ('{"text": "x", "evidence": "not-a-url"}', "evidence: 'not-a-url' is not an http(s) URL"),
    ('{"text": "x", "speaker": {"name": "a"}}', "speaker must be text, not dict"),
    ('{"text": "x", "checkworthiness": 7}', "checkworthiness: 7 is not a number from 0 to 1"),
    ('["text", "x"]', "a record must be a JSON object"),
    ('{"text": "x",', "not valid JSON"),
    ('{"text": "x", "date": "2024-13-01"}', "date: '2024-13-01' is not a date"),
])
def test_a_bad_record_stops_everything_and_is_named_by_line(db, bad_line, reason):
    text = jsonl({"text": "a good claim"}, "", bad_line, {"text": "another good claim"})
    with pytest.raises(ImportFailed) as info:
        import_text(db, text, name="batch.jsonl")
    assert f"batch.jsonl: 1 bad record, nothing imported: line 3: {reason}" in str(info.value)
    assert _count(db) == 0 and _count(db, Article) == 0


def test_skip_bad_stores_the_rest_and_lists_the_bad(db):
    text = jsonl({"text": "good one"}, {"nope": 1}, {"text": "good two", "date": "soon"}, {"text": "good three"})
    report = import_text(db, text, name="b.jsonl", skip_bad=True)
    assert report.imported == 2
    assert [str(b) for b in report.bad] == ["line 2: no text (the claim itself is required)",
                                            "line 3: date: 'soon' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"]
    assert [c.text for c in _claims(db)] == ["good one", "good three"]


def test_duplicate_ids_in_the_file_and_in_the_store(db):
    with pytest.raises(ImportFailed, match=r"line 2: duplicate id 'a' \(also on line 1\)"):
        import_text(db, jsonl({"id": "a", "text": "one"}, {"id": "a", "text": "two"}), name="d.jsonl")
    import_text(db, jsonl({"id": 7, "text": "seven"}), name="d.jsonl")
    with pytest.raises(ImportFailed, match=r"line 1: duplicate id '7': already stored as claim \d+"):
        import_text(db, jsonl({"id": "7", "text": "seven again"}, {"text": "new"}), name="d.jsonl")
    assert _count(db) == 1


def test_non_utf8_is_refused_with_the_line():
    data = "text\nfirst\ncaf\u00e9 au lait\n".encode("latin-1")
    with pytest.raises(ClaimsError, match=r"x.csv: not UTF-8 \(byte 0xe9 on line 3\)"):
        decode_input(data, "x.csv")


def test_empty_and_binary_inputs():
    with pytest.raises(ClaimsError, match="empty"):
        decode_input(b"\xef\xbb\xbf  \n", "e.jsonl")
    with pytest.raises(ClaimsError, match="NUL"):
        decode_input(b"a\x00b", "bin.csv")


def test_a_json_array_is_read_too(db):
    report = import_text(db, json.dumps([{"text": "one"}, {"text": "two", "id": "x"}]), name="a.json")
    assert report.imported == 2
    with pytest.raises(ImportFailed, match="record 2: no text"):
        import_text(db, json.dumps([{"text": "three"}, {}]), name="b.json")


def test_overlong_text_is_a_bad_record(db):
    with pytest.raises(ImportFailed, match="text is 60000 characters long"):
        import_text(db, jsonl({"text": "a" * 60000}), name="long.jsonl")


def test_nul_in_a_value_is_a_bad_record_not_a_database_error(db):
    with pytest.raises(ImportFailed, match="NUL"):
        import_text(db, jsonl({"text": "a\u0000b"}), name="nul.jsonl")
    # In an unknown field it is kept: the JSON text escapes it.
    import_text(db, jsonl({"text": "ab", "other": "x\u0000"}), name="nul.jsonl")
    assert json.loads(_claims(db)[0].extra) == {"other": "x\u0000"}

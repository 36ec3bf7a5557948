"""CSV in: what `claims export` writes (a round trip keeps every field) and spreadsheet dialects."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Claim
from claims.services.export import CSV_COLUMNS, export_csv
from claims.services.import_reading import decode_input
from claims.services.import_records import ImportFailed
from claims.services.importer import import_text
from claims.services.ingest import ingest_paths
from claims.services.queries import ClaimFilter
from claims.services.review import set_status
from db import Database

from .conftest import SAMPLES


def _count(db) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(Claim)).one()


def _export(db) -> str:
    out = io.StringIO(newline="")
    export_csv(db, ClaimFilter(status=("verified", "in_review")).with_(order="id"), out)
    return out.getvalue()


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def reviewed(db):
    ingest_paths(db, [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    with db.session() as s:
        ids = list(s.exec(select(Claim.id).where(Claim.canonical_id.is_(None)).order_by(Claim.id)))[:4]
    set_status(db, [ids[0]], reviewer="ana", status="verified", verdict="false",
               note="=HYPERLINK(\"http://evil\") is what they posted", evidence=["https://stats.example/a"])
    set_status(db, [ids[1]], reviewer="ana", status="verified", verdict="mostly_true",
               note="-3 percent, not +3; see \"table 2\",\nsecond line", evidence=["https://a.example/1", "https://b.example/2"])
    set_status(db, [ids[2]], reviewer="ben", status="in_review")
    set_status(db, [ids[3]], reviewer="ben", status="verified", verdict="unproven")
    return db


def test_round_trip_of_claims_export_keeps_every_field(reviewed, tmp_path):
    first = _export(reviewed)
    other = Database(str(tmp_path / "other.db"))
    try:
        report = import_text(other, first, name="export.csv")
        assert report.imported == 4
        second = _export(other)
        with other.session() as s:
            extras = [json.loads(c.extra) for c in s.exec(select(Claim).order_by(Claim.id))]
            ext_ids = list(s.exec(select(Claim.external_id).order_by(Claim.id)))
    finally:
        other.close()
    a, b = _rows(first), _rows(second)
    assert len(a) == len(b) == 4
    for before, after, extra, ext in zip(a, b, extras, ext_ids, strict=True):
        assert ext == before["id"]  # the exporting desk's id is kept as the external id
        for column in CSV_COLUMNS:
            if column == "id":
                continue
            if column == "external_id":  # an ingested claim's (none) is the exporting desk's id once imported
                assert after[column] == (before[column] or before["id"])
                continue
            if column in ("appearances", "outlets"):
                # One article record stands for where the claim first appeared; the original
                # counts are kept with the claim.
                assert extra[column] == before[column]
                continue
            assert after[column] == before[column], column
    assert a[0]["verdict_note"].startswith("'=HYPERLINK")  # still neutralised on the way out


def test_spreadsheet_dialect_bom_semicolon_crlf(db):
    text = ("\ufeffText;Speaker;Date;Verdict;Note;Region\r\n"
            "Fares rose 18 percent;Elin Sund;2026-02-02;Mostly false;\"Checked; see the \"\"tariff\"\" table\";North\r\n"
            "\"A claim over\r\ntwo lines\";;14 April 2024;;;\r\n"
            ";;;;;\r\n")
    data = text.encode("utf-8")
    report = import_text(db, decode_input(data, "sheet.csv"), name="sheet.csv")
    assert report.imported == 2 and dict(report.extra_fields) == {"Region": 1}
    with db.session() as s:
        one, two = s.exec(select(Claim).order_by(Claim.id)).all()
    assert (one.speaker, one.claim_date, one.verdict, one.status) == ("Elin Sund", "2026-02-02", "mostly_false", "verified")
    assert one.verdict_note == 'Checked; see the "tariff" table'
    assert json.loads(one.extra) == {"Region": "North"}
    assert two.text == "A claim over two lines"
    assert (two.claim_date, two.date_text) == ("2024-04-14", "14 April 2024")


def test_tab_separated(db):
    report = import_text(db, "id\ttext\nt1\tTabs work too\n", name="x.tsv")
    assert report.imported == 1


def test_missing_text_column_is_named(db):
    with pytest.raises(ClaimsError, match=r"people.csv: no text column .* the header has: speaker, date"):
        import_text(db, "speaker,date\nAna,2024-01-01\n", name="people.csv")
    assert _count(db) == 0


def test_bad_date_is_named_by_line_and_nothing_is_stored(db):
    text = "text,date\r\nfirst,2024-01-02\r\n\"second, with\nnewline\",2024-02-03\r\nthird,31/31/2024\r\nfourth,\r\n"
    with pytest.raises(ImportFailed, match=r"line 5: date: '31/31/2024' is not a date"):
        import_text(db, text, name="dates.csv")
    assert _count(db) == 0
    report = import_text(db, text, name="dates.csv", skip_bad=True)
    assert report.imported == 3 and [b.where for b in report.bad] == ["line 5"]


def test_too_many_cells_is_a_bad_row(db):
    with pytest.raises(ImportFailed, match="line 3: 3 cells but the header has 2 columns"):
        import_text(db, "text,speaker\na,b\nc,d,e\n", name="x.csv")


def test_header_only_or_duplicate_columns(db):
    with pytest.raises(ClaimsError, match="no records"):
        import_text(db, "text,speaker\r\n", name="x.csv")
    with pytest.raises(ClaimsError, match="names a column twice: text"):
        import_text(db, "text,Text\na,b\n", name="x.csv")

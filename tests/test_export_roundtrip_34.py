"""An export (and a listing) of a desk that mixes ingested claims (no external id: the export
writes their desk id) with an imported one whose external id is another claim's desk id
imports back: the desk id '3' and the external id '3' are not one id.

Before, both were read as the external id '3': "duplicate id '3'", nothing imported, and with
`--skip-bad` one claim lost."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from sqlmodel import select

from claims.models import Claim
from claims.services import importer
from claims.services.export import export_csv
from claims.services.import_records import ImportFailed
from claims.services.importer import import_text
from claims.services.ingest import ingest_paths
from claims.services.queries import ClaimFilter, list_claims
from claims.services.review import set_status
from db import Database

from .conftest import SAMPLES

IMPORTED_TEXT = "The minister said exports rose by 12 percent last year across the region."


@pytest.fixture
def mixed(db):
    """A desk of ingested claims and one imported claim whose external id is the desk id of
    the third ingested one; both verified. Returns (db, that desk id)."""
    ingest_paths(db, [str(SAMPLES / "01-harbour-courier-floods.txt")])
    with db.session() as s:
        ids = list(s.exec(select(Claim.id).where(Claim.canonical_id.is_(None)).order_by(Claim.id)))
    assert len(ids) >= 3
    taken = ids[2]
    line = json.dumps({"id": str(taken), "text": IMPORTED_TEXT, "status": "verified", "verdict": "true"})
    assert import_text(db, line + "\n", name="i.jsonl", fmt="jsonl").imported == 1
    set_status(db, [taken], reviewer="ana", status="verified", verdict="false")
    return db, taken


def _export(db) -> str:
    out = io.StringIO(newline="")
    export_csv(db, ClaimFilter().with_(order="id"), out)
    return out.getvalue()


def _claims(database: Database) -> list[Claim]:
    with database.session() as s:
        return list(s.exec(select(Claim).order_by(Claim.id)))


def _listed(db) -> list[Claim]:
    """The claims an export or a listing writes (no merged member, no unreviewed not-a-claim)."""
    ids = {r.id for r in list_claims(db, ClaimFilter(), limit=None)}
    return [c for c in _claims(db) if c.id in ids]


def _reversed_rows(text: str) -> str:
    header, *rows = text.split("\r\n")[:-1]
    return "\r\n".join([header, *reversed(rows)]) + "\r\n"


def _check_back(source: list[Claim], other: Database, taken: int) -> None:
    """Every claim of `source` is in `other` once: its external id, else its desk id, as its
    external id, but for the claim whose desk id is the imported one's external id (kept in
    `extra`)."""
    back = {c.text: c for c in _claims(other)}
    assert len(back) == len(source)
    for claim in source:
        found = back[claim.text]
        assert found.verdict == claim.verdict
        if claim.id == taken:
            assert found.external_id is None
            assert json.loads(found.extra)["id"] in (str(taken), taken)  # kept, not lost
        else:
            assert found.external_id == (claim.external_id or str(claim.id))


@pytest.mark.parametrize("kept", ["all kept", "one kept"])
@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_an_export_of_a_desk_id_met_as_an_external_id_imports_back(mixed, tmp_path, monkeypatch, order, kept):
    db, taken = mixed
    if kept == "one kept":  # the records past the first pass's kept ones are checked again as stored
        monkeypatch.setattr(importer, "KEEP_RECORDS", 1)
    text = _export(db)
    if order == "reversed":  # the explicit external id first, the desk id after it
        text = _reversed_rows(text)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows].count(str(taken)) == 1
    assert [r["external_id"] for r in rows].count(str(taken)) == 1
    other = Database(str(tmp_path / "other.db"))
    try:
        report = import_text(other, text, name="x.csv")
        assert report.bad == [] and report.imported == len(rows)
        _check_back(_listed(db), other, taken)
        # imported again: still refused as the same file, the explicit id too, and the claim whose
        # desk id it is (no external id: found by its text and the id kept in its extra)
        with pytest.raises(ImportFailed) as refused:
            import_text(other, text, name="x.csv")
        assert len(refused.value.bad) == len(rows)
        assert any(f"duplicate id '{taken}': already stored" in b.reason for b in refused.value.bad)
    finally:
        other.close()


def test_with_skip_bad_no_claim_is_lost(mixed, tmp_path):
    db, taken = mixed
    text = _export(db)
    other = Database(str(tmp_path / "other.db"))
    try:
        report = import_text(other, text, name="x.csv", skip_bad=True)
        assert report.bad == []
        assert report.imported == len(text.split("\r\n")) - 2
    finally:
        other.close()


def test_two_desk_ids_or_two_external_ids_alike_are_still_duplicates(db):
    both_ids = ("id,claim,external_id\r\n3,Fares rose 18 percent this year on every line.,\r\n"
                "3,Fares fell 2 percent on the coast line last spring.,\r\n")
    with pytest.raises(ImportFailed, match="line 3: duplicate id '3'"):
        import_text(db, both_ids, name="a.csv")
    both_external = ("id,claim,external_id\r\n1,Fares rose 18 percent this year on every line.,3\r\n"
                     "2,Fares fell 2 percent on the coast line last spring.,3\r\n")
    with pytest.raises(ImportFailed, match="line 3: duplicate id '3'"):
        import_text(db, both_external, name="b.csv")
    # a desk id, then a duplicate desk id, then the explicit id: the duplicate is still named
    three = ("id,claim,external_id\r\n3,Fares rose 18 percent this year on every line.,\r\n"
             "3,Fares fell 2 percent on the coast line last spring.,\r\n"
             "9,Bus fares doubled in the city over the past decade.,3\r\n")
    with pytest.raises(ImportFailed, match="line 3: duplicate id '3'"):
        import_text(db, three, name="c.csv")
    assert _claims(db) == []


def test_an_export_made_the_old_way_still_imports(db):
    """Exports written before `external_id` was a column (id alone), and exports of ingested
    claims: the desk id is the external id, as before."""
    old = ("id,claim,speaker,status,verdict\r\n3,Fares rose 18 percent this year on every line.,Ana,verified,false\r\n"
           "4,Fares fell 2 percent on the coast line last spring.,,unverified,\r\n")
    assert import_text(db, old, name="old.csv").imported == 2
    assert [c.external_id for c in _claims(db)] == ["3", "4"]
    with_column = ("id,claim,external_id\r\n5,Bus fares doubled in the city over the past decade.,\r\n"
                   "6,The ferry carried a million riders in its first year.,fc-6\r\n")
    assert import_text(db, with_column, name="new.csv").imported == 2
    claims = _claims(db)
    assert [c.external_id for c in claims] == ["3", "4", "5", "fc-6"]
    assert json.loads(claims[-1].extra)["id"] == "6"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_every_listing_of_the_mixed_desk_imports_back(mixed, tmp_path, fmt):
    db, taken = mixed
    from tui.entry import cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["list", "--format", fmt, "--order", "id", "--db", db.url], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    path = tmp_path / f"x.{fmt}"
    path.write_text(listed.stdout, encoding="utf-8")
    other = str(tmp_path / "other.db")
    result = runner.invoke(cli, ["import", str(path), "--db", other], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    database = Database(other)
    try:
        _check_back(_listed(db), database, taken)
    finally:
        database.close()

"""Export: RFC 4180 CSV that reads back exactly and never runs as a formula."""

from __future__ import annotations

import csv
import io

from claims.models import Appearance, Article, Claim, Outlet
from claims.services.export import CSV_COLUMNS, export_csv, neutralise
from claims.services.queries import ClaimFilter
from claims.services.review import set_status


def seed(db) -> list[int]:
    with db.session() as s:
        outlet = Outlet(name="Gazette")
        s.add(outlet)
        s.flush()
        article = Article(outlet_id=outlet.id, url="https://gazette.example/a", title="A",
                          text="x" * 200, content_hash="h1")
        s.add(article)
        s.flush()
        texts = [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "Prices rose by 4%, the \"largest\" rise since 1990,\nofficials said",
            "+1 more teachers were hired",
            "Plain claim, with a comma",
        ]
        ids = []
        for i, t in enumerate(texts):
            claim = Claim(text=t, speaker="-Minister" if i == 0 else "Ana Lopez", checkworthiness=0.5)
            s.add(claim)
            s.flush()
            s.add(Appearance(claim_id=claim.id, article_id=article.id, quote=t[:5], start=i, end=i + 5))
            ids.append(claim.id)
    set_status(db, ids[:3], reviewer="ana", status="verified", verdict="false", note="@see records")
    return ids


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    for start in ("+", "-", "@", "\t", "\r"):
        assert neutralise(start + "x").startswith("'")
    assert neutralise("fine =") == "fine ="


def test_export_reads_back_and_is_formula_safe(db):
    ids = seed(db)
    buf = io.StringIO(newline="")
    n = export_csv(db, ClaimFilter(status=("verified",), order="id"), buf)
    data = buf.getvalue()
    assert n == 3
    assert data.startswith(",".join(CSV_COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert [int(r["id"]) for r in rows] == ids[:3]
    assert rows[0]["claim"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert rows[0]["speaker"] == "'-Minister"
    assert rows[1]["claim"] == "Prices rose by 4%, the \"largest\" rise since 1990,\nofficials said"
    assert rows[2]["claim"] == "'+1 more teachers were hired"
    assert rows[0]["verdict_note"] == "'@see records"
    assert {r["first_outlet"] for r in rows} == {"Gazette"}
    assert {r["first_url"] for r in rows} == {"https://gazette.example/a"}
    assert all(r["verdict"] == "false" and r["reviewer"] == "ana" for r in rows)
    # Nothing a spreadsheet would evaluate is left at the start of any cell.
    for r in rows:
        for value in r.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r")

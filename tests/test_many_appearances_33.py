"""A claim seen very often in few articles: its row, detail and priority count the appearances
in the database (per claim and outlet, per article), not one Python row per appearance (a
claim seen 1,000,000 times took ~25 s to open in the desk). The counts must stay exact."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import text

from claims.services.queries import claim_detail, list_claims
from claims.services.review import set_status
from claims.services.triage import standings
from tests.hostile import run

EXTRA = 250  # appearances added to the first article (spans after the claim's own)
OUTLETS = 4


def _review(n: int, claim: str, url: str) -> dict:
    def work(i: int) -> dict:
        return {"@type": "CreativeWork", "url": f"https://n{i}.example/{url}", "headline": f"Story {i}",
                "datePublished": (date(2020, 1, 1) + timedelta(days=i)).isoformat(),
                "publisher": {"@type": "Organization", "name": f"Outlet {i % OUTLETS}"}}

    return {"@context": "https://schema.org", "@type": "ClaimReview", "url": f"https://f.example/{url}",
            "claimReviewed": claim, "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mayor Jones"},
                             "firstAppearance": work(0), "appearance": [work(i) for i in range(1, n)]}}


def _store(db, tmp_path) -> tuple[int, int]:
    """Claim 1 seen in 6 stories of 4 outlets plus EXTRA more times in its first, and claim 2
    (seen in 3 stories) merged into it; (claim 1's id, the cluster's appearances)."""
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([
        _review(6, "The bridge carries 40,000 vehicles a day, the mayor said on Monday", "a"),
        _review(3, "Unemployment fell to 3 percent in the county last spring", "b")]), encoding="utf-8")
    assert run(db, "import", str(path)).exit_code == 0
    with db.engine.begin() as conn:
        first = conn.execute(text("SELECT article_id, quote FROM appearance WHERE claim_id = 1 "
                                  "ORDER BY id LIMIT 1")).one()
        conn.execute(text('INSERT INTO appearance (claim_id, article_id, quote, start, "end", date_is_reporting) '
                          "VALUES (1, :a, :q, :s, :e, false)"),
                     [{"a": first.article_id, "q": first.quote, "s": 10_000 + 3 * i, "e": 10_002 + 3 * i}
                      for i in range(EXTRA)])
    assert run(db, "merge", "1", "2").exit_code == 0
    return 1, 6 + EXTRA + 3


def test_rows_count_every_appearance_and_each_outlet_once(db, tmp_path):
    head, total = _store(db, tmp_path)
    outlets = [f"Outlet {i}" for i in range(OUTLETS)]
    row = next(r for r in list_claims(db) if r.id == head)
    assert (row.appearances, row.outlets) == (total, outlets)
    detail = claim_detail(db, head, most=(100, 10))
    assert (detail.claim.appearances, detail.claim.outlets) == (total, outlets)
    assert (len(detail.appearances), detail.appearance_count) == (100, total)
    # the write path's row: one UPDATE ... RETURNING on PostgreSQL, the UNION ALL on SQLite
    (changed,) = set_status(db, [head], reviewer="ann", note="seen often")
    assert (changed.appearances, changed.outlets) == (total, outlets)
    (two,) = {r.id: r for r in set_status(db, [head, head], reviewer="ann", note="again")}.values()
    assert (two.appearances, two.outlets) == (total, outlets)


def test_priority_counts_every_appearance_and_each_outlet_once(db, tmp_path):
    head, total = _store(db, tmp_path)
    with db.engine.connect() as conn:
        standing = standings(conn, [head])[head]
    assert (standing.appearances, standing.outlets) == (total, OUTLETS)
    assert standing.latest == date(2020, 1, 1) + timedelta(days=5)  # the newest story

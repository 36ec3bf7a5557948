"""Desk fixtures: a seeded SQLite file with fixed dates and reviewer, so screens are deterministic."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claims.models import Appearance, Article, Claim, Match, Outlet
from db import Database

FIXED = datetime(2026, 3, 22, 9, 0, 0, tzinfo=UTC)

ARTICLE_1 = (
    "HALDEN — The bridge carries 40,000 vehicles a day, Mayor Ana Lopez said on Sunday. "
    "Tolls will pay for the repairs, she added. The council will vote next week.\n"
    "Engineer Ben Smith said the deck lost 12 percent of its strength since 2019."
)
ARTICLE_2 = (
    "HALDEN — Mayor Ana Lopez told reporters the bridge carries 40,000 vehicles each day. "
    "Critics said more than 300 drones were bought for the inspection."
)

CLAIMS = [
    # text, speaker, role, date, precision, date_text, worth, article, quote
    ("The bridge carries 40,000 vehicles a day.", "Ana Lopez", "Mayor", "2026-03-15", "day", "on Sunday",
     0.91, 1, "The bridge carries 40,000 vehicles a day"),
    ("The deck lost 12 percent of its strength since 2019.", "Ben Smith", "Engineer", "2019", "year", "since 2019",
     0.84, 1, "the deck lost 12 percent of its strength since 2019"),
    ("The bridge carries 40,000 vehicles each day.", "Ana Lopez", "Mayor", "2026-03-16", "day", None,
     0.80, 2, "the bridge carries 40,000 vehicles each day"),
    ("More than 300 drones were bought for the inspection.", None, "critics", None, None, None,
     0.62, 2, "more than 300 drones were bought for the inspection"),
    ("Tolls will pay for the repairs.", "Ana Lopez", "Mayor", "2026-03-15", "day", None,
     0.40, 1, "Tolls will pay for the repairs"),
]


def seed(db: Database) -> dict[str, int]:
    """Two articles, five claims with appearances, one pending duplicate suggestion."""
    with db.session() as s:
        o1, o2 = Outlet(name="Northline News"), Outlet(name="Harbor Daily")
        s.add_all([o1, o2])
        s.flush()
        a1 = Article(outlet_id=o1.id, title="Bridge traffic and tolls", published=date(2026, 3, 15),
                     text=ARTICLE_1, content_hash="a" * 64, source="one.txt", ingested_at=FIXED,
                     url="https://northline.example/bridge")
        a2 = Article(outlet_id=o2.id, title="Mayor defends bridge plan", published=date(2026, 3, 16),
                     text=ARTICLE_2, content_hash="b" * 64, source="two.txt", ingested_at=FIXED)
        s.add_all([a1, a2])
        s.flush()
        articles = {1: a1, 2: a2}
        ids = []
        for text, speaker, role, when, precision, phrase, worth, art, quote in CLAIMS:
            c = Claim(text=text, speaker=speaker, speaker_role=role, claim_date=when, date_precision=precision,
                      date_text=phrase, checkworthiness=worth, claim_type="quantity",
                      created_at=FIXED, updated_at=FIXED)
            s.add(c)
            s.flush()
            ids.append(c.id)
            body = articles[art].text
            start = body.index(quote)
            s.add(Appearance(claim_id=c.id, article_id=articles[art].id, quote=quote, start=start,
                             end=start + len(quote), cue="said", date_text=phrase, date_resolved=when,
                             date_precision=precision))
        m = Match(claim_a_id=ids[0], claim_b_id=ids[2], score=0.87, scorer="tfidf",
                  explanation='{"shared": ["bridge", "carries", "40,000", "vehicles"], "differ": ["a", "each"]}',
                  state="suggested", created_at=FIXED)
        s.add(m)
        s.flush()
        return {"top": ids[0], "deck": ids[1], "twin": ids[2], "drones": ids[3], "tolls": ids[4],
                "match": m.id}


@pytest.fixture
def desk_db(tmp_path):
    database = Database(str(tmp_path / "desk.db"))
    yield database
    database.close()


@pytest.fixture
def seeded(desk_db):
    return desk_db, seed(desk_db)

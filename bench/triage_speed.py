"""Check-worthiness scoring speed, and `claims rescore` on a large store after an upgrade.

    python bench/triage_speed.py                   # sentences per second, one core (target >= 20,000)
    python bench/triage_speed.py --rescore 1000000 # build a 1M-claim desk as the last version left
                                                   # it (schema 0006), open it (migrations 0007 on) and
                                                   # time `claims rescore` (target < 2 minutes)

Scoring reads the CheckThat! debate sentences in ../shared/data (or made-up sentences when
they are absent). The store is written to bench/out/rescore-N.db.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "checkworthy" / "training"
OUT = ROOT / "bench" / "out"

SUBJECTS = ["Unemployment", "The deficit", "Crime in the city", "Our exports", "The bus fare", "Rent",
            "The river", "Tax revenue", "The school budget", "Emergency calls"]
VERBS = ["fell", "rose", "doubled", "went up", "dropped", "grew"]
TAILS = ["last year", "since 2019", "under this governor", "in the first quarter", "this spring"]
CHATTER = ["Thank you all for being here tonight.", "I think we should work together on this.",
           "Let me be very clear about that.", "We will be right back after this."]


def made_up(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(CHATTER)
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} by {rng.randint(2, 60)} percent "
            f"{rng.choice(TAILS)}, {rng.choice(['the mayor said', 'officials said', 'she said'])}.")


def sentences() -> list[str]:
    files = sorted(DATA.glob("*.tsv"))
    if files:
        return [line.split("\t")[2] for f in files for line in f.read_text(encoding="utf-8").splitlines()
                if line.count("\t") >= 3]
    rng = random.Random(7)
    return [made_up(rng) for _ in range(16_000)]


def scoring_speed() -> None:
    from claims.triage.scorer import shipped

    texts = sentences()
    model = shipped()
    cold = time.process_time()
    model.raw_many(texts)
    cold = time.process_time() - cold
    warm = []
    for _ in range(5):
        t = time.process_time()
        model.raw_many(texts)
        warm.append(time.process_time() - t)
    single = time.process_time()
    for text in texts[:2000]:
        model.raw_many([text])
    single = (time.process_time() - single) / 2000
    print(f"model {model.name}: {len(texts):,} sentences, CPU time on one core")
    print(f"  first pass (word cache cold): {len(texts) / cold:,.0f} sentences/s")
    print(f"  batch (median of 5):          {len(texts) / statistics.median(warm):,.0f} sentences/s  (target >= 20,000)")
    print(f"  one sentence per call:        {1 / single:,.0f} sentences/s")
    print(f"  load average: {os.getloadavg()[0]:.2f}")


def build_old_desk(path: Path, n: int) -> None:
    """A desk at schema 0006 holding n claims (one appearance each, 1 in 10 merged)."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from db.migrate import alembic_config

    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    rng = random.Random(11)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
        conn.execute(text("INSERT INTO outlet (id, name) VALUES (1, 'Northline'), (2, 'Courier')"))
        articles = max(n // 50, 1)
        conn.execute(text(
            "INSERT INTO article (id, title, text, content_hash, outlet_id, published, ingested_at)"
            " VALUES (:id, 'a', 'x', :h, :o, :p, '2026-03-01 10:00:00')"),
            [{"id": i, "h": f"h{i}", "o": 1 + i % 2, "p": f"2026-0{1 + i % 9}-1{i % 10}"}
             for i in range(1, articles + 1)])
        for lo in range(1, n + 1, 50_000):
            ids = range(lo, min(lo + 50_000, n + 1))
            conn.execute(text(
                "INSERT INTO claim (id, text, checkworthiness, claim_type, status, evidence, version,"
                " canonical_id, created_at, updated_at) VALUES (:id, :t, 0.5, 'other', 'unverified', '[]',"
                " 1, :c, '2026-03-01 10:00:00', '2026-03-01 10:00:00')"),
                [{"id": i, "t": made_up(rng), "c": (i - 1 if i % 10 == 0 else None)} for i in ids])
            conn.execute(text(
                "INSERT INTO appearance (claim_id, article_id, quote, start, \"end\", date_is_reporting)"
                " VALUES (:id, :a, 'q', :id, :id, 0)"), [{"id": i, "a": 1 + i % articles} for i in ids])
            print(f"  built {ids[-1]:,} claims", flush=True)
    engine.dispose()


def rescore_speed(n: int) -> None:
    path = OUT / f"rescore-{n}.db"
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    build_old_desk(path, n)
    print(f"old desk of {n:,} claims built in {time.perf_counter() - t:.1f} s")
    claims = str(Path(sys.executable).with_name("claims"))
    t = time.perf_counter()
    # `db upgrade` opens the desk (`db path` only names it): the migrations are timed here,
    # apart from the rescore
    subprocess.run([claims, "--db", str(path), "db", "upgrade"], check=True, capture_output=True)
    print(f"opened (migrations 0007 on, priorities approximated, search index built): "
          f"{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    before = os.times()
    subprocess.run([claims, "--db", str(path), "rescore"], check=True)
    took = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    print(f"claims rescore of {n:,} claims: {took:.1f} s wall, {cpu:.1f} s CPU  (target < 120 s)"
          f"  load {os.getloadavg()[0]:.2f}")
    t = time.perf_counter()
    again = subprocess.run([claims, "--db", str(path), "rescore"], check=True, capture_output=True, text=True)
    print(f"again (nothing to do): {time.perf_counter() - t:.1f} s: {again.stdout.strip()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rescore", type=int, metavar="N", help="also time `claims rescore` on N claims")
    args = ap.parse_args()
    scoring_speed()
    if args.rescore:
        rescore_speed(args.rescore)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest of one large article: time against size, memory, through the real CLI.

    .venv/bin/python bench/ingest_speed.py                  # 1, 2 and 4 MB articles
    .venv/bin/python bench/ingest_speed.py --mb 1 --mb 8    # other sizes
    .venv/bin/python bench/ingest_speed.py --db postgresql+psycopg://postgres@127.0.0.1/bench

Each article is news text made from PolNeAR train articles (``../shared/data/polnear``): a
pool of about 200 KB of paragraphs read again and again, every figure changed on each pass,
and a figure put into most sentences, so a large file holds many near-duplicate statements
whose numbers disagree (the shape that
made ingest superlinear, issue 15 finding 7). Each size is ingested with `claims ingest` as a
subprocess into a fresh database (SQLite file under bench/out/, or the `--db` URL emptied
first); the bench prints wall and CPU time, MB/s, the claims and matches found, the peak RSS
of the ingest process, the seconds per MB of each size against the smallest (linear: about
1.0) and the load average. Goal: at least 1 MB per 5 s end to end, time linear in size.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


SPEAKERS = ("the mayor", "the governor", "Senator Jane Ruiz", "Mayor Tom Becker", "the minister",
            "a police spokesman", "Dr. Amal Haddad", "the finance minister", "Gov. Ann Cole",
            "the health department", "Rep. Luis Ortega", "the union leader", "the fire chief",
            "a hospital official", "the school board president", "Prime Minister Eva Lind")
NOUNS = ("homes", "jobs", "patients", "schools", "drones", "voters", "teachers", "bridges",
         "flights", "farms", "families", "nurses", "buses", "shops", "wells", "roads", "cases",
         "soldiers", "students", "acres")
PLACES = ("Kharkiv", "the valley", "Springfield", "the capital", "Lagos", "the north", "Ohio",
          "Riverside", "the county", "Marseille", "the coast", "Dayton", "the border", "Haifa")
VERBS = ("were damaged", "were lost", "were added", "were closed", "were counted", "were hit",
         "were evacuated", "were funded", "were inspected", "were rebuilt")
TRENDS = ("rose", "fell", "grew", "dropped", "doubled", "climbed")
TOPICS = ("the budget", "unemployment", "crime", "rent", "the deficit", "turnout", "inflation",
          "spending", "the death toll", "emissions")
PERIODS = ("week", "month", "year", "spring", "winter")


def _sentence(rng: random.Random) -> str:
    n = rng.randint(2, 5000)
    speaker, place = rng.choice(SPEAKERS), rng.choice(PLACES)
    kind = rng.randrange(4)
    if kind == 0:
        return (f"{speaker[0].upper() + speaker[1:]} said {n:,} {rng.choice(NOUNS)} "
                f"{rng.choice(VERBS)} in {place} last {rng.choice(PERIODS)}.")
    if kind == 1:
        topic = rng.choice(TOPICS)
        return (f"\u201c{topic[0].upper() + topic[1:]} in {place} {rng.choice(TRENDS)} by "
                f"{n % 90 + 2} percent,\u201d {speaker} said.")
    if kind == 2:
        return (f"According to {speaker}, {place} has {n:,} {rng.choice(NOUNS)} and needs "
                f"{rng.randint(2, 900)} more.")
    return (f"{place[0].upper() + place[1:]} lost {n:,} {rng.choice(NOUNS)} in the flood, "
            f"{speaker} told reporters on Tuesday.")


def article(megabytes: float, seed: int = 15) -> str:
    """About ``megabytes`` MB of short news paragraphs of reported statements."""
    rng = random.Random(seed)
    goal = int(megabytes * 1024 * 1024)
    out: list[str] = []
    written = 0
    while written < goal:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        out.append(para)
        written += len(para.encode()) + 2
    return "\n\n".join(out) + "\n"


def reset(url: str) -> None:
    if "://" not in url or url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def ingest(url: str, path: Path) -> dict:
    """Run `claims ingest` on one file; wall, CPU and peak RSS of the child."""
    claims = ROOT / ".venv" / "bin" / "claims"
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.run([str(claims), "--db", url, "ingest", str(path)], capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - t0
    after = os.times()
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"ingest failed: {proc.stderr.strip()[-500:]}")
    return {"wall": wall, "cpu": (after.children_user - before.children_user)
            + (after.children_system - before.children_system),
            "rss_mb": usage.ru_maxrss / 1024, "said": proc.stderr.strip().splitlines()[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="article size in MB (repeatable)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per size)")
    args = parser.parse_args(argv)
    sizes = args.mb or [1, 2, 4]
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    print(f"Ingest of one large article (load average {_load()} on {os.cpu_count()} cores)")
    first = None
    for mb in sizes:
        text = article(mb)
        path = out / f"ingest-{mb:g}mb.txt"
        path.write_text(text, encoding="utf-8")
        size = len(text.encode()) / 1024 / 1024
        url = args.db or str(out / f"ingest-{mb:g}mb.db")
        reset(url)
        r = ingest(url, path)
        per_mb = r["wall"] / size
        first = first or per_mb
        print(f"  {size:4.1f} MB  {r['wall']:6.1f} s wall  {r['cpu']:6.1f} s CPU  "
              f"{size / r['wall']:.3f} MB/s  {per_mb / first:4.2f}x s/MB of the first  "
              f"peak RSS {r['rss_mb']:.0f} MB  load {_load()}\n        {r['said']}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())

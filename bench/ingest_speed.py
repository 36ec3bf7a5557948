"""Ingest of one large article: time against size, memory, through the real CLI.

    .venv/bin/python bench/ingest_speed.py                  # 1, 2 and 4 MB articles
    .venv/bin/python bench/ingest_speed.py --mb 1 --mb 8    # other sizes
    .venv/bin/python bench/ingest_speed.py --shape near-duplicate --mb 3
    .venv/bin/python bench/ingest_speed.py --db postgresql+psycopg://postgres@127.0.0.1/bench

Three shapes of article. Two are made of generated news sentences with a seeded random
generator: ``mixed``, short paragraphs of reported statements of a few patterns (figures,
speakers, places and topics drawn anew for each), so a large file holds many near-duplicate
statements whose numbers disagree (the shape that made ingest superlinear, issue 15 finding 7);
and ``near-duplicate``, every sentence of one pattern (``The mayor said that 1234 homes were
damaged in Springfield.``, figure, speaker and town varied), where each claim has hundreds
of earlier claims all scoring high (91.5 s CPU and 524 MB for 3 MB in a hostile pass). The
third, ``news``, is real reporting: PolNeAR's train articles one after another (read from
../shared/data, up to its 3.7 MB), as a dump of a site's archive would hold them.
Each size of each shape is ingested with `claims ingest` as a subprocess into a fresh
database (SQLite file under bench/out/, or the `--db` URL emptied first); the bench prints
wall and CPU time (the ingest's and its comparison workers', which an article of 5,000
claims or more starts), MB/s (of wall and of CPU time), the claims and matches found, the peak
RSS of the ingest process, the seconds per MB of each size against the smallest (linear:
about 1.0) and the load average. Goal: at least 1 MB per 5 s end to end, time linear in size.
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


FIRST = ("Tom", "Ann", "Luis", "Jane", "Amal", "Eva", "Omar", "Kim", "Raj", "Lea", "Ivan", "Mia")
LAST = ("Becker", "Cole", "Ortega", "Ruiz", "Haddad", "Lind", "Novak", "Park", "Singh", "Moreau")
SHAPES = ("mixed", "near-duplicate", "news")
NEWS = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"  # real articles, one after another
TOWNS = ("Springfield", "Riverside", "Dayton", "Fairview", "Kingston", "Salem", "Franklin",
         "Georgetown", "Clinton", "Madison", "Arlington", "Ashland", "Milton", "Oxford")


def _near_duplicate(rng: random.Random) -> str:
    """One sentence of a single pattern, only its figure, names and place varied."""
    speaker = rng.choice(("The mayor", "The governor", f"Mayor {rng.choice(FIRST)} {rng.choice(LAST)}",
                          f"Councillor {rng.choice(FIRST)} {rng.choice(LAST)}"))
    return (f"{speaker} said that {rng.randint(2, 9999)} homes were damaged in "
            f"{rng.choice(TOWNS)}.")


def article(megabytes: float, seed: int = 15, shape: str = "mixed") -> str:
    """About ``megabytes`` MB of short news paragraphs of reported statements: of the mixed
    patterns above, or (``near-duplicate``) all of one pattern; or (``news``) PolNeAR's
    train articles one after another, as a dump of a site's archive would hold them."""
    if shape == "news":
        return _news(megabytes)
    sentence = _near_duplicate if shape == "near-duplicate" else _sentence
    rng = random.Random(seed)
    goal = int(megabytes * 1024 * 1024)
    out: list[str] = []
    written = 0
    while written < goal:
        para = " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
        out.append(para)
        written += len(para.encode()) + 2
    return "\n\n".join(out) + "\n"


def _news(megabytes: float) -> str:
    if not NEWS.is_dir():
        raise SystemExit(f"--shape news reads {NEWS}, which is not here")
    goal, out, written = int(megabytes * 1024 * 1024), [], 0
    for path in sorted(NEWS.iterdir()):
        text = path.read_text(encoding="utf-8").strip()
        out.append(text)
        written += len(text.encode()) + 2
        if written >= goal:
            return "\n\n".join(out) + "\n"
    raise SystemExit(f"{NEWS} holds {written / 2**20:.1f} MB, under the {megabytes:g} MB asked for")


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
    """Run `claims ingest` on one file; wall, CPU and peak RSS of that child alone."""
    claims = ROOT / ".venv" / "bin" / "claims"
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(claims), "--db", url, "ingest", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    said = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"ingest failed: {said.strip()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "said": said.strip().splitlines()[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="article size in MB (repeatable)")
    parser.add_argument("--shape", choices=(*SHAPES, "both"), default="both",
                        help="mixed statements, one near-duplicate pattern, both of those (default), "
                             "or news: real articles one after another (../shared/data)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per size)")
    args = parser.parse_args(argv)
    sizes = args.mb or ([1, 2, 3.5] if args.shape == "news" else [1, 2, 4])  # news: 3.7 MB there
    shapes = SHAPES[:2] if args.shape == "both" else (args.shape,)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    print(f"Ingest of one large article (load average {_load()} on {os.cpu_count()} cores)")
    for shape in shapes:
        print(f" {shape}:")
        first = None
        for mb in sizes:
            text = article(mb, shape=shape)
            path = out / f"ingest-{shape}-{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size = len(text.encode()) / 1024 / 1024
            url = args.db or str(out / f"ingest-{shape}-{mb:g}mb.db")
            reset(url)
            r = ingest(url, path)
            per_mb = r["wall"] / size
            first = first or per_mb
            print(f"  {size:4.1f} MB  {r['wall']:6.1f} s wall  {r['cpu']:6.1f} s CPU  "
                  f"{size / r['wall']:.3f} MB/s  {size / r['cpu']:.3f} MB/CPU s  "
                  f"{per_mb / first:4.2f}x s/MB of the first  peak RSS {r['rss_mb']:.0f} MB  "
                  f"load {_load()}\n        {r['said']}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())

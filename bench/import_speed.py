"""`claims import` speed through the real service, and what undoing it costs.

    .venv/bin/python bench/import_speed.py                 # 20,000 JSONL claims with URL/outlet/title
    .venv/bin/python bench/import_speed.py --n 100000 --plain   # 100k bare {id, text} claims
    .venv/bin/python bench/import_speed.py --undo          # also time `claims undo` and `claims redo`
    .venv/bin/python bench/import_speed.py --repeat 3      # best and median of three runs

Claims come from `eval_matching.synthetic_claims` (the same texts as bench/scale_matching.py).
Without `--plain` every record carries a URL (one article per 4 claims), an outlet (one of 50)
and a title, so each claim gets an appearance and most get an article record: the slow path.
Each run imports into a fresh SQLite file under bench/out/ (or `--db URL`, emptied first is up to you).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from eval_matching import synthetic_claims  # noqa: E402

from claims.services.importer import import_text  # noqa: E402
from db import Database  # noqa: E402


def records(n: int, plain: bool) -> str:
    claims, _planted = synthetic_claims(n)
    lines = []
    for i, (cid, text) in enumerate(claims):
        rec = {"id": cid, "text": text}
        if not plain:
            rec |= {"url": f"https://news{i % 50}.example/story/{i // 4}", "outlet": f"Outlet {i % 50}",
                    "title": f"Story {i // 4}", "speaker": f"Speaker {i % 300}", "date": "2024-04-14"}
        lines.append(json.dumps(rec))
    return "\n".join(lines) + "\n"


def fresh_db(url: str | None, n: int, run: int) -> Database:
    if url:
        return Database(url)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"import-{n}-{run}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return Database(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--plain", action="store_true", help="records with id and text only")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per run in bench/out)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--undo", action="store_true", help="also time undo and redo of the import")
    args = parser.parse_args(argv)

    data = records(args.n, args.plain)
    times: dict[str, list[float]] = {"import": [], "undo": [], "redo": []}
    cpu: list[float] = []
    for run in range(args.repeat):
        db = fresh_db(args.db, args.n, run)
        t0, c0 = time.perf_counter(), time.process_time()
        extra = {"reviewer": "bench"} if "reviewer" in inspect.signature(import_text).parameters else {}
        report = import_text(db, data, name="bench.jsonl", fmt="jsonl", **extra)
        times["import"].append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if args.undo:
            from claims.services.undo import redo_last, undo_last

            reviewer = "bench"
            t0 = time.perf_counter()
            undo_last(db, reviewer=reviewer)
            times["undo"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            redo_last(db, reviewer=reviewer)
            times["redo"].append(time.perf_counter() - t0)
        db.close()
        print(f"run {run + 1}: import {times['import'][-1]:.1f} s ({cpu[-1]:.1f} s CPU)"
              + (f", undo {times['undo'][-1]:.1f} s, redo {times['redo'][-1]:.1f} s" if args.undo else "")
              + f" ({report.imported:,} claims; {report.matches.describe() if report.matches else ''})",
              flush=True)
    kind = "bare {id, text}" if args.plain else "with url, outlet, title, speaker, date"
    print(f"\n{args.n:,} JSONL claims {kind}, {args.repeat} run(s)")
    for what, values in times.items():
        if values:
            print(f"  {what:7} best {min(values):.1f} s, median {statistics.median(values):.1f} s")
    print(f"  import CPU best {min(cpu):.1f} s; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How long a command takes to start: `claims --help` and `claims list --limit 5`.

    python bench/startup_speed.py [--claims PATH] [--runs 7]

PATH is the `claims` to time (default: the one beside this Python; CI's wheel install is
`<venv>/bin/claims`). `list` runs on a desk of the sample articles made first. Prints the
median wall time of each (target: under 0.4 s from the installed wheel on a quiet machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, check=True, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", default=str(Path(sys.executable).with_name("claims")))
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        desk = str(Path(tmp) / "desk.db")
        subprocess.run([args.claims, "--db", desk, "ingest", str(ROOT / "claims" / "samples")],
                       check=True, capture_output=True)
        rows = [("claims --help", [args.claims, "--help"]),
                ("claims list --limit 5", [args.claims, "--db", desk, "list", "--limit", "5"])]
        print(f"{args.claims}: median of {args.runs} runs (target < 0.40 s)")
        for name, cmd in rows:
            print(f"  {name:<24} {timed(cmd, args.runs):.3f} s")
    print(f"  load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

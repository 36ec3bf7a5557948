"""bench/watch_speed.py still runs end to end (its figures are for people; here, tiny numbers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "watch_speed.py"


def test_the_watch_bench_runs_and_finds_the_repeat(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMS_DB", "CLAIMS_CONFIG")}
    proc = subprocess.run([sys.executable, str(BENCH), "--feeds", "2", "--entries", "2", "--no-cli",
                           "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {line[:34].strip(): line for line in proc.stdout.splitlines()}
    # the first story of the first feed repeats a checked claim in other words
    assert rows["in-process, repeat check on"].split()[8].startswith("1+"), proc.stdout
    on, off = rows["in-process, repeat check on"].split(), rows["in-process, repeat check off"].split()
    assert on[6] == off[6] == "4" and on[7] == off[7], proc.stdout  # the same ingest either way
    assert "repeat check:" in proc.stdout and "load average" in proc.stdout
    assert "never exercised" not in proc.stdout

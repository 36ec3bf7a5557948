"""Extraction speed over every PolNeAR train+dev article, on one core.

    .venv/bin/python bench/extraction_speed.py

Start-up (imports, first call) is included once, as a user running an ingest would pay it.
Articles per CPU second (this process's CPU time) is printed beside articles per wall
second: on a machine shared with other work the wall figure counts the time the process
waited for a core, the CPU figure what one core does.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def shared_data() -> Path:
    env = os.environ.get("CLAIMS_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"


def publication_dates(root: Path) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    meta = root / "polnear" / "metadata.tsv"
    if not meta.exists():
        return out
    lines = meta.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    fi, di = header.index("filename"), header.index("publication_date")
    for line in lines[1:]:
        cols = line.split("\t")
        try:
            out[cols[fi]] = dt.date.fromisoformat(cols[di])
        except (ValueError, IndexError):
            continue
    return out


def measure(root: Path | None = None) -> dict | None:
    """Articles per second and words per minute, or None when the corpus is absent."""
    root = root or shared_data()
    files = sorted((root / "polnear").glob("*/text/*.txt"))
    if not files:
        return None
    texts = [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    dates = publication_dates(root)
    words = sum(len(t.split()) for _, t in texts)
    t0, c0 = time.perf_counter(), time.process_time()
    from claims.extraction import extract_claims  # start-up counted once

    claims = 0
    for stem, text in texts:
        claims += len(extract_claims(text, published=dates.get(stem)))
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "articles": len(texts),
        "claims": claims,
        "seconds": elapsed,
        "articles_per_s": len(texts) / elapsed,
        "cpu_seconds": cpu,
        "articles_per_cpu_s": len(texts) / cpu,
        "words_per_min": words / elapsed * 60,
    }


def main() -> int:
    result = measure()
    if result is None:
        print(f"skipped: no PolNeAR texts under {shared_data() / 'polnear'}")
        return 0
    print(
        f"{result['articles']} articles, {result['claims']} claims in {result['seconds']:.2f} s: "
        f"{result['articles_per_s']:.0f} articles/s, {result['words_per_min'] / 1e6:.2f} M words/min; "
        f"{result['cpu_seconds']:.2f} CPU s: {result['articles_per_cpu_s']:.0f} articles per CPU second; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

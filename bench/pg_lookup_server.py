"""A new claim's lookup on PostgreSQL as the server sees it: planning and execution time and
buffers of its statements, reading every neighbour's key counts in the lookup (as before
issue 13's shortlist reached PostgreSQL) or the shortlist's alone, after it.

    .venv/bin/python bench/pg_lookup_server.py --url postgresql+psycopg://postgres@127.0.0.1/bench_scale_100000 \\
        --probes bench/out/probes-100000.json --n 60

Each probe is added as `bench/scale_matching.py` adds it (its postings written), both ways are
explained with EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) in turn (which first alternating), and
the transaction is rolled back. Printed: p50 / mean of planning, execution and both, the
buffers touched, and the counts read, per way.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claims.matching import index_keys, pair_keys, shortlist  # noqa: E402
from claims.matching.candidates import SHORTLIST  # noqa: E402
from claims.matching.normalize import is_number  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.services import store_index as si  # noqa: E402
from db import Database  # noqa: E402

EVERY = si._LOOKUP_PG.format(keys=si._BLOCKS_PG, read="k", few="", more=si._COUNTS_PG)
KEPT = si._LOOKUP_PG.format(keys=si._BLOCKS_PG, read="k", few=si._FEW_PG, more=si._COUNTS_PG)


def explained(conn, sql: str, params: list) -> tuple[float, float, int]:
    """(planning ms, execution ms, shared buffers hit or read) of one statement."""
    plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) {sql}", tuple(params)).scalar()
    top = plan[0]
    buffers = top["Plan"].get("Shared Hit Blocks", 0) + top["Plan"].get("Shared Read Blocks", 0)
    buffers += top.get("Planning", {}).get("Shared Hit Blocks", 0)
    return top["Planning Time"], top["Execution Time"], buffers


def probe(db: Database, text: str) -> dict[str, tuple]:
    with db.session() as s:
        claim = Claim(text=text + " (again)")
        s.add(claim)
        s.flush()
        keys = index_keys(claim.text)
        pairs = pair_keys(keys)
        index = si.StoreIndex(s)
        index.add([(claim.id, keys + pairs)])
        conn = s.connection()
        params = [keys, [is_number(k) for k in keys], pairs, claim.id]
        out = {}
        order = ("every", "kept") if len(text) % 2 else ("kept", "every")
        for way in order:
            if way == "every":
                plan, run, buffers = explained(conn, EVERY, params)
                rows = conn.exec_driver_sql(EVERY, tuple(params)).all()
                theirs = next(r[1] for r in rows if r[0] is None) or []  # the first counts: the neighbours'
                out[way] = (plan, run, buffers, len(set(theirs) - set(keys)), 1)
            else:
                plan, run, buffers = explained(conn, KEPT, [*params, SHORTLIST])
                found, idf = si.StoreIndex(s)._pg_lookup(KEPT, [*params, SHORTLIST])
                trips, read = 1, 0
                if len(found) > SHORTLIST:
                    kept = shortlist(keys, found, idf)
                    wanted = sorted({k for theirs in kept.values() for k in theirs if k not in idf.df})
                    p2, r2, b2 = explained(conn, si._DF_PG, [wanted])
                    plan, run, buffers, trips, read = plan + p2, run + r2, buffers + b2, 2, len(wanted)
                else:
                    read = len({k for theirs in found.values() for k in theirs} - set(keys))
                out[way] = (plan, run, buffers, read, trips)
        s.rollback()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--probes", required=True, help="a JSON list of texts (bench/out/probes-N.json)")
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args(argv)
    texts = json.loads(Path(args.probes).read_text())[: args.n]
    db = Database(args.url)
    for text in texts[:3]:
        probe(db, text)  # warm the caches
    results = [probe(db, text) for text in texts]
    db.close()
    for way in ("every", "kept"):
        plan, run, buffers, read, trips = zip(*(r[way] for r in results), strict=True)
        both = [p + r for p, r in zip(plan, run, strict=True)]
        print(f"{way:5}: planning p50 {statistics.median(plan):.2f} ms, execution p50 {statistics.median(run):.2f} "
              f"ms, both p50 {statistics.median(both):.2f} / mean {statistics.mean(both):.2f} ms; buffers p50 "
              f"{statistics.median(buffers):.0f}; neighbours' keys' counts read p50 {statistics.median(read):.0f}; "
              f"statements {statistics.mean(trips):.2f} a probe ({len(results)} probes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

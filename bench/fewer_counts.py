"""A new claim's lookup with the shortlist in force against ranking every neighbour (issue 13):
the CPU, the counts read, and which decisions the shortlist moves.

    .venv/bin/python bench/fewer_counts.py --store bench/out/scale-1000000.db --k 20,30

The rule in force (claims/matching/candidates.py, step 2) ranks a claim's neighbours (~100 at
1M) on an estimate first, made from the counts of the claim's own keys alone, and computes the
exact rank of the `SHORTLIST` (20) best only: a lookup on SQLite reads the counts of those
neighbours' keys (~150), not of all of theirs (~960). The import's bulk pass and `dupes
--rebuild` keep the same shortlist (tests/test_matching_bulk.py). `all` below is the rule
before it (every neighbour ranked on its exact weights, every count read); `K=N` the rule with
a shortlist of N.

Probes: the store's probes-N.json (planted duplicates, as bench/scale_matching.py matches them),
or `--probes` (a JSON list of texts), and `--stored` claims of the store with a word dropped.
Each probe is matched under each rule in turn (the order alternating), in a transaction rolled
back; printed: the CPU of a lookup, the neighbours' counts read, and every match (pair, state,
score, conflict) one makes and ranking every neighbour does not, or the other way.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlmodel import Session  # noqa: E402

import claims.services.matching as matching  # noqa: E402
from claims.matching import candidates  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.services.store_index import StoreIndex  # noqa: E402
from db import Database  # noqa: E402

_counts_of = StoreIndex._counts_of
_read: list[int] = []  # keys whose counts the lookup read (SQLite: its neighbours')


def _counted(self: StoreIndex, keys: list[str]) -> dict[str, int]:
    _read.append(len(keys))
    return _counts_of(self, keys)


def probes_of(store: Path, stored: int, given: str | None) -> list[str]:
    if given:  # texts to match as they are
        texts = json.loads(Path(given).read_text())
    else:
        probes = json.loads((store.parent / store.name.replace("scale-", "probes-").replace(".db", ".json")).read_text())
        texts = [p + " (again)" for p in probes]
    if stored:
        import sqlite3

        rng = random.Random(13)
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        top = con.execute("SELECT max(id) FROM claim").fetchone()[0]
        ids = rng.sample(range(1, top + 1), stored)
        for (text,) in con.execute(f"SELECT text FROM claim WHERE id IN ({','.join(map(str, ids))}) ORDER BY id"):
            words = text.split()
            if len(words) > 4:
                del words[rng.randrange(len(words))]
            texts.append(" ".join(words))
        con.close()
    return texts


def match_one(db: Database, text: str) -> tuple[float, set[tuple]]:
    """CPU of matching `text` as a new claim, and the matches it made (rolled back after)."""
    with db.engine.connect() as conn, Session(bind=conn) as session:
        trans = conn.begin()
        claim = Claim(text=text)
        session.add(claim)
        session.flush()
        c = time.process_time()
        matching.match_new_claims(session, [claim], titles={claim.id: None})
        cpu = time.process_time() - c
        made = {tuple(r) for r in conn.exec_driver_sql(
            'SELECT claim_a_id, state, score, "conflict" FROM "match" WHERE claim_b_id = ?', (claim.id,))}
        trans.rollback()
    return cpu, made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="an SQLite store of bench/scale_matching.py")
    parser.add_argument("--k", default=str(candidates.SHORTLIST),
                        help="shortlists to compare with ranking every neighbour, comma-separated "
                             f"(in force: {candidates.SHORTLIST})")
    parser.add_argument("--stored", type=int, default=400, help="stored claims with a word dropped, as probes")
    parser.add_argument("--probes", help="a JSON list of texts to match as they are (default: the store's "
                                         "probes-N.json, each with ' (again)')")
    args = parser.parse_args(argv)
    store = Path(args.store).resolve()
    db = Database(f"sqlite:///{store}")
    texts = probes_of(store, args.stored, args.probes)
    in_force = candidates.SHORTLIST
    rules = {"all": candidates.NEIGHBOURS, **{f"K={k}": int(k) for k in args.k.split(",")}}
    cpu: dict[str, list[float]] = {name: [] for name in rules}
    read: dict[str, list[int]] = {name: [] for name in rules}
    made: dict[str, list[set]] = {name: [] for name in rules}
    StoreIndex._counts_of = _counted
    try:
        for i, text in enumerate(texts):
            for name in list(rules) if i % 2 == 0 else list(reversed(rules)):
                candidates.SHORTLIST = rules[name]
                _read.clear()
                spent, found = match_one(db, text)
                cpu[name].append(spent * 1000)
                made[name].append(found)
                read[name].append(sum(_read))
    finally:
        StoreIndex._counts_of, candidates.SHORTLIST = _counts_of, in_force
    print(f"{len(texts)} probes on {store.name} ({len(texts) - args.stored} {'given' if args.probes else 'planted'}, "
          f"{args.stored} stored claims less a word); load " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    for name in rules:
        values = sorted(cpu[name])
        line = (f"  {name:<6} CPU p50 {values[len(values) // 2]:.2f} ms, p95 {values[int(len(values) * 0.95)]:.2f}, "
                f"mean {statistics.fmean(values):.2f}; neighbours' counts read: mean {statistics.fmean(read[name]):.0f}")
        if name == "all":
            print(line + f"; matches made {sum(map(len, made[name]))}")
            continue
        moved = [(texts[i], a - b, b - a) for i, (a, b) in enumerate(zip(made["all"], made[name], strict=True))
                 if a != b]
        print(line + f"; probes whose matches differ: {len(moved)}" + (" (in force)" if rules[name] == in_force else ""))
        for text, lost, gained in moved:
            print(f"      {text[:80]!r}: lost {sorted(lost)}, gained {sorted(gained)}")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

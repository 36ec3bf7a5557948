"""Prototype, not the rule in force (issue 13): a new claim's lookup that reads the counts of
fewer of its neighbours' keys, and which decisions that would move.

    .venv/bin/python bench/fewer_counts.py --store bench/out/scale-1000000.db --k 20,30

The rule in force ranks every neighbour the blocks bring (~100 at 1M) on the exact weights of
all their keys: ~960 counts read a lookup, then weighed, a third of its CPU on SQLite. The
prototype ranks the neighbours first on what is known before any of their counts are read:
the weight each shares with the claim (the claim's own keys' counts are read already) and its
other keys at a guess (a key o of the n neighbours hold, o >= 2, as if o/n of the store held
it; a key one holds at the mean weight of the claim's keys); only the K best so estimated
have their keys' counts read and are ranked by the rule (so the estimates decide who is never
compared). Nothing bounds the estimate: a neighbour the rule would compare may be left
out, and a decision moves (the lookup path only: `dupes --rebuild` and an import's bulk pass
would have to follow the same rule for both paths to decide the same, which they do today).

Probes: the store's probes-N.json (planted duplicates, as bench/scale_matching.py matches them),
or `--probes` (a JSON list of texts), and `--stored` claims of the store with a word dropped. Each probe is matched by the rule in
force and by the prototype for each K, in turn (the first alternating), in a transaction rolled
back; printed: the CPU of a lookup, the counts read, and every match (pair, state, score,
conflict) one makes and the other does not.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlmodel import Session  # noqa: E402

import claims.services.matching as matching  # noqa: E402
from claims.matching import IdfTable  # noqa: E402
from claims.matching.candidates import SCALE, fixed_weights, rank_candidates  # noqa: E402
from claims.matching.normalize import is_number  # noqa: E402
from claims.models import KEY_SEPARATOR, Claim  # noqa: E402
from claims.services.store_index import StoreIndex  # noqa: E402
from db import Database  # noqa: E402

_exact_neighbours = StoreIndex.block_neighbours


class Prototype:
    """`StoreIndex.block_neighbours` and `rank_candidates` as `_lookup_found` calls them,
    replaced: the neighbours come without their keys' counts, and the ranking reads the counts
    of the K best estimated only (into the claim's IdfTable, which the comparisons then use)."""

    def __init__(self, k: int, flat: bool = False) -> None:
        self.k = k
        self.flat = flat
        self.index: StoreIndex | None = None
        self.read = 0  # counts read by the last lookup

    def block_neighbours(self, index: StoreIndex, blocks, *, before, pairs=()):
        found, _ = _neighbours_without_counts(index, blocks, before=before, pairs=pairs, counts=False)
        self.index = index
        return found, IdfTable({}, index.doc_count())

    def rank(self, query_keys, candidates, idf, floor, limit=5, *, dice=None):
        mine = set(query_keys)
        known = fixed_weights(idf, mine)  # the claim's own counts: read before its lookup
        typical = statistics.fmean(known.values()) if known else 0.0
        numbers = {k for k in mine if is_number(k)}
        wq = sum(known.values())
        wq_words = wq - sum(known[k] for k in numbers)
        # A key not the claim's: held by o of the n neighbours (o >= 2), its count guessed as
        # o/n of the store's; held by one, weighed as the claim's keys on average.
        held = Counter(k for keys in candidates.values() for k in keys)
        n, docs = len(candidates), idf.doc_count + idf.prior_docs
        guess = {o: math.log1p(docs / (idf.doc_count * o / n + 0.5)) * SCALE for o in set(held.values()) if o > 1}
        guess[1] = typical
        if self.flat:
            g = wq // len(mine) if mine else 0
            guess = {o: g for o in set(held.values()) | {1}}
        estimated = []
        for cid, keys in candidates.items():
            keys = set(keys)
            shared = mine & keys
            w_shared = sum(known[k] for k in shared)
            w_shared_words = w_shared - sum(known[k] for k in shared & numbers)
            others = keys - mine
            wd = w_shared + sum(guess[held[k]] for k in others)
            wd_words = w_shared_words + sum(guess[held[k]] for k in others if not is_number(k))
            rank = w_shared / min(wq, wd) if wq > 0 and wd > 0 else 0.0
            if wq_words > 0 and wd_words > 0:
                rank = max(rank, w_shared_words / min(wq_words, wd_words))
            estimated.append((-rank, cid))
        kept = {cid for _, cid in heapq.nsmallest(self.k, estimated)}
        subset = {cid: candidates[cid] for cid in candidates if cid in kept}
        wanted = sorted(set().union(*subset.values()) - idf.df.keys()) if subset else []
        self.read = len(wanted)
        if wanted:
            idf.df.update(self.index._counts_of(wanted))
        return rank_candidates(query_keys, subset, idf, floor, limit, dice=dice)


def _neighbours_without_counts(self, blocks, *, before, pairs=(), counts=True):
    """`block_neighbours` less its read of the counts (SQLite): the neighbours and their keys."""
    if counts:
        return _exact_neighbours(self, blocks, before=before, pairs=pairs)
    m = self._marker
    one = (f"SELECT * FROM (SELECT claim_id FROM claim_key WHERE key = {m} AND claim_id < {m} "
           "ORDER BY claim_id DESC LIMIT {n}) AS b")
    from claims.matching import BLOCK_READ, PAIR_READ

    reads = " UNION ".join([one.format(n=BLOCK_READ)] * len(blocks) + [one.format(n=PAIR_READ)] * len(pairs))
    params = [x for key in [*blocks, *pairs] for x in (key, before)]
    rows = self._fetch(f"SELECT b.claim_id, ks.keys FROM ({reads}) AS b JOIN claim_keyset ks "
                       "ON ks.claim_id = b.claim_id ORDER BY b.claim_id", params)
    return {cid: joined.split(KEY_SEPARATOR) for cid, joined in rows}, None


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
    parser.add_argument("--k", default="20,30", help="neighbours whose counts are read, comma-separated")
    parser.add_argument("--stored", type=int, default=400, help="stored claims with a word dropped, as probes")
    parser.add_argument("--probes", help="a JSON list of texts to match as they are (default: the store's "
                                         "probes-N.json, each with ' (again)')")
    args = parser.parse_args(argv)
    store = Path(args.store).resolve()
    db = Database(f"sqlite:///{store}")
    texts = probes_of(store, args.stored, args.probes)
    rules = {"in force": None, **{f"K={k}": Prototype(int(k)) for k in args.k.split(",")},
             **{f"flat{k}": Prototype(int(k), True) for k in args.k.split(",")}}
    cpu = {name: [] for name in rules}
    read = {name: [] for name in rules}
    made = {name: [] for name in rules}
    exact_rank = matching.rank_candidates
    for i, text in enumerate(texts):
        names = list(rules) if i % 2 == 0 else list(reversed(rules))
        for name in names:
            proto = rules[name]
            if proto is None:
                StoreIndex.block_neighbours = _exact_neighbours
                matching.rank_candidates = exact_rank
            else:
                StoreIndex.block_neighbours = (lambda p: lambda index, blocks, **kw: p.block_neighbours(
                    index, blocks, **kw))(proto)
                matching.rank_candidates = proto.rank
            spent, found = match_one(db, text)
            cpu[name].append(spent * 1000)
            made[name].append(found)
            read[name].append(proto.read if proto else None)
    StoreIndex.block_neighbours, matching.rank_candidates = _exact_neighbours, exact_rank
    print(f"{len(texts)} probes on {store.name} ({len(texts) - args.stored} {'given' if args.probes else 'planted'}, "
          f"{args.stored} stored claims less a word); load " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    for name in rules:
        values = sorted(cpu[name])
        line = (f"  {name:<9} CPU p50 {values[len(values) // 2]:.2f} ms, p95 {values[int(len(values) * 0.95)]:.2f}, "
                f"mean {statistics.fmean(values):.2f}")
        if rules[name] is not None:
            line += f"; neighbours' counts read: mean {statistics.fmean(read[name]):.0f}"
            moved = [(texts[i], a - b, b - a) for i, (a, b) in enumerate(zip(made["in force"], made[name], strict=True))
                     if a != b]
            line += f"; probes whose matches differ: {len(moved)}"
            print(line)
            for text, lost, gained in moved:
                print(f"      {text[:80]!r}: lost {sorted(lost)}, gained {sorted(gained)}")
        else:
            print(line + f"; matches made {sum(map(len, made[name]))}")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Load test: many reviewers, one desk, no lost update.

N reviewer processes (default 8) each apply 1,000 random status/verdict changes and 100
merges to the same 2,000 claims, through the real services (`set_status` with the version
the reviewer saw, `merge`), retrying on conflict as a person would (reload, decide again).
Runs on PostgreSQL and on SQLite in WAL mode, then checks that nothing was lost:

- every reviewer's successful actions are in the audit log, one batch each, and nothing else;
- for every claim and field, the audited changes form one unbroken chain (each change's
  "old" is the previous change's "new": no writer overwrote a change it had not seen);
- each claim's final state equals its last audited change.

    .venv/bin/python bench/load_test.py                 # both backends, 8 x (1000 + 100)
    .venv/bin/python bench/load_test.py --backend pg -n 4
    .venv/bin/python bench/load_test.py --quick         # 2 x (50 + 5) on 200 claims

PostgreSQL: a scratch database is created with `--pg-url` (an admin URL; default
$CLAIMS_TEST_PG_URL or the local server) and dropped afterwards. Exit status 1 when a check fails.

Reported: committed changes (set-status + merges) per second; p50/p99 of a set-status (the
reviewer's read included) and of a merge; conflicts (StaleVersion, retried); CPU per change
of the reviewer processes and, when the server runs on this machine, of their PostgreSQL
backends (/proc); the load average at the end (the machine is shared: compare runs made at
a low load). `--no-rows` makes set_status skip returning the changed rows.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_PG = os.environ.get("CLAIMS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
STATUSES = ["unverified", "in_review", "verified", "not_checkable"]
VERDICTS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading", "unproven"]
INITIAL = {"status": "unverified", "verdict": None, "verdict_note": None, "evidence": "[]",
           "canonical_id": None}


@dataclass
class WorkerResult:
    reviewer: str
    changes: int = 0  # successful set-status actions
    merges: int = 0  # successful merges
    noop_merges: int = 0  # the two claims were already one cluster when the merge ran
    conflicts: int = 0  # StaleVersion: someone changed the claim since this reviewer read it
    db_retries: int = 0  # deadlock / busy, retried
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's own CPU (the database server's is not counted)
    server_cpu_seconds: float | None = None  # its PostgreSQL backend's CPU (local server only)
    latencies_ms: list[float] = field(default_factory=list)
    merge_latencies_ms: list[float] = field(default_factory=list)


def _backend_cpu(db) -> tuple[int, float] | None:
    """(pid, CPU seconds) of this process's PostgreSQL backend, when the server runs here."""
    if not db.is_postgresql:
        return None
    with db.engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        conn.rollback()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker(url: str, n: int, changes: int, merges: int, n_claims: int, seed: int, ready, start, out,
            rows: bool = True) -> None:
    from sqlalchemy import bindparam, case, func, select
    from sqlalchemy.exc import OperationalError

    from claims.errors import StaleVersion
    from claims.models import Claim
    from claims.services.clusters import merge
    from claims.services.review import set_status
    from db import Database

    db = Database(url)
    rng = random.Random(seed * 1000 + n)
    reviewer = f"load{n}"
    res = WorkerResult(reviewer=reviewer)
    ops = ["change"] * changes + ["merge"] * merges
    rng.shuffle(ops)

    claim = Claim.__table__
    head = claim.alias("head")
    shown = func.coalesce(head.c.id, claim.c.id)
    what = (select(shown, func.coalesce(head.c.version, claim.c.version), case((head.c.id.is_(None), claim.c.status),
                                                                            else_=head.c.status),
                   case((head.c.id.is_(None), claim.c.verdict), else_=head.c.verdict))
            .select_from(claim.outerjoin(head, head.c.id == claim.c.canonical_id))
            .where(claim.c.id == bindparam("id")))  # clusters are flat: a member's canonical is a head

    def read(claim_id):
        """What the reviewer's screen shows: the claim's cluster head, its version and state."""
        with db.engine.connect() as conn:
            row = conn.execute(what, {"id": claim_id}).one()
            conn.commit()  # as the desk's read sessions do: a ROLLBACK drops psycopg's prepared statements
        return tuple(row)

    ready.put(n)
    start.wait()
    server0 = _backend_cpu(db)
    t0, c0 = time.perf_counter(), time.process_time()
    for op in ops:
        while True:
            t = time.perf_counter()
            try:
                if op == "change":
                    claim_id = rng.randint(1, n_claims)
                    cid, version, status, verdict = read(claim_id)  # what the reviewer sees
                    new_status = rng.choice([s for s in STATUSES if s != status])
                    new_verdict = None
                    if new_status == "verified":  # only a verified claim carries a verdict
                        new_verdict = rng.choice([v for v in VERDICTS if v != verdict])
                    set_status(db, [claim_id], reviewer=reviewer, status=new_status, verdict=new_verdict,
                               expected_versions={claim_id: version}, expected_canonical={claim_id: cid},
                               return_rows=rows)
                    res.changes += 1
                    res.latencies_ms.append((time.perf_counter() - t) * 1000)
                else:
                    a, b = rng.sample(range(1, n_claims + 1), 2)
                    if read(a)[0] == read(b)[0]:
                        continue  # already one cluster: pick another pair
                    change = merge(db, [a, b], reviewer=reviewer)
                    if change.moved:
                        res.merges += 1
                    else:
                        res.noop_merges += 1
                    res.merge_latencies_ms.append((time.perf_counter() - t) * 1000)
                break
            except StaleVersion:
                res.conflicts += 1
            except OperationalError:
                res.db_retries += 1  # deadlock detected / database is locked: try again
    res.seconds = time.perf_counter() - t0
    res.cpu_seconds = time.process_time() - c0
    server1 = _backend_cpu(db)
    if server0 and server1 and server0[0] == server1[0]:
        res.server_cpu_seconds = server1[1] - server0[1]
    db.close()
    out.put(asdict(res))


def _seed(url: str, n_claims: int) -> None:
    from claims.models import Claim, utcnow
    from db import Database

    db = Database(url)
    now = utcnow()
    rows = [dict(id=i, text=f"Claim {i}: the figure rose by {i % 97} percent last year.",
                 checkworthiness=(i % 10) / 10, claim_type="quantity", status="unverified",
                 evidence="[]", version=1, created_at=now, updated_at=now)
            for i in range(1, n_claims + 1)]
    with db.engine.begin() as conn:
        conn.execute(Claim.__table__.insert(), rows)
        if db.is_postgresql:
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('claim', 'id'), "
                                 f"{n_claims + 1}, false)")
    db.close()


def verify(url: str, results: list[dict]) -> list[str]:
    """The audit log against what the reviewers did, and against the claims' final state."""
    from sqlmodel import col, select

    from claims.models import Claim, Event
    from db import Database

    problems = []
    db = Database(url)
    with db.session() as s:
        events = s.exec(select(Event).order_by(col(Event.id))).all()
        claims = {c.id: c for c in s.exec(select(Claim))}
    db.close()
    batches: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in events:
        batches[(e.reviewer, e.action)].add(e.batch)
    for r in results:
        for action, expected in (("set-status", r["changes"]), ("merge", r["merges"])):
            got = len(batches[(r["reviewer"], action)])
            if got != expected:
                problems.append(f"{r['reviewer']}: {expected} successful {action} but {got} in the audit log")
    chains: dict[tuple[int, str], list] = defaultdict(list)
    for e in events:
        if e.claim_id is not None and e.field in INITIAL:
            chains[(e.claim_id, e.field)].append(e)
    for (claim_id, fld), evs in chains.items():
        prev = INITIAL[fld]
        for e in evs:
            if e.old != (None if prev is None else str(prev)):
                problems.append(f"claim {claim_id} {fld}: event {e.id} by {e.reviewer} changed "
                                f"{e.old!r} but the previous change left {prev!r} (a lost update)")
                break
            prev = e.new
        final = getattr(claims[claim_id], fld)
        if (None if final is None else str(final)) != prev:
            problems.append(f"claim {claim_id} {fld}: is {final!r} but the last audited change says {prev!r}")
    for claim_id, c in claims.items():  # claims with no event must be as seeded
        for fld, initial in INITIAL.items():
            if (claim_id, fld) not in chains and getattr(c, fld) != initial:
                problems.append(f"claim {claim_id} {fld}: changed to {getattr(c, fld)!r} without an audit event")
    return problems


def _take(queue, procs, timeout: float):
    """The next message from the reviewers; a reviewer that died ends the run in one line
    (waiting for its message would wait out the whole timeout)."""
    import queue as queues

    deadline = time.monotonic() + timeout
    while True:
        try:
            return queue.get(timeout=1)
        except queues.Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead:
                for p in procs:
                    p.kill()
                raise SystemExit(f"a reviewer process stopped (exit status {dead[0].exitcode}); "
                                 "no figures") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"no word from the reviewers in {timeout:.0f} s") from None


def run(backend: str, url: str, args) -> dict:
    _seed(url, args.claims)
    ctx = mp.get_context("spawn")
    ready, out, start = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_worker, args=(url, n, args.changes, args.merges, args.claims, args.seed,
                                               ready, start, out, args.rows))
             for n in range(args.processes)]
    for p in procs:
        p.start()
    for _ in procs:
        _take(ready, procs, 120)
    t0 = time.perf_counter()
    start.set()
    results = [_take(out, procs, 3600) for _ in procs]
    elapsed = time.perf_counter() - t0
    for p in procs:
        p.join()
    problems = verify(url, results)
    done = sum(r["changes"] + r["merges"] for r in results)
    lat = sorted(x for r in results for x in r["latencies_ms"])
    mlat = sorted(x for r in results for x in r["merge_latencies_ms"])
    server = [r["server_cpu_seconds"] for r in results]
    summary = {
        "backend": backend,
        "processes": args.processes,
        "claims": args.claims,
        "changes": sum(r["changes"] for r in results),
        "merges": sum(r["merges"] for r in results),
        "noop_merges": sum(r["noop_merges"] for r in results),
        "conflicts": sum(r["conflicts"] for r in results),
        "db_retries": sum(r["db_retries"] for r in results),
        "seconds": round(elapsed, 2),
        "per_second": round(done / elapsed, 1),
        "client_cpu_ms_per_change": round(sum(r["cpu_seconds"] for r in results) * 1000 / max(done, 1), 2),
        "server_cpu_ms_per_change": (round(sum(server) * 1000 / max(done, 1), 2)
                                     if server and None not in server else None),
        "rows": args.rows,
        "load_average": round(os.getloadavg()[0], 1),
        "p50_ms": round(lat[len(lat) // 2], 2) if lat else None,  # set-status, read included
        "p99_ms": round(lat[int(len(lat) * 0.99)], 2) if lat else None,
        "merge_p50_ms": round(mlat[len(mlat) // 2], 2) if mlat else None,
        "merge_p99_ms": round(mlat[int(len(mlat) * 0.99)], 2) if mlat else None,
        "lost_updates": len([p for p in problems if "lost update" in p]),
        "audit_mismatches": len([p for p in problems if "lost update" not in p]),
        "problems": problems[:20],
    }
    return summary


def _pg_scratch(admin_url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from db.urls import resolve_url

    admin = create_engine(resolve_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"claims_load_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve_url(admin_url)).set(database=name).render_as_string(hide_password=False)

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["pg", "sqlite", "both"], default="both")
    ap.add_argument("-n", "--processes", type=int, default=8)
    ap.add_argument("--changes", type=int, default=1000, help="status/verdict changes per process")
    ap.add_argument("--merges", type=int, default=100, help="merges per process")
    ap.add_argument("--claims", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL admin URL (a scratch database is made)")
    ap.add_argument("--quick", action="store_true", help="2 processes x (50 changes + 5 merges), 200 claims")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    ap.add_argument("--no-rows", dest="rows", action="store_false",
                    help="set_status(return_rows=False): skip rebuilding the changed rows (the desk needs them)")
    args = ap.parse_args(argv)
    if args.quick:
        args.processes, args.changes, args.merges, args.claims = 2, 50, 5, 200
    backends = ["pg", "sqlite"] if args.backend == "both" else [args.backend]
    failed = False
    for backend in backends:
        if backend == "pg":
            url, cleanup = _pg_scratch(args.pg_url)
        else:
            tmp = tempfile.TemporaryDirectory(prefix="claims-load-")
            url, cleanup = f"sqlite:///{tmp.name}/load.db", tmp.cleanup
        try:
            s = run(backend, url, args)
        finally:
            cleanup()
        failed |= bool(s["problems"])
        if args.json:
            print(json.dumps(s))
        else:
            print(f"{s['backend']:6}  {s['processes']} processes on {s['claims']} claims: "
                  f"{s['changes']} changes + {s['merges']} merges in {s['seconds']} s = "
                  f"{s['per_second']} committed changes/s (set-status p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms; "
                  f"merge p50 {s['merge_p50_ms']} ms, p99 {s['merge_p99_ms']} ms; "
                  f"CPU per change: client {s['client_cpu_ms_per_change']} ms, server "
                  f"{s['server_cpu_ms_per_change']} ms; load average {s['load_average']}"
                  f"{'' if s['rows'] else '; no rows'}); "
                  f"conflicts detected {s['conflicts']}, db retries {s['db_retries']}, "
                  f"no-op merges {s['noop_merges']}; lost updates {s['lost_updates']}, "
                  f"audit mismatches {s['audit_mismatches']}")
            for p in s["problems"]:
                print(f"  problem: {p}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

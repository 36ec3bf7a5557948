"""One new claim matched, two versions of the code side by side, probe by probe.

    .venv/bin/python bench/new_claim_ab.py --before /tmp/main-copy --store bench/out/scale-1000000.db
    .venv/bin/python bench/new_claim_ab.py --before /tmp/main-copy \\
        --store postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale_100000

On a shared machine the speed of a core drifts by half from one minute to the next, so two
runs of `bench/scale_matching.py --lookups-only` a minute apart cannot tell a 15% change.
Here each version runs in a process of its own (`--before`: a checkout or `git archive` of
the older code; `--after`: this one), and the two match the same probe in turn, the first of
each pair alternating, as `scale_matching.py`'s lookups do (a claim added, matched, rolled
back). Probes: the store's `probes-N.json` beside it (written by `scale_matching.py`). Each
pass over the probes is printed apart: the first meets colder caches. Where the two versions
index differently (a new `KEYS_VERSION`), `--before-store` gives the older code a store of its
own, made by its own `scale_matching.py` from the same claims.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def worker(code: str, url: str, probes_file: str) -> int:
    """Match the probe whose index comes on each stdin line; print its CPU and wall ms."""
    sys.path.insert(0, code)
    from sqlmodel import Session

    from claims.models import Claim
    from claims.services.matching import match_new_claims
    from db import Database

    db = Database(url)
    probes = json.loads(Path(probes_file).read_text())
    # As ingest matches an article's new claims: their title given (here none), where this
    # version takes it (issue 13: one read less before the lookup on PostgreSQL).
    given = "titles" in inspect.signature(match_new_claims).parameters
    print("ready", flush=True)
    for line in sys.stdin:
        with db.engine.connect() as conn, Session(bind=conn) as session:
            trans = conn.begin()
            claim = Claim(text=probes[int(line)] + " (again)")
            session.add(claim)
            session.flush()
            backend = server_process(conn)
            t, c, s = time.perf_counter(), time.process_time(), cpu_of(backend)
            match_new_claims(session, [claim], **({"titles": {claim.id: None}} if given else {}))
            print(f"{(time.process_time() - c) * 1000:.3f} {(time.perf_counter() - t) * 1000:.3f} "
                  f"{(cpu_of(backend) - s) * 1000:.3f}", flush=True)
            trans.rollback()
    db.close()
    return 0


def server_process(conn) -> int | None:
    """PostgreSQL on this machine: the server process serving `conn` (None on SQLite)."""
    if conn.dialect.name != "postgresql":
        return None
    return conn.connection.dbapi_connection.info.backend_pid


def cpu_of(pid: int | None) -> float:
    """The CPU time of a server process, in seconds (clock ticks: a mean over many probes)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spread(values: list[float]) -> str:
    values = sorted(values)
    return (f"p50 {values[len(values) // 2]:.2f} ms, p95 {values[int(len(values) * 0.95)]:.2f} ms, "
            f"mean {statistics.mean(values):.2f}")


def _url(store: str) -> str:
    return store if "://" in store else f"sqlite:///{Path(store).resolve()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the older code's folder (holds claims/ and db/)")
    parser.add_argument("--after", default=str(HERE.parent), help="the newer code's folder (default: this one)")
    parser.add_argument("--store", help="an SQLite file or a database URL")
    parser.add_argument("--before-store", help="the older code's own store (default: --store)")
    parser.add_argument("--probes", help="the probes' JSON (default: probes-N.json beside an SQLite store, "
                                         "else bench/out/probes-100000.json)")
    parser.add_argument("--n", type=int, default=100, help="probes per pass")
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(*args.worker)
    if not args.before or not args.store:
        parser.error("--before and --store are needed")
    url = _url(args.store)
    urls = {"before": _url(args.before_store or args.store), "after": url}
    probes = args.probes
    if probes is None:
        name = Path(args.store).stem.replace("scale-", "probes-") if "://" not in args.store else "probes-100000"
        probes = str((Path(args.store).parent if "://" not in args.store else HERE / "out") / f"{name}.json")
    versions = {"before": args.before, "after": args.after}
    procs = {name: subprocess.Popen([sys.executable, __file__, "--worker", code, urls[name], probes],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for name, code in versions.items()}
    for name, proc in procs.items():
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"the {name} worker did not start")
    n = min(args.n, len(json.loads(Path(probes).read_text())))
    taken: dict[tuple[str, int], tuple[list[float], list[float], list[float]]] = {
        (name, p): ([], [], []) for name in versions for p in range(args.passes)}
    for p in range(args.passes):
        for i in range(n):
            for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
                procs[name].stdin.write(f"{i}\n")
                procs[name].stdin.flush()
                cpu, wall, server = map(float, procs[name].stdout.readline().split())
                taken[name, p][0].append(cpu)
                taken[name, p][1].append(wall)
                taken[name, p][2].append(server)
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    print(f"one new claim matched, {n} probes a pass, {url}"
          + (f" (before: {urls['before']})" if urls["before"] != url else ""))
    for (name, p), (cpu, wall, server) in taken.items():
        # The server's CPU in clock ticks (10 ms): only its mean over the pass tells.
        on_server = f"; server CPU mean {statistics.mean(server):.2f} ms" if any(server) else ""
        print(f"  {name:<6} pass {p + 1}: wall {spread(wall)}; CPU {spread(cpu)}{on_server}")
    print("  load " + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

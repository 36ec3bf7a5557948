"""Matching at scale through the real store: import-and-match, rebuild, search, one new claim.

    .venv/bin/python bench/scale_matching.py            # 100,000 synthetic claims, SQLite and PostgreSQL
    .venv/bin/python bench/scale_matching.py --n 1000000
    .venv/bin/python bench/scale_matching.py --n 1000000 --reuse   # the stores built before
    .venv/bin/python bench/scale_matching.py --backends sqlite     # one backend

Each backend gets a fresh store: SQLite bench/out/scale-N.db, PostgreSQL the database
`bench_scale_N` on the server of `--pg` (the local one as `postgres` by default; skipped, with
the reason, when unreachable). `--reuse` keeps a store that already holds the N claims and
times everything but the import; `--reindex` also times a rebuild that remakes the index;
`--import-only` stops after the import, `--lookups-only` times the point lookups alone;
`--pg-db` names the PostgreSQL database (two benches side by side). A PostgreSQL store is
vacuumed before its lookups are timed, as autovacuum would do after an import.

Claims come from `eval_matching.synthetic_claims` (Zipf vocabulary, planted near-duplicates),
written once to bench/out/synthetic-N.jsonl. Each phase runs in a process of its own, as the
CLI would (the import reads the file as `claims import` does), so its wall time, CPU time
(its own and its comparison workers') and peak memory are its own: the import, the rebuild
and the point lookups (searches, one new claim matched). Goals (issue 13), on a quiet
machine: 1M imported and matched in 60 s; `--rebuild` of 1M in 60 s at planted recall >= 0.99;
one new claim matched p50 <= 5 ms, p95 <= 25 ms; one search p50 <= 10 ms; peak memory <= 1 GB.
Each figure is printed with the load average when it was taken (this is a shared 2-core
machine): a figure taken at a load above 2 is under load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from sqlmodel import col, func, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from eval_matching import synthetic_claims  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from claims.collector import collect_less_often  # noqa: E402
from claims.matching import DISTINCT, IdfTable, MatchSettings, compare  # noqa: E402
from claims.models import Claim, Match  # noqa: E402
from claims.services.importer import import_source  # noqa: E402
from claims.services.matching import match_new_claims, rebuild_matches, search_in_session  # noqa: E402
from db import Database  # noqa: E402
from db.urls import display_url, sqlite_path  # noqa: E402

PG_ADMIN = os.environ.get("CLAIMS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    return (f"p50 {values[len(values) // 2] * 1000:.1f} ms, "
            f"p95 {values[int(len(values) * 0.95)] * 1000:.1f} ms")


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


# -- one phase, in a process of its own ---------------------------------------------------


def run_phase(phase: str, url: str, arg: str) -> dict:
    """`import` (arg: the JSONL file), `rebuild` / `reindex`, or `lookups` (arg: a JSON file
    of probe texts). Prints one JSON line: what it measured."""
    collect_less_often()  # as the `claims` command does
    db = Database(url)
    t0, c0 = time.perf_counter(), time.process_time()
    out: dict = {}
    if phase == "import":
        report = import_source(db, arg)
        out["summary"] = report.matches.describe()
    elif phase in ("rebuild", "reindex"):
        out["summary"] = rebuild_matches(db, reindex=phase == "reindex").describe()
    else:
        out.update(lookups(db, json.loads(Path(arg).read_text())))
    out["wall"] = time.perf_counter() - t0
    out["server_cpu"] = server_cpu(db)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["cpu"] = time.process_time() - c0
    out["workers_cpu"] = children.ru_utime + children.ru_stime
    out["rss_mb"] = peak_mb()
    out["workers_rss_mb"] = children.ru_maxrss / 1024
    out["load"] = load()
    db.close()
    return out


def server_cpu(db: Database) -> float | None:
    """PostgreSQL on this machine: the CPU time of the server processes serving this database
    (the phase's pooled connections, still open), read from /proc; None elsewhere."""
    if not db.url.startswith("postgresql"):
        return None
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    other = create_engine(db.engine.url, poolclass=NullPool)  # not one of the phase's connections
    with other.connect() as conn:
        pids = conn.exec_driver_sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                    "AND pid <> pg_backend_pid()").scalars().all()
    other.dispose()
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None  # another machine's server, or another user's
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def peak_mb() -> float:
    """This process's peak memory. Not ru_maxrss: Linux carries the parent's high-water mark
    across fork and exec, so a phase reported the bench process's own peak (the generated
    claims, ~800 MB at 1M) as its. VmHWM is this program's. (The workers' figure, from
    RUSAGE_CHILDREN, has the same flaw: it includes the phase's peak when they started.)"""
    with suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lookups(db: Database, probes: list[str]) -> dict:
    """Wall time of each lookup, and this process's CPU time (on SQLite all of a lookup's
    work, so a figure that load inflates less)."""
    searches, search_cpu = [], []
    with db.session() as session:
        search_in_session(session, probes[0], limit=10)  # warm caches
        for text in probes:
            t, c = time.perf_counter(), time.process_time()
            search_in_session(session, text, limit=10)
            searches.append(time.perf_counter() - t)
            search_cpu.append(time.process_time() - c)
    matched, matched_cpu = [], []
    for text in probes[:100]:
        with db.engine.connect() as conn, Session(bind=conn) as session:
            # Match one new claim as ingest would (its article's title given: here none), then
            # roll it back so the store stays as it is.
            trans = conn.begin()
            claim = Claim(text=text + " (again)")
            session.add(claim)
            session.flush()
            t, c = time.perf_counter(), time.process_time()
            match_new_claims(session, [claim], titles={claim.id: None})
            matched.append(time.perf_counter() - t)
            matched_cpu.append(time.process_time() - c)
            trans.rollback()
    return {"search": f"{percentiles(searches)}; CPU {percentiles(search_cpu)}",
            "matched": f"{percentiles(matched)}; CPU {percentiles(matched_cpu)}"}


def phase(name: str, url: str, arg: str = "") -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", name, "--url", url, "--arg", arg],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{name} on {display_url(url)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timing(m: dict) -> str:
    # every child process: the comparison and key workers, and on an import from 20,000 claims the
    # check-worthiness scorer (`claims.triage.background`, ~10 s of 100k's ~25 s)
    workers = (f" + {m['workers_cpu']:.1f} s in worker processes (peak {m['workers_rss_mb']:.0f} MB)"
               if m["workers_cpu"] else "")
    server = f" + {m['server_cpu']:.1f} s in the server" if m.get("server_cpu") is not None else ""
    return (f"{m['wall']:.1f} s wall, {m['cpu']:.1f} s CPU{workers}{server}; peak {m['rss_mb']:.0f} MB "
            f"({m.get('summary', '')}; {m['load']})")


# -- the stores -------------------------------------------------------------------------------


def sqlite_store(n: int, reuse: bool) -> str:
    path = HERE / "out" / f"scale-{n}.db"
    if not (reuse and stored_claims(str(path)) == n):
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def pg_store(n: int, reuse: bool, admin: str, name: str | None = None) -> str | None:
    from sqlalchemy import create_engine, text

    name = name or f"bench_scale_{n}"
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            url = str(make_url(admin).set(database=name).render_as_string(hide_password=False))
            if exists and reuse and stored_claims(url) == n:
                return url
            if exists:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any reason the server cannot be used is printed
        print(f"PostgreSQL skipped: {display_url(admin)}: {str(exc).splitlines()[0]}")
        return None
    return url


def stored_claims(url: str) -> int | None:
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None
    try:
        db = Database(url)
        with db.session() as session:
            return session.exec(select(func.count()).select_from(Claim)).one()
    except Exception:  # noqa: BLE001 - no store, or not one of ours: build it afresh
        return None


def vacuum(url: str) -> str:
    """What autovacuum does after an import, once, before the lookups are timed: the
    visibility map (index-only scans of the postings) and the planner's statistics. Autovacuum
    may be off on the server, or not have come by yet."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    t = time.perf_counter()
    with engine.connect() as conn:
        autovacuum = conn.exec_driver_sql("SHOW autovacuum").scalar()
        conn.exec_driver_sql("VACUUM (ANALYZE)")
    engine.dispose()
    return f"{time.perf_counter() - t:.1f} s (autovacuum {autovacuum} on this server; {load()})"


def planted_recall(url: str, texts: dict[str, str], planted: list[tuple[str, str]]) -> str:
    """Of the planted pairs the scorer itself calls a match, how many the store holds as a
    match row or one cluster."""
    db = Database(url)
    with db.session() as session:
        id_of = dict(session.exec(select(Claim.external_id, Claim.id)).all())
        canon = dict(session.exec(select(Claim.id, Claim.canonical_id).where(col(Claim.canonical_id).is_not(None))).all())
        pairs = {(a, b) for a, b in session.exec(select(Match.claim_a_id, Match.claim_b_id)).all()}
    db.close()
    idf = IdfTable.from_texts(texts.values())
    settings = MatchSettings()
    expected = [p for p in planted if compare(texts[p[0]], texts[p[1]], settings, idf).decision != DISTINCT]
    hit = 0
    for a, b in expected:
        ia, ib = id_of[a], id_of[b]
        lo, hi = min(ia, ib), max(ia, ib)
        if (lo, hi) in pairs or canon.get(ia, ia) == canon.get(ib, ib):
            hit += 1
    return f"{hit / max(1, len(expected)):.4f} of {len(expected):,} pairs the scorer matches"


def bench_backend(url: str, args, source: Path, probes: Path, texts: dict, planted: list
                  ) -> Iterator[tuple[str, str]]:
    """Each figure as it is measured (a 1M run takes long: what is done is printed)."""
    if args.reuse and stored_claims(url) == args.n:
        yield "import + match", "skipped (--reuse: the store holds them already)"
    else:
        Database(url).close()  # migrated before the import is timed
        yield "import + match", timing(phase("import", url, str(source)))
    if args.import_only:
        return
    if url.startswith("postgresql"):
        yield "VACUUM ANALYZE", vacuum(url)
    if not args.lookups_only:
        yield "dupes --rebuild", timing(phase("rebuild", url))
    if args.reindex:
        yield "--rebuild, new index", timing(phase("reindex", url))
    m = phase("lookups", url, str(probes))
    yield "one search", f"{m['search']} ({m['load']})"
    yield "one new claim matched", f"{m['matched']} ({m['load']}; peak {m['rss_mb']:.0f} MB)"
    if not args.lookups_only:
        yield "planted recall", planted_recall(url, texts, planted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql",
                        help="sqlite, postgresql, both, or a comma-separated list")
    parser.add_argument("--pg", default=PG_ADMIN, help="PostgreSQL admin URL (the bench creates its database)")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep a store that already holds the N claims")
    parser.add_argument("--reindex", action="store_true", help="also time a rebuild that remakes the index")
    parser.add_argument("--import-only", action="store_true", help="stop after the import")
    parser.add_argument("--lookups-only", action="store_true",
                        help="time the searches and new claims only (no rebuild, no recall)")
    parser.add_argument("--pg-db", help="the PostgreSQL database's name (default bench_scale_N)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--arg", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # "both" was taken for a backend's name and ran PostgreSQL alone, labelled "both"
    backends = ["sqlite", "postgresql"] if args.backends == "both" else args.backends.split(",")
    unknown = sorted(set(backends) - {"sqlite", "postgresql"})
    if unknown:
        parser.error(f"--backends: unknown backend(s) {', '.join(unknown)} (sqlite, postgresql or both)")
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.url, args.arg)))
        return 0

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    claims, planted = synthetic_claims(args.n)
    generated = time.perf_counter() - t0
    texts = dict(claims)
    source = out / f"synthetic-{args.n}.jsonl"
    if not source.exists():
        with source.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": cid, "text": text}) + "\n" for cid, text in claims)
    rng = random.Random(7)
    probes = out / f"probes-{args.n}.json"
    probes.write_text(json.dumps([texts[dup] for _, dup in rng.sample(planted, min(args.probes, len(planted)))]))
    del claims
    print(f"Matching at scale through the store: {args.n:,} claims ({len(planted):,} planted, "
          f"generated in {generated:.0f} s) on {os.cpu_count()} cores")
    for backend in backends:
        url = (sqlite_store(args.n, args.reuse) if backend == "sqlite"
               else pg_store(args.n, args.reuse, args.pg, args.pg_db))
        if url is None:
            continue
        print(f"{backend} ({display_url(url)})", flush=True)
        for k, v in bench_backend(url, args, source, probes, texts, planted):
            print(f"  {k:<21}  {v}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

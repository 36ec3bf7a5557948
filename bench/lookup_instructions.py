"""Instructions a point lookup costs, counted by valgrind's callgrind: a figure that does not
move with what else a shared machine is doing (issue 13).

    .venv/bin/python bench/lookup_instructions.py --store bench/out/scale-100000.db
    .venv/bin/python bench/lookup_instructions.py --store bench/out/scale-100000.db --code /tmp/main-copy
    .venv/bin/python bench/lookup_instructions.py --what new --store bench/out/scale-100000.db

Runs a worker under `valgrind --tool=callgrind` twice, with the same start (imports, the
store opened, one lookup to warm caches) and then none or `--n` lookups of the store's probes
(`probes-N.json` beside it, written by `scale_matching.py`): the difference over `--n` is one
lookup's instructions, the start's cost left out (the garbage collector set as the `claims`
command sets it). `--what search`: `search_in_session` with
limit 10 (as `scale_matching.py` times it); `new`: a new claim matched as it matches one (added,
matched, rolled back). `--code`: another version's folder (holds claims/ and db/). Python's hash
seed is fixed (set order changes the count a little). `--keep DIR` keeps the callgrind files
for `callgrind_annotate`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def work(code: str, url: str, probes_file: str, what: str, n: int) -> None:
    sys.path.insert(0, code)
    from sqlmodel import Session

    from claims.collector import collect_less_often
    from claims.models import Claim
    from claims.services.matching import match_new_claims, search_in_session
    from db import Database

    collect_less_often()  # as the `claims` command and scale_matching.py's phases do
    probes = json.loads(Path(probes_file).read_text())
    db = Database(url)

    def new_claim(text: str) -> None:
        with db.engine.connect() as conn, Session(bind=conn) as session:
            trans = conn.begin()
            claim = Claim(text=text + " (again)")
            session.add(claim)
            session.flush()
            match_new_claims(session, [claim], titles={claim.id: None})
            trans.rollback()

    if what == "search":
        with db.session() as session:
            for text in probes[:n + 1]:  # the first warms caches, as scale_matching.py's does
                search_in_session(session, text, limit=10)
    else:
        for text in probes[:n + 1]:
            new_claim(text)
    db.close()


def collected(args, n: int, out: Path) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--worker", "--what", args.what, "--store", args.store, "--code", args.code,
         "--n", str(n), *(["--probes", args.probes] if args.probes else [])],
        capture_output=True, text=True, env=env)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed:\n{done.stderr[-3000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=("search", "new"), default="search")
    parser.add_argument("--store", required=True, help="an SQLite file or a database URL")
    parser.add_argument("--code", default=str(HERE.parent), help="the code's folder (default: this one)")
    parser.add_argument("--probes", help="the probes' JSON (default: probes-N.json beside an SQLite store)")
    parser.add_argument("--n", type=int, default=20, help="lookups counted")
    parser.add_argument("--keep", help="a folder for the callgrind files")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    url = args.store if "://" in args.store else f"sqlite:///{Path(args.store).resolve()}"
    probes = args.probes or str(Path(args.store).parent / (Path(args.store).stem.replace("scale-", "probes-")
                                                           + ".json"))
    if args.worker:
        work(args.code, url, probes, args.what, args.n)
        return 0
    folder = Path(args.keep or tempfile.mkdtemp(prefix="callgrind-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = collected(args, 0, folder / f"callgrind.{args.what}.0")
    total = collected(args, args.n, folder / f"callgrind.{args.what}.{args.n}")
    print(f"{args.what}: {(total - base) / args.n / 1e6:.2f}M instructions a lookup "
          f"({args.n} probes; start {base / 1e6:.0f}M; {args.code}; files in {folder})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

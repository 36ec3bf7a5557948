"""What the point lookups answer, as text: to tell that a change of their speed left their
results as they were.

    .venv/bin/python bench/lookup_dump.py --store bench/out/scale-100000.db > after.txt
    .venv/bin/python bench/lookup_dump.py --code /tmp/main-copy --store bench/out/scale-100000.db > before.txt
    diff before.txt after.txt

For each probe of the store's `probes-N.json` (written by `scale_matching.py`): the search's
hits (`search_in_session`, `--limit`, default 30: claim id, external id, score) and one new
claim matched as `scale_matching.py` matches it (the probe's text plus " (again)", added,
matched, rolled back): the summary, and every match row it made (pair, state, conflict,
score, scorer, explanation) with the claim's canonical id. `--code`: the folder of another
version of the code (holds claims/ and db/), imported instead of this one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(HERE.parent), help="the code's folder (default: this one)")
    parser.add_argument("--store", required=True, help="an SQLite file or a database URL")
    parser.add_argument("--probes", help="the probes' JSON (default: probes-N.json beside an SQLite store)")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--n", type=int, default=200, help="probes (each searched and matched)")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.code)
    from sqlmodel import Session, select

    from claims.models import Claim, Match
    from claims.services.matching import match_new_claims, search_in_session
    from db import Database

    url = args.store if "://" in args.store else f"sqlite:///{Path(args.store).resolve()}"
    probes_file = args.probes or str(Path(args.store).parent / (Path(args.store).stem.replace("scale-", "probes-")
                                                                + ".json"))
    probes = json.loads(Path(probes_file).read_text())[:args.n]
    db = Database(url)
    out = sys.stdout
    with db.session() as session:
        for i, text in enumerate(probes):
            hits = search_in_session(session, text, limit=args.limit)
            out.write(f"search {i}: " + " ".join(f"{h.claim_id}/{h.external_id}/{h.score!r}" for h in hits) + "\n")
    for i, text in enumerate(probes):
        with db.engine.connect() as conn, Session(bind=conn) as session:
            trans = conn.begin()
            claim = Claim(text=text + " (again)")
            session.add(claim)
            session.flush()
            summary = match_new_claims(session, [claim], titles={claim.id: None})
            rows = session.exec(select(Match).where((Match.claim_a_id == claim.id) | (Match.claim_b_id == claim.id))
                                .order_by(Match.claim_a_id, Match.claim_b_id)).all()
            canonical = session.exec(select(Claim.canonical_id).where(Claim.id == claim.id)).one()
            out.write(f"new {i}: {summary.describe()}; canonical {canonical}\n")
            for m in rows:
                out.write(f"  {m.claim_a_id}-{m.claim_b_id} {m.state} conflict={m.conflict} {m.score!r} {m.scorer} "
                          f"{m.decided_by} {m.explanation}\n")
            trans.rollback()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""CheckThat! 2022 Task 2A through the real store: a desk holding the verified claims (text
and fact-check title, imported as `claims import` would), and its tweets searched as
`claims search --queries` searches them. Shared by bench/train_reranker.py and
bench/eval_matching.py.

Data: ``../shared/data/checkthat-2a`` (``CLAIMS_SHARED_DATA`` overrides ``../shared/data``).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_FILE = "verified-claims.jsonl"
QUERIES_FILE = "CT2022-Task2A-EN-Train-Dev_Queries.tsv"
QRELS = {"train": "CT2022-Task2A-EN-Train_QRELs.tsv", "dev": "CT2022-Task2A-EN-Dev_QRELs.tsv"}


def folder() -> Path:
    env = os.environ.get("CLAIMS_SHARED_DATA")
    return (Path(env) if env else ROOT.parent / "shared" / "data") / "checkthat-2a"


@dataclass
class CheckThat:
    verified: list[dict]
    queries: dict[str, str]
    qrels: dict[str, dict[str, set[str]]]  # split -> tweet id -> relevant claim ids


def missing(where: Path | None = None) -> list[str]:
    where = where or folder()
    return [n for n in (CLAIMS_FILE, QUERIES_FILE, *QRELS.values()) if not (where / n).exists()]


def load(where: Path | None = None) -> CheckThat:
    where = where or folder()
    with (where / CLAIMS_FILE).open(encoding="utf-8") as handle:
        verified = [json.loads(line) for line in handle if line.strip()]
    queries: dict[str, str] = {}
    with (where / QUERIES_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            if "\t" in line:
                qid, text = line.rstrip("\n").split("\t", 1)
                queries[qid] = text
    qrels: dict[str, dict[str, set[str]]] = {}
    for split, name in QRELS.items():
        found: dict[str, set[str]] = {}
        with (where / name).open(encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) >= 3 and parts[0] in queries:
                    found.setdefault(parts[0], set()).add(parts[2])
        qrels[split] = found
    return CheckThat(verified, queries, qrels)


def import_lines(data: CheckThat, *, titles: bool = True) -> str:
    """The verified claims as `claims import` JSONL: id, text and (when `titles`) title."""
    lines = []
    for c in data.verified:
        record = {"id": c["vclaim_id"], "text": c["vclaim"]}
        if titles and c.get("title"):
            record["title"] = c["title"]
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def desk(data: CheckThat, path: Path, *, titles: bool = True):
    """A SQLite desk at `path` holding the verified claims, made afresh unless it already holds
    them with the current index. Returns (Database, seconds spent importing or 0)."""
    from sqlmodel import func, select

    from claims.models import Claim
    from claims.services.importer import import_text
    from claims.services.store_index import StoreIndex
    from db import Database

    if path.exists():
        db = Database(str(path))
        with db.session() as session:
            count = session.exec(select(func.count()).select_from(Claim)).one()
            if count == len(data.verified) and StoreIndex(session).is_current(count):
                return db, 0.0
        db.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(str(path))
    started = time.perf_counter()
    import_text(db, import_lines(data, titles=titles), name="checkthat.jsonl", fmt="jsonl")
    return db, time.perf_counter() - started


def average_precision_at(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k) if relevant else 0.0


def mean_ap(ranked: dict[str, list[str]], qrels: dict[str, set[str]], k: int = 5) -> float:
    return sum(average_precision_at(ranked.get(q, []), rel, k) for q, rel in qrels.items()) / len(qrels)

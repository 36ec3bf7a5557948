"""Every table of an SQLite store as text, its rows sorted, for comparing two stores row by row
(an A/B of the import: the same claims, columns, events, match rows and priorities).

    .venv/bin/python bench/dump_store.py A.db > a.txt
    .venv/bin/python bench/dump_store.py B.db > b.txt && diff a.txt b.txt

Time stamps and batch ids (which differ between any two runs) are masked; so is the path of
the imported file given with `--strip PREFIX` (an event's note names it). The trigram search
table cannot be scanned: its shadow tables are compared instead. Then the schema.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys

MASKED = {"at", "created_at", "updated_at", "batch", "ingested_at"}
UUID = re.compile(r"[0-9a-f]{32}")
TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--strip", default="", help="a path prefix to leave out of every value")
    args = parser.parse_args(argv)
    con = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    out = sys.stdout
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
        out.write(f"== {name} {columns}\n")
        try:
            cursor = con.execute(f'SELECT * FROM "{name}"')
        except sqlite3.OperationalError as exc:  # the FTS5 table itself: its shadow tables follow
            out.write(f"(not scanned: {exc})\n")
            continue
        rows = []
        for row in cursor:
            shown = repr(["<masked>" if c in MASKED and v is not None else v for c, v in zip(columns, row, strict=True)])
            shown = TIME.sub("<time>", UUID.sub("<uuid>", shown))
            rows.append(shown.replace(args.strip, "") if args.strip else shown)
        rows.sort()
        out.writelines(r + "\n" for r in rows)
        out.write(f"-- {len(rows)} rows\n")
    for (sql,) in con.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"):
        out.write(sql + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

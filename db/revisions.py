"""The migrations' revision chain, read from the version files: no SQLAlchemy, no Alembic.

`db.migrate` checks and upgrades a database with it; `db.plain` uses it to see whether a desk
is at the newest schema before reading it without SQLAlchemy (a fast start for `claims list`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps

# The tables each revision creates, to notice a database whose schema is not what its
# revision says (a half-applied migration from an old version, or tables dropped by hand).
TABLES_BY_REVISION: dict[str, set[str]] = {
    "0001": {"outlet", "article", "claim", "appearance", "match", "event"},
    "0002": {"claim_key", "key_stat"},
    "0003": {"feed_entry"},
    "0004": {"claim_lock"},
    "0006": {"watch_source", "repeat_seen"},
    "0019": {"claim_keyset"},
}


@dataclass(frozen=True)
class RevisionChain:
    """The migrations as a line: each revision's parent, and the newest one."""

    parents: dict[str, str | None]
    head: str

    def known(self, revision: str) -> bool:
        return revision in self.parents

    def lineage(self, revision: str | None) -> list[str]:
        """`revision` and every revision before it, newest first."""
        out: list[str] = []
        while revision is not None:
            out.append(revision)
            revision = self.parents.get(revision)
        return out


_ASSIGNMENT = r"""^{name}\s*(?::[^=\n]*)?=\s*(?:None|"([^"\n]*)"|'([^'\n]*)')\s*(?:#.*)?$"""
_REVISION = re.compile(_ASSIGNMENT.format(name="revision"), re.M)
_DOWN_REVISION = re.compile(_ASSIGNMENT.format(name="down_revision"), re.M)


def chain_from_files() -> RevisionChain | None:
    """The chain from plain `revision = "..."` / `down_revision = "..."|None` lines; None when
    a file says anything else (a merge, a computed value) or the chain is not one line."""
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if rev is None or down is None or not (rev[1] or rev[2]):
            return None
        parents[rev[1] or rev[2]] = (down[1] or down[2]) or None
    children = {p for p in parents.values() if p is not None}
    heads = [r for r in parents if r not in children]
    if len(heads) != 1 or not children <= parents.keys():
        return None
    chain = RevisionChain(parents, heads[0])
    return chain if len(chain.lineage(chain.head)) == len(parents) else None


def expected_tables(chain: RevisionChain, revision: str | None) -> set[str]:
    tables: set[str] = set()
    for rev in chain.lineage(revision):
        tables |= TABLES_BY_REVISION.get(rev, set())
    return tables

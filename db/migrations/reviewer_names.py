"""Reviewers' names rewritten by a rule in every table that stores one (migrations 0017, 0022).

A name is compared by equality everywhere (releasing a claim, undo, `--reviewer` filters), so
when the rule a name is stored by changes, the names stored before are rewritten by it, or their
reviewer can no longer release or undo what they did."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

TABLES = ("claim", "event", "claim_lock")  # a `reviewer` column, no key on it


def _outside_ascii(bind, column: str) -> str:
    return f"{column} ~ '[^ -~]'" if bind.dialect.name == "postgresql" else f"{column} GLOB '*[^ -~]*'"


def rename_reviewers(bind, rule: Callable[[str], str | None], *,
                     columns: tuple[tuple[str, str], ...] = ()) -> None:
    """Each stored name outside ASCII becomes ``rule(name)`` (a name the rule empties stays) in
    `TABLES` and in ``columns`` ((table, column) pairs); in `repeat_seen`, keyed by claim and
    reviewer, where one reviewer then has two marks for a claim, the later is kept."""
    for table, column in (*((t, "reviewer") for t in TABLES), *columns):
        names = bind.execute(sa.text(f"SELECT DISTINCT {column} FROM {table} "
                                     f"WHERE {_outside_ascii(bind, column)}")).scalars().all()
        changes = [{"raw": raw, "cleaned": cleaned} for raw in names
                   if (cleaned := rule(raw)) is not None and cleaned != raw]
        if changes:
            bind.execute(sa.text(f"UPDATE {table} SET {column} = :cleaned WHERE {column} = :raw"), changes)
    rows = bind.execute(sa.text(f"SELECT claim_id, reviewer, seen_at FROM repeat_seen "
                                f"WHERE {_outside_ascii(bind, 'reviewer')}")).all()
    for claim_id, raw, seen_at in rows:
        cleaned = rule(raw)
        if cleaned is None or cleaned == raw:
            continue
        key = {"claim": claim_id, "cleaned": cleaned}
        other = bind.execute(sa.text("SELECT seen_at FROM repeat_seen WHERE claim_id = :claim AND reviewer = :cleaned"),
                             key).first()
        if other is None:
            bind.execute(sa.text("UPDATE repeat_seen SET reviewer = :cleaned WHERE claim_id = :claim AND reviewer = :raw"),
                         {**key, "raw": raw})
            continue
        if other.seen_at < seen_at:
            bind.execute(sa.text("UPDATE repeat_seen SET seen_at = :at WHERE claim_id = :claim AND reviewer = :cleaned"),
                         {**key, "at": seen_at})
        bind.execute(sa.text("DELETE FROM repeat_seen WHERE claim_id = :claim AND reviewer = :raw"),
                     {"claim": claim_id, "raw": raw})

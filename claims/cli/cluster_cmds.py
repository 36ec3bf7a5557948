"""`claims merge` and `claims unmerge`: one claim, checked once, wherever it appeared."""

from __future__ import annotations

import click

from claims.cli.options import POSITIVE_INT, note, pass_db, reviewer_option
from claims.cli.output import some_ids
from claims.services.clusters import merge as merge_service
from claims.services.clusters import unmerge as unmerge_service


@click.command()
@click.argument("claim_ids", nargs=-1, type=POSITIVE_INT, required=True)
@reviewer_option
@pass_db
def merge(db, claim_ids, reviewer):
    """Merge claims into the first one given: one verdict for every appearance."""
    change = merge_service(db, claim_ids, reviewer=reviewer)
    if not change.moved:  # `merge 1 1`, or claims merged before: nothing changed, say so
        given = ", ".join(map(str, dict.fromkeys(claim_ids)))
        note(f"nothing to merge: claim(s) {given} are one claim already (claim {change.canonical_id})")
        return
    note(f"merged {len(change.moved)} claim(s) into claim {change.canonical_id}")


@click.command()
@click.argument("claim_id", type=POSITIVE_INT)
@reviewer_option
@pass_db
def unmerge(db, claim_id, reviewer):
    """Take a claim out of its cluster (for the cluster's main claim: split the whole cluster)."""
    change = unmerge_service(db, claim_id, reviewer=reviewer)
    note(f"unmerged {len(change.moved):,} claim(s) from claim {change.canonical_id}: {some_ids(change.moved)}")

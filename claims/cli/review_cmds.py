"""`claims set-status`, `claims undo`, `claims redo`: recording findings."""

from __future__ import annotations

import click

from claims.cli.options import POSITIVE_INT, note, pass_db, reviewer_option
from claims.cli.params import TEXT
from claims.links import held_already
from claims.services.review import set_status as set_status_service
from claims.services.undo import redo_last, undo_last
from claims.vocab import Status, Verdict


@click.command("set-status")
@click.argument("claim_ids", nargs=-1, type=POSITIVE_INT, required=True)
@click.option("--status", type=click.Choice([s.value for s in Status]),
              help="Workflow status; verified needs a verdict.")
@click.option("--verdict", type=click.Choice([v.value for v in Verdict]), help="The finding.")
@click.option("--note", type=TEXT, help="The verdict note (replaces the old one; '' clears it).")
@click.option("--evidence", multiple=True, type=TEXT, metavar="URL", help="An evidence link (repeatable).")
@click.option("--replace-evidence", is_flag=True,
              help="The --evidence links given replace the claim's (none given: its links are removed); "
              "a damaged evidence value is replaced without being read.")
@click.option("--expect-version", "expect_versions", multiple=True, type=POSITIVE_INT,
              metavar="N", help="Refuse the change if the claim is no longer at version N "
              "(someone changed it since you looked); one per claim id, in order. The version is "
              "the one `claims show ID` prints, its cluster's main claim's: give --expect-cluster too.")
@click.option("--expect-cluster", "expect_clusters", multiple=True, type=POSITIVE_INT, metavar="ID",
              help="Refuse the change if the claim is no longer in the cluster of claim ID, the claim "
              "`claims show` printed for it (someone merged it elsewhere since you looked; versions "
              "are per claim, so another cluster's may equal the one you saw); one per claim id, in order.")
@reviewer_option
@pass_db
def set_status(db, claim_ids, status, verdict, note: str | None, evidence, replace_evidence: bool, expect_versions,
               expect_clusters, reviewer):
    """Set the status, verdict, note or evidence of one or more claims (all or none)."""
    rows = set_status_service(db, claim_ids, reviewer=reviewer, status=status, verdict=verdict,
                              note=note, evidence=evidence, replace_evidence=replace_evidence,
                              expected_versions=_one_each(claim_ids, expect_versions, "--expect-version", "version"),
                              expected_canonical=_one_each(claim_ids, expect_clusters, "--expect-cluster", "cluster"))
    for r in rows:
        click.echo(f"claim {r.id}: {r.status}" + (f", {r.verdict}" if r.verdict else "")
                   + "".join(f"; {given} not added: " + (f"the same link as {stored}, given before it" if twice else
                                                         f"it already has that evidence link, written {stored}")
                             for given, stored, twice in held_already(r.evidence, evidence)))


@click.command()
@reviewer_option
@pass_db
def undo(db, reviewer):
    """Undo your last change."""
    _say(undo_last(db, reviewer=reviewer))


@click.command()
@reviewer_option
@pass_db
def redo(db, reviewer):
    """Redo the change you last undid."""
    _say(redo_last(db, reviewer=reviewer))


def _one_each(claim_ids, values, option: str, what: str) -> dict[int, int] | None:
    """`values` given with `option`, one per claim id in order, as id -> value (None if none)."""
    if not values:
        return None
    if len(values) != len(claim_ids):
        raise click.BadParameter(f"give one {what} per claim id ({len(claim_ids)}), not {len(values)}",
                                 param_hint=option)
    return dict(zip(claim_ids, values, strict=True))


def _say(result) -> None:
    note(result.summary)
    if result.warning:
        note(result.warning)



"""`claims rescore`: scores from the current model, and the queue's priorities, for a store."""

from __future__ import annotations

import click

from claims.cli.options import note, pass_db, progress_bar


@click.command()
@click.option("--all", "everything", is_flag=True,
              help="Score every claim again, not only those an older model scored (scores an "
                   "import gave stay).")
@click.option("--priority", "priority_only", is_flag=True,
              help="Only recompute every claim's priority (after changing the [triage] weights).")
@pass_db
def rescore(db, everything, priority_only):
    """Score claims with the current check-worthiness model and recompute the queue's order.

    After an upgrade brings a new model, the claims an older one scored are scored again. One
    transaction per batch of 5,000: stopping it loses nothing, and running it again goes on
    where it stopped. Scores an import gave are kept.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from claims.services import rescore as service

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with progress_bar(*columns) as bar:
        if priority_only:
            task = bar.add_task("priorities", total=service.heads_count(db))
            done = service.reprioritise(db, progress=lambda n: bar.update(task, completed=n))
            click.echo(f"recomputed the priority of {done} claims")
            return
        total = service.pending(db, everything=everything)
        task = bar.add_task("rescoring", total=total)
        result = service.rescore(db, everything=everything, progress=lambda n: bar.update(task, completed=n))
    if not result.scored:
        note(f"nothing to rescore: every claim is scored by {result.model} (or by its import)")
    click.echo(f"rescored {result.scored} claims with {result.model}")

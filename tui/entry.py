"""The `claims` console command: the CLI from `claims.cli` plus the desk it opens by default.

The desk command lives here, in the top layer, so that `claims` never imports Textual.
"""

from __future__ import annotations

from claims.cli import cli, run
from claims.cli.options import pass_db, reviewer_option


@cli.command()
@reviewer_option
@pass_db
def review(db, reviewer):
    """Open the review desk (also what `claims` alone does)."""
    from tui.app import ClaimsApp

    ClaimsApp(db, reviewer=reviewer).run()


def main() -> None:
    run()



"""The `claims` command line: verb-noun commands, data on stdout, diagnostics on stderr."""

from claims.cli import browse_cmds, db_cmds, export_cmds, ingest_cmds, review_cmds  # noqa: F401  (registers commands)
from claims.cli.main import cli, run

__all__ = ["cli", "main", "run"]


def main() -> None:
    run()

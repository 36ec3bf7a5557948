"""The `claims` command line: verb-noun commands, data on stdout, diagnostics on stderr.

The commands are listed in `claims.cli.registry` and imported only when they run.
"""

from claims.cli.main import cli, run

__all__ = ["cli", "main", "run"]


def main() -> None:
    run()

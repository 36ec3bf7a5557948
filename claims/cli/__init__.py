"""The `claims` command line: verb-noun commands, data on stdout, diagnostics on stderr."""

from claims.cli import (  # noqa: F401  (importing a module registers its commands)
    browse_cmds,
    cluster_cmds,
    config_cmds,
    db_cmds,
    dbtools_cmds,
    export_cmds,
    extract_cmds,
    import_cmds,
    ingest_cmds,
    match_cmds,
    repeats_cmds,
    review_cmds,
    team_cmds,
    watch_cmds,
)
from claims.cli.main import cli, run

__all__ = ["cli", "main", "run"]


def main() -> None:
    run()

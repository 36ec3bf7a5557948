"""Every `claims` command: where it lives and its one-line help, in `claims --help` order.

A new command is added here (and nowhere else needs to import its module): `claims --help`
lists these without importing them, and a command's module is imported only when it runs.
The help text is the first paragraph of the command's own help (a test keeps them equal).
"""

from __future__ import annotations

from claims.cli.lazy import LazyCommand

COMMANDS: dict[str, LazyCommand] = {
    "list": LazyCommand("claims.cli.list_cmds:list_", "List claims, highest triage priority first."),
    "show": LazyCommand("claims.cli.browse_cmds:show",
                        "Show one claim: every appearance and its history."),
    "articles": LazyCommand("claims.cli.browse_cmds:articles",
                            "List the ingested articles, newest first."),
    "merge": LazyCommand("claims.cli.cluster_cmds:merge",
                         "Merge claims into the first one given: one verdict for every appearance."),
    "unmerge": LazyCommand("claims.cli.cluster_cmds:unmerge",
                           "Take a claim out of its cluster (for the cluster's main claim: "
                           "split the whole cluster)."),
    "config": LazyCommand("claims.cli.config_cmds:config_group",
                          "The settings file (TOML): organisation, reviewer, verdict labels, "
                          "thresholds, keys."),
    "db": LazyCommand("claims.cli.db_cmds:db_group", "The database: where it is, its schema."),
    "export": LazyCommand("claims.cli.export_cmds:export",
                          "Export claims, by default the verified ones, one row each."),
    "resolve-date": LazyCommand("claims.cli.extract_cmds:resolve_date",
                                "Print the time phrases in TEXT: offsets, resolved date, precision."),
    "set-article": LazyCommand("claims.cli.extract_cmds:set_article",
                               "Set an article's publication date and re-date what came from it."),
    "set-date": LazyCommand("claims.cli.extract_cmds:set_date",
                            'Give claim CLAIM_ID the date WHEN: "2024-04-12", "April 2024", '
                            '"last Friday".'),
    "import": LazyCommand("claims.cli.import_cmds:import_",
                          "Load claims from JSONL, CSV or ClaimReview JSON-LD, in one transaction."),
    "set-url": LazyCommand("claims.cli.import_cmds:set_url",
                           "Record URL where the fact-check on a claim is published "
                           "(ClaimReview `url`)."),
    "ingest": LazyCommand("claims.cli.ingest_cmds:ingest", "Store articles and the claims in them."),
    "extract": LazyCommand("claims.cli.ingest_cmds:extract",
                           "Print the claims in an article (or a transcript) without storing "
                           "anything."),
    "dupes": LazyCommand("claims.cli.match_cmds:dupes",
                         "Review suggested duplicates: list them with scores and explanations, "
                         "accept, reject."),
    "search": LazyCommand("claims.cli.match_cmds:search",
                          "Rank stored claims by similarity to TEXT: have we checked this before?"),
    "compare": LazyCommand("claims.cli.match_cmds:compare",
                           "Score two claims (or every pair in a file): duplicate, suggested, "
                           "conflict or distinct."),
    "repeats": LazyCommand("claims.cli.repeats_cmds:repeats_cmd",
                           "Checked claims that came back: new appearances of claims that have a "
                           "verdict."),
    "report": LazyCommand("claims.cli.report_cmds:report_cmd",
                          "The morning report: one self-contained HTML page (or Markdown for a chat "
                          "channel)."),
    "rescore": LazyCommand("claims.cli.rescore_cmds:rescore",
                           "Score claims with the current check-worthiness model and recompute the "
                           "queue's order."),
    "set-status": LazyCommand("claims.cli.review_cmds:set_status",
                              "Set the status, verdict, note or evidence of one or more claims "
                              "(all or none)."),
    "undo": LazyCommand("claims.cli.review_cmds:undo", "Undo your last change."),
    "redo": LazyCommand("claims.cli.review_cmds:redo", "Redo the change you last undid."),
    "take": LazyCommand("claims.cli.team_cmds:take_cmd",
                        "Mark a claim as being reviewed by you, so others see who is on it."),
    "release": LazyCommand("claims.cli.team_cmds:release_cmd",
                           "Give a claim you took back to the queue."),
    "taken": LazyCommand("claims.cli.team_cmds:taken_cmd", "Who is on which claim."),
    "history": LazyCommand("claims.cli.team_cmds:history_cmd",
                           "The audit log: every change with who made it, of one claim (and its "
                           "cluster) or all."),
    "watch": LazyCommand("claims.cli.watch_cmds:watch_group",
                         "Watched sources: feeds and pages that `claims watch run` polls and "
                         "ingests on a schedule."),
}

# `claims db ...`: the group lives in db_cmds; these subcommands are in dbtools_cmds.
DB_TOOLS: dict[str, LazyCommand] = {
    "copy": LazyCommand("claims.cli.dbtools_cmds:db_copy",
                        "Copy the whole desk into another, empty database (SQLite <-> PostgreSQL)."),
    "backup": LazyCommand("claims.cli.dbtools_cmds:db_backup",
                          "Write a consistent copy of the desk to FILE while it is in use."),
    "check": LazyCommand("claims.cli.dbtools_cmds:db_check",
                         "Check the desk: integrity, foreign keys, orphan appearances, match "
                         "links, merge cycles."),
}

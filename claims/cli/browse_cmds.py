"""`claims show`, `claims articles`: reading the desk from the shell (`claims list`: list_cmds)."""

from __future__ import annotations

import json

import click

from claims.cli.options import POSITIVE_INT, format_option, pass_db
from claims.cli.output import VERDICT_STYLE, some_ids, write_records
from claims.cli.output import console as fitted_console
from claims.services.queries import claim_detail, list_articles
from claims.services.team import taken_by


def triage_lines(view) -> list[str]:
    """Why the score and where the claim stands: what `claims show` prints under the status."""
    from claims.services.triage_view import describe_reasons, describe_terms

    lines = [f"why this score ({view.score:.2f}):"] + ["  " + r for r in describe_reasons(view)]
    where = f"#{view.position} in the queue" if view.position else "not in the default queue"
    lines.append(f"priority {view.priority:.2f} ({where}): {describe_terms(view)}")
    if view.checked_as:
        lines.append(f"  matches a claim already checked: {view.checked_as}")
    return lines


@click.command()
@click.argument("claim_id", type=POSITIVE_INT)
@format_option("text", "json", default="text")
@pass_db
def show(db, claim_id, fmt):
    """Show one claim: every appearance and its history."""
    from claims.cli.stdout import whole_output

    with whole_output():  # a letter stdout's encoding lacks in the 5th line writes no 4 lines before it
        _show(db, claim_id, fmt)


def _show(db, claim_id, fmt):
    from rich.markup import (
        escape as escape_markup,  # `list --format jsonl` and the like need no rich
    )

    from claims.cell_widths import count_spacing_marks
    from claims.limits import printable, printable_data

    count_spacing_marks()  # a Hindi line measured as the terminal draws it

    def escape(value: str) -> str:  # markup and terminal controls an older version may have stored
        return escape_markup(printable(value))
    from rich.text import Text

    from claims.services.triage_view import triage_view

    detail = claim_detail(db, claim_id)
    detail.claim.links()  # a claim stored damaged: said in one line before anything is printed
    if fmt == "json":
        from dataclasses import asdict

        record = asdict(detail)
        record["triage"] = triage_view(db, claim_id).to_record()
        write_records([record], "json")
        return
    console = fitted_console(highlight=False)
    c = detail.claim
    console.print(f"[bold]Claim {c.id}[/]" + (f" (merged here: {some_ids(detail.members)})" if detail.members else ""))
    console.print(Text(printable(c.text), style="bold"))
    speaker = c.speaker or "unknown speaker"
    if c.speaker_role and c.speaker_role != c.speaker:
        speaker += f", {c.speaker_role}"
    console.print(f"speaker: {escape(speaker)}")
    date_line = c.date or "unknown"
    if c.date_precision:
        date_line += f" ({c.date_precision}"
        date_line += f', from "{detail.date_text}")' if detail.date_text else ")"
    console.print(f"date: {escape(date_line)}")
    verdict = c.verdict or "none"
    style = VERDICT_STYLE.get(verdict, "")
    console.print(f"status: {escape(c.status)}   verdict: " + (f"[{style}]{escape(verdict)}[/]" if style else escape(verdict))
                  + f"   check-worthiness: {c.checkworthiness:.2f} ({escape(c.claim_type or '')})")
    view = triage_view(db, claim_id)
    for line in triage_lines(view):
        console.print(escape(line))
    taken = taken_by(db, [c.id]).get(c.id)
    # A reviewer's name is theirs to choose: "[link=…]" in it is no markup on a colleague's screen.
    console.print(escape(f"{taken.describe()}   version: {c.version}" if taken else f"version: {c.version}"))
    if c.verdict_note:
        console.print(f"note: {escape(c.verdict_note)}")
    for link in c.links():
        console.print(f"evidence: {escape(link)}")
    for withheld in detail.withheld_evidence:
        console.print(f"evidence: {escape(printable(withheld))}")
    for name, value in (detail.extra or {}).items():  # kept from its import: shown as imported
        shown = value if isinstance(value, str) else json.dumps(printable_data(value), ensure_ascii=False)
        console.print(f"extra: {escape(name)}: {escape(shown)}")
    console.print(f"\n[bold]{len(detail.appearances)} appearance(s)[/]")
    for a in detail.appearances:
        head = " · ".join(x for x in [a.outlet or "unknown outlet", a.article_title or f"article {a.article_id}",
                                       a.published.isoformat() if a.published else "undated"] if x)
        console.print(f"- {escape(head)}" + (f"  {escape(a.article_url)}" if a.article_url else ""))
        context = Text("    ")
        context.append(printable(a.context[: a.context_quote_start]))
        context.append(printable(a.context[a.context_quote_start : a.context_quote_end]), style="bold yellow")
        context.append(printable(a.context[a.context_quote_end :]))
        console.print(context)
    if detail.history:
        console.print("\n[bold]history[/]")
        for e in detail.history:
            mark = " (undone)" if e.undone else ""
            console.print(escape(f"  {e.at:%Y-%m-%d %H:%M} {e.reviewer} {e.action} {e.field or ''}: "
                                 f"{e.old or '-'} -> {e.new or '-'}{mark}"))


@click.command()
@click.option("--limit", type=POSITIVE_INT, default=500, show_default=True)
@format_option("table", "csv", "jsonl", "json", default="table")
@pass_db
def articles(db, limit, fmt):
    """List the ingested articles, newest first."""
    rows = list_articles(db, limit=limit)
    from dataclasses import asdict

    records = [asdict(r) for r in rows]
    write_records(records, fmt, columns=["id", "published", "outlet", "claims", "title"] if fmt == "table" else None)

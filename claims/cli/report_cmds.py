"""`claims report`: the morning report, as a self-contained HTML page or as Markdown."""

from __future__ import annotations

import click

from claims.cli.options import format_option, note, pass_db
from claims.cli.params import PATH, TEXT


@click.command("report")
@click.option("--since", type=TEXT, default="yesterday", show_default=True, metavar="DATE",
              help='The start of the period: a date, a time or a phrase ("yesterday", "last Monday").')
@click.option("-o", "--output", "output", type=PATH, metavar="FILE", default="-",
              help="Where to write it (default: standard output).")
@format_option("html", "md", default="html")
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True,
              help="How many rows each list shows.")
@pass_db
def report_cmd(db, since, output, fmt, top):
    """The morning report: one self-contained HTML page (or Markdown for a chat channel).

    New articles and claims, verdicts given, repeats by verdict and by outlet, the top
    repeats with their fact-checks, possible repeats to review, the most check-worthy claims
    nobody has reviewed, and charts (claims per day, verdicts, repeats per outlet) drawn as
    inline SVG: the page needs no network to be read.
    """
    from claims.report import build_report, render_html, render_markdown
    from claims.services.team import parse_since

    data = build_report(db, since=parse_since(since), since_text=since, top=top)
    text = render_html(data) if fmt == "html" else render_markdown(data)
    if output == "-":
        click.echo(text, nl=False)
        return
    from claims.config import own_settings_files
    from claims.paths import output_file

    with output_file(output, keep=own_settings_files()) as fh:  # whole or not at all; a link stays a link, a device is written
        fh.write(text)
    note(f"wrote {output}: {data.summary()}")

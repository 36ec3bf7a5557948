"""The report as one self-contained HTML page, or as Markdown for a chat channel (Jinja2).

HTML is autoescaped (claim texts and sentences come from the web); Markdown cells are
escaped by the `md` filter. The page loads nothing: its style and its charts are inline.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from claims.limits import printable
from claims.links import is_http_url
from claims.report.charts import VERDICT_COLOURS, bar_chart, column_chart
from claims.report.data import MorningReport


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("claims.report", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html.j2"], default_for_string=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_shown)
    env.filters["local"] = _local
    env.filters["md"] = _md
    env.filters["bar"] = _text_bar
    env.tests["http"] = is_http_url  # only http(s) links, even where an older version stored another
    return env


def _shown(value):
    """Every value the report writes: a control character an older version stored (in a claim,
    an outlet, a title) as its symbol. The report goes to standard output by default, where ESC
    ]2;... BEL retitled the terminal (pass 26). Markup (a chart) stays markup."""
    if not isinstance(value, str):
        return value
    from markupsafe import Markup

    shown = printable(value)
    return Markup(shown) if isinstance(value, Markup) else shown


def _local(when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """`when` in the local zone; in UTC where the local one would leave the calendar (`--since
    0001-01-01` in New York or Kiritimati was a traceback). The year in four digits: strftime
    wrote year 1 as '1-01-01'."""
    if not when:
        return ""
    try:
        shown = when.astimezone()
    except (OverflowError, ValueError):
        shown = when.astimezone(UTC)
        fmt += " UTC"
    return shown.strftime(fmt.replace("%Y", f"{shown.year:04d}"))


# A chat reads `@here`, `@channel`, `@everyone` or `@all` as a call to everyone in the channel
# (Slack, Discord, Mattermost, Teams): a claim quoting one must not ping a newsroom. A zero-width
# space after the @ is the usual way to write one that calls nobody (it shows the same).
_MASS_MENTION = re.compile(r"(?<!\w)@(?=(?:here|channel|everyone|all)\b)", re.IGNORECASE)


def _md(value) -> str:
    """Text safe in a Markdown table cell: one line, pipes and markup characters escaped.
    `&`, `<` and `>` are written as entities, not with a backslash: CommonMark shows both as the
    character, but a chat that is not CommonMark shows the backslash and still reads
    `\\<!here\\>` as a mention (Slack reads no backslash; it reads `&lt;`)."""
    text = " ".join(str(value if value is not None else "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|#":
        text = text.replace(ch, "\\" + ch)
    return _MASS_MENTION.sub("@\u200b", text)


def _text_bar(value: int, peak: int, width: int = 20) -> str:
    return "█" * max(1 if value else 0, round(width * value / max(peak, 1)))


def charts(report: MorningReport) -> dict:
    per_day = column_chart("claims-per-day", "Claims per day (UTC)",
                           [(d.strftime("%m-%d"), n) for d, n in report.per_day])
    verdicts = bar_chart("verdicts-given", "Verdicts given",
                         [(report.label(v), n) for v, n in report.verdicts_given], colours=VERDICT_COLOURS,
                         keys=[v for v, _ in report.verdicts_given])
    outlets = bar_chart("repeats-per-outlet", "Repeats per outlet", report.repeats_by_outlet[:12])
    return {"per_day": per_day, "verdicts": verdicts, "outlets": outlets}


def render_html(report: MorningReport) -> str:
    return _environment().get_template("report.html.j2").render(
        r=report, charts=charts(report), colours=VERDICT_COLOURS)


def render_markdown(report: MorningReport) -> str:
    peak_day = max([n for _, n in report.per_day] + [1])
    return _environment().get_template("report.md.j2").render(r=report, peak_day=peak_day)

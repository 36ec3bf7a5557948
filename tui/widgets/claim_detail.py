"""The detail pane: the highlighted claim with who, when, where it appeared and its history."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from claims.services.views import ClaimDetail
from tui.widgets.claim_table import VERDICT_STYLE


def render_detail(detail: ClaimDetail) -> Group:
    c = detail.claim
    parts: list = [Text(c.text, style="bold")]
    speaker = Text("Speaker: ", style="grey62")
    speaker.append(c.speaker or "unknown")
    if c.speaker_role and c.speaker_role != c.speaker:
        speaker.append(f" — {c.speaker_role}", style="italic")
    parts.append(speaker)
    when = Text("Date: ", style="grey62")
    when.append(c.date or "unknown")
    if c.date_precision:
        when.append(f" ({c.date_precision}")
        when.append(f', "{detail.date_text}")' if detail.date_text else ")")
    parts.append(when)
    state = Text("Status: ", style="grey62")
    state.append(c.status.replace("_", " "))
    state.append("   Verdict: ", style="grey62")
    state.append((c.verdict or "none").replace("_", " "), style=VERDICT_STYLE.get(c.verdict or "", ""))
    state.append(f"   Worth: {c.checkworthiness:.2f} ({c.claim_type})", style="grey62")
    parts.append(state)
    if c.verdict_note:
        parts.append(Text("Note: ", style="grey62") + Text(c.verdict_note))
    for link in c.evidence:
        parts.append(Text("Evidence: ", style="grey62") + Text(link, style="underline"))
    parts.append(Text(f"\n{len(detail.appearances)} appearance(s)", style="bold"))
    for a in detail.appearances:
        head = " · ".join(
            x for x in [a.outlet or "unknown outlet", a.article_title or f"article {a.article_id}",
                        a.published.isoformat() if a.published else "undated"] if x
        )
        parts.append(Text(head, style="cyan"))
        ctx = Text("  ")
        ctx.append(a.context[: a.context_quote_start], style="grey70")
        ctx.append(a.context[a.context_quote_start : a.context_quote_end], style="bold yellow")
        ctx.append(a.context[a.context_quote_end :], style="grey70")
        parts.append(ctx)
    if detail.history:
        parts.append(Text("\nHistory", style="bold"))
        for e in detail.history[-12:]:
            line = f"{e.at:%Y-%m-%d %H:%M} {e.reviewer}: {e.field or e.action} {e.old or '—'} → {e.new or '—'}"
            parts.append(Text(line, style="strike grey50" if e.undone else "grey70"))
    return Group(*parts)


class ClaimDetailPane(Static):
    def show(self, detail: ClaimDetail | None) -> None:
        if detail is None:
            self.update(Text("No claim selected.", style="grey50"))
        else:
            self.update(render_detail(detail))

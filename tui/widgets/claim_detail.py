"""A claim in full: who, when, where it appeared (quote highlighted), its duplicates and history."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from claims.limits import printable
from claims.services.match_review import MatchView, numbers_differ, word_diff
from claims.services.views import ClaimDetail
from tui.verdict_labels import Labels, verdict_named, verdict_text
from tui.widgets.claim_table import VERDICT_STYLE

# What the queue's detail pane shows of a claim: its first appearances and last events (the
# queue reads only these, `claim_detail(most=BRIEF)`; the claim page shows them all).
BRIEF_APPEARANCES = 8
BRIEF_EVENTS = 12
BRIEF = (BRIEF_APPEARANCES, BRIEF_EVENTS)


def with_symbols(parts: list) -> list:
    """`parts` with each control character a terminal acts on, in any text an older version
    stored, replaced by its symbol (one for one: highlighted spans keep their place)."""
    for part in parts:
        if isinstance(part, Text):
            part.plain = printable(part.plain)
    return parts


def label(name: str) -> Text:
    return Text(f"{name}: ", style="grey62")


def diff_text(tags: list[tuple[str, str]]) -> tuple[Text, Text]:
    """The two sides of a word diff, words only on one side highlighted."""
    left, right = Text(), Text()
    for tag, words in tags:
        if tag in ("same", "a"):
            left.append(words + " ", style="" if tag == "same" else "bold red")
        if tag in ("same", "b"):
            right.append(words + " ", style="" if tag == "same" else "bold green")
    return left, right


def render_match(m: MatchView, claim_id: int | None, pointed: bool = False) -> list:
    between = claim_id is not None and claim_id not in (m.a.id, m.b.id)  # two members of the cluster
    me = m.a if between or claim_id in (None, m.a.id) else m.b
    other = m.other(me.id)
    head = Text()
    head.append("▶ " if pointed else "  ", style="bold yellow")
    head.append(f"#{me.id} ↔ #{other.id} " if between else f"#{other.id} ", style="cyan")
    head.append(f"{m.state} · {m.scorer} {m.score:.0f}" if m.score > 1 else f"{m.state} · {m.scorer} {m.score:.2f}", style="grey62")
    if m.conflict or numbers_differ(me.text, other.text):
        head.append("  ⚠ numbers disagree", style="bold dark_orange")
    parts: list = [head]
    if m.state == "suggested":
        _, right = diff_text(word_diff(me.text, other.text))
        parts.append(Text("    ") + right)
    else:
        parts.append(Text(f"    {other.text}", style="grey70"))
    return with_symbols(parts)


def render_triage(view, labels: Labels | None = None) -> list[Text]:
    """Why the score, and why the claim stands where it stands in the queue."""
    from claims.services.triage_view import describe_reasons, describe_terms

    out = [label("Why") + Text("; ".join(describe_reasons(view)), style="grey70")]
    where = f"#{view.position} in the queue" if view.position else "not in the default queue"
    line = label("Priority") + Text(f"{where}: ")
    line.append(describe_terms(view), style="grey70")
    out.append(line)
    if view.checked_as:
        checked = label("Checked")
        checked.append("≈ matches a claim already checked: ")
        checked.append(verdict_text(view.checked_as, labels), style=VERDICT_STYLE.get(view.checked_as, ""))
        out.append(checked)
    return out


def render_detail(detail: ClaimDetail, matches: list[MatchView] | None = None, *, full: bool = False,
                  taken=None, current_match: int | None = None, labels: Labels | None = None,
                  dup_keys: str = "] next · A accept · R reject · U unmerge",
                  more_key: str = "m shows more") -> Group:
    """`dup_keys`: the keys of the claim view's duplicates, as the keymap has them."""
    c = detail.claim
    parts: list = [Text(c.text, style="bold")]
    if c.damaged:
        parts.append(label("Damaged") + Text(c.damaged, style="bold red"))
    if taken is not None:
        parts.append(Text("◆ " + taken.describe()[:1].upper() + taken.describe()[1:], style="bold magenta"))
    speaker = label("Speaker")
    speaker.append(c.speaker or "unknown")
    if c.speaker_role and c.speaker_role != c.speaker:
        speaker.append(f" — {c.speaker_role}", style="italic")
    parts.append(speaker)
    when = label("Date")
    when.append(c.date or "unknown")
    if c.date_precision:
        when.append(f" ({c.date_precision} precision")
        when.append(f', from "{detail.date_text}")' if detail.date_text else ")")
    elif detail.date_text:
        when.append(f' (from "{detail.date_text}", unresolved)')
    parts.append(when)
    state = label("Status")
    state.append(c.status.replace("_", " "))
    state.append("   Verdict: ", style="grey62")
    state.append(verdict_text(c.verdict, labels) if c.verdict else "none", style=VERDICT_STYLE.get(c.verdict or "", ""))
    state.append(f"   Worth: {c.checkworthiness:.2f} ({c.claim_type})", style="grey62")
    parts.append(state)
    if detail.triage is not None:
        parts.extend(render_triage(detail.triage, labels))
    if c.reviewer:
        parts.append(label("Reviewer") + Text(c.reviewer))
    parts.append(label("Note") + (Text(c.verdict_note) if c.verdict_note else Text("—", style="grey50")))
    if c.evidence or detail.withheld_evidence:
        for link in c.evidence:
            parts.append(label("Evidence") + Text(link, style="underline"))
        for withheld in detail.withheld_evidence:
            parts.append(label("Evidence") + Text(withheld, style="grey70"))
    else:
        parts.append(label("Evidence") + Text("—", style="grey50"))
    parts.append(Text(f"\n{detail.appearances_total:,} appearance(s)", style="bold"))
    shown = detail.appearances if full else detail.appearances[:BRIEF_APPEARANCES]
    for a in shown:
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
        if full and (a.speaker_mention or a.cue or a.date_text):
            bits = []
            if a.speaker_mention:
                bits.append(f"speaker “{a.speaker_mention}”")
            if a.cue:
                bits.append(f"cue “{a.cue}”")
            if a.date_text:
                bits.append(f"date “{a.date_text}” → {a.date_resolved or '?'}")
            parts.append(Text("  " + " · ".join(bits), style="grey50"))
    if detail.appearances_total > len(shown):
        parts.append(Text(f"  … {detail.appearances_total - len(shown):,} more "
                          f"({more_key if full else 'enter opens the claim'})", style="grey50"))
    if detail.members:
        listed = detail.members if full else detail.members[:20]  # a cluster of 4,000 listed 4,000 ids
        more = f" and {len(detail.members) - len(listed):,} more" if len(detail.members) > len(listed) else ""
        parts.append(Text(f"\nMerged duplicates: {', '.join(f'#{m}' for m in listed)}{more}", style="bold"))
    if matches:
        pending = [m for m in matches if m.state == "suggested"]
        parts.append(Text(f"\nDuplicates ({len(pending)} suggested)", style="bold"))
        for m in matches[: (50 if full else 5)]:
            parts.extend(render_match(m, c.id, pointed=m.id == current_match))
        if full:
            parts.append(Text(f"  {dup_keys} the ▶ duplicate", style="grey50"))
    if detail.history:
        shown_events = detail.history[-(200 if full else BRIEF_EVENTS):]
        left = detail.events_total - len(shown_events)
        parts.append(Text("\nHistory" + (f" (the last {len(shown_events)} of {detail.events_total:,})" if left else ""),
                          style="bold"))
        for e in shown_events:
            what = e.field or e.action
            old, new = (verdict_named(v, labels) if v and e.field == "verdict" else v or "—" for v in (e.old, e.new))
            line = f"{e.at:%Y-%m-%d %H:%M} {e.reviewer}: {e.action} {what} {old} → {new}"
            parts.append(Text(line, style="strike grey50" if e.undone else "grey70"))
    return Group(*with_symbols(parts))


class ClaimDetailPane(Static):
    plain = ""  # what is shown, as plain text (for tests and screen readers)

    def show_problem(self, problem: str) -> None:
        self.plain = problem
        self.update(Text(problem, style="bold red"))

    def show(self, detail: ClaimDetail | None, matches: list[MatchView] | None = None, *,
             full: bool = False, taken=None, current_match: int | None = None, **keys) -> None:
        if detail is None:
            self.plain = "No claim selected."
            self.update(Text(self.plain, style="grey50"))
        else:
            group = render_detail(detail, matches, full=full, taken=taken, current_match=current_match,
                                  labels=getattr(self.app, "verdict_labels", None), **keys)
            self.plain = "\n".join(getattr(part, "plain", str(part)) for part in group.renderables)
            self.update(group)

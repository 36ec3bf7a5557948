"""The verdict names the desk shows. A newsroom that sets `[verdicts.X] label` ("Pants on Fire",
"✅") sees it where it works, as `claims config show` and the exports use it; a verdict whose
label is the default reads as the desk always wrote it ("mostly false" in the queue, "Mostly
false" in a picker). Only what is shown changes: keys, filters and what is stored keep the
verdict's own name (`false`)."""

from __future__ import annotations

from collections.abc import Mapping

from claims.config import Settings, load_settings
from claims.errors import ClaimsError
from claims.vocab import VERDICT_LABEL, Verdict

Labels = Mapping[str, str]  # verdict -> the label the settings give it, only when not the default


def configured_labels(settings: Settings | None = None) -> dict[str, str]:
    """The labels the settings file sets; a file that cannot be read gives none (the desk's
    keymap already says what is wrong with it)."""
    if settings is None:
        try:
            settings = load_settings()
        except ClaimsError:
            return {}
    return {v.value: label for v in Verdict
            if (label := settings.label(v.value)).casefold() != VERDICT_LABEL[v].casefold()}


def verdict_text(verdict: str, labels: Labels | None = None) -> str:
    """A verdict in a row or a detail: its label, else 'mostly false'."""
    return (labels or {}).get(verdict) or verdict.replace("_", " ")


def verdict_title(verdict: str, labels: Labels | None = None) -> str:
    """A verdict on a key or in a picker: its label, else 'Mostly false'."""
    default = VERDICT_LABEL.get(verdict) or verdict.replace("_", " ").capitalize()
    return (labels or {}).get(verdict) or default


def verdict_named(verdict: str, labels: Labels | None = None) -> str:
    """A verdict in a change told (a notice, a conflict, the history): its label with its name
    beside it, 'Pants on Fire (false)', as the palette names it (a label may read as another
    verdict's name); else 'mostly false'."""
    label = (labels or {}).get(verdict)
    if not label:
        return verdict_text(verdict)
    return f"{label} ({VERDICT_LABEL[Verdict(verdict)].lower()})"  # labels are only of known verdicts


def relabelled(entry: tuple[str, str, str], labels: Labels | None) -> tuple[str, str, str]:
    """A palette entry (title, help, action) that sets a verdict, named by its label."""
    title, help_text, action = entry
    for verdict, label in (labels or {}).items():
        if action == f"set_verdict('{verdict}')":
            default = f"verdict {VERDICT_LABEL[Verdict(verdict)].lower()}"
            # the name kept beside the label: a keymap, a filter and the README call it by its name
            named = f"verdict {label} ({VERDICT_LABEL[Verdict(verdict)].lower()})"
            return title.replace(default, named), help_text.replace(default, named), action
    return entry

"""Text from outside (a verdict label from the settings, a claim, a name) where Textual reads
markup. Prefer giving such places a `Content`/`Text` object (never read as markup); where
only a markup string is taken (a command palette's help), `markup_literal`."""

from __future__ import annotations

from textual.content import Content


def markup_literal(text: str) -> str:
    """`text` as Textual markup that reads back as `text`. Textual's `escape()` escapes only
    what looks like a tag, so '[$v]' (a variable), '[[b]]' and '[ b ]' were still read; a
    backslash before every '[' is read as the bracket itself (a backslash already before it
    included: one is dropped, so it stays)."""
    return text.replace("[", "\\[")


def shown_tooltip(tooltip) -> str:
    """A binding's tooltip as the footer shows it: a `Content` as it is, a string (the desk's
    own, written as markup) read as markup."""
    if tooltip is None:
        return ""
    if isinstance(tooltip, Content):
        return tooltip.plain
    return Content.from_markup(str(tooltip)).plain

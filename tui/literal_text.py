"""Text from outside (a verdict label from the settings, a claim, a name) where Textual reads
markup: give such places a `Content`/`Text` object, never read as markup."""

from __future__ import annotations

from textual.content import Content


def shown_tooltip(tooltip) -> str:
    """A binding's tooltip as the footer shows it: a `Content` as it is, a string (the desk's
    own, written as markup) read as markup."""
    if tooltip is None:
        return ""
    if isinstance(tooltip, Content):
        return tooltip.plain
    return Content.from_markup(str(tooltip)).plain

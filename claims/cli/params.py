"""The kinds of string a command takes: typed text, or a file name / database URL.

Every string option and argument of every command is one of these two (a test walks them
all), so text typed under a C locale is read one way everywhere. Imports only click: the
command group's own options use them before any command module is loaded."""

from __future__ import annotations

import click


class TypedText(click.types.StringParamType):
    """Text a user typed (a title, an outlet, a search, a date phrase, a note, a URL): read by
    `claims.limits.typed_text`, so UTF-8 typed under a C locale (`PYTHONUTF8=0 LC_ALL=C`,
    where Python holds each byte beyond ASCII as a lone surrogate) is the text typed; was
    refused as "holds a lone surrogate" (`ingest --title 'Café'`). Every text option and
    argument is TEXT or PATH (a test walks every command)."""

    name = "text"

    def convert(self, value, param, ctx):
        from claims.limits import typed_text

        text = super().convert(value, param, ctx)
        return typed_text(text) if isinstance(text, str) else text


class PathText(click.types.StringParamType):
    """A file name or database URL|PATH, kept as Python decoded it: under a C locale a name's
    bytes beyond ASCII are lone surrogates, and only that form opens the file (the text
    'Café.txt' cannot be encoded to the file system's ASCII there)."""

    name = "path"


TEXT = TypedText()
PATH = PathText()

"""A click group that imports a command's module only when that command runs.

Every command module pulls in what its commands need (SQLAlchemy, the extractor, rich,
the web fetcher, ...); importing them all before parsing the command line cost about a
second on every `claims` call. A `LazyGroup` knows each command by name, by where it
lives ("module:attribute") and by its one-line help, so `claims --help` lists every
command without importing any of them.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

import click


class LazyCommand(NamedTuple):
    target: str  # "package.module:attribute", the click command (or group) object
    help: str  # the first paragraph of the command's help, for the group's command list


class LazyGroup(click.Group):
    """Commands named in `lazy` are imported on first use; others are added as usual."""

    def __init__(self, *args, lazy: dict[str, LazyCommand] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, LazyCommand] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(load_command(self.lazy[cmd_name].target), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            # click suggests close names among the commands loaded so far; offer them all.
            raise click.exceptions.NoSuchCommand(
                exc.command_name, possibilities=self.list_commands(ctx), ctx=exc.ctx
            ) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self._listing(name)) for name in self.list_commands(ctx)]
        rows = [(name, cmd) for name, cmd in rows if cmd is not None and not cmd.hidden]
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def _listing(self, name: str) -> click.Command | None:
        """The command if loaded, else a stand-in carrying its help (imports nothing)."""
        if name in self.commands:
            return self.commands[name]
        entry = self.lazy.get(name)
        return click.Command(name, help=entry.help) if entry else None


def load_command(target: str) -> click.Command:
    module_name, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command

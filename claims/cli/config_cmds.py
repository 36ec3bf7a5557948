"""`claims config path|show|init`: the settings file."""

from __future__ import annotations

import click

from claims.cli.options import note
from claims.config import Settings, config_path, load_settings, render_settings
from claims.errors import ClaimsError
from claims.paths import output_file


@click.group("config")
def config_group() -> None:
    """The settings file (TOML): organisation, reviewer, verdict labels, thresholds, keys."""


@config_group.command("path")
def config_path_cmd() -> None:
    """Print where the settings file is (or would be)."""
    click.echo(str(config_path()))


@config_group.command("show")
def config_show() -> None:
    """Print the settings in effect, as TOML (unset ones as comments)."""
    click.echo(render_settings(load_settings()), nl=False)


@config_group.command("init")
@click.option("--force", is_flag=True, help="Overwrite a file that is there.")
def config_init(force: bool) -> None:
    """Write a settings file with every setting at its default, to edit."""
    path = config_path()
    if path.exists() and not force:
        raise ClaimsError(f"{path}: already exists (use --force to overwrite)")
    text = render_settings(Settings()).split("\n", 1)[1]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClaimsError(f"{path}: cannot write ({exc.strerror})") from None
    # as -o writes: whole or not at all, and never over a desk (CLAIMS_CONFIG=desk.db with
    # --force replaced the desk with this text)
    with output_file(path) as fh:
        fh.write("# claims settings: every value here is the default; edit what you need\n" + text)
    note(f"wrote {path}")

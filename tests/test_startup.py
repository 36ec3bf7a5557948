"""Start-up stays light: a command imports what it needs when it runs, nothing up front.

`claims --help` used to import SQLAlchemy, Alembic and every command's module (about a
second before anything happened). Timing is for `bench/startup.py`; these tests check
the cause instead: which modules a command leaves in `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from claims.cli.registry import COMMANDS
from tests.conftest import SAMPLES
from tui.entry import cli

# What `claims list` used to import and does not need (picked by measuring the imports of
# the commands below: see bench/startup.py). numpy is fine where scoring happens.
NOT_FOR_LISTING = ["alembic", "textual", "trafilatura", "httpx", "feedparser", "dateparser",
                   "rapidfuzz", "numpy", "lxml", "claims.extraction", "claims.matching",
                   "claims.web.fetch"]
NOT_FOR_HELP = [*NOT_FOR_LISTING, "sqlalchemy", "sqlmodel", "pydantic", "rich", "psycopg",
                "claims.services", "claims.models"]

RUN_AND_LIST_MODULES = """
import json, sys
sys.argv = ["claims", *json.loads(sys.argv[1])]
from tui.entry import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write("\\nMODULES " + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(*args: str, env: dict | None = None) -> set[str]:
    """The modules a `claims ...` run has imported when it ends (it must succeed)."""
    result = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(args)],
                            capture_output=True, text=True, timeout=120, env=env)
    report = json.loads(result.stderr.rpartition("\nMODULES ")[2])
    assert report["code"] in (0, None), result.stderr
    return set(report["modules"])


def loaded(modules: set[str], packages: list[str]) -> list[str]:
    return [p for p in packages if any(m == p or m.startswith(p + ".") for m in modules)]


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> str:
    """A small SQLite desk, already at the newest schema revision."""
    path = str(tmp_path_factory.mktemp("startup") / "desk.db")
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    done = subprocess.run([str(Path(sys.executable).with_name("claims")), "--db", path,
                           "ingest", str(sample)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return path


def test_help_and_version_import_no_command(tmp_path):
    assert loaded(imported_by("--help"), NOT_FOR_HELP) == []
    assert loaded(imported_by("--version"), NOT_FOR_HELP) == []


def test_list_on_a_current_desk_imports_no_alembic_or_intake(desk):
    modules = imported_by("--db", desk, "list", "--limit", "5")
    assert "claims.services.plain_list" in modules  # it did list
    # the queue as usually listed is read with the standard library's sqlite3
    assert loaded(modules, [*NOT_FOR_LISTING, "sqlalchemy", "sqlmodel", "claims.models"]) == []
    modules = imported_by("list", "--db", desk, "--limit", "2", "--format", "jsonl")
    assert loaded(modules, [*NOT_FOR_LISTING, "rich", "sqlalchemy"]) == []  # no table, no rich


def test_list_with_a_text_filter_takes_the_full_path(desk):
    """The check above can fail: a search needs the SQL functions only the full path has."""
    modules = imported_by("--db", desk, "list", "--search", "river", "--format", "jsonl")
    assert "claims.services.queries" in modules and "sqlalchemy" in modules
    assert loaded(modules, NOT_FOR_LISTING) == []


def test_opening_a_new_desk_does_import_alembic(tmp_path):
    """The check above can fail: migrating is the one time Alembic is needed."""
    modules = imported_by("--db", str(tmp_path / "new.db"), "list")
    assert "alembic" in modules


def test_commands_without_a_database_do_not_import_storage():
    sample = str(sorted(SAMPLES.glob("*.txt"))[0])
    for args in (["resolve-date", "last Friday", "--published", "2024-04-14"],
                 ["extract", sample], ["config", "path"]):
        modules = imported_by(*args)
        assert loaded(modules, ["sqlalchemy", "alembic", "textual", "httpx", "trafilatura"]) == [], args


# --- the registry behind `claims --help` ---------------------------------------------------


def groups(group: click.Group, prefix=()):
    yield prefix, group
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from groups(command, (*prefix, name))


@pytest.mark.parametrize("limit", [20, 45, 80, 1000])
def test_listed_help_is_each_commands_own(limit):
    """The one-line help kept in the registry is what the command itself would show."""
    for prefix, group in groups(cli):
        for name, entry in getattr(group, "lazy", {}).items():
            real = group.get_command(click.Context(group), name)
            stand_in = click.Command(name, help=entry.help)
            assert stand_in.get_short_help_str(limit) == real.get_short_help_str(limit), (*prefix, name)


def test_every_command_defined_is_reachable():
    """A command written in a claims.cli module but missing from the registry is caught."""
    import pkgutil

    import claims.cli

    reachable = set()
    for _, group in groups(cli):
        ctx = click.Context(group)
        reachable |= {id(group.get_command(ctx, n)) for n in group.list_commands(ctx)}
    for info in pkgutil.iter_modules(claims.cli.__path__, "claims.cli."):
        module = __import__(info.name, fromlist=["_"])
        for attr, value in vars(module).items():
            if isinstance(value, click.Command) and value is not cli:
                assert id(value) in reachable, f"{info.name}.{attr} is in no command group"


def test_unknown_command_suggests_a_lazy_one(runner):
    result = runner.invoke(cli, ["lst"])
    assert result.exit_code == 2 and "Did you mean 'list'?" in result.output
    result = runner.invoke(cli, ["db", "chek"])
    assert result.exit_code == 2 and "Did you mean 'check'?" in result.output


def test_registry_order_is_the_help_order(runner):
    result = runner.invoke(cli, ["--help"])
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == [*COMMANDS, "review"]


def test_revision_chain_read_from_the_files_is_alembics():
    """Opening a desk at the newest revision reads the chain without Alembic; it must agree."""
    from db.migrate import _chain_from_alembic
    from db.revisions import chain_from_files

    assert chain_from_files() == _chain_from_alembic()

"""Shared fixtures: a real SQLite file per test, the CLI, the development data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import Database

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "claims" / "samples"
SHARED_DATA = Path(os.environ.get("CLAIMS_SHARED_DATA", REPO.parent / "shared" / "data"))
SEED_ARTICLE = SHARED_DATA / "seed" / "article.txt"
CLAIMS_BIN = Path(sys.executable).with_name("claims")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test touches the user's real desk or config."""
    monkeypatch.delenv("CLAIMS_DB", raising=False)
    monkeypatch.setenv("CLAIMS_REVIEWER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def db(db_path) -> Database:
    database = Database(str(db_path))
    yield database
    database.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, db_path):
    """Run a `claims` command in-process against the test's database file."""
    from tui.entry import cli

    def _invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, [*args, "--db", str(db_path)], input=input, catch_exceptions=False)

    return _invoke


def run_claims(*args: str, input: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `claims` console command as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(CLAIMS_BIN), *args], input=input, capture_output=True, env=full_env, timeout=120)


def require_seed() -> Path:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"development data not found at {SEED_ARTICLE} (set CLAIMS_SHARED_DATA)")
    return SEED_ARTICLE

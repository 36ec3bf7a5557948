"""Shared fixtures: a real SQLite file per test, the CLI, the development data.

Database tests run on both backends: every test that uses the `db` fixture runs once on an
SQLite file and once on PostgreSQL (`[sqlite]` / `[postgresql]` in its id). See the
"database on both backends" section below.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
import time
import uuid
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


# --- database on both backends ------------------------------------------------------------
#
# PostgreSQL: `CLAIMS_TEST_PG_URL` is an admin URL (default: the local server as `postgres`).
# Each test process (each xdist worker) creates one fresh database, migrates it once, and
# drops it at the end; between tests every table is emptied with one TRUNCATE, which keeps
# the PostgreSQL overhead to a few milliseconds per test. Without a reachable server the
# PostgreSQL variants skip with the reason; under CI (CI=true) the server is started if it is
# down, and an unreachable server fails the run instead of skipping.
#
# A test that uses `db_path` or `invoke` (the SQLite file by path) or carries
# `@pytest.mark.sqlite_only` runs on SQLite only.

PG_ADMIN_URL = os.environ.get("CLAIMS_TEST_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")
SQLITE_BOUND_FIXTURES = {"db_path", "invoke"}


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: the test needs the SQLite backend")


def pytest_generate_tests(metafunc):
    if "db" not in metafunc.fixturenames:
        return
    direct = set(inspect.signature(metafunc.function).parameters)
    sqlite_only = bool(direct & SQLITE_BOUND_FIXTURES) or metafunc.definition.get_closest_marker("sqlite_only")
    metafunc.parametrize("db", ["sqlite"] if sqlite_only else list(BACKENDS), indirect=True)


def _pg_engine(url: str):
    from sqlalchemy import create_engine

    from db.urls import resolve_url

    return create_engine(resolve_url(url), isolation_level="AUTOCOMMIT",
                         connect_args={"connect_timeout": 3}, poolclass=None)


def _pg_problem(url: str) -> str | None:
    """None when the server answers, else why not."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = _pg_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except DBAPIError as exc:
        return str(exc.orig or exc).strip().splitlines()[0]
    finally:
        engine.dispose()


def _start_local_postgres() -> None:
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return
    for version in sorted(os.listdir("/etc/postgresql")):
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                       capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The admin URL of a reachable PostgreSQL server, or a skip (a failure under CI)."""
    from db.urls import display_url

    problem = _pg_problem(PG_ADMIN_URL)
    on_ci = os.environ.get("CI", "").lower() in ("true", "1", "yes")
    if problem and on_ci:
        _start_local_postgres()
        for _ in range(30):
            problem = _pg_problem(PG_ADMIN_URL)
            if problem is None:
                break
            time.sleep(0.5)
        if problem:
            pytest.fail(f"CI=true but PostgreSQL at {display_url(PG_ADMIN_URL)} is unreachable "
                        f"even after pg_ctlcluster start: {problem}", pytrace=False)
    if problem:
        pytest.skip(f"no PostgreSQL server at {display_url(PG_ADMIN_URL)} "
                    f"(set CLAIMS_TEST_PG_URL): {problem}")
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def pg_url(pg_admin_url) -> str:
    """A fresh, migrated database for this test process, dropped at the end of the run."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db.urls import resolve_url

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"claims_test_{worker}_{uuid.uuid4().hex[:8]}"
    admin = _pg_engine(pg_admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve_url(pg_admin_url)).set(database=name).render_as_string(hide_password=False)
    Database(url).close()  # migrate once
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_pg_url(request):
    """A factory of fresh, empty PostgreSQL databases (dropped after the test), or None."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db.urls import resolve_url

    try:
        admin_url = request.getfixturevalue("pg_admin_url")
    except pytest.skip.Exception:
        yield None
        return
    admin = _pg_engine(admin_url)
    created: list[str] = []

    def make(tag: str = "x", options: str = "") -> str:
        """A new database's URL; `options` follow CREATE DATABASE (a locale, say)."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"claims_test_{worker}_{tag}_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" {options}'))
        created.append(name)
        return make_url(resolve_url(admin_url)).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_pg_tables: list[str] = []


def _empty_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if not _pg_tables:
                _pg_tables.extend(t for t in inspect(conn).get_table_names() if t != "alembic_version")
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in _pg_tables)
                              + " RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def db(request, db_path) -> Database:
    """An empty, migrated desk: an SQLite file, or the test run's PostgreSQL database."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgresql":
        url = request.getfixturevalue("pg_url")
        _empty_pg_database(url)
        database = Database(url)
    else:
        database = Database(str(db_path))
    yield database
    database.close()


@pytest.fixture
def db_url(db) -> str:
    """The URL of the test's desk, for running commands against it with --db."""
    return db.url


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


@pytest.fixture
def web(monkeypatch):
    """A local web server of the test's own (`tests.web.conftest.LocalWeb`). It is on
    127.0.0.1, which a fetch in this process may reach here (its feeds' links and redirects
    too), as with `[web] allow_private_addresses = true`; `guarded_web` is one that may not."""
    from claims.web import fetch
    from tests.web.conftest import LocalWeb

    monkeypatch.setattr(fetch, "_refuse_internal", lambda request: None)
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def guarded_web():
    """A local web server on 127.0.0.1 that fetches treat as the internal address it is."""
    from tests.web.conftest import LocalWeb

    server = LocalWeb()
    yield server
    server.close()

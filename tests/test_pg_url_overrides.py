"""A PostgreSQL URL's query may not send the data somewhere other than the URL names.

Issue 15, hostile pass 17: libpq takes query keys as connection parameters over the URL's own
parts, so `.../a?dbname=c` built the schema and stored the claims in c while `db path` said a
(and `?dbname=postgres` reached the server's default database, which a URL without one may not).
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from tests.conftest import SAMPLES, run_claims


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def two_databases(fresh_pg_url):
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (set CLAIMS_TEST_PG_URL)")
    named, other = fresh_pg_url("named"), fresh_pg_url("other")
    return make_url(named), make_url(other)


def _refusals(named, other) -> list[tuple[str, str]]:
    """(URL naming `named`, the key that would send the data to `other`) for each refused form."""
    base = named.set(drivername="postgresql")
    far = base.set(host="203.0.113.1", port=5432)  # TEST-NET: nothing answers there
    return [
        (base.update_query_dict({"dbname": other.database}).render_as_string(False), "dbname"),
        (base.set(database=other.database)
         .update_query_dict({"service": "nosuch"}).render_as_string(False), "service"),
        (base.set(database=other.database, username="nobody")
         .update_query_dict({"user": named.username}).render_as_string(False), "user"),
        # the server the URL names is not the one the query picks
        (far.set(database=other.database)
         .update_query_dict({"host": named.host, "port": str(named.port or 5432)}).render_as_string(False),
         "host"),
        (far.set(database=other.database)
         .update_query_dict({"hostaddr": named.host}).render_as_string(False), "hostaddr"),
        (base.set(database=other.database, port=1)
         .update_query_dict({"port": str(named.port or 5432)}).render_as_string(False), "port"),
    ]


def test_a_query_key_choosing_the_database_or_server_is_refused(two_databases):
    named, other = two_databases
    for url, key in _refusals(named, other):
        done = run_claims("--db", url, "ingest", str(SAMPLES))
        err = done.stderr.decode()
        lines = [ln for ln in (done.stdout.decode() + err).splitlines() if ln.strip()]
        assert done.returncode == 1, (url, err)
        assert "Traceback" not in err
        assert len(lines) == 1, lines
        assert f"query key '{key}'" in lines[0], lines[0]
        assert _tables(other.render_as_string(False)) == set(), url  # nothing built elsewhere
        assert _tables(named.render_as_string(False)) == set(), url


def test_a_query_key_that_only_tunes_the_connection_still_works(two_databases):
    named, _other = two_databases
    url = named.set(drivername="postgresql").update_query_dict(
        {"sslmode": "prefer", "connect_timeout": "10", "application_name": "claims-test"}).render_as_string(False)
    done = run_claims("--db", url, "ingest", str(SAMPLES))
    assert done.returncode == 0, done.stderr.decode()
    assert "claim" in _tables(named.render_as_string(False))

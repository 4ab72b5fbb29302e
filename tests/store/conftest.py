"""One ``store`` fixture for every store test, run on each backend: GeoPackage and PostGIS.

The PostGIS variants need a server: ``$CORRIDOR_TEST_POSTGRES`` is the URL of a database where
the test role may create schemas (and PostGIS is installed or may be created), for example
``postgresql://postgres@127.0.0.1:5432/postgres``. ``.ci/run`` starts a throwaway cluster and
sets it. Without it the PostGIS variants skip with one line locally and fail in CI. Each test
gets a schema of its own, dropped afterwards.

A store is given its case (its sites, sources and seed tables): ``case`` is the shipped example
case the store tests are written against.
"""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from corridor.case import open_case
from corridor.store.geopackage import open_store

PG_ENV = "CORRIDOR_TEST_POSTGRES"
BACKENDS = ["geopackage", "postgis"]


_NO_SERVER = (
    f"${PG_ENV} is not set: PostGIS store tests need a PostgreSQL server with PostGIS "
    "(.ci/run starts one; required in CI)"
)
_deselected_for_server: list = []


def pytest_collection_modifyitems(config, items):
    """Deselect the PostGIS variants of tests marked ``geopackage`` (the file's layout, SQLite,
    GDAL reading the file), and locally, without a server, every PostGIS test (one line says so
    at the end of the run)."""
    keep, drop = [], []
    no_server = not os.environ.get(PG_ENV) and not _required()
    for item in items:
        spec = getattr(item, "callspec", None)
        postgis = spec is not None and spec.params.get("backend") == "postgis"
        needs_server = postgis or "postgres_server" in getattr(item, "fixturenames", ())
        if postgis and item.get_closest_marker("geopackage"):
            drop.append(item)
        elif no_server and needs_server:
            drop.append(item)
            _deselected_for_server.append(item.nodeid)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    if _deselected_for_server:
        terminalreporter.write_line(
            f"{len(_deselected_for_server)} PostGIS tests not run: {_NO_SERVER}"
        )


def _required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("CORRIDOR_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def postgres_server():
    """URL of the test server (``$CORRIDOR_TEST_POSTGRES``): skipped locally without it."""
    url = os.environ.get(PG_ENV)
    if not url:
        if _required():
            pytest.fail(_NO_SERVER)
        pytest.skip(_NO_SERVER)
    return url


@pytest.fixture
def postgres_schema(postgres_server):
    """``(server URL, schema)``: a fresh schema for one test, dropped afterwards."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        con.execute(f"CREATE SCHEMA {schema}")
    yield postgres_server, schema
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


def schema_url(server: str, schema: str, user: str | None = None) -> str:
    """``server`` with ``schema`` first on the search path, as ``user`` if given."""
    parts = urlsplit(server)
    netloc = f"{user}@{parts.netloc.rsplit('@', 1)[-1]}" if user else parts.netloc
    query = "&".join(q for q in (parts.query, f"options=-csearch_path%3D{schema},public") if q)
    return urlunsplit(parts._replace(netloc=netloc, query=query))


@pytest.fixture(name="schema_url")
def schema_url_fixture():
    """:func:`schema_url`, for tests that connect as another role."""
    return schema_url


@pytest.fixture
def postgis_url(postgres_schema):
    """URL of an empty PostGIS store in a schema of its own."""
    return schema_url(*postgres_schema)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def case():
    """The example case whose sites, sources and seed tables the store tests use."""
    return open_case("dprk-russia")


@pytest.fixture
def store(backend, tmp_path, request, case):
    """An empty store of the example case on each backend."""
    if backend == "postgis":
        store = open_store(request.getfixturevalue("postgis_url"), case=case)
    else:
        store = open_store(tmp_path / "store.gpkg", case=case)
    yield store
    store.close()


@pytest.fixture
def seeded(store):
    store.import_seed()
    return store

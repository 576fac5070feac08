"""Test set-up: a real PostgreSQL, schema built by the migrations, each test rolled back.

Without PORTAL_DATABASE_URL the tests start the embedded server (pgserver) in
``.portal/test-pgdata`` and use a database created fresh for the run. With it (CI's second
pass against the machine's PostgreSQL), that database is used as given.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

os.environ.setdefault("PICCOLO_CONF", "portal.db.piccolo_conf")

from portal.db import embedded
from portal.db.engine import DB, configure
from portal.db.migrate import migrate
from portal.paths import ROOT_DIR
from portal.settings import Settings, load_settings
from tests.databases import ServerHandle, embedded_server, external_server

TEST_PGDATA = ROOT_DIR / ".portal" / "test-pgdata"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ServerHandle]:
    """The PostgreSQL server the tests run on, and how to make databases on it."""
    url = os.environ.get("PORTAL_DATABASE_URL")
    if url:
        yield external_server(url)
        return
    server = embedded.start(TEST_PGDATA)
    try:
        yield embedded_server(server)
    finally:
        embedded.stop_all()


@pytest.fixture(scope="session")
async def database_url(pg_server: ServerHandle) -> AsyncIterator[str]:
    """The migrated test database, with the reference data seeded once."""
    from portal.seeding.reference import seed_reference

    url = pg_server.main_url or await pg_server.fresh_database("portal_test")
    configure(url)
    await migrate()
    await seed_reference()
    yield url
    if pg_server.main_url is None:
        await pg_server.drop_database(url)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portal-data")


@pytest.fixture(scope="session")
def settings(data_dir: Path, database_url: str) -> Settings:
    return load_settings(
        {
            "PORTAL_DATA_DIR": str(data_dir),
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        }
    )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[None]:
    """Run the test inside one transaction on one connection, rolled back afterwards."""
    connection = await DB.get_new_connection()
    transaction = DB.transaction()
    transaction.connection = connection
    transaction.transaction = connection.transaction()
    await transaction.begin()
    token = DB.current_transaction.set(transaction)
    try:
        yield
    finally:
        # Teardown may run in another context than set-up; the value then dies with it.
        with contextlib.suppress(ValueError):
            DB.current_transaction.reset(token)
        await transaction.rollback()
        await connection.close()


@pytest.fixture(scope="session")
def app(settings: Settings):
    from portal.app import create_app

    return create_app(settings, manage_pool=False)


_client_numbers = itertools.count(1)


@pytest.fixture
async def client(app, db) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app in this test's transaction; each test its own client IP."""
    n = next(_client_numbers)
    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", follow_redirects=False
    ) as http:
        yield http


@pytest.fixture
async def committed_database(pg_server: ServerHandle, database_url: str) -> AsyncIterator[str]:
    """A database of its own whose writes really commit, on a connection pool.

    For tests of concurrency, which need several connections to see each other's commits;
    the rolled-back transaction of the ``db`` fixture cannot show that.
    """
    from portal.seeding.reference import seed_reference

    url = await pg_server.fresh_database("portal_concurrency")
    configure(url)
    try:
        await migrate()
        await seed_reference()
        await DB.start_connection_pool(min_size=2, max_size=30)
        yield url
    finally:
        await DB.close_connection_pool()
        configure(database_url)
        await pg_server.drop_database(url)

"""A scratch database for the benchmark: never the dev database, never the test database.

Without ``PORTAL_DATABASE_URL`` the benchmark starts its own embedded PostgreSQL (pgserver)
in ``./.portal/bench-pgdata``, apart from ``./.portal/pgdata`` (dev) and
``./.portal/test-pgdata`` (tests), so a run neither disturbs nor is disturbed by them. With
``PORTAL_DATABASE_URL`` set, a database named ``portal_bench`` is created on *that* server
beside the configured one (the configured database itself is never touched).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from portal.db import embedded
from portal.paths import ROOT_DIR

BENCH_PGDATA = ROOT_DIR / ".portal" / "bench-pgdata"
BENCH_DATABASE = "portal_bench"
_SAFE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Scratch:
    url: str
    admin_url: str
    name: str
    embedded: bool


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def locate(name: str = BENCH_DATABASE) -> Scratch:
    """Where the scratch database lives; starts the bench's embedded server when needed."""
    if not _SAFE.match(name):
        raise ValueError(f"unsafe database name: {name!r}")
    configured = os.environ.get("PORTAL_DATABASE_URL", "").strip()
    if configured:
        if urlsplit(configured).path.lstrip("/") == name:
            raise SystemExit(f"bench: refusing to use the configured database {name!r} as scratch")
        admin = _with_database(configured, "postgres")
        return Scratch(_with_database(configured, name), admin, name, embedded=False)
    server = embedded.start(BENCH_PGDATA)
    admin = server.get_uri("postgres")
    return Scratch(server.get_uri(name), admin, name, embedded=True)


async def exists(scratch: Scratch) -> bool:
    connection = await asyncpg.connect(scratch.admin_url)
    try:
        found = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", scratch.name
        )
    finally:
        await connection.close()
    return found is not None


async def recreate(scratch: Scratch) -> None:
    """Drop and create the scratch database (its name was checked in :func:`locate`)."""
    connection = await asyncpg.connect(scratch.admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{scratch.name}"')
    finally:
        await connection.close()

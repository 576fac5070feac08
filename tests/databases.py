"""Make databases for tests on the embedded server or on an external one."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pgserver

_SAFE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class ServerHandle:
    """``main_url`` is a database given from outside (used as is), else None."""

    admin_url: str
    main_url: str | None

    def url_for(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    async def fresh_database(self, prefix: str) -> str:
        """Create an empty database named ``prefix_<random>`` and return its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        assert _SAFE.match(name)
        connection = await asyncpg.connect(self.admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return self.url_for(name)

    async def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        assert _SAFE.match(name)
        connection = await asyncpg.connect(self.admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


def embedded_server(server: pgserver.PostgresServer) -> ServerHandle:
    return ServerHandle(admin_url=server.get_uri("postgres"), main_url=None)


def external_server(url: str) -> ServerHandle:
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return ServerHandle(admin_url=admin, main_url=url)

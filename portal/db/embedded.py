"""The embedded PostgreSQL server (pgserver) used when no PORTAL_DATABASE_URL is given."""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

with warnings.catch_warnings():
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset; pgserver works without it.
    warnings.simplefilter("ignore")
    import pgserver

log = logging.getLogger(__name__)

_servers: dict[Path, pgserver.PostgresServer] = {}
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def start(pgdata: Path) -> pgserver.PostgresServer:
    """Start (or join) the server for ``pgdata``; it is stopped when this process exits."""
    pgdata = pgdata.resolve()
    if pgdata not in _servers:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", pgdata)
        _servers[pgdata] = pgserver.get_server(pgdata, cleanup_mode="stop")
    return _servers[pgdata]


def ensure_database(server: pgserver.PostgresServer, name: str) -> str:
    """Create database ``name`` when missing and return its URL."""
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe database name: {name!r}")
    # psql takes no parameters; the name was checked against _SAFE_NAME above.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')
    return server.get_uri(name)


def drop_database(server: pgserver.PostgresServer, name: str) -> None:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe database name: {name!r}")
    server.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')


def stop_all() -> None:
    """Stop every server this process started (also done at exit by pgserver)."""
    while _servers:
        _, server = _servers.popitem()
        server.cleanup()

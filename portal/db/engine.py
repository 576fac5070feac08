"""The portal's single Piccolo engine, configured at start-up from the settings."""

from __future__ import annotations

from typing import Any

from piccolo.engine.postgres import PostgresEngine


class PortalEngine(PostgresEngine):
    """A PostgresEngine that does not connect when it is created.

    Piccolo checks the server version on construction, which would need a database before
    the settings are even read; the portal connects when it is configured instead.
    """

    async def check_version(self) -> None:
        return None

    async def prep_database(self) -> None:
        return None


DB = PortalEngine(config={"dsn": "postgresql://postgres@127.0.0.1:5432/unconfigured"})


def configure(database_url: str, **options: Any) -> None:
    """Point the engine at a database; call before the first query."""
    # The portal sends short, indexed queries; compiling them with JIT costs tens of
    # milliseconds and never pays back at this size (measured in bench/README.md).
    server_settings = {
        "jit": "off",
        "plan_cache_mode": "force_custom_plan",
        **options.pop("server_settings", {}),
    }
    DB.config = {"dsn": database_url, "server_settings": server_settings, **options}

"""Connect the engine to the configured or embedded database."""

from __future__ import annotations

from portal.db import embedded
from portal.db.engine import configure
from portal.settings import Settings

EMBEDDED_DATABASE = "portal"


def database_url(settings: Settings) -> str:
    """The URL to use: the configured server, or the embedded one started on demand."""
    if settings.database_url:
        return settings.database_url
    server = embedded.start(settings.data_dir / "pgdata")
    return embedded.ensure_database(server, EMBEDDED_DATABASE)


def connect(settings: Settings) -> str:
    url = database_url(settings)
    configure(url)
    return url

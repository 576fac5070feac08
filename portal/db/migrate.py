"""Apply the Piccolo migrations, one process at a time."""

from __future__ import annotations

import asyncpg
from piccolo.apps.migrations.commands.forwards import run_forwards

from portal.db.engine import DB

# Any fixed number: replicas starting together wait for each other instead of racing.
_MIGRATION_LOCK = 72_240_101


async def migrate() -> None:
    lock = await asyncpg.connect(**DB.config)
    try:
        await lock.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
        result = await run_forwards(app_name="portal", migration_id="all", fake=False)
        if not result.success:
            raise RuntimeError(f"migrations failed: {result.message}")
    finally:
        await lock.close()

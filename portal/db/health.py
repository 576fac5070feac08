from __future__ import annotations

import asyncio

from portal.db.engine import DB

TIMEOUT_SECONDS = 3.0


async def database_ok() -> bool:
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            await DB.run_ddl("SELECT 1")
    except Exception:
        return False
    return True

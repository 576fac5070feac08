from __future__ import annotations

import asyncio

from portal.db.engine import DB


async def database_ok(timeout: float = 3.0) -> bool:
    try:
        async with asyncio.timeout(timeout):
            await DB.run_ddl("SELECT 1")
    except Exception:
        return False
    return True

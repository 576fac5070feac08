"""Raw SQL with positional values, for the few queries Piccolo cannot express.

Runs on the current transaction's connection when there is one (so tests and services see
their own writes), otherwise on the pool or a short-lived connection.
"""

from __future__ import annotations

from typing import Any

from portal.db.engine import DB


async def fetch(sql: str, *values: Any) -> list[dict[str, Any]]:
    transaction = DB.current_transaction.get()
    if transaction is not None:
        return [dict(r) for r in await transaction.connection.fetch(sql, *values)]
    if DB.pool is not None:
        async with DB.pool.acquire() as connection:
            return [dict(r) for r in await connection.fetch(sql, *values)]
    connection = await DB.get_new_connection()
    try:
        return [dict(r) for r in await connection.fetch(sql, *values)]
    finally:
        await connection.close()

"""Transactions that nest: an inner block becomes a savepoint.

Piccolo's nested ``transaction()`` is a no-op, so a failure inside it would abort the outer
transaction. Services use :func:`atomic` instead, which behaves the same on its own and
inside a caller's (or a test's) transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from portal.db.engine import DB


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    current = DB.current_transaction.get()
    if current is None:
        async with DB.transaction():
            yield
        return
    savepoint = await current.savepoint()
    try:
        yield
    except BaseException:
        await savepoint.rollback_to()
        raise
    else:
        await savepoint.release()

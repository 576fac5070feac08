"""Routine upkeep that time alone makes due: offers whose last day has passed expire.

Every statement is idempotent, so several workers running it at once do no harm. The app runs
it at start-up and then every hour; `portal housekeeping` runs it once (for cron)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from portal.offers.services import expire_due_offers

INTERVAL_SECONDS = 3600
log = logging.getLogger(__name__)


async def run_once() -> dict[str, int]:
    return {"offers_expired": await expire_due_offers()}


async def _loop(interval: float, first_round: asyncio.Event) -> None:
    while True:
        try:
            done = await run_once()
            if any(done.values()):
                log.info("housekeeping: %s", done)
        except Exception:  # keep the loop alive; the next round tries again
            log.exception("housekeeping failed")
        first_round.set()
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def running(interval: float = INTERVAL_SECONDS) -> AsyncIterator[asyncio.Event]:
    """Run the upkeep in the background; yields an event set once the first round is over."""
    first_round = asyncio.Event()
    task = asyncio.create_task(_loop(interval, first_round), name="housekeeping")
    try:
        yield first_round
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

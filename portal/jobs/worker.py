"""Running a queue worker: inside ``portal serve`` (embedded default) or as ``portal worker``.

Each worker polls the queue and listens for PostgreSQL notifications; procrastinate hands a
job to one worker only, so any number of them, on any number of machines, share the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from portal.jobs.queue import queue

log = logging.getLogger(__name__)


async def run(*, name: str, concurrency: int = 2, signals: bool = True) -> None:
    """Open the queue and work until stopped (a signal, or cancellation)."""
    async with queue.open_async():
        await queue.run_worker_async(
            name=name,
            concurrency=concurrency,
            install_signal_handlers=signals,
            fetch_job_polling_interval=2.0,
        )


@contextlib.asynccontextmanager
async def running_inprocess(name: str = "in-process") -> AsyncIterator[asyncio.Task[None]]:
    """A worker beside the web server, for the lifetime of the app."""
    task = asyncio.create_task(run(name=name, signals=False), name="queue-worker")
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

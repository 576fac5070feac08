"""The alerts of saved searches on the job queue: one pass every five minutes."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.jobs.queue import queue
from portal.saved_searches import services


@queue.periodic(cron="*/5 * * * *", periodic_id="saved_searches")
@queue.task(name="saved_search_alerts", queue="default")
async def saved_search_alerts(timestamp: int) -> int:
    return await services.alert_new_matches(now=datetime.fromtimestamp(timestamp, UTC))

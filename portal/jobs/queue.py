"""The procrastinate app, and deferring jobs inside the portal's own transactions.

Jobs are inserted with procrastinate's SQL function on the connection of the current
transaction (asyncpg), so a job exists exactly when the change that asked for it commits:
a rolled-back request leaves no job behind, and a committed one never lacks its job.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from procrastinate import App, PsycopgConnector

from portal.db.raw import fetch

TASK_MODULES = ["portal.jobs.tasks", "portal.saved_searches.tasks"]

queue = App(connector=PsycopgConnector(), import_paths=TASK_MODULES)


def bind(database_url: str, *, max_size: int = 4) -> None:
    """Point the queue at the portal's database (before ``open_async``)."""
    connector = PsycopgConnector(conninfo=database_url, min_size=1, max_size=max_size)
    queue.connector = connector
    queue.job_manager.connector = connector


async def defer(
    task_name: str,
    args: dict[str, Any],
    *,
    queue_name: str = "default",
    scheduled_at: datetime | None = None,
    lock: str | None = None,
) -> int:
    """Queue a job in the caller's transaction; returns the job id."""
    rows = await fetch(
        "SELECT (procrastinate_defer_jobs_v1(ARRAY[ROW($1::varchar, $2::varchar, 0, $3::text, "
        "NULL::text, $4::jsonb, $5::timestamptz)::procrastinate_job_to_defer_v1]))[1] AS id",
        queue_name,
        task_name,
        lock,
        json.dumps(args),
        scheduled_at,
    )
    return rows[0]["id"]

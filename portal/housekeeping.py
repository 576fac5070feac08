"""Routine upkeep that time alone makes due: offers whose last day has passed expire, and
the facet index's tombstones of deleted rows are dropped after a day (every index has read
them by then, or reloads: portal/search/bitmap_index.py).

Every statement is idempotent, so running it twice does no harm. The job queue runs it every
hour (``portal.jobs.tasks.housekeeping``); `portal housekeeping` runs it once (for cron)."""

from __future__ import annotations

from portal.db.raw import fetch
from portal.offers.services import expire_due_offers


async def _drop_old_tombstones() -> int:
    rows = await fetch(
        "WITH gone AS (DELETE FROM list_tombstone WHERE deleted_at < now() - interval '1 day' "
        "RETURNING 1) SELECT count(*) AS n FROM gone"
    )
    return rows[0]["n"]


async def run_once() -> dict[str, int]:
    return {
        "offers_expired": await expire_due_offers(),
        "tombstones_dropped": await _drop_old_tombstones(),
    }

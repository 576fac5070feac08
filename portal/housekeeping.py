"""Routine upkeep that time alone makes due: offers whose last day has passed expire.

Every statement is idempotent, so running it twice does no harm. The job queue runs it every
hour (``portal.jobs.tasks.housekeeping``); `portal housekeeping` runs it once (for cron)."""

from __future__ import annotations

from portal.offers.services import expire_due_offers


async def run_once() -> dict[str, int]:
    return {"offers_expired": await expire_due_offers()}

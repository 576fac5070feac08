"""The portal's background jobs. Each is a thin call into a service, so the work itself is
tested without a worker; the schedules live here."""

from __future__ import annotations

import logging

from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.jobs import Job

from portal.jobs.queue import queue
from portal.matches import runs
from portal.notifications import config as mail_config
from portal.notifications import events, outbox
from portal.notifications.kinds import Frequency

log = logging.getLogger(__name__)


class MailRetry(BaseRetryStrategy):
    """Back off exponentially from ``PORTAL_MAIL_RETRY_SECONDS`` up to an hour between tries;
    a mail the server could not take is retried for about three days before it is given up on
    (and then it stays in the outbox, pending, for an admin to see and resend)."""

    max_wait_seconds: float = 3600.0
    max_attempts: int = 80

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if not isinstance(exception, outbox.MailNotSent) or job.attempts >= self.max_attempts:
            return None
        base = mail_config.current().retry_seconds
        wait = min(base * 2 ** (job.attempts or 0), self.max_wait_seconds)
        return RetryDecision(retry_in={"seconds": wait})


mail_retry = MailRetry()


@queue.task(name=outbox.SEND_TASK, queue=outbox.MAIL_QUEUE, retry=mail_retry, pass_context=False)
async def send_mail(mail_id: int) -> str:
    return await outbox.deliver(mail_id)


@queue.periodic(cron="0 7 * * *", periodic_id="daily")
@queue.task(name="send_daily_digests", queue="default")
async def send_daily_digests(timestamp: int) -> int:
    return await outbox.send_due_digests(Frequency.daily)


@queue.periodic(cron="0 7 * * 1", periodic_id="weekly")
@queue.task(name="send_weekly_digests", queue="default")
async def send_weekly_digests(timestamp: int) -> int:
    return await outbox.send_due_digests(Frequency.weekly)


@queue.periodic(cron="0 6 * * *", periodic_id="deadlines")
@queue.task(name="procurement_deadline_reminders", queue="default")
async def procurement_deadline_reminders(timestamp: int) -> int:
    return await events.procurement_deadlines()


@queue.periodic(cron="5 * * * *", periodic_id="housekeeping")
@queue.task(name="housekeeping", queue="default")
async def housekeeping(timestamp: int) -> dict[str, int]:
    from portal import housekeeping as upkeep

    return await upkeep.run_once()


@queue.task(name=runs.SOLVE_TASK, queue="matching")
async def solve_matching_run(run_id: int) -> None:
    await runs.execute_run(run_id)


@queue.periodic(cron="*/5 * * * *", periodic_id="stalled")
@queue.task(name="retry_stalled_jobs", queue="default")
async def retry_stalled_jobs(timestamp: int) -> int:
    """Jobs of a worker that died (no heartbeat for a minute) run again elsewhere; a matching
    run it was solving goes back to the queue first, so its page does not hang."""
    stalled = list(await queue.job_manager.get_stalled_jobs(seconds_since_heartbeat=60))
    for job in stalled:
        if job.task_name == runs.SOLVE_TASK:
            await runs.requeue(int(job.task_kwargs["run_id"]))
        await queue.job_manager.retry_job(job)
    return len(stalled)

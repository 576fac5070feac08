"""Two real ``portal worker`` processes against a database of their own and a real SMTP
server that is down at first: every mail arrives after a retry, and exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from portal.db.raw import fetch
from portal.notifications.kinds import Kind
from portal.notifications.services import notify
from tests.factories import make_user
from tests.notifications.smtp import SmtpServer

PORTAL = str(Path(sys.executable).parent / "portal")
MAILS = 5


async def wait_for(sql: str, *args, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if (await fetch(sql, *args))[0]["ok"]:
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"timed out waiting for: {sql}")


def start_worker(url: str, smtp_url: str, data_dir: Path, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": url,
        "PORTAL_DATA_DIR": str(data_dir),
        "PORTAL_SECRET_KEY": "worker-test-secret-key-long-enough-0123456789",
        "PORTAL_SMTP_URL": smtp_url,
        "PORTAL_MAIL_RETRY_SECONDS": "0.5",
        "PORTAL_BASE_URL": "http://portal.test",
    }
    return subprocess.Popen(
        [PORTAL, "worker", "--name", name, "--concurrency", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def test_mail_waits_for_a_server_that_is_down_and_arrives_once_with_two_workers(
    committed_database, tmp_path
):
    smtp = SmtpServer()  # a port of its own, nothing listening yet
    people = [await make_user(organisation="0180") for _ in range(MAILS)]
    for person in people:
        await notify(
            Kind.message,
            [person.id],
            link="/behov/1",
            params={"author": "Ann", "thread": "Somaliska barnböcker"},
        )
    [row] = await fetch("SELECT count(*) AS n FROM outbound_mail WHERE status = 'pending'")
    assert row["n"] == MAILS

    workers = [
        start_worker(committed_database, smtp.url, tmp_path / f"w{i}", f"w{i}") for i in (1, 2)
    ]
    try:
        # Both workers try, the server is down: every mail is tried and stays pending.
        await wait_for(
            "SELECT bool_and(attempts >= 1 AND status = 'pending') AS ok FROM outbound_mail"
        )
        smtp.start()
        await wait_for("SELECT bool_and(status = 'sent') AS ok FROM outbound_mail")
        await asyncio.sleep(2)  # time for a duplicate, if there were one
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=30)[0] for worker in workers]
        smtp.stop()

    for person in people:
        assert len(smtp.inbox.to(person.email)) == 1, outputs
    assert len(smtp.inbox.messages) == MAILS
    rows = await fetch("SELECT attempts, last_error FROM outbound_mail ORDER BY id")
    assert all(r["attempts"] >= 2 for r in rows)  # the first try failed, a retry succeeded
    assert all(r["last_error"] for r in rows)
    jobs = await fetch(
        "SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs "
        "WHERE task_name = 'send_mail' GROUP BY status"
    )
    assert jobs == [{"status": "succeeded", "n": MAILS}]
    # Both processes stopped cleanly on SIGTERM.
    assert [worker.returncode for worker in workers] == [0, 0], outputs

"""The outbox as admins see it: what waits, what failed, which addresses are refused, and in a
development install the mails that were kept instead of sent."""

from __future__ import annotations

from typing import Any

from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, NotFound
from portal.i18n import gettext as _
from portal.jobs.queue import defer
from portal.notifications.config import current
from portal.notifications.outbox import MAIL_QUEUE, SEND_TASK

LIMIT = 50
_COLUMNS = "id, to_address, subject, kind, status, attempts, last_error, created_at, sent_at"


async def overview() -> dict[str, Any]:
    counts = {
        row["status"]: row["n"]
        for row in await fetch("SELECT status, count(*) AS n FROM outbound_mail GROUP BY status")
    }
    waiting = await fetch(
        f"SELECT {_COLUMNS} FROM outbound_mail WHERE status = 'pending' "  # noqa: S608
        "ORDER BY created_at LIMIT $1",
        LIMIT,
    )
    failed = await fetch(
        f"SELECT {_COLUMNS} FROM outbound_mail WHERE status = 'failed' "  # noqa: S608
        "ORDER BY created_at DESC LIMIT $1",
        LIMIT,
    )
    kept = await fetch(
        f"SELECT {_COLUMNS} FROM outbound_mail WHERE status = 'kept' "  # noqa: S608
        "ORDER BY created_at DESC LIMIT $1",
        LIMIT,
    )
    refused = await fetch(
        "SELECT u.id, u.name, u.email, u.mail_failed_at, u.mail_failure, o.name AS organisation "
        "FROM user_account u JOIN organisation o ON o.id = u.organisation "
        "WHERE u.mail_failed_at IS NOT NULL ORDER BY u.mail_failed_at DESC LIMIT $1",
        LIMIT,
    )
    return {
        "counts": counts,
        "waiting": waiting,
        "failed": failed,
        "kept": kept,
        "refused": refused,
        "keeps_mail": current().keeps_mail,
        "smtp_configured": current().smtp_url is not None,
    }


def status_labels() -> dict[str, str]:
    return {
        "pending": _("Väntar"),
        "sent": _("Skickat"),
        "kept": _("Sparat i utvecklingsläge"),
        "failed": _("Misslyckades"),
    }


async def mail(mail_id: int) -> dict[str, Any]:
    rows = await fetch("SELECT * FROM outbound_mail WHERE id = $1", mail_id)
    if not rows:
        raise NotFound(_("Brevet finns inte."))
    return rows[0]


async def resend(user: CurrentUser, mail_id: int) -> None:
    """Queue a failed (or stuck) mail again, after the address has been corrected."""
    async with atomic():
        rows = await fetch(
            "SELECT id, status, recipient FROM outbound_mail WHERE id = $1 FOR UPDATE", mail_id
        )
        if not rows:
            raise NotFound(_("Brevet finns inte."))
        row = rows[0]
        if row["status"] == "sent":
            raise Conflict(_("Brevet är redan skickat."))
        await fetch(
            "UPDATE outbound_mail SET status = 'pending', to_address = coalesce("
            "(SELECT email FROM user_account WHERE id = $2), to_address) WHERE id = $1",
            mail_id,
            row["recipient"],
        )
        if row["recipient"] is not None:
            await fetch(
                "UPDATE user_account SET mail_failed_at = NULL, mail_failure = '' WHERE id = $1",
                row["recipient"],
            )
        await defer(SEND_TASK, {"mail_id": mail_id}, queue_name=MAIL_QUEUE)
        await audit.record(
            actor_id=user.id,
            action="mail.resend",
            entity_type="outbound_mail",
            entity_id=mail_id,
            changes={"status": [row["status"], "pending"]},
        )

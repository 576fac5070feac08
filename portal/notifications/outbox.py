"""The mail outbox: mails are written in the transaction of their event and sent by a job.

A mail is composed in the recipient's language when it is queued (plain text and HTML), kept
in ``outbound_mail``, and sent by the ``send_mail`` job. Sending locks the row, so a mail is
sent once even if two workers ever held the same job; a refused connection leaves it pending
for the job's retry with back-off; an address the server refuses for good is marked on the
account and shown to admins.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from functools import cache
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, select_autoescape

from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.i18n import gettext, ngettext, use_locale
from portal.jobs.queue import defer
from portal.notifications.config import current
from portal.notifications.content import title_of
from portal.notifications.kinds import Frequency, Kind, kind_labels
from portal.notifications.tokens import unsubscribe_url
from portal.paths import TEMPLATES_DIR

log = logging.getLogger(__name__)

SEND_TASK = "send_mail"
MAIL_QUEUE = "mail"
SMTP_TIMEOUT_SECONDS = 20


class MailNotSent(Exception):
    """The server could not take the mail now; the job retries it later."""


@cache
def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message, **v: gettext(message, **v),
        lambda s, p, n, **v: ngettext(s, p, n, **v),
        newstyle=True,
    )
    return env


def _render(name: str, context: dict[str, Any]) -> str:
    return _templates().get_template(name).render(**context)


def _absolute(link: str) -> str:
    return link if link.startswith("http") else f"{current().base_url}{link}"


def _item(row: dict[str, Any]) -> dict[str, str]:
    return {"title": title_of(row), "url": _absolute(row["link"])}


async def _recipient(user_id: int) -> dict[str, Any] | None:
    rows = await fetch(
        "SELECT id, email, name, language, active, mail_failed_at FROM user_account WHERE id = $1",
        user_id,
    )
    if not rows or not rows[0]["active"] or rows[0]["mail_failed_at"] is not None:
        return None
    return rows[0]


async def _queue(user: dict[str, Any], kind: str, subject: str, text: str, html: str) -> int:
    rows = await fetch(
        "INSERT INTO outbound_mail (recipient, to_address, subject, text_body, html_body, kind, "
        "status) VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id",
        user["id"],
        user["email"],
        subject[:300],
        text,
        html,
        kind,
    )
    mail_id = rows[0]["id"]
    await defer(SEND_TASK, {"mail_id": mail_id}, queue_name=MAIL_QUEUE)
    return mail_id


async def queue_notification_mail(row: dict[str, Any], user: dict[str, Any]) -> int | None:
    """One mail for one new notification row to its (active) recipient, in their language;
    in the caller's transaction. None when the person has no working address."""
    if user["mail_failed_at"] is not None:
        return None
    with use_locale(user["language"]):
        item = _item(row)
        context = {
            "name": user["name"],
            "item": item,
            "unsubscribe_url": unsubscribe_url(user["id"], row["kind"]),
            "settings_url": _absolute("/notiser/installningar"),
            "notifications_url": _absolute("/notiser"),
            "lang": user["language"],
        }
        text = _render("mail/notification.txt", context)
        html = _render("mail/notification.html", context)
    mail_id = await _queue(user, row["kind"], item["title"], text, html)
    await fetch("UPDATE notification SET mailed_at = now() WHERE id = $1", row["id"])
    return mail_id


async def queue_digest(user_id: int, frequency: Frequency) -> int | None:
    """Gather the person's unmailed notifications of that frequency into one mail."""
    async with atomic():
        rows = await fetch(
            "SELECT * FROM notification WHERE recipient = $1 AND mail_frequency = $2 "
            "AND mailed_at IS NULL ORDER BY created_at, id FOR UPDATE SKIP LOCKED",
            user_id,
            frequency.value,
        )
        if not rows:
            return None
        await fetch(
            "UPDATE notification SET mailed_at = now() WHERE id = ANY($1)",
            [row["id"] for row in rows],
        )
        user = await _recipient(user_id)
        if user is None:
            return None
        with use_locale(user["language"]):
            items = [_item(row) for row in rows]
            subject = (
                gettext("Daglig sammanfattning från Samverkansportalen")
                if frequency is Frequency.daily
                else gettext("Veckans sammanfattning från Samverkansportalen")
            )
            kinds = sorted({row["kind"] for row in rows})
            context = {
                "name": user["name"],
                "items": items,
                "frequency": frequency.value,
                "unsubscribe_links": [
                    (kind_labels().get(kind, kind), unsubscribe_url(user["id"], kind))
                    for kind in kinds
                ],
                "settings_url": _absolute("/notiser/installningar"),
                "notifications_url": _absolute("/notiser"),
                "lang": user["language"],
            }
            text = _render("mail/digest.txt", context)
            html = _render("mail/digest.html", context)
        return await _queue(user, f"digest_{frequency.value}", subject, text, html)


async def send_due_digests(frequency: Frequency) -> int:
    """One digest per person with something to tell; returns how many were queued."""
    users = await fetch(
        "SELECT DISTINCT recipient FROM notification WHERE mail_frequency = $1 "
        "AND mailed_at IS NULL ORDER BY recipient",
        frequency.value,
    )
    queued = 0
    for row in users:
        if await queue_digest(row["recipient"], frequency) is not None:
            queued += 1
    return queued


# --- sending ----------------------------------------------------------------------------------


def _message(row: dict[str, Any]) -> EmailMessage:
    config = current()
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = formataddr(("", row["to_address"]))
    message["Subject"] = row["subject"]
    message["Message-ID"] = make_msgid(idstring=f"svp-mail-{row['id']}")
    if row["recipient"] is not None and row["kind"] in Kind.__members__:
        message["List-Unsubscribe"] = f"<{unsubscribe_url(row['recipient'], row['kind'])}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row["text_body"])
    message.add_alternative(row["html_body"], subtype="html")
    return message


async def _send(message: EmailMessage, smtp_url: str) -> None:
    parts = urlsplit(smtp_url)
    implicit_tls = parts.scheme == "smtps"
    await aiosmtplib.send(
        message,
        hostname=parts.hostname,
        port=parts.port or (465 if implicit_tls else 587 if parts.scheme != "smtp" else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=implicit_tls,
        start_tls=True if parts.scheme == "smtp+starttls" else None,
        timeout=SMTP_TIMEOUT_SECONDS,
    )


def _permanent(error: Exception) -> bool:
    """A 5xx answer about the recipient: retrying will not help."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return all(500 <= r.code < 600 for r in error.recipients)
    if isinstance(error, aiosmtplib.SMTPRecipientRefused):
        return 500 <= error.code < 600
    return False


async def deliver(mail_id: int) -> str:
    """Send one queued mail; returns what became of it. Raises MailNotSent to be retried."""
    config = current()
    failure: str | None = None
    async with atomic():
        rows = await fetch("SELECT * FROM outbound_mail WHERE id = $1 FOR UPDATE", mail_id)
        if not rows or rows[0]["status"] != "pending":
            return "skipped"
        row = rows[0]
        if config.keeps_mail:
            await fetch("UPDATE outbound_mail SET status = 'kept' WHERE id = $1", mail_id)
            return "kept"
        if config.smtp_url is None:
            failure = "no SMTP server is configured (PORTAL_SMTP_URL)"
        else:
            try:
                await _send(_message(row), config.smtp_url)
            except (aiosmtplib.SMTPException, OSError) as error:
                if _permanent(error):
                    await _mark_failed(row, str(error))
                    return "failed"
                failure = f"{type(error).__name__}: {error}"
        if failure is None:
            await fetch(
                "UPDATE outbound_mail SET status = 'sent', sent_at = $2, "
                "attempts = attempts + 1 WHERE id = $1",
                mail_id,
                datetime.now(UTC),
            )
            return "sent"
        await fetch(
            "UPDATE outbound_mail SET attempts = attempts + 1, last_error = $2 WHERE id = $1",
            mail_id,
            failure[:1000],
        )
    # Outside the transaction, so the attempt and its error stay recorded.
    log.warning("mail %s not sent: %s", mail_id, failure)
    raise MailNotSent(failure)


async def _mark_failed(row: dict[str, Any], error: str) -> None:
    await fetch(
        "UPDATE outbound_mail SET status = 'failed', attempts = attempts + 1, last_error = $2 "
        "WHERE id = $1",
        row["id"],
        error[:1000],
    )
    if row["recipient"] is not None:
        await fetch(
            "UPDATE user_account SET mail_failed_at = now(), mail_failure = $2 WHERE id = $1",
            row["recipient"],
            error[:500],
        )

"""Private message threads: read a thread, write in it, and list a procurement's threads.

Writing checks that the author takes part, validates the text, stores the message, audits
it and notifies the others in one transaction. Threads show names and organisations, never
an e-mail address; the audit log records that a message was written, not what it says.
"""

from __future__ import annotations

from typing import Any

from portal.accounts import services as accounts
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAllowed
from portal.i18n import gettext as _
from portal.messages.access import Subject, lead_side, procurement_row, subject_for
from portal.messages.schemas import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    MessageCreate,
    MessageRead,
    ThreadSummary,
)
from portal.messages.tables import ThreadMessage
from portal.notifications.kinds import Kind
from portal.notifications.services import notify
from portal.organisations.schemas import OrganisationRef
from portal.search.schemas import Page

_SELECT = """
SELECT m.id, m.body, m.created_at, u.name AS author_name, o.name AS organisation_name
FROM thread_message m
JOIN user_account u ON u.id = m.author
JOIN organisation o ON o.id = m.author_organisation
"""


def _where(subject: Subject) -> tuple[str, list[Any]]:
    values: list[Any] = [subject.type.value, subject.id]
    if subject.organisation_id is None:
        return "m.subject_type = $1 AND m.subject_id = $2 AND m.organisation IS NULL", values
    values.append(subject.organisation_id)
    return "m.subject_type = $1 AND m.subject_id = $2 AND m.organisation = $3", values


def _read(row: dict[str, Any]) -> MessageRead:
    return MessageRead(
        id=row["id"],
        author=row["author_name"],
        organisation=row["organisation_name"],
        body=row["body"],
        created_at=row["created_at"],
    )


async def count_messages(subject: Subject) -> int:
    where, values = _where(subject)
    rows = await fetch(f"SELECT count(*) AS n FROM thread_message m WHERE {where}", *values)  # noqa: S608
    return rows[0]["n"]


async def messages_of(
    subject: Subject, *, page: int | None = None, page_size: int = PAGE_SIZE
) -> Page[MessageRead]:
    """A page of the thread, oldest first; without ``page``, the newest page."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = await count_messages(subject)
    pages = max(1, -(-total // page_size))
    page = pages if page is None else max(1, min(page, 100_000))
    where, values = _where(subject)
    n = len(values)
    rows = await fetch(
        f"{_SELECT} WHERE {where} ORDER BY m.created_at, m.id LIMIT ${n + 1} OFFSET ${n + 2}",
        *values,
        page_size,
        (page - 1) * page_size,
    )
    return Page(items=[_read(r) for r in rows], total=total, page=page, page_size=page_size)


async def list_messages(
    user: CurrentUser,
    subject_type: str,
    subject_id: int,
    *,
    organisation: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Page[MessageRead]:
    subject = await subject_for(user, subject_type, subject_id, organisation)
    return await messages_of(subject, page=page, page_size=page_size)


async def _recipients(subject: Subject, author: CurrentUser) -> list[int]:
    """Those who wrote in the thread before and still take part, and the primary people."""
    where, values = _where(subject)
    rows = await fetch(
        f"SELECT DISTINCT m.author FROM thread_message m WHERE {where}",  # noqa: S608
        *values,
    )
    people = {uid for uid in subject.primary if uid is not None}
    for row in rows:
        if row["author"] in people or row["author"] == author.id:
            continue
        writer = await accounts.current_user_by_id(row["author"])
        if writer is not None and subject.takes_part(writer):
            people.add(writer.id)
    return sorted(people)


async def post_message(
    user: CurrentUser,
    subject_type: str,
    subject_id: int,
    data: MessageCreate,
    *,
    organisation: str | None = None,
) -> MessageRead:
    async with atomic():
        subject = await subject_for(user, subject_type, subject_id, organisation)
        body = data.body.strip()
        if not body:
            text = _("Skriv ett meddelande först.")
            raise Invalid(text, fields={"body": text})
        recipients = await _recipients(subject, user)
        message = ThreadMessage(
            subject_type=subject.type.value,
            subject_id=subject.id,
            organisation=subject.organisation_id,
            author=user.id,
            author_organisation=user.organisation_id,
            body=body,
        )
        await message.save()
        await audit.record(
            actor_id=user.id,
            action="message.create",
            entity_type=subject.type.value,
            entity_id=subject.id,
            organisation_code=user.organisation_code,
            changes={
                "message": message.id,
                "thread_organisation": subject.organisation.code if subject.organisation else None,
            },
        )
        await notify(
            Kind.message,
            recipients,
            link=f"{subject.link}#{subject.anchor}",
            params={"author": user.name, "thread": subject.title},
            exclude=user.id,
        )
    return MessageRead(
        id=message.id,
        author=user.name,
        organisation=user.organisation_name,
        body=body,
        created_at=message.created_at,
    )


async def procurement_threads(user: CurrentUser, procurement_id: int) -> list[ThreadSummary]:
    """For the lead and the county's coordinators: every organisation that takes part in
    the procurement or has written, with how many messages and the latest one's time."""
    row = await procurement_row(user, procurement_id)
    if not lead_side(user, row):
        raise NotAllowed(_("Bara regionbiblioteket ser alla organisationers trådar."))
    rows = await fetch(
        "SELECT o.code, o.name, o.kind, count(m.id) AS n, max(m.created_at) AS last_at "
        "FROM organisation o LEFT JOIN thread_message m ON m.organisation = o.id "
        "AND m.subject_type = 'procurement' AND m.subject_id = $1 "
        "WHERE (m.id IS NOT NULL OR o.id IN (SELECT organisation FROM "
        "procurement_participation WHERE procurement = $1)) AND o.code <> $2 "
        "GROUP BY o.id ORDER BY max(m.created_at) DESC NULLS LAST, o.name",
        procurement_id,
        row["lead_code"],
    )
    return [
        ThreadSummary(
            organisation=OrganisationRef(code=r["code"], name=r["name"], kind=r["kind"]),
            messages=r["n"],
            last_message_at=r["last_at"],
        )
        for r in rows
    ]

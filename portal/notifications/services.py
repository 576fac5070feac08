"""Notify people of events, list and mark their notifications, keep their mail preferences.

``notify`` is called by the other features inside the transaction of the change it reports,
so a notification (and its mail in the outbox, and the job that sends it) exists exactly when
the change does. Nothing here sends mail itself: :mod:`portal.notifications.outbox` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.notifications import outbox
from portal.notifications.content import title_of
from portal.notifications.kinds import DEFAULT_FREQUENCY, Frequency, Kind
from portal.notifications.schemas import NotificationRead
from portal.search.schemas import Page

PAGE_SIZE = 20


async def members_of(*organisation_codes: str) -> list[int]:
    """Active staff of the organisations and of their libraries (codes ``<code>-...``)."""
    rows = await fetch(
        "SELECT u.id FROM user_account u JOIN organisation o ON o.id = u.organisation "
        "WHERE u.active AND u.roles && ARRAY['member', 'coordinator']::varchar[] "
        "AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS c(code) "
        "WHERE o.code = c.code OR o.code LIKE c.code || '-%') ORDER BY u.id",
        list(organisation_codes),
    )
    return [row["id"] for row in rows]


async def frequencies(user_ids: list[int], kind: Kind) -> dict[int, Frequency]:
    rows = await fetch(
        'SELECT "user", frequency FROM notification_preference WHERE "user" = ANY($1) '
        "AND kind = $2",
        user_ids,
        kind.value,
    )
    chosen = {row["user"]: Frequency(row["frequency"]) for row in rows}
    return {uid: chosen.get(uid, DEFAULT_FREQUENCY[kind]) for uid in user_ids}


async def notify(
    kind: Kind,
    recipients: Iterable[int],
    *,
    link: str,
    params: dict[str, Any],
    dedupe_key: str | None = None,
    frequency: Frequency | None = None,
    exclude: int | None = None,
) -> list[int]:
    """Record the event for each recipient (never for ``exclude``, who caused it) and queue
    the mails of those who want them at once. Returns the new notifications' ids.

    ``dedupe_key`` makes an event count once per person (reminders, saved-search hits);
    ``frequency`` overrides the person's preference (a saved search has its own).
    """
    users = sorted({uid for uid in recipients if uid is not None and uid != exclude})
    if not users:
        return []
    people = await fetch(
        "SELECT id, email, name, language, mail_failed_at FROM user_account "
        "WHERE id = ANY($1) AND active ORDER BY id",
        users,
    )
    chosen = {} if frequency else await frequencies([p["id"] for p in people], kind)
    created: list[int] = []
    async with atomic():
        for person in people:
            how = frequency or chosen[person["id"]]
            rows = await fetch(
                "INSERT INTO notification (recipient, kind, params, link, dedupe_key, "
                "mail_frequency) VALUES ($1, $2, $3::jsonb, $4, $5, $6) "
                "ON CONFLICT (recipient, dedupe_key) DO NOTHING RETURNING *",
                person["id"],
                kind.value,
                json.dumps(params),
                link,
                dedupe_key,
                how.value,
            )
            if not rows:
                continue
            created.append(rows[0]["id"])
            if how is Frequency.immediately:
                await outbox.queue_notification_mail(rows[0], person)
    return created


def _to_read(row: dict[str, Any]) -> NotificationRead:
    return NotificationRead(
        id=row["id"],
        kind=row["kind"],
        title=title_of(row),
        link=row["link"],
        created_at=row["created_at"],
        read=row["read_at"] is not None,
    )


async def unread_count(user_id: int) -> int:
    rows = await fetch(
        "SELECT count(*) AS n FROM notification WHERE recipient = $1 AND read_at IS NULL",
        user_id,
    )
    return rows[0]["n"]


async def list_notifications(
    user: CurrentUser, *, unread_only: bool = False, page: int = 1
) -> Page[NotificationRead]:
    page = max(1, min(page, 10_000))
    where = "recipient = $1" + (" AND read_at IS NULL" if unread_only else "")
    total = (await fetch(f"SELECT count(*) AS n FROM notification WHERE {where}", user.id))[0]  # noqa: S608
    rows = await fetch(
        f"SELECT * FROM notification WHERE {where} "  # noqa: S608
        "ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
        user.id,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    return Page(items=[_to_read(r) for r in rows], total=total["n"], page=page, page_size=PAGE_SIZE)


async def open_notification(user: CurrentUser, notification_id: int) -> NotificationRead:
    """Mark one read and return it (its link is where the reader goes next)."""
    rows = await fetch(
        "UPDATE notification SET read_at = coalesce(read_at, now()) "
        "WHERE id = $1 AND recipient = $2 RETURNING *",
        notification_id,
        user.id,
    )
    if not rows:
        raise NotFound(_("Notisen finns inte."))
    return _to_read(rows[0])


async def mark_all_read(user: CurrentUser) -> int:
    rows = await fetch(
        "UPDATE notification SET read_at = now() WHERE recipient = $1 AND read_at IS NULL "
        "RETURNING id",
        user.id,
    )
    return len(rows)


async def preferences(user_id: int) -> dict[str, str]:
    rows = await fetch(
        'SELECT kind, frequency FROM notification_preference WHERE "user" = $1', user_id
    )
    chosen = {row["kind"]: row["frequency"] for row in rows}
    return {kind.value: chosen.get(kind.value, DEFAULT_FREQUENCY[kind].value) for kind in Kind}


async def set_preferences(
    user_id: int, changes: dict[Kind, Frequency], *, actor_kind: str = "user"
) -> dict[str, str]:
    """Store the chosen frequencies; the audit log keeps what changed."""
    async with atomic():
        before = await preferences(user_id)
        for kind, frequency in changes.items():
            await fetch(
                'INSERT INTO notification_preference ("user", kind, frequency) '
                'VALUES ($1, $2, $3) ON CONFLICT ("user", kind) DO UPDATE '
                "SET frequency = EXCLUDED.frequency",
                user_id,
                kind.value,
                frequency.value,
            )
        after = await preferences(user_id)
        changed = audit.diff(before, after)
        if changed:
            await audit.record(
                actor_id=user_id,
                actor_kind=actor_kind,
                action="notification_preferences.update",
                entity_type="user_account",
                entity_id=user_id,
                changes=changed,
            )
    return after

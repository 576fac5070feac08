"""A question-and-answer thread per procurement: signed-in users of the county ask and
answer; coordinators remove posts (with their answers). Every change is audited."""

from __future__ import annotations

from typing import Any

from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.procurements import access, services
from portal.procurements.phases import Phase
from portal.procurements.schemas import CommentCreate, CommentRead
from portal.procurements.tables import ProcurementComment


def _read(row: dict[str, Any], replies: list[CommentRead] | None = None) -> CommentRead:
    return CommentRead(
        id=row["id"],
        reply_to=row["reply_to"],
        author=row["author_name"],
        organisation=row["organisation_name"],
        body=row["body"],
        created_at=row["created_at"],
        replies=replies or [],
    )


async def list_comments(viewer: CurrentUser | None, procurement_id: int) -> list[CommentRead]:
    """Questions, oldest first, each with its answers; for signed-in users of the county."""
    current = await services.visible_row(viewer, procurement_id)
    if not access.may_see_participants(viewer, current["county_code"]):
        raise NotAllowed(_("Logga in för att läsa frågor och svar."))
    rows = await fetch(
        "SELECT c.*, u.name AS author_name, o.name AS organisation_name "
        "FROM procurement_comment c JOIN user_account u ON u.id = c.author "
        "JOIN organisation o ON o.id = c.organisation "
        "WHERE c.procurement = $1 ORDER BY c.created_at, c.id",
        procurement_id,
    )
    answers: dict[int, list[CommentRead]] = {}
    for row in rows:
        if row["reply_to"] is not None:
            answers.setdefault(row["reply_to"], []).append(_read(row))
    return [_read(row, answers.get(row["id"])) for row in rows if row["reply_to"] is None]


async def add_comment(user: CurrentUser, procurement_id: int, data: CommentCreate) -> CommentRead:
    current = await services.visible_row(user, procurement_id)
    if not access.may_see_participants(user, current["county_code"]):
        raise NotAllowed(_("Bara användare i länet kan ställa frågor om upphandlingen."))
    if current["phase"] in (Phase.closed, Phase.cancelled):
        raise Conflict(_("Upphandlingen är avslutad. Det går inte att skriva fler inlägg."))
    body = data.body.strip()
    if not body:
        message = _("Skriv något först.")
        raise Invalid(message, fields={"body": message})
    async with atomic():
        if data.reply_to is not None:
            parent = (
                await ProcurementComment.select(ProcurementComment.reply_to)
                .where(
                    ProcurementComment.id == data.reply_to,
                    ProcurementComment.procurement == procurement_id,
                )
                .first()
            )
            if parent is None or parent["reply_to"] is not None:
                message = _("Frågan finns inte.")
                raise Invalid(message, fields={"reply_to": message})
        comment = ProcurementComment(
            procurement=procurement_id,
            reply_to=data.reply_to,
            author=user.id,
            organisation=user.organisation_id,
            body=body,
        )
        await comment.save()
        await audit.record(
            actor_id=user.id,
            action="procurement.comment.create",
            entity_type="procurement",
            entity_id=procurement_id,
            organisation_code=user.organisation_code,
            changes={"comment": comment.id, "reply_to": data.reply_to},
        )
    return CommentRead(
        id=comment.id,
        reply_to=data.reply_to,
        author=user.name,
        organisation=user.organisation_name,
        body=body,
        created_at=comment.created_at,
    )


async def get_comment(user: CurrentUser, procurement_id: int, comment_id: int) -> CommentRead:
    for question in await list_comments(user, procurement_id):
        for comment in (question, *question.replies):
            if comment.id == comment_id:
                return comment
    raise NotFound(_("Inlägget finns inte."))


async def delete_comment(user: CurrentUser, procurement_id: int, comment_id: int) -> None:
    current = await services.visible_row(user, procurement_id)
    access.require_coordinator(current, user)
    async with atomic():
        row = (
            await ProcurementComment.select()
            .where(
                ProcurementComment.id == comment_id,
                ProcurementComment.procurement == procurement_id,
            )
            .first()
        )
        if row is None:
            raise NotFound(_("Inlägget finns inte."))
        answers = await ProcurementComment.count().where(ProcurementComment.reply_to == comment_id)
        await ProcurementComment.delete().where(ProcurementComment.id == comment_id)
        await audit.record(
            actor_id=user.id,
            action="procurement.comment.delete",
            entity_type="procurement",
            entity_id=procurement_id,
            organisation_code=current["lead_code"],
            changes={"comment": comment_id, "body": row["body"], "answers_removed": answers},
        )

"""Pictures and documents of an offer (JPEG, PNG, PDF; at most five): the offering
organisation uploads and removes them, and whoever may see the offer may download them."""

from __future__ import annotations

from pathlib import Path

from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import Conflict, NotFound
from portal.files import storage
from portal.files.types import IMAGES_AND_PDF
from portal.i18n import gettext as _
from portal.offers import services
from portal.offers.kinds import EDITABLE
from portal.offers.schemas import AttachmentRead
from portal.offers.tables import OfferAttachment

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
NAMESPACE = "offers"


def _require_editable(row: dict) -> dict:
    if row["status"] not in EDITABLE:
        raise Conflict(_("Erbjudandet kan inte längre ändras."))
    return row


async def upload(
    user: CurrentUser,
    offer_id: int,
    source: storage.Readable,
    filename: str | None,
    *,
    root: Path,
) -> AttachmentRead:
    # Check permission before reading a byte of the upload.
    async with atomic():
        _require_editable(await services.locked_own_row(user, offer_id))
    stored = await storage.save(
        source,
        root=root,
        namespace=NAMESPACE,
        allowed=IMAGES_AND_PDF,
        max_bytes=MAX_ATTACHMENT_BYTES,
    )
    name = storage.safe_filename(filename, stored.extension)
    try:
        async with atomic():
            # The row lock serialises uploads to one offer, so the limit holds under races.
            owner = _require_editable(await services.locked_own_row(user, offer_id))
            count = await fetch(
                "SELECT count(*) AS n FROM offer_attachment WHERE offer = $1", offer_id
            )
            if count[0]["n"] >= MAX_ATTACHMENTS:
                raise Conflict(
                    _(
                        "Ett erbjudande kan ha högst %(max)s bilagor. Ta bort en först.",
                        max=MAX_ATTACHMENTS,
                    )
                )
            attachment = OfferAttachment(
                offer=offer_id,
                filename=name,
                content_type=stored.media_type,
                size=stored.size_bytes,
                storage_key=stored.key,
                uploaded_by=user.id,
            )
            await attachment.save()
            await audit.record(
                actor_id=user.id,
                action="offer.attachment.upload",
                entity_type="offer",
                entity_id=offer_id,
                organisation_code=owner["org_code"],
                changes={"attachment": attachment.id, "filename": name, "sha256": stored.sha256},
            )
    except BaseException:
        storage.remove(root, stored.key)
        raise
    return AttachmentRead(
        id=attachment.id, filename=name, content_type=stored.media_type, size=stored.size_bytes
    )


async def _attachment(offer_id: int, attachment_id: int) -> dict:
    row = (
        await OfferAttachment.select()
        .where(OfferAttachment.id == attachment_id, OfferAttachment.offer == offer_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Bilagan finns inte."))
    return row


def _read(row: dict) -> AttachmentRead:
    return AttachmentRead(
        id=row["id"], filename=row["filename"], content_type=row["content_type"], size=row["size"]
    )


async def get_attachment(
    viewer: CurrentUser | None, offer_id: int, attachment_id: int
) -> AttachmentRead:
    await services.visible_row(viewer, offer_id)
    return _read(await _attachment(offer_id, attachment_id))


async def open_attachment(
    viewer: CurrentUser | None, offer_id: int, attachment_id: int, *, root: Path
) -> tuple[AttachmentRead, Path]:
    """The file, for those who may see the offer (visitors too, for published offers)."""
    await services.visible_row(viewer, offer_id)
    row = await _attachment(offer_id, attachment_id)
    return _read(row), storage.path_of(root, row["storage_key"])


async def delete(user: CurrentUser, offer_id: int, attachment_id: int, *, root: Path) -> None:
    async with atomic():
        owner = await services.locked_own_row(user, offer_id)
        row = await _attachment(offer_id, attachment_id)
        await OfferAttachment.delete().where(OfferAttachment.id == attachment_id)
        await audit.record(
            actor_id=user.id,
            action="offer.attachment.delete",
            entity_type="offer",
            entity_id=offer_id,
            organisation_code=owner["org_code"],
            changes={"attachment": attachment_id, "filename": row["filename"]},
        )
    # Only once the row is gone for good: a rolled-back delete keeps its file.
    storage.remove(root, row["storage_key"])

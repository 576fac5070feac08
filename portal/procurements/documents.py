"""Documents of a procurement (PDF, DOCX, XLSX, ODT): coordinators upload and remove them,
everyone who sees the procurement sees the list, signed-in users download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.raw import fetch
from portal.db.transactions import atomic
from portal.errors import NotAuthenticated, NotFound
from portal.files import storage
from portal.files.types import DOCUMENTS
from portal.i18n import gettext as _
from portal.procurements import access, services
from portal.procurements.schemas import DocumentRead
from portal.procurements.tables import ProcurementDocument

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
NAMESPACE = "procurements"


def _read(row: dict[str, Any]) -> DocumentRead:
    return DocumentRead(
        id=row["id"],
        filename=row["filename"],
        content_type=row["content_type"],
        size_bytes=row["size_bytes"],
        uploaded_at=row["uploaded_at"],
        uploaded_by=row.get("uploader"),
    )


async def list_documents(viewer: CurrentUser | None, procurement_id: int) -> list[DocumentRead]:
    await services.visible_row(viewer, procurement_id)
    rows = await fetch(
        "SELECT d.*, u.name AS uploader FROM procurement_document d "
        "LEFT JOIN user_account u ON u.id = d.uploaded_by "
        "WHERE d.procurement = $1 ORDER BY d.uploaded_at, d.id",
        procurement_id,
    )
    documents = [_read(row) for row in rows]
    if viewer is None:  # no names of people for visitors
        documents = [DocumentRead(**{**_fields(d), "uploaded_by": None}) for d in documents]
    return documents


def _fields(document: DocumentRead) -> dict[str, Any]:
    return {name: getattr(document, name) for name in DocumentRead.__struct_fields__}


async def upload(
    user: CurrentUser,
    procurement_id: int,
    source: storage.Readable,
    filename: str | None,
    *,
    root: Path,
) -> DocumentRead:
    current = await services.visible_row(user, procurement_id)
    access.require_coordinator(current, user)
    stored = await storage.save(
        source, root=root, namespace=NAMESPACE, allowed=DOCUMENTS, max_bytes=MAX_DOCUMENT_BYTES
    )
    name = storage.safe_filename(filename, stored.extension)
    try:
        async with atomic():
            document = ProcurementDocument(
                procurement=procurement_id,
                filename=name,
                content_type=stored.media_type,
                size_bytes=stored.size_bytes,
                sha256=stored.sha256,
                storage_key=stored.key,
                uploaded_by=user.id,
            )
            await document.save()
            await audit.record(
                actor_id=user.id,
                action="procurement.document.upload",
                entity_type="procurement",
                entity_id=procurement_id,
                organisation_code=current["lead_code"],
                changes={"document": document.id, "filename": name, "sha256": stored.sha256},
            )
    except BaseException:
        storage.remove(root, stored.key)
        raise
    return _read({**document.to_dict(), "uploader": user.name})


async def _document(procurement_id: int, document_id: int) -> dict[str, Any]:
    row = (
        await ProcurementDocument.select()
        .where(
            ProcurementDocument.id == document_id,
            ProcurementDocument.procurement == procurement_id,
        )
        .first()
    )
    if row is None:
        raise NotFound(_("Dokumentet finns inte."))
    return row


async def open_document(
    viewer: CurrentUser | None, procurement_id: int, document_id: int, *, root: Path
) -> tuple[DocumentRead, Path]:
    if viewer is None:
        raise NotAuthenticated(_("Logga in för att ladda ner dokument."))
    await services.visible_row(viewer, procurement_id)
    row = await _document(procurement_id, document_id)
    return _read(row), storage.path_of(root, row["storage_key"])


async def get_document(
    viewer: CurrentUser | None, procurement_id: int, document_id: int
) -> DocumentRead:
    await services.visible_row(viewer, procurement_id)
    return _read(await _document(procurement_id, document_id))


async def delete(user: CurrentUser, procurement_id: int, document_id: int, *, root: Path) -> None:
    current = await services.visible_row(user, procurement_id)
    access.require_coordinator(current, user)
    async with atomic():
        row = await _document(procurement_id, document_id)
        await ProcurementDocument.delete().where(ProcurementDocument.id == document_id)
        await audit.record(
            actor_id=user.id,
            action="procurement.document.delete",
            entity_type="procurement",
            entity_id=procurement_id,
            organisation_code=current["lead_code"],
            changes={"document": document_id, "filename": row["filename"]},
        )
    # Only once the row is gone for good: a rolled-back delete keeps its file.
    storage.remove(root, row["storage_key"])

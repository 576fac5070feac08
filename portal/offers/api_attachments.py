"""JSON API for the pictures and documents of an offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import File
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from portal.files.storage import files_root
from portal.offers import attachments
from portal.offers.schemas import AttachmentRead
from portal.web.downloads import download
from portal.web.guards import requires_user
from portal.web.openapi import responses

# The file itself, plus room for the multipart envelope.
UPLOAD_BODY_LIMIT = attachments.MAX_ATTACHMENT_BYTES + 256 * 1024


@dataclass
class AttachmentUpload:
    file: UploadFile


class OfferAttachmentApiController(Controller):
    path = "/api/v1/offers/{offer_id:int}/attachments"
    tags = ["offers"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Attach a JPEG, PNG or PDF of at most 5 MB (the offering organisation; "
        "at most 5 per offer); the type is judged by the content",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 413, 422),
        request_max_body_size=UPLOAD_BODY_LIMIT,
    )
    async def upload(
        self,
        request: Request,
        offer_id: FromPath[int],
        data: Annotated[AttachmentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> AttachmentRead:
        return await attachments.upload(
            request.user,
            offer_id,
            data.file,
            data.file.filename,
            root=files_root(request.app.state.settings.data_dir),
        )

    @get(
        "/{attachment_id:int}",
        summary="Download an attachment (whoever may see the offer)",
        responses=responses(404),
        media_type="application/octet-stream",
    )
    async def download(
        self, request: Request, offer_id: FromPath[int], attachment_id: FromPath[int]
    ) -> File:
        attachment, path = await attachments.open_attachment(
            request.user,
            offer_id,
            attachment_id,
            root=files_root(request.app.state.settings.data_dir),
        )
        return download(attachment.filename, attachment.content_type, path)

    @delete(
        "/{attachment_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove an attachment (the offering organisation)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409),
    )
    async def remove(
        self, request: Request, offer_id: FromPath[int], attachment_id: FromPath[int]
    ) -> None:
        await attachments.delete(
            request.user,
            offer_id,
            attachment_id,
            root=files_root(request.app.state.settings.data_dir),
        )

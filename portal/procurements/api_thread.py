"""JSON API for the documents and the question-and-answer thread of a procurement."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody
from litestar.response import File
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from portal.files.storage import files_root
from portal.procurements import comments, documents
from portal.procurements.schemas import CommentCreate, CommentRead, DocumentRead
from portal.web.downloads import download as file_download
from portal.web.guards import requires_user
from portal.web.openapi import responses

# The document itself, plus room for the multipart envelope.
UPLOAD_BODY_LIMIT = documents.MAX_DOCUMENT_BYTES + 256 * 1024


@dataclass
class DocumentUpload:
    file: UploadFile


def download(document: DocumentRead, path: Path) -> File:
    return file_download(document.filename, document.content_type, path)


class ProcurementThreadApiController(Controller):
    path = "/api/v1/procurements/{procurement_id:int}"
    tags = ["procurements"]

    @get("/documents", summary="The documents of a procurement", responses=responses(404))
    async def list_documents(
        self, request: Request, procurement_id: FromPath[int]
    ) -> list[DocumentRead]:
        return await documents.list_documents(request.user, procurement_id)

    @post(
        "/documents",
        status_code=HTTP_201_CREATED,
        summary="Upload a PDF, DOCX, XLSX or ODT document of at most 10 MB (coordinators); "
        "the type is judged by the content",
        guards=[requires_user],
        responses=responses(401, 403, 404, 413, 422),
        request_max_body_size=UPLOAD_BODY_LIMIT,
    )
    async def upload(
        self,
        request: Request,
        procurement_id: FromPath[int],
        data: Annotated[DocumentUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> DocumentRead:
        return await documents.upload(
            request.user,
            procurement_id,
            data.file,
            data.file.filename,
            root=files_root(request.app.state.settings.data_dir),
        )

    @get(
        "/documents/{document_id:int}",
        summary="Download a document (signed-in users)",
        guards=[requires_user],
        responses=responses(401, 404),
        media_type="application/octet-stream",
    )
    async def download(
        self, request: Request, procurement_id: FromPath[int], document_id: FromPath[int]
    ) -> File:
        document, path = await documents.open_document(
            request.user,
            procurement_id,
            document_id,
            root=files_root(request.app.state.settings.data_dir),
        )
        return download(document, path)

    @delete(
        "/documents/{document_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a document (coordinators)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def delete_document(
        self, request: Request, procurement_id: FromPath[int], document_id: FromPath[int]
    ) -> None:
        await documents.delete(
            request.user,
            procurement_id,
            document_id,
            root=files_root(request.app.state.settings.data_dir),
        )

    @get(
        "/comments",
        summary="Questions and answers (signed-in users of the county)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def list_comments(
        self, request: Request, procurement_id: FromPath[int]
    ) -> list[CommentRead]:
        return await comments.list_comments(request.user, procurement_id)

    @post(
        "/comments",
        status_code=HTTP_201_CREATED,
        summary="Ask a question, or answer one with `reply_to`",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def add_comment(
        self, request: Request, procurement_id: FromPath[int], data: JSONBody[CommentCreate]
    ) -> CommentRead:
        return await comments.add_comment(request.user, procurement_id, data)

    @delete(
        "/comments/{comment_id:int}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a post and its answers (coordinators)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def delete_comment(
        self, request: Request, procurement_id: FromPath[int], comment_id: FromPath[int]
    ) -> None:
        await comments.delete_comment(request.user, procurement_id, comment_id)

"""HTML pages for the documents and the question-and-answer thread of a procurement."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.errors import Conflict, Invalid
from portal.files.storage import files_root
from portal.i18n import gettext as _
from portal.procurements import comments, documents, services
from portal.procurements.api_thread import UPLOAD_BODY_LIMIT, download
from portal.procurements.schemas import CommentCreate
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user


def _back(procurement_id: int, anchor: str) -> Redirect:
    return Redirect(f"/upphandlingar/{procurement_id}#{anchor}", status_code=HTTP_303_SEE_OTHER)


class ProcurementThreadPageController(Controller):
    path = "/upphandlingar/{procurement_id:int}"
    include_in_schema = False
    guards = [requires_user]

    @post(
        "/dokument",
        name="procurements.upload_document",
        request_max_body_size=UPLOAD_BODY_LIMIT,
    )
    async def upload(self, request: Request, procurement_id: FromPath[int]) -> Redirect:
        form = await request.form()
        upload = form.get("file")
        try:
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise Invalid(_("Välj en fil att ladda upp."))
            document = await documents.upload(
                request.user,
                procurement_id,
                upload,
                upload.filename,
                root=files_root(request.app.state.settings.data_dir),
            )
        except Invalid as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Dokumentet %(name)s är uppladdat.", name=document.filename))
        return _back(procurement_id, "documents")

    @get("/dokument/{document_id:int}", name="procurements.document")
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

    @get("/dokument/{document_id:int}/ta-bort", name="procurements.confirm_delete_document")
    async def confirm_delete_document(
        self, request: Request, procurement_id: FromPath[int], document_id: FromPath[int]
    ) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        document = await documents.get_document(request.user, procurement_id, document_id)
        return Template(
            "procurements/confirm_delete.html",
            context={
                "procurement": procurement,
                "heading": _("Ta bort dokumentet %(name)s?", name=document.filename),
                "explanation": _("Dokumentet tas bort för alla. Det går inte att ångra."),
                "action": request.app.route_reverse(
                    "procurements.delete_document",
                    procurement_id=procurement_id,
                    document_id=document_id,
                ),
            },
        )

    @post("/dokument/{document_id:int}/ta-bort", name="procurements.delete_document")
    async def delete_document(
        self, request: Request, procurement_id: FromPath[int], document_id: FromPath[int]
    ) -> Redirect:
        await documents.delete(
            request.user,
            procurement_id,
            document_id,
            root=files_root(request.app.state.settings.data_dir),
        )
        flash(request, _("Dokumentet är borttaget."))
        return _back(procurement_id, "documents")

    @post("/fragor", name="procurements.add_comment")
    async def add_comment(self, request: Request, procurement_id: FromPath[int]) -> Redirect:
        form = await request.form()
        data = formdata.drop_none(
            {"body": formdata.text(form, "body") or "", "reply_to": formdata.text(form, "reply_to")}
        )
        try:
            await comments.add_comment(request.user, procurement_id, convert(data, CommentCreate))
        except (Invalid, Conflict) as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Inlägget är publicerat."))
        return _back(procurement_id, "questions")

    @get("/fragor/{comment_id:int}/ta-bort", name="procurements.confirm_delete_comment")
    async def confirm_delete_comment(
        self, request: Request, procurement_id: FromPath[int], comment_id: FromPath[int]
    ) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        comment = await comments.get_comment(request.user, procurement_id, comment_id)
        return Template(
            "procurements/confirm_delete.html",
            context={
                "procurement": procurement,
                "heading": _("Ta bort inlägget av %(author)s?", author=comment.author),
                "quote": comment.body,
                "explanation": _("Inlägget och alla svar på det tas bort. Det går inte att ångra."),
                "action": request.app.route_reverse(
                    "procurements.delete_comment",
                    procurement_id=procurement_id,
                    comment_id=comment_id,
                ),
            },
        )

    @post("/fragor/{comment_id:int}/ta-bort", name="procurements.delete_comment")
    async def delete_comment(
        self, request: Request, procurement_id: FromPath[int], comment_id: FromPath[int]
    ) -> Redirect:
        await comments.delete_comment(request.user, procurement_id, comment_id)
        flash(request, _("Inlägget är borttaget."))
        return _back(procurement_id, "questions")

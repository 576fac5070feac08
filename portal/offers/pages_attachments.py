"""HTML routes for the pictures and documents of an offer."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.errors import Conflict, Invalid
from portal.files.storage import files_root
from portal.i18n import gettext as _
from portal.offers import attachments, services
from portal.offers.api_attachments import UPLOAD_BODY_LIMIT
from portal.web.downloads import download
from portal.web.flash import flash
from portal.web.guards import requires_user


def _back(offer_id: int) -> Redirect:
    return Redirect(f"/erbjudanden/{offer_id}#attachments", status_code=HTTP_303_SEE_OTHER)


class OfferAttachmentPageController(Controller):
    path = "/erbjudanden/{offer_id:int}/bilagor"
    include_in_schema = False

    @post(
        "/",
        name="offers.upload_attachment",
        guards=[requires_user],
        request_max_body_size=UPLOAD_BODY_LIMIT,
    )
    async def upload(self, request: Request, offer_id: FromPath[int]) -> Redirect:
        form = await request.form()
        upload = form.get("file")
        try:
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise Invalid(_("Välj en fil att ladda upp."))
            attachment = await attachments.upload(
                request.user,
                offer_id,
                upload,
                upload.filename,
                root=files_root(request.app.state.settings.data_dir),
            )
        except (Invalid, Conflict) as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Bilagan %(name)s är uppladdad.", name=attachment.filename))
        return _back(offer_id)

    @get("/{attachment_id:int}", name="offers.attachment")
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

    @get(
        "/{attachment_id:int}/ta-bort",
        name="offers.confirm_delete_attachment",
        guards=[requires_user],
    )
    async def confirm_delete(
        self, request: Request, offer_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Template:
        offer = await services.get_offer(request.user, offer_id)
        attachment = await attachments.get_attachment(request.user, offer_id, attachment_id)
        return Template(
            "offers/confirm_delete_attachment.html",
            context={"offer": offer, "attachment": attachment},
        )

    @post(
        "/{attachment_id:int}/ta-bort",
        name="offers.delete_attachment",
        guards=[requires_user],
    )
    async def delete(
        self, request: Request, offer_id: FromPath[int], attachment_id: FromPath[int]
    ) -> Redirect:
        await attachments.delete(
            request.user,
            offer_id,
            attachment_id,
            root=files_root(request.app.state.settings.data_dir),
        )
        flash(request, _("Bilagan är borttagen."))
        return _back(offer_id)

"""HTML pages for the thresholds (admins add periods and SEK figures) and the calendar links."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.errors import Invalid
from portal.i18n import gettext as _
from portal.procurements import feeds, thresholds
from portal.procurements.forms import amount
from portal.procurements.labels import threshold_labels
from portal.procurements.schemas import ThresholdCreate, ThresholdUpdate
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_admin, requires_user


async def _thresholds_context(**extra: Any) -> dict[str, Any]:
    return {
        "thresholds": await thresholds.list_thresholds(),
        "threshold_labels": threshold_labels(),
        "values": {},
        "errors": {},
        **extra,
    }


class ProcurementReferencePageController(Controller):
    path = "/upphandlingar"
    include_in_schema = False

    @get("/troskelvarden", name="procurements.thresholds")
    async def thresholds_page(self) -> Template:
        return Template("procurements/thresholds.html", context=await _thresholds_context())

    @post("/troskelvarden", name="procurements.add_threshold", guards=[requires_admin])
    async def add_threshold(self, request: Request) -> Template | Redirect:
        form = await request.form()
        data = formdata.drop_none(
            {
                "kind": formdata.text(form, "kind") or "",
                "valid_from": formdata.text(form, "valid_from") or "",
                "valid_to": formdata.text(form, "valid_to"),
                "amount_sek": amount(formdata.text(form, "amount_sek")),
                "amount_eur": amount(formdata.text(form, "amount_eur")),
                "source": formdata.text(form, "source"),
            }
        )
        try:
            await thresholds.add_threshold(request.user, convert(data, ThresholdCreate))
        except Invalid as error:
            return Template(
                "procurements/thresholds.html",
                context=await _thresholds_context(
                    values=data, errors=error.fields, error_message=error.message
                ),
                status_code=422,
            )
        flash(request, _("Tröskelvärdet är sparat."), "success")
        return Redirect("/upphandlingar/troskelvarden", status_code=HTTP_303_SEE_OTHER)

    @post(
        "/troskelvarden/{threshold_id:int}",
        name="procurements.update_threshold",
        guards=[requires_admin],
    )
    async def update_threshold(
        self, request: Request, threshold_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        data = {"amount_sek": amount(formdata.text(form, "amount_sek"))}
        try:
            await thresholds.update_threshold(
                request.user, threshold_id, convert(data, ThresholdUpdate)
            )
        except Invalid as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Tröskelvärdet är sparat."), "success")
        return Redirect("/upphandlingar/troskelvarden", status_code=HTTP_303_SEE_OTHER)

    @get("/kalender", name="procurements.calendar", guards=[requires_user])
    async def calendar_page(self, request: Request) -> Template:
        base = request.app.state.settings.public_url
        feed = await feeds.feed(request.user, request.user.organisation_code, base)
        return Template(
            "procurements/calendar.html",
            context={"feed": feed, "public_url": f"{base}/procurements/deadlines.ics"},
        )

    @post("/kalender/ny-lank", name="procurements.regenerate_feed", guards=[requires_user])
    async def regenerate(self, request: Request) -> Redirect:
        base = request.app.state.settings.public_url
        await feeds.regenerate(request.user, request.user.organisation_code, base)
        flash(request, _("Kalenderlänken är ny. Den gamla länken fungerar inte längre."))
        return Redirect("/upphandlingar/kalender", status_code=HTTP_303_SEE_OTHER)

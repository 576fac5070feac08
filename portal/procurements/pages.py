"""HTML pages for joint procurements: list with facets, detail with timeline, participants
and totals against the thresholds, create and edit forms, phase moves with a comment, and
the participation form."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.permissions import may_act_for, may_coordinate
from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.errors import Conflict, Invalid, NotAllowed
from portal.i18n import gettext as _
from portal.messages.pages import procurement_threads
from portal.organisations import services as organisations
from portal.procurements import (
    access,
    comments,
    cpv,
    documents,
    listing,
    participation,
    services,
)
from portal.procurements.filters import provide_procurement_filters
from portal.procurements.forms import (
    LOT_ROWS,
    amount,
    errors_by_lot,
    procurement_from_form,
    procurement_values,
)
from portal.procurements.labels import (
    category_labels,
    move_labels,
    participation_labels,
    phase_labels,
    threshold_labels,
)
from portal.procurements.phases import (
    OPEN_FOR_COORDINATORS,
    OPEN_FOR_MEMBERS,
    PARTICIPATION_TRANSITIONS,
    Phase,
    today,
)
from portal.procurements.schemas import (
    ParticipationWrite,
    PowerOfAttorney,
    ProcurementCreate,
    ProcurementFilters,
    ProcurementRead,
    ProcurementUpdate,
    Transition,
)
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_role, requires_user

requires_coordinator_or_admin = requires_role(Role.coordinator, Role.admin)


def _labels() -> dict[str, Any]:
    return {
        "phase_labels": phase_labels(),
        "category_labels": category_labels(),
        "participation_labels": participation_labels(),
        "threshold_labels": threshold_labels(),
        "move_labels": move_labels(),
    }


async def _form_context(user: CurrentUser) -> dict[str, Any]:
    county = await organisations.list_organisations(county_code=user.county_code, per_page=200)
    leads = [o for o in county.items if o.kind in ("region", "municipality")]
    return {
        **_labels(),
        "cpv_codes": await cpv.list_codes(),
        "leads": leads,
        "lot_rows": LOT_ROWS,
    }


def _detail_url(procurement_id: int) -> str:
    return f"/upphandlingar/{procurement_id}"


class ProcurementPageController(Controller):
    path = "/upphandlingar"
    include_in_schema = False
    dependencies = {"filters": Provide(provide_procurement_filters)}

    @get("/", name="procurements.list")
    async def list_page(
        self, request: Request, filters: NamedDependency[ProcurementFilters]
    ) -> Template:
        result = await listing.list_procurements(request.user, filters, with_facets=True)
        partial = request.headers.get("hx-request") == "true"
        return Template(
            "procurements/_results.html" if partial else "procurements/list.html",
            context={"result": result, "filters": filters, **_labels()},
        )

    @get("/ny", name="procurements.new", guards=[requires_coordinator_or_admin])
    async def new_form(self, request: Request) -> Template:
        return Template(
            "procurements/form.html",
            context={
                **await _form_context(request.user),
                "values": {"lead": request.user.county_code, "extension_years": 0},
                "errors": {},
                "procurement": None,
            },
        )

    @post("/ny", name="procurements.create", guards=[requires_coordinator_or_admin])
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        data = procurement_from_form(form, editing=False)
        try:
            created = await services.create_procurement(
                request.user, convert(data, ProcurementCreate)
            )
        except Invalid as error:
            return Template(
                "procurements/form.html",
                context={
                    **await _form_context(request.user),
                    "values": data,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                    "procurement": None,
                },
                status_code=422,
            )
        flash(request, _("Upphandlingen är sparad som idé."), "success")
        return Redirect(_detail_url(created.id), status_code=HTTP_303_SEE_OTHER)

    @get("/{procurement_id:int}", name="procurements.detail")
    async def detail(self, request: Request, procurement_id: FromPath[int]) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        context = await detail_context(request.user, procurement)
        context["message_threads"], context["thread"] = await procurement_threads(
            request, procurement_id
        )
        return Template("procurements/detail.html", context=context)

    @get("/{procurement_id:int}/redigera", name="procurements.edit", guards=[requires_user])
    async def edit_form(self, request: Request, procurement_id: FromPath[int]) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        if not procurement.may_edit:
            raise NotAllowed(_("Bara regionens samordnare kan ändra upphandlingen."))
        return Template(
            "procurements/form.html",
            context={
                **await _form_context(request.user),
                "values": procurement_values(procurement),
                "errors": {},
                "procurement": procurement,
            },
        )

    @post("/{procurement_id:int}/redigera", name="procurements.update", guards=[requires_user])
    async def update(self, request: Request, procurement_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        data = procurement_from_form(form, editing=True)
        procurement = await services.get_procurement(request.user, procurement_id)
        try:
            await services.update_procurement(
                request.user, procurement_id, convert(data, ProcurementUpdate)
            )
        except (Invalid, Conflict) as error:
            fields = error.fields if isinstance(error, Invalid) else {}
            return Template(
                "procurements/form.html",
                context={
                    **await _form_context(request.user),
                    "values": data,
                    "errors": fields or {"form": error.message},
                    "error_message": error.message,
                    "procurement": procurement,
                },
                status_code=409 if isinstance(error, Conflict) else 422,
            )
        flash(request, _("Ändringarna är sparade."), "success")
        return Redirect(_detail_url(procurement_id), status_code=HTTP_303_SEE_OTHER)

    @get("/{procurement_id:int}/fas", name="procurements.confirm_move", guards=[requires_user])
    async def confirm_move(
        self, request: Request, procurement_id: FromPath[int], to: FromQuery[Phase]
    ) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        return Template(
            "procurements/move.html",
            context={"procurement": procurement, "to": to, "errors": {}, **_labels()},
        )

    @post("/{procurement_id:int}/fas", name="procurements.move", guards=[requires_user])
    async def move(self, request: Request, procurement_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        values = {"to": formdata.text(form, "to") or "", "comment": formdata.text(form, "comment")}
        change = convert({**values, "comment": values["comment"] or ""}, Transition)
        try:
            await services.move(request.user, procurement_id, change)
        except Invalid as error:
            procurement = await services.get_procurement(request.user, procurement_id)
            return Template(
                "procurements/move.html",
                context={
                    "procurement": procurement,
                    "to": change.to,
                    "errors": error.fields,
                    "error_message": error.message,
                    **_labels(),
                },
                status_code=422,
            )
        except Conflict as error:
            flash(request, error.message, "error")
        else:
            flash(
                request,
                _("Upphandlingen är nu i fasen %(phase)s.", phase=phase_labels()[change.to]),
                "success",
            )
        return Redirect(_detail_url(procurement_id), status_code=HTTP_303_SEE_OTHER)

    @get(
        "/{procurement_id:int}/deltagande",
        name="procurements.choose_participant",
        guards=[requires_user],
    )
    async def choose_participant(
        self, request: Request, procurement_id: FromPath[int], organisation: FromQuery[str] = ""
    ) -> Redirect:
        code = organisation.strip() or request.user.organisation_code
        return Redirect(
            f"{_detail_url(procurement_id)}/deltagande/{code}", status_code=HTTP_303_SEE_OTHER
        )

    @get(
        "/{procurement_id:int}/deltagande/{code:str}",
        name="procurements.participation",
        guards=[requires_user],
    )
    async def participation_form(
        self, request: Request, procurement_id: FromPath[int], code: FromPath[str]
    ) -> Template:
        procurement = await services.get_procurement(request.user, procurement_id)
        organisation = await organisations.get_organisation(code)
        existing = await participation.get_participation(request.user, procurement_id, code)
        values = {
            "status": existing.status.value if existing else "interested",
            "version": existing.version if existing else 0,
            "volumes": {v.lot_id: v.annual_volume_sek for v in existing.volumes}
            if existing
            else {},
        }
        return Template(
            "procurements/participation.html",
            context={
                **_labels(),
                "procurement": procurement,
                "organisation": organisation,
                "existing": existing,
                "statuses": PARTICIPATION_TRANSITIONS[existing.status if existing else None],
                "values": values,
                "errors": {},
            },
        )

    @post(
        "/{procurement_id:int}/deltagande/{code:str}",
        name="procurements.save_participation",
        guards=[requires_user],
    )
    async def save_participation(
        self, request: Request, procurement_id: FromPath[int], code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        procurement = await services.get_procurement(request.user, procurement_id)
        volumes = []
        entered: dict[int, str] = {}
        for lot in procurement.lots:
            value = amount(formdata.text(form, f"volume_{lot.id}"))
            if value is not None:
                volumes.append({"lot_id": lot.id, "annual_volume_sek": value})
                entered[lot.id] = value
        data: dict[str, Any] = {"status": formdata.text(form, "status") or "", "volumes": volumes}
        if formdata.text(form, "version") not in (None, "0"):
            data["version"] = formdata.text(form, "version")
        lot_order = [v["lot_id"] for v in volumes]
        try:
            await participation.save_participation(
                request.user, procurement_id, code, convert(data, ParticipationWrite)
            )
        except (Invalid, Conflict) as error:
            organisation = await organisations.get_organisation(code)
            existing = await participation.get_participation(request.user, procurement_id, code)
            fields = errors_by_lot(error.fields, lot_order) if isinstance(error, Invalid) else {}
            return Template(
                "procurements/participation.html",
                context={
                    **_labels(),
                    "procurement": procurement,
                    "organisation": organisation,
                    "existing": existing,
                    "statuses": PARTICIPATION_TRANSITIONS[existing.status if existing else None],
                    "values": {
                        "status": data["status"],
                        "version": existing.version if existing else 0,
                        "volumes": entered,
                    },
                    "errors": fields or {"form": error.message},
                    "error_message": error.message,
                },
                status_code=409 if isinstance(error, Conflict) else 422,
            )
        flash(request, _("Deltagandet är sparat."), "success")
        return Redirect(_detail_url(procurement_id), status_code=HTTP_303_SEE_OTHER)

    @post(
        "/{procurement_id:int}/deltagande/{code:str}/fullmakt",
        name="procurements.power_of_attorney",
        guards=[requires_user],
    )
    async def power_of_attorney(
        self, request: Request, procurement_id: FromPath[int], code: FromPath[str]
    ) -> Redirect:
        form = await request.form()
        received = formdata.text(form, "received") != "false"
        await participation.record_power_of_attorney(
            request.user, procurement_id, code, PowerOfAttorney(received=received)
        )
        flash(
            request,
            _("Fullmakten är registrerad.") if received else _("Fullmakten är borttagen."),
            "success",
        )
        return Redirect(_detail_url(procurement_id), status_code=HTTP_303_SEE_OTHER)


async def detail_context(viewer: CurrentUser | None, procurement: ProcurementRead) -> dict:
    """Everything the detail page shows; participants and totals only to those who may."""
    context: dict[str, Any] = {
        **_labels(),
        "procurement": procurement,
        "timeline": await services.timeline(viewer, procurement.id),
        "cpv_labels": await cpv.labels(),
        "participations": None,
        "summary": None,
        "may_register": False,
        "own": None,
        "coordinator": viewer is not None and may_coordinate(viewer, procurement.county_code),
        "documents": await documents.list_documents(viewer, procurement.id),
        "questions": None,
        "may_post": False,
    }
    if access.may_see_participants(viewer, procurement.county_code):
        participations = await participation.participations_of(procurement.id)
        current = await services.row(procurement.id)
        assert current is not None
        context["participations"] = participations
        context["questions"] = await comments.list_comments(viewer, procurement.id)
        context["may_post"] = procurement.phase not in (Phase.closed, Phase.cancelled)
        context["summary"] = await participation.summary_of(current)
        assert viewer is not None
        context["own"] = next(
            (p for p in participations if p.organisation.code == viewer.organisation_code), None
        )
        deadline_passed = (
            procurement.interest_deadline is not None and today() > procurement.interest_deadline
        )
        context["deadline_passed"] = deadline_passed
        context["may_register"] = (
            context["coordinator"] and procurement.phase in OPEN_FOR_COORDINATORS
        ) or (
            may_act_for(viewer, viewer.organisation_code, viewer.county_code)
            and procurement.phase in OPEN_FOR_MEMBERS
            and not deadline_passed
        )
        if context["coordinator"]:
            county = await organisations.list_organisations(
                county_code=procurement.county_code, per_page=200
            )
            context["organisations"] = [o for o in county.items if o.kind != "region"]
    return context

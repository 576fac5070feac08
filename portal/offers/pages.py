"""HTML pages of the resource exchange: offers (list, detail, form, status), requests on them,
and the sharing page with an organisation's own offers and requests in one place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.errors import Conflict, Invalid
from portal.experts.services import municipalities
from portal.i18n import gettext as _
from portal.messages.pages import thread_view
from portal.messages.schemas import SubjectType
from portal.needs.pages import _libraries_for
from portal.offers import requests, services
from portal.offers.attachments import MAX_ATTACHMENTS
from portal.offers.filters import provide_offer_filters
from portal.offers.kinds import EDITABLE, REQUESTABLE, Category, Delivery, OfferStatus, Terms
from portal.offers.labels import (
    category_labels,
    delivery_labels,
    request_status_labels,
    status_labels,
    terms_labels,
)
from portal.offers.schemas import (
    OfferCreate,
    OfferFilters,
    OfferRead,
    OfferStatusChange,
    OfferUpdate,
    RequestCreate,
    RequestRead,
)
from portal.search.distance import origin_code
from portal.search.schemas import Page
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user
from portal.web.navigation import safe_next

# Statuses in which the offering organisation may still change the facts of an offer.

# The sharing page lists this many of the organisation's own offers; more are linked.
OWN_OFFERS_SHOWN = 100


def _labels() -> dict[str, Any]:
    return {
        "category_labels": category_labels(),
        "terms_labels": terms_labels(),
        "delivery_labels": delivery_labels(),
        "status_labels": status_labels(),
        "request_status_labels": request_status_labels(),
    }


async def _form_context(user: CurrentUser) -> dict[str, Any]:
    return {
        **_labels(),
        "categories": list(Category),
        "terms_choices": list(Terms),
        "delivery_choices": list(Delivery),
        "places": await _libraries_for(user),
    }


def _form_to_dict(form: Any) -> dict[str, Any]:
    return formdata.drop_none(
        {
            "title": formdata.text(form, "title") or "",
            "description": formdata.text(form, "description") or "",
            "category": formdata.text(form, "category"),
            "quantity": formdata.text(form, "quantity"),
            "unit": formdata.text(form, "unit"),
            "available_from": formdata.text(form, "available_from"),
            "available_until": formdata.text(form, "available_until"),
            "terms": formdata.text(form, "terms"),
            "cost_sek": formdata.text(form, "cost_sek"),
            "delivery": formdata.text(form, "delivery"),
            "location": formdata.text(form, "location"),
        }
    )


def _form_values(offer: OfferRead) -> dict[str, Any]:
    return {
        "title": offer.title,
        "description": offer.description,
        "category": str(offer.category),
        "quantity": offer.quantity,
        "unit": offer.unit,
        "available_from": offer.available_from.isoformat() if offer.available_from else None,
        "available_until": offer.available_until.isoformat() if offer.available_until else None,
        "terms": str(offer.terms),
        "cost_sek": offer.cost_sek,
        "delivery": str(offer.delivery),
        "location": offer.location.code if offer.location else None,
        "version": offer.version,
    }


def _may_request(user: CurrentUser | None, offer: OfferRead) -> bool:
    """Whether to show the request form; the service decides again when it is sent."""
    return (
        user is not None
        and user.has_role(Role.member, Role.coordinator, Role.admin)
        and not offer.own
        and offer.status in REQUESTABLE
        and offer.quantity_left > 0
    )


async def _detail_context(
    user: CurrentUser | None,
    offer: OfferRead,
    *,
    request_values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error_message: str | None = None,
) -> dict[str, Any]:
    incoming = await requests.requests_for_offer(user, offer.id) if user and offer.own else []
    outgoing = (
        [r for r in await requests.outgoing_requests(user) if r.offer_id == offer.id]
        if user and not offer.own
        else []
    )
    return {
        **_labels(),
        "offer": offer,
        "editable": offer.status in EDITABLE,
        "max_attachments": MAX_ATTACHMENTS,
        "incoming": incoming,
        "outgoing": outgoing,
        "may_request": _may_request(user, offer),
        "request_values": request_values or {"quantity": 1},
        "errors": errors or {},
        "error_message": error_message,
    }


class OfferPageController(Controller):
    path = "/erbjudanden"
    include_in_schema = False
    dependencies = {"filters": Provide(provide_offer_filters)}

    @get("/", name="offers.list")
    async def list_page(self, request: Request, filters: NamedDependency[OfferFilters]) -> Template:
        user: CurrentUser | None = request.user
        partial = request.headers.get("hx-request") == "true"
        list_error = None
        try:
            result = await services.list_offers(user, filters, with_facets=True)
        except Invalid as error:
            # A distance filter without a place to measure from, or an unknown municipality:
            # said inside the results, so htmx (which swaps only 2xx answers) shows it too.
            list_error = error.message
            result = Page(items=[], total=0, page=1, page_size=filters.page_size, facets=[])
        home = await origin_code(user.organisation_code, None) if user else None
        return Template(
            "offers/_results.html" if partial else "offers/list.html",
            context={
                **_labels(),
                "result": result,
                "filters": filters,
                "list_error": list_error,
                "near": filters.near or home,
                "municipalities": await municipalities(),
            },
            status_code=422 if list_error and not partial else 200,
        )

    @get("/nytt", name="offers.new", guards=[requires_user])
    async def new_form(self, request: Request) -> Template:
        return Template(
            "offers/form.html",
            context={
                **await _form_context(request.user),
                "values": {
                    "quantity": 1,
                    "unit": "st",
                    "terms": Terms.free.value,
                    "delivery": Delivery.pickup.value,
                },
                "errors": {},
                "offer": None,
            },
        )

    @post("/nytt", name="offers.create", guards=[requires_user])
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        draft = form.get("action") == "draft"
        data["status"] = OfferStatus.draft.value if draft else OfferStatus.published.value
        try:
            offer = await services.create_offer(request.user, convert(data, OfferCreate))
        except Invalid as error:
            return Template(
                "offers/form.html",
                context={
                    **await _form_context(request.user),
                    "values": data,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                    "offer": None,
                },
                status_code=422,
            )
        if draft:
            flash(request, _("Erbjudandet är sparat som utkast."), "success")
        else:
            flash(request, _("Erbjudandet är publicerat."), "success")
        return Redirect(
            request.app.route_reverse("offers.detail", offer_id=offer.id),
            status_code=HTTP_303_SEE_OTHER,
        )

    @get("/{offer_id:int}", name="offers.detail")
    async def detail(self, request: Request, offer_id: FromPath[int]) -> Template:
        offer = await services.get_offer(request.user, offer_id)
        context = await _detail_context(request.user, offer)
        context["threads"] = [
            await thread_view(
                request,
                SubjectType.offer_request,
                item.id,
                heading=_(
                    "Meddelanden med %(organisation)s om %(quantity)s %(unit)s",
                    organisation=item.organisation.name if offer.own else offer.organisation.name,
                    quantity=item.quantity,
                    unit=offer.unit,
                ),
            )
            for item in [*context["incoming"], *context["outgoing"]]
        ]
        return Template("offers/detail.html", context=context)

    @get("/{offer_id:int}/redigera", name="offers.edit", guards=[requires_user])
    async def edit_form(self, request: Request, offer_id: FromPath[int]) -> Template:
        offer = await services.get_offer(request.user, offer_id)
        return Template(
            "offers/form.html",
            context={
                **await _form_context(request.user),
                "values": _form_values(offer),
                "errors": {},
                "offer": offer,
            },
        )

    @post("/{offer_id:int}/redigera", name="offers.update", guards=[requires_user])
    async def update(self, request: Request, offer_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        data = _form_to_dict(form)
        # An emptied field clears the value (the form always sends every field).
        for name in ("available_from", "available_until", "cost_sek", "location"):
            data.setdefault(name, None)
        if formdata.text(form, "version"):
            data["version"] = formdata.text(form, "version")
        offer = await services.get_offer(request.user, offer_id)
        try:
            await services.update_offer(request.user, offer_id, convert(data, OfferUpdate))
        except (Invalid, Conflict) as error:
            fields = error.fields if isinstance(error, Invalid) else {}
            return Template(
                "offers/form.html",
                context={
                    **await _form_context(request.user),
                    "values": data,
                    "errors": fields or {"form": error.message},
                    "error_message": error.message,
                    "offer": offer,
                },
                status_code=409 if isinstance(error, Conflict) else 422,
            )
        flash(request, _("Ändringarna är sparade."), "success")
        return Redirect(
            request.app.route_reverse("offers.detail", offer_id=offer_id),
            status_code=HTTP_303_SEE_OTHER,
        )

    @get("/{offer_id:int}/status", name="offers.confirm_status", guards=[requires_user])
    async def confirm_status(
        self, request: Request, offer_id: FromPath[int], to: FromQuery[OfferStatus]
    ) -> Template:
        offer = await services.get_offer(request.user, offer_id)
        return Template(
            "offers/confirm_status.html",
            context={"offer": offer, "to": to, "status_labels": status_labels()},
        )

    @post("/{offer_id:int}/status", name="offers.status", guards=[requires_user])
    async def change_status(self, request: Request, offer_id: FromPath[int]) -> Redirect:
        form = await request.form()
        change = convert(
            {
                "to": formdata.text(form, "to") or "",
                "comment": formdata.text(form, "comment") or "",
            },
            OfferStatusChange,
        )
        try:
            await services.change_status(request.user, offer_id, change)
        except Conflict as error:
            flash(request, error.message, "error")
        else:
            flash(request, _("Statusen är ändrad."), "success")
        return Redirect(
            request.app.route_reverse("offers.detail", offer_id=offer_id),
            status_code=HTTP_303_SEE_OTHER,
        )

    @post("/{offer_id:int}/forfragan", name="offers.request", guards=[requires_user])
    async def request_offer(self, request: Request, offer_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        data = formdata.drop_none(
            {
                "quantity": formdata.text(form, "quantity") or "",
                "message": formdata.text(form, "message") or "",
            }
        )
        try:
            await requests.create_request(request.user, offer_id, convert(data, RequestCreate))
        except (Invalid, Conflict) as error:
            offer = await services.get_offer(request.user, offer_id)
            fields = error.fields if isinstance(error, Invalid) else {}
            return Template(
                "offers/detail.html",
                context=await _detail_context(
                    request.user,
                    offer,
                    request_values=data,
                    errors=fields or {"form": error.message},
                    error_message=error.message,
                ),
                status_code=409 if isinstance(error, Conflict) else 422,
            )
        flash(request, _("Förfrågan är skickad. Du får besked när den är besvarad."), "success")
        return Redirect(
            request.app.route_reverse("offers.detail", offer_id=offer_id),
            status_code=HTTP_303_SEE_OTHER,
        )


async def _answer(
    request: Request,
    request_id: int,
    act: Callable[[CurrentUser, int], Awaitable[RequestRead]],
    done: str,
) -> Redirect:
    """Answer a request, then go back where the form asked (``next``), else to the offer."""
    form = await request.form()
    target = safe_next(formdata.text(form, "next"))
    try:
        answered = await act(request.user, request_id)
    except Conflict as error:
        flash(request, error.message, "error")
    else:
        flash(request, done, "success")
        target = target or request.app.route_reverse("offers.detail", offer_id=answered.offer_id)
    return Redirect(
        target or request.app.route_reverse("sharing.overview"), status_code=HTTP_303_SEE_OTHER
    )


class OfferRequestPageController(Controller):
    """The answers to requests, posted from the offer's page or the sharing page."""

    path = "/forfragningar"
    include_in_schema = False
    guards = [requires_user]

    @post("/{request_id:int}/bevilja", name="offer_requests.accept")
    async def accept(self, request: Request, request_id: FromPath[int]) -> Redirect:
        return await _answer(
            request, request_id, requests.accept_request, _("Förfrågan är beviljad.")
        )

    @post("/{request_id:int}/avboj", name="offer_requests.decline")
    async def decline(self, request: Request, request_id: FromPath[int]) -> Redirect:
        return await _answer(
            request, request_id, requests.decline_request, _("Förfrågan är avböjd.")
        )

    @post("/{request_id:int}/aterta", name="offer_requests.cancel")
    async def cancel(self, request: Request, request_id: FromPath[int]) -> Redirect:
        return await _answer(
            request, request_id, requests.cancel_request, _("Förfrågan är återtagen.")
        )


class SharingPageController(Controller):
    path = "/delning"
    include_in_schema = False
    guards = [requires_user]

    @get("/", name="sharing.overview")
    async def overview(self, request: Request) -> Template:
        user: CurrentUser = request.user
        own = await services.list_offers(
            user,
            OfferFilters(
                organisation=user.organisation_code,
                status=list(OfferStatus),
                page_size=OWN_OFFERS_SHOWN,
            ),
        )
        return Template(
            "sharing/overview.html",
            context={
                **_labels(),
                "own": own,
                "incoming": await requests.incoming_requests(user),
                "outgoing": await requests.outgoing_requests(user),
                "statuses": [s.value for s in OfferStatus],
            },
        )

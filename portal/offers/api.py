"""JSON API for resource offers and the requests on them."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from portal.offers import requests, services
from portal.offers.filters import provide_offer_filters
from portal.offers.schemas import (
    OfferCreate,
    OfferFilters,
    OfferRead,
    OfferStatusChange,
    OfferUpdate,
    RequestCreate,
    RequestRead,
)
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses


class OfferApiController(Controller):
    path = "/api/v1/offers"
    tags = ["offers"]
    dependencies = {"filters": Provide(provide_offer_filters)}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Offer a resource on behalf of your organisation",
        guards=[requires_user],
        responses=responses(401, 403, 422),
    )
    async def create(self, request: Request, data: JSONBody[OfferCreate]) -> OfferRead:
        return await services.create_offer(request.user, data)

    @get(
        "/",
        summary="List offers; `near` + `within_km` filter by distance, `sort=distance` sorts by it",
        responses=responses(400, 422),
    )
    async def list_offers(
        self,
        request: Request,
        filters: NamedDependency[OfferFilters],
        facets: Annotated[bool, QueryParameter(description="Include facet counts")] = False,
    ) -> Page[OfferRead]:
        return await services.list_offers(request.user, filters, with_facets=facets)

    @get("/{offer_id:int}", summary="One offer", responses=responses(404))
    async def get_offer(self, request: Request, offer_id: FromPath[int]) -> OfferRead:
        return await services.get_offer(request.user, offer_id)

    @patch(
        "/{offer_id:int}",
        summary="Change some fields of an offer (send `version` to detect concurrent edits)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def update(
        self, request: Request, offer_id: FromPath[int], data: JSONBody[OfferUpdate]
    ) -> OfferRead:
        return await services.update_offer(request.user, offer_id, data)

    @post(
        "/{offer_id:int}/status",
        status_code=200,
        summary="Move an offer to another status; 409 names the allowed ones",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def change_status(
        self, request: Request, offer_id: FromPath[int], data: JSONBody[OfferStatusChange]
    ) -> OfferRead:
        return await services.change_status(request.user, offer_id, data)

    @post(
        "/{offer_id:int}/requests",
        status_code=HTTP_201_CREATED,
        summary="Ask for some of an offer for your organisation",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def create_request(
        self, request: Request, offer_id: FromPath[int], data: JSONBody[RequestCreate]
    ) -> RequestRead:
        return await requests.create_request(request.user, offer_id, data)

    @get(
        "/{offer_id:int}/requests",
        summary="The requests on an offer (the offering organisation only)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def list_requests(self, request: Request, offer_id: FromPath[int]) -> list[RequestRead]:
        return await requests.requests_for_offer(request.user, offer_id)


class OfferRequestApiController(Controller):
    path = "/api/v1/offer-requests"
    tags = ["offers"]
    guards = [requires_user]

    @post(
        "/{request_id:int}/accept",
        status_code=200,
        summary="Accept a request; the quantity is deducted from what is left",
        responses=responses(401, 403, 404, 409),
    )
    async def accept(self, request: Request, request_id: FromPath[int]) -> RequestRead:
        return await requests.accept_request(request.user, request_id)

    @post(
        "/{request_id:int}/decline",
        status_code=200,
        summary="Decline a request",
        responses=responses(401, 403, 404, 409),
    )
    async def decline(self, request: Request, request_id: FromPath[int]) -> RequestRead:
        return await requests.decline_request(request.user, request_id)

    @post(
        "/{request_id:int}/cancel",
        status_code=200,
        summary="Take back your organisation's unanswered request",
        responses=responses(401, 403, 404, 409),
    )
    async def cancel(self, request: Request, request_id: FromPath[int]) -> RequestRead:
        return await requests.cancel_request(request.user, request_id)

    @get("/incoming", summary="Requests on my organisation's offers", responses=responses(401))
    async def incoming(self, request: Request) -> list[RequestRead]:
        return await requests.incoming_requests(request.user)

    @get("/outgoing", summary="My organisation's requests", responses=responses(401))
    async def outgoing(self, request: Request) -> list[RequestRead]:
        return await requests.outgoing_requests(request.user)

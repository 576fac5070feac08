"""JSON API for joint procurements: the procurement, its phases and its participations."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from portal.procurements import listing, participation, services
from portal.procurements.filters import provide_procurement_filters
from portal.procurements.schemas import (
    ParticipationRead,
    ParticipationWrite,
    PhaseChangeRead,
    PowerOfAttorney,
    ProcurementCreate,
    ProcurementFilters,
    ProcurementRead,
    ProcurementSummary,
    ProcurementUpdate,
    Transition,
)
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses


class ProcurementApiController(Controller):
    path = "/api/v1/procurements"
    tags = ["procurements"]
    dependencies = {"filters": Provide(provide_procurement_filters)}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create a joint procurement (coordinators); it starts as an idea",
        guards=[requires_user],
        responses=responses(401, 403, 422),
    )
    async def create(self, request: Request, data: JSONBody[ProcurementCreate]) -> ProcurementRead:
        return await services.create_procurement(request.user, data)

    @get(
        "/",
        summary="List procurements with faceted filters (repeat a parameter for several values)",
        responses=responses(400),
    )
    async def list_procurements(
        self,
        request: Request,
        filters: NamedDependency[ProcurementFilters],
        facets: Annotated[bool, QueryParameter(description="Include facet counts")] = False,
    ) -> Page[ProcurementRead]:
        return await listing.list_procurements(request.user, filters, with_facets=facets)

    @get("/{procurement_id:int}", summary="One procurement", responses=responses(404))
    async def get_procurement(
        self, request: Request, procurement_id: FromPath[int]
    ) -> ProcurementRead:
        return await services.get_procurement(request.user, procurement_id)

    @patch(
        "/{procurement_id:int}",
        summary="Change some fields (send `version` to detect concurrent edits); "
        "`lots` replaces the lots: keep one by sending its `id`",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def update(
        self, request: Request, procurement_id: FromPath[int], data: JSONBody[ProcurementUpdate]
    ) -> ProcurementRead:
        return await services.update_procurement(request.user, procurement_id, data)

    @post(
        "/{procurement_id:int}/transition",
        status_code=200,
        summary="Move to another phase with a comment (coordinators); 409 names the allowed moves",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def transition(
        self, request: Request, procurement_id: FromPath[int], data: JSONBody[Transition]
    ) -> ProcurementRead:
        return await services.move(request.user, procurement_id, data)

    @get(
        "/{procurement_id:int}/timeline",
        summary="Every phase change, oldest first",
        responses=responses(404),
    )
    async def timeline(
        self, request: Request, procurement_id: FromPath[int]
    ) -> list[PhaseChangeRead]:
        return await services.timeline(request.user, procurement_id)

    @get(
        "/{procurement_id:int}/participations",
        summary="The organisations taking part, with their volumes per lot (signed-in users)",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def participations(
        self, request: Request, procurement_id: FromPath[int]
    ) -> list[ParticipationRead]:
        return await participation.list_participations(request.user, procurement_id)

    @put(
        "/{procurement_id:int}/participations/{organisation_code:str}",
        summary="Register or change an organisation's participation and annual volumes per lot "
        "(send `version` to detect concurrent edits)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def save_participation(
        self,
        request: Request,
        procurement_id: FromPath[int],
        organisation_code: FromPath[str],
        data: JSONBody[ParticipationWrite],
    ) -> ParticipationRead:
        return await participation.save_participation(
            request.user, procurement_id, organisation_code, data
        )

    @put(
        "/{procurement_id:int}/participations/{organisation_code:str}/power-of-attorney",
        summary="Record that the power of attorney (fullmakt) has been received (coordinators)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 422),
    )
    async def power_of_attorney(
        self,
        request: Request,
        procurement_id: FromPath[int],
        organisation_code: FromPath[str],
        data: JSONBody[PowerOfAttorney],
    ) -> ParticipationRead:
        return await participation.record_power_of_attorney(
            request.user, procurement_id, organisation_code, data
        )

    @get(
        "/{procurement_id:int}/summary",
        summary="Estimated total value per lot and overall, against the thresholds in force",
        guards=[requires_user],
        responses=responses(401, 403, 404),
    )
    async def summary(self, request: Request, procurement_id: FromPath[int]) -> ProcurementSummary:
        return await participation.summary(request.user, procurement_id)

"""JSON API for needs."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from portal.needs import services
from portal.needs.filters import provide_need_filters
from portal.needs.schemas import NeedCreate, NeedFilters, NeedRead, NeedUpdate, StatusChange
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses


class NeedApiController(Controller):
    path = "/api/v1/needs"
    tags = ["needs"]
    dependencies = {"filters": Provide(provide_need_filters)}

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Post a need for your organisation",
        guards=[requires_user],
        responses=responses(401, 403, 422),
    )
    async def create(self, request: Request, data: JSONBody[NeedCreate]) -> NeedRead:
        return await services.create_need(request.user, data)

    @get(
        "/",
        summary="List needs with faceted filters (repeat a parameter to choose several values)",
        responses=responses(400),
    )
    async def list_needs(
        self,
        request: Request,
        filters: NamedDependency[NeedFilters],
        facets: Annotated[bool, QueryParameter(description="Include facet counts")] = False,
    ) -> Page[NeedRead]:
        return await services.list_needs(request.user, filters, with_facets=facets)

    @get("/{need_id:int}", summary="One need", responses=responses(404))
    async def get_need(self, request: Request, need_id: FromPath[int]) -> NeedRead:
        return await services.get_need(request.user, need_id)

    @patch(
        "/{need_id:int}",
        summary="Change some fields of a need (send `version` to detect concurrent edits)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def update(
        self, request: Request, need_id: FromPath[int], data: JSONBody[NeedUpdate]
    ) -> NeedRead:
        return await services.update_need(request.user, need_id, data)

    @post(
        "/{need_id:int}/status",
        status_code=200,
        summary="Move a need to another status; 409 names the allowed ones",
        guards=[requires_user],
        responses=responses(401, 403, 404, 409, 422),
    )
    async def change_status(
        self, request: Request, need_id: FromPath[int], data: JSONBody[StatusChange]
    ) -> NeedRead:
        return await services.change_status(request.user, need_id, data)

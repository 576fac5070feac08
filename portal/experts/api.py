"""JSON API for expert profiles."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from portal.experts import services
from portal.experts.filters import provide_expert_filters
from portal.experts.schemas import ExpertFilters, ExpertProfileRead, ExpertProfileWrite
from portal.search.schemas import Page
from portal.web.guards import requires_user
from portal.web.openapi import responses


class ExpertApiController(Controller):
    path = "/api/v1/experts"
    tags = ["experts"]
    dependencies = {"filters": Provide(provide_expert_filters)}

    @put(
        "/me",
        status_code=HTTP_200_OK,
        summary="Create or replace your own expert profile (role `expert`)",
        description=(
            "Sends the whole profile. Answers 201 when the profile was created and 200 when "
            "it replaced the one you had."
        ),
        guards=[requires_user],
        responses={
            HTTP_201_CREATED: ResponseSpec(
                data_container=ExpertProfileRead, description="The profile was created"
            ),
            **responses(401, 403, 422),
        },
    )
    async def save_own(
        self, request: Request, data: JSONBody[ExpertProfileWrite]
    ) -> Response[ExpertProfileRead]:
        profile, created = await services.save_own_profile(request.user, data)
        return Response(profile, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get(
        "/",
        summary="List expert profiles with faceted filters (repeat a parameter to choose several)",
        description=(
            "Visitors get visible profiles in the public form: `public_view` is true and "
            "`name`, `email`, `organisation` and `description` are null."
        ),
        responses=responses(400),
    )
    async def list_profiles(
        self,
        request: Request,
        filters: NamedDependency[ExpertFilters],
        facets: Annotated[bool, QueryParameter(description="Include facet counts")] = False,
    ) -> Page[ExpertProfileRead]:
        return await services.list_profiles(request.user, filters, with_facets=facets)

    @get(
        "/{profile_id:int}",
        summary="One expert profile (the public form for visitors; hidden ones are 404)",
        responses=responses(404),
    )
    async def get_profile(self, request: Request, profile_id: FromPath[int]) -> ExpertProfileRead:
        return await services.get_profile(request.user, profile_id)

    @put(
        "/{profile_id:int}",
        status_code=HTTP_200_OK,
        summary="Replace an expert profile (its owner, coordinators of the county, admins)",
        guards=[requires_user],
        responses=responses(401, 403, 404, 422),
    )
    async def replace(
        self, request: Request, profile_id: FromPath[int], data: JSONBody[ExpertProfileWrite]
    ) -> ExpertProfileRead:
        return await services.replace_profile(request.user, profile_id, data)

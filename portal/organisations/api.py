from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from portal.organisations import services
from portal.organisations.kinds import OrganisationKind
from portal.organisations.schemas import OrganisationDetail, OrganisationPage
from portal.web.openapi import responses


class OrganisationApiController(Controller):
    path = "/api/v1/organisations"
    tags = ["organisations"]

    @get("/", summary="List organisations", responses=responses(400))
    async def list_organisations(
        self,
        kind: FromQuery[OrganisationKind | None] = None,
        county: Annotated[str | None, QueryParameter(pattern=r"^[0-9]{2}$")] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
        per_page: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> OrganisationPage:
        return await services.list_organisations(
            kind=kind, county_code=county, query=q, page=page, per_page=per_page
        )

    @get("/{code:str}", summary="One organisation with its libraries", responses=responses(404))
    async def get_organisation(self, code: FromPath[str]) -> OrganisationDetail:
        return await services.get_organisation(code)

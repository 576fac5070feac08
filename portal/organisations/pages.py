from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from portal.organisations import services
from portal.organisations.kinds import OrganisationKind


class OrganisationPageController(Controller):
    path = "/organisations"
    include_in_schema = False

    @get("/", name="organisations.list")
    async def list_page(
        self,
        kind: FromQuery[OrganisationKind | None] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
    ) -> Template:
        result = await services.list_organisations(kind=kind, query=q, page=page, per_page=50)
        return Template(
            "organisations/list.html",
            context={"result": result, "kind": kind.value if kind else "", "q": q or ""},
        )

    @get("/{code:str}", name="organisations.detail")
    async def detail_page(self, code: FromPath[str]) -> Template:
        organisation = await services.get_organisation(code)
        return Template("organisations/detail.html", context={"organisation": organisation})

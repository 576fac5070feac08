"""The list filters of needs, read from the query string by the API and the pages alike."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar.params import QueryParameter

from portal.needs.schemas import NeedFilters, NeedSort
from portal.needs.status import NeedStatus
from portal.web.query import optional_date

Many = Annotated[list[str] | None, QueryParameter(max_items=50)]


async def provide_need_filters(
    language: Annotated[list[str] | None, QueryParameter(description="ISO 639-2/B codes")] = None,
    script: Annotated[list[str] | None, QueryParameter(description="ISO 15924 codes")] = None,
    skill: Annotated[list[str] | None, QueryParameter(description="Skill slugs")] = None,
    material_type: Many = None,
    municipality: Annotated[
        list[str] | None, QueryParameter(description="Municipality codes")
    ] = None,
    status: Annotated[list[NeedStatus] | None, QueryParameter(description="Default: open")] = None,
    mode: Annotated[list[Literal["remote", "onsite"]] | None, QueryParameter()] = None,
    deadline_before: Annotated[
        str | None, QueryParameter(description="YYYY-MM-DD; empty means no limit")
    ] = None,
    organisation: Annotated[str | None, QueryParameter(max_length=64)] = None,
    q: Annotated[
        str | None, QueryParameter(max_length=200, description="Swedish full text")
    ] = None,
    sort: Annotated[NeedSort, QueryParameter()] = NeedSort.deadline,
    page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
) -> NeedFilters:
    return NeedFilters(
        language=language or [],
        script=script or [],
        skill=skill or [],
        material_type=material_type or [],
        municipality=municipality or [],
        status=status or [],
        mode=mode or [],
        deadline_before=optional_date(deadline_before, "deadline_before"),
        organisation=organisation or None,
        q=(q or "").strip() or None,
        sort=sort,
        page=page,
        page_size=page_size,
    )

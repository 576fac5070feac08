"""The list filters of needs, read from the query string by the API and the pages alike."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar.params import QueryParameter

from portal.needs.schemas import NeedFilters, NeedKind, NeedSort
from portal.needs.status import NeedStatus
from portal.offers.kinds import Category
from portal.web.query import optional_date, optional_float

Many = Annotated[list[str] | None, QueryParameter(max_items=50)]


async def provide_need_filters(
    kind: Annotated[NeedKind, QueryParameter(description="Default: cataloguing")] = (
        NeedKind.cataloguing
    ),
    category: Annotated[
        list[Category] | None, QueryParameter(description="Resource needs only")
    ] = None,
    near: Annotated[
        str | None,
        QueryParameter(max_length=4, description="Municipality code to measure distance from"),
    ] = None,
    within_km: Annotated[
        str | None, QueryParameter(description="Only needs within this many km of `near`")
    ] = None,
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
        kind=kind,
        category=category or [],
        near=(near or "").strip() or None,
        within_km=optional_float(within_km, "within_km", low=0, high=1000),
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

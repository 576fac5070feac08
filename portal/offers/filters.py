"""The list filters of offers, read from the query string by the API and the pages alike."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from portal.offers.kinds import Category, Delivery, OfferStatus, Terms
from portal.offers.schemas import OfferFilters, OfferSort
from portal.web.query import optional_float


async def provide_offer_filters(
    category: Annotated[list[Category] | None, QueryParameter()] = None,
    municipality: Annotated[
        list[str] | None, QueryParameter(description="Municipality codes")
    ] = None,
    terms: Annotated[list[Terms] | None, QueryParameter()] = None,
    delivery: Annotated[list[Delivery] | None, QueryParameter()] = None,
    status: Annotated[
        list[OfferStatus] | None, QueryParameter(description="Default: published")
    ] = None,
    organisation: Annotated[str | None, QueryParameter(max_length=64)] = None,
    near: Annotated[
        str | None,
        QueryParameter(max_length=4, description="Municipality code to measure distance from"),
    ] = None,
    within_km: Annotated[
        str | None, QueryParameter(description="Only offers within this many km of `near`")
    ] = None,
    q: Annotated[
        str | None, QueryParameter(max_length=200, description="Swedish full text")
    ] = None,
    sort: Annotated[OfferSort, QueryParameter()] = OfferSort.newest,
    page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
) -> OfferFilters:
    return OfferFilters(
        category=category or [],
        municipality=municipality or [],
        terms=terms or [],
        delivery=delivery or [],
        status=status or [],
        organisation=organisation or None,
        near=(near or "").strip() or None,
        within_km=optional_float(within_km, "within_km", low=0, high=1000),
        q=(q or "").strip() or None,
        sort=sort,
        page=page,
        page_size=page_size,
    )

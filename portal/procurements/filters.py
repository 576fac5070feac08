"""The list filters of procurements, read from the query string by the API and the pages."""

from __future__ import annotations

from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from portal.i18n import gettext as _
from portal.procurements.phases import Category, Phase
from portal.procurements.schemas import ProcurementFilters, ProcurementSort


def _days(value: str | None) -> int | None:
    """An empty field means no limit; otherwise a whole number of days, 0–3650."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdigit() or int(text) > 3650:
        message = _("Ange ett antal dagar mellan 0 och 3650.")
        raise ValidationException(
            message, extra=[{"message": message, "key": "deadline_within", "source": "query"}]
        )
    return int(text)


async def provide_procurement_filters(
    phase: Annotated[list[Phase] | None, QueryParameter(description="Phases")] = None,
    category: Annotated[list[Category] | None, QueryParameter(description="Categories")] = None,
    cpv: Annotated[list[str] | None, QueryParameter(description="CPV codes", max_items=50)] = None,
    mine: Annotated[
        bool, QueryParameter(description="Only those my organisation takes part in")
    ] = False,
    deadline_within: Annotated[
        str | None,
        QueryParameter(description="Interest or tender deadline within N days; empty: any"),
    ] = None,
    q: Annotated[
        str | None, QueryParameter(max_length=200, description="Swedish full text")
    ] = None,
    sort: Annotated[ProcurementSort, QueryParameter()] = ProcurementSort.deadline,
    page: Annotated[int, QueryParameter(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
) -> ProcurementFilters:
    return ProcurementFilters(
        phase=phase or [],
        category=category or [],
        cpv=[c for c in cpv or [] if c],
        mine=mine,
        deadline_within=_days(deadline_within),
        q=(q or "").strip() or None,
        sort=sort,
        page=page,
        page_size=page_size,
    )

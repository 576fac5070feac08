"""The list of joint procurements: facets (phase, category, CPV), "my organisation takes
part", deadlines within N days, and Swedish full-text search, in SQL."""

from __future__ import annotations

from datetime import timedelta

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.procurements import cpv
from portal.procurements.labels import category_labels, phase_labels
from portal.procurements.phases import PUBLIC, today
from portal.procurements.schemas import ProcurementFilters, ProcurementRead, ProcurementSort
from portal.procurements.services import SELECT, lots_of, to_read
from portal.search.facets import count_values
from portal.search.query import Conditions, full_text, numbered, swedish_prefix_query
from portal.search.schemas import Facet, Page

SOURCE = "procurement p JOIN organisation o ON o.id = p.lead"
DOCUMENT = full_text("p.title", "p.description")

_ORDER = {
    ProcurementSort.deadline: (
        "LEAST(p.interest_deadline, p.tender_deadline) ASC NULLS LAST, p.id DESC"
    ),
    ProcurementSort.newest: "p.created_at DESC, p.id DESC",
}


def _visibility(conditions: Conditions, viewer: CurrentUser | None) -> None:
    public = [phase.value for phase in PUBLIC]
    if viewer is not None and viewer.has_role(Role.admin):
        return
    if viewer is not None and viewer.has_role(Role.coordinator):
        conditions.add("p.phase = ANY({}) OR o.county_code = {}", public, viewer.county_code)
    else:
        conditions.add("p.phase = ANY({})", public)


def conditions_for(viewer: CurrentUser | None, filters: ProcurementFilters) -> Conditions:
    conditions = Conditions()
    _visibility(conditions, viewer)
    if filters.phase:
        conditions.add("p.phase = ANY({})", [p.value for p in filters.phase], facet="phase")
    if filters.category:
        conditions.add(
            "p.category = ANY({})", [c.value for c in filters.category], facet="category"
        )
    if filters.cpv:
        conditions.add("p.cpv_codes && {}::varchar[]", filters.cpv, facet="cpv")
    if filters.mine and viewer is not None:
        own = viewer.organisation_code
        conditions.add(
            "EXISTS (SELECT 1 FROM procurement_participation pp "
            "JOIN organisation po ON po.id = pp.organisation "
            "WHERE pp.procurement = p.id AND pp.status <> 'withdrawn' "
            "AND (po.code = {} OR po.code LIKE {}))",
            own,
            f"{own}-%",
        )
    if filters.deadline_within is not None:
        start = today()
        end = start + timedelta(days=filters.deadline_within)
        conditions.add(
            "p.interest_deadline BETWEEN {} AND {} OR p.tender_deadline BETWEEN {} AND {}",
            start,
            end,
            start,
            end,
        )
    query = swedish_prefix_query(filters.q or "")
    if query:
        conditions.add(f"{DOCUMENT} @@ to_tsquery('swedish', {{}})", query)
    return conditions


async def list_procurements(
    viewer: CurrentUser | None, filters: ProcurementFilters, *, with_facets: bool = False
) -> Page[ProcurementRead]:
    conditions = conditions_for(viewer, filters)
    where, values = conditions.where()
    order = _ORDER.get(filters.sort)
    if filters.sort is ProcurementSort.relevance:
        if filters.q:
            values = [*values, filters.q]
            order = f"ts_rank({DOCUMENT}, websearch_to_tsquery('swedish', {{}})) DESC, p.id DESC"
        else:
            order = _ORDER[ProcurementSort.newest]
    offset = (filters.page - 1) * filters.page_size
    sql = f"{SELECT} WHERE {where} ORDER BY {order} LIMIT {filters.page_size} OFFSET {offset}"
    rows = await fetch(numbered(sql, values), *values)
    base_where, base_values = conditions.where()
    count_sql = f"SELECT count(*) AS n FROM {SOURCE} WHERE {base_where}"  # noqa: S608
    total = (await fetch(numbered(count_sql, base_values), *base_values))[0]["n"]
    lots = await lots_of([r["id"] for r in rows])
    return Page(
        items=[to_read(r, lots[r["id"]], viewer) for r in rows],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
        facets=await facets(conditions, filters) if with_facets else None,
    )


async def facets(conditions: Conditions, filters: ProcurementFilters) -> list[Facet]:
    specs = [
        ("phase", "p.phase", False, phase_labels(), [p.value for p in filters.phase]),
        (
            "category",
            "p.category",
            False,
            category_labels(),
            [c.value for c in filters.category],
        ),
        ("cpv", "p.cpv_codes", True, await cpv.labels(), filters.cpv),
    ]
    return [
        await count_values(
            source=SOURCE,
            expression=expression,
            is_array=is_array,
            facet=name,
            conditions=conditions,
            labels=labels,
            selected=list(selected),
        )
        for name, expression, is_array, labels, selected in specs
    ]

"""Organisations: the municipalities, the region and their libraries."""

from __future__ import annotations

import msgspec

from portal.errors import NotFound
from portal.i18n import gettext as _
from portal.organisations.kinds import OrganisationKind
from portal.organisations.schemas import (
    OrganisationDetail,
    OrganisationPage,
    OrganisationRead,
    OrganisationRef,
)
from portal.organisations.tables import Organisation

_READ_COLUMNS = (
    Organisation.code,
    Organisation.name,
    Organisation.kind,
    Organisation.county_code,
    Organisation.municipality_code,
    Organisation.parent.code.as_alias("parent_code"),
    Organisation.locality,
    Organisation.latitude,
    Organisation.longitude,
)


async def list_organisations(
    *,
    kind: OrganisationKind | None = None,
    county_code: str | None = None,
    query: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> OrganisationPage:
    where = []
    if kind is not None:
        where.append(Organisation.kind == kind.value)
    if county_code:
        where.append(Organisation.county_code == county_code)
    if query:
        where.append(Organisation.name.ilike(f"%{_escape_like(query)}%"))
    select = Organisation.select(*_READ_COLUMNS)
    count = Organisation.count()
    if where:
        select = select.where(*where)
        count = count.where(*where)
    rows = await (
        select.order_by(Organisation.county_code)
        .order_by(Organisation.kind)
        .order_by(Organisation.code)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return OrganisationPage(
        items=msgspec.convert(rows, list[OrganisationRead]),
        total=await count,
        page=page,
        per_page=per_page,
    )


async def get_organisation(code: str) -> OrganisationDetail:
    row = await Organisation.select(*_READ_COLUMNS).where(Organisation.code == code).first()
    if row is None:
        raise NotFound(_("Organisationen finns inte."))
    children = await (
        Organisation.select(Organisation.code, Organisation.name, Organisation.kind)
        .where(Organisation.parent.code == code)
        .order_by(Organisation.name)
    )
    return msgspec.convert({**row, "children": children}, OrganisationDetail)


async def get_ref(organisation_id: int) -> OrganisationRef:
    row = await (
        Organisation.select(Organisation.code, Organisation.name, Organisation.kind)
        .where(Organisation.id == organisation_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Organisationen finns inte."))
    return msgspec.convert(row, OrganisationRef)


async def id_for_code(code: str) -> int:
    row = await Organisation.select(Organisation.id).where(Organisation.code == code).first()
    if row is None:
        raise NotFound(_("Organisationen finns inte."))
    return row["id"]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def municipality_names() -> dict[str, str]:
    """Municipality code → name, for facet labels."""
    rows = await Organisation.select(Organisation.municipality_code, Organisation.name).where(
        Organisation.kind == OrganisationKind.municipality.value
    )
    return {row["municipality_code"]: row["name"] for row in rows}

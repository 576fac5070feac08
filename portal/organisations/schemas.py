from __future__ import annotations

import msgspec

from portal.organisations.kinds import OrganisationKind


class OrganisationRef(msgspec.Struct, frozen=True):
    code: str
    name: str
    kind: OrganisationKind


class OrganisationRead(msgspec.Struct, frozen=True):
    code: str
    name: str
    kind: OrganisationKind
    county_code: str
    municipality_code: str | None
    parent_code: str | None
    locality: str
    latitude: float | None
    longitude: float | None


class OrganisationDetail(OrganisationRead, frozen=True):
    children: list[OrganisationRef] = []


class OrganisationPage(msgspec.Struct, frozen=True):
    items: list[OrganisationRead]
    total: int
    page: int
    per_page: int

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from portal.needs.status import NeedStatus
from portal.offers.kinds import Category
from portal.organisations.schemas import OrganisationRef
from portal.vocabularies.schemas import Code, LanguageLevel

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=10_000)]
Hours = Annotated[float, msgspec.Meta(gt=0, le=10_000)]
Titles = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Codes = Annotated[list[Code], msgspec.Meta(max_length=20)]
Languages = Annotated[list[LanguageLevel], msgspec.Meta(max_length=10)]
OrgCode = Annotated[str, msgspec.Meta(min_length=2, max_length=64)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
WithinKm = Annotated[int, msgspec.Meta(ge=1, le=2000)]


class NeedKind(enum.StrEnum):
    cataloguing = "cataloguing"
    resource = "resource"


class NeedCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A need. Cataloguing needs name languages, scripts and skills; resource needs name a
    ``category`` and a ``quantity`` (with a ``unit``) instead."""

    kind: NeedKind = NeedKind.cataloguing
    title: Title
    description: Description = ""
    required_languages: Languages = []
    required_scripts: Codes = []
    required_skills: Codes = []
    wished_skills: Codes = []
    material_type: Code | None = None
    titles_count: Titles | None = None
    estimated_hours: Hours | None = None
    deadline: date | None = None
    remote: bool = True
    library: OrgCode | None = None
    splittable: bool = True
    organisation: OrgCode | None = None
    status: Literal["draft", "open"] = "open"
    category: Category | None = None
    quantity: Quantity | None = None
    unit: Unit | None = None
    within_km: WithinKm | None = None  # resource needs: how far away the resource may be


class NeedUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    required_languages: Languages | msgspec.UnsetType = msgspec.UNSET
    required_scripts: Codes | msgspec.UnsetType = msgspec.UNSET
    required_skills: Codes | msgspec.UnsetType = msgspec.UNSET
    wished_skills: Codes | msgspec.UnsetType = msgspec.UNSET
    material_type: Code | None | msgspec.UnsetType = msgspec.UNSET
    titles_count: Titles | None | msgspec.UnsetType = msgspec.UNSET
    estimated_hours: Hours | None | msgspec.UnsetType = msgspec.UNSET
    deadline: date | None | msgspec.UnsetType = msgspec.UNSET
    remote: bool | msgspec.UnsetType = msgspec.UNSET
    library: OrgCode | None | msgspec.UnsetType = msgspec.UNSET
    splittable: bool | msgspec.UnsetType = msgspec.UNSET
    category: Category | None | msgspec.UnsetType = msgspec.UNSET
    quantity: Quantity | None | msgspec.UnsetType = msgspec.UNSET
    unit: Unit | None | msgspec.UnsetType = msgspec.UNSET
    within_km: WithinKm | None | msgspec.UnsetType = msgspec.UNSET
    version: int | msgspec.UnsetType = msgspec.UNSET


class StatusChange(msgspec.Struct, forbid_unknown_fields=True):
    to: NeedStatus
    comment: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class Contact(msgspec.Struct, frozen=True):
    name: str
    email: str


class NeedRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: NeedKind
    title: str
    description: str
    required_languages: list[LanguageLevel]
    required_scripts: list[str]
    required_skills: list[str]
    wished_skills: list[str]
    material_type: str | None
    titles_count: int | None
    estimated_hours: float | None
    deadline: date | None
    remote: bool
    library: str | None
    splittable: bool
    status: NeedStatus
    organisation: OrganisationRef
    municipality_code: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    allowed_transitions: list[NeedStatus]
    category: Category | None = None
    quantity: int | None = None
    unit: str | None = None
    within_km: int | None = None
    distance_km: float | None = None
    contact: Contact | None = None  # signed-in users only


class NeedSort(enum.StrEnum):
    deadline = "deadline"
    newest = "newest"
    relevance = "relevance"
    distance = "distance"


class NeedFilters(msgspec.Struct, kw_only=True):
    kind: NeedKind = NeedKind.cataloguing
    category: list[Category] = []
    near: str | None = None
    within_km: float | None = None
    language: list[str] = []
    script: list[str] = []
    skill: list[str] = []
    material_type: list[str] = []
    municipality: list[str] = []
    status: list[NeedStatus] = []
    mode: list[Literal["remote", "onsite"]] = []
    deadline_before: date | None = None
    organisation: str | None = None
    q: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    sort: NeedSort = NeedSort.deadline
    page: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 1
    page_size: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20

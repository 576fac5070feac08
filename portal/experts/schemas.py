from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from portal.organisations.schemas import OrganisationRef
from portal.vocabularies.kinds import Level
from portal.vocabularies.schemas import Code, LanguageLevel

Headline = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=10_000)]
HoursPerWeek = Annotated[float, msgspec.Meta(gt=0, le=80)]
TravelKm = Annotated[int, msgspec.Meta(ge=0, le=1000)]
Codes = Annotated[list[Code], msgspec.Meta(max_length=20)]
Languages = Annotated[list[LanguageLevel], msgspec.Meta(max_length=20)]
MunicipalityCode = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class ExpertProfileWrite(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The whole profile, as ``PUT`` takes it: it creates the profile or replaces every field.

    ``travel_km`` only means something for on-site work; it is stored as 0 otherwise.
    """

    headline: Headline
    description: Description = ""
    languages: Languages = []
    scripts: Codes = []
    skills: Codes = []
    material_types: Codes = []
    capacity_hours_per_week: HoursPerWeek
    available_from: date | None = None
    available_until: date | None = None
    remote: bool = True
    onsite: bool = False
    travel_km: TravelKm = 0
    municipality: MunicipalityCode
    visible: bool = True


class ExpertProfileRead(msgspec.Struct, frozen=True, kw_only=True):
    """A profile as one viewer may see it.

    Visitors (not signed in) get the public, reduced form: ``public_view`` is true and the
    personal part (``name``, ``email``, ``organisation``, ``description``) is None. Signed-in
    users get all of it.
    """

    id: int
    headline: str
    languages: list[LanguageLevel]
    scripts: list[str]
    skills: list[str]
    material_types: list[str]
    capacity_hours_per_week: float
    available_from: date | None
    available_until: date | None
    remote: bool
    onsite: bool
    travel_km: int
    municipality: str
    municipality_name: str
    visible: bool
    updated_at: datetime
    public_view: bool
    editable: bool = False  # the viewer may change this profile
    own: bool = False  # the viewer's own profile
    # The personal part: None in the public view.
    name: str | None = None
    email: str | None = None
    organisation: OrganisationRef | None = None
    description: str | None = None


class ExpertSort(enum.StrEnum):
    newest = "newest"
    capacity = "capacity"
    relevance = "relevance"


class ExpertFilters(msgspec.Struct, kw_only=True):
    language: list[str] = []
    level: Level | None = None  # minimum level in the chosen languages
    script: list[str] = []
    skill: list[str] = []
    material_type: list[str] = []
    municipality: list[str] = []
    mode: list[Literal["remote", "onsite"]] = []
    available: bool = False
    q: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    sort: ExpertSort = ExpertSort.newest
    page: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 1
    page_size: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20

"""The plain values matching works on. Services build them from rows; nothing here knows SQL.

The Structs are frozen and hold only plain values, so they can never be part of a reference
cycle: ``gc=False`` keeps them out of the garbage collector's sight. Suggestions build one
spec per candidate (a thousand or more), and tracking them made full collections come
round every few calls, each costing tens of milliseconds in a process the size of the portal.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Literal

import msgspec

ProviderType = Literal["expert", "offer"]


class Place(msgspec.Struct, frozen=True, gc=False):
    """A municipality and its coordinates: distances are measured between municipalities."""

    municipality_code: str
    latitude: float
    longitude: float


class LanguageNeed(msgspec.Struct, frozen=True, gc=False):
    code: str
    level: str  # a portal.vocabularies.kinds.Level value


class NeedSpec(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    id: int
    kind: Literal["cataloguing", "resource"] = "cataloguing"
    place: Place | None = None
    required_languages: tuple[LanguageNeed, ...] = ()
    required_scripts: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    wished_skills: tuple[str, ...] = ()
    estimated_hours: float | None = None
    deadline: date | None = None
    remote: bool = True
    splittable: bool = True
    # Resource needs:
    category: str | None = None
    quantity: int | None = None
    within_km: float | None = None


class ExpertSpec(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    id: int
    languages: dict[str, str] = {}  # code -> level
    scripts: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    capacity_hours_per_week: float = 0.0
    reserved_hours: float = 0.0  # hours of accepted matches not yet completed
    available_from: date | None = None
    available_until: date | None = None
    remote: bool = True
    onsite: bool = False
    travel_km: float = 0.0
    place: Place | None = None
    completed: int = 0
    cancelled: int = 0


class OfferSpec(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    id: int
    category: str
    quantity_left: int
    available_from: date | None = None
    available_until: date | None = None
    place: Place | None = None
    completed: int = 0
    cancelled: int = 0


Provider = ExpertSpec | OfferSpec


class Constraint(enum.StrEnum):
    """The hard constraints: a provider that fails one is never suggested nor assigned."""

    language = "language"
    script = "script"
    skill = "skill"
    availability = "availability"
    work_mode = "work_mode"
    distance = "distance"
    capacity = "capacity"
    category = "category"
    quantity = "quantity"
    kind = "kind"


class Failure(msgspec.Struct, frozen=True, gc=False):
    constraint: Constraint
    detail: str = ""  # what was missing, e.g. "tir:fluent" or "42 km > 30 km"


class ProviderRef(msgspec.Struct, frozen=True, gc=False):
    type: ProviderType
    id: int


class Suggestion(msgspec.Struct, frozen=True, gc=False):
    provider: ProviderRef
    score: float
    breakdown: dict[str, float]


class Explanation(msgspec.Struct, frozen=True, gc=False):
    """Why a provider ranks as it does, or which hard constraints rule it out."""

    provider: ProviderRef
    eligible: bool
    score: float | None
    breakdown: dict[str, float]
    failures: list[Failure]

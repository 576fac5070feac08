from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import msgspec

from portal.offers.kinds import Category, Delivery, OfferStatus, RequestStatus, Terms
from portal.organisations.schemas import OrganisationRef

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=10_000)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Unit = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Cost = Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]  # whole kronor
OrgCode = Annotated[str, msgspec.Meta(min_length=2, max_length=64)]
Message = Annotated[str, msgspec.Meta(max_length=4000)]


class OfferCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title
    description: Description = ""
    category: Category
    quantity: Quantity = 1
    unit: Unit = "st"
    available_from: date | None = None
    available_until: date | None = None
    terms: Terms = Terms.free
    cost_sek: Cost | None = None
    delivery: Delivery = Delivery.pickup
    location: OrgCode | None = None
    organisation: OrgCode | None = None
    status: OfferStatus = OfferStatus.published


class OfferUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    category: Category | msgspec.UnsetType = msgspec.UNSET
    quantity: Quantity | msgspec.UnsetType = msgspec.UNSET
    unit: Unit | msgspec.UnsetType = msgspec.UNSET
    available_from: date | None | msgspec.UnsetType = msgspec.UNSET
    available_until: date | None | msgspec.UnsetType = msgspec.UNSET
    terms: Terms | msgspec.UnsetType = msgspec.UNSET
    cost_sek: Cost | None | msgspec.UnsetType = msgspec.UNSET
    delivery: Delivery | msgspec.UnsetType = msgspec.UNSET
    location: OrgCode | None | msgspec.UnsetType = msgspec.UNSET
    version: int | msgspec.UnsetType = msgspec.UNSET


class OfferStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    to: OfferStatus
    comment: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class AttachmentRead(msgspec.Struct, frozen=True):
    id: int
    filename: str
    content_type: str
    size: int


class OfferRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    title: str
    description: str
    category: Category
    quantity: int
    quantity_left: int
    unit: str
    available_from: date | None
    available_until: date | None
    terms: Terms
    cost_sek: int | None
    delivery: Delivery
    location: OrganisationRef | None
    organisation: OrganisationRef
    municipality_code: str | None
    status: OfferStatus
    created_at: datetime
    updated_at: datetime
    version: int
    allowed_transitions: list[OfferStatus]
    distance_km: float | None = None
    attachments: list[AttachmentRead] = []
    own: bool = False


class RequestCreate(msgspec.Struct, forbid_unknown_fields=True):
    quantity: Quantity
    message: Message = ""
    organisation: OrgCode | None = None


class RequestRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    offer_id: int
    offer_title: str
    organisation: OrganisationRef
    quantity: int
    message: str
    status: RequestStatus
    created_at: datetime
    decided_at: datetime | None
    requested_by: str | None = None  # a name, for the two organisations involved


class OfferSort(enum.StrEnum):
    newest = "newest"
    distance = "distance"
    available_until = "available_until"
    relevance = "relevance"


class OfferFilters(msgspec.Struct, kw_only=True):
    category: list[Category] = []
    municipality: list[str] = []
    terms: list[Terms] = []
    delivery: list[Delivery] = []
    status: list[OfferStatus] = []
    organisation: str | None = None
    near: str | None = None
    within_km: Annotated[float, msgspec.Meta(gt=0, le=1000)] | None = None
    q: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    sort: OfferSort = OfferSort.newest
    page: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 1
    page_size: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20

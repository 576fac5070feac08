"""The msgspec Structs joint procurements take in and give out."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from portal.organisations.schemas import OrganisationRef
from portal.procurements.phases import Category, ParticipationStatus, Phase
from portal.procurements.tables import MAX_VOLUME_SEK

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=10_000)]
Cpv = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{8}-[0-9]$", max_length=10)]
CpvCodes = Annotated[list[Cpv], msgspec.Meta(max_length=20)]
OrgCode = Annotated[str, msgspec.Meta(min_length=2, max_length=64)]
ExtensionYears = Annotated[int, msgspec.Meta(ge=0, le=10)]
VolumeSek = Annotated[int, msgspec.Meta(ge=0, le=MAX_VOLUME_SEK)]
Comment = Annotated[str, msgspec.Meta(max_length=2000)]
Amount = Annotated[int, msgspec.Meta(gt=0, le=100_000_000_000)]


class LotWrite(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A lot as sent; in a PATCH, ``id`` names an existing lot to keep (and update)."""

    id: int | None = None
    title: Title
    cpv_code: Cpv | None = None
    description: Description = ""


Lots = Annotated[list[LotWrite], msgspec.Meta(max_length=20)]


class ProcurementCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title
    description: Description = ""
    category: Category
    cpv_codes: CpvCodes = []
    lots: Lots = []
    lead: OrgCode | None = None
    interest_deadline: date | None = None
    tender_publication: date | None = None
    tender_deadline: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    extension_years: ExtensionYears = 0


class ProcurementUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    category: Category | msgspec.UnsetType = msgspec.UNSET
    cpv_codes: CpvCodes | msgspec.UnsetType = msgspec.UNSET
    lots: Lots | msgspec.UnsetType = msgspec.UNSET
    lead: OrgCode | msgspec.UnsetType = msgspec.UNSET
    interest_deadline: date | None | msgspec.UnsetType = msgspec.UNSET
    tender_publication: date | None | msgspec.UnsetType = msgspec.UNSET
    tender_deadline: date | None | msgspec.UnsetType = msgspec.UNSET
    contract_start: date | None | msgspec.UnsetType = msgspec.UNSET
    contract_end: date | None | msgspec.UnsetType = msgspec.UNSET
    extension_years: ExtensionYears | msgspec.UnsetType = msgspec.UNSET
    version: int | msgspec.UnsetType = msgspec.UNSET


class Transition(msgspec.Struct, forbid_unknown_fields=True):
    to: Phase
    comment: Comment = ""


class LotRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    position: int
    title: str
    cpv_code: str | None
    description: str


class PhaseChangeRead(msgspec.Struct, frozen=True, kw_only=True):
    from_phase: Phase | None
    to_phase: Phase
    comment: str
    actor: str | None
    occurred_at: datetime


class ProcurementRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    title: str
    description: str
    category: Category
    cpv_codes: list[str]
    lots: list[LotRead]
    lead: OrganisationRef
    county_code: str
    phase: Phase
    interest_deadline: date | None
    tender_publication: date | None
    tender_deadline: date | None
    contract_start: date | None
    contract_end: date | None
    extension_years: int
    created_at: datetime
    updated_at: datetime
    version: int
    allowed_transitions: list[Phase]  # empty unless the viewer may move the procurement
    may_edit: bool = False
    participant_count: int | None = None  # signed-in viewers of the county only


class ProcurementSort(enum.StrEnum):
    deadline = "deadline"
    newest = "newest"
    relevance = "relevance"


class ProcurementFilters(msgspec.Struct, kw_only=True):
    phase: list[Phase] = []
    category: list[Category] = []
    cpv: list[str] = []
    mine: bool = False
    deadline_within: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None
    q: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    sort: ProcurementSort = ProcurementSort.deadline
    page: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 1
    page_size: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20


# --- participation ------------------------------------------------------------------------


class VolumeWrite(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    lot_id: int
    annual_volume_sek: VolumeSek


class ParticipationWrite(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    status: ParticipationStatus
    volumes: Annotated[list[VolumeWrite], msgspec.Meta(max_length=20)] = []
    version: int | msgspec.UnsetType = msgspec.UNSET


class PowerOfAttorney(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    received: bool = True


class VolumeRead(msgspec.Struct, frozen=True, kw_only=True):
    lot_id: int
    annual_volume_sek: int


class Contact(msgspec.Struct, frozen=True):
    name: str
    email: str


class ParticipationRead(msgspec.Struct, frozen=True, kw_only=True):
    organisation: OrganisationRef
    municipality_code: str | None
    status: ParticipationStatus
    volumes: list[VolumeRead]
    annual_total_sek: int
    power_of_attorney: bool
    power_of_attorney_at: datetime | None
    contact: Contact | None
    updated_at: datetime
    version: int


# --- thresholds and totals ----------------------------------------------------------------


class ThresholdKind(enum.StrEnum):
    direct_award = "direct_award"
    eu_sub_central = "eu_sub_central"


class ThresholdCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    kind: ThresholdKind
    valid_from: date
    valid_to: date | None = None
    amount_sek: Amount | None = None
    amount_eur: Amount | None = None
    source: Annotated[str, msgspec.Meta(max_length=300)] = ""


class ThresholdUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    valid_to: date | None | msgspec.UnsetType = msgspec.UNSET
    amount_sek: Amount | None | msgspec.UnsetType = msgspec.UNSET
    amount_eur: Amount | None | msgspec.UnsetType = msgspec.UNSET
    source: Annotated[str, msgspec.Meta(max_length=300)] | msgspec.UnsetType = msgspec.UNSET


class ThresholdRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: ThresholdKind
    valid_from: date
    valid_to: date | None
    amount_sek: int | None
    amount_eur: int | None
    source: str


Band = Literal["direct_award", "below_eu", "eu", "eu_unknown", "unknown"]


class Assessment(msgspec.Struct, frozen=True, kw_only=True):
    """Which side of each threshold a value falls, at the reference date.

    ``direct_award``: below the direct award limit; ``below_eu``: a procedure under LOU
    chapter 19; ``eu``: an advertised EU procedure (chapters 1–18); ``eu_unknown``: above the
    direct award limit while the EU threshold has no SEK figure; ``unknown``: no total yet.
    """

    band: Band
    value_sek: int | None
    reference_date: date
    from_publication: bool
    direct_award: ThresholdRead | None
    eu: ThresholdRead | None


class LotTotals(msgspec.Struct, frozen=True, kw_only=True):
    lot_id: int
    title: str
    committed_annual_sek: int
    interested_annual_sek: int
    committed_total_sek: int | None
    interested_total_sek: int | None


class ProcurementSummary(msgspec.Struct, frozen=True, kw_only=True):
    contract_years: float | None
    lots: list[LotTotals]
    committed_count: int
    interested_count: int
    committed_annual_sek: int
    interested_annual_sek: int
    committed_total_sek: int | None
    interested_total_sek: int | None
    assessment: Assessment
    # The band if every interested organisation committed too (only when it differs).
    band_with_interested: Band | None = None


# --- the rest -----------------------------------------------------------------------------


class CpvRead(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    label: str
    label_sv: str
    label_en: str


class CommentCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
    reply_to: int | None = None


class CommentRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    reply_to: int | None
    author: str
    organisation: str
    body: str
    created_at: datetime
    replies: list[CommentRead] = []


class DocumentRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    filename: str
    content_type: str
    size_bytes: int
    uploaded_at: datetime
    uploaded_by: str | None


class FeedRead(msgspec.Struct, frozen=True, kw_only=True):
    organisation: str
    url: str

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from portal.matches.status import MatchStatus
from portal.organisations.schemas import OrganisationRef

Hours = Annotated[float, msgspec.Meta(gt=0, le=10_000)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
Comment = Annotated[str, msgspec.Meta(max_length=2000)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class ProviderIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    type: Literal["expert", "offer"]
    id: Annotated[int, msgspec.Meta(ge=1)]


class MatchCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A proposal. Hours (experts) default to the need's estimate; quantity (offers) to the
    need's quantity."""

    need_id: Annotated[int, msgspec.Meta(ge=1)]
    provider: ProviderIn
    hours: Hours | None = None
    quantity: Quantity | None = None
    comment: Comment = ""


class Decline(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class Cancel(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class Step(msgspec.Struct, forbid_unknown_fields=True):
    comment: Comment = ""


class Complete(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    hours_logged: Hours | None = None
    comment: Comment = ""


class ProviderRead(msgspec.Struct, frozen=True, kw_only=True):
    type: Literal["expert", "offer"]
    id: int
    label: str  # the expert's headline or the offer's title
    organisation: OrganisationRef | None = None
    municipality_code: str | None = None


class EventRead(msgspec.Struct, frozen=True):
    from_status: MatchStatus | None
    to_status: MatchStatus
    actor: str | None
    comment: str
    at: datetime


class MatchRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    need_id: int
    need_title: str
    need_organisation: OrganisationRef
    provider: ProviderRead
    status: MatchStatus
    hours: float | None
    quantity: int | None
    hours_logged: float | None
    score: float
    breakdown: dict[str, float]
    reason: str
    run_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int
    allowed_transitions: list[MatchStatus]
    # What the viewer may do: "accept", "decline", "start", "complete", "cancel".
    actions: list[str] = []
    events: list[EventRead] = []


class MatchFilters(msgspec.Struct, kw_only=True):
    mine: bool = False
    status: list[MatchStatus] = []
    need_id: int | None = None
    page: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 1
    page_size: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20


class SuggestionProvider(msgspec.Struct, frozen=True):
    type: Literal["expert", "offer"]
    id: int


class SuggestionRead(msgspec.Struct, frozen=True, kw_only=True):
    provider: SuggestionProvider
    score: float
    breakdown: dict[str, float]
    label: str = ""
    municipality: str | None = None
    distance_km: float | None = None
    free: float | None = None  # free hours (experts) or quantity left (offers)


class Suggestions(msgspec.Struct, frozen=True):
    items: list[SuggestionRead]


class FailureRead(msgspec.Struct, frozen=True):
    constraint: str
    detail: str
    message: str


class ExplanationRead(msgspec.Struct, frozen=True, kw_only=True):
    provider: SuggestionProvider
    eligible: bool
    score: float | None
    breakdown: dict[str, float]
    failures: list[FailureRead]


class RunCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    horizon_weeks: Annotated[int, msgspec.Meta(ge=1, le=52)] = 4
    whole_time_limit_s: Annotated[float, msgspec.Meta(ge=1, le=120)] = 10.0


class AssignmentRead(msgspec.Struct, frozen=True, kw_only=True):
    need_id: int
    provider: SuggestionProvider
    hours: float | None = None
    quantity: int | None = None
    score: float


class RunRead(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: int
    stage: str
    horizon_weeks: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    assignments: list[AssignmentRead] | None = None
    total_score: float | None = None
    gap: float | None = None
    optimal: bool | None = None
    details: dict[str, Any] | None = None
    error: str = ""


class RunAccepted(msgspec.Struct, frozen=True):
    id: int
    status: str


class ProposeFromRun(msgspec.Struct, forbid_unknown_fields=True):
    """Assignments of a run to turn into proposals, as ``"need_id:type:provider_id"``."""

    chosen: Annotated[list[str], msgspec.Meta(min_length=1, max_length=5000)]


class LedgerFlow(msgspec.Struct, frozen=True):
    giver: OrganisationRef
    receiver: OrganisationRef
    hours: float
    matches: int


class LedgerBalance(msgspec.Struct, frozen=True):
    organisation: OrganisationRef
    given: float
    received: float
    balance: float


class Ledger(msgspec.Struct, frozen=True):
    flows: list[LedgerFlow]
    balances: list[LedgerBalance]
    total_hours: float


class WeightRead(msgspec.Struct, frozen=True):
    criterion: str
    weight: float

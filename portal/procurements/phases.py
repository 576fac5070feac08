"""The life of a joint procurement, and of one organisation's participation in it.

Phases: idea → interest → preparation → tendering → evaluation → awarded → contract_active
→ closed; cancelled from any phase before closed. Only coordinators move a procurement.
"""

from __future__ import annotations

import enum
import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Phase(enum.StrEnum):
    idea = "idea"
    interest = "interest"
    preparation = "preparation"
    tendering = "tendering"
    evaluation = "evaluation"
    awarded = "awarded"
    contract_active = "contract_active"
    closed = "closed"
    cancelled = "cancelled"


ORDER = (
    Phase.idea,
    Phase.interest,
    Phase.preparation,
    Phase.tendering,
    Phase.evaluation,
    Phase.awarded,
    Phase.contract_active,
    Phase.closed,
)

TRANSITIONS: dict[Phase, tuple[Phase, ...]] = {
    **{current: (following, Phase.cancelled) for current, following in itertools.pairwise(ORDER)},
    Phase.closed: (),
    Phase.cancelled: (),
}

# Ideas are the coordinators' own drafts; every other phase is public.
PUBLIC = tuple(phase for phase in Phase if phase is not Phase.idea)

# Phases in which the content (dates, lots, description) may still be edited.
EDITABLE = tuple(phase for phase in Phase if phase not in (Phase.closed, Phase.cancelled))

# Members register and change their own participation only in these phases (and only until
# the interest deadline); coordinators may change participations in any EDITABLE phase but idea.
OPEN_FOR_MEMBERS = (Phase.interest, Phase.preparation)
OPEN_FOR_COORDINATORS = tuple(phase for phase in EDITABLE if phase is not Phase.idea)

# tender.status of the Open Contracting Data Standard (closed codelist tenderStatus).
OCDS_TENDER_STATUS = {
    Phase.idea: "planning",
    Phase.interest: "planning",
    Phase.preparation: "planned",
    Phase.tendering: "active",
    Phase.evaluation: "active",
    Phase.awarded: "complete",
    Phase.contract_active: "complete",
    Phase.closed: "complete",
    Phase.cancelled: "cancelled",
}

OCDS_TAG = {
    Phase.idea: "planning",
    Phase.interest: "planning",
    Phase.preparation: "planning",
    Phase.cancelled: "tenderCancellation",
}


class Category(enum.StrEnum):
    media_supply = "media_supply"
    e_media = "e_media"
    library_system = "library_system"
    web_platform = "web_platform"
    rfid_self_service = "rfid_self_service"
    furniture_equipment = "furniture_equipment"
    cataloguing_services = "cataloguing_services"
    transport = "transport"
    other = "other"


# mainProcurementCategory in OCDS (goods, works, services).
OCDS_CATEGORY = {
    Category.media_supply: "goods",
    Category.e_media: "services",
    Category.library_system: "services",
    Category.web_platform: "services",
    Category.rfid_self_service: "goods",
    Category.furniture_equipment: "goods",
    Category.cataloguing_services: "services",
    Category.transport: "services",
    Category.other: None,
}


class ParticipationStatus(enum.StrEnum):
    interested = "interested"
    committed = "committed"
    withdrawn = "withdrawn"


# Saving the same status again changes only the volumes; None is "not registered yet".
PARTICIPATION_TRANSITIONS: dict[ParticipationStatus | None, tuple[ParticipationStatus, ...]] = {
    None: (ParticipationStatus.interested, ParticipationStatus.committed),
    ParticipationStatus.interested: tuple(ParticipationStatus),
    ParticipationStatus.committed: (ParticipationStatus.committed, ParticipationStatus.withdrawn),
    ParticipationStatus.withdrawn: tuple(ParticipationStatus),
}


def _stockholm() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:  # pragma: no cover - images without tzdata
        return None


def today() -> date:
    """Today in Sweden: deadlines are Swedish calendar days, whatever the server's zone."""
    return datetime.now(_stockholm()).date()

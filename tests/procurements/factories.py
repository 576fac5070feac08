"""Test data for joint procurements: each helper states only what a test cares about."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from portal.procurements import participation, services
from portal.procurements.phases import Phase
from portal.procurements.schemas import (
    ParticipationWrite,
    ProcurementCreate,
    ProcurementRead,
    Transition,
)
from tests.factories import make_user


def procurement_payload(**overrides: object) -> dict:
    """A valid procurement of e-books with two lots, as the API takes it."""
    soon = date.today()
    payload: dict = {
        "title": "E-böcker och e-ljudböcker 2027–2030",
        "description": "Gemensam upphandling av e-boksleverantör för länets folkbibliotek.",
        "category": "e_media",
        "cpv_codes": ["22113000-5", "79980000-7"],
        "lots": [
            {"title": "E-böcker för vuxna", "cpv_code": "22113000-5"},
            {"title": "E-böcker för barn och unga", "cpv_code": "22113000-5"},
        ],
        "interest_deadline": (soon + timedelta(days=30)).isoformat(),
        "tender_publication": (soon + timedelta(days=60)).isoformat(),
        "tender_deadline": (soon + timedelta(days=100)).isoformat(),
        "contract_start": "2028-01-01",
        "contract_end": "2029-12-31",
        "extension_years": 2,
    }
    payload.update(overrides)
    return payload


async def current(user):
    found = await accounts.current_user_by_id(user.id)
    assert found is not None
    return found


async def make_coordinator(**kwargs):
    return await make_user(organisation="01", roles=(Role.coordinator, Role.member), **kwargs)


async def make_procurement(
    coordinator=None, *, phase: Phase = Phase.interest, **overrides: object
) -> ProcurementRead:
    """A procurement created by a coordinator and moved on to ``phase``."""
    coordinator = coordinator or await make_coordinator()
    user = await current(coordinator)
    created = await services.create_procurement(
        user, msgspec.convert(procurement_payload(**overrides), ProcurementCreate)
    )
    from portal.procurements.phases import ORDER

    if phase is Phase.cancelled:
        return await services.move(user, created.id, Transition(to=phase, comment="Stoppad"))
    for step in ORDER[1 : ORDER.index(phase) + 1]:
        created = await services.move(user, created.id, Transition(to=step, comment="Vidare"))
    return created


async def participate(
    user, procurement: ProcurementRead, organisation: str, status: str, *volumes: int
):
    """Register ``organisation`` with one annual volume per lot, in lot order."""
    data = ParticipationWrite(
        status=status,
        volumes=[
            {"lot_id": lot.id, "annual_volume_sek": volume}
            for lot, volume in zip(procurement.lots, volumes, strict=False)
        ],
    )
    data = msgspec.convert(msgspec.to_builtins(data), ParticipationWrite)
    return await participation.save_participation(
        await current(user), procurement.id, organisation, data
    )

"""A demo joint procurement: regional media supply, the kind the region has studied (2022)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from portal.accounts import services as accounts
from portal.accounts.tables import UserAccount
from portal.procurements import participation, services
from portal.procurements.phases import Phase
from portal.procurements.schemas import ParticipationWrite, ProcurementCreate, Transition
from portal.procurements.tables import Procurement

COORDINATOR = "samordnare@regionbibliotek.example"
TITLE = "Regional medieförsörjning: tryckta medier 2028–2031"


async def _user(email: str):
    row = await UserAccount.select(UserAccount.id).where(UserAccount.email == email).first()
    return await accounts.current_user_by_id(row["id"]) if row else None


async def seed_demo_procurements() -> int:
    if await Procurement.exists().where(Procurement.title == TITLE):
        return 0
    coordinator = await _user(COORDINATOR)
    if coordinator is None:
        return 0
    today = date.today()
    data = {
        "title": TITLE,
        "description": "Gemensam upphandling av tryckta medier med katalogposter och "
        "leveransfärdig utrustning, utifrån förstudien om regional medieförsörjning.",
        "category": "media_supply",
        "cpv_codes": ["22113000-5", "79995200-7"],
        "lots": [
            {"title": "Svensk skön- och facklitteratur", "cpv_code": "22113000-5"},
            {"title": "Medier på andra språk än svenska", "cpv_code": "22113000-5"},
            {"title": "Katalogisering och utrustning", "cpv_code": "79995200-7"},
        ],
        "interest_deadline": (today + timedelta(days=45)).isoformat(),
        "tender_publication": (today + timedelta(days=90)).isoformat(),
        "tender_deadline": (today + timedelta(days=130)).isoformat(),
        "contract_start": date(today.year + 2, 1, 1).isoformat(),
        "contract_end": date(today.year + 3, 12, 31).isoformat(),
        "extension_years": 2,
    }
    procurement = await services.create_procurement(
        coordinator, msgspec.convert(data, ProcurementCreate)
    )
    await services.move(
        coordinator,
        procurement.id,
        Transition(to=Phase.interest, comment="Styrgruppen beslutade att gå vidare."),
    )
    lots = [lot.id for lot in procurement.lots]
    for code, status, amounts in (
        ("0127", "committed", (320_000, 140_000, 60_000)),
        ("0188", "interested", (150_000, 20_000, 25_000)),
    ):
        await participation.save_participation(
            coordinator,
            procurement.id,
            code,
            msgspec.convert(
                {
                    "status": status,
                    "volumes": [
                        {"lot_id": lot, "annual_volume_sek": amount}
                        for lot, amount in zip(lots, amounts, strict=True)
                    ],
                },
                ParticipationWrite,
            ),
        )
    return 1

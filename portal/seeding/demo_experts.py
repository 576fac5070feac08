"""Demo expert profiles for three of the demo cataloguers (one more makes her own in the tour)."""

from __future__ import annotations

import msgspec

from portal.accounts import services as accounts
from portal.accounts.tables import UserAccount
from portal.experts import services as experts
from portal.experts.schemas import ExpertProfileWrite

DEMO_PROFILES: list[tuple[str, dict]] = [
    (
        "yonas.tesfaye@huddinge.example",
        {
            "headline": "Katalogiserar på tigrinska och amhariska",
            "description": "Bibliotekarie i Flemingsberg med lång erfarenhet av Libris och "
            "etiopisk skrift. Tar gärna barnböcker och lättläst.",
            "languages": [{"code": "tir", "level": "native"}, {"code": "amh", "level": "fluent"}],
            "scripts": ["Ethi", "Latn"],
            "skills": ["marc21", "libris-xl", "barnamnesord"],
            "material_types": ["books", "childrens-books", "easy-to-read"],
            "capacity_hours_per_week": 6,
            "remote": True,
            "onsite": True,
            "travel_km": 25,
            "municipality": "0126",
        },
    ),
    (
        "meron.haile@sodertalje.example",
        {
            "headline": "Tigrinska böcker för vuxna",
            "description": "Katalogiserar tigrinsk skönlitteratur på distans, några timmar "
            "i veckan.",
            "languages": [{"code": "tir", "level": "fluent"}],
            "scripts": ["Ethi", "Latn"],
            "skills": ["marc21"],
            "material_types": ["books"],
            "capacity_hours_per_week": 4,
            "remote": True,
            "onsite": False,
            "municipality": "0181",
        },
    ),
    (
        "aino.virtanen@sollentuna.example",
        {
            "headline": "Finska och meänkieli – skönlitteratur och fakta",
            "description": "Katalogisatör med finska som modersmål, van vid nationella "
            "minoritetsspråk och auktoritetsarbete.",
            "languages": [{"code": "fin", "level": "native"}, {"code": "fit", "level": "good"}],
            "scripts": ["Latn"],
            "skills": ["marc21", "rda", "authority-work", "svenska-amnesord"],
            "material_types": ["books", "audiobooks"],
            "capacity_hours_per_week": 4,
            "remote": True,
            "onsite": False,
            "municipality": "0163",
        },
    ),
]


async def seed_demo_experts() -> int:
    created = 0
    for email, payload in DEMO_PROFILES:
        row = await UserAccount.select(UserAccount.id).where(UserAccount.email == email).first()
        if row is None:
            continue
        user = await accounts.current_user_by_id(row["id"])
        assert user is not None
        if await experts.get_own_profile(user) is not None:
            continue
        await experts.save_own_profile(user, msgspec.convert(payload, ExpertProfileWrite))
        created += 1
    return created

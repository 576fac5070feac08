"""Demo needs: the kinds of cataloguing help the county's libraries actually ask for."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from portal.accounts import services as accounts
from portal.accounts.tables import UserAccount
from portal.needs import services as needs
from portal.needs.schemas import NeedCreate
from portal.needs.tables import Need

# (poster's e-mail, days to deadline, the need as the API takes it)
DEMO_NEEDS: list[tuple[str, int, dict]] = [
    (
        "amina.hassan@botkyrka.example",
        50,
        {
            "title": "Tigrinska bilderböcker till Fittja",
            "description": "Ett trettiotal bilderböcker på tigrinska, skänkta av en förening, "
            "ska in i Libris med barnämnesord innan sommarlovet.",
            "required_languages": [{"code": "tir", "level": "fluent"}],
            "required_scripts": ["Ethi"],
            "required_skills": ["marc21"],
            "wished_skills": ["libris-xl", "barnamnesord"],
            "material_type": "childrens-books",
            "titles_count": 30,
            "estimated_hours": 10,
        },
    ),
    (
        "amina.hassan@botkyrka.example",
        45,
        {
            "title": "Somaliska barnböcker att katalogisera",
            "description": "Tumba bibliotek har tagit emot ett sextiotal bilderböcker och "
            "kapitelböcker på somaliska som behöver katalogiseras i Libris med barnämnesord.",
            "required_languages": [{"code": "som", "level": "fluent"}],
            "required_scripts": ["Latn"],
            "required_skills": ["marc21", "libris-xl"],
            "wished_skills": ["barnamnesord"],
            "material_type": "childrens-books",
            "titles_count": 60,
            "estimated_hours": 18,
        },
    ),
    (
        "amina.hassan@botkyrka.example",
        75,
        {
            "title": "Arabiska romaner och lyrik från en depå",
            "description": "Cirka 120 titlar, flera saknar förhandskatalogisering. "
            "Translitterering "
            "enligt ALA-LC behövs för huvuduppslag.",
            "required_languages": [{"code": "ara", "level": "fluent"}],
            "required_scripts": ["Arab"],
            "required_skills": ["marc21", "ala-lc"],
            "material_type": "books",
            "titles_count": 120,
            "estimated_hours": 40,
        },
    ),
    (
        "jonas.berg@sodertalje.example",
        30,
        {
            "title": "Tigrinska och amhariska bilderböcker",
            "description": "Södertälje stadsbibliotek katalogiserar en ny samling för de yngsta.",
            "required_languages": [
                {"code": "tir", "level": "good"},
                {"code": "amh", "level": "basic"},
            ],
            "required_scripts": ["Ethi"],
            "required_skills": ["marc21"],
            "wished_skills": ["barnamnesord", "childrens-literature"],
            "material_type": "childrens-books",
            "titles_count": 35,
            "estimated_hours": 12,
        },
    ),
    (
        "jonas.berg@sodertalje.example",
        90,
        {
            "title": "Persiska ljudböcker",
            "description": "Ljudböcker på persiska (dari och farsi) som ska in i katalogen.",
            "required_languages": [{"code": "per", "level": "good"}],
            "required_scripts": ["Arab"],
            "required_skills": ["marc21", "audiobooks"],
            "material_type": "audiobooks",
            "titles_count": 40,
            "estimated_hours": 10,
        },
    ),
    (
        "elin.sjoberg@norrtalje.example",
        60,
        {
            "title": "Hjälp att komma igång med Libris",
            "description": "Norrtälje ansluter till Libris och behöver stöd med "
            "katalogiseringsflödet "
            "och auktoritetsarbete under de första månaderna.",
            "required_skills": ["libris-xl", "authority-work"],
            "wished_skills": ["rda"],
            "remote": True,
            "estimated_hours": 30,
        },
    ),
    (
        "elin.sjoberg@norrtalje.example",
        120,
        {
            "title": "Finska och meänkieli – skönlitteratur för vuxna",
            "description": "Nationella minoritetsspråk: ett femtiotal titlar på finska och "
            "meänkieli.",
            "required_languages": [
                {"code": "fin", "level": "fluent"},
                {"code": "fit", "level": "good"},
            ],
            "required_skills": ["marc21", "svenska-amnesord"],
            "material_type": "books",
            "titles_count": 50,
            "estimated_hours": 16,
        },
    ),
    (
        "amina.hassan@botkyrka.example",
        20,
        {
            "title": "Polska lättlästa böcker",
            "description": "Lättläst material på polska för vuxna som lär sig läsa.",
            "required_languages": [{"code": "pol", "level": "good"}],
            "required_skills": ["marc21"],
            "wished_skills": ["easy-to-read"],
            "material_type": "easy-to-read",
            "titles_count": 25,
            "estimated_hours": 6,
        },
    ),
]


async def seed_demo_needs() -> int:
    created = 0
    for email, days, payload in DEMO_NEEDS:
        if await Need.exists().where(Need.title == payload["title"]):
            continue
        row = await UserAccount.select(UserAccount.id).where(UserAccount.email == email).first()
        if row is None:
            continue
        user = await accounts.current_user_by_id(row["id"])
        assert user is not None
        data = {**payload, "deadline": (date.today() + timedelta(days=days)).isoformat()}
        await needs.create_need(user, msgspec.convert(data, NeedCreate))
        created += 1
    return created

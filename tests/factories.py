"""Test data: each factory states only what a test cares about."""

from __future__ import annotations

import itertools

import httpx

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from portal.accounts.schemas import UserRead
from portal.organisations.kinds import OrganisationKind
from portal.organisations.tables import Organisation

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


async def make_user(
    *,
    organisation: str = "0180",
    roles: tuple[Role, ...] = (Role.member,),
    password: str = PASSWORD,
    name: str | None = None,
    email: str | None = None,
) -> UserRead:
    n = next(_numbers)
    return await accounts.create_user(
        email=email or f"user{n}@example.test",
        name=name or f"Testperson {n}",
        organisation_code=organisation,
        roles=list(roles),
        password=password,
    )


async def make_library(municipality_code: str = "0180", slug: str | None = None) -> str:
    parent = await Organisation.objects().where(Organisation.code == municipality_code).first()
    assert parent is not None
    code = f"{municipality_code}-{slug or f'lib{next(_numbers)}'}"
    await Organisation(
        code=code,
        name=f"Testbibliotek {code}",
        kind=OrganisationKind.library.value,
        county_code=parent.county_code,
        municipality_code=municipality_code,
        parent=parent.id,
    ).save()
    return code


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The CSRF token for this client's cookie jar, fetching a page first if needed."""
    if "portal_csrf" not in client.cookies:
        await client.get("/")
    return client.cookies["portal_csrf"]


async def sign_in(client: httpx.AsyncClient, user: UserRead, password: str = PASSWORD) -> None:
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": password}
    )
    assert response.status_code == 200, response.text


def need_payload(**overrides: object) -> dict:
    """A valid cataloguing need as the API takes it."""
    from datetime import date, timedelta

    payload: dict = {
        "title": "Somaliska barnböcker att katalogisera",
        "description": "Ett fyrtiotal bilderböcker och kapitelböcker på somaliska.",
        "required_languages": [{"code": "som", "level": "fluent"}],
        "required_scripts": ["Latn"],
        "required_skills": ["marc21"],
        "wished_skills": ["barnamnesord"],
        "material_type": "childrens-books",
        "titles_count": 40,
        "estimated_hours": 12,
        "deadline": (date.today() + timedelta(days=60)).isoformat(),
        "remote": True,
    }
    payload.update(overrides)
    return payload


async def make_need(user, **overrides: object):
    """Create a need through the service, as ``user`` (a UserRead or CurrentUser)."""
    import msgspec

    from portal.accounts import services as accounts
    from portal.needs import services as needs
    from portal.needs.schemas import NeedCreate

    current = await accounts.current_user_by_id(user.id)
    assert current is not None
    return await needs.create_need(current, msgspec.convert(need_payload(**overrides), NeedCreate))


async def csrf_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return {"x-csrftoken": await csrf_token(client)}


def expert_payload(**overrides: object) -> dict:
    """A valid expert profile as ``PUT /api/v1/experts/me`` takes it."""
    payload: dict = {
        "headline": "Katalogiserar somalisk och arabisk barnlitteratur",
        "description": "Tio år som katalogisatör på ett folkbibliotek; van vid Libris XL.",
        "languages": [{"code": "som", "level": "native"}, {"code": "ara", "level": "good"}],
        "scripts": ["Latn", "Arab"],
        "skills": ["marc21", "libris-xl"],
        "material_types": ["childrens-books"],
        "capacity_hours_per_week": 8,
        "remote": True,
        "onsite": False,
        "municipality": "0180",
    }
    payload.update(overrides)
    return payload


async def make_expert(user, **overrides: object):
    """Create (or replace) ``user``'s expert profile through the service; ``user`` needs the
    role ``expert``. Returns the profile as its owner sees it."""
    import msgspec

    from portal.accounts import services as accounts
    from portal.experts import services as experts
    from portal.experts.schemas import ExpertProfileWrite

    current = await accounts.current_user_by_id(user.id)
    assert current is not None
    profile, _created = await experts.save_own_profile(
        current, msgspec.convert(expert_payload(**overrides), ExpertProfileWrite)
    )
    return profile


def offer_payload(**overrides: object) -> dict:
    payload: dict = {
        "title": "Bokhylla på hjul",
        "description": "En mobil bokhylla i björk, 150 cm hög.",
        "category": "equipment",
        "quantity": 1,
        "unit": "st",
        "terms": "free",
        "delivery": "pickup",
    }
    payload.update(overrides)
    return payload


async def make_offer(user, **overrides: object):
    import msgspec

    from portal.accounts import services as accounts
    from portal.offers import services as offers
    from portal.offers.schemas import OfferCreate

    current = await accounts.current_user_by_id(user.id)
    assert current is not None
    return await offers.create_offer(
        current, msgspec.convert(offer_payload(**overrides), OfferCreate)
    )

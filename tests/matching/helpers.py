"""People and records for the matching tests."""

from __future__ import annotations

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from tests.factories import make_expert, make_need, make_user


async def current(user):
    found = await accounts.current_user_by_id(user.id)
    assert found is not None
    return found


async def botkyrka_need(**overrides):
    """A member of Botkyrka and their need for Tigrinya cataloguing."""
    member = await make_user(organisation="0127")
    values = {
        "title": "Tigrinska vuxenromaner",
        "required_languages": [{"code": "tir", "level": "fluent"}],
        "required_scripts": ["Ethi"],
        "required_skills": ["marc21"],
        "wished_skills": ["libris-xl"],
        "estimated_hours": 8,
    }
    values.update(overrides)
    need = await make_need(member, **values)
    return member, need


async def expert(organisation: str = "0180", **overrides):
    """An expert user and their profile (Tigrinya native, Ethiopic script, MARC 21)."""
    user = await make_user(organisation=organisation, roles=(Role.expert,))
    values = {
        "headline": "Katalogiserar på tigrinska och amhariska",
        "languages": [{"code": "tir", "level": "native"}],
        "scripts": ["Ethi", "Latn"],
        "skills": ["marc21", "libris-xl"],
        "capacity_hours_per_week": 5,
        "municipality": organisation,
    }
    values.update(overrides)
    profile = await make_expert(user, **values)
    return user, profile
